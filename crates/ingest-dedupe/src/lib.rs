//! The dedupe stage: exact duplicates by the SHA-256 of the dedupe key, near-duplicates by
//! MinHash-LSH.
//!
//! Hashing ([`Keys::of`]) is a pure function and runs in parallel. Deciding ([`Deduper::decide`])
//! runs in input order, one document at a time, so the first occurrence is the one kept whatever the
//! thread count:
//! - **exact**: a document whose key hash was seen is a duplicate of the document that had it. The
//!   index keeps the first 16 bytes of each hash and the ordinal of the document: 24 bytes of payload.
//! - **near**: otherwise, a document whose MinHash signature shares an LSH band with a kept document
//!   and whose estimated Jaccard similarity with it reaches the threshold (0.8 by default) is a
//!   near-duplicate of the earliest such document.
//! - **earlier builds** (`exact-index`, `near-index`): the same two tests against the documents a
//!   persistent index says were published before, through [`Published`].
//! - **paragraphs** (optional): a kept document loses the paragraphs an earlier kept document had;
//!   one left with none is a duplicate of the first document it matched. Its `id` stays that of
//!   its text before the removal.
//!
//! The document `id` is the hex SHA-256 of its dedupe key, so the same text has the same id in
//! every run.

mod chunked;
mod exact;
pub mod minhash;
pub mod near;
mod paragraphs;

use ingest_core::{Document, Duplicate, DuplicateKind, Outcome, hex};
use sha2::{Digest, Sha256};

pub use exact::ExactIndex;
pub use minhash::{MinHasher, Params, Signature};
pub use near::NearIndex;
use paragraphs::ParagraphIndex;

/// SHA-256 of a dedupe key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint(pub [u8; 32]);

impl Fingerprint {
    pub fn to_hex(&self) -> String {
        hex(&self.0)
    }
}

/// Hashes a dedupe key.
pub fn fingerprint(dedupe_key: &str) -> Fingerprint {
    Fingerprint(Sha256::digest(dedupe_key.as_bytes()).into())
}

/// What deciding a document needs, computed in parallel beforehand.
#[derive(Debug, Clone)]
pub struct Keys {
    pub fingerprint: Fingerprint,
    /// `None` when near-duplicate detection is off or the key has no syllable.
    pub signature: Option<Signature>,
    /// The LSH band hashes of `signature` (empty without one).
    pub bands: Vec<u64>,
}

impl Keys {
    pub fn of(dedupe_key: &str, near: Option<&MinHasher>) -> Keys {
        let signature = near.and_then(|h| h.signature(dedupe_key));
        let bands = match (near, &signature) {
            (Some(h), Some(sig)) => h.band_hashes(sig).collect(),
            _ => Vec::new(),
        };
        Keys { fingerprint: fingerprint(dedupe_key), signature, bands }
    }
}

/// Documents published by earlier builds (the persistent index), as dedupe sees them.
pub trait Published {
    type Error;
    /// Whether an earlier build published a document with this key hash.
    fn has_exact(&self, hash: &[u8; 32]) -> Result<bool, Self::Error>;
    /// Ids and signatures of earlier documents sharing a band with `bands`, earliest first.
    fn candidates(&self, bands: &[u64]) -> Result<Vec<([u8; 32], Signature)>, Self::Error>;
}

/// No earlier builds.
#[derive(Debug)]
pub struct NothingPublished;

impl Published for NothingPublished {
    type Error = std::convert::Infallible;

    fn has_exact(&self, _: &[u8; 32]) -> Result<bool, Self::Error> {
        Ok(false)
    }

    fn candidates(&self, _: &[u64]) -> Result<Vec<([u8; 32], Signature)>, Self::Error> {
        Ok(Vec::new())
    }
}

/// Settings of the dedupe stage.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Near-duplicate parameters, or `None` for exact deduplication only.
    pub near: Option<Params>,
    /// Drop paragraphs that an earlier kept document of the run already had.
    pub paragraphs: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { near: Some(Params::default()), paragraphs: false }
    }
}

