//! Character- and line-level normalization.

use icu_normalizer::ComposingNormalizerBorrowed;

use crate::letters::{is_vietnamese_letter, is_vowel};
use crate::spaces;

/// What to do with one character before NFC.
enum Action {
    Keep,
    Drop,
    Space,
    Newline,
}

/// Characters `classify` would keep, answered without its table: printable ASCII, `\n`, and the
/// letters Vietnamese uses (U+00C0–U+024F but × and ÷, and U+1E00–U+1EFF).
#[inline]
fn is_plain(c: char) -> bool {
    matches!(c, ' '..='~' | '\n' | '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}')
}

fn classify(c: char) -> Action {
    match c {
        '\n' => Action::Newline,
        // Line and paragraph separators, NEL, vertical tab and form feed all end a line.
        '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{0b}' | '\u{0c}' => Action::Newline,
        '\t' => Action::Space,
        // Zero-width characters, word joiner, BOM inside text, soft hyphen, bidi marks.
        '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{ad}' | '\u{61c}' => Action::Drop,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{206f}' => Action::Drop,
        // Combining grapheme joiner, Mongolian vowel separator, interlinear annotation marks.
        '\u{34f}' | '\u{180e}' | '\u{fff9}'..='\u{fffb}' => Action::Drop,
        // No-break and other fixed-width spaces.
        '\u{a0}' | '\u{1680}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => Action::Space,
        c if c.is_control() => Action::Drop,
        _ => Action::Keep,
    }
}

/// Whether normalization drops `c`.
fn is_dropped(c: char) -> bool {
    !is_plain(c) && c != '\r' && matches!(classify(c), Action::Drop)
}

/// Whether the character mapping of [`normalize`] changes `c`: it drops it, makes it a space or
/// a line break (`\r`, tab, NBSP, ...).
fn is_mapped(c: char) -> bool {
    !is_plain(c) && (c == '\r' || !matches!(classify(c), Action::Keep))
}

/// The first bytes of the characters [`is_mapped`] (so also [`is_dropped`]): ASCII control
/// characters but `\n`, and the first bytes of the non-ASCII characters that [`classify`] does not
/// keep (`C2` starts U+0080–U+00BF, `E2` U+2000–U+2FFF, ...). Printable ASCII and most of the
/// Vietnamese letters start with none of them, so most bytes are passed over without decoding.
const MAY_BE_MAPPED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(b as u8, 0..=0x09 | 0x0b..=0x1f | 0x7f | 0xc2 | 0xcd | 0xd8 | 0xe1 | 0xe2 | 0xe3 | 0xef);
        b += 1;
    }
    table
};

/// Whether the character at `bytes[at]` may be one [`is_mapped`].
#[inline]
fn may_be_mapped(bytes: &[u8], at: usize) -> bool {
    MAY_BE_MAPPED[usize::from(bytes[at])]
        // Of the characters that start with E1, only U+1680 and U+180E, not the Vietnamese letters
        // (U+1E00–U+1EFF).
        && (bytes[at] != 0xe1 || matches!(bytes.get(at + 1), Some(0x9a | 0xa0)))
}

/// The byte offset of the first character of `text` for which `wanted` holds, where `wanted`
/// holds only for characters [`may_be_mapped`] lets through.
/// Blocks of bytes all [`plain_at`] are passed over whole: no byte of them is [`may_be_mapped`].
fn find_mapped(text: &str, wanted: impl Fn(char) -> bool) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut start = 0;
    while start < bytes.len() {
        let end = (start + BLOCK).min(bytes.len());
        if bytes.get(start..=end).is_none_or(|window| !all_plain(window)) {
            let found =
                (start..end).find(|&at| may_be_mapped(bytes, at) && text[at..].chars().next().is_some_and(&wanted));
            if found.is_some() {
                return found;
            }
        }
        start = end;
    }
    None
}

/// Whether the first character of `text` that is neither whitespace nor dropped ([`is_dropped`],
/// the BOM among them) is `<`: [`without_invisible`] of a text that does not start so does not
/// start with a tag, so it is no HTML page ([`crate::html::is_html`]).
pub(crate) fn starts_with_tag(text: &str) -> bool {
    text.chars().find(|&c| !c.is_whitespace() && !is_dropped(c)) == Some('<')
}

