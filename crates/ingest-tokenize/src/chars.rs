//! Character classes with fast paths for the letters Vietnamese uses.
//!
//! `char::is_alphabetic` and friends search Unicode tables for every non-ASCII character, which
//! was the largest single cost of segmentation. Vietnamese letters live in a few known blocks
//! (Latin-1, a dozen of Latin Extended-A/B, Latin Extended Additional U+1EA0–U+1EF9); those are
//! answered directly and everything else falls back to the standard library, so the answers are
//! the same as `std`'s for every character.

/// Same as `c.is_alphabetic()`.
#[inline]
pub(crate) fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    match c {
        '\u{c0}'..='\u{ff}' => c != '×' && c != '÷',
        '\u{1ea0}'..='\u{1ef9}' => true,
        'ă' | 'Ă' | 'đ' | 'Đ' | 'ĩ' | 'Ĩ' | 'ũ' | 'Ũ' | 'ơ' | 'Ơ' | 'ư' | 'Ư' => true,
        _ => c.is_alphabetic(),
    }
}

/// Same as `c.is_alphanumeric()`.
#[inline]
pub(crate) fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() { c.is_ascii_alphanumeric() } else { is_letter(c) || c.is_numeric() }
}

/// Whether a token's text is punctuation only (no letter or digit): it counts as no syllable and
/// no word.
pub(crate) fn is_punct_text(text: &str) -> bool {
    !text.chars().any(is_alphanumeric)
}

/// Same as `c.is_uppercase()`.
#[inline]
pub(crate) fn is_upper(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    match c {
        '\u{c0}'..='\u{de}' => c != '×',
        '\u{df}'..='\u{ff}' => false,
        '\u{1ea0}'..='\u{1ef9}' => (c as u32).is_multiple_of(2),
        'Ă' | 'Đ' | 'Ĩ' | 'Ũ' | 'Ơ' | 'Ư' => true,
        'ă' | 'đ' | 'ĩ' | 'ũ' | 'ơ' | 'ư' => false,
        _ => c.is_uppercase(),
    }
}

/// Same as `c.is_lowercase()`.
#[inline]
pub(crate) fn is_lower(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_lowercase();
    }
    match c {
        '\u{c0}'..='\u{de}' => false,
        '\u{df}'..='\u{ff}' => c != '÷',
        '\u{1ea0}'..='\u{1ef9}' => !(c as u32).is_multiple_of(2),
        'Ă' | 'Đ' | 'Ĩ' | 'Ũ' | 'Ơ' | 'Ư' => false,
        'ă' | 'đ' | 'ĩ' | 'ũ' | 'ơ' | 'ư' => true,
        _ => c.is_lowercase(),
    }
}

/// The lowercase of `c` when it is one character (always, for Vietnamese letters), else `None`.
#[inline]
pub(crate) fn lower(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c.to_ascii_lowercase());
    }
    if let Some(lower) = ingest_core::letters::vietnamese_lowercase(c) {
        return Some(lower);
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => Some(l),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_std_on_every_character_of_the_fast_blocks_and_beyond() {
        let ranges = [0u32..0x250, 0x1e00..0x1f00, 0x300..0x370, 0x2000..0x2100, 0x4e00..0x4e80, 0x1f600..0x1f650];
        for code in ranges.into_iter().flatten() {
            let Some(c) = char::from_u32(code) else { continue };
            assert_eq!(is_letter(c), c.is_alphabetic(), "is_letter {c:?}");
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "is_alphanumeric {c:?}");
            assert_eq!(is_upper(c), c.is_uppercase(), "is_upper {c:?}");
            assert_eq!(is_lower(c), c.is_lowercase(), "is_lower {c:?}");
            let std_lower: Vec<char> = c.to_lowercase().collect();
            let want = if std_lower.len() == 1 { Some(std_lower[0]) } else { None };
            assert_eq!(lower(c), want, "lower {c:?}");
        }
    }
}
