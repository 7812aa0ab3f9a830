//! Where the tone mark sits in the open syllables written with `oa`, `oe` and `uy`.
//!
//! Vietnamese text writes these syllables two ways: with the mark on the first vowel (`hòa`,
//! `khỏe`, `thủy`) or on the second (`hoà`, `khoẻ`, `thuỷ`). Both are correct and both are common,
//! so the same word arrives spelled two ways. [`ToneStyle`] picks one:
//!
//! - [`ToneStyle::New`] writes the mark on the first vowel: `hòa`, `khỏe`, `thủy`;
//! - [`ToneStyle::Old`] writes it on the second: `hoà`, `khoẻ`, `thuỷ`;
//! - [`ToneStyle::Keep`] leaves the text as it is.
//!
//! The names are those of issue 5, which defines them by these examples. (Vietnamese grammars often
//! call the second-vowel placement the "new" one; the examples, not the names, are the contract.)
//!
//! Only a syllable whose vowels are exactly `oa`, `oe` or `uy` with nothing after them changes.
//! A closed syllable (`toàn`, `hoàng`, `thuýt`), a triphthong (`hoài`, `khuya`), `qu` + vowel (`quý`,
//! `quà`: the `u` belongs to the initial) and vowels with a hat or horn (`hoả` is `o`+`a`, but
//! `huế`, `thuở` are not pairs) keep their spelling. Each letter keeps its case.

use std::borrow::Cow;

use crate::letters::{is_letter, is_vowel, split_tone, untoned};

/// Which vowel of `oa`, `oe`, `uy` carries the tone mark in the emitted text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ToneStyle {
    /// As the input has it.
    #[default]
    Keep,
    /// On the first vowel: `hòa`, `khỏe`, `thủy`.
    New,
    /// On the second vowel: `hoà`, `khoẻ`, `thuỷ`.
    Old,
}

impl ToneStyle {
    pub fn as_str(self) -> &'static str {
        match self {
            ToneStyle::Keep => "keep",
            ToneStyle::New => "new",
            ToneStyle::Old => "old",
        }
    }
}

/// The five marked forms of each vowel that can carry the moved mark, in the order of
/// [`split_tone`]: grave (huyền), acute (sắc), hook above (hỏi), tilde (ngã), dot below (nặng).
const MARKED: [(char, [char; 5]); 10] = [
    ('a', ['à', 'á', 'ả', 'ã', 'ạ']),
    ('e', ['è', 'é', 'ẻ', 'ẽ', 'ẹ']),
    ('o', ['ò', 'ó', 'ỏ', 'õ', 'ọ']),
    ('u', ['ù', 'ú', 'ủ', 'ũ', 'ụ']),
    ('y', ['ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ']),
    ('A', ['À', 'Á', 'Ả', 'Ã', 'Ạ']),
    ('E', ['È', 'É', 'Ẻ', 'Ẽ', 'Ẹ']),
    ('O', ['Ò', 'Ó', 'Ỏ', 'Õ', 'Ọ']),
    ('U', ['Ù', 'Ú', 'Ủ', 'Ũ', 'Ụ']),
    ('Y', ['Ỳ', 'Ý', 'Ỷ', 'Ỹ', 'Ỵ']),
];

/// `c` as (unmarked base, tone index) when it is one of the vowels above.
fn split(c: char) -> Option<(char, Option<usize>)> {
    if MARKED.iter().any(|(base, _)| *base == c) {
        return Some((c, None));
    }
    split_tone(c)
        .filter(|(base, _)| MARKED.iter().any(|(b, _)| b == base))
        .map(|(base, tone)| (base, Some(usize::from(tone))))
}

fn mark(base: char, tone: usize) -> char {
    MARKED.iter().find(|(b, _)| *b == base).map_or(base, |(_, forms)| forms[tone])
}

fn is_pair(first: char, second: char) -> bool {
    matches!((first.to_ascii_lowercase(), second.to_ascii_lowercase()), ('o', 'a') | ('o', 'e') | ('u', 'y'))
}

