//! Facts about Vietnamese letters, shared by the normalization, language and quality checks.

/// A tone-marked vowel as (the letter without the mark, tone index), the tones in the order grave
/// (huyền), acute (sắc), hook above (hỏi), tilde (ngã), dot below (nặng). Hats, breves and horns
/// stay: `ấ` → (`â`, 1). A `match`, not a table scan: it runs on every letter of every text.
pub fn split_tone(c: char) -> Option<(char, u8)> {
    match c {
        'à' => Some(('a', 0)),
        'á' => Some(('a', 1)),
        'ả' => Some(('a', 2)),
        'ã' => Some(('a', 3)),
        'ạ' => Some(('a', 4)),
        'ằ' => Some(('ă', 0)),
        'ắ' => Some(('ă', 1)),
        'ẳ' => Some(('ă', 2)),
        'ẵ' => Some(('ă', 3)),
        'ặ' => Some(('ă', 4)),
        'ầ' => Some(('â', 0)),
        'ấ' => Some(('â', 1)),
        'ẩ' => Some(('â', 2)),
        'ẫ' => Some(('â', 3)),
        'ậ' => Some(('â', 4)),
        'è' => Some(('e', 0)),
        'é' => Some(('e', 1)),
        'ẻ' => Some(('e', 2)),
        'ẽ' => Some(('e', 3)),
        'ẹ' => Some(('e', 4)),
        'ề' => Some(('ê', 0)),
        'ế' => Some(('ê', 1)),
        'ể' => Some(('ê', 2)),
        'ễ' => Some(('ê', 3)),
        'ệ' => Some(('ê', 4)),
        'ì' => Some(('i', 0)),
        'í' => Some(('i', 1)),
        'ỉ' => Some(('i', 2)),
        'ĩ' => Some(('i', 3)),
        'ị' => Some(('i', 4)),
        'ò' => Some(('o', 0)),
        'ó' => Some(('o', 1)),
        'ỏ' => Some(('o', 2)),
        'õ' => Some(('o', 3)),
        'ọ' => Some(('o', 4)),
        'ồ' => Some(('ô', 0)),
        'ố' => Some(('ô', 1)),
        'ổ' => Some(('ô', 2)),
        'ỗ' => Some(('ô', 3)),
        'ộ' => Some(('ô', 4)),
        'ờ' => Some(('ơ', 0)),
        'ớ' => Some(('ơ', 1)),
        'ở' => Some(('ơ', 2)),
        'ỡ' => Some(('ơ', 3)),
        'ợ' => Some(('ơ', 4)),
        'ù' => Some(('u', 0)),
        'ú' => Some(('u', 1)),
        'ủ' => Some(('u', 2)),
        'ũ' => Some(('u', 3)),
        'ụ' => Some(('u', 4)),
        'ừ' => Some(('ư', 0)),
        'ứ' => Some(('ư', 1)),
        'ử' => Some(('ư', 2)),
        'ữ' => Some(('ư', 3)),
        'ự' => Some(('ư', 4)),
        'ỳ' => Some(('y', 0)),
        'ý' => Some(('y', 1)),
        'ỷ' => Some(('y', 2)),
        'ỹ' => Some(('y', 3)),
        'ỵ' => Some(('y', 4)),
        'À' => Some(('A', 0)),
        'Á' => Some(('A', 1)),
        'Ả' => Some(('A', 2)),
        'Ã' => Some(('A', 3)),
        'Ạ' => Some(('A', 4)),
        'Ằ' => Some(('Ă', 0)),
        'Ắ' => Some(('Ă', 1)),
        'Ẳ' => Some(('Ă', 2)),
        'Ẵ' => Some(('Ă', 3)),
        'Ặ' => Some(('Ă', 4)),
        'Ầ' => Some(('Â', 0)),
        'Ấ' => Some(('Â', 1)),
        'Ẩ' => Some(('Â', 2)),
        'Ẫ' => Some(('Â', 3)),
        'Ậ' => Some(('Â', 4)),
        'È' => Some(('E', 0)),
        'É' => Some(('E', 1)),
        'Ẻ' => Some(('E', 2)),
        'Ẽ' => Some(('E', 3)),
        'Ẹ' => Some(('E', 4)),
        'Ề' => Some(('Ê', 0)),
        'Ế' => Some(('Ê', 1)),
        'Ể' => Some(('Ê', 2)),
        'Ễ' => Some(('Ê', 3)),
        'Ệ' => Some(('Ê', 4)),
        'Ì' => Some(('I', 0)),
        'Í' => Some(('I', 1)),
        'Ỉ' => Some(('I', 2)),
        'Ĩ' => Some(('I', 3)),
        'Ị' => Some(('I', 4)),
        'Ò' => Some(('O', 0)),
        'Ó' => Some(('O', 1)),
        'Ỏ' => Some(('O', 2)),
        'Õ' => Some(('O', 3)),
        'Ọ' => Some(('O', 4)),
        'Ồ' => Some(('Ô', 0)),
        'Ố' => Some(('Ô', 1)),
        'Ổ' => Some(('Ô', 2)),
        'Ỗ' => Some(('Ô', 3)),
        'Ộ' => Some(('Ô', 4)),
        'Ờ' => Some(('Ơ', 0)),
        'Ớ' => Some(('Ơ', 1)),
        'Ở' => Some(('Ơ', 2)),
        'Ỡ' => Some(('Ơ', 3)),
        'Ợ' => Some(('Ơ', 4)),
        'Ù' => Some(('U', 0)),
        'Ú' => Some(('U', 1)),
        'Ủ' => Some(('U', 2)),
        'Ũ' => Some(('U', 3)),
        'Ụ' => Some(('U', 4)),
        'Ừ' => Some(('Ư', 0)),
        'Ứ' => Some(('Ư', 1)),
        'Ử' => Some(('Ư', 2)),
        'Ữ' => Some(('Ư', 3)),
        'Ự' => Some(('Ư', 4)),
        'Ỳ' => Some(('Y', 0)),
        'Ý' => Some(('Y', 1)),
        'Ỷ' => Some(('Y', 2)),
        'Ỹ' => Some(('Y', 3)),
        'Ỵ' => Some(('Y', 4)),
        _ => None,
    }
}

