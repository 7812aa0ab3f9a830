//! Vietnamese letters and syllables: what the encoding decision measures.
//!
//! A legacy encoding read with the wrong table, or UTF-8 read as windows-1252, turns Vietnamese
//! syllables into letter soup (`TiÕng`, `Viá»‡t`). Read with the right table, nearly every word
//! that has a non-ASCII letter is a well-formed syllable: an onset from the closed set of initial
//! consonants, a vowel nucleus from the closed set of Vietnamese vowel clusters, a final from the
//! closed set of final consonants, at most one tone mark, and a stop final (`c`, `ch`, `p`, `t`)
//! only with the sắc or nặng tone. [`score`] counts such words.
//!
//! This module does not decide anything; `decode` compares scores.

/// The tones in the order of the columns of [`VOWELS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tone {
    Level,
    Grave,
    Hook,
    Tilde,
    Acute,
    Dot,
}

const TONES: [Tone; 6] = [Tone::Level, Tone::Grave, Tone::Hook, Tone::Tilde, Tone::Acute, Tone::Dot];

/// Every Vietnamese vowel letter with its five toned forms: level, huyền, hỏi, ngã, sắc, nặng.
/// Lowercase rows first, then the uppercase rows in the same order.
const VOWELS: [[char; 6]; 24] = [
    ['a', 'à', 'ả', 'ã', 'á', 'ạ'],
    ['ă', 'ằ', 'ẳ', 'ẵ', 'ắ', 'ặ'],
    ['â', 'ầ', 'ẩ', 'ẫ', 'ấ', 'ậ'],
    ['e', 'è', 'ẻ', 'ẽ', 'é', 'ẹ'],
    ['ê', 'ề', 'ể', 'ễ', 'ế', 'ệ'],
    ['i', 'ì', 'ỉ', 'ĩ', 'í', 'ị'],
    ['o', 'ò', 'ỏ', 'õ', 'ó', 'ọ'],
    ['ô', 'ồ', 'ổ', 'ỗ', 'ố', 'ộ'],
    ['ơ', 'ờ', 'ở', 'ỡ', 'ớ', 'ợ'],
    ['u', 'ù', 'ủ', 'ũ', 'ú', 'ụ'],
    ['ư', 'ừ', 'ử', 'ữ', 'ứ', 'ự'],
    ['y', 'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ'],
    ['A', 'À', 'Ả', 'Ã', 'Á', 'Ạ'],
    ['Ă', 'Ằ', 'Ẳ', 'Ẵ', 'Ắ', 'Ặ'],
    ['Â', 'Ầ', 'Ẩ', 'Ẫ', 'Ấ', 'Ậ'],
    ['E', 'È', 'Ẻ', 'Ẽ', 'É', 'Ẹ'],
    ['Ê', 'Ề', 'Ể', 'Ễ', 'Ế', 'Ệ'],
    ['I', 'Ì', 'Ỉ', 'Ĩ', 'Í', 'Ị'],
    ['O', 'Ò', 'Ỏ', 'Õ', 'Ó', 'Ọ'],
    ['Ô', 'Ồ', 'Ổ', 'Ỗ', 'Ố', 'Ộ'],
    ['Ơ', 'Ờ', 'Ở', 'Ỡ', 'Ớ', 'Ợ'],
    ['U', 'Ù', 'Ủ', 'Ũ', 'Ú', 'Ụ'],
    ['Ư', 'Ừ', 'Ử', 'Ữ', 'Ứ', 'Ự'],
    ['Y', 'Ỳ', 'Ỷ', 'Ỹ', 'Ý', 'Ỵ'],
];

