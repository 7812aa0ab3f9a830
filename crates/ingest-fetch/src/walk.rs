//! Finding the input files.
//!
//! Each input path is a root. A file root is one input, named by its file name. A directory root
//! is walked depth first with the entries of every directory sorted by name, so the order is the
//! sorted order of the relative paths and the same on every run; each file is named by its path
//! relative to the root, `/`-separated. Names that start with `.` (hidden files, `.git`) are not
//! inputs. Symbolic links are followed; a link back to a directory being walked is reported, not
//! followed.
//!
//! The walk is lazy: it holds one sorted listing per directory level, not the whole tree.

use std::collections::VecDeque;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use crate::FetchError;
use crate::source::Failure;

/// A file to read, with the name it will have in the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    pub path: PathBuf,
    /// Path relative to the input root, `/`-separated.
    pub source: String,
    /// Size when the walk looked at it, if it did (a regular file its directory listed is taken
    /// as one without a look); a hint for reading, not trusted.
    pub size: Option<u64>,
}

/// Iterator over the input files under a list of roots, in order; see the module docs.
#[derive(Debug)]
pub struct Inputs {
    roots: VecDeque<PathBuf>,
    stack: Vec<Listing>,
}

#[derive(Debug)]
struct Listing {
    dir: PathBuf,
    canonical: PathBuf,
    /// Source of the directory itself, with a trailing `/`, or empty for a root.
    prefix: String,
    names: std::vec::IntoIter<(OsString, Option<fs::FileType>)>,
}

impl Inputs {
    /// Walks `roots` in the order given.
    pub fn new(roots: impl IntoIterator<Item = PathBuf>) -> Inputs {
        Inputs { roots: roots.into_iter().collect(), stack: Vec::new() }
    }

    /// Visits `path`, of the type its directory listed (`None` for a root, or when the listing
    /// did not say): a regular file is an input without looking at it again, which spares a
    /// lookup of the path per file; anything else (a symbolic link, a directory) is looked at.
    fn visit(
        &mut self,
        path: PathBuf,
        listed: Option<fs::FileType>,
        source: String,
        prefix: String,
    ) -> Option<Result<InputFile, Failure>> {
        if listed.is_some_and(|t| t.is_file()) {
            return Some(Ok(InputFile { path, source, size: None }));
        }
        let fail = |error| Some(Err(Failure { source: source.clone(), error }));
        let meta = match fs::metadata(&path) {
            Ok(meta) => meta,
            Err(err) => return fail(FetchError::Read { path, source: err }),
        };
        if meta.is_file() {
            return Some(Ok(InputFile { path, source, size: Some(meta.len()) }));
        }
        if !meta.is_dir() {
            return fail(FetchError::NotAFile { path });
        }
        let canonical = match fs::canonicalize(&path) {
            Ok(canonical) => canonical,
            Err(err) => return fail(FetchError::ListDir { path, source: err }),
        };
        if let Some(open) = self.stack.iter().find(|l| l.canonical == canonical) {
            let target = open.dir.clone();
            return fail(FetchError::SymlinkLoop { path, target });
        }
        match sorted_names(&path) {
            Ok(names) => {
                self.stack.push(Listing { dir: path, canonical, prefix, names: names.into_iter() });
                None
            }
            Err(err) => fail(FetchError::ListDir { path, source: err }),
        }
    }
}

impl Iterator for Inputs {
    type Item = Result<InputFile, Failure>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let (path, listed, source, prefix) = if let Some(listing) = self.stack.last_mut() {
                let Some((name, listed)) = listing.names.next() else {
                    self.stack.pop();
                    continue;
                };
                let source = format!("{}{}", listing.prefix, name.to_string_lossy());
                let prefix = format!("{source}/");
                (listing.dir.join(&name), listed, source, prefix)
            } else {
                let root = self.roots.pop_front()?;
                (root.clone(), None, root_name(&root), String::new())
            };
            if let Some(item) = self.visit(path, listed, source, prefix) {
                return Some(item);
            }
        }
    }
}

/// The name a file root has in the output, and the name a failing directory root is reported
/// under: the last component of the path.
fn root_name(root: &Path) -> String {
    match root.file_name() {
        Some(name) => name.to_string_lossy().into_owned(),
        None => root.to_string_lossy().into_owned(),
    }
}

/// The names in `dir`, sorted, each with its type if the listing gave it.
fn sorted_names(dir: &Path) -> std::io::Result<Vec<(OsString, Option<fs::FileType>)>> {
    let mut names = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if name.as_encoded_bytes().starts_with(b".") {
            tracing::debug!(dir = %dir.display(), name = %name.to_string_lossy(), "skipping hidden entry");
            continue;
        }
        // On Linux the type comes with the listing; where it does not, the file is looked at.
        names.push((name, entry.file_type().ok()));
    }
    names.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walk(roots: &[PathBuf]) -> Vec<Result<String, String>> {
        Inputs::new(roots.iter().cloned())
            .map(|item| item.map(|f| f.source).map_err(|e| format!("{}: {}", e.source, e.error.reason())))
            .collect()
    }

    #[test]
    fn walks_in_sorted_order_relative_to_each_root() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("corpus");
        for rel in ["b/2.txt", "b/10.txt", "a.txt", "c/d/e.txt", ".hidden/x.txt", "b/.swp"] {
            let path = root.join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "x").unwrap();
        }
        let single = tmp.path().join("single.txt");
        fs::write(&single, "x").unwrap();
        let got = walk(&[root.clone(), single]);
        let want = ["a.txt", "b/10.txt", "b/2.txt", "c/d/e.txt", "single.txt"];
        assert_eq!(got, want.iter().map(|s| Ok(s.to_string())).collect::<Vec<_>>());
    }

    #[test]
    fn missing_root_is_an_error_entry_and_the_walk_goes_on() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("ok.txt");
        fs::write(&file, "x").unwrap();
        let got = walk(&[tmp.path().join("missing.txt"), file]);
        assert_eq!(got, vec![Err("missing.txt: io".to_string()), Ok("ok.txt".to_string())]);
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loop_is_reported_not_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("r");
        fs::create_dir_all(root.join("sub")).unwrap();
        fs::write(root.join("sub/a.txt"), "x").unwrap();
        std::os::unix::fs::symlink(&root, root.join("sub/up")).unwrap();
        let got = walk(&[root]);
        assert_eq!(got, vec![Ok("sub/a.txt".to_string()), Err("sub/up: io".to_string())]);
    }
}
