//! The embedded vocabulary of multi-syllable words.

use std::collections::HashSet;
use std::sync::LazyLock;

static VOCAB_TXT: &str = include_str!("../data/rdrsegmenter/VnVocab.txt");

/// Multi-syllable words, lowercase, old-style tone placement, syllables joined by one space.
static VOCAB: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| VOCAB_TXT.lines().map(str::trim).filter(|l| !l.is_empty()).collect());

/// Whether `key` (lowercase, old-style tones, one space between syllables) is a vocabulary word.
pub(crate) fn contains(key: &str) -> bool {
    VOCAB.contains(key)
}

/// The form the vocabulary is written in: lowercase, with the tone of `oa`, `oe`, `uy` on the
/// first vowel as in the old style (`hoà`, `khoẻ`, `thuỷ`).
pub(crate) fn model_form(syllable: &str) -> String {
    const NEW_TO_OLD: &[(&str, &str)] = &[
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
    let mut form = syllable.to_lowercase();
    if form.is_ascii() {
        return form;
    }
    for (new, old) in NEW_TO_OLD {
        if form.contains(new) {
            form = form.replace(new, old);
        }
    }
    form
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_form_is_lowercase_old_style() {
        for (input, expected) in
            [("Hòa", "hoà"), ("hoà", "hoà"), ("THỦY", "thuỷ"), ("khỏe", "khoẻ"), ("Toàn", "toàn"), ("quý", "quý")]
        {
            assert_eq!(model_form(input), expected, "{input}");
        }
    }

    #[test]
    fn vocabulary_is_loaded() {
        assert!(contains("ngoại giao"));
        assert!(contains("hoà bình"));
        assert!(!contains("ngoại"));
        assert!(VOCAB.len() > 34_000);
    }
}
