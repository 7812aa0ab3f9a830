//! Whitespace found by looking at bytes, not by decoding every character.
//!
//! `str::split_whitespace` decodes each character to ask `char::is_whitespace`; Vietnamese text is
//! mostly multi-byte letters, so that decoding is most of the cost of splitting it. Every
//! whitespace character of Unicode is ASCII or starts with one of four bytes (`C2`, `E1`, `E2`,
//! `E3`), and only those few are looked at further. The answers are `char::is_whitespace`'s (the
//! tests check every character).

use std::ops::Range;

/// The bytes a whitespace character can start with: ASCII spaces and controls `\t` to `\r`, and the
/// first bytes of the others (U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000).
const MAY_START_SPACE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = may_start_space(b as u8);
        b += 1;
    }
    table
};

/// The length in bytes of the whitespace character that starts at `bytes[at]` (a character
/// boundary, or a continuation byte, which never starts one), or 0 when none does.
#[inline]
pub(crate) fn space_len(bytes: &[u8], at: usize) -> usize {
    let first = bytes[at];
    if !MAY_START_SPACE[usize::from(first)] {
        return 0;
    }
    let next = |i: usize| bytes.get(at + i).copied().unwrap_or(0);
    match first {
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

/// Whether a scan for the next whitespace character must stop at byte `b`: the bytes of
/// [`MAY_START_SPACE`] but `E1`, which starts most Vietnamese letters with a tone mark, and `9A`
/// instead, the middle byte of U+1680 (`E1 9A 80`), the one whitespace character that starts with
/// `E1`. Other byte scanners build their tables from it.
pub const fn may_be_in_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r' | 0xc2 | 0xe2 | 0xe3 | 0x9a)
}

const MAY_BE_IN_SPACE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = may_be_in_space(b as u8);
        b += 1;
    }
    table
};

/// The whitespace character that byte `at` of `bytes` is part of, as its start and length, found
/// from a byte [`may_be_in_space`] stops at; `None` when it is part of none. A `9A` is looked
/// at as the middle of U+1680, which starts one byte before it, not before `from` (where the scan
/// began, a character boundary).
#[inline]
pub fn space_around(bytes: &[u8], from: usize, at: usize) -> Option<(usize, usize)> {
    let start = if bytes[at] == 0x9a { at.checked_sub(1).filter(|&s| s >= from)? } else { at };
    match space_len(bytes, start) {
        0 => None,
        len => Some((start, len)),
    }
}

/// The offset of the first whitespace character of `bytes[at..]` (`at` a character boundary), or
/// `bytes.len()`.
#[inline]
fn next_space(bytes: &[u8], mut at: usize) -> usize {
    let from = at;
    while at < bytes.len() {
        if MAY_BE_IN_SPACE[usize::from(bytes[at])]
            && let Some((start, _)) = space_around(bytes, from, at)
        {
            return start;
        }
        at += 1;
    }
    at
}

/// The offset of the first character of `bytes[at..]` that is not whitespace, or `bytes.len()`.
#[inline]
fn next_word(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() {
        match space_len(bytes, at) {
            0 => return at,
            n => at += n,
        }
    }
    at
}

/// The byte ranges of the words of `text`: what `split_whitespace` gives, as ranges.
pub(crate) fn word_spans(text: &str) -> WordSpans<'_> {
    WordSpans { bytes: text.as_bytes(), at: 0 }
}

/// The words of `text`, as `str::split_whitespace` gives them.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
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
        let start = next_word(self.bytes, self.at);
        if start == self.bytes.len() {
            self.at = start;
            return None;
        }
        self.at = next_space(self.bytes, start);
        Some(start..self.at)
    }
}

/// Appends the words of `text` to `out` with one space between them (and none before the first).
/// Stretches of words already spaced that way are copied whole. Returns whether `text` had a word.
pub(crate) fn push_words(text: &str, out: &mut String) -> bool {
    let bytes = text.as_bytes();
    let mut any = false;
    let mut at = next_word(bytes, 0);
    while at < bytes.len() {
        let start = at;
        // The stretch goes on over single spaces between words.
        at = next_space(bytes, at);
        while at + 1 < bytes.len() && bytes[at] == b' ' && space_len(bytes, at + 1) == 0 {
            at = next_space(bytes, at + 1);
        }
        if any {
            out.push(' ');
        }
        out.push_str(&text[start..at]);
        any = true;
        at = next_word(bytes, at);
    }
    any
}

