//! Measures of a clean text, and the filters that reject a text by them.
//!
//! The measures ([`ingest_core::Quality`]) are recorded for every document, so a dataset can be
//! filtered again later without rerunning; the filters ([`Filters`]) reject a document with the
//! rule's name as the reason and the measured value in the detail. The defaults are loose: they
//! drop what is not prose (menus, tables of symbols, shouting, a few words), not weak prose.
//!
//! No machine-translation measure: the signals that look like one on seed `001` (repeated
//! coordinations such as `hiệu quả và hiệu quả`) also occur in careful Vietnamese and were not
//! found sound enough to record.

use ingest_core::{Fixed4, Language, Quality, RejectReason};
use serde::{Deserialize, Serialize};

use crate::lang;

mod counts;
use counts::Counts;

/// Thresholds below which (or above which, for `max_*`) a document is rejected. The field names
/// are the keys of `[clean.filters]` in the driver's settings file and of the manifest.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Filters {
    /// Fewest words (`too_short`). News briefs have 40 and more.
    pub min_words: u64,
    /// Accepted languages, ISO 639-3 (`language`); empty accepts any. A text too short for the
    /// detector to tell is not rejected by this filter.
    pub languages: Vec<String>,
    /// Reject Vietnamese typed without diacritics (`no_diacritics`); off by default: flagged only.
    pub reject_no_diacritics: bool,
    /// Most punctuation and symbols among non-space characters (`symbols`). Prose has 3–6%.
    pub max_symbol_share: f64,
    /// Most non-blank lines repeating an earlier line (`duplicate_lines`).
    pub max_duplicate_line_share: f64,
    /// Most all-caps words of two letters or more (`all_caps`). News has 2–5% (acronyms).
    pub max_caps_share: f64,
    /// Fewest lines ending like a sentence (`unpunctuated`). Articles have nearly all.
    pub min_punctuated_line_share: f64,
    /// Most letters per word on average (`long_words`). A Vietnamese syllable has at most 7
    /// letters and prose averages 3.5; English averages under 5.
    pub max_mean_syllable_length: f64,
}

impl Default for Filters {
    fn default() -> Self {
        Filters {
            min_words: 20,
            languages: vec!["vie".to_owned()],
            reject_no_diacritics: false,
            max_symbol_share: 0.25,
            max_duplicate_line_share: 0.5,
            max_caps_share: 0.5,
            min_punctuated_line_share: 0.2,
            max_mean_syllable_length: 6.0,
        }
    }
}

impl Filters {
    /// Filters that accept every text.
    pub fn none() -> Filters {
        Filters {
            min_words: 0,
            languages: Vec::new(),
            reject_no_diacritics: false,
            max_symbol_share: 1.0,
            max_duplicate_line_share: 1.0,
            max_caps_share: 1.0,
            min_punctuated_line_share: 0.0,
            max_mean_syllable_length: f64::INFINITY,
        }
    }
}

/// The language and measures of `text`.
pub fn measure(text: &str) -> (Option<Language>, Quality) {
    let (language, quality, _) = measure_lines(text, text.lines().filter(|l| !l.trim().is_empty()).collect());
    (language, quality)
}

/// [`measure`] of `text` whose lines that are not blank (`text.lines()`, without those that are
/// only whitespace) are `lines`, found already, and the number of characters of `text`.
pub(crate) fn measure_lines(text: &str, mut lines: Vec<&str>) -> (Option<Language>, Quality, u64) {
    let Counts { words, syllables, syllable_letters, caps, capsable, visible, symbols, letters, chars } =
        Counts::of(text);
    let detected = lang::detect_counted(text, letters);
    let punctuated = lines.iter().filter(|l| ends_like_a_sentence(l)).count() as u64;
    let duplicates = (lines.len() - distinct(&mut lines)) as u64;
    let share = |n: u64, of: u64| Fixed4::from_f64(if of == 0 { 0.0 } else { n as f64 / of as f64 });
    let quality = Quality {
        words,
        mean_syllable_length: share(syllable_letters, syllables),
        symbol_share: share(symbols, visible),
        duplicate_line_share: share(duplicates, lines.len() as u64),
        punctuated_line_share: share(punctuated, lines.len() as u64),
        caps_share: share(caps, capsable),
        vietnamese_letter_share: Fixed4::from_f64(detected.as_ref().map_or(0.0, |l| l.vietnamese_letter_share)),
        no_diacritics: detected.as_ref().is_some_and(|l| l.no_diacritics),
    };
    let language = detected.map(|l| Language { code: l.code, confidence: Fixed4::from_f64(l.confidence) });
    (language, quality, chars)
}

/// How many different lines `lines` has: sorted, not hashed, as two lines mostly differ in their
/// first bytes, so comparing them reads a few bytes where hashing them reads them all.
/// `lines` are left sorted.
fn distinct(lines: &mut Vec<&str>) -> usize {
    lines.sort_unstable();
    lines.dedup();
    lines.len()
}

fn ends_like_a_sentence(line: &str) -> bool {
    let trimmed = line.trim_end().trim_end_matches(['"', '”', '’', '\'', '»', ')', ']']);
    trimmed.ends_with(['.', '!', '?', '…', ':', ';'])
}

