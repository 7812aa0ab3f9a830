//! Which language a text is in, with Vietnamese recognised even when typed without diacritics.
//!
//! Three signals, strongest first:
//! 1. The share of letters that only Vietnamese writes ([`letters::is_vietnamese_only`]: `ă ơ ư đ`,
//!    hook above, dot below, ...). Vietnamese prose has 15–25% of them (the seeds: 18–21%);
//!    French, Portuguese or Czech next to none. At [`MIN_VIETNAMESE_SHARE`] or more the text is
//!    Vietnamese.
//! 2. Otherwise, text with almost no diacritics whose words are nearly all well-formed Vietnamese
//!    syllables (`Viet Nam hop tac`: onset, vowels, final from the closed sets of the language) is
//!    Vietnamese without diacritics; English or French words fail that test half the time.
//! 3. Otherwise whatlang's guess on the first [`SAMPLE_BYTES`] bytes.
//!
//! Codes are ISO 639-3 (`vie`, `eng`), as whatlang names them.

use crate::letters;

/// Vietnamese-only letters, as a share of all letters, from which a text is Vietnamese.
pub const MIN_VIETNAMESE_SHARE: f64 = 0.03;
/// The share of Vietnamese-only letters at which the letter evidence alone gives confidence 1.
pub const FULL_VIETNAMESE_SHARE: f64 = 0.08;
/// Letters with any diacritic, as a share of all letters, under which a text has "no diacritics".
pub const MAX_DIACRITIC_SHARE: f64 = 0.01;
/// Well-formed Vietnamese syllables, as a share of words, for text without diacritics to be
/// Vietnamese.
pub const MIN_SYLLABLE_SHARE: f64 = 0.85;
/// Fewest letters for any decision.
pub const MIN_LETTERS: usize = 20;
/// How much of the text whatlang reads.
pub const SAMPLE_BYTES: usize = 2048;

/// The language of a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Language {
    /// ISO 639-3 code: `vie`, `eng`, ...
    pub code: &'static str,
    /// 0 to 1.
    pub confidence: f64,
    /// Vietnamese written without diacritics.
    pub no_diacritics: bool,
    /// Vietnamese-only letters as a share of letters.
    pub vietnamese_letter_share: f64,
}

/// The letters of a text, counted as [`detect`] weighs them.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct LetterCounts {
    letters: usize,
    /// Letters only Vietnamese writes.
    only: usize,
    /// Letters that are not ASCII.
    marked: usize,
}

impl LetterCounts {
    /// Counts of `letters` letters, `only` of them only Vietnamese's, `marked` of them not ASCII.
    pub(crate) fn new(letters: usize, only: usize, marked: usize) -> LetterCounts {
        LetterCounts { letters, only, marked }
    }

    /// Counts `c`, a letter ([`letters::is_letter`]).
    #[inline]
    pub(crate) fn add(&mut self, c: char) {
        self.letters += 1;
        if !c.is_ascii() {
            self.only += usize::from(letters::is_vietnamese_only(c));
            self.marked += 1;
        }
    }
}

/// The language of `text`, or `None` when it has too few letters or whatlang cannot tell.
pub fn detect(text: &str) -> Option<Language> {
    let mut counts = LetterCounts::default();
    for c in text.chars().filter(|&c| letters::is_letter(c)) {
        counts.add(c);
    }
    detect_counted(text, counts)
}