/// A vowel letter's toneless lowercase form and its tone; `None` for anything else.
pub(crate) fn split_tone(c: char) -> Option<(char, Tone)> {
    // A slot for each character of the two ranges that hold every form of every vowel, filled
    // from `VOWELS`: this runs for each letter scored, so it is one lookup, not a search.
    static SLOTS: std::sync::OnceLock<Vec<Option<(char, Tone)>>> = std::sync::OnceLock::new();
    let slots = SLOTS.get_or_init(|| {
        let mut slots = vec![None; VOWEL_SLOTS];
        for (row, letters) in VOWELS.iter().enumerate() {
            for (&form, tone) in letters.iter().zip(TONES) {
                let at = vowel_slot(form).expect("every vowel form is in the slot ranges");
                slots[at] = Some((VOWELS[row % 12][0], tone));
            }
        }
        slots
    });
    slots[vowel_slot(c)?]
}

/// The vowel forms are below U+01B1 (ASCII, Latin-1, Ă, Ĩ, Ũ, Ơ, Ư) or in U+1EA0–U+1EF9 (the
/// Vietnamese letters of Latin Extended Additional).
const LOW_SLOTS: u32 = 0x1b1;
const EXTENDED: std::ops::RangeInclusive<u32> = 0x1ea0..=0x1ef9;
const VOWEL_SLOTS: usize = (LOW_SLOTS + 0x1ef9 - 0x1ea0 + 1) as usize;

/// Where `c` is in the slots of [`split_tone`], if it is in their ranges.
fn vowel_slot(c: char) -> Option<usize> {
    let c = u32::from(c);
    let at = if c < LOW_SLOTS {
        c
    } else if EXTENDED.contains(&c) {
        LOW_SLOTS + c - EXTENDED.start()
    } else {
        return None;
    };
    usize::try_from(at).ok()
}

/// `base` (a toneless vowel letter, either case) with `tone`.
pub(crate) fn with_tone(base: char, tone: Tone) -> Option<char> {
    let col = TONES.iter().position(|&t| t == tone)?;
    VOWELS.iter().find(|forms| forms[0] == base).map(|forms| forms[col])
}

/// The tone a combining mark stands for (the marks windows-1258 and TCVN3 use).
pub(crate) fn combining_tone(c: char) -> Option<Tone> {
    Some(match c {
        '\u{300}' => Tone::Grave,
        '\u{309}' => Tone::Hook,
        '\u{303}' => Tone::Tilde,
        '\u{301}' => Tone::Acute,
        '\u{323}' => Tone::Dot,
        _ => return None,
    })
}

/// Composes a toneless vowel followed by a combining tone mark into one letter; leaves every
/// other character as it is. (Only what the legacy encodings need; clean does full NFC.)
pub(crate) fn compose_tones(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let composed = chars
            .peek()
            .and_then(|&next| combining_tone(next))
            .and_then(|tone| split_tone(c).filter(|&(_, t)| t == Tone::Level).and_then(|_| with_tone(c, tone)));
        match composed {
            Some(letter) => {
                out.push(letter);
                chars.next();
            }
            None => out.push(c),
        }
    }
    out
}

/// How Vietnamese a text reads: of the words with a non-ASCII character, how many are syllables.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Score {
    /// Words with at least one non-ASCII character.
    pub(crate) marked: usize,
    /// Those that are well-formed Vietnamese syllables.
    pub(crate) valid: usize,
}

impl Score {
    /// Share of marked words that are syllables; 0 when there are none.
    pub(crate) fn ratio(self) -> f64 {
        if self.marked == 0 { 0.0 } else { self.valid as f64 / self.marked as f64 }
    }

    /// Enough marked words, and enough of them syllables, to call the text Vietnamese. One word
    /// is not enough: in some table or other, most single letters are a syllable.
    pub(crate) fn is_vietnamese(self) -> bool {
        self.valid >= 2 && self.ratio() >= 0.8
    }
}

