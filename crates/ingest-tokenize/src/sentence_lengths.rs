//! Words per sentence of a segmented text, counted while the segmenter writes it, so a reader
//! does not have to split the text again.

/// The words of each sentence of a segmented text, as a reader of that text counts them: a word
/// is a whitespace-separated token with a letter or a digit, and a sentence ends at a token that
/// is `.`, `!`, `?`, `...` or `…` alone. A sentence runs on across lines; one with no word is
/// not listed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SentenceLengths {
    lengths: Vec<u64>,
    /// Words of the sentence being read.
    words: u64,
}

impl SentenceLengths {
    /// One output token: `alphanumeric` when one of its units is not punctuation (a unit is
    /// punctuation when it has no letter or digit); `alone` is its text when it is one unit.
    pub(crate) fn token(&mut self, alphanumeric: bool, alone: Option<&str>) {
        if alphanumeric {
            self.words += 1;
        } else if alone.is_some_and(|text| matches!(text, "." | "!" | "?" | "..." | "…")) {
            self.end_sentence();
        }
    }

    fn end_sentence(&mut self) {
        if self.words > 0 {
            self.lengths.push(self.words);
        }
        self.words = 0;
    }

    /// The lengths, with the sentence still open at the end of the text.
    pub fn finish(mut self) -> Vec<u64> {
        self.end_sentence();
        self.lengths
    }
}
