//! The form a token is looked up in: what the model was trained on.
//!
//! Lowercase, NFC, `đ` for `Ð`/`ð` (U+00D0/U+00F0, often typed for `Đ`), invisible characters
//! (soft hyphen, zero-width joiners) dropped, and old-style tone placement for `oa`, `oe`, `uy`
//! (`hoà`, `khoẻ`, `thuỷ`), since the vocabulary and the rules are written that way. The text in the
//! output is never this form: it is the input's own characters.

use icu_normalizer::ComposingNormalizerBorrowed;

use crate::chars::lower;

/// Writes the model form of `token` to `out` (cleared first).
pub fn model_form(token: &str, out: &mut String) {
    out.clear();
    if token.is_ascii() {
        out.extend(token.bytes().map(|b| b.to_ascii_lowercase() as char));
        return;
    }
    let composed;
    let token = if token.chars().any(is_combining) {
        composed = ComposingNormalizerBorrowed::new_nfc().normalize(token);
        &*composed
    } else {
        token
    };
    // The last pushed character when it is a toned `o`/`u`: its base, tone and byte position.
    let mut toned: Option<(char, usize, usize)> = None;
    for c in token.chars() {
        if is_invisible(c) {
            continue;
        }
        let Some(c) = lower(c) else {
            out.extend(c.to_lowercase());
            toned = None;
            continue;
        };
        let c = if c == 'ð' { 'đ' } else { c };
        if let Some((base, tone, at)) = toned.take()
            && matches!((base, c), ('o', 'a' | 'e') | ('u', 'y'))
            && let Some(moved) = with_tone(c, tone)
        {
            out.truncate(at);
            out.push(base);
            out.push(moved);
            continue;
        }
        toned = toned_first_vowel(c).map(|(base, tone)| (base, tone, out.len()));
        out.push(c);
    }
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}')
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}')
}

/// Tones, in the order of the tables below: grave, acute, hook, tilde, dot.
const O_TONED: [char; 5] = ['ò', 'ó', 'ỏ', 'õ', 'ọ'];
const U_TONED: [char; 5] = ['ù', 'ú', 'ủ', 'ũ', 'ụ'];
const A_TONED: [char; 5] = ['à', 'á', 'ả', 'ã', 'ạ'];
const E_TONED: [char; 5] = ['è', 'é', 'ẻ', 'ẽ', 'ẹ'];
const Y_TONED: [char; 5] = ['ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ'];

/// `ò` → (`o`, grave), for the first vowel of `oa`, `oe`, `uy`.
fn toned_first_vowel(c: char) -> Option<(char, usize)> {
    if let Some(tone) = O_TONED.iter().position(|&t| t == c) {
        return Some(('o', tone));
    }
    U_TONED.iter().position(|&t| t == c).map(|tone| ('u', tone))
}

fn with_tone(vowel: char, tone: usize) -> Option<char> {
    match vowel {
        'a' => Some(A_TONED[tone]),
        'e' => Some(E_TONED[tone]),
        'y' => Some(Y_TONED[tone]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::model_form;

    fn check(input: &str, expected: &str) {
        let mut out = String::new();
        model_form(input, &mut out);
        assert_eq!(out, expected, "input {input:?}");
    }

    #[test]
    fn forms() {
        check("Ngoại", "ngoại");
        check("ASEAN", "asean");
        // New-style tone placement moves to the first vowel; old style stays.
        for (new, old) in
            [("hòa", "hoà"), ("HÓA", "hoá"), ("khỏe", "khoẻ"), ("thủy", "thuỷ"), ("Tùy", "tuỳ"), ("họa", "hoạ")]
        {
            check(new, old);
            check(old, old);
        }
        // Closed syllables and other vowels are untouched.
        check("toàn", "toàn");
        check("hoàng", "hoàng");
        check("quý", "quý");
        check("góc", "góc");
        // NFD, Ð for Đ, invisible characters.
        check("Vie\u{302}\u{323}t", "việt");
        check("ÐẠI", "đại");
        check("ðảng", "đảng");
        check("Vi\u{ad}ệt", "việt");
        check("ho\u{300}a", "hoà");
    }
}
