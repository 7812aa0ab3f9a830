//! Character- and line-level normalization.

use icu_normalizer::ComposingNormalizerBorrowed;

use crate::letters::{is_vietnamese_letter, is_vowel};

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

/// `text` without the characters normalization drops (control, zero-width, bidi): what decides
/// whether a text is an HTML page, so that such a character before or inside the first tag does
/// not hide one.
pub(crate) fn without_invisible(text: &str) -> std::borrow::Cow<'_, str> {
    let dropped = |c: char| !is_plain(c) && c != '\r' && matches!(classify(c), Action::Drop);
    if !text.chars().any(dropped) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(text.chars().filter(|&c| !dropped(c)).collect())
}

/// Normalizes characters and lines; see the crate docs for the list.
pub fn normalize(text: &str) -> String {
    // Runs of characters kept as they are are copied whole; only the others are looked at one by
    // one (most text is nothing but such runs).
    let mut mapped = String::with_capacity(text.len());
    let mut run = 0; // start of the run being kept
    let mut chars = text.char_indices().peekable();
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
    let composed = ComposingNormalizerBorrowed::new_nfc().normalize(&mapped);
    let composed = fix_eth(&composed);
    tidy_lines(&composed)
}

/// `Ð`/`ð` (U+00D0/U+00F0, the Icelandic eth) → `Đ`/`đ` (U+0110/U+0111) where the word is
/// Vietnamese: text decoded as Latin-1 or typed on the wrong layout carries the look-alike eth.
/// Vietnamese writes `đ` only at the start of a syllable and before a vowel, and Icelandic never
/// starts a word with `ð`, so only a word that starts with the eth, goes on with a vowel and holds
/// nothing but Vietnamese letters changes: `Ðại` → `Đại`, while `Guðrún`, `með` and `ðə` stay.
fn fix_eth(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['Ð', 'ð']) {
        return std::borrow::Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let fixed = match c {
            'Ð' | 'ð' if starts_vietnamese_word(&chars, i) => {
                if c == 'Ð' {
                    'Đ'
                } else {
                    'đ'
                }
            }
            _ => c,
        };
        out.push(fixed);
    }
    std::borrow::Cow::Owned(out)
}

fn starts_vietnamese_word(chars: &[char], at: usize) -> bool {
    let after_letter = at > 0 && chars[at - 1].is_alphabetic();
    let rest: Vec<char> = chars[at + 1..].iter().copied().take_while(|c| c.is_alphabetic()).collect();
    !after_letter && rest.first().is_some_and(|&c| is_vowel(c)) && rest.iter().all(|&c| is_vietnamese_letter(c))
}

/// Trims lines, collapses runs of spaces and runs of blank lines.
pub(crate) fn tidy_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
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
        for (i, word) in line.split_whitespace().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::normalize;

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
}
