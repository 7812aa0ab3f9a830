//! `--index`: the persistent dedupe index, as the dedupe stage sees it.

use std::path::Path;

use anyhow::Result;
use ingest_core::Outcome;
use ingest_dedupe::{Deduper, Keys, Params, Published, Signature};
use ingest_index::{Index, IndexError};

/// The text that ties an index to the near-duplicate settings its signatures were made with.
pub fn near_settings(near: Option<Params>) -> String {
    match near {
        None => "near=off".to_owned(),
        Some(p) => {
            let (bands, rows) = ingest_dedupe::MinHasher::new(p).bands_rows();
            format!("near threshold={} shingle={} bands={bands} rows={rows} minhash=oph-u16-v2", p.threshold, p.shingle)
        }
    }
}

pub fn open(path: Option<&Path>, near: Option<Params>) -> Result<Option<Index>> {
    let Some(path) = path else { return Ok(None) };
    Ok(Some(Index::open(path, &near_settings(near))?))
}

struct Prior<'a>(&'a Index);

impl Published for Prior<'_> {
    type Error = IndexError;

    fn has_exact(&self, hash: &[u8; 32]) -> Result<bool, IndexError> {
        self.0.has_exact(hash)
    }

    fn candidates(&self, bands: &[u64]) -> Result<Vec<([u8; 32], Signature)>, IndexError> {
        Ok(self.0.candidates(bands)?.into_iter().map(|c| (c.id, Signature(c.signature.into()))).collect())
    }
}

/// Decides a document against this run and, with an index, earlier builds; stages it in the
/// index if kept.
pub fn decide(
    deduper: &mut Deduper,
    index: Option<&mut Index>,
    doc: ingest_core::Document,
    keys: &Keys,
) -> Result<Outcome> {
    let Some(index) = index else { return Ok(deduper.decide(doc, keys)) };
    let outcome = deduper.decide_with(doc, keys, &Prior(index))?;
    if let Outcome::Document(_) = &outcome {
        index.add(&keys.fingerprint.0, keys.signature.as_ref().map(|s| &s.0[..]), &keys.bands)?;
    }
    Ok(outcome)
}
