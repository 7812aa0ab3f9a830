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
//!
//! The document `id` is the hex SHA-256 of its dedupe key, so the same text has the same id in
//! every run.

mod exact;
pub mod minhash;
pub mod near;

use ingest_core::{Document, Duplicate, DuplicateKind, Outcome, hex};
use sha2::{Digest, Sha256};

pub use exact::ExactIndex;
pub use minhash::{MinHasher, Params, Signature};
pub use near::NearIndex;

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
}

impl Keys {
    pub fn of(dedupe_key: &str, near: Option<&MinHasher>) -> Keys {
        Keys { fingerprint: fingerprint(dedupe_key), signature: near.and_then(|h| h.signature(dedupe_key)) }
    }
}

/// Settings of the dedupe stage.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Near-duplicate parameters, or `None` for exact deduplication only.
    pub near: Option<Params>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { near: Some(Params::default()) }
    }
}

/// The in-run state: every key kept so far.
#[derive(Debug)]
pub struct Deduper {
    exact: ExactIndex,
    near: Option<NearIndex>,
}

impl Deduper {
    pub fn new(settings: &Settings) -> Deduper {
        Deduper { exact: ExactIndex::new(), near: settings.near.map(|p| NearIndex::new(MinHasher::new(p))) }
    }

    /// The hasher whose signatures [`Deduper::decide`] expects, if near-duplicates are on.
    pub fn hasher(&self) -> Option<&MinHasher> {
        self.near.as_ref().map(NearIndex::hasher)
    }

    /// Decides one document, which must come after every document decided before it in input
    /// order. Sets its `id`; returns it as a document if it is new, else as a duplicate.
    pub fn decide(&mut self, mut doc: Document, keys: &Keys) -> Outcome {
        let id = keys.fingerprint.to_hex();
        if self.exact.seen(&keys.fingerprint.0, doc.ordinal) {
            return Outcome::Duplicate(Duplicate {
                ordinal: doc.ordinal,
                source: doc.source,
                duplicate_of: id,
                kind: DuplicateKind::Exact,
                similarity: None,
            });
        }
        if let (Some(near), Some(sig)) = (&mut self.near, &keys.signature) {
            if let Some(found) = near.find(sig) {
                return Outcome::Duplicate(Duplicate {
                    ordinal: doc.ordinal,
                    source: doc.source,
                    duplicate_of: hex(&found.id),
                    kind: DuplicateKind::Near,
                    similarity: Some(found.similarity),
                });
            }
            near.insert(sig, keys.fingerprint.0);
        }
        doc.id = id;
        Outcome::Document(Box::new(doc))
    }

    /// Distinct documents kept.
    pub fn kept(&self) -> usize {
        self.exact.len()
    }

    /// Approximate heap bytes of the indexes.
    pub fn heap_bytes(&self) -> usize {
        self.exact.heap_bytes() + self.near.as_ref().map_or(0, NearIndex::heap_bytes)
    }
}

#[cfg(test)]
mod tests;