/// The lines of `text`, as `text.split('\n')` gives them. The line breaks are found by `memchr`'s
/// vector search, which looks at many bytes an instruction where std's looks at a word.
pub(crate) fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]).map(move |end| {
        let line = &text[start..end];
        start = end + 1;
        line
    })
}

/// Whether `text` has more than `max` words ([`word_spans`]), which the lines counted as
/// repeated ask of every line. A short text is answered by its length alone: most lines a
/// document's furniture is looked for in are short. (Counting word starts in vector code over
/// the whole line measured slower than stopping after `max` words.)
pub(crate) fn more_words_than(text: &str, max: usize) -> bool {
    const BLOCK: usize = 64;
    // A word is a byte at least and a space parts two: `n` bytes hold at most `(n + 1) / 2` words.
    if text.len() <= 2 * max {
        return false;
    }
    // A long line, often a paragraph, is answered by counting, a block at a time, the `' '`
    // followed by a byte that cannot start whitespace ([`MAY_START_SPACE`]): each such byte
    // starts a word, so there are at least as many words. Branch-free within a block, so the
    // compiler makes it vector code; most words of a paragraph start so, and a line they do not
    // settle is counted word by word.
    let bytes = text.as_bytes();
    let mut starts = 0;
    for (a, b) in bytes.chunks(BLOCK).zip(bytes[1..].chunks(BLOCK)) {
        let block: u8 = a.iter().zip(b).map(|(&a, &b)| u8::from((a == b' ') & !may_start_space(b))).sum();
        starts += usize::from(block);
        if starts > max {
            return true;
        }
    }
    word_spans(text).nth(max).is_some()
}

/// Whether byte `b` can start a whitespace character ([`MAY_START_SPACE`] is made from it): by
/// comparisons without branches, which vectorize where a table lookup does not.
#[inline(always)]
const fn may_start_space(b: u8) -> bool {
    (b == b' ') | ((b >= b'\t') & (b <= b'\r')) | (b == 0xc2) | ((b >= 0xe1) & (b <= 0xe3))
}

/// Whether `text` is tidy: words one space apart, lines one `\n` apart or two (a blank line), no
/// other whitespace, none at either end. Tidy text is what [`crate::normalize::tidy_each_line`]
/// gives, and what it gives back unchanged; a pass that finds it so can copy lines whole.
///
/// The bytes untidy text starts with are few, and besides line breaks and quotes, rare in
/// tidy text: they are searched for by `memchr`, many bytes an instruction, and only where one is
/// found is the text looked at. (Testing every byte for them, in blocks that vectorize, cost
/// twice as much.)
pub(crate) fn is_tidy(text: &str) -> bool {
    let bytes = text.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else { return true };
    if matches!(first, b' ' | b'\n') || matches!(last, b' ' | b'\n') {
        return false;
    }
    // Each byte an untidy text may start with, found by `memchr`, is looked at where it is: most
    // are line breaks in place and quotes or dashes (`E2 80`), not spaces.
    let untidy_at = |at: usize| match bytes[at] {
        b'\n' => {
            let next = |i: usize| bytes.get(at + i).copied();
            bytes[at - 1] == b' ' || next(1) == Some(b' ') || (next(1) == Some(b'\n') && next(2) == Some(b'\n'))
        }
        _ => space_len(bytes, at) > 0,
    };
    memchr::memchr3(b'\t', 0x0b, 0x0c, bytes).is_none()
        && !memchr::memchr3_iter(b'\r', b'\n', 0xe2, bytes).any(untidy_at)
        && !memchr::memchr2_iter(0xc2, 0xe3, bytes).any(untidy_at)
        && two_spaces_or_ogham().iter().all(|f| f.find(bytes).is_none())
}

/// The search for a pair of spaces, as [`is_tidy`] makes it.
pub(crate) fn two_spaces() -> &'static memchr::memmem::Finder<'static> {
    &two_spaces_or_ogham()[0]
}