/// The syllable `word` (letters only) with its mark moved per `style`, or `None` when it does not
/// change.
fn restyle_syllable(word: &[char], style: ToneStyle) -> Option<[char; 2]> {
    let n = word.len();
    if n < 2 {
        return None;
    }
    let (first, second) = (word[n - 2], word[n - 1]);
    if !is_pair(untoned(first), untoned(second)) {
        return None;
    }
    let initial = &word[..n - 2];
    // Everything before the pair is the initial consonant; `qu` makes the `u` consonantal.
    if initial.iter().any(|&c| is_vowel(c)) || initial.last().is_some_and(|c| c.eq_ignore_ascii_case(&'q')) {
        return None;
    }
    let (b1, t1) = split(first)?;
    let (b2, t2) = split(second)?;
    let tone = match (t1, t2) {
        (Some(t), None) | (None, Some(t)) => t,
        _ => return None,
    };
    let wanted = match style {
        ToneStyle::Keep => return None,
        ToneStyle::New => [mark(b1, tone), b2],
        ToneStyle::Old => [b1, mark(b2, tone)],
    };
    (wanted != [first, second]).then_some(wanted)
}

/// Whether `c` can be the last letter of a syllable [`restyle_syllable`] changes: in the new
/// style the mark moves off the second vowel, so that vowel is a marked `a`, `e`, `y`; in the old
/// style the mark moves onto it, so it is an unmarked one.
fn may_end_changed_pair(c: char, style: ToneStyle) -> bool {
    match style {
        ToneStyle::Keep => false,
        ToneStyle::New => matches!(
            c,
            'à' | 'á'
                | 'ả'
                | 'ã'
                | 'ạ'
                | 'è'
                | 'é'
                | 'ẻ'
                | 'ẽ'
                | 'ẹ'
                | 'ỳ'
                | 'ý'
                | 'ỷ'
                | 'ỹ'
                | 'ỵ'
                | 'À'
                | 'Á'
                | 'Ả'
                | 'Ã'
                | 'Ạ'
                | 'È'
                | 'É'
                | 'Ẻ'
                | 'Ẽ'
                | 'Ẹ'
                | 'Ỳ'
                | 'Ý'
                | 'Ỷ'
                | 'Ỹ'
                | 'Ỵ'
        ),
        ToneStyle::Old => matches!(c, 'a' | 'e' | 'y' | 'A' | 'E' | 'Y'),
    }
}

/// Whether `c` can be the first vowel of a pair [`restyle_syllable`] changes: `o` or `u`, in
/// either case, unmarked in the new style (the mark is on the second vowel) and marked in the
/// old style (the mark moves off it).
fn may_start_changed_pair(c: char, style: ToneStyle) -> bool {
    match style {
        ToneStyle::Keep => false,
        ToneStyle::New => matches!(c, 'o' | 'u' | 'O' | 'U'),
        ToneStyle::Old => split_tone(c).is_some_and(|(base, _)| matches!(base, 'o' | 'u' | 'O' | 'U')),
    }
}

/// The set of `bytes`, as a table indexed by byte.
const fn byte_set(bytes: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
}

/// The first bytes in UTF-8 of the letters [`may_end_changed_pair`] accepts in the new style
/// (U+00C0–U+00FF and U+1EA0–U+1EF9) and in the old style (ASCII), so that the other bytes are
/// passed over without decoding.
const NEW_LAST_FIRST_BYTES: [bool; 256] = byte_set(&[0xc3, 0xe1]);
const OLD_LAST_FIRST_BYTES: [bool; 256] = byte_set(b"aeyAEY");

