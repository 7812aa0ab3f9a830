//! Joining syllables into words.
//!
//! Longest match, left to right: at each syllable, the longest run of four, then three, then two
//! syllables whose lowercase old-style form is in the vocabulary becomes one word; otherwise the
//! syllable is a word by itself. Tokens that are not syllables (numbers, punctuation,
//! abbreviations) are always words by themselves and never part of a longer word.

use crate::syllables::{Kind, Token};
use crate::vocab;

/// Longest run of syllables tried as one word.
pub const MAX_WORD_SYLLABLES: usize = 4;

/// A word: the tokens `start..end` of the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    pub start: usize,
    pub end: usize,
}

impl Word {
    pub fn is_punct(&self, tokens: &[Token<'_>]) -> bool {
        self.end - self.start == 1 && tokens[self.start].is_punct()
    }
}

/// Splits `tokens` into words; see the module docs.
pub fn segment(tokens: &[Token<'_>]) -> Vec<Word> {
    let forms: Vec<Option<String>> =
        tokens.iter().map(|t| (t.kind == Kind::Syllable).then(|| vocab::model_form(t.text))).collect();
    let mut words = Vec::with_capacity(tokens.len());
    let mut key = String::new();
    let mut i = 0;
    while i < tokens.len() {
        let mut len = 1;
        if forms[i].is_some() {
            let run = forms[i..].iter().take(MAX_WORD_SYLLABLES).take_while(|f| f.is_some()).count();
            for n in (2..=run).rev() {
                key.clear();
                for (k, form) in forms[i..i + n].iter().flatten().enumerate() {
                    if k > 0 {
                        key.push(' ');
                    }
                    key.push_str(form);
                }
                if vocab::contains(&key) {
                    len = n;
                    break;
                }
            }
        }
        words.push(Word { start: i, end: i + len });
        i += len;
    }
    words
}

/// Appends the words to `out`: syllables of a word joined by `_`, words by one space.
pub fn write_words(tokens: &[Token<'_>], words: &[Word], out: &mut String) {
    for (w, word) in words.iter().enumerate() {
        if w > 0 {
            out.push(' ');
        }
        for (k, token) in tokens[word.start..word.end].iter().enumerate() {
            if k > 0 {
                out.push('_');
            }
            out.push_str(token.text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syllables::tokenize;

    fn check(input: &str, expected: &str) {
        let tokens = tokenize(input);
        let mut out = String::new();
        write_words(&tokens, &segment(&tokens), &mut out);
        assert_eq!(out, expected, "input {input:?}");
    }

    #[test]
    fn longest_match() {
        check("Bộ Ngoại giao", "Bộ Ngoại_giao");
        // New-style and old-style tone placement find the same word; the text keeps its own.
        check("hòa bình và hoà bình", "hòa_bình và hoà_bình");
        check("Đối tác chiến lược toàn diện", "Đối_tác chiến_lược toàn_diện");
        // Punctuation and numbers break runs.
        check("ngoại, giao 12 năm", "ngoại , giao 12 năm");
        check("", "");
    }
}