/// `text` without the characters normalization drops (control, zero-width, bidi): what decides
/// whether a text is an HTML page, so that such a character before or inside the first tag does
/// not hide one.
pub(crate) fn without_invisible(text: &str) -> std::borrow::Cow<'_, str> {
    let Some(first) = find_mapped(text, is_dropped) else {
        return std::borrow::Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    out.extend(text[first..].chars().filter(|&c| !is_dropped(c)));
    std::borrow::Cow::Owned(out)
}

/// Normalizes characters and lines; see the crate docs for the list.
///
/// Most text has no character to map, is NFC already and has no eth: one pass ([`scan`]) tells,
/// and spares the passes of the character mapping, of NFC and of [`fix_eth`] that would change
/// nothing.
pub fn normalize(text: &str) -> String {
    let found = scan(text);
    if found.mapped {
        return composed_onwards(&map_chars(text));
    }
    // Nothing to map (the scan read the whole text): the mapping's own search would find nothing.
    if !found.composed {
        return composed_onwards(text);
    }
    if found.eth { tidy_spaced_lines(&fix_eth(text)) } else { tidy_spaced_lines(text) }
}

/// [`normalize`]'s passes after the character mapping, for any mapped text.
fn composed_onwards(mapped: &str) -> String {
    let composed = ComposingNormalizerBorrowed::new_nfc().normalize(mapped);
    let composed = fix_eth(&composed);
    tidy_spaced_lines(&composed)
}

/// [`normalize`] one pass after another, for any text.
#[cfg(test)]
fn normalize_each_pass(text: &str) -> String {
    composed_onwards(&map_chars(text))
}

/// What [`scan`] found in a text.
#[derive(Debug, PartialEq, Eq)]
struct Found {
    /// A character [`is_mapped`]; the pass stops there, so the other answers are then unknown.
    mapped: bool,
    /// Only characters [`is_composed_alone`]: the text is NFC.
    composed: bool,
    /// An eth (`Ð`, `ð`), for [`fix_eth`].
    eth: bool,
}

/// One pass over `text` that tells which of [`normalize`]'s passes would change it. ASCII bytes
/// are looked up in a table; only the other characters are decoded.
fn scan(text: &str) -> Found {
    let bytes = text.as_bytes();
    let mut found = Found { mapped: false, composed: true, eth: false };
    let mut at = 0;
    // Characters before this offset are in a block that holds one not plain: each is looked at.
    let mut one_by_one_until = 0;
    while at < bytes.len() {
        if at >= one_by_one_until
            && let Some(window) = bytes.get(at..at + BLOCK + 1)
        {
            if all_plain(window) {
                // The last character may end past the block: its lead byte was plain.
                at += BLOCK;
                while bytes.get(at).is_some_and(|&b| b & 0xc0 == 0x80) {
                    at += 1;
                }
                continue;
            }
            one_by_one_until = at + BLOCK;
        }
        let byte = bytes[at];
        if byte < 0x80 {
            // The ASCII bytes of the table are all characters `is_mapped` (controls but `\n`).
            if MAY_BE_MAPPED[usize::from(byte)] {
                found.mapped = true;
                return found;
            }
            at += 1;
            continue;
        }
        let c = text[at..].chars().next().unwrap_or_default();
        if is_mapped(c) {
            found.mapped = true;
            return found;
        }
        found.eth |= matches!(c, 'Ð' | 'ð');
        found.composed &= is_composed_alone(c);
        at += c.len_utf8();
    }
    found
}

/// How many bytes [`scan`] passes over at once when they are all [`plain_at`].
const BLOCK: usize = 32;

/// Whether the byte `a`, followed by `b`, is plain for [`scan`]: it changes nothing scan tells.
/// Printable ASCII but DEL and `\n`; a continuation byte; the lead byte of U+00C0–U+027F but of
/// an eth (`C3 90`, `C3 B0`); the lead byte of U+1E00–U+1EFF (`E1 B8`–`E1 BB`). Every character
/// whose bytes are all plain is neither [`is_mapped`] nor an eth, and [`is_composed_alone`] (a
/// test checks every character). Comparisons only, so that [`all_plain`] is vector code.
#[inline(always)]
fn plain_at(a: u8, b: u8) -> bool {
    let ascii = (a.wrapping_sub(0x20) < 0x5f) | (a == b'\n');
    let continuation = a & 0xc0 == 0x80;
    let eth = (a == 0xc3) & ((b == 0x90) | (b == 0xb0));
    let two = (a.wrapping_sub(0xc3) < 7) & !eth;
    let vietnamese = (a == 0xe1) & (b.wrapping_sub(0xb8) < 4);
    ascii | continuation | two | vietnamese
}

