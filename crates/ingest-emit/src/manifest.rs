//! `manifest.json`: what was built, from what, with what, and the hash of every file.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The manifest, written last: a directory without one is an incomplete build.
#[derive(Debug, Serialize)]
pub struct Manifest<T> {
    pub tool: &'static str,
    pub version: &'static str,
    /// `git describe` of the tool's source, when built from a checkout.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub git: Option<String>,
    /// The settings that decide the output (not thread count or batch size, which do not).
    pub settings: serde_json::Value,
    /// SHA-256 of `settings` as compact JSON: two builds with the same hash used the same settings.
    pub settings_sha256: String,
    /// The inputs: how many, and a hash over each one's source and SHA-256 in input order.
    pub inputs: Inputs,
    pub counts: Counts,
    /// Duplicates by kind (`exact`, `near`, ...).
    pub duplicates: BTreeMap<&'static str, u64>,
    /// What the stages did, as the driver counted it (rejects by reason, lines removed per rule, ...).
    pub stats: T,
    /// Every data file: the document shards, then `duplicates.jsonl` and `rejects.jsonl`.
    pub files: Vec<FileEntry>,
}

/// The input fingerprint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inputs {
    pub count: u64,
    pub sha256: String,
}

/// Outcomes of the run: `inputs = documents + duplicates + rejects`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub inputs: u64,
    pub documents: u64,
    pub duplicates: u64,
    pub rejects: u64,
}

/// One output file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    pub name: String,
    /// Records (lines) in the file.
    pub lines: u64,
    /// Bytes on disk.
    pub bytes: u64,
    /// Bytes once decompressed, for document shards.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub uncompressed_bytes: Option<u64>,
    /// SHA-256 of the bytes on disk.
    pub sha256: String,
}