/// The first filter `text`'s measures fail, as a reject reason and a detail with the value.
pub fn judge(language: Option<&Language>, q: &Quality, filters: &Filters) -> Option<(RejectReason, String)> {
    let pct = |x: Fixed4| format!("{:.1}%", x.as_f64() * 100.0);
    if q.words < filters.min_words {
        return Some((RejectReason::TooShort, format!("{} words, fewer than {}", q.words, filters.min_words)));
    }
    if let Some(lang) = language
        && !filters.languages.is_empty()
        && !filters.languages.iter().any(|l| l == lang.code)
    {
        return Some((
            RejectReason::Language,
            format!(
                "language {} (confidence {:.2}), not one of {}",
                lang.code,
                lang.confidence.as_f64(),
                filters.languages.join(", ")
            ),
        ));
    }
    if filters.reject_no_diacritics && q.no_diacritics {
        return Some((RejectReason::NoDiacritics, "Vietnamese written without diacritics".to_owned()));
    }
    let over = |x: Fixed4, max: f64| x.as_f64() > max;
    if over(q.symbol_share, filters.max_symbol_share) {
        let detail =
            format!("{} punctuation and symbols, more than {}", pct(q.symbol_share), limit(filters.max_symbol_share));
        return Some((RejectReason::Symbols, detail));
    }
    if over(q.duplicate_line_share, filters.max_duplicate_line_share) {
        let detail = format!(
            "{} of lines repeat an earlier line, more than {}",
            pct(q.duplicate_line_share),
            limit(filters.max_duplicate_line_share)
        );
        return Some((RejectReason::DuplicateLines, detail));
    }
    if over(q.caps_share, filters.max_caps_share) {
        let detail = format!("{} of words in capitals, more than {}", pct(q.caps_share), limit(filters.max_caps_share));
        return Some((RejectReason::AllCaps, detail));
    }
    if q.mean_syllable_length.as_f64() > filters.max_mean_syllable_length {
        let detail = format!(
            "{:.2} letters per word on average, more than {:.2}",
            q.mean_syllable_length.as_f64(),
            filters.max_mean_syllable_length
        );
        return Some((RejectReason::LongWords, detail));
    }
    if q.punctuated_line_share.as_f64() < filters.min_punctuated_line_share {
        let detail = format!(
            "{} of lines end like a sentence, fewer than {}",
            pct(q.punctuated_line_share),
            limit(filters.min_punctuated_line_share)
        );
        return Some((RejectReason::Unpunctuated, detail));
    }
    None
}

