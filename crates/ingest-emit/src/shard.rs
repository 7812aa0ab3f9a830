//! The document shards: `documents-00000.jsonl[.zst|.gz]`, ..., rolled over when the next record
//! would take a shard past the shard size (uncompressed); one `documents.jsonl[...]` when everything
//! fits in one.
//!
//! A shard is written as `NAME.part`; when complete it becomes `NAME.done` and a line goes to the
//! journal, so a killed run can keep it ([`crate::Writer::resume`]). At the end each `.done` shard
//! takes its final name, going through one more streaming pass when documents must gain their
//! `duplicate_sources` (or, for a gzip build, always: its shards are zstd until then, see
//! [`Compression::interim`]).
//!
//! The journal vouches for a `.done` shard with its XXH3-128 hash, which only has to catch a file
//! cut or changed since: hashing it is a small part of writing it. The manifest's SHA-256 is taken
//! once, of the final file (of the rewritten one, or by reading a shard that keeps its bytes).
//!
//! Only final files are synced to disk (before the build is swapped into place), not `.done`
//! shards: most are rewritten at the end anyway, and a sync at each shard's close stalled the
//! writing for as long as the disk took. A killed process leaves the page cache, so its shards,
//! as they were; after a power failure, a shard whose bytes did not all reach the disk fails its
//! XXH3 check and `--resume` makes it again.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use ingest_core::hex;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use xxhash_rust::xxh3::{Xxh3, xxh3_128};

use crate::EmitError;
use crate::compress::{Compression, Encoder, reader};
use crate::error::IoContext;
use crate::free_behind::FreeBehind;
use crate::manifest::FileEntry;
use crate::provenance::{Failed, Provenance};

pub(crate) const JOURNAL: &str = "journal.jsonl";

/// A writer that counts and hashes the bytes that reach the file.
pub(crate) struct Hashing<W> {
    inner: W,
    hash: FileHash,
    bytes: u64,
}

/// The hash a file is written with: SHA-256 for the files the manifest lists, XXH3-128 for the
/// shards the journal vouches for.
enum FileHash {
    Sha256(Sha256),
    Xxh3(Box<Xxh3>),
}

impl FileHash {
    fn update(&mut self, bytes: &[u8]) {
        match self {
            FileHash::Sha256(sha) => sha.update(bytes),
            FileHash::Xxh3(xxh3) => xxh3.update(bytes),
        }
    }

    fn hex(self) -> String {
        match self {
            FileHash::Sha256(sha) => hex(&sha.finalize()),
            FileHash::Xxh3(xxh3) => xxh3_hex(xxh3.digest128()),
        }
    }
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

type Sink = Encoder<Hashing<BufWriter<File>>>;

/// A new file at `path`, hashed with SHA-256 when `for_manifest`, else with XXH3-128.
fn open_sink(path: &Path, compression: Compression, for_manifest: bool) -> Result<Sink, EmitError> {
    let file = File::create(path).at(path)?;
    let hash = if for_manifest { FileHash::Sha256(Sha256::new()) } else { FileHash::Xxh3(Box::default()) };
    let hashing = Hashing { inner: BufWriter::with_capacity(1 << 20, file), hash, bytes: 0 };
    compression.encoder(hashing).at(path)
}

/// An XXH3-128 hash as the journal writes it.
fn xxh3_hex(hash: u128) -> String {
    format!("{hash:032x}")
}

/// The SHA-256 of the file at `path`, read in large pieces, once the file is synced to disk.
fn synced_sha256_of(path: &Path) -> Result<String, EmitError> {
    // Open for writing too: some systems sync only a file open for writing.
    let mut file = fs::OpenOptions::new().read(true).write(true).open(path).at(path)?;
    file.sync_all().at(path)?;
    let mut sha = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        match std::io::Read::read(&mut file, &mut buf).at(path)? {
            0 => return Ok(hex(&sha.finalize())),
            n => sha.update(&buf[..n]),
        }
    }
}

/// Whether [`close_sink`] waits for the file to reach the disk.
#[derive(Clone, Copy, PartialEq)]
enum Durability {
    /// A final file: synced.
    Synced,
    /// A `.done` shard: left to the kernel (see the module's docs).
    Unsynced,
}

/// Completes a sink: the end of the compressed stream, flushed, and for a final file synced.
/// Returns size and hash.
fn close_sink(sink: Sink, path: &Path, durability: Durability) -> Result<(u64, String), EmitError> {
    let hashing = sink.finish().at(path)?;
    let file = hashing.inner.into_inner().map_err(|e| e.into_error()).at(path)?;
    if durability == Durability::Synced {
        file.sync_all().at(path)?;
    }
    Ok((hashing.bytes, hashing.hash.hex()))
}