/// The letter without its tone mark: `ấ` → `â`, `Ỏ` → `O`; other characters as they are.
pub fn untoned(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    split_tone(c).map_or(c, |(base, _)| base)
}

/// `char::is_alphabetic`, answered without Unicode's tables for ASCII and Vietnamese letters
/// (the tables' lookup is slow and runs on every character of every text).
pub fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    // The blocks Vietnamese letters live in, answered by range (every character in them is a
    // letter, but × and ÷); the rest of Unicode by the standard library's tables.
    match c {
        '\u{c0}'..='\u{ff}' => c != '×' && c != '÷',
        '\u{100}'..='\u{17f}' | '\u{1ea0}'..='\u{1ef9}' => true,
        'Ơ' | 'ơ' | 'Ư' | 'ư' => true,
        _ => c.is_alphabetic(),
    }
}

/// `char::is_alphanumeric`, fast for ASCII and Vietnamese letters as [`is_letter`] is.
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    is_letter(c) || c.is_numeric()
}

/// A vowel of Vietnamese, in either case, with or without marks.
pub fn is_vowel(c: char) -> bool {
    matches!(
        untoned(c),
        'a' | 'ă'
            | 'â'
            | 'e'
            | 'ê'
            | 'i'
            | 'o'
            | 'ô'
            | 'ơ'
            | 'u'
            | 'ư'
            | 'y'
            | 'A'
            | 'Ă'
            | 'Â'
            | 'E'
            | 'Ê'
            | 'I'
            | 'O'
            | 'Ô'
            | 'Ơ'
            | 'U'
            | 'Ư'
            | 'Y'
    )
}

/// A letter of the Vietnamese alphabet (the 29 letters, any tone, either case) or one of the
/// Latin letters Vietnamese borrows (`f`, `j`, `w`, `z`).
pub fn is_vietnamese_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, 'đ' | 'Đ') || (!c.is_ascii() && is_vowel(c))
}

