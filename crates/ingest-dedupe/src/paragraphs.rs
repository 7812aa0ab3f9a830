//! Paragraph-level deduplication (cc_net's idea): a paragraph that an earlier kept document of the
//! run already had is dropped from a later one.
//!
//! A paragraph is a non-blank line of the clean text, compared with whitespace collapsed; the index
//! keeps a 64-bit hash per distinct paragraph and the position of the first document that had it.

use rustc_hash::FxHashMap;
use xxhash_rust::xxh3::xxh3_64;

use ingest_core::Document;

#[derive(Debug, Default)]
pub(crate) struct ParagraphIndex {
    first: FxHashMap<u64, u32>,
    ids: Vec<[u8; 32]>,
    pub(crate) removed: u64,
}

impl ParagraphIndex {
    /// Removes from `doc` the paragraphs earlier kept documents had, and records the rest. If none
    /// is left, nothing is recorded and the id of the first document it matched is returned.
    pub(crate) fn filter(&mut self, doc: &mut Document, id: [u8; 32]) -> Result<(), [u8; 32]> {
        let mut kept = String::with_capacity(doc.text.len());
        let mut first_match: Option<u32> = None;
        let mut new_hashes = Vec::new();
        let mut removed = 0u64;
        let mut blank_pending = false;
        for line in doc.text.split('\n') {
            if line.trim().is_empty() {
                blank_pending = !kept.is_empty();
                continue;
            }
            let hash = xxh3_64(line.split_whitespace().collect::<Vec<_>>().join(" ").as_bytes());
            if let Some(&earlier) = self.first.get(&hash) {
                first_match = Some(first_match.map_or(earlier, |f| f.min(earlier)));
                removed += 1;
                continue;
            }
            new_hashes.push(hash);
            if !kept.is_empty() {
                kept.push('\n');
                if blank_pending {
                    kept.push('\n');
                }
            }
            blank_pending = false;
            kept.push_str(line);
        }
        if kept.is_empty() {
            let first = first_match.map_or(id, |f| self.ids[f as usize]);
            return Err(first);
        }
        let me = self.ids.len() as u32;
        self.ids.push(id);
        for hash in new_hashes {
            self.first.entry(hash).or_insert(me);
        }
        self.removed += removed;
        if removed > 0 {
            doc.metadata.chars = kept.chars().count() as u64;
            doc.text = kept;
        }
        Ok(())
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.first.capacity() * (8 + 4 + 1) + self.ids.capacity() * 32
    }
}
