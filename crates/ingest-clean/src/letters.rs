//! Facts about Vietnamese letters, shared by the normalization, language and quality checks.

/// Tone-marked vowels and the letter without the mark (hats, breves and horns stay: `ấ` → `â`).
const TONED: [(&str, char); 24] = [
    ("àáảãạ", 'a'),
    ("ằắẳẵặ", 'ă'),
    ("ầấẩẫậ", 'â'),
    ("èéẻẽẹ", 'e'),
    ("ềếểễệ", 'ê'),
    ("ìíỉĩị", 'i'),
    ("òóỏõọ", 'o'),
    ("ồốổỗộ", 'ô'),
    ("ờớởỡợ", 'ơ'),
    ("ùúủũụ", 'u'),
    ("ừứửữự", 'ư'),
    ("ỳýỷỹỵ", 'y'),
    ("ÀÁẢÃẠ", 'A'),
    ("ẰẮẲẴẶ", 'Ă'),
    ("ẦẤẨẪẬ", 'Â'),
    ("ÈÉẺẼẸ", 'E'),
    ("ỀẾỂỄỆ", 'Ê'),
    ("ÌÍỈĨỊ", 'I'),
    ("ÒÓỎÕỌ", 'O'),
    ("ỒỐỔỖỘ", 'Ô'),
    ("ỜỚỞỠỢ", 'Ơ'),
    ("ÙÚỦŨỤ", 'U'),
    ("ỪỨỬỮỰ", 'Ư'),
    ("ỲÝỶỸỴ", 'Y'),
];

/// The letter without its tone mark: `ấ` → `â`, `Ỏ` → `O`; other characters as they are.
pub fn untoned(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    TONED.iter().find(|(forms, _)| forms.contains(c)).map_or(c, |(_, base)| *base)
}

/// A vowel of Vietnamese, in either case, with or without marks.
pub fn is_vowel(c: char) -> bool {
    matches!(untoned(c), 'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y')
        || matches!(untoned(c), 'A' | 'Ă' | 'Â' | 'E' | 'Ê' | 'I' | 'O' | 'Ô' | 'Ơ' | 'U' | 'Ư' | 'Y')
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
    if c.is_ascii() {
        return false;
    }
    let base = untoned(c);
    if matches!(base, 'ă' | 'ơ' | 'ư' | 'Ă' | 'Ơ' | 'Ư') || matches!(c, 'đ' | 'Đ') {
        return true;
    }
    if base == c {
        return false; // â ê ô without a tone
    }
    let tone = TONED.iter().find(|(_, b)| *b == base).and_then(|(forms, _)| forms.chars().position(|f| f == c));
    match tone {
        // Hook above and dot below exist only in Vietnamese.
        Some(2) | Some(4) => true,
        // A tone on top of a hat or breve: ấ, ề, ở, ...
        Some(_) if matches!(base, 'â' | 'ê' | 'ô' | 'Â' | 'Ê' | 'Ô') => true,
        // A tilde on i, u, y.
        Some(3) => matches!(base, 'i' | 'u' | 'y' | 'I' | 'U' | 'Y'),
        _ => false,
    }
}

/// A letter with any Vietnamese diacritic (tone, hat, breve, horn, or `đ`).
pub fn has_diacritic(c: char) -> bool {
    !c.is_ascii() && is_vietnamese_letter(c)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn vowels_and_letters() {
        assert!(is_vowel('ữ') && is_vowel('Y') && is_vowel('ê'));
        assert!(!is_vowel('đ') && !is_vowel('n') && !is_vowel('ç'));
        assert!(is_vietnamese_letter('đ') && is_vietnamese_letter('Ự') && is_vietnamese_letter('w'));
        assert!(!is_vietnamese_letter('ç') && !is_vietnamese_letter('ð') && !is_vietnamese_letter('1'));
        assert!(has_diacritic('ư') && !has_diacritic('u'));
    }
}
