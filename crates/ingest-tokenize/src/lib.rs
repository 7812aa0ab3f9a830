//! The tokenize stage: Vietnamese text to words, in the form PhoBERT-style models expect.
//!
//! Two steps, both pure:
//! 1. [`syllables::tokenize`] splits a line into tokens: syllables, numbers, abbreviations,
//!    URLs and the like, and punctuation, each its own token (the rules are in that module).
//! 2. [`segment::segment`] joins runs of syllables into words by longest match, four syllables
//!    down to two, against the RDRsegmenter vocabulary (`data/rdrsegmenter/VnVocab.txt`,
//!    Apache-2.0, embedded in the binary).
//!
//! The output writes the syllables of a word joined by `_` and the words separated by one space,
//! one line per non-blank line of the text: `Thứ_trưởng Bộ Ngoại_giao Nguyễn Minh Vũ`. The
//! characters are the input's own; only spaces become `_`.

pub mod segment;
pub mod syllables;
mod vocab;

use ingest_core::Document;

/// A segmented text and its counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segmented {
    /// One line per non-blank input line.
    pub text: String,
    /// Tokens that are not punctuation.
    pub syllables: u64,
    /// Words that are not punctuation.
    pub words: u64,
}

/// Segments every non-blank line of `text`.
pub fn segment_text(text: &str) -> Segmented {
    let mut out = Segmented { text: String::with_capacity(text.len() + text.len() / 8), ..Segmented::default() };
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        if !out.text.is_empty() {
            out.text.push('\n');
        }
        let tokens = syllables::tokenize(line);
        out.syllables += tokens.iter().filter(|t| !t.is_punct()).count() as u64;
        let words = segment::segment(&tokens);
        out.words += words.iter().filter(|w| !w.is_punct(&tokens)).count() as u64;
        segment::write_words(&tokens, &words, &mut out.text);
    }
    out
}

/// Fills in `segmented` and the word counts of a document.
pub fn segment_document(doc: &mut Document) {
    let segmented = segment_text(&doc.text);
    doc.segmented = segmented.text;
    doc.metadata.syllables = segmented.syllables;
    doc.metadata.words = segmented.words;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        assert_eq!(segment_text(input).text, expected, "input {input:?}");
    }

    #[test]
    fn segments_lines() {
        check(
            "Thứ trưởng Bộ Ngoại giao Nguyễn Minh Vũ đã thăm Nga, ngày 29/8.",
            "Thứ_trưởng Bộ Ngoại_giao Nguyễn Minh Vũ đã thăm Nga , ngày 29/8 .",
        );
        check("Hai bên nhất trí.\n\nTăng cường hợp tác.", "Hai bên nhất_trí .\nTăng_cường hợp_tác .");
        check("", "");
    }

    #[test]
    fn counts_syllables_and_words_without_punctuation() {
        let s = segment_text("Hai bên nhất trí, hợp tác.");
        assert_eq!((s.syllables, s.words), (6, 4));
    }

    #[test]
    fn segmentation_keeps_every_character() {
        let input = "Hòa bình, “hoà bình” và THỦY ĐIỆN (TP.HCM) 1.000 người — 50% email a@b.vn";
        let out = segment_text(input).text;
        let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace() && *c != '_').collect::<String>();
        assert_eq!(strip(&out), strip(input));
    }
}
