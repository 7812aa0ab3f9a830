//! Whitespace found by looking at bytes, not by decoding every character.
//!
//! `str::split_whitespace` decodes each character to ask `char::is_whitespace`; Vietnamese text is
//! mostly multi-byte letters, so that decoding is most of the cost of splitting it. Every
//! whitespace character of Unicode is ASCII or starts with one of four bytes (`C2`, `E1`, `E2`,
//! `E3`), and only those few are looked at further. The answers are `char::is_whitespace`'s (the
//! tests check every character).

use std::ops::Range;

/// The length in bytes of the whitespace character that starts at `bytes[at]` (a character
/// boundary, or a continuation byte, which never starts one), or 0 when none does.
#[inline]
pub(crate) fn space_len(bytes: &[u8], at: usize) -> usize {
    let next = |i: usize| bytes.get(at + i).copied().unwrap_or(0);
    match bytes[at] {
        b' ' | b'\t'..=b'\r' => 1,
        // U+0085 (next line), U+00A0 (no-break space).
        0xc2 if matches!(next(1), 0x85 | 0xa0) => 2,
        // U+1680 (ogham space mark).
        0xe1 if next(1) == 0x9a && next(2) == 0x80 => 3,
        // U+2000–U+200A, U+2028, U+2029, U+202F, U+205F.
        0xe2 if matches!((next(1), next(2)), (0x80, 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf) | (0x81, 0x9f)) => 3,
        // U+3000 (ideographic space).
        0xe3 if next(1) == 0x80 && next(2) == 0x80 => 3,
        _ => 0,
    }
}

/// The byte ranges of the words of `text`: what `split_whitespace` gives, as ranges.
pub(crate) fn word_spans(text: &str) -> WordSpans<'_> {
    WordSpans { bytes: text.as_bytes(), at: 0 }
}

/// The words of `text`, as `str::split_whitespace` gives them.
pub(crate) fn words(text: &str) -> impl Iterator<Item = &str> {
    word_spans(text).map(move |span| &text[span])
}

/// Iterator of [`word_spans`].
#[derive(Debug, Clone)]
pub(crate) struct WordSpans<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Iterator for WordSpans<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let bytes = self.bytes;
        let mut i = self.at;
        while i < bytes.len() {
            match space_len(bytes, i) {
                0 => break,
                n => i += n,
            }
        }
        if i == bytes.len() {
            self.at = i;
            return None;
        }
        let start = i;
        while i < bytes.len() && space_len(bytes, i) == 0 {
            i += 1;
        }
        self.at = i;
        Some(start..i)
    }
}

/// Appends the words of `text` to `out` with one space between them (and none before the first).
/// Stretches already spaced that way are copied whole. Returns whether `text` had a word.
pub(crate) fn push_words(text: &str, out: &mut String) -> bool {
    let bytes = text.as_bytes();
    let mut run: Option<Range<usize>> = None; // words seen and not yet copied
    for span in word_spans(text) {
        run = Some(match run {
            None => span,
            Some(run) if span.start == run.end + 1 && bytes[run.end] == b' ' => run.start..span.end,
            Some(run) => {
                out.push_str(&text[run]);
                out.push(' ');
                span
            }
        });
    }
    match run {
        Some(run) => {
            out.push_str(&text[run]);
            true
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn space_len_is_is_whitespace_for_every_character() {
        let mut buf = [0u8; 4];
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let encoded = c.encode_utf8(&mut buf).as_bytes();
            let expected = if c.is_whitespace() { encoded.len() } else { 0 };
            assert_eq!(space_len(encoded, 0), expected, "{c:?}");
            // A continuation byte never starts a space.
            for at in 1..encoded.len() {
                assert_eq!(space_len(encoded, at), 0, "{c:?} byte {at}");
            }
        }
    }

    #[test]
    fn words_are_split_whitespace() {
        let spaces: Vec<char> = (0..=0x10ffff).filter_map(char::from_u32).filter(|c| c.is_whitespace()).collect();
        let mut texts = vec![
            String::new(),
            " ".to_owned(),
            "Hà  Nội\r\n\r\nViệt Nam ".to_owned(),
            "  a b\tc\u{a0}d\u{3000}e\u{1680}f\u{2028}g\u{205f}h\u{85} ".to_owned(),
            "ạ\u{c2}\u{a1}ằ ẻ\u{2010}x\u{200b}y\u{feff}z".to_owned(),
        ];
        for s in &spaces {
            texts.push(format!("Việt{s}Nam{s}{s}ạ {s}"));
        }
        for text in &texts {
            let expected: Vec<&str> = text.split_whitespace().collect();
            assert_eq!(words(text).collect::<Vec<_>>(), expected, "{text:?}");
            let mut out = String::new();
            assert_eq!(push_words(text, &mut out), !expected.is_empty());
            assert_eq!(out, expected.join(" "), "{text:?}");
        }
    }
}
