//! The in-run exact index: a 16-byte prefix of each key hash and the ordinal that had it.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

#[derive(Debug, Default)]
pub struct ExactIndex {
    /// Hash prefix → ordinal of the document kept with it.
    seen: HashMap<u128, u64, BuildHasherDefault<PrefixHasher>>,
}

impl ExactIndex {
    pub fn new() -> ExactIndex {
        ExactIndex::default()
    }

    /// Whether `hash` was recorded. A duplicate's key equals the kept one's, so its id is its own
    /// hash.
    pub fn contains(&self, hash: &[u8; 32]) -> bool {
        self.seen.contains_key(&prefix(hash))
    }

    /// Records `hash` for the document `ordinal`.
    pub fn insert(&mut self, hash: &[u8; 32], ordinal: u64) {
        self.seen.entry(prefix(hash)).or_insert(ordinal);
    }

    pub fn len(&self) -> usize {
        self.seen.len()
    }

    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }

    /// Heap bytes: a 24-byte slot and a control byte per bucket.
    pub fn heap_bytes(&self) -> usize {
        self.seen.capacity() * (16 + 8 + 1)
    }
}

fn prefix(hash: &[u8; 32]) -> u128 {
    let mut head = [0u8; 16];
    head.copy_from_slice(&hash[..16]);
    u128::from_be_bytes(head)
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
