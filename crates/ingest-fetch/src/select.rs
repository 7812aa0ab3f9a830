//! Which files are inputs: glob patterns given as inputs, and the include/exclude globs.
//!
//! An input with a glob character (`*`, `?`, `[`, `{`) is a pattern: the directory before its
//! first such component is walked, and the files whose path relative to that directory matches
//! the rest are inputs, named by that relative path (`data/**/*.txt` walks `data/` and keeps
//! `a/b.txt`). In such a pattern `*` stays within one path component and `**` crosses them.
//!
//! `--include`/`--exclude` globs are matched against every file's name relative to its input
//! root (its `source`); `*` crosses `/` there, so `*.txt` means any `.txt` file at any depth.
//! With includes, a file must match one; a file that matches an exclude is not an input.

use std::path::{Component, Path, PathBuf};

use globset::{Glob, GlobBuilder, GlobMatcher, GlobSet, GlobSetBuilder};

use crate::FetchError;

/// The include and exclude globs, compiled.
#[derive(Debug, Clone)]
pub(crate) struct Filters {
    include: Option<GlobSet>,
    exclude: GlobSet,
}

impl Filters {
    pub(crate) fn new(include: &[String], exclude: &[String]) -> Result<Filters, FetchError> {
        let include = if include.is_empty() { None } else { Some(set(include)?) };
        Ok(Filters { include, exclude: set(exclude)? })
    }

    /// Whether the file named `source` is an input.
    pub(crate) fn admits(&self, source: &str) -> bool {
        self.include.as_ref().is_none_or(|set| set.is_match(source)) && !self.exclude.is_match(source)
    }
}

fn set(patterns: &[String]) -> Result<GlobSet, FetchError> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        builder.add(Glob::new(pattern).map_err(|e| invalid(pattern, e))?);
    }
    builder.build().map_err(|e| invalid(&patterns.join(" "), e))
}

fn invalid(pattern: &str, err: globset::Error) -> FetchError {
    FetchError::Pattern { pattern: pattern.to_owned(), cause: err.kind().to_string() }
}

/// An input split into the directory to walk and the pattern its files must match, or `None`
/// when the input has no glob character.
pub(crate) fn split_pattern(input: &Path) -> Result<Option<(PathBuf, GlobMatcher)>, FetchError> {
    let is_glob = |s: &str| s.contains(['*', '?', '[', '{']);
    let mut base = PathBuf::new();
    let mut rest: Vec<String> = Vec::new();
    for component in input.components() {
        let text = component.as_os_str().to_string_lossy();
        if rest.is_empty() && !(matches!(component, Component::Normal(_)) && is_glob(&text)) {
            base.push(component);
        } else {
            rest.push(text.into_owned());
        }
    }
    if rest.is_empty() {
        return Ok(None);
    }
    if base.as_os_str().is_empty() {
        base.push(".");
    }
    let pattern = rest.join("/");
    let glob = GlobBuilder::new(&pattern).literal_separator(true).build().map_err(|e| invalid(&pattern, e))?;
    Ok(Some((base, glob.compile_matcher())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_split_at_the_first_glob_component() {
        let check = |input: &str, expected: Option<(&str, &[&str], &[&str])>| {
            let got = split_pattern(Path::new(input)).unwrap();
            match (got, expected) {
                (None, None) => {}
                (Some((base, glob)), Some((want_base, matches, misses))) => {
                    assert_eq!(base, Path::new(want_base), "{input}");
                    for m in matches {
                        assert!(glob.is_match(m), "{input} should match {m}");
                    }
                    for m in misses {
                        assert!(!glob.is_match(m), "{input} should not match {m}");
                    }
                }
                (got, _) => panic!("{input}: {got:?}"),
            }
        };
        check("data/x.txt", None);
        check("data/*.txt", Some(("data", &["a.txt"], &["sub/a.txt", "a.json"])));
        check("data/**/*.txt", Some(("data", &["a.txt", "sub/deep/a.txt"], &["a.json"])));
        check("*.jsonl", Some((".", &["a.jsonl"], &["d/a.jsonl"])));
        check("/srv/corpus/20??/*.warc.gz", Some(("/srv/corpus", &["2024/a.warc.gz"], &["1999/a.warc.gz"])));
    }

    #[test]
    fn include_and_exclude() {
        let filters = Filters::new(&["*.txt".into(), "*.jsonl".into()], &["drafts/**".into()]).unwrap();
        for (source, admitted) in [("a.txt", true), ("deep/b.jsonl", true), ("c.html", false), ("drafts/d.txt", false)]
        {
            assert_eq!(filters.admits(source), admitted, "{source}");
        }
        assert!(Filters::new(&[], &[]).unwrap().admits("anything"));
        assert!(matches!(Filters::new(&["a[".into()], &[]), Err(FetchError::Pattern { .. })));
    }
}