/// The searches [`is_tidy`] makes for a pair of spaces and for U+1680 (`E1 9A 80`: `E1` starts
/// most Vietnamese letters, which a search for it would stop at).
fn two_spaces_or_ogham() -> &'static [memchr::memmem::Finder<'static>; 2] {
    static FINDERS: std::sync::OnceLock<[memchr::memmem::Finder<'static>; 2]> = std::sync::OnceLock::new();
    FINDERS.get_or_init(|| ["  ", "\u{1680}"].map(|s| memchr::memmem::Finder::new(s.as_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_words_than_counts_words() {
        let every: String = (0..0x3100u32)
            .filter_map(char::from_u32)
            .enumerate()
            .flat_map(|(i, c)| [c].into_iter().chain((i % 3 == 0).then_some(' ')))
            .collect();
        let spaces: Vec<char> = (0..=0x10ffffu32).filter_map(char::from_u32).filter(|c| c.is_whitespace()).collect();
        let mut texts: Vec<String> = vec![every, String::new(), " ".into(), "a".into(), "  a  b ".into()];
        for &space in &spaces {
            for n in [1, 3, 10, 40] {
                let words: Vec<String> =
                    (0..n).map(|i| if i % 2 == 0 { "từ".to_owned() } else { "x".repeat(i % 5) }).collect();
                texts.push(words.join(" "));
                texts.push(words.join(&space.to_string()));
                texts.push(format!("{space}{}{space}", words.join("  ")));
                texts.push(format!("{} {space}", words.join(" ")));
            }
        }
        for text in &texts {
            let count = text.split_whitespace().count();
            for max in [0, 1, 2, 3, 9, 10, 11, 30, 39, 40, 41, 100] {
                assert_eq!(more_words_than(text, max), count > max, "{max} {text:?}");
            }
        }
    }

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

    /// Every short text over an alphabet of whitespace and letters is tidy exactly when tidying
    /// it changes nothing.
    #[test]
    fn tidy_is_what_tidying_leaves_unchanged() {
        let alphabet = [" ", "\n", "a", "ạ", "\u{a0}", "\t", "\u{3000}", "\r"];
        let mut level = vec![String::new()];
        let mut texts = level.clone();
        for _ in 0..5 {
            level = level.iter().flat_map(|t| alphabet.map(|a| format!("{t}{a}"))).collect();
            texts.extend(level.iter().cloned());
        }
        for text in &texts {
            let tidied = crate::normalize::tidy_each_line(text.split('\n'), 0);
            assert_eq!(is_tidy(text), tidied == *text, "{text:?}");
        }
    }

    #[test]
    fn lines_are_split_at_line_breaks() {
        let long = "Hà Nội ".repeat(40);
        for text in
            ["", "\n", "\n\n", "a", "a\n", "\na", "a\nb", "ạ\n\nb\r\n c\n", &format!("{long}\n{long}\n\n{long}")]
        {
            assert_eq!(lines(text).collect::<Vec<_>>(), text.split('\n').collect::<Vec<_>>(), "{text:?}");
        }
    }

    /// Long texts, where `memchr` searches in vector code, with each whitespace character, each
    /// pair of spaces and line breaks and each first byte of a space at every offset of a block.
    #[test]
    fn tidy_is_what_tidying_leaves_unchanged_in_long_texts() {
        let spaces: Vec<String> =
            (0..=0x10ffff).filter_map(char::from_u32).filter(|c| c.is_whitespace()).map(String::from).collect();
        let mut inserts: Vec<&str> = spaces.iter().map(String::as_str).collect();
        inserts.extend(["  ", " \n", "\n ", "\n\n", "\n\n\n", "\n\n ", "“", "–", "\u{c2}\u{a9}", "\u{e3}\u{80}", "ạ"]);
        inserts.extend(["\u{a9}", "\u{3001}", "\u{1681}", "\u{2010}", "\u{200b}", "\u{2030}", "\u{2060}"]);
        let (mut tidy, mut texts) = (0, 0);
        for insert in inserts {
            for pad in 0..80 {
                let text = format!("{}{}{insert}x{}", "Hà Nội ".repeat(pad / 7), "ạ".repeat(pad % 7), " y".repeat(40));
                let tidied = crate::normalize::tidy_each_line(text.split('\n'), 0);
                assert_eq!(is_tidy(&text), tidied == text, "{text:?}");
                tidy += usize::from(tidied == text);
                texts += 1;
            }
        }
        assert!(tidy > 1000 && texts - tidy > 1000, "{tidy} of {texts} tidy");
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
            let tidied = crate::normalize::tidy_each_line(text.split('\n'), 0);
            assert_eq!(is_tidy(text), tidied == *text, "{text:?}");
            assert!(is_tidy(&tidied), "{tidied:?}");
            let expected: Vec<&str> = text.split_whitespace().collect();
            assert_eq!(words(text).collect::<Vec<_>>(), expected, "{text:?}");
            let mut out = String::new();
            assert_eq!(push_words(text, &mut out), !expected.is_empty());
            assert_eq!(out, expected.join(" "), "{text:?}");
        }
    }
}
