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

    /// Whether `hash` was seen; if not, records it for `ordinal`. A duplicate's key equals the kept
    /// one's, so its id is its own hash.
    pub fn seen(&mut self, hash: &[u8; 32], ordinal: u64) -> bool {
        let mut head = [0u8; 16];
        head.copy_from_slice(&hash[..16]);
        match self.seen.entry(u128::from_be_bytes(head)) {
            std::collections::hash_map::Entry::Occupied(_) => true,
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(ordinal);
                false
            }
        }
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