/// A completed shard, as the journal records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct DoneShard {
    pub(crate) index: usize,
    pub(crate) documents: u64,
    pub(crate) uncompressed_bytes: u64,
    pub(crate) bytes: u64,
    /// XXH3-128 of the `.done` file.
    pub(crate) xxh3: String,
    /// The id of its last document: a resumed run checks it reaches the same document there.
    pub(crate) last_id: String,
}

struct OpenShard {
    index: usize,
    sink: Sink,
    documents: u64,
    uncompressed_bytes: u64,
    last_id: String,
}

pub(crate) struct Shards {
    dir: PathBuf,
    compression: Compression,
    shard_size: u64,
    current: Option<OpenShard>,
    done: Vec<DoneShard>,
}

impl std::fmt::Debug for Shards {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shards").field("dir", &self.dir).field("done", &self.done.len()).finish_non_exhaustive()
    }
}

impl Shards {
    /// Shards in `dir`, continuing after `done` (empty for a new build).
    pub(crate) fn new(dir: &Path, compression: Compression, shard_size: u64, done: Vec<DoneShard>) -> Shards {
        Shards { dir: dir.to_owned(), compression, shard_size: shard_size.max(1), current: None, done }
    }

    fn stem(&self, index: usize) -> String {
        format!("documents-{index:05}.jsonl{}", self.compression.extension())
    }

    /// The name of shard `index` as written before the end: in [`Compression::interim`].
    fn interim_name(&self, index: usize) -> String {
        format!("documents-{index:05}.jsonl{}", self.compression.interim().extension())
    }

    fn part(&self, index: usize) -> PathBuf {
        self.dir.join(format!("{}.part", self.interim_name(index)))
    }

    fn done_path(&self, index: usize) -> PathBuf {
        self.dir.join(format!("{}.done", self.interim_name(index)))
    }

    /// Writes one record line (newline included) of the document `id`.
    pub(crate) fn write(&mut self, line: &[u8], id: &str) -> Result<(), EmitError> {
        let full = self
            .current
            .as_ref()
            .is_some_and(|c| c.documents > 0 && c.uncompressed_bytes + line.len() as u64 > self.shard_size);
        if full {
            self.close_current()?;
        }
        if self.current.is_none() {
            let index = self.done.len();
            let sink = open_sink(&self.part(index), self.compression.interim(), false)?;
            self.current = Some(OpenShard { index, sink, documents: 0, uncompressed_bytes: 0, last_id: String::new() });
        }
        let current = self.current.as_mut().expect("opened above");
        if let Err(source) = current.sink.write_all(line) {
            let index = current.index;
            return Err(EmitError::Io { path: self.part(index), source });
        }
        current.documents += 1;
        current.uncompressed_bytes += line.len() as u64;
        current.last_id.clear();
        current.last_id.push_str(id);
        Ok(())
    }

    /// Completes the open shard: `.part` → `.done`, and a journal line.
    fn close_current(&mut self) -> Result<(), EmitError> {
        let Some(open) = self.current.take() else { return Ok(()) };
        let part = self.part(open.index);
        let (bytes, xxh3) = close_sink(open.sink, &part, Durability::Unsynced)?;
        let done = self.done_path(open.index);
        fs::rename(&part, &done).at(&done)?;
        let shard = DoneShard {
            index: open.index,
            documents: open.documents,
            uncompressed_bytes: open.uncompressed_bytes,
            bytes,
            xxh3,
            last_id: open.last_id,
        };
        append_journal(&self.dir, &shard)?;
        self.done.push(shard);
        Ok(())
    }

    /// Documents in completed shards.
    pub(crate) fn documents_done(&self) -> u64 {
        self.done.iter().map(|s| s.documents).sum()
    }

