//! Facts about Vietnamese letters that more than one stage needs.

/// The lowercase of a letter Vietnamese writes outside ASCII (Latin-1 letters, `ă đ ĩ ũ ơ ư`
/// and the Latin Extended Additional block of `ạ ả ấ … ỹ`), found without Unicode tables; `None`
/// for any other character. Wherever it answers, the character is alphanumeric and its lowercase
/// is the one `char::to_lowercase` gives (tested over every character it answers for).
pub fn vietnamese_lowercase(c: char) -> Option<char> {
    let n = u32::from(c);
    let lower = match n {
        0xC0..=0xDE if n != 0xD7 => n + 0x20,
        0xDF..=0xFF if n != 0xF7 => n,
        0x0102 | 0x0110 | 0x0128 | 0x0168 | 0x01A0 | 0x01AF => n + 1,
        0x0103 | 0x0111 | 0x0129 | 0x0169 | 0x01A1 | 0x01B0 => n,
        0x1EA0..=0x1EF9 => n | 1,
        _ => return None,
    };
    char::from_u32(lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_unicode_wherever_it_answers() {
        let mut answered = 0;
        for c in (0u32..0x2000).filter_map(char::from_u32) {
            if let Some(lower) = vietnamese_lowercase(c) {
                answered += 1;
                assert!(c.is_alphanumeric(), "{c:?}");
                assert_eq!(c.to_lowercase().collect::<Vec<char>>(), [lower], "{c:?}");
            }
        }
        // Latin-1's 62 letters, the 12 of ă đ ĩ ũ ơ ư, the 90 of ạ … ỹ.
        assert_eq!(answered, 62 + 12 + 90);
    }
}
