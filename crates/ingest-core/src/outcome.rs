//! What became of an input: a document, a duplicate or a reject.

use std::fmt;

use crate::Document;

/// The one outcome of every input. Nothing is dropped without one.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The input became a document of the dataset.
    Document(Box<Document>),
    /// The input repeats a document that comes earlier in input order.
    Duplicate(Duplicate),
    /// The input produced no document.
    Reject(Reject),
}

impl Outcome {
    /// Input order position of the input this outcome belongs to.
    pub fn ordinal(&self) -> u64 {
        match self {
            Outcome::Document(doc) => doc.ordinal,
            Outcome::Duplicate(dup) => dup.ordinal,
            Outcome::Reject(rej) => rej.ordinal,
        }
    }
}

/// A pipeline stage, as named in reject records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stage {
    Fetch,
    Clean,
    Dedupe,
    Tokenize,
    Emit,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Fetch => "fetch",
            Stage::Clean => "clean",
            Stage::Dedupe => "dedupe",
            Stage::Tokenize => "tokenize",
            Stage::Emit => "emit",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why an input produced no document. The names are part of the output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RejectReason {
    /// The input could not be read: missing, unreadable, a directory that cannot be listed.
    Io,
    /// The bytes are not text: NUL bytes, an image or archive header, control characters.
    Binary,
    /// The bytes are not valid in any encoding the fetch stage tried.
    Undecodable,
    /// Nothing is left after cleaning.
    Empty,
    /// Fewer words than `clean.filters.min_words`.
    TooShort,
    /// Not in one of `clean.filters.languages`.
    Language,
    /// Vietnamese without diacritics, when `clean.filters.reject_no_diacritics` is on.
    NoDiacritics,
    /// More punctuation and symbols than `clean.filters.max_symbol_share`.
    Symbols,
    /// More repeated lines than `clean.filters.max_duplicate_line_share`.
    DuplicateLines,
    /// More all-caps words than `clean.filters.max_caps_share`.
    AllCaps,
    /// Fewer lines ending like sentences than `clean.filters.min_punctuated_line_share`.
    Unpunctuated,
    /// Longer words on average than `clean.filters.max_mean_syllable_length`: not syllables but
    /// identifiers, URLs, encoded data or letters run together.
    LongWords,
    /// Over a size limit: a document larger than the per-document limit, or the rest of an
    /// archive past the per-archive limit (a decompression bomb stops here, not in memory).
    TooLarge,
    /// The container is broken where this input should be: a JSONL line that is not a JSON
    /// object with the text field, a WARC record that does not parse, a corrupt archive.
    Malformed,
    /// A URL that could not be fetched: an HTTP error status (5xx after retries), a timeout, a
    /// redirect loop, a network failure, or not in the cache when offline.
    Http,
    /// robots.txt disallows the URL.
    Robots,
}

impl RejectReason {
    /// Every reason, in declaration order: `ALL[reason as usize] == reason`.
    pub const ALL: [RejectReason; 16] = [
        RejectReason::Io,
        RejectReason::Binary,
        RejectReason::Undecodable,
        RejectReason::Empty,
        RejectReason::TooShort,
        RejectReason::Language,
        RejectReason::NoDiacritics,
        RejectReason::Symbols,
        RejectReason::DuplicateLines,
        RejectReason::AllCaps,
        RejectReason::Unpunctuated,
        RejectReason::LongWords,
        RejectReason::TooLarge,
        RejectReason::Malformed,
        RejectReason::Http,
        RejectReason::Robots,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RejectReason::Io => "io",
            RejectReason::Binary => "binary",
            RejectReason::Undecodable => "undecodable",
            RejectReason::Empty => "empty",
            RejectReason::TooShort => "too_short",
            RejectReason::Language => "language",
            RejectReason::NoDiacritics => "no_diacritics",
            RejectReason::Symbols => "symbols",
            RejectReason::DuplicateLines => "duplicate_lines",
            RejectReason::AllCaps => "all_caps",
            RejectReason::Unpunctuated => "unpunctuated",
            RejectReason::LongWords => "long_words",
            RejectReason::TooLarge => "too_large",
            RejectReason::Malformed => "malformed",
            RejectReason::Http => "http",
            RejectReason::Robots => "robots",
        }
    }
}

impl fmt::Display for RejectReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An input that produced no document, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    pub ordinal: u64,
    pub source: String,
    pub stage: Stage,
    pub reason: RejectReason,
    /// A sentence for a person: what was found, with the measured value where there is one.
    pub detail: String,
}

/// How a duplicate was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DuplicateKind {
    /// Same dedupe key as an earlier document.
    Exact,
    /// Estimated Jaccard similarity of shingles with an earlier document at or above the threshold.
    Near,
    /// Same dedupe key as a document an earlier build published (`--index`).
    ExactIndex,
    /// Near a document an earlier build published (`--index`).
    NearIndex,
    /// Every paragraph already in earlier kept documents (`--dedupe-paragraphs`).
    Paragraphs,
}

impl DuplicateKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DuplicateKind::Exact => "exact",
            DuplicateKind::Near => "near",
            DuplicateKind::ExactIndex => "exact-index",
            DuplicateKind::NearIndex => "near-index",
            DuplicateKind::Paragraphs => "paragraphs",
        }
    }
}

/// An input dropped because it repeats an earlier document.
#[derive(Debug, Clone, PartialEq)]
pub struct Duplicate {
    pub ordinal: u64,
    pub source: String,
    /// The `id` of the document it repeats.
    pub duplicate_of: String,
    pub kind: DuplicateKind,
    /// Estimated similarity, for near-duplicates.
    pub similarity: Option<f64>,
    /// Hex SHA-256 of the input bytes, for the manifest's input fingerprint.
    pub raw_sha256: String,
}

#[cfg(test)]
mod tests {
    use super::RejectReason;

    #[test]
    fn all_reasons_are_listed_in_declaration_order_with_distinct_names() {
        for (i, reason) in RejectReason::ALL.into_iter().enumerate() {
            assert_eq!(reason as usize, i, "{reason}");
        }
        let mut names: Vec<&str> = RejectReason::ALL.iter().map(|r| r.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), RejectReason::ALL.len());
        // The last variant is listed, so every variant before it is too.
        assert_eq!(RejectReason::ALL.last().map(|r| *r as usize), Some(RejectReason::Robots as usize));
    }
}
