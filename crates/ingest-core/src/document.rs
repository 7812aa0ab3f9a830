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
    /// Tokens of `segmented` under the subword tokenizer given with `--hf-tokenizer`, if any.
    pub subword_tokens: Option<u64>,
    /// Who wrote or supplied the article (`TTXVN/Tin Tức`, `BNG`, `Theo Báo Quốc tế`), as clean
    /// found it in byline lines, several joined by `; `. Set by clean.
    pub byline: Option<String>,
    /// Lines clean took out of the text as page debris, in text order, each with the rule that
    /// took it. Set by clean.
    pub removed: Vec<RemovedLine>,
    /// The language of the text, when clean could tell. Set by clean.
    pub lang: Option<Language>,
    /// Measures of the text that filters judge it by. Set by clean.
    pub quality: Option<Quality>,
    /// When the article was published, ISO 8601, as an HTML page states it. Set by clean.
    pub published: Option<String>,
    /// The author an HTML page names. Set by clean.
    pub author: Option<String>,
    /// The page's canonical URL. Set by clean.
    pub url: Option<String>,
    /// The site's name (`og:site_name`, else the URL's host). Set by clean.
    pub site: Option<String>,
    /// Why fetch decided on `encoding`: `bom`, `transport-charset`, `html-meta-charset`,
    /// `utf16-pattern`, `valid-utf8`, `mojibake-repaired`, `vietnamese-syllables`, `chardetng`.
    pub encoding_reason: String,
}

/// A number with four decimals, held as ten-thousandths so that documents compare exactly and the
/// output rounds the same way everywhere.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fixed4(pub u32);

impl Fixed4 {
    /// `x` rounded to four decimals; negative and NaN values become 0.
    pub fn from_f64(x: f64) -> Fixed4 {
        let scaled = (x * 10_000.0).round();
        Fixed4(if scaled.is_nan() || scaled <= 0.0 { 0 } else { scaled.min(f64::from(u32::MAX)) as u32 })
    }

    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / 10_000.0
    }
}

/// A language and how sure the detector is of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Language {
    /// ISO 639-3 code: `vie`, `eng`, ...
    pub code: &'static str,
    /// 0 to 1.
    pub confidence: Fixed4,
}

/// Measures of a clean text. Shares are 0 to 1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Quality {
    /// Whitespace-separated tokens with a letter or digit.
    pub words: u64,
    /// Mean letters per token with letters (a Vietnamese syllable has 3 to 4).
    pub mean_syllable_length: Fixed4,
    /// Punctuation and symbol characters among non-space characters.
    pub symbol_share: Fixed4,
    /// Non-blank lines that repeat an earlier line of the text.
    pub duplicate_line_share: Fixed4,
    /// Non-blank lines that end like a sentence (`.`, `!`, `?`, `…`, `:`, `;`, before closing
    /// quotes or brackets).
    pub punctuated_line_share: Fixed4,
    /// Tokens of two or more letters written all in capitals.
    pub caps_share: Fixed4,
    /// Letters only Vietnamese writes (`ă ơ ư đ`, hook above, dot below, ...) among letters.
    pub vietnamese_letter_share: Fixed4,
    /// Vietnamese typed without diacritics.
    pub no_diacritics: bool,
}

/// A line removed from the text, and the name of the rule that removed it (`caption`, `byline`,
/// `footer`, ...; the clean crate documents each).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RemovedLine {
    pub rule: &'static str,
    pub line: String,
}
