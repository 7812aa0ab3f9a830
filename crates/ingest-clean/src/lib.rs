//! The clean stage: a pure function from decoded text to clean text and its dedupe key.
//!
//! In order:
//! 1. [`normalize`]: line endings to `\n`; invisible characters (zero-width, bidi marks, soft
//!    hyphen, stray BOM) and control characters dropped; NBSP and other spaces to a plain space;
//!    Unicode NFC; every line trimmed and its runs of spaces collapsed; runs of blank lines
//!    collapsed to one, none at either end.
//! 2. [`segmented`]: text that arrives already word-segmented (`Thứ_trưởng`, ` , `) is recognised
//!    and turned back into natural text, so it dedupes and segments like any other text.
//! 3. [`tone`]: the tone marks of `oa`, `oe`, `uy` syllables placed as [`Settings::tone_style`] says
//!    (default: as the input has them).
//! 4. The dedupe key: the clean text with the marks of `oa`, `oe`, `uy` in one place (the `new`
//!    style, whatever the output style) and every run of whitespace, line breaks included, made one
//!    space. Case and diacritics are kept: `mà` and `má` are different words.
//!
//! Text with nothing left is a reject. Clean does no I/O and keeps no state between documents.

pub mod letters;
pub mod normalize;
pub mod segmented;
pub mod tone;

use ingest_core::{Document, Reject, RejectReason, Stage};
pub use tone::ToneStyle;

/// Settings of the clean stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Recognise word-segmented input and restore natural text.
    pub restore_segmented: bool,
    /// Where the emitted text puts the tone marks of `oa`, `oe`, `uy`.
    pub tone_style: ToneStyle,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { restore_segmented: true, tone_style: ToneStyle::Keep }
    }
}

/// The result of cleaning a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleaned {
    pub text: String,
    pub dedupe_key: String,
    /// The input was word-segmented and has been restored.
    pub was_segmented: bool,
}

/// Cleans `text`; see the crate docs for what that means.
pub fn clean_text(text: &str, settings: &Settings) -> Cleaned {
    let mut text = normalize::normalize(text);
    let mut was_segmented = false;
    if settings.restore_segmented && segmented::is_segmented(&text) {
        text = segmented::restore(&text);
        was_segmented = true;
    }
    let dedupe_key = dedupe_key(&text);
    let text = tone::apply(&text, settings.tone_style);
    Cleaned { text, dedupe_key, was_segmented }
}

/// The key that decides exact duplicates: tone marks of `oa`, `oe`, `uy` in the `new` place,
/// whitespace runs made one space, nothing else changed.
pub fn dedupe_key(clean_text: &str) -> String {
    let toned = tone::apply(clean_text, ToneStyle::New);
    let mut key = String::with_capacity(toned.len());
    for word in toned.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(word);
    }
    key
}

/// Cleans a document's text in place. A document with no text left is rejected.
pub fn clean(mut doc: Document, settings: &Settings) -> Result<Document, Reject> {
    let cleaned = clean_text(&doc.text, settings);
    if cleaned.text.is_empty() {
        return Err(Reject {
            ordinal: doc.ordinal,
            source: doc.source,
            stage: Stage::Clean,
            reason: RejectReason::Empty,
            detail: format!("no text left after cleaning ({} bytes of input)", doc.metadata.bytes),
        });
    }
    doc.metadata.chars = cleaned.text.chars().count() as u64;
    doc.metadata.was_segmented = cleaned.was_segmented;
    doc.text = cleaned.text;
    doc.dedupe_key = cleaned.dedupe_key;
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, text: &str, key: &str) {
        let cleaned = clean_text(input, &Settings::default());
        assert_eq!(cleaned.text, text, "text of {input:?}");
        assert_eq!(cleaned.dedupe_key, key, "key of {input:?}");
        let again = clean_text(&cleaned.text, &Settings::default());
        assert_eq!(again.text, cleaned.text, "cleaning is idempotent for {input:?}");
    }

    #[test]
    fn cleans_and_keys() {
        check("", "", "");
        check(" \n\t\n ", "", "");
        check("Hà  Nội\r\n\r\n\r\nViệt Nam ", "Hà Nội\n\nViệt Nam", "Hà Nội Việt Nam");
        // NFD in, NFC out, and the same key as the NFC text.
        check("Vie\u{302}\u{323}t Nam", "Việt Nam", "Việt Nam");
        // Either tone placement gives the same key; the text keeps its own by default.
        check("Sức khoẻ  và hoà bình", "Sức khoẻ và hoà bình", "Sức khỏe và hòa bình");
        check("Sức khỏe\nvà hòa bình", "Sức khỏe\nvà hòa bình", "Sức khỏe và hòa bình");
        // The eth look-alike is a đ.
        check("Ðại sứ", "Đại sứ", "Đại sứ");
        // Pre-segmented in, natural text out.
        check(
            "Thứ_trưởng Bộ Ngoại_giao đã thăm Nga , ngày 4 / 3 .\nHai bên nhất_trí hợp_tác .",
            "Thứ trưởng Bộ Ngoại giao đã thăm Nga, ngày 4/3.\nHai bên nhất trí hợp tác.",
            "Thứ trưởng Bộ Ngoại giao đã thăm Nga, ngày 4/3. Hai bên nhất trí hợp tác.",
        );
    }

    #[test]
    fn tone_style_changes_the_text_not_the_key() {
        let text = "Hòa bình và sức khoẻ, thuỷ điện Hoà Bình.";
        let key = "Hòa bình và sức khỏe, thủy điện Hòa Bình.";
        for (style, expected) in [
            (ToneStyle::Keep, text),
            (ToneStyle::New, "Hòa bình và sức khỏe, thủy điện Hòa Bình."),
            (ToneStyle::Old, "Hoà bình và sức khoẻ, thuỷ điện Hoà Bình."),
        ] {
            let cleaned = clean_text(text, &Settings { tone_style: style, ..Settings::default() });
            assert_eq!(cleaned.text, expected, "{style:?}");
            assert_eq!(cleaned.dedupe_key, key, "{style:?}");
        }
    }

    #[test]
    fn keeps_case_and_diacritics_in_the_key() {
        let keys: Vec<String> = ["mà", "má", "mả", "mã", "mạ", "Mà"]
            .iter()
            .map(|t| clean_text(t, &Settings::default()).dedupe_key)
            .collect();
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }

    #[test]
    fn empty_text_is_a_reject_with_reason() {
        let doc = Document { source: "a.txt".into(), text: "\u{200b}\n \u{a0}".into(), ..Document::default() };
        let reject = clean(doc, &Settings::default()).unwrap_err();
        assert_eq!(reject.stage, Stage::Clean);
        assert_eq!(reject.reason, RejectReason::Empty);
        assert_eq!(reject.source, "a.txt");
    }
}
