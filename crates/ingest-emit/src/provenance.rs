//! `metadata.duplicate_sources`: on each kept document, the sources of the inputs that repeated
//! it, so no provenance is lost.
//!
//! Duplicates come after the document they repeat, often after it was written, so the sources are
//! gathered while writing and added in one streaming pass over `documents.jsonl` at the end. The
//! pass relies on the record's own layout (emit writes it): a line starts with `{"id":"<64 hex>"`
//! and ends with the `metadata` object, so the field goes before the final `}}`.

use std::collections::HashMap;
use std::io::{self, BufRead, Write};

use serde::Serialize;

/// Sources listed per kept document at most; the count covers them all.
pub(crate) const MAX_SOURCES: usize = 16;

/// How [`Provenance::patch_stream`] failed.
#[derive(Debug)]
pub(crate) enum Failed {
    Reading(io::Error),
    Writing(io::Error),
}

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
        if !self.patched(line, out) {
            out.extend_from_slice(line);
        }
    }

    /// Appends `line` with `"duplicate_sources":{...}` added to `out` and returns true, if its id
    /// has duplicates; else leaves `out` alone and returns false.
    fn patched(&self, line: &[u8], out: &mut Vec<u8>) -> bool {
        const PREFIX: &[u8] = b"{\"id\":\"";
        let id = line.strip_prefix(PREFIX).and_then(|rest| rest.get(..64)).and_then(|id| std::str::from_utf8(id).ok());
        let sources = id.and_then(|id| self.by_id.get(id));
        let body = line.strip_suffix(b"}}\n");
        let (Some(sources), Some(body)) = (sources, body) else { return false };
        out.extend_from_slice(body);
        out.extend_from_slice(b",\"duplicate_sources\":");
        serde_json::to_writer(&mut *out, sources).expect("serializing strings into a vector cannot fail");
        out.extend_from_slice(b"}}\n");
        true
    }

    /// Copies the lines of `input` to `output`, [`patch`](Self::patch)ed. Runs of lines without
    /// duplicates are written straight from the read buffer, so most bytes are copied once. An
    /// error says which side failed.
    pub(crate) fn patch_stream(&self, input: &mut dyn BufRead, output: &mut dyn Write) -> Result<(), Failed> {
        let mut out = Vec::new();
        loop {
            let buf = input.fill_buf().map_err(Failed::Reading)?;
            if buf.is_empty() {
                return Ok(());
            }
            let Some(last) = memchr::memrchr(b'\n', buf) else {
                // A line longer than the buffer (or a last one without newline): read it whole.
                let mut line = Vec::new();
                input.read_until(b'\n', &mut line).map_err(Failed::Reading)?;
                out.clear();
                self.patch(&line, &mut out);
                output.write_all(&out).map_err(Failed::Writing)?;
                continue;
            };
            let lines = &buf[..=last];
            let mut copied = 0;
            let mut start = 0;
            for newline in memchr::memchr_iter(b'\n', lines) {
                let end = newline + 1;
                out.clear();
                if self.patched(&lines[start..end], &mut out) {
                    output.write_all(&lines[copied..start]).map_err(Failed::Writing)?;
                    output.write_all(&out).map_err(Failed::Writing)?;
                    copied = end;
                }
                start = end;
            }
            output.write_all(&lines[copied..]).map_err(Failed::Writing)?;
            input.consume(last + 1);
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

    #[test]
    fn streaming_gives_what_patching_each_line_gives() {
        let ids: Vec<String> = (0..6).map(|i| format!("{i:064x}")).collect();
        let mut p = Provenance::default();
        for (i, id) in ids.iter().enumerate().filter(|(i, _)| i % 2 == 1) {
            p.record(id, &format!("copy-{i}.txt"));
        }
        let mut text = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            let long = "x".repeat(i * 37);
            text.extend_from_slice(format!("{{\"id\":\"{id}\",\"text\":\"{long}\",\"metadata\":{{}}}}\n").as_bytes());
        }
        // A last line without its newline is copied as it is.
        text.extend_from_slice(format!("{{\"id\":\"{}\",\"metadata\":{{}}}}", ids[1]).as_bytes());
        let mut expected = Vec::new();
        for line in text.split_inclusive(|&b| b == b'\n') {
            p.patch(line, &mut expected);
        }
        assert_eq!(String::from_utf8_lossy(&expected).matches("duplicate_sources").count(), 3);
        // Buffers smaller than a line, about a line, and larger than all of it.
        for capacity in [8, 90, 150, 1 << 16] {
            let mut input = io::BufReader::with_capacity(capacity, &text[..]);
            let mut output = Vec::new();
            p.patch_stream(&mut input, &mut output).unwrap();
            assert_eq!(String::from_utf8_lossy(&output), String::from_utf8_lossy(&expected), "capacity {capacity}");
        }
    }
}
