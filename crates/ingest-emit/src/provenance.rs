//! `metadata.duplicate_sources`: on each kept document, the sources of the inputs that repeated
//! it, so no provenance is lost.
//!
//! Duplicates come after the document they repeat, often after it was written, so the sources are
//! gathered while writing and added in one streaming pass over `documents.jsonl` at the end. The
//! pass relies on the record's own layout (emit writes it): a line starts with `{"id":"<64 hex>"`
//! and ends with the `metadata` object, so the field goes before the final `}}`.

use std::collections::HashMap;

use serde::Serialize;

/// Sources listed per kept document at most; the count covers them all.
pub(crate) const MAX_SOURCES: usize = 16;

#[derive(Debug, Default)]
pub(crate) struct Provenance {
    by_id: HashMap<String, Sources>,
}

#[derive(Debug, Default, Serialize)]
struct Sources {
    count: u64,
    sources: Vec<String>,
}

impl Provenance {
    pub(crate) fn record(&mut self, kept_id: &str, source: &str) {
        let entry = self.by_id.entry(kept_id.to_owned()).or_default();
        entry.count += 1;
        if entry.sources.len() < MAX_SOURCES {
            entry.sources.push(source.to_owned());
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// Writes `line` to `out`, with `"duplicate_sources":{...}` added to its metadata if its id
    /// has duplicates.
    pub(crate) fn patch(&self, line: &[u8], out: &mut Vec<u8>) {
        const PREFIX: &[u8] = b"{\"id\":\"";
        let id = line.strip_prefix(PREFIX).and_then(|rest| rest.get(..64)).and_then(|id| std::str::from_utf8(id).ok());
        let sources = id.and_then(|id| self.by_id.get(id));
        let body = line.strip_suffix(b"}}\n");
        match (sources, body) {
            (Some(sources), Some(body)) => {
                out.extend_from_slice(body);
                out.extend_from_slice(b",\"duplicate_sources\":");
                serde_json::to_writer(&mut *out, sources).expect("serializing strings into a vector cannot fail");
                out.extend_from_slice(b"}}\n");
            }
            _ => out.extend_from_slice(line),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patches_only_documents_with_duplicates_and_caps_the_list() {
        let id = "a".repeat(64);
        let other = "b".repeat(64);
        let mut p = Provenance::default();
        for i in 0..20 {
            p.record(&id, &format!("copy{i}.txt"));
        }
        let line = format!("{{\"id\":\"{id}\",\"text\":\"x}}\",\"metadata\":{{\"bytes\":1}}}}\n");
        let mut out = Vec::new();
        p.patch(line.as_bytes(), &mut out);
        let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(value["text"], "x}");
        assert_eq!(value["metadata"]["bytes"], 1);
        assert_eq!(value["metadata"]["duplicate_sources"]["count"], 20);
        assert_eq!(value["metadata"]["duplicate_sources"]["sources"].as_array().unwrap().len(), MAX_SOURCES);
        assert!(out.ends_with(b"}}\n"));

        let untouched = format!("{{\"id\":\"{other}\",\"metadata\":{{}}}}\n");
        out.clear();
        p.patch(untouched.as_bytes(), &mut out);
        assert_eq!(out, untouched.as_bytes());
    }
}
