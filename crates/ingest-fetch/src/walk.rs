//! Finding the input files.
//!
//! Each input path is a root. A file root is one input, named by its file name. A directory root
//! is walked depth first with the entries of every directory sorted by name, so the order is the
//! sorted order of the relative paths and the same on every run; each file is named by its path
//! relative to the root, `/`-separated. Names that start with `.` (hidden files, `.git`) are not
//! inputs. Symbolic links are followed; a link back to a directory being walked is reported, not
//! followed.
//!
//! The walk is lazy: it holds one sorted listing per directory level, not the whole tree, and
//! each of those directories open, so that [`InputFile::open`] opens a file by its name in it.

use std::collections::VecDeque;
use std::ffi::OsString;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::FetchError;
use crate::dir::Dir;
use crate::source::Failure;

/// A file to read, with the name it will have in the output.
#[derive(Debug, Clone)]
pub struct InputFile {
    pub path: PathBuf,
    /// Path relative to the input root, `/`-separated.
    pub source: String,
    /// Size when the walk looked at it, if it did (a regular file its directory listed is taken
    /// as one without a look); a hint for reading, not trusted.
    pub size: Option<u64>,
    /// The directory the walk found it in, held open (see `dir`).
    dir: Option<Arc<Dir>>,
}

impl InputFile {
    /// Opens the file for reading: by its name in its open directory when the walk has one, by
    /// its path otherwise. Either way the same file, and the same error if it cannot be opened.
    pub fn open(&self) -> io::Result<File> {
        match (&self.dir, self.path.file_name()) {
            (Some(dir), Some(name)) => dir.open_file(name),
            _ => File::open(&self.path),
        }
    }

    /// The file's size now (the walk's, if it looked): by its name in its open directory when the
    /// walk has one, by its path otherwise.
    pub fn size(&self) -> io::Result<u64> {
        if let Some(size) = self.size {
            return Ok(size);
        }
        match (&self.dir, self.path.file_name()) {
            (Some(dir), Some(name)) => dir.size_of(name),
            _ => fs::metadata(&self.path).map(|m| m.len()),
        }
    }
}

/// Which file it is, not how it will be opened: the open directory is left out.
impl PartialEq for InputFile {
    fn eq(&self, other: &Self) -> bool {
        (&self.path, &self.source, self.size) == (&other.path, &other.source, other.size)
    }
}

impl Eq for InputFile {}

/// Iterator over the input files under a list of roots, in order; see the module docs.
#[derive(Debug)]
pub struct Inputs {
    roots: VecDeque<PathBuf>,
    stack: Vec<Listing>,
}

#[derive(Debug)]
struct Listing {
    dir: PathBuf,
    /// `dir` held open, to open its files by name; `None` when it could not be opened.
    handle: Option<Arc<Dir>>,
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
    ) -> Option<Result<InputFile, Failure>> {
        // A listed name is in the directory on top of the stack; a root is visited with the stack
        // empty, and opened by its path.
        let is_root = self.stack.is_empty();
        let dir = self.stack.last().and_then(|listing| listing.handle.clone());
        if listed.is_some_and(|t| t.is_file()) {
            return Some(Ok(InputFile { path, source, size: None, dir }));
        }
        let fail = |error| Some(Err(Failure { source: source.clone(), error }));
        let meta = match fs::metadata(&path) {
            Ok(meta) => meta,
            Err(err) => return fail(FetchError::Read { path, source: err }),
        };
        if meta.is_file() {
            return Some(Ok(InputFile { path, source, size: Some(meta.len()), dir }));
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
                let handle = Dir::open(&path).map(Arc::new);
                let prefix = if is_root { String::new() } else { format!("{source}/") };
                self.stack.push(Listing { dir: path, handle, canonical, prefix, names: names.into_iter() });
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
            let (path, listed, source) = if let Some(listing) = self.stack.last_mut() {
                let Some((name, listed)) = listing.names.next() else {
                    self.stack.pop();
                    continue;
                };
                // Each string in one allocation of its length: this runs for every file.
                let name_str = name.to_string_lossy();
                let mut source = String::with_capacity(listing.prefix.len() + name_str.len());
                source.push_str(&listing.prefix);
                source.push_str(&name_str);
                let dir = listing.dir.as_os_str();
                let mut path = PathBuf::with_capacity(dir.len() + 1 + name.len());
                path.push(dir);
                path.push(&name);
                (path, listed, source)
            } else {
                let root = self.roots.pop_front()?;
                (root.clone(), None, root_name(&root))
            };
            if let Some(item) = self.visit(path, listed, source) {
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

    /// Reads what `open` gives: the bytes, or the error as it would be reported.
    fn contents(opened: io::Result<File>) -> Result<Vec<u8>, String> {
        let mut bytes = Vec::new();
        io::Read::read_to_end(&mut opened.map_err(|e| e.to_string())?, &mut bytes).map_err(|e| e.to_string())?;
        Ok(bytes)
    }

    /// Opening by name in the open directory gives what opening the path gives: the same file
    /// through nested directories and relative symbolic links, the same error for a file that is
    /// gone or is a dangling link.
    #[cfg(unix)]
    #[test]
    fn open_by_name_in_directory_is_open_by_path() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("r");
        for (rel, text) in [("a.txt", "a"), ("b/c/d.txt", "d"), ("b/c/e.txt", "e"), ("f/g.txt", "g"), ("gone.txt", "")]
        {
            let path = root.join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        // Relative links resolve from the link's own directory, which is the open one.
        std::os::unix::fs::symlink("../../f/g.txt", root.join("b/c/link.txt")).unwrap();
        std::os::unix::fs::symlink("c/d.txt", root.join("b/to-d.txt")).unwrap();
        let files: Vec<InputFile> = Inputs::new([root.clone(), root.join("a.txt")]).map(Result::unwrap).collect();
        // Listed before it is opened: gone by then. And a link that points nowhere by then.
        fs::remove_file(root.join("gone.txt")).unwrap();
        fs::remove_file(root.join("f/g.txt")).unwrap();
        fs::write(root.join("f/g.txt.new"), "g").unwrap();
        let got: Vec<_> = files.iter().map(|f| (f.source.as_str(), contents(f.open()))).collect();
        let by_path: Vec<_> = files.iter().map(|f| (f.source.as_str(), contents(File::open(&f.path)))).collect();
        assert_eq!(got, by_path);
        let missing = Err("No such file or directory (os error 2)".to_owned());
        let want = [
            ("a.txt", Ok(b"a".to_vec())),
            ("b/c/d.txt", Ok(b"d".to_vec())),
            ("b/c/e.txt", Ok(b"e".to_vec())),
            ("b/c/link.txt", missing.clone()),
            ("b/to-d.txt", Ok(b"d".to_vec())),
            ("f/g.txt", missing.clone()),
            ("gone.txt", missing),
            ("a.txt", Ok(b"a".to_vec())),
        ];
        assert_eq!(got, want);
        // Opened through the directory, except the root file.
        assert_eq!(
            files.iter().map(|f| f.dir.is_some()).collect::<Vec<_>>(),
            [true; 7].into_iter().chain([false]).collect::<Vec<_>>()
        );
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