/// Whether the first `BLOCK` bytes of `window` (`BLOCK + 1` bytes, the last one only read as the
/// byte after) are all [`plain_at`].
#[inline]
fn all_plain(window: &[u8]) -> bool {
    let (bytes, after) = (&window[..BLOCK], &window[1..=BLOCK]);
    bytes.iter().zip(after).fold(true, |all, (&a, &b)| all & plain_at(a, b))
}

/// Characters that NFC leaves as they are, whatever stands before or after them among
/// themselves (they are starters, compose with nothing and decompose into nothing NFC does not
/// compose back; the tests check every one and every pair): ASCII, Latin-1, Latin Extended-A and
/// -B, IPA, the spacing modifiers, the letters of Vietnamese (U+1E00–U+1EFF), and general
/// punctuation and currency signs but U+2000 and U+2001 (which NFC makes U+2002 and U+2003).
#[inline]
fn is_composed_alone(c: char) -> bool {
    matches!(c, '\0'..='\u{2ff}' | '\u{1e00}'..='\u{1eff}' | '\u{2002}'..='\u{20cf}')
}

/// Line endings to `\n`, invisible and control characters dropped, other spaces to a space.
/// Borrowed when nothing changes, which [`find_mapped`] tells without decoding most of the text.
fn map_chars(text: &str) -> std::borrow::Cow<'_, str> {
    let Some(first) = find_mapped(text, is_mapped) else {
        return std::borrow::Cow::Borrowed(text);
    };
    // Runs of characters kept as they are are copied whole; only the others are looked at one by
    // one (most text is nothing but such runs).
    let mut mapped = String::with_capacity(text.len());
    mapped.push_str(&text[..first]);
    let mut run = first; // start of the run being kept
    let mut chars = text[first..].char_indices().map(|(at, c)| (first + at, c)).peekable();
    while let Some((at, c)) = chars.next() {
        if is_plain(c) {
            continue;
        }
        mapped.push_str(&text[run..at]);
        run = at + c.len_utf8();
        if c == '\r' {
            // CRLF and a lone CR both end a line.
            if chars.peek().map(|&(_, n)| n) != Some('\n') {
                mapped.push('\n');
            }
            continue;
        }
        match classify(c) {
            Action::Keep => mapped.push(c),
            Action::Drop => {}
            Action::Space => mapped.push(' '),
            Action::Newline => mapped.push('\n'),
        }
    }
    mapped.push_str(&text[run..]);
    std::borrow::Cow::Owned(mapped)
}

/// `Ð`/`ð` (U+00D0/U+00F0, the Icelandic eth) → `Đ`/`đ` (U+0110/U+0111) where the word is
/// Vietnamese: text decoded as Latin-1 or typed on the wrong layout carries the look-alike eth.
/// Vietnamese writes `đ` only at the start of a syllable and before a vowel, and Icelandic never
/// starts a word with `ð`, so only a word that starts with the eth, goes on with a vowel and holds
/// nothing but Vietnamese letters changes: `Ðại` → `Đại`, while `Guðrún`, `með` and `ðə` stay.
fn fix_eth(text: &str) -> std::borrow::Cow<'_, str> {
    // `Ð` is C3 90 and `ð` C3 B0 in UTF-8: found by two vector substring searches (C3 alone
    // starts most of the marked vowels, which a search for it would stop at), not by looking at
    // every byte; only the words that start with one are looked at, and the text between them is
    // copied whole.
    let bytes = text.as_bytes();
    let [upper, lower] = eth_finders();
    let mut eths: Vec<usize> = upper.find_iter(bytes).chain(lower.find_iter(bytes)).collect();
    eths.sort_unstable();
    let mut out: Option<String> = None;
    let mut copied = 0; // bytes of `text` already in `out`
    for at in eths {
        if !starts_vietnamese_word(text, at) {
            continue;
        }
        let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
        out.push_str(&text[copied..at]);
        out.push(if bytes[at + 1] == 0x90 { 'Đ' } else { 'đ' });
        copied = at + 2;
    }
    match out {
        None => std::borrow::Cow::Borrowed(text),
        Some(mut out) => {
            out.push_str(&text[copied..]);
            std::borrow::Cow::Owned(out)
        }
    }
}

