//! The on-disk records: one serde type per file, converted from the in-memory types.
//!
//! Field order is the order in the output.

use ingest_core::{Document, Duplicate, Reject};
use serde::Serialize;

/// A line of `documents.jsonl`.
#[derive(Debug, Serialize)]
pub struct DocumentRecord<'a> {
    /// Hex SHA-256 of the dedupe key: the same text has the same id in every build.
    pub id: &'a str,
    /// The clean text; paragraphs separated by `\n`, at most one blank line between blocks.
    pub text: &'a str,
    /// The title, or null when none was found.
    pub title: Option<&'a str>,
    /// Input path relative to its input root, `/`-separated.
    pub source: &'a str,
    /// Word-segmented text: syllables of a word joined by `_`, tokens separated by one space, one
    /// line per non-blank line of `text`.
    pub segmented: &'a str,
    pub metadata: MetadataRecord<'a>,
}

/// The `metadata` object of a document.
#[derive(Debug, Serialize)]
pub struct MetadataRecord<'a> {
    /// Encoding the input was decoded from (`UTF-8`, `UTF-16LE`, `windows-1258`, `TCVN3`, ...).
    pub encoding: &'a str,
    /// Input size in bytes.
    pub bytes: u64,
    /// Characters (Unicode scalar values) in `text`.
    pub chars: u64,
    /// Non-punctuation tokens in `text`: syllables, numbers, abbreviations.
    pub syllables: u64,
    /// Non-punctuation words in `segmented`.
    pub words: u64,
    /// Hex SHA-256 of the input bytes.
    pub raw_sha256: &'a str,
    /// The input was already word-segmented and `text` was restored from it.
    pub input_segmented: bool,
    /// Why `encoding` was chosen: `bom`, `transport-charset`, `html-meta-charset`, `utf16-pattern`,
    /// `valid-utf8`, `mojibake-repaired`, `vietnamese-syllables` or `chardetng`.
    pub encoding_reason: &'a str,
}

impl<'a> From<&'a Document> for DocumentRecord<'a> {
    fn from(doc: &'a Document) -> Self {
        let m = &doc.metadata;
        DocumentRecord {
            id: &doc.id,
            text: &doc.text,
            title: doc.title.as_deref(),
            source: &doc.source,
            segmented: &doc.segmented,
            metadata: MetadataRecord {
                encoding: &m.encoding,
                bytes: m.bytes,
                chars: m.chars,
                syllables: m.syllables,
                words: m.words,
                raw_sha256: &m.raw_sha256,
                input_segmented: m.was_segmented,
                encoding_reason: &m.encoding_reason,
            },
        }
    }
}

/// A line of `duplicates.jsonl`.
#[derive(Debug, Serialize)]
pub struct DuplicateRecord<'a> {
    pub source: &'a str,
    /// `id` of the kept document this input repeats.
    pub duplicate_of: &'a str,
    /// How it was recognised: `exact`.
    pub kind: &'static str,
}

impl<'a> From<&'a Duplicate> for DuplicateRecord<'a> {
    fn from(dup: &'a Duplicate) -> Self {
        DuplicateRecord { source: &dup.source, duplicate_of: &dup.duplicate_of, kind: dup.kind.as_str() }
    }
}

/// A line of `rejects.jsonl`.
#[derive(Debug, Serialize)]
pub struct RejectRecord<'a> {
    pub source: &'a str,
    /// The stage that rejected it: `fetch`, `clean`, ...
    pub stage: &'static str,
    /// A stable name for the cause: `io`, `binary`, `undecodable`, `empty`, `too-large`, `malformed`,
    /// `http`, `robots`.
    pub reason: &'static str,
    /// The cause in words, with the file and measured value where there is one.
    pub detail: &'a str,
}

impl<'a> From<&'a Reject> for RejectRecord<'a> {
    fn from(rej: &'a Reject) -> Self {
        RejectRecord {
            source: &rej.source,
            stage: rej.stage.as_str(),
            reason: rej.reason.as_str(),
            detail: &rej.detail,
        }
    }
}
