//! The persistent dedupe index (`--index PATH`): one redb file holding the keys of every document
//! that earlier builds published, so a daily job emits only what is new.
//!
//! Per document: the first 16 bytes of its key hash (exact duplicates), its id and MinHash
//! signature, and one entry per LSH band (near duplicates). The index records the near-duplicate
//! parameters it was built with and refuses others, since signatures made with other parameters
//! cannot be compared.
//!
//! A run reads the index and stages its own kept documents in one write transaction, which is
//! committed only after the output is complete and in place ([`Index::commit`]); a run that fails
//! or is killed leaves the index as it was. Lookups see only documents of earlier builds.
//!
//! This crate does I/O on the index file and nothing else; deciding what is a duplicate stays in
//! the dedupe crate.

use std::path::{Path, PathBuf};

use redb::{
    Database, MultimapTableDefinition, ReadableDatabase, ReadableMultimapTable, ReadableTable, ReadableTableMetadata,
    TableDefinition, WriteTransaction,
};

const EXACT: TableDefinition<&[u8], u64> = TableDefinition::new("exact");
const BANDS: MultimapTableDefinition<&[u8], u64> = MultimapTableDefinition::new("bands");
const DOCS: TableDefinition<u64, &[u8]> = TableDefinition::new("docs");
const META: TableDefinition<&str, &str> = TableDefinition::new("meta");

/// Documents examined per band at most, as in the in-run index.
pub const MAX_CHAIN: usize = 256;

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("dedupe index {}: {source}", path.display())]
    Store { path: PathBuf, source: Box<redb::Error> },
    #[error(
        "dedupe index {} was built with near-duplicate settings `{found}`, this run uses `{wanted}`; use the same settings or another index",
        path.display()
    )]
    Mismatch { path: PathBuf, found: String, wanted: String },
    #[error("dedupe index {} is damaged: {what}", path.display())]
    Damaged { path: PathBuf, what: String },
}

/// The index of one run: reads earlier builds, stages this one.
pub struct Index {
    path: PathBuf,
    db: Database,
    txn: WriteTransaction,
    /// Documents published before this run; ids at or above are this run's.
    base: u64,
    next: u64,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index").field("path", &self.path).field("base", &self.base).field("next", &self.next).finish()
    }
}

/// What an index holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stats {
    pub documents: u64,
    pub exact_keys: u64,
    pub band_entries: u64,
    pub builds: u64,
    pub near_settings: String,
    pub file_bytes: u64,
}

/// An earlier document that shares a band: its id and signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: [u8; 32],
    pub signature: Vec<u16>,
}

impl Index {
    /// Opens (or creates) the index at `path` for a run whose near-duplicate settings are
    /// described by `near_settings` (any stable text; it must match the index's).
    pub fn open(path: &Path, near_settings: &str) -> Result<Index, IndexError> {
        let fail = |e: redb::Error| IndexError::Store { path: path.to_owned(), source: Box::new(e) };
        let db = Database::create(path).map_err(|e| fail(e.into()))?;
        let txn = db.begin_write().map_err(|e| fail(e.into()))?;
        let (base, found) = {
            let mut meta = txn.open_table(META).map_err(|e| fail(e.into()))?;
            let found = meta.get("near").map_err(|e| fail(e.into()))?.map(|v| v.value().to_owned());
            if found.is_none() {
                meta.insert("near", near_settings).map_err(|e| fail(e.into()))?;
            }
            txn.open_table(EXACT).map_err(|e| fail(e.into()))?;
            txn.open_multimap_table(BANDS).map_err(|e| fail(e.into()))?;
            let docs = txn.open_table(DOCS).map_err(|e| fail(e.into()))?;
            (docs.len().map_err(|e| fail(e.into()))?, found)
        };
        if let Some(found) = found
            && found != near_settings
        {
            return Err(IndexError::Mismatch { path: path.to_owned(), found, wanted: near_settings.to_owned() });
        }
        Ok(Index { path: path.to_owned(), db, txn, base, next: base })
    }

