//! The in-memory document.

/// One input on its way through the pipeline.
///
/// Each stage fills in its own fields; a field a stage has not reached yet holds its default
/// (empty string, zero, `None`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// Position of the input in input order, from 0. Decides which duplicate is kept and the
    /// order of every output file.
    pub ordinal: u64,
    /// Where the input came from: a path relative to its input root, `/`-separated.
    pub source: String,
    /// The text. Decoded by fetch, cleaned by clean.
    pub text: String,
    /// The title, once a stage has found one.
    pub title: Option<String>,
    /// The normalized form of the text that decides exact duplicates. Set by clean.
    pub dedupe_key: String,
    /// Hex SHA-256 of `dedupe_key`. Set by dedupe.
    pub id: String,
    /// Word-segmented text, one line per paragraph. Set by tokenize.
    pub segmented: String,
    /// Facts about the document that are not its text.
    pub metadata: Metadata,
}

/// Facts about a document, filled in by the stage that knows each one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    /// The encoding the input bytes were decoded from, as fetch decided it (`UTF-8`,
    /// `UTF-16LE`, `windows-1258`, `TCVN3`, `VNI-Windows`, `VISCII`, ...).
    pub encoding: String,
    /// Size of the input in bytes, before decoding.
    pub bytes: u64,
    /// Hex SHA-256 of the input bytes.
    pub raw_sha256: String,
    /// Whether clean found the text already word-segmented and restored natural text.
    pub was_segmented: bool,
    /// Unicode scalar values in the cleaned text.
    pub chars: u64,
    /// Syllables, numbers and other non-punctuation tokens in the text. Set by tokenize.
    pub syllables: u64,
    /// Words after segmentation, punctuation not counted. Set by tokenize.
    pub words: u64,
    /// Why fetch decided on `encoding`: `bom`, `transport-charset`, `html-meta-charset`,
    /// `utf16-pattern`, `valid-utf8`, `mojibake-repaired`, `vietnamese-syllables`, `chardetng`.
    pub encoding_reason: String,
}