/// The last bytes in UTF-8 of the letters [`may_start_changed_pair`] accepts in the new style
/// (`o`, `u`, `O`, `U`, ASCII) and in the old style (marked vowels, none ASCII, so a continuation
/// byte): the byte before a candidate last letter must be one, which most are not (`à` after
/// `o` is rare, after any letter common), so most candidates are passed over without decoding.
const NEW_FIRST_LAST_BYTES: [bool; 256] = byte_set(b"ouOU");
const OLD_FIRST_LAST_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0x80;
    while b < 0xc0 {
        table[b] = true;
        b += 1;
    }
    table
};

/// How many positions [`apply`] passes over at once when none is a candidate.
const CHUNK: usize = 16;

/// Whether `byte` may start a candidate last letter that `before` precedes in `style`: the tables
/// `*_LAST_FIRST_BYTES` and `*_FIRST_LAST_BYTES`, written with comparisons so that
/// [`any_candidate`] is vector code.
#[inline]
fn may_be_candidate(before: u8, byte: u8, style: ToneStyle) -> bool {
    let (b, lower) = (before | 0x20, byte | 0x20);
    match style {
        ToneStyle::Keep => false,
        ToneStyle::New => ((b == b'o') | (b == b'u')) & ((byte == 0xc3) | (byte == 0xe1)),
        ToneStyle::Old => (before & 0xc0 == 0x80) & ((lower == b'a') | (lower == b'e') | (lower == b'y')),
    }
}

/// Whether any of the `CHUNK` positions after the first byte of `window` (`CHUNK + 1` bytes)
/// holds a candidate: most chunks of text hold none and are passed over whole.
#[inline]
fn any_candidate(window: &[u8], style: ToneStyle) -> bool {
    let (before, bytes) = (&window[..CHUNK], &window[1..=CHUNK]);
    before.iter().zip(bytes).fold(false, |any, (&a, &b)| any | may_be_candidate(a, b, style))
}

/// `byte` in every byte of a `u64`.
const fn splat(byte: u8) -> u64 {
    u64::from_le_bytes([byte; 8])
}

/// The bytes of `x` equal to `byte`, as their high bits: exact, as no addition carries from one
/// byte into the next (the low seven bits are added apart from the high one).
#[inline]
fn eq_bytes(x: u64, byte: u8) -> u64 {
    let y = x ^ splat(byte);
    let low = splat(0x7f);
    !(((y & low) + low) | y | low)
}

/// The positions after the first byte of `window` (9 bytes) that hold a candidate
/// ([`may_be_candidate`]), as the high bits of their bytes (byte `i` for position `i + 1`):
/// eight positions tested at once, word-wide, so that a chunk that holds a candidate is not
/// looked at byte by byte to find it.
#[inline]
fn candidate_bytes(window: &[u8; 9], style: ToneStyle) -> u64 {
    let word = |from: usize| u64::from_le_bytes(window[from..from + 8].try_into().expect("eight bytes"));
    let (before, bytes) = (word(0), word(1));
    match style {
        ToneStyle::Keep => 0,
        ToneStyle::New => {
            let b = before | splat(0x20);
            (eq_bytes(b, b'o') | eq_bytes(b, b'u')) & (eq_bytes(bytes, 0xc3) | eq_bytes(bytes, 0xe1))
        }
        ToneStyle::Old => {
            let lower = bytes | splat(0x20);
            eq_bytes(before & splat(0xc0), 0x80)
                & (eq_bytes(lower, b'a') | eq_bytes(lower, b'e') | eq_bytes(lower, b'y'))
        }
    }
}

/// The word that ends with the letter that the candidate byte `at` of `text` starts, restyled
/// into `word`, and its byte range, when the candidate is the last letter of a word that changes.
fn restyled_word(text: &str, at: usize, style: ToneStyle, word: &mut Vec<char>) -> Option<(usize, usize)> {
    // `text[at]` starts a character: no continuation byte is in the tables.
    let last = text[at..].chars().next().filter(|&c| may_end_changed_pair(c, style))?;
    if !text[..at].chars().next_back().is_some_and(|first| may_start_changed_pair(first, style)) {
        return None;
    }
    // The word is the run of letters around `last`, which must end it.
    let end = at + last.len_utf8();
    if text[end..].chars().next().is_some_and(is_letter) {
        return None;
    }
    let begin = text[..at].char_indices().rev().take_while(|&(_, c)| is_letter(c)).last().map_or(at, |(i, _)| i);
    word.clear();
    word.extend(text[begin..end].chars());
    let pair = restyle_syllable(word, style)?;
    let n = word.len();
    word[n - 2] = pair[0];
    word[n - 1] = pair[1];
    Some((begin, end))
}