/// [`detect`] with the letters of `text` counted already (by the pass that measures it).
pub(crate) fn detect_counted(text: &str, counts: LetterCounts) -> Option<Language> {
    let LetterCounts { letters, only, marked } = counts;
    if letters < MIN_LETTERS {
        return None;
    }
    let share = only as f64 / letters as f64;
    if share >= FULL_VIETNAMESE_SHARE {
        // Confidence 1 whatever whatlang would say: spare its time.
        return Some(Language { code: "vie", confidence: 1.0, no_diacritics: false, vietnamese_letter_share: share });
    }
    let guess = whatlang::detect(sample(text));
    if share >= MIN_VIETNAMESE_SHARE {
        let by_letters = share / FULL_VIETNAMESE_SHARE;
        let confidence = match &guess {
            Some(info) if info.lang() == whatlang::Lang::Vie => by_letters.max(info.confidence()),
            _ => by_letters,
        };
        return Some(Language { code: "vie", confidence, no_diacritics: false, vietnamese_letter_share: share });
    }
    if (marked as f64) < MAX_DIACRITIC_SHARE * letters as f64 {
        let syllables = syllable_share(text);
        if syllables >= MIN_SYLLABLE_SHARE {
            return Some(Language {
                code: "vie",
                confidence: syllables,
                no_diacritics: true,
                vietnamese_letter_share: share,
            });
        }
    }
    guess.map(|info| Language {
        code: info.lang().code(),
        confidence: info.confidence(),
        no_diacritics: false,
        vietnamese_letter_share: share,
    })
}

fn sample(text: &str) -> &str {
    if text.len() <= SAMPLE_BYTES {
        return text;
    }
    let mut end = SAMPLE_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The share of words (letters only, lowercased) that are well-formed Vietnamese syllables
/// written without diacritics.
fn syllable_share(text: &str) -> f64 {
    let (mut words, mut good) = (0usize, 0usize);
    for word in text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()) {
        words += 1;
        good += usize::from(is_plain_syllable(&word.to_lowercase()));
    }
    if words == 0 { 0.0 } else { good as f64 / words as f64 }
}

/// `word` is onset + 1–3 vowels + final, as a Vietnamese syllable stripped of its diacritics.
fn is_plain_syllable(word: &str) -> bool {
    const ONSETS: [&str; 27] = [
        "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu", "b", "c", "d", "đ", "g", "h", "k", "l", "m",
        "n", "p", "r", "s", "t", "v", "x",
    ];
    const FINALS: [&str; 9] = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];
    let rest = ONSETS.iter().find_map(|o| word.strip_prefix(o)).unwrap_or(word);
    if rest.is_empty() {
        return word == "gi"; // gì
    }
    let vowels = rest.len() - rest.trim_start_matches(['a', 'e', 'i', 'o', 'u', 'y']).len();
    (1..=3).contains(&vowels) && FINALS.contains(&&rest[vowels..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, code: Option<&str>, no_diacritics: bool) {
        let got = detect(text);
        assert_eq!(got.as_ref().map(|l| l.code), code, "{text:?}: {got:?}");
        if let Some(lang) = got {
            assert_eq!(lang.no_diacritics, no_diacritics, "{text:?}");
            assert!((0.0..=1.0).contains(&lang.confidence), "{lang:?}");
        }
    }

    #[test]
    fn detects() {
        check(
            "Hai bên nhất trí tăng cường trao đổi thông tin, phối hợp chặt chẽ tại các diễn đàn.",
            Some("vie"),
            false,
        );
        check("Viet Nam va Nga nhat tri tang cuong hop tac trong cac linh vuc kinh te, thuong mai.", Some("vie"), true);
        check("The two sides agreed to strengthen cooperation in trade, investment and energy.", Some("eng"), false);
        check("Les deux parties sont convenues de renforcer la coopération dans le commerce.", Some("fra"), false);
        check("Ambas partes acordaron fortalecer la cooperación en comercio, inversión y energía.", Some("spa"), false);
        check("Hà Nội", None, false);
        check("12345 67890 !!! ??? 2026-01-15 08:30", None, false);
    }

    #[test]
    fn confidence_grows_with_the_evidence() {
        let full = detect("Thứ trưởng Bộ Ngoại giao đã tiếp Đại sứ Liên bang Nga tại trụ sở Bộ.").unwrap();
        assert!(full.confidence > 0.9, "{full:?}");
        assert!(full.vietnamese_letter_share > 0.1, "{full:?}");
    }

    #[test]
    fn syllables() {
        for word in ["viet", "nam", "nghieng", "gi", "khuyen", "quoc", "truong", "a", "oanh"] {
            assert!(is_plain_syllable(word), "{word}");
        }
        for word in ["and", "with", "strengthen", "of", "is", "qu", "xyz", "coopération"] {
            assert!(!is_plain_syllable(word), "{word}");
        }
    }
}