/// Scores `text`; see [`Score`]. Tone marks may be combining characters.
pub(crate) fn score(text: &str) -> Score {
    let mut score = Score::default();
    let mut letters = String::new();
    // A word is the run of characters between separators: a slice of `text`, not a copy.
    let mut start = 0;
    let mut marked = false;
    let mut finish = |word: &str, marked: bool| {
        if marked {
            score.marked += 1;
            score.valid += usize::from(is_syllable_with(word, &mut letters));
        }
    };
    for (at, c) in text.char_indices() {
        if is_separator(c) {
            finish(&text[start..at], marked);
            start = at + c.len_utf8();
            marked = false;
        } else {
            marked |= !c.is_ascii();
        }
    }
    finish(&text[start..], marked);
    score
}

/// Characters that end a word: whitespace, ASCII punctuation and the typographic punctuation
/// Vietnamese text uses. Other symbols stay inside the word and make it no syllable, which is
/// what misread bytes look like (`Viá»‡t`, `Æ°`).
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || (c.is_ascii() && !c.is_ascii_alphanumeric())
        || matches!(c, '\u{a0}' | '“' | '”' | '‘' | '’' | '–' | '—' | '…' | '•')
}

/// More letters than the grammar below allows in a syllable (onset of three, nucleus of three,
/// final of two): such a word is none, without parsing it.
const MAX_LETTERS: usize = 8;

/// [`is_syllable`], with a buffer for the letters to reuse.
fn is_syllable_with(word: &str, letters: &mut String) -> bool {
    letters.clear();
    let mut count = 0;
    let mut tone = Tone::Level;
    let mut tones = 0;
    let mut last_vowel = false;
    for c in word.chars() {
        if let Some(t) = combining_tone(c) {
            if !last_vowel {
                return false;
            }
            tone = t;
            tones += 1;
            last_vowel = false;
            continue;
        }
        // A vowel of either case splits into its lowercase base and tone as it is.
        if let Some((base, t)) = split_tone(c) {
            if t != Tone::Level {
                tone = t;
                tones += 1;
            }
            letters.push(base);
            last_vowel = true;
        } else if matches!(c, 'đ' | 'Đ') {
            letters.push('đ');
            last_vowel = false;
        } else if c.is_ascii_alphabetic() && !matches!(c.to_ascii_lowercase(), 'f' | 'j' | 'w' | 'z') {
            letters.push(c.to_ascii_lowercase());
            last_vowel = false;
        } else {
            return false;
        }
        count += 1;
        if count > MAX_LETTERS {
            return false;
        }
    }
    tones <= 1 && parses(letters, tone)
}

// The parts of a syllable, as matches: they compile to a test of the length and a few
// comparisons (the tests check them against the lists they were written from).

fn is_nucleus_with_final(s: &str) -> bool {
    matches!(
        s,
        "a" | "ă"
            | "â"
            | "e"
            | "ê"
            | "i"
            | "o"
            | "ô"
            | "ơ"
            | "u"
            | "ư"
            | "y"
            | "iê"
            | "yê"
            | "oa"
            | "oă"
            | "oe"
            | "oo"
            | "uâ"
            | "uê"
            | "uô"
            | "ươ"
            | "uy"
            | "uyê"
    )
}

fn is_open_nucleus(s: &str) -> bool {
    matches!(
        s,
        "ai" | "ao"
            | "au"
            | "ay"
            | "âu"
            | "ây"
            | "eo"
            | "êu"
            | "ia"
            | "iu"
            | "oi"
            | "ôi"
            | "ơi"
            | "ua"
            | "ui"
            | "ưi"
            | "ưu"
            | "uơ"
            | "oai"
            | "oay"
            | "oeo"
            | "uây"
            | "uôi"
            | "ươi"
            | "ươu"
            | "uya"
            | "iêu"
            | "yêu"
            | "uyu"
            | "ưa"
    )
}

fn is_onset(s: &str) -> bool {
    matches!(
        s,
        "ngh"
            | "ng"
            | "nh"
            | "ch"
            | "gh"
            | "gi"
            | "kh"
            | "ph"
            | "th"
            | "tr"
            | "qu"
            | "b"
            | "c"
            | "d"
            | "đ"
            | "g"
            | "h"
            | "k"
            | "l"
            | "m"
            | "n"
            | "p"
            | "r"
            | "s"
            | "t"
            | "v"
            | "x"
            | ""
    )
}

