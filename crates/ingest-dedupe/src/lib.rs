//! The dedupe stage: exact duplicates by the SHA-256 of the dedupe key.
//!
//! Hashing ([`fingerprint`]) is a pure function and runs in parallel. Deciding ([`ExactIndex`])
//! runs in input order, one document at a time, so the first occurrence of a key is the one kept
//! whatever the thread count. The index keeps the first 16 bytes of each hash and the ordinal of the
//! document that had it: 24 bytes of payload per document.
//!
//! The document `id` is the hex SHA-256 of its dedupe key, so the same text has the same id in
//! every run.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use ingest_core::{Document, Duplicate, DuplicateKind, Outcome, hex};
use sha2::{Digest, Sha256};

/// SHA-256 of a dedupe key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint(pub [u8; 32]);

impl Fingerprint {
    /// The first 16 bytes, which is what the index keeps.
    fn prefix(&self) -> u128 {
        let mut head = [0u8; 16];
        head.copy_from_slice(&self.0[..16]);
        u128::from_be_bytes(head)
    }

    pub fn to_hex(&self) -> String {
        hex(&self.0)
    }
}

/// Hashes a dedupe key.
pub fn fingerprint(dedupe_key: &str) -> Fingerprint {
    Fingerprint(Sha256::digest(dedupe_key.as_bytes()).into())
}

/// The keys seen so far in this run.
#[derive(Debug, Default)]
pub struct ExactIndex {
    /// Hash prefix → ordinal of the document kept with it.
    seen: HashMap<u128, u64, BuildHasherDefault<PrefixHasher>>,
}

impl ExactIndex {
    pub fn new() -> ExactIndex {
        ExactIndex::default()
    }

    /// Number of distinct keys seen.
    pub fn len(&self) -> usize {
        self.seen.len()
    }

    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }

    /// Decides one document, which must come after every document decided before it in input
    /// order. Sets its `id`; returns it as a document if its key is new, else as a duplicate of the
    /// document that first had the key.
    pub fn decide(&mut self, mut doc: Document, fingerprint: &Fingerprint) -> Outcome {
        let id = fingerprint.to_hex();
        match self.seen.entry(fingerprint.prefix()) {
            std::collections::hash_map::Entry::Occupied(_) => Outcome::Duplicate(Duplicate {
                ordinal: doc.ordinal,
                source: doc.source,
                duplicate_of: id,
                kind: DuplicateKind::Exact,
            }),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(doc.ordinal);
                doc.id = id;
                Outcome::Document(Box::new(doc))
            }
        }
    }
}

/// The keys are already uniform hashes: use their low 64 bits as they are.
#[derive(Debug, Default)]
struct PrefixHasher(u64);

impl Hasher for PrefixHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u128(&mut self, n: u128) {
        self.0 = n as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(ordinal: u64, key: &str) -> (Document, Fingerprint) {
        let doc = Document { ordinal, source: format!("{ordinal}.txt"), dedupe_key: key.into(), ..Document::default() };
        let fp = fingerprint(key);
        (doc, fp)
    }

    /// Runs keys through one index; `None` for a kept document, `Some(i)` for a duplicate of input `i`.
    fn check(keys: &[&str], expected: &[Option<u64>]) {
        let mut index = ExactIndex::new();
        let mut kept_ids: HashMap<String, u64> = HashMap::new();
        let got: Vec<Option<u64>> = keys
            .iter()
            .enumerate()
            .map(|(i, key)| {
                let (d, fp) = doc(i as u64, key);
                match index.decide(d, &fp) {
                    Outcome::Document(d) => {
                        assert_eq!(d.id, fp.to_hex());
                        kept_ids.insert(d.id.clone(), d.ordinal);
                        None
                    }
                    Outcome::Duplicate(dup) => Some(kept_ids[&dup.duplicate_of]),
                    Outcome::Reject(r) => panic!("unexpected reject {r:?}"),
                }
            })
            .collect();
        assert_eq!(got, expected, "keys {keys:?}");
    }

    #[test]
    fn first_occurrence_wins() {
        check(&["a", "b", "a", "c", "b", "a"], &[None, None, Some(0), None, Some(1), Some(0)]);
        check(&["mà", "má", "mả", "Mà"], &[None, None, None, None]);
        check(&[], &[]);
    }

    #[test]
    fn id_is_sha256_of_the_key() {
        assert_eq!(fingerprint("").to_hex(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
