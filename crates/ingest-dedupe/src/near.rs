//! The in-run near-duplicate index: LSH buckets over the signatures of kept documents.
//!
//! Buckets are chains in flat arrays (a map from band hash to the newest entry, and a link per
//! entry), so a kept document costs `bands` map entries, `bands` links, its 16-bit signature and
//! its id: no allocation per bucket. A candidate is confirmed only if its estimated similarity
//! reaches the threshold; of the confirmed ones, the earliest kept document wins.

use rustc_hash::FxHashMap;

use crate::chunked::Chunked;
use crate::minhash::{MinHasher, Signature};

/// Candidates examined per band at most: bounds the work for a document whose band collides
/// with very many unrelated documents (boilerplate-heavy pages).
pub const MAX_CHAIN: usize = 256;

const END: u32 = u32::MAX;

#[derive(Debug)]
pub struct NearIndex {
    hasher: MinHasher,
    bands: usize,
    /// Per band: the low 32 bits of a band hash → the newest entry. (A 32-bit key halves the
    /// table; two bands that collide only add a candidate, which the similarity check drops.)
    buckets: Vec<FxHashMap<u32, u32>>,
    links: Chunked<u32>,
    /// The low byte of each 16-bit signature value: half the memory, and a chance of 1 in 256 that
    /// two different minima agree, which raises an estimate by at most (1 - J)/256.
    signatures: Chunked<u8>,
    ids: Chunked<[u8; 32]>,
}

/// Documents a chunk of each per-document array holds.
const CHUNK_DOCUMENTS: usize = 1 << 14;

/// A kept document that a new one nearly repeats.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NearMatch {
    /// SHA-256 of the kept document's key: its id.
    pub id: [u8; 32],
    pub similarity: f64,
}

impl NearIndex {
    pub fn new(hasher: MinHasher) -> NearIndex {
        let (bands, rows) = hasher.bands_rows();
        NearIndex {
            hasher,
            bands,
            buckets: vec![FxHashMap::default(); bands],
            links: Chunked::new(CHUNK_DOCUMENTS * bands),
            signatures: Chunked::new(CHUNK_DOCUMENTS * bands * rows),
            ids: Chunked::new(CHUNK_DOCUMENTS),
        }
    }

    pub fn hasher(&self) -> &MinHasher {
        &self.hasher
    }

    /// Kept documents indexed.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The earliest kept document whose estimated similarity to `sig` reaches the threshold.
    /// `bands` are the band hashes of `sig` ([`MinHasher::band_hashes`]), made beforehand in
    /// parallel.
    pub fn find(&self, sig: &Signature, bands: &[u64]) -> Option<NearMatch> {
        debug_assert_eq!(bands.len(), self.bands);
        let mut candidates: Vec<u32> = Vec::new();
        for (band, &hash) in bands.iter().enumerate() {
            let mut entry = self.buckets[band].get(&(hash as u32)).copied().unwrap_or(END);
            let mut walked = 0;
            while entry != END && walked < MAX_CHAIN {
                candidates.push(entry / self.bands as u32);
                entry = self.links.get(entry as usize);
                walked += 1;
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let width = sig.0.len();
        let threshold = self.hasher.params().threshold;
        candidates.into_iter().find_map(|doc| {
            let stored = self.signatures.slice(doc as usize * width, width);
            let equal = sig.0.iter().zip(stored).filter(|&(&v, &b)| v as u8 == b).count();
            let s = equal as f64 / width.max(1) as f64;
            (s >= threshold).then_some(NearMatch { id: self.ids.get(doc as usize), similarity: s })
        })
    }

    /// Adds a kept document, with the band hashes of its signature.
    pub fn insert(&mut self, sig: &Signature, bands: &[u64], id: [u8; 32]) {
        debug_assert_eq!(bands.len(), self.bands);
        let doc = self.ids.len() as u32;
        for (band, &hash) in bands.iter().enumerate() {
            let entry = doc * self.bands as u32 + band as u32;
            let previous = self.buckets[band].insert(hash as u32, entry).unwrap_or(END);
            self.links.push(previous);
        }
        self.signatures.extend(sig.0.iter().map(|&v| v as u8));
        self.ids.push(id);
    }

    /// Approximate heap bytes held, for the bytes-per-document figure.
    pub fn heap_bytes(&self) -> usize {
        let maps: usize = self.buckets.iter().map(|m| m.capacity() * (4 + 4 + 1)).sum();
        maps + self.links.capacity() * 4 + self.signatures.capacity() + self.ids.capacity() * 32
    }
}
