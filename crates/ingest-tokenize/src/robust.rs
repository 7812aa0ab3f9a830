//! Tests of what no other Vietnamese segmenter promises: the same segmentation for every way of
//! writing the same text, the input's own characters in the output, no panic on any input.

use proptest::prelude::*;

use crate::segment_text;
use crate::syllables::is_separator;

const SEED: &str = include_str!("../../../seeds/000_eae569450ad647c0.txt");
const PRESEGMENTED_SEED: &str = include_str!("../../../seeds/002_d405184045d43514.txt");

fn segment(text: &str) -> String {
    segment_text(text).text
}

/// New-style to old-style tone placement (`hòa` → `hoà`), as some writers type.
fn old_style(text: &str) -> String {
    const PAIRS: [(&str, &str); 15] = [
        ("òa", "oà"),
        ("óa", "oá"),
        ("ỏa", "oả"),
        ("õa", "oã"),
        ("ọa", "oạ"),
        ("òe", "oè"),
        ("óe", "oé"),
        ("ỏe", "oẻ"),
        ("õe", "oẽ"),
        ("ọe", "oẹ"),
        ("ùy", "uỳ"),
        ("úy", "uý"),
        ("ủy", "uỷ"),
        ("ũy", "uỹ"),
        ("ụy", "uỵ"),
    ];
    PAIRS.iter().fold(text.to_owned(), |t, (new, old)| t.replace(new, old))
}

fn nfd(text: &str) -> String {
    icu_normalizer::DecomposingNormalizerBorrowed::new_nfd().normalize(text).into_owned()
}

#[test]
fn same_segmentation_for_every_form_of_the_text() {
    let base = segment(SEED);
    assert!(base.contains("hòa_bình"), "the seed has a new-style tone word to test with");
    // The output keeps each variant's own characters, so compare against the variant of the output.
    assert_eq!(segment(&nfd(SEED)), nfd(&base), "NFD");
    assert_eq!(segment(&old_style(SEED)), old_style(&base), "old-style tones");
    assert_eq!(segment(&SEED.replace('Đ', "Ð")), base.replace('Đ', "Ð"), "Ð for Đ");
    assert_eq!(segment(&SEED.replace(' ', "\u{a0}")), base, "NBSP between syllables");
    assert_eq!(segment(&SEED.replace(' ', "\u{200b}")), base, "zero-width space between syllables");
    assert_eq!(segment(&SEED.replace(' ', " \u{200b}")), base, "space and zero-width space");
}

#[test]
fn agreement_with_pyvi_on_the_presegmented_seed() {
    // Seed 002 is pyvi's segmentation. Undo it, segment, and count the words both agree on.
    let gold: Vec<String> = PRESEGMENTED_SEED.split_whitespace().map(str::to_owned).collect();
    let raw = PRESEGMENTED_SEED.replace('_', " ");
    let ours: Vec<String> = segment(&raw).split_whitespace().map(str::to_owned).collect();
    let spans = |words: &[String]| {
        let mut at = 0usize;
        words
            .iter()
            .map(|w| {
                let len = w.chars().filter(|&c| c != '_').count();
                at += len;
                (at - len, at)
            })
            .collect::<std::collections::HashSet<_>>()
    };
    let (g, o) = (spans(&gold), spans(&ours));
    let common = g.intersection(&o).count() as f64;
    let f1 = 2.0 * common / (g.len() + o.len()) as f64;
    // Not a target: pyvi is a different segmenter (its F1 on VLSP is 95.1). This pins the figure
    // reported in the closing note, so a change to it is seen.
    assert!(f1 > 0.93 && f1 < 1.0, "agreement F1 with pyvi {f1:.4}");
}

#[test]
fn odd_inputs_do_not_panic() {
    let long_word = "a".repeat(1 << 20);
    let long_line = "Hà Nội ".repeat(1 << 16);
    let cases = [
        "",
        "...!!!???",
        "😀👍🏽 🇻🇳",
        "\u{301}\u{303} a\u{323}",
        "Tiếng Việt và 中文 và русский и العربية",
        "\u{200b}\u{200b}",
        "- - -",
        long_word.as_str(),
        long_line.as_str(),
    ];
    for case in cases {
        let out = segment(case);
        assert_eq!(strip(&out), strip(case), "characters of {:?}", &case[..case.len().min(40)]);
    }
}

/// The characters that must survive: all but separators and `_`.
fn strip(text: &str) -> String {
    text.chars().filter(|&c| !is_separator(c) && c != '_').collect()
}

fn vietnamese_ish() -> impl Strategy<Value = String> {
    // Syllables, punctuation, digits, separators, combining marks and some arbitrary characters.
    let piece = prop_oneof![
        4 => prop::sample::select(vec!["Hà", "Nội", "hòa", "hoà", "bình", "Việt", "Nam", "ngoại", "giao", "TP.HCM", "V.", "Ð"]).prop_map(str::to_owned),
        2 => prop::sample::select(vec![" ", "  ", "\u{a0}", "\u{200b}", "\t"]).prop_map(str::to_owned),
        2 => prop::sample::select(vec![",", ".", "...", "-", "(", ")", "\"", "“", "”", "%", "/", ":", "_"]).prop_map(str::to_owned),
        1 => "[0-9]{1,4}",
        1 => prop::sample::select(vec!["\u{301}", "\u{323}", "\u{ad}"]).prop_map(str::to_owned),
        1 => any::<char>().prop_filter("one line", |c| *c != '\n' && *c != '\r').prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|p| p.concat())
}

proptest! {
    #[test]
    fn segmentation_never_adds_drops_or_reorders_characters(line in vietnamese_ish()) {
        let out = segment(&line);
        prop_assert_eq!(strip(&out), strip(&line));
        prop_assert!(!out.contains('\n'));
    }

    /// `--no-segment` counts syllables without making units; segmenting makes them.
    #[test]
    fn syllables_are_counted_alike_without_segmenting(line in vietnamese_ish()) {
        prop_assert_eq!(crate::count_syllables(&line), crate::segment_text(&line).counts.syllables);
    }
}