/// [`apply`] to an owned text: `text` itself when nothing changes.
pub fn apply_owned(text: String, style: ToneStyle) -> String {
    match apply(&text, style) {
        Cow::Borrowed(_) => text,
        Cow::Owned(changed) => changed,
    }
}

/// `text` with the tone marks of `oa`, `oe`, `uy` syllables placed per `style`. Borrowed when
/// nothing changes, which is most text: only words whose last letter could end a changing pair
/// ([`may_end_changed_pair`]) are examined.
pub fn apply(text: &str, style: ToneStyle) -> Cow<'_, str> {
    let (first_bytes, before_bytes) = match style {
        ToneStyle::Keep => return Cow::Borrowed(text),
        ToneStyle::New => (&NEW_LAST_FIRST_BYTES, &NEW_FIRST_LAST_BYTES),
        ToneStyle::Old => (&OLD_LAST_FIRST_BYTES, &OLD_FIRST_LAST_BYTES),
    };
    let mut out: Option<String> = None;
    let mut copied = 0; // bytes of `text` already in `out`
    let mut word: Vec<char> = Vec::new();
    // Restyles the word that the candidate at `at` ends, if it is one that changes.
    let mut visit = |at: usize| {
        if let Some((begin, end)) = restyled_word(text, at, style, &mut word) {
            let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
            out.push_str(&text[copied..begin]);
            out.extend(word.iter());
            copied = end;
        }
    };
    let bytes = text.as_bytes();
    // The first byte has no letter before it, so it ends no pair.
    let mut at = 1;
    while let Some(window) = bytes.get(at - 1..at + CHUNK) {
        if any_candidate(window, style) {
            // The candidates are found eight positions at a time, and visited in order.
            for (eighth, window) in window.windows(9).step_by(8).enumerate() {
                let mut found = candidate_bytes(window.try_into().expect("nine bytes"), style);
                while found != 0 {
                    visit(at + eighth * 8 + found.trailing_zeros() as usize / 8);
                    found &= found - 1;
                }
            }
        }
        at += CHUNK;
    }
    for at in at..bytes.len() {
        if first_bytes[usize::from(bytes[at])] && before_bytes[usize::from(bytes[at - 1])] {
            visit(at);
        }
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut out) => {
            out.push_str(&text[copied..]);
            Cow::Owned(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, style: ToneStyle, expected: &str) {
        assert_eq!(apply(input, style), expected, "{input:?} in style {}", style.as_str());
    }

    /// Every tone on every pair, lower and upper case, both ways.
    #[test]
    fn moves_every_tone_of_every_pair() {
        // (first-vowel form, second-vowel form) for each tone: grave, acute, hook, tilde, dot.
        let table: [[(&str, &str); 5]; 3] = [
            [("hòa", "hoà"), ("hóa", "hoá"), ("hỏa", "hoả"), ("hõa", "hoã"), ("họa", "hoạ")],
            [("xòe", "xoè"), ("khóe", "khoé"), ("khỏe", "khoẻ"), ("õe", "oẽ"), ("lọe", "loẹ")],
            [("tùy", "tuỳ"), ("thúy", "thuý"), ("thủy", "thuỷ"), ("lũy", "luỹ"), ("lụy", "luỵ")],
        ];
        for row in table {
            for (first, second) in row {
                for (new, old) in [(first.to_owned(), second.to_owned()), (first.to_uppercase(), second.to_uppercase())]
                {
                    check(&new, ToneStyle::Old, &old);
                    check(&old, ToneStyle::New, &new);
                    check(&new, ToneStyle::New, &new);
                    check(&old, ToneStyle::Old, &old);
                    check(&new, ToneStyle::Keep, &new);
                    check(&old, ToneStyle::Keep, &old);
                }
            }
        }
    }

    #[test]
    fn keeps_case_of_each_letter() {
        check("Hòa Bình, Khỏe, Thủy", ToneStyle::Old, "Hoà Bình, Khoẻ, Thuỷ");
        check("HoÀ", ToneStyle::New, "HòA");
        check("hoà bình và sức khoẻ; thuỷ điện.", ToneStyle::New, "hòa bình và sức khỏe; thủy điện.");
    }

    #[test]
    fn other_syllables_do_not_change() {
        for word in [
            // Closed syllables and triphthongs.
            "toàn", "hoàng", "hoạch", "khoét", "huỳnh", "hoài", "ngoáy", "khuya", "chuyện", "tuyết",
            // qu + vowel: the u is part of the initial.
            "quý", "quỳ", "quà", "quẻ", "Quý", // Vowels with hat, breve or horn, and other pairs.
            "hoặc", "huế", "thuở", "của", "múa", "lừa", "mía", "hỏi", "tuổi", "người",
            // Unmarked pairs, one-letter words, non-Vietnamese words.
            "hoa", "khoe", "thuy", "buy", "toy", "à", "y",
        ] {
            check(word, ToneStyle::New, word);
            check(word, ToneStyle::Old, word);
        }
        // A syllable ends where the letters end.
        check("Hòa123 hòa-bình", ToneStyle::Old, "Hoà123 hoà-bình");
    }

    /// [`apply`] as it was before it looked only at the words that may change: every word.
    fn apply_slowly(text: &str, style: ToneStyle) -> String {
        let mut out = String::new();
        let mut word: Vec<char> = Vec::new();
        for c in text.chars().chain(std::iter::once(' ')) {
            if is_letter(c) {
                word.push(c);
                continue;
            }
            if let Some(pair) = restyle_syllable(&word, style) {
                let n = word.len();
                word[n - 2] = pair[0];
                word[n - 1] = pair[1];
            }
            out.extend(word.drain(..));
            out.push(c);
        }
        out.pop();
        out
    }

    #[test]
    fn looking_at_fewer_words_changes_nothing() {
        let mut texts = vec![
            String::new(),
            "hoà".to_owned(),
            "Hòa Bình, khoẻ,thuỷ-điện hoá123 quý KHỎE hoÀ oà ùy toàn xoè lọe hòa\nthủy".to_owned(),
            include_str!("../../../seeds/000_eae569450ad647c0.txt").to_owned(),
            include_str!("../../../seeds/001_99b65eee0feaa7b5.txt").to_owned(),
        ];
        // Every marked and unmarked vowel after every onset-ish prefix.
        let vowels: Vec<char> =
            "aeiouyAEIOUYàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵÀÁẢÃẠÈÉẺẼẸÒÓỎÕỌÙÚỦŨỤỲÝỶỸỴăâêôơư".chars().collect();
        for prefix in ["", "h", "kh", "q", "qu", "th", "1", "-"] {
            let mut text = String::new();
            for &a in &vowels {
                for &b in &vowels {
                    text.push_str(&format!("{prefix}{a}{b} {a}{b}n x{a}{b}. "));
                }
            }
            texts.push(text);
        }
        for text in &texts {
            for style in [ToneStyle::New, ToneStyle::Old, ToneStyle::Keep] {
                let expected = if style == ToneStyle::Keep { text.clone() } else { apply_slowly(text, style) };
                assert_eq!(apply(text, style), expected, "{style:?}");
            }
        }
    }

    #[test]
    fn candidate_last_letters_are_the_pairs_second_vowels() {
        let mut buf = [0u8; 4];
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let marked = split_tone(c).is_some_and(|(base, _)| matches!(base, 'a' | 'e' | 'y' | 'A' | 'E' | 'Y'));
            assert_eq!(may_end_changed_pair(c, ToneStyle::New), marked, "{c:?}");
            let first = usize::from(c.encode_utf8(&mut buf).as_bytes()[0]);
            if may_end_changed_pair(c, ToneStyle::New) {
                assert!(NEW_LAST_FIRST_BYTES[first], "{c:?}");
            }
            if may_end_changed_pair(c, ToneStyle::Old) {
                assert!(OLD_LAST_FIRST_BYTES[first], "{c:?}");
            }
        }
        // No continuation byte is in the tables.
        assert!((0x80..0xc0).all(|b| !NEW_LAST_FIRST_BYTES[b] && !OLD_LAST_FIRST_BYTES[b]));
    }

    #[test]
    fn candidates_by_comparison_are_those_of_the_tables() {
        let styles = [
            (ToneStyle::New, &NEW_LAST_FIRST_BYTES, &NEW_FIRST_LAST_BYTES),
            (ToneStyle::Old, &OLD_LAST_FIRST_BYTES, &OLD_FIRST_LAST_BYTES),
        ];
        for (style, first, before) in styles {
            for a in 0..=255u8 {
                for b in 0..=255u8 {
                    let table = first[usize::from(b)] && before[usize::from(a)];
                    assert_eq!(may_be_candidate(a, b, style), table, "{style:?} {a:#x} {b:#x}");
                }
            }
        }
        assert!((0..=255u8).all(|b| !may_be_candidate(b'o', b, ToneStyle::Keep)));
    }

    /// Every pair of bytes at every one of the eight positions, among bytes that are and are not
    /// candidates around it: the word-wide test finds what the byte test finds, there and only there.
    #[test]
    fn candidates_eight_at_a_time_are_those_of_the_byte_test() {
        let fillers: [&[u8]; 4] = [b"ooooooooo", "oàuýoẹuỵo".as_bytes(), b"\x80a\x80e\x80y\x80A\x80", &[0xff; 9]];
        for style in [ToneStyle::New, ToneStyle::Old, ToneStyle::Keep] {
            for filler in fillers {
                for at in 0..8 {
                    for a in 0..=255u8 {
                        for b in 0..=255u8 {
                            let mut window: [u8; 9] = filler[..9].try_into().unwrap();
                            (window[at], window[at + 1]) = (a, b);
                            let expected = (0..8).fold(0u64, |found, i| {
                                found | u64::from(may_be_candidate(window[i], window[i + 1], style)) << (8 * i + 7)
                            });
                            assert_eq!(candidate_bytes(&window, style), expected, "{style:?} {window:x?}");
                        }
                    }
                }
            }
        }
    }

    /// A word that changes, and one that does not, at every offset from a chunk's start, after
    /// text with and without candidates.
    #[test]
    fn words_at_every_offset_of_a_chunk() {
        for before in ["", "oà ", "hoà bình thuỷ "] {
            for pad in 0..3 * CHUNK {
                for word in ["hoà", "Thuý", "khỏe", "toàn", "Hòa", "ooà", "uý"] {
                    let text = format!("{before}{}{word} {word}", "a".repeat(pad));
                    for style in [ToneStyle::New, ToneStyle::Old] {
                        assert_eq!(apply(&text, style), apply_slowly(&text, style), "{style:?} {text:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn candidate_first_letters_end_with_the_bytes_looked_for() {
        let mut buf = [0u8; 4];
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let encoded = c.encode_utf8(&mut buf).as_bytes();
            let last = usize::from(encoded[encoded.len() - 1]);
            if may_start_changed_pair(c, ToneStyle::New) {
                assert!(NEW_FIRST_LAST_BYTES[last], "{c:?}");
            }
            if may_start_changed_pair(c, ToneStyle::Old) {
                assert!(OLD_FIRST_LAST_BYTES[last], "{c:?}");
            }
        }
    }
}