/// The in-run state: every key kept so far.
#[derive(Debug)]
pub struct Deduper {
    exact: ExactIndex,
    near: Option<NearIndex>,
    paragraphs: Option<ParagraphIndex>,
}

impl Deduper {
    pub fn new(settings: &Settings) -> Deduper {
        Deduper {
            exact: ExactIndex::new(),
            near: settings.near.map(|p| NearIndex::new(MinHasher::new(p))),
            paragraphs: settings.paragraphs.then(ParagraphIndex::default),
        }
    }

    /// The hasher whose signatures [`Deduper::decide`] expects, if near-duplicates are on.
    pub fn hasher(&self) -> Option<&MinHasher> {
        self.near.as_ref().map(NearIndex::hasher)
    }

    /// Decides one document, which must come after every document decided before it in input
    /// order. Sets its `id`; returns it as a document if it is new, else as a duplicate.
    pub fn decide(&mut self, doc: Document, keys: &Keys) -> Outcome {
        match self.decide_with(doc, keys, &NothingPublished) {
            Ok(outcome) => outcome,
            Err(never) => match never {},
        }
    }

    /// [`Deduper::decide`], also against documents earlier builds published. In order: an exact
    /// duplicate in this run, of an earlier build, a near duplicate in this run, of an earlier build.
    pub fn decide_with<P: Published>(
        &mut self,
        mut doc: Document,
        keys: &Keys,
        published: &P,
    ) -> Result<Outcome, P::Error> {
        let id = keys.fingerprint.to_hex();
        let duplicate = |doc: Document, of: String, kind, similarity| {
            Ok(Outcome::Duplicate(Duplicate {
                ordinal: doc.ordinal,
                source: doc.source,
                duplicate_of: of,
                kind,
                similarity,
                raw_sha256: doc.metadata.raw_sha256,
            }))
        };
        if self.exact.contains(&keys.fingerprint.0) {
            return duplicate(doc, id, DuplicateKind::Exact, None);
        }
        if published.has_exact(&keys.fingerprint.0)? {
            return duplicate(doc, id, DuplicateKind::ExactIndex, None);
        }
        if let (Some(near), Some(sig)) = (&self.near, &keys.signature) {
            if let Some(found) = near.find(sig, &keys.bands) {
                return duplicate(doc, hex(&found.id), DuplicateKind::Near, Some(found.similarity));
            }
            let threshold = near.hasher().params().threshold;
            for (earlier, their_sig) in published.candidates(&keys.bands)? {
                let s = minhash::similarity(sig, &their_sig);
                if s >= threshold {
                    return duplicate(doc, hex(&earlier), DuplicateKind::NearIndex, Some(s));
                }
            }
        }
        if let Some(paragraphs) = &mut self.paragraphs
            && let Err(first) = paragraphs.filter(&mut doc, keys.fingerprint.0)
        {
            return duplicate(doc, hex(&first), DuplicateKind::Paragraphs, None);
        }
        // Kept: only now does it join the in-run indexes, so nothing refers to a document that is
        // not in the output.
        self.exact.insert(&keys.fingerprint.0, doc.ordinal);
        if let (Some(near), Some(sig)) = (&mut self.near, &keys.signature) {
            near.insert(sig, &keys.bands, keys.fingerprint.0);
        }
        doc.id = id;
        Ok(Outcome::Document(Box::new(doc)))
    }

    /// Distinct documents kept.
    pub fn kept(&self) -> usize {
        self.exact.len()
    }

    /// Approximate heap bytes of the indexes.
    pub fn heap_bytes(&self) -> usize {
        self.exact.heap_bytes()
            + self.near.as_ref().map_or(0, NearIndex::heap_bytes)
            + self.paragraphs.as_ref().map_or(0, ParagraphIndex::heap_bytes)
    }

    /// Paragraphs removed so far by `--dedupe-paragraphs`.
    pub fn paragraphs_removed(&self) -> u64 {
        self.paragraphs.as_ref().map_or(0, |p| p.removed)
    }
}

#[cfg(test)]
mod tests;
