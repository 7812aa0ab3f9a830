//! A JSONL file being written: buffered, hashed as it goes, renamed into place when complete.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use ingest_core::hex;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::EmitError;
use crate::error::IoContext;
use crate::manifest::FileEntry;

#[derive(Debug)]
pub(crate) struct JsonlFile {
    name: &'static str,
    tmp: PathBuf,
    out: BufWriter<File>,
    hasher: Sha256,
    lines: u64,
    bytes: u64,
    line: Vec<u8>,
}

impl JsonlFile {
    /// Creates `DIR/NAME.tmp`.
    pub(crate) fn create(dir: &Path, name: &'static str) -> Result<JsonlFile, EmitError> {
        JsonlFile::create_at(dir.join(format!("{name}.tmp")), name)
    }

    fn create_at(tmp: PathBuf, name: &'static str) -> Result<JsonlFile, EmitError> {
        let file = File::create(&tmp).at(&tmp)?;
        Ok(JsonlFile {
            name,
            tmp,
            out: BufWriter::with_capacity(1 << 20, file),
            hasher: Sha256::new(),
            lines: 0,
            bytes: 0,
            line: Vec::with_capacity(1 << 16),
        })
    }

    pub(crate) fn write(&mut self, record: &impl Serialize) -> Result<(), EmitError> {
        let mut line = std::mem::take(&mut self.line);
        line.clear();
        serde_json::to_writer(&mut line, record)?;
        line.push(b'\n');
        let written = self.write_line(&line);
        self.line = line;
        written
    }

    /// Writes one complete line, newline included.
    fn write_line(&mut self, line: &[u8]) -> Result<(), EmitError> {
        self.out.write_all(line).at(&self.tmp)?;
        self.hasher.update(line);
        self.lines += 1;
        self.bytes += line.len() as u64;
        Ok(())
    }

    /// Flushes, syncs and renames the file to its final name in the same directory.
    pub(crate) fn finish(self) -> Result<FileEntry, EmitError> {
        let file = self.out.into_inner().map_err(|e| e.into_error()).at(&self.tmp)?;
        file.sync_all().at(&self.tmp)?;
        let path = self.tmp.with_file_name(self.name);
        fs::rename(&self.tmp, &path).at(&path)?;
        Ok(FileEntry {
            name: self.name.to_owned(),
            lines: self.lines,
            bytes: self.bytes,
            uncompressed_bytes: None,
            sha256: hex(&self.hasher.finalize()),
        })
    }
}