/// A letter that only Vietnamese writes: `ă ơ ư đ` and any vowel with a hook above, a dot below,
/// a hat or breve and a tone, or a tilde on `i u y`. Letters that French, Spanish or Portuguese
/// also use (`â ê ô à é ã õ`, ...) do not count.
pub fn is_vietnamese_only(c: char) -> bool {
    // No letter of ASCII or Latin-1 is (`ã`, `ê`, `ý` are Portuguese, French, Icelandic too), and
    // a third of the marked letters of Vietnamese text are Latin-1.
    if c < '\u{100}' {
        return false;
    }
    if matches!(c, 'ă' | 'ơ' | 'ư' | 'Ă' | 'Ơ' | 'Ư' | 'đ' | 'Đ') {
        return true;
    }
    match split_tone(c) {
        // â ê ô without a tone, and letters of other alphabets.
        None => false,
        // Hook above and dot below exist only in Vietnamese.
        Some((_, 2 | 4)) => true,
        // A tone on a breve or horn, or on top of a hat: ắ, ờ, ấ, ề, ...
        Some(('ă' | 'ơ' | 'ư' | 'â' | 'ê' | 'ô' | 'Ă' | 'Ơ' | 'Ư' | 'Â' | 'Ê' | 'Ô', _)) => true,
        // A tilde on i, u, y.
        Some((base, 3)) => matches!(base, 'i' | 'u' | 'y' | 'I' | 'U' | 'Y'),
        _ => false,
    }
}

/// A letter with any Vietnamese diacritic (tone, hat, breve, horn, or `đ`).
pub fn has_diacritic(c: char) -> bool {
    !c.is_ascii() && is_vietnamese_letter(c)
}

/// What the measures of a text ask of one character, as bits of one byte: [`Class::of`] answers
/// from a table for the characters of Vietnamese text, so a pass over every character does not
/// ask each question of Unicode's tables or of long `match`es.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Class(u8);

impl Class {
    /// `char::is_whitespace`.
    pub(crate) const SPACE: u8 = 1;
    /// [`is_letter`].
    pub(crate) const LETTER: u8 = 2;
    /// [`is_alphanumeric`].
    pub(crate) const ALPHANUMERIC: u8 = 4;
    /// `char::is_uppercase`.
    pub(crate) const UPPER: u8 = 8;
    /// [`is_vietnamese_only`].
    pub(crate) const VIETNAMESE_ONLY: u8 = 16;

    /// The class of `c`, asked of each function.
    fn compute(c: char) -> Class {
        let bit = |yes: bool, bit: u8| if yes { bit } else { 0 };
        Class(
            bit(c.is_whitespace(), Class::SPACE)
                | bit(is_letter(c), Class::LETTER)
                | bit(is_alphanumeric(c), Class::ALPHANUMERIC)
                | bit(c.is_uppercase(), Class::UPPER)
                | bit(is_vietnamese_only(c), Class::VIETNAMESE_ONLY),
        )
    }

    /// The class of `c`: from [`CLASSES`] for U+0000–U+024F and U+1E00–U+1EFF (ASCII, Latin-1,
    /// Latin Extended-A and -B, Latin Extended Additional: the letters of Vietnamese), computed
    /// for the others.
    #[inline]
    pub(crate) fn of(c: char, table: &Classes) -> Class {
        let code = c as usize;
        if code < LOW_END {
            table.0[code]
        } else if (HIGH_START..HIGH_START + HIGH_LEN).contains(&code) {
            table.0[LOW_END + code - HIGH_START]
        } else {
            Class::compute(c)
        }
    }

    /// The bits of the class (below 32).
    #[inline]
    pub(crate) fn bits(self) -> u8 {
        self.0
    }

    #[cfg(test)]
    pub(crate) fn has(self, bit: u8) -> bool {
        self.0 & bit != 0
    }
}

const LOW_END: usize = 0x250;
const HIGH_START: usize = 0x1e00;
const HIGH_LEN: usize = 0x100;

/// The table of [`Class::of`], computed once by [`Class::compute`], so it answers as the
/// functions do by construction.
pub(crate) struct Classes([Class; LOW_END + HIGH_LEN]);