/// The searches [`fix_eth`] makes for `Ð` and `ð`.
fn eth_finders() -> &'static [memchr::memmem::Finder<'static>; 2] {
    static FINDERS: std::sync::OnceLock<[memchr::memmem::Finder<'static>; 2]> = std::sync::OnceLock::new();
    FINDERS.get_or_init(|| ["Ð", "ð"].map(|s| memchr::memmem::Finder::new(s.as_bytes())))
}

/// Whether the eth at byte `at` of `text` starts a Vietnamese word: no letter before it, a vowel
/// after it, and nothing but Vietnamese letters up to the end of the word.
fn starts_vietnamese_word(text: &str, at: usize) -> bool {
    let after_letter = text[..at].chars().next_back().is_some_and(char::is_alphabetic);
    let mut rest = text[at + 2..].chars().take_while(|c| c.is_alphabetic()).peekable();
    !after_letter && rest.peek().is_some_and(|&c| is_vowel(c)) && rest.all(is_vietnamese_letter)
}

/// [`tidy_each_line`] of a text whose only whitespace is ` ` and `\n`, as the character mapping leaves
/// it (every other whitespace character becomes one of them) and NFC and [`fix_eth`] keep it (no
/// canonical decomposition but those of U+2000 and U+2001, mapped before, holds whitespace, and no
/// composition gives any). Lines are then found with `memchr` and pairs of spaces with one
/// substring search over the whole text, not by looking at every byte (nor by a search a line).
fn tidy_spaced_lines(text: &str) -> String {
    debug_assert!(!text.chars().any(|c| c.is_whitespace() && c != ' ' && c != '\n'), "{text:?}");
    let mut out = String::with_capacity(text.len());
    let mut blank_pending = false;
    // The pairs of spaces, in order: a line that holds none is copied trimmed, one that holds one
    // has its words spaced anew (which gives the trimmed line when the pair was in the spaces
    // trimmed off).
    let mut pairs = spaces::two_spaces().find_iter(text.as_bytes()).peekable();
    let mut start = 0;
    for line in spaces::lines(text) {
        let end = start + line.len();
        while pairs.next_if(|&at| at < start).is_some() {}
        let has_pair = pairs.peek().is_some_and(|&at| at < end);
        start = end + 1;
        let line = line.trim_matches(' ');
        if line.is_empty() {
            blank_pending = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
            if blank_pending {
                out.push('\n');
            }
        }
        blank_pending = false;
        if has_pair {
            spaces::push_words(line, &mut out);
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Trims the `lines` of a text (split at `\n`), collapses runs of spaces and runs of blank lines,
/// and joins them with `\n`. `capacity` is the output's expected length.
pub(crate) fn tidy_each_line<'a>(lines: impl Iterator<Item = &'a str>, capacity: usize) -> String {
    let mut out = String::with_capacity(capacity);
    let mut blank_pending = false;
    for line in lines {
        if spaces::word_spans(line).next().is_none() {
            blank_pending = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
            if blank_pending {
                out.push('\n');
            }
        }
        blank_pending = false;
        spaces::push_words(line, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`scan`] as it was before it passed over plain blocks: character by character.
    fn scan_slowly(text: &str) -> Found {
        let mut found = Found { mapped: false, composed: true, eth: false };
        for c in text.chars() {
            if (c.is_ascii() && MAY_BE_MAPPED[c as usize]) || (!is_plain(c) && is_mapped(c)) {
                found.mapped = true;
                return found;
            }
            found.eth |= matches!(c, 'Ð' | 'ð');
            found.composed &= is_composed_alone(c);
        }
        found
    }

    #[test]
    fn characters_of_plain_bytes_change_nothing_scan_tells() {
        for c in (0..=0x10ffffu32).filter_map(char::from_u32) {
            let mut buf = [0u8; 5];
            let n = c.encode_utf8(&mut buf).len();
            if (0..n).all(|i| plain_at(buf[i], buf[i + 1])) {
                assert!(!(c.is_ascii() && MAY_BE_MAPPED[c as usize]), "{c:?}");
                assert!(!is_mapped(c), "{c:?}");
                assert!(is_composed_alone(c) && !matches!(c, 'Ð' | 'ð'), "{c:?}");
            }
        }
    }

    #[test]
    fn scan_by_blocks_is_scan_character_by_character() {
        let seed = include_str!("../../../seeds/000_eae569450ad647c0.txt");
        let mut texts =
            vec![String::new(), seed.to_owned(), format!("{seed}\u{a0}"), format!("{seed}ð"), format!("{seed}中")];
        for c in (0..=0x10ffffu32).step_by(7).filter_map(char::from_u32) {
            for pad in 0..BLOCK + 2 {
                texts.push(format!("{}{c}Hà Nội ngày 15", "ạ".repeat(pad / 3) + &"a".repeat(pad % 3)));
            }
        }
        for text in &texts {
            assert_eq!(scan(text), scan_slowly(text), "{text:?}");
            for wanted in [is_mapped, is_dropped] {
                let slowly = (0..text.len())
                    .find(|&at| may_be_mapped(text.as_bytes(), at) && text[at..].chars().next().is_some_and(wanted));
                assert_eq!(find_mapped(text, wanted), slowly, "{text:?}");
            }
        }
    }

    fn check(input: &str, expected: &str) {
        assert_eq!(normalize(input), expected, "input {input:?}");
    }

    #[test]
    fn normalizes() {
        check("a\r\nb\rc\nd", "a\nb\nc\nd");
        check("  a   b \t c  ", "a b c");
        check("a\n\n\n\n b\n\n", "a\n\nb");
        check("\n\na", "a");
        check("Hà\u{a0}Nội", "Hà Nội");
        check("Việt\u{200b}Nam", "ViệtNam");
        check("\u{feff}Việt Nam", "Việt Nam");
        check("Vi\u{ad}ệt \u{200e}Nam\u{7}", "Việt Nam");
        check("Hà\u{34f} Nội\u{180e}\u{206a}\u{fff9}", "Hà Nội");
        check("a\u{2028}b\u{c}c", "a\nb\nc");
        // Decomposed tone marks compose, even with a zero-width space between base and mark.
        check("Tie\u{302}\u{301}ng Vie\u{200b}\u{302}\u{323}t", "Tiếng Việt");
        // The eth look-alike becomes đ in Vietnamese words only.
        check("Ðại sứ ðã ðến Ðà Nẵng", "Đại sứ đã đến Đà Nẵng");
        check("ÐẠI HỘI (ðồng)", "ĐẠI HỘI (đồng)");
        check("Guðrún með ðə Ð ð1 Ðøn", "Guðrún með ðə Ð ð1 Ðøn");
        // Typographic quotes and dashes are kept.
        check("“Hà Nội” – Việt Nam…", "“Hà Nội” – Việt Nam…");
    }

    /// Every character [`is_mapped`] (or [`is_dropped`]) is one [`may_be_mapped`] stops at.
    #[test]
    fn the_byte_scan_stops_at_every_mapped_character() {
        let mut buf = [0u8; 4];
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let encoded = c.encode_utf8(&mut buf).as_bytes();
            if is_mapped(c) || is_dropped(c) {
                assert!(may_be_mapped(encoded, 0), "{c:?} U+{:04X}", c as u32);
            }
            let text = format!("Việt{c}Nam");
            assert_eq!(find_mapped(&text, is_mapped), is_mapped(c).then_some("Việt".len()), "{c:?}");
        }
    }

    /// The character mapping as it was before its fast path: every character looked at.
    fn map_chars_slowly(text: &str) -> String {
        let mut mapped = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\r' {
                if chars.peek() != Some(&'\n') {
                    mapped.push('\n');
                }
                continue;
            }
            match classify(c) {
                Action::Keep => mapped.push(c),
                Action::Drop => {}
                Action::Space => mapped.push(' '),
                Action::Newline => mapped.push('\n'),
            }
        }
        mapped
    }

    /// [`fix_eth`] as it was before it looked only at the eths: every character collected.
    fn fix_eth_slowly(text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let starts_word = |at: usize| {
            let after_letter = at > 0 && chars[at - 1].is_alphabetic();
            let rest: Vec<char> = chars[at + 1..].iter().copied().take_while(|c| c.is_alphabetic()).collect();
            !after_letter && rest.first().is_some_and(|&c| is_vowel(c)) && rest.iter().all(|&c| is_vietnamese_letter(c))
        };
        let fixed = |(i, c): (usize, &char)| match c {
            'Ð' if starts_word(i) => 'Đ',
            'ð' if starts_word(i) => 'đ',
            _ => *c,
        };
        chars.iter().enumerate().map(fixed).collect()
    }

    #[test]
    fn eths_are_fixed_as_before() {
        let mut texts = vec![
            "Ðại sứ ðã ðến Ðà Nẵng".to_owned(),
            "ÐẠI HỘI (ðồng) Guðrún með ðə Ð ð1 Ðøn ð".to_owned(),
            "aðb ðð Ðð ðÐa ð_a -ðo ð\u{301}a".to_owned(),
        ];
        for c in (0..0x250).chain(0x1e00..0x1f00).filter_map(char::from_u32) {
            texts.push(format!("ð{c} {c}ða Ð{c}a ð{c}{c}"));
        }
        for text in &texts {
            assert_eq!(fix_eth(text), fix_eth_slowly(text), "{text:?}");
        }
    }

    /// [`tidy_each_line`] as it was before its fast path.
    fn tidy_lines_slowly(text: &str) -> String {
        let mut out = String::new();
        let mut blank_pending = false;
        for line in text.split('\n') {
            let line = line.trim();
            if line.is_empty() {
                blank_pending = !out.is_empty();
                continue;
            }
            if !out.is_empty() {
                out.push('\n');
                if blank_pending {
                    out.push('\n');
                }
            }
            blank_pending = false;
            out.push_str(&line.split_whitespace().collect::<Vec<_>>().join(" "));
        }
        out
    }

    #[test]
    fn fast_paths_agree_with_the_slow_ones() {
        let html = include_str!("../../../fixtures/html/vnexpress.html");
        let seed = include_str!("../../../seeds/000_eae569450ad647c0.txt");
        let mut inputs = vec![
            String::new(),
            "\n\n\n".to_owned(),
            "Hà Nội\nViệt Nam".to_owned(),
            "Vie\u{302}\u{323}t Nam\r\n\r\n\r\n\r\n  Ðại sứ ðã ðến\r".to_owned(),
            "Hà\u{a0}Nội\u{200b}\u{feff}\u{ad}\u{7}\u{0}\u{7f}\u{85}\u{9f}x\u{2028}y\u{2029}\u{b}\u{c}\t".to_owned(),
            "\u{1680}\u{180e}\u{2000}\u{200a}\u{202f}\u{205f}\u{3000}\u{61c}\u{34f}\u{fff9}\u{2066}ạ ỹ\u{2010}“”"
                .to_owned(),
            format!("  a  \n{}\n b \t c\u{a0}\u{a0}d  ", "\n \n".repeat(50)),
            "\u{feff}\u{7} \u{200b}\n<html><body><p>Trang</p></body></html>".to_owned(),
            "\u{a0}\u{2028}<\u{0}div><p>x</p></div>".to_owned(),
            "\u{200b}Việt <html>".to_owned(),
            html.to_owned(),
            seed.to_owned(),
            seed.replace('\n', "\r\n").replace(' ', "\u{a0}"),
        ];
        for c in (0..0x3100).filter_map(char::from_u32) {
            inputs.push(format!("Việt{c}Nam {c}\n{c}{c}ạ\n"));
            inputs.push(format!("{c}<html><body>{c}</body></html>"));
        }
        for text in &inputs {
            assert_eq!(map_chars(text), map_chars_slowly(text), "{text:?}");
            let dropped: String = text.chars().filter(|&c| !is_dropped(c)).collect();
            assert_eq!(without_invisible(text), dropped, "{text:?}");
            if !starts_with_tag(text) {
                assert!(!crate::html::is_html(&dropped), "{text:?}");
            }
            assert_eq!(tidy_each_line(text.split('\n'), 0), tidy_lines_slowly(text), "{text:?}");
            let composed = ComposingNormalizerBorrowed::new_nfc().normalize(&map_chars_slowly(text)).into_owned();
            assert_eq!(normalize(text), tidy_lines_slowly(&fix_eth_slowly(&composed)), "{text:?}");
            // Borrowed unless an eth changes.
            let changes = fix_eth_slowly(text) != *text;
            assert_eq!(matches!(fix_eth(text), std::borrow::Cow::Owned(_)), changes, "{text:?}");
        }
    }

    /// What [`scan`] relies on: NFC changes no text made of the characters of
    /// [`is_composed_alone`], as no one of them changes alone and no two of them change together.
    #[test]
    fn nfc_leaves_the_characters_composed_alone_as_they_are() {
        let nfc = ComposingNormalizerBorrowed::new_nfc();
        let alone: Vec<char> = (0..=0x10ffff).filter_map(char::from_u32).filter(|&c| is_composed_alone(c)).collect();
        assert_eq!(alone.len(), 0x300 + 0x100 + 0xce);
        let mut pair = String::new();
        for &a in &alone {
            assert!(nfc.is_normalized(&a.to_string()), "{a:?}");
            for &b in &alone {
                pair.clear();
                pair.push(a);
                pair.push(b);
                assert!(nfc.is_normalized(&pair), "{a:?} {b:?}");
            }
        }
        // And a character outside them may change.
        assert!(!nfc.is_normalized("e\u{301}") && !nfc.is_normalized("\u{2000}"));
    }

    /// [`normalize`] with its single scan is [`normalize_each_pass`].
    #[test]
    fn the_scan_skips_only_passes_that_change_nothing() {
        let mut inputs: Vec<String> = vec![
            String::new(),
            "Hà Nội\nViệt Nam".to_owned(),
            "Ðại sứ ðã ðến\n\n\nGuðrún".to_owned(),
            "Tie\u{302}\u{301}ng Việt ð".to_owned(),
            "“Hà Nội” – Việt Nam… € ‰ ‱ ⁉ ⁿ ₫".to_owned(),
            "中文 Ελλάδα ᾱ ᾶ Å Ω K ﬁ ① Ǆ".to_owned(),
            include_str!("../../../seeds/000_eae569450ad647c0.txt").to_owned(),
            include_str!("../../../fixtures/html/baotintuc.expected.txt").to_owned(),
        ];
        for c in (0..0x3100).chain(0xfb00..0xfb50).chain(0xfff0..0x10000).filter_map(char::from_u32) {
            inputs.push(format!("Việt{c}Nam ð{c}\n{c}{c}ạ\n"));
            inputs.push(format!("Ð{c}ại e{c}\u{301} {c}"));
        }
        for text in &inputs {
            assert_eq!(normalize(text), normalize_each_pass(text), "{text:?}");
        }
        assert_eq!(scan("Ðại sứ “Hà Nội”"), Found { mapped: false, composed: true, eth: true });
        assert_eq!(scan("Hà\u{a0}Nội"), Found { mapped: true, composed: true, eth: false });
        assert_eq!(scan("Hà Nội 中"), Found { mapped: false, composed: false, eth: false });
    }

    /// What [`tidy_spaced_lines`] relies on: after the character mapping and NFC, no whitespace is
    /// left but ` ` and `\n`, whatever the character.
    #[test]
    fn mapping_and_nfc_leave_no_whitespace_but_space_and_newline() {
        let nfc = ComposingNormalizerBorrowed::new_nfc();
        let nfd = icu_normalizer::DecomposingNormalizerBorrowed::new_nfd();
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            // No decomposition brings whitespace back.
            let composed = nfc.normalize(&map_chars(&format!("a{c}b"))).into_owned();
            assert!(
                !composed.chars().any(|c| c.is_whitespace() && c != ' ' && c != '\n'),
                "U+{:04X}: {composed:?}",
                c as u32
            );
            // No composition gives whitespace: a composed character decomposes into two, and no
            // whitespace character does (U+2000 and U+2001 decompose into one, which never
            // composes back).
            if c.is_whitespace() {
                assert!(nfd.normalize(&c.to_string()).chars().count() == 1, "U+{:04X}", c as u32);
            }
        }
    }
}