fn is_final(s: &str) -> bool {
    matches!(s, "c" | "ch" | "m" | "n" | "ng" | "nh" | "p" | "t")
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y')
}

/// Onset + nucleus + final over toneless lowercase letters.
fn parses(letters: &str, tone: Tone) -> bool {
    // The onsets `letters` starts with: its prefixes of up to three letters that are onsets.
    let ends = std::iter::once(0).chain(letters.char_indices().map(|(i, c)| i + c.len_utf8()).take(3));
    ends.filter(|&end| is_onset(&letters[..end])).any(|end| {
        let rest = &letters[end..];
        let split = rest.find(|c: char| !is_vowel(c)).unwrap_or(rest.len());
        let (nucleus, last) = rest.split_at(split);
        let nucleus_ok = if last.is_empty() {
            is_nucleus_with_final(nucleus) || is_open_nucleus(nucleus)
        } else {
            is_nucleus_with_final(nucleus) && is_final(last)
        };
        let stop = matches!(last, "c" | "ch" | "p" | "t");
        // Every onset that fits is tried: "gì" is g + ì, "giữa" is gi + ưa.
        nucleus_ok && (!stop || matches!(tone, Tone::Acute | Tone::Dot))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // The lists the matches were written from.
    const ONSETS: &[&str] = &[
        "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu", "b", "c", "d", "đ", "g", "h", "k", "l", "m",
        "n", "p", "r", "s", "t", "v", "x", "",
    ];
    /// Vowel clusters that may be followed by a final consonant.
    const NUCLEI_WITH_FINAL: &[&str] = &[
        "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "iê", "yê", "oa", "oă", "oe", "oo", "uâ", "uê",
        "uô", "ươ", "uy", "uyê",
    ];
    /// Vowel clusters that end the syllable.
    const NUCLEI_OPEN: &[&str] = &[
        "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ua", "ui", "ưi", "ưu", "uơ",
        "oai", "oay", "oeo", "uây", "uôi", "ươi", "ươu", "uya", "iêu", "yêu", "uyu", "ưa",
    ];
    const FINALS: &[&str] = &["c", "ch", "m", "n", "ng", "nh", "p", "t"];

    fn check(word: &str, expected: bool) {
        assert_eq!(is_syllable_with(word, &mut String::new()), expected, "{word}");
    }

    #[test]
    fn syllables() {
        for word in [
            "Tiếng",
            "Việt",
            "người",
            "nghiêng",
            "gì",
            "giữa",
            "quốc",
            "khuya",
            "khuỷu",
            "Đảng",
            "ĐÀ",
            "NẴNG",
            "xoong",
            "huế",
            "thuở",
            "oái",
            "yêu",
            "tiêu",
            "nước",
            "A",
            "gia",
            "quá",
            "được",
            "Nhận",
            "lời",
            "Viê\u{323}t",
            "la\u{300}",
        ] {
            check(word, true);
        }
        for word in [
            "TiÕng",
            "ViÖt",
            "Ä",
            "Æ°",
            "café",
            "Müller",
            "Tieáng",
            "viet\u{301}\u{300}",
            "cáo\u{300}",
            "tàc",
            "bảp",
            "ngaỳy",
            "phở2",
            "x",
        ] {
            check(word, false);
        }
    }

    #[test]
    fn the_matches_agree_with_the_lists() {
        let mut candidates: Vec<String> = Vec::new();
        let vowels = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"];
        for a in vowels {
            candidates.push(a.into());
            for b in vowels {
                candidates.push(format!("{a}{b}"));
                for c in vowels {
                    candidates.push(format!("{a}{b}{c}"));
                }
            }
        }
        candidates.extend(["c", "ch", "m", "n", "ng", "nh", "p", "t", "k", "g", "", "nn"].map(String::from));
        for s in &candidates {
            let s = s.as_str();
            assert_eq!(is_nucleus_with_final(s), NUCLEI_WITH_FINAL.contains(&s), "{s}");
            assert_eq!(is_open_nucleus(s), NUCLEI_OPEN.contains(&s), "{s}");
            assert_eq!(is_final(s), FINALS.contains(&s), "{s}");
        }
        // Every string of up to three letters of a to z and đ.
        let letters: Vec<String> =
            std::iter::once(String::new()).chain(('a'..='z').chain(['đ']).map(String::from)).collect();
        for a in &letters {
            for b in &letters {
                for c in &letters {
                    let s = format!("{a}{b}{c}");
                    assert_eq!(is_onset(&s), ONSETS.contains(&s.as_str()), "{s}");
                }
            }
        }
        // So every onset of the list was among those tried.
        assert!(ONSETS.iter().all(|o| o.chars().all(|c| c.is_ascii_lowercase() || c == 'đ') && o.chars().count() <= 3));
        // Parsing tries exactly the onsets a word starts with, as the list does.
        for word in ["nghiêng", "giữa", "gì", "quốc", "đường", "ươu", "a", "ngh", "nga", "x"] {
            let by_list: Vec<&str> = ONSETS.iter().copied().filter(|o| word.starts_with(o)).collect();
            let mut by_match: Vec<&str> = (0..=word.len())
                .filter(|&end| word.is_char_boundary(end) && word[..end].chars().count() <= 3)
                .map(|end| &word[..end])
                .filter(|p| is_onset(p))
                .collect();
            by_match.sort_by_key(|p| std::cmp::Reverse(p.len()));
            assert_eq!(by_list, by_match, "{word}");
        }
        for list in [NUCLEI_WITH_FINAL, NUCLEI_OPEN, FINALS] {
            assert!(list.iter().all(|s| candidates.iter().any(|c| c == s)), "every entry is tried");
        }
        assert!(NUCLEI_WITH_FINAL.iter().chain(NUCLEI_OPEN).map(|s| s.chars().count()).max() <= Some(3));
    }

    #[test]
    fn no_syllable_is_longer_than_the_limit() {
        // The longest the grammar could take: the longest onset, nucleus and final.
        let longest = ONSETS.iter().map(|s| s.chars().count()).max().unwrap_or(0)
            + NUCLEI_WITH_FINAL.iter().map(|s| s.chars().count()).max().unwrap_or(0)
            + FINALS.iter().map(|s| s.chars().count()).max().unwrap_or(0);
        assert!(longest <= MAX_LETTERS, "the limit is not tighter than the grammar: {longest}");
        check("nghiêng", true);
        check("khuyếch", true);
    }

    #[test]
    fn scores_count_marked_words() {
        let s = |t: &str| score(t);
        assert_eq!(s("Tiếng Việt, hello!"), Score { marked: 2, valid: 2 });
        assert_eq!(s("TiÕng ViÖt"), Score { marked: 2, valid: 0 });
        assert_eq!(s("Viá»‡t Nam"), Score { marked: 1, valid: 0 });
        assert_eq!(s("“Hà Nội” – thủ đô…"), Score { marked: 4, valid: 4 });
        assert!(s("Tiếng Việt").is_vietnamese());
        assert!(!s("plain ASCII").is_vietnamese());
    }

    /// How `score` worked before it sliced words out of the text and split each letter once: a
    /// copy of every word, and each letter lowercased through the tables before it was split.
    fn score_reference(text: &str) -> Score {
        fn lowercase_letter(c: char) -> char {
            match c {
                'Đ' => 'đ',
                _ => split_tone(c).map(|(base, tone)| with_tone(base, tone).unwrap_or(c)).unwrap_or(c),
            }
        }
        fn is_syllable(word: &str) -> bool {
            let (mut letters, mut count, mut tone, mut tones, mut last_vowel) =
                (String::new(), 0, Tone::Level, 0, false);
            for c in word.chars() {
                if let Some(t) = combining_tone(c) {
                    if !last_vowel {
                        return false;
                    }
                    (tone, tones, last_vowel) = (t, tones + 1, false);
                    continue;
                }
                let lower = if c.is_ascii() { c.to_ascii_lowercase() } else { lowercase_letter(c) };
                if let Some((base, t)) = split_tone(lower) {
                    if t != Tone::Level {
                        (tone, tones) = (t, tones + 1);
                    }
                    letters.push(base);
                    last_vowel = true;
                } else if lower == 'đ' || (lower.is_ascii_lowercase() && !matches!(lower, 'f' | 'j' | 'w' | 'z')) {
                    letters.push(lower);
                    last_vowel = false;
                } else {
                    return false;
                }
                count += 1;
                if count > MAX_LETTERS {
                    return false;
                }
            }
            tones <= 1 && parses(&letters, tone)
        }
        let mut score = Score::default();
        for word in text.split(is_separator).filter(|w| !w.is_ascii()) {
            score.marked += 1;
            score.valid += usize::from(is_syllable(word));
        }
        score
    }

    /// Every fixture read with every table (right and wrong: letter soup, mojibake, combining
    /// marks, uppercase toned letters), whole and line by line, and words made to stress the
    /// letter cases: the same scores as the reference.
    #[test]
    fn score_is_the_reference_score() {
        use crate::legacy::{Legacy, windows_1252};
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/fetch/encodings");
        let mut texts: Vec<String> = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap();
            let windows_1258 = encoding_rs::WINDOWS_1258.decode_without_bom_handling(&bytes).0;
            texts.push(windows_1258.to_string());
            texts.push(compose_tones(&windows_1258));
            texts.push(bytes.iter().map(|&b| windows_1252(b)).collect());
            texts.extend(Legacy::ALL.map(|legacy| legacy.decode(&bytes)));
            texts.extend(String::from_utf8(bytes).ok());
        }
        let lines: Vec<String> = texts.iter().flat_map(|t| t.lines().map(str::to_owned)).collect();
        texts.extend(lines);
        let letters =
            ["A", "Ạ", "ẠC", "Đ", "đ", "Ư", "ƯỜ", "e\u{301}", "I\u{323}", "f", "Q", "7", "ß", "Ñ", "\u{301}", "ñ"];
        for a in letters {
            for b in letters {
                for c in letters {
                    texts.push(format!("{a}{b}{c} N{b}{c}G {a}{b}NH\u{a0}TR{a}{c}"));
                }
            }
        }
        assert!(texts.len() > 4000, "{}", texts.len());
        let mut valid = 0;
        for text in &texts {
            let want = score_reference(text);
            assert_eq!(score(text), want, "{text}");
            valid += want.valid;
        }
        assert!(valid > 10_000, "the texts have syllables to find: {valid}");
    }

    /// Every character up to U+FFFF and beyond: a vowel form splits into its row's lowercase
    /// letter and its column's tone, as a search of `VOWELS` finds them; anything else does not.
    #[test]
    fn split_tone_is_a_search_of_the_vowels() {
        let search = |c: char| {
            VOWELS.iter().enumerate().find_map(|(row, letters)| {
                letters.iter().position(|&form| form == c).map(|col| (VOWELS[row % 12][0], TONES[col]))
            })
        };
        let chars = (0..=0x1_0000).chain([0x1_f600, 0x10_ffff]).filter_map(char::from_u32);
        let mut vowels = 0;
        for c in chars {
            assert_eq!(split_tone(c), search(c), "{c:?}");
            vowels += usize::from(search(c).is_some());
        }
        assert_eq!(vowels, 144);
    }

    #[test]
    fn composes_combining_tones() {
        assert_eq!(compose_tones("Vie\u{302}t"), "Vie\u{302}t");
        assert_eq!(compose_tones("Nhâ\u{323}n lơ\u{300}i A\u{301}"), "Nhận lời Á");
        assert_eq!(compose_tones("x\u{301}"), "x\u{301}");
    }
}