/// [`Classes`], built on first use.
pub(crate) fn classes() -> &'static Classes {
    static TABLE: std::sync::OnceLock<Classes> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = [Class(0); LOW_END + HIGH_LEN];
        let codes = (0..LOW_END).chain(HIGH_START..HIGH_START + HIGH_LEN);
        for (slot, code) in table.iter_mut().zip(codes) {
            // Every code point of both ranges is a character (no surrogates there).
            *slot = char::from_u32(code as u32).map_or(Class(0), Class::compute);
        }
        Classes(table)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_from_the_table_are_the_computed_ones() {
        let table = classes();
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            assert_eq!(Class::of(c, table), Class::compute(c), "{c:?}");
        }
        let c = Class::of('Ự', table);
        assert!(c.has(Class::LETTER) && c.has(Class::UPPER) && c.has(Class::VIETNAMESE_ONLY) && !c.has(Class::SPACE));
        assert!(Class::of('\u{a0}', table).has(Class::SPACE) && Class::of('5', table).has(Class::ALPHANUMERIC));
    }

    #[test]
    fn untones() {
        for (c, base) in
            [('ấ', 'â'), ('Ỏ', 'O'), ('ự', 'ư'), ('a', 'a'), ('đ', 'đ'), ('é', 'e'), ('ỹ', 'y'), ('x', 'x')]
        {
            assert_eq!(untoned(c), base, "{c}");
        }
    }

    #[test]
    fn vietnamese_only_letters() {
        for c in "ăơưđĂƠƯĐảạẻẹỉịỏọủụỷỵấầẩẫậềếểễệốồổỗộĩũỹờớởỡợứừửữựẮẰẲẴẶ".chars()
        {
            assert!(is_vietnamese_only(c), "{c} is Vietnamese only");
        }
        for c in "aâêôàáãèéìíòóõùúýÂÊÔÀÁçñüöß".chars() {
            assert!(!is_vietnamese_only(c), "{c} is not Vietnamese only");
        }
    }

    #[test]
    fn letters_are_alphabetic() {
        for c in "aZđĐăẮữỸ".chars().chain(['ç', 'ß', 'я', '中']) {
            assert!(is_letter(c), "{c}");
        }
        for c in ['1', ' ', '-', '“', '…', '\u{301}', '€'] {
            assert!(!is_letter(c), "{c:?}");
        }
        // The same answer as the standard library on every character of the Vietnamese blocks.
        for c in ('\u{0}'..='\u{24f}').chain('\u{1e00}'..='\u{1eff}').chain('\u{2000}'..='\u{206f}') {
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn vowels_and_letters() {
        assert!(is_vowel('ữ') && is_vowel('Y') && is_vowel('ê'));
        assert!(!is_vowel('đ') && !is_vowel('n') && !is_vowel('ç'));
        assert!(is_vietnamese_letter('đ') && is_vietnamese_letter('Ự') && is_vietnamese_letter('w'));
        assert!(!is_vietnamese_letter('ç') && !is_vietnamese_letter('ð') && !is_vietnamese_letter('1'));
        assert!(has_diacritic('ư') && !has_diacritic('u'));
    }
}

#[cfg(test)]
mod is_letter_tests {
    use super::is_letter;

    #[test]
    fn agrees_with_std_everywhere_it_takes_a_shortcut() {
        for code in (0u32..0x250).chain(0x1e00..0x1f00) {
            if let Some(c) = char::from_u32(code) {
                assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?} U+{code:04X}");
            }
        }
    }
}

#[cfg(test)]
mod vietnamese_only_tests {
    use super::*;

    /// [`is_vietnamese_only`] as it was before its Latin-1 shortcut.
    fn is_vietnamese_only_slowly(c: char) -> bool {
        if c.is_ascii() {
            return false;
        }
        if matches!(c, 'ă' | 'ơ' | 'ư' | 'Ă' | 'Ơ' | 'Ư' | 'đ' | 'Đ') {
            return true;
        }
        match split_tone(c) {
            None => false,
            Some((_, 2 | 4)) => true,
            Some(('ă' | 'ơ' | 'ư' | 'â' | 'ê' | 'ô' | 'Ă' | 'Ơ' | 'Ư' | 'Â' | 'Ê' | 'Ô', _)) => true,
            Some((base, 3)) => matches!(base, 'i' | 'u' | 'y' | 'I' | 'U' | 'Y'),
            _ => false,
        }
    }

    #[test]
    fn the_shortcut_changes_no_answer() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            assert_eq!(is_vietnamese_only(c), is_vietnamese_only_slowly(c), "{c:?}");
        }
    }
}