    fn fail(&self, e: impl Into<redb::Error>) -> IndexError {
        IndexError::Store { path: self.path.clone(), source: Box::new(e.into()) }
    }

    /// Whether an earlier build published a document with this key hash.
    pub fn has_exact(&self, hash: &[u8; 32]) -> Result<bool, IndexError> {
        let table = self.txn.open_table(EXACT).map_err(|e| self.fail(e))?;
        let found = table.get(&hash[..16]).map_err(|e| self.fail(e))?;
        Ok(found.is_some_and(|doc| doc.value() < self.base))
    }

    /// Earlier documents that share one of `band_hashes` (band `i` at position `i`).
    pub fn candidates(&self, band_hashes: &[u64]) -> Result<Vec<Candidate>, IndexError> {
        let bands = self.txn.open_multimap_table(BANDS).map_err(|e| self.fail(e))?;
        let docs = self.txn.open_table(DOCS).map_err(|e| self.fail(e))?;
        let mut numbers = Vec::new();
        for (band, &hash) in band_hashes.iter().enumerate() {
            let key = band_key(band, hash);
            let values = bands.get(&key[..]).map_err(|e| self.fail(e))?;
            for value in values.take(MAX_CHAIN) {
                let doc = value.map_err(|e| self.fail(e))?.value();
                if doc < self.base {
                    numbers.push(doc);
                }
            }
        }
        numbers.sort_unstable();
        numbers.dedup();
        let mut out = Vec::with_capacity(numbers.len());
        for doc in numbers {
            let record = docs.get(doc).map_err(|e| self.fail(e))?.ok_or_else(|| IndexError::Damaged {
                path: self.path.clone(),
                what: format!("band entry for missing document {doc}"),
            })?;
            out.push(decode_doc(record.value()).ok_or_else(|| IndexError::Damaged {
                path: self.path.clone(),
                what: format!("document {doc} has a malformed record"),
            })?);
        }
        Ok(out)
    }

    /// Stages a document this run keeps. Visible to nobody until [`Index::commit`].
    pub fn add(&mut self, id: &[u8; 32], signature: Option<&[u16]>, band_hashes: &[u64]) -> Result<(), IndexError> {
        let doc = self.next;
        self.next += 1;
        let mut exact = self.txn.open_table(EXACT).map_err(|e| self.fail(e))?;
        exact.insert(&id[..16], doc).map_err(|e| self.fail(e))?;
        drop(exact);
        let mut record = Vec::with_capacity(32 + 2 * signature.map_or(0, <[u16]>::len));
        record.extend_from_slice(id);
        for v in signature.unwrap_or(&[]) {
            record.extend_from_slice(&v.to_le_bytes());
        }
        let mut docs = self.txn.open_table(DOCS).map_err(|e| self.fail(e))?;
        docs.insert(doc, &record[..]).map_err(|e| self.fail(e))?;
        drop(docs);
        let mut bands = self.txn.open_multimap_table(BANDS).map_err(|e| self.fail(e))?;
        for (band, &hash) in band_hashes.iter().enumerate() {
            bands.insert(&band_key(band, hash)[..], doc).map_err(|e| self.fail(e))?;
        }
        Ok(())
    }

    /// Documents staged by this run.
    pub fn staged(&self) -> u64 {
        self.next - self.base
    }

    /// Makes this run's documents part of the index. Call only once the output is in place.
    pub fn commit(self) -> Result<Stats, IndexError> {
        let path = self.path.clone();
        let fail = |e: redb::Error| IndexError::Store { path: path.clone(), source: Box::new(e) };
        {
            let mut meta = self.txn.open_table(META).map_err(|e| fail(e.into()))?;
            let builds = meta
                .get("builds")
                .map_err(|e| fail(e.into()))?
                .and_then(|v| v.value().parse::<u64>().ok())
                .unwrap_or(0);
            meta.insert("builds", (builds + 1).to_string().as_str()).map_err(|e| fail(e.into()))?;
        }
        self.txn.commit().map_err(|e| fail(e.into()))?;
        drop(self.db);
        Index::stats(&path)
    }

