//! Reading a build back: its manifest and records, for `ingest verify`, `diff` and `report`.

use std::collections::HashSet;
use std::fs::File;
use std::io::BufRead;
use std::path::{Path, PathBuf};

use ingest_core::hex;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::EmitError;
use crate::compress::reader;
use crate::error::IoContext;
use crate::manifest::{Counts, FileEntry};
use crate::writer::MANIFEST;

/// The parts of a manifest that reading needs.
#[derive(Debug, Clone, Deserialize)]
pub struct ManifestFile {
    pub version: String,
    pub counts: Counts,
    pub files: Vec<FileEntry>,
    #[serde(default)]
    pub duplicates: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    pub stats: serde_json::Value,
    #[serde(default)]
    pub settings: serde_json::Value,
}

/// A complete build: a directory with a manifest.
#[derive(Debug, Clone)]
pub struct Build {
    pub dir: PathBuf,
    pub manifest: ManifestFile,
}

impl Build {
    /// Opens the build in `dir`; a directory without a manifest is an incomplete build.
    pub fn open(dir: &Path) -> Result<Build, EmitError> {
        let path = dir.join(MANIFEST);
        if !path.is_file() {
            return Err(EmitError::Incomplete { path: dir.to_owned() });
        }
        let text = std::fs::read_to_string(&path).at(&path)?;
        let manifest =
            serde_json::from_str(&text).map_err(|e| EmitError::BadManifest { path, detail: e.to_string() })?;
        Ok(Build { dir: dir.to_owned(), manifest })
    }

    /// The document files, in order.
    pub fn document_files(&self) -> impl Iterator<Item = &FileEntry> {
        self.manifest.files.iter().filter(|f| f.name.starts_with("documents"))
    }

    /// Calls `each` with every line of the named files, in order, and its file name and line number.
    pub fn for_each_line<'a>(
        &self,
        files: impl Iterator<Item = &'a FileEntry>,
        mut each: impl FnMut(&str, u64, &[u8]) -> Result<(), EmitError>,
    ) -> Result<(), EmitError> {
        for file in files {
            let path = self.dir.join(&file.name);
            let mut input = reader(File::open(&path).at(&path)?, &file.name).at(&path)?;
            let mut line = Vec::new();
            let mut number = 0u64;
            loop {
                line.clear();
                if input.read_until(b'\n', &mut line).at(&path)? == 0 {
                    break;
                }
                number += 1;
                each(&file.name, number, &line)?;
            }
        }
        Ok(())
    }

    /// Calls `each` with every document record, parsed, in order.
    pub fn for_each_document(&self, mut each: impl FnMut(serde_json::Value)) -> Result<(), EmitError> {
        self.for_each_line(self.document_files(), |name, number, line| {
            let value = serde_json::from_slice(line).map_err(|e| EmitError::BadRecord {
                file: name.to_owned(),
                line: number,
                detail: e.to_string(),
            })?;
            each(value);
            Ok(())
        })
    }

    /// Checks the build against its manifest: every file there with its size and SHA-256, every
    /// line a JSON object, document ids well-formed and unique, counts that add up. Returns the
    /// problems found (none: intact).
    pub fn verify(&self) -> Result<Vec<String>, EmitError> {
        let mut problems = Vec::new();
        for file in &self.manifest.files {
            let path = self.dir.join(&file.name);
            let Ok(mut f) = File::open(&path) else {
                problems.push(format!("{}: missing", file.name));
                continue;
            };
            let mut sha = Sha256::new();
            let mut bytes = 0u64;
            let mut buf = vec![0u8; 1 << 20];
            loop {
                let n = std::io::Read::read(&mut f, &mut buf).at(&path)?;
                if n == 0 {
                    break;
                }
                sha.update(&buf[..n]);
                bytes += n as u64;
            }
            if bytes != file.bytes {
                problems.push(format!("{}: {bytes} bytes, the manifest says {}", file.name, file.bytes));
            }
            let digest = hex(&sha.finalize());
            if digest != file.sha256 {
                problems.push(format!("{}: SHA-256 {digest}, the manifest says {}", file.name, file.sha256));
            }
        }
        if !problems.is_empty() {
            return Ok(problems);
        }
        let mut ids: HashSet<String> = HashSet::new();
        let mut lines = std::collections::HashMap::<&str, u64>::new();
        // The records: every line of the JSONL files (the dataset card is text, checked by its hash).
        for file in self.manifest.files.iter().filter(|f| f.name.contains(".jsonl")) {
            let kind = if file.name.starts_with("documents") { "documents" } else { file.name.as_str() };
            let mut count = 0u64;
            self.for_each_line(std::iter::once(file), |name, number, line| {
                count += 1;
                match serde_json::from_slice::<serde_json::Value>(line) {
                    Ok(serde_json::Value::Object(record)) if kind == "documents" => {
                        let id = record.get("id").and_then(|v| v.as_str()).unwrap_or("");
                        if id.len() != 64 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
                            problems.push(format!("{name}:{number}: id `{id}` is not a SHA-256"));
                        } else if !ids.insert(id.to_owned()) {
                            problems.push(format!("{name}:{number}: id {id} appears twice"));
                        }
                    }
                    Ok(serde_json::Value::Object(_)) => {}
                    Ok(_) => problems.push(format!("{name}:{number}: not a JSON object")),
                    Err(e) => problems.push(format!("{name}:{number}: not JSON ({e})")),
                }
                Ok(())
            })?;
            if count != file.lines {
                problems.push(format!("{}: {count} lines, the manifest says {}", file.name, file.lines));
            }
            *lines.entry(kind).or_default() += count;
        }
        let c = self.manifest.counts;
        for (kind, want) in
            [("documents", c.documents), ("duplicates.jsonl", c.duplicates), ("rejects.jsonl", c.rejects)]
        {
            let got = lines.get(kind).copied().unwrap_or(0);
            if got != want {
                problems.push(format!("{kind}: {got} records, the manifest counts {want}"));
            }
        }
        if c.inputs != c.documents + c.duplicates + c.rejects {
            problems.push(format!(
                "counts do not add up: {} inputs, {} documents + {} duplicates + {} rejects",
                c.inputs, c.documents, c.duplicates, c.rejects
            ));
        }
        Ok(problems)
    }
}
