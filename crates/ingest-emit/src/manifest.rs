//! `manifest.json`: what was built, from what, with what, and the hash of every file.

use serde::Serialize;

/// The manifest, written last: a directory without one is an incomplete build.
#[derive(Debug, Serialize)]
pub struct Manifest<S, T> {
    pub tool: &'static str,
    pub version: &'static str,
    /// The settings that decide the output (not thread count or batch size, which do not).
    pub settings: S,
    pub counts: Counts,
    /// What the stages did, as the driver counted it (lines removed per rule, ...).
    pub stats: T,
    pub files: Vec<FileEntry>,
}

/// Outcomes of the run: `inputs = documents + duplicates + rejects`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub inputs: u64,
    pub documents: u64,
    pub duplicates: u64,
    pub rejects: u64,
}

/// One output file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileEntry {
    pub name: String,
    pub lines: u64,
    pub bytes: u64,
    pub sha256: String,
}