    /// Gives every shard its final name, adding `duplicate_sources` to its documents when
    /// `provenance` has any. Returns the manifest entries.
    ///
    /// A shard is copied into its final file with its `.done` file given back as it is read
    /// ([`FreeBehind`]), so the copy needs no second shard's worth of disk. If the run ends
    /// during the copy, the `.done` file no longer matches its journal hash, and `--resume` makes
    /// that shard and the ones after it again.
    pub(crate) fn finish(mut self, provenance: &Provenance) -> Result<Vec<FileEntry>, EmitError> {
        self.close_current()?;
        let single = self.done.len() <= 1;
        let final_name = |index: usize| {
            if single { format!("documents.jsonl{}", self.compression.extension()) } else { self.stem(index) }
        };
        if self.done.is_empty() {
            // No documents: still one (empty) file, so every build has the same layout.
            let path = self.dir.join(final_name(0));
            let (bytes, sha256) = close_sink(open_sink(&path, self.compression, true)?, &path, Durability::Synced)?;
            return Ok(vec![FileEntry { name: final_name(0), lines: 0, bytes, uncompressed_bytes: Some(0), sha256 }]);
        }
        // Shards are finished in parallel (on the caller's rayon pool), listed in order.
        let finish_one = |shard: &DoneShard| -> Result<FileEntry, EmitError> {
            let done = self.done_path(shard.index);
            let name = final_name(shard.index);
            let path = self.dir.join(&name);
            // A shard written as it will stay and with nothing to add keeps its bytes.
            let keeps_bytes = provenance.is_empty() && self.compression.interim() == self.compression;
            let (bytes, sha256) = match (!keeps_bytes).then_some(provenance) {
                None => {
                    fs::rename(&done, &path).at(&path)?;
                    (shard.bytes, synced_sha256_of(&path)?)
                }
                Some(provenance) => {
                    let tmp = self.dir.join(format!("{name}.tmp"));
                    let mut sink = open_sink(&tmp, self.compression, true)?;
                    let interim = self.interim_name(shard.index);
                    let mut input = reader(FreeBehind::open(&done).at(&done)?, &interim).at(&done)?;
                    provenance.patch_stream(&mut input, &mut sink).map_err(|failed| match failed {
                        Failed::Reading(source) => EmitError::Io { path: done.clone(), source },
                        Failed::Writing(source) => EmitError::Io { path: tmp.clone(), source },
                    })?;
                    let written = close_sink(sink, &tmp, Durability::Synced)?;
                    fs::rename(&tmp, &path).at(&path)?;
                    fs::remove_file(&done).at(&done)?;
                    written
                }
            };
            Ok(FileEntry {
                name,
                lines: shard.documents,
                bytes,
                uncompressed_bytes: Some(shard.uncompressed_bytes),
                sha256,
            })
        };
        let entries = self.done.par_iter().map(finish_one).collect::<Result<Vec<FileEntry>, EmitError>>()?;
        let journal = self.dir.join(JOURNAL);
        if journal.exists() {
            fs::remove_file(&journal).at(&journal)?;
        }
        Ok(entries)
    }
}

/// The journal's first line: what the build is, so a resumed run can refuse another one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct JournalHeader {
    pub(crate) version: String,
    pub(crate) settings_sha256: String,
}

pub(crate) fn start_journal(dir: &Path, header: &JournalHeader) -> Result<(), EmitError> {
    let path = dir.join(JOURNAL);
    let mut line = serde_json::to_vec(header)?;
    line.push(b'\n');
    let mut file = File::create(&path).at(&path)?;
    file.write_all(&line).at(&path)?;
    file.sync_all().at(&path)
}

/// Adds a shard's line to the journal; not synced, as the shard is not (a line that did not
/// reach the disk only makes `--resume` redo its shard).
fn append_journal(dir: &Path, shard: &DoneShard) -> Result<(), EmitError> {
    let path = dir.join(JOURNAL);
    let mut line = serde_json::to_vec(shard)?;
    line.push(b'\n');
    let mut file = fs::OpenOptions::new().append(true).open(&path).at(&path)?;
    file.write_all(&line).at(&path)
}

/// The header and the completed shards a journal records whose files are intact. A shard whose
/// `.done` file is missing or differs from its hash ends the list: it and the rest are redone.
pub(crate) fn read_journal(dir: &Path, compression: Compression) -> Option<(JournalHeader, Vec<DoneShard>)> {
    let text = fs::read_to_string(dir.join(JOURNAL)).ok()?;
    let mut lines = text.lines();
    let header: JournalHeader = serde_json::from_str(lines.next()?).ok()?;
    let probe = Shards::new(dir, compression, 1, Vec::new());
    let mut shards = Vec::new();
    for line in lines {
        let Ok(shard) = serde_json::from_str::<DoneShard>(line) else { break };
        let Ok(bytes) = fs::read(probe.done_path(shard.index)) else { break };
        if shard.index != shards.len() || xxh3_hex(xxh3_128(&bytes)) != shard.xxh3 {
            break;
        }
        shards.push(shard);
    }
    Some((header, shards))
}