    /// Sizes and counts of the index at `path`.
    pub fn stats(path: &Path) -> Result<Stats, IndexError> {
        let fail = |e: redb::Error| IndexError::Store { path: path.to_owned(), source: Box::new(e) };
        let db = redb::ReadOnlyDatabase::open(path).map_err(|e| fail(e.into()))?;
        let txn = db.begin_read().map_err(|e| fail(e.into()))?;
        let meta = txn.open_table(META).map_err(|e| fail(e.into()))?;
        let read_meta = |key: &str| -> Result<String, IndexError> {
            Ok(meta.get(key).map_err(|e| fail(e.into()))?.map(|v| v.value().to_owned()).unwrap_or_default())
        };
        Ok(Stats {
            documents: txn.open_table(DOCS).map_err(|e| fail(e.into()))?.len().map_err(|e| fail(e.into()))?,
            exact_keys: txn.open_table(EXACT).map_err(|e| fail(e.into()))?.len().map_err(|e| fail(e.into()))?,
            band_entries: txn
                .open_multimap_table(BANDS)
                .map_err(|e| fail(e.into()))?
                .len()
                .map_err(|e| fail(e.into()))?,
            builds: read_meta("builds")?.parse().unwrap_or(0),
            near_settings: read_meta("near")?,
            file_bytes: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
        })
    }
}

fn band_key(band: usize, hash: u64) -> [u8; 9] {
    let mut key = [0u8; 9];
    key[0] = band as u8;
    key[1..].copy_from_slice(&hash.to_le_bytes());
    key
}

fn decode_doc(record: &[u8]) -> Option<Candidate> {
    let (id, sig) = record.split_at_checked(32)?;
    if sig.len() % 2 != 0 {
        return None;
    }
    Some(Candidate {
        id: id.try_into().ok()?,
        signature: sig.chunks_exact(2).map(|b| u16::from_le_bytes([b[0], b[1]])).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> [u8; 32] {
        [n; 32]
    }

    #[test]
    fn a_run_sees_only_earlier_builds_and_commits_atomically() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("index.redb");
        let mut first = Index::open(&path, "near=0.8").unwrap();
        first.add(&id(1), Some(&[1, 2, 3]), &[10, 20]).unwrap();
        // Not visible to the run that staged it.
        assert!(!first.has_exact(&id(1)).unwrap());
        assert!(first.candidates(&[10, 0]).unwrap().is_empty());
        let stats = first.commit().unwrap();
        assert_eq!((stats.documents, stats.exact_keys, stats.band_entries, stats.builds), (1, 1, 2, 1));

        let mut second = Index::open(&path, "near=0.8").unwrap();
        assert!(second.has_exact(&id(1)).unwrap());
        assert!(!second.has_exact(&id(2)).unwrap());
        assert_eq!(second.candidates(&[0, 20]).unwrap(), vec![Candidate { id: id(1), signature: vec![1, 2, 3] }]);
        assert!(second.candidates(&[20, 10]).unwrap().is_empty(), "bands are matched by position");
        second.add(&id(2), None, &[]).unwrap();
        // Dropped without commit, as when a run fails: nothing of it remains.
        drop(second);
        let stats = Index::stats(&path).unwrap();
        assert_eq!((stats.documents, stats.builds), (1, 1));
        assert!(stats.file_bytes > 0);
    }

    #[test]
    fn other_near_settings_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("index.redb");
        Index::open(&path, "near=0.8").unwrap().commit().unwrap();
        let err = Index::open(&path, "near=0.7").unwrap_err();
        assert!(matches!(err, IndexError::Mismatch { .. }), "{err}");
        assert!(err.to_string().contains("index.redb"));
    }
}