fn limit(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::letters;

    const ARTICLE: &str = "Hai bên nhất trí tăng cường trao đổi thông tin, phối hợp chặt chẽ tại các diễn đàn quốc tế.\n\
        Thứ trưởng Nguyễn Minh Vũ bày tỏ mong muốn Nga đẩy mạnh hợp tác nhiều mặt với ASEAN.\n\
        Đại sứ Nga chia sẻ với Thứ trưởng về việc rất quan tâm theo dõi Đại hội.";

    /// The reason `text` is rejected for with the default filters, or `None`.
    fn check(text: &str, reason: Option<RejectReason>) {
        let (lang, q) = measure(text);
        let got = judge(lang.as_ref(), &q, &Filters::default());
        assert_eq!(got.as_ref().map(|(r, _)| *r), reason, "{text:?}: {got:?} {q:?}");
    }

    #[test]
    fn measures() {
        let (lang, q) = measure(ARTICLE);
        assert_eq!(lang.unwrap().code, "vie");
        assert_eq!(q.words, 55);
        assert_eq!(q.punctuated_line_share, Fixed4(10_000));
        assert_eq!(q.duplicate_line_share, Fixed4(0));
        assert_eq!(q.caps_share, Fixed4::from_f64(1.0 / 55.0));
        assert!((3.0..4.5).contains(&q.mean_syllable_length.as_f64()), "{q:?}");
        assert!(q.symbol_share.as_f64() < 0.05, "{q:?}");
        assert!(!q.no_diacritics);
        let (_, q) = measure("Viet Nam va Nga nhat tri tang cuong hop tac trong cac linh vuc.");
        assert!(q.no_diacritics);
    }

    #[test]
    fn filters() {
        check(ARTICLE, None);
        check("Hai bên nhất trí tăng cường hợp tác.", Some(RejectReason::TooShort));
        check(
            "The two sides agreed to strengthen cooperation in trade and investment, and to meet again next year in Hanoi to review progress.",
            Some(RejectReason::Language),
        );
        check(&format!("{ARTICLE}\n{}", "$$$ ### *** @@@ %%% ^^^ &&& !!! ".repeat(10)), Some(RejectReason::Symbols));
        let menu = "Thời sự\nThế giới\nKinh tế\nVăn hóa\nThể thao\nGiải trí\nPháp luật\nGiáo dục\nSức khỏe\nĐời sống\nDu lịch\nKhoa học\nSố hóa\nXe\nÝ kiến\nTâm sự\nHài";
        check(menu, Some(RejectReason::Unpunctuated));
        let repeated = format!("{ARTICLE}\n{ARTICLE}\n{ARTICLE}");
        check(&repeated, Some(RejectReason::DuplicateLines));
        check(&ARTICLE.to_uppercase(), Some(RejectReason::AllCaps));
        // Each syllable run together with the next: identifiers, not prose.
        let words: Vec<&str> = ARTICLE.split_whitespace().collect();
        let run_together = words.windows(2).map(|w| format!("{}{}", w[0], w[1])).collect::<Vec<_>>().join(" ") + ".";
        check(&run_together, Some(RejectReason::LongWords));
        // Without diacritics: flagged, kept unless asked.
        let plain = "Viet Nam va Nga nhat tri tang cuong hop tac trong cac linh vuc kinh te, thuong mai, dau tu va nang luong trong thoi gian toi.";
        check(plain, None);
        let (lang, q) = measure(plain);
        let strict = Filters { reject_no_diacritics: true, ..Filters::default() };
        assert_eq!(judge(lang.as_ref(), &q, &strict).map(|(r, _)| r), Some(RejectReason::NoDiacritics));
        // Any language when the list is empty.
        let english = "The two sides agreed to strengthen cooperation in trade and investment, and to meet again next year in Hanoi to review progress.";
        let (lang, q) = measure(english);
        let any = Filters { languages: vec![], ..Filters::default() };
        assert_eq!(judge(lang.as_ref(), &q, &any), None);
    }

    #[test]
    fn details_carry_the_measured_value() {
        let (lang, q) = measure("Hai bên nhất trí.");
        let (_, detail) = judge(lang.as_ref(), &q, &Filters::default()).unwrap();
        assert_eq!(detail, "4 words, fewer than 20");
        let english = "The two sides agreed to strengthen cooperation in trade and investment, and to meet again next year in Hanoi to review progress.";
        let (lang, q) = measure(english);
        let (_, detail) = judge(lang.as_ref(), &q, &Filters::default()).unwrap();
        assert!(detail.starts_with("language eng (confidence "), "{detail}");
        assert!(detail.ends_with("not one of vie"), "{detail}");
    }

    #[test]
    fn distinct_lines_are_those_a_set_holds() {
        for mut lines in [vec![], vec!["a"], vec!["a", "b", "a"], vec!["b", "a", "b", "b", "ab", "a b", "ab"]] {
            let set: std::collections::HashSet<&str> = lines.iter().copied().collect();
            assert_eq!(distinct(&mut lines), set.len(), "{:?}", set);
        }
    }

    /// The token measures as [`measure`] took them before its single pass: one pass per measure.
    fn token_measures_slowly(text: &str) -> [u64; 7] {
        let (mut words, mut syllables, mut syllable_letters, mut caps, mut capsable) = (0, 0, 0, 0, 0);
        for token in text.split_whitespace() {
            let letters = token.chars().filter(|&c| letters::is_letter(c)).count() as u64;
            words += u64::from(letters > 0 || token.chars().any(letters::is_alphanumeric));
            if letters > 0 {
                syllables += 1;
                syllable_letters += letters;
            }
            if letters >= 2 {
                capsable += 1;
                caps += u64::from(token.chars().filter(|&c| letters::is_letter(c)).all(char::is_uppercase));
            }
        }
        let (mut visible, mut symbols) = (0, 0);
        for c in text.chars().filter(|c| !c.is_whitespace()) {
            visible += 1;
            symbols += u64::from(!letters::is_alphanumeric(c));
        }
        [words, syllables, syllable_letters, caps, capsable, visible, symbols]
    }

    #[test]
    fn one_pass_counts_what_one_pass_per_measure_did() {
        // Every character of the class table and around it, in tokens of one to seven characters.
        let every: String = (0..0x300u32)
            .chain(0x1d00..0x2100)
            .filter_map(char::from_u32)
            .enumerate()
            .flat_map(|(i, c)| [c].into_iter().chain((i % 7 == 0).then_some(' ')))
            .collect();
        let texts = [
            every.clone(),
            every.to_uppercase(),
            String::new(),
            " \n ".to_owned(),
            ARTICLE.to_owned(),
            ARTICLE.to_uppercase(),
            "ASEAN,\u{b}2026:\tHà\u{c}Nội\r\n—TP.HCM\u{1f}\u{7f} ½ ① x² 中文 Ελλάδα ǅ ß Ǆx Ǆ \u{301}A 12ab $$$ !!!\u{a0}ĐẠI".to_owned(),
            include_str!("../../../seeds/000_eae569450ad647c0.txt").to_owned(),
            include_str!("../../../seeds/002_d405184045d43514.txt").to_owned(),
        ];
        for text in &texts {
            let c = Counts::of(text);
            let got = [c.words, c.syllables, c.syllable_letters, c.caps, c.capsable, c.visible, c.symbols];
            assert_eq!(got, token_measures_slowly(text), "{text:?}");
            assert_eq!(lang::detect_counted(text, c.letters), lang::detect(text), "{text:?}");
        }
    }
}
