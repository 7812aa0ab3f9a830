//! The on-disk records: one serde type per file, converted from the in-memory types.
//!
//! Field order is the order in the output.

use ingest_core::{Document, Duplicate, Quality, Reject, RemovedLine};
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
    /// line per non-blank line of `text`; absent when the build does not segment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segmented: Option<&'a str>,
    pub metadata: MetadataRecord<'a>,
}

/// The `metadata` object of a document.
#[derive(Debug, Serialize)]
pub struct MetadataRecord<'a> {
    /// Encoding the input was decoded from (`UTF-8`, `UTF-16LE`, `windows-1258`, `TCVN3`, ...).
    pub encoding: &'a str,
    /// Why `encoding` was chosen: `bom`, `transport-charset`, `html-meta-charset`, `utf16-pattern`,
    /// `valid-utf8`, `mojibake-repaired`, `vietnamese-syllables` or `chardetng`.
    pub encoding_reason: &'a str,
    /// Input size in bytes.
    pub bytes: u64,
    /// Characters (Unicode scalar values) in `text`.
    pub chars: u64,
    /// Non-punctuation tokens in `text`: syllables, numbers, abbreviations.
    pub syllables: u64,
    /// Non-punctuation words in `segmented`; absent when the build does not segment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub words: Option<u64>,
    /// Hex SHA-256 of the input bytes.
    pub raw_sha256: &'a str,
    /// The input was already word-segmented and `text` was restored from it.
    pub input_segmented: bool,
    /// Byline or source lines found in the input (`TTXVN/Tin Tức`), joined by `; `; null when none.
    pub byline: Option<&'a str>,
    /// Lines removed from the input as page debris, in input order; empty when none.
    pub removed: Vec<RemovedRecord<'a>>,
    /// Language of `text`, ISO 639-3 (`vie`, `eng`); null when too short to tell.
    pub lang: Option<&'static str>,
    /// How sure the language detector is, 0 to 1; null with `lang`.
    pub lang_confidence: Option<f64>,
    /// Measures of `text`; see [`QualityRecord`].
    pub quality: Option<QualityRecord>,
    /// Publication date-time of an HTML page, ISO 8601; null when unknown.
    pub published: Option<&'a str>,
    /// Author named by an HTML page; null when unknown.
    pub author: Option<&'a str>,
    /// Canonical URL of an HTML page; null when unknown.
    pub url: Option<&'a str>,
    /// Site name of an HTML page (or its URL's host); null when unknown.
    pub site: Option<&'a str>,
    /// Tokens of `segmented` under the `--hf-tokenizer` tokenizer; absent without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subword_tokens: Option<u64>,
}

/// The measures clean took of a text; shares are 0 to 1, rounded to four decimals.
#[derive(Debug, Serialize)]
pub struct QualityRecord {
    /// Whitespace-separated tokens with a letter or digit.
    pub words: u64,
    /// Mean letters per token with letters.
    pub mean_syllable_length: f64,
    /// Punctuation and symbols among non-space characters.
    pub symbol_share: f64,
    /// Non-blank lines that repeat an earlier line.
    pub duplicate_line_share: f64,
    /// Non-blank lines that end like a sentence.
    pub punctuated_line_share: f64,
    /// Tokens of two or more letters all in capitals.
    pub caps_share: f64,
    /// Letters only Vietnamese writes, among letters.
    pub vietnamese_letter_share: f64,
    /// Vietnamese typed without diacritics.
    pub no_diacritics: bool,
}

impl From<&Quality> for QualityRecord {
    fn from(q: &Quality) -> Self {
        QualityRecord {
            words: q.words,
            mean_syllable_length: q.mean_syllable_length.as_f64(),
            symbol_share: q.symbol_share.as_f64(),
            duplicate_line_share: q.duplicate_line_share.as_f64(),
            punctuated_line_share: q.punctuated_line_share.as_f64(),
            caps_share: q.caps_share.as_f64(),
            vietnamese_letter_share: q.vietnamese_letter_share.as_f64(),
            no_diacritics: q.no_diacritics,
        }
    }
}

/// A line clean removed, and the rule that removed it.
#[derive(Debug, Serialize)]
pub struct RemovedRecord<'a> {
    /// `repeated`, `navigation`, `title_rule`, `title`, `caption_repeat`, `caption`, `share`,
    /// `footer`, `tags` or `byline`.
    pub rule: &'static str,
    pub line: &'a str,
}

impl<'a> From<&'a RemovedLine> for RemovedRecord<'a> {
    fn from(removed: &'a RemovedLine) -> Self {
        RemovedRecord { rule: removed.rule, line: &removed.line }
    }
}

impl<'a> From<&'a Document> for DocumentRecord<'a> {
    fn from(doc: &'a Document) -> Self {
        DocumentRecord::of(doc, true)
    }
}

impl<'a> DocumentRecord<'a> {
    /// The record of `doc`, with its segmentation when the build `segmented`.
    pub fn of(doc: &'a Document, segmented: bool) -> Self {
        let m = &doc.metadata;
        DocumentRecord {
            id: &doc.id,
            text: &doc.text,
            title: doc.title.as_deref(),
            source: &doc.source,
            segmented: segmented.then_some(doc.segmented.as_str()),
            metadata: MetadataRecord {
                encoding: &m.encoding,
                encoding_reason: &m.encoding_reason,
                bytes: m.bytes,
                chars: m.chars,
                syllables: m.syllables,
                words: segmented.then_some(m.words),
                raw_sha256: &m.raw_sha256,
                input_segmented: m.was_segmented,
                byline: m.byline.as_deref(),
                removed: m.removed.iter().map(RemovedRecord::from).collect(),
                lang: m.lang.map(|l| l.code),
                lang_confidence: m.lang.map(|l| l.confidence.as_f64()),
                quality: m.quality.as_ref().map(QualityRecord::from),
                published: m.published.as_deref(),
                author: m.author.as_deref(),
                url: m.url.as_deref(),
                site: m.site.as_deref(),
                subword_tokens: m.subword_tokens,
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
    /// How it was recognised: `exact` or `near`.
    pub kind: &'static str,
    /// Estimated Jaccard similarity with the kept document, for `near`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
}

impl<'a> From<&'a Duplicate> for DuplicateRecord<'a> {
    fn from(dup: &'a Duplicate) -> Self {
        DuplicateRecord {
            source: &dup.source,
            duplicate_of: &dup.duplicate_of,
            kind: dup.kind.as_str(),
            similarity: dup.similarity.map(|s| (s * 1e4).round() / 1e4),
        }
    }
}

/// A line of `rejects.jsonl`.
#[derive(Debug, Serialize)]
pub struct RejectRecord<'a> {
    pub source: &'a str,
    /// The stage that rejected it: `fetch`, `clean`, ...
    pub stage: &'static str,
    /// A stable name for the cause: `io`, `binary`, `undecodable`, `empty`, `too_large`, `malformed`,
    /// `http`, `robots`.
    pub reason: &'static str,
    /// The cause in words, with the file and measured value where there is one.
    pub detail: &'a str,
    /// With `--keep-rejected` only: the clean text of a document rejected by clean (null for
    /// inputs that never had text); the key is absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<Option<&'a str>>,
}

impl<'a> From<&'a Reject> for RejectRecord<'a> {
    fn from(rej: &'a Reject) -> Self {
        RejectRecord {
            source: &rej.source,
            stage: rej.stage.as_str(),
            reason: rej.reason.as_str(),
            detail: &rej.detail,
            text: None,
        }
    }
}
