//! The clean stage: a pure function from decoded text to clean text, its title and byline, and
//! its dedupe key.
//!
//! In order:
//! 0. [`html`]: an HTML page (recognised by its content) becomes its article's text, and its
//!    title, date, author, URL and site are kept.
//! 1. [`normalize`]: line endings to `\n`; invisible characters (zero-width, bidi marks, soft
//!    hyphen, stray BOM) and control characters dropped; NBSP and other spaces to a plain space;
//!    Unicode NFC; `Ð`/`ð` to `Đ`/`đ` in Vietnamese words; every line trimmed and its runs of
//!    spaces collapsed; runs of blank lines collapsed to one, none at either end.
//! 2. [`segmented`]: text that arrives already word-segmented (`Thứ_trưởng`, ` , `) is recognised
//!    and turned back into natural text, so it dedupes and segments like any other text.
//! 3. [`boilerplate`]: page debris out (captions, share bars, footers, lines repeated across a
//!    site), the title and byline into their own fields.
//! 4. [`tone`]: the tone marks of `oa`, `oe`, `uy` syllables placed as [`Settings::tone_style`] says
//!    (default: as the input has them).
//! 5. [`quality`]: the language ([`lang`]) and measures of the text, and the filters that reject it.
//! 6. The dedupe key: the clean text with the marks of `oa`, `oe`, `uy` in one place (the `new`
//!    style, whatever the output style) and every run of whitespace, line breaks included, made one
//!    space. Case and diacritics are kept: `mà` and `má` are different words.
//!
//! Text with nothing left, or that fails a filter of [`quality::Filters`], is a reject with the
//! rule's name and the measured value. Clean does no I/O and keeps no state between documents: the
//! cross-document repeated lines come in as data ([`RepeatedLines`]), counted by the driver's first
//! pass with [`lines_of`].
//!
//! [`clean`] is two halves the driver can run apart: [`prepare`] (steps 0–2, which need nothing
//! from other documents) and [`finish`] (steps 3–6). The driver's first pass prepares every
//! document once, counts its lines and keeps it on disk for the second pass, which finishes it.

pub mod boilerplate;
pub mod html;
pub mod lang;
pub mod letters;
pub mod normalize;
mod page_elements;
pub mod quality;
pub mod repeated;
pub mod segmented;
mod spaces;
pub mod tone;

use ingest_core::{Document, Language, Quality, Reject, RejectReason, RemovedLine, Stage};
pub use repeated::{DocumentLines, LineCounts, RepeatedLines};
pub use spaces::{may_be_in_space, space_around, words};
pub use tone::ToneStyle;

/// Settings of the clean stage.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Recognise word-segmented input and restore natural text.
    pub restore_segmented: bool,
    /// Where the emitted text puts the tone marks of `oa`, `oe`, `uy`.
    pub tone_style: ToneStyle,
    /// A line in at least this many distinct documents of one site or directory is boilerplate;
    /// 0 turns the rule (and the driver's first pass) off.
    pub repeated_min_documents: u32,
    /// Only lines of at most this many words count as repeated boilerplate: menus, slogans and
    /// footers are short, while a long sentence shared by several documents is shared content
    /// (an updated or syndicated story), which near-duplicate detection, not line removal, is for.
    pub repeated_max_words: usize,
    /// Thresholds that reject a document.
    pub filters: quality::Filters,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            restore_segmented: true,
            tone_style: ToneStyle::Keep,
            repeated_min_documents: 3,
            repeated_max_words: 30,
            filters: quality::Filters::default(),
        }
    }
}

/// The result of cleaning a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleaned {
    pub text: String,
    pub title: Option<String>,
    pub byline: Option<String>,
    pub removed: Vec<RemovedLine>,
    pub dedupe_key: String,
    /// The input was word-segmented and has been restored.
    pub was_segmented: bool,
    pub lang: Option<Language>,
    pub quality: Quality,
    /// What an HTML page said about itself; `None` for plain text.
    pub page: Option<html::PageMeta>,
}

/// The text before boilerplate removal: the article of an HTML page, normalized and, if it was
/// segmented, restored.
struct Prepared {
    text: String,
    was_segmented: bool,
    page: Option<html::PageMeta>,
}

/// `text` without its invisible characters, if it reads as an HTML page. A page starts with a tag
/// once those are gone; a text that does not is spared dropping them to ask.
fn as_page(text: &str) -> Option<std::borrow::Cow<'_, str>> {
    normalize::starts_with_tag(text).then(|| normalize::without_invisible(text)).filter(|v| html::is_html(v))
}

fn prepare_text(text: &str, settings: &Settings) -> Prepared {
    let (mut text, page) = match as_page(text) {
        Some(visible) => {
            let page = html::extract(&visible);
            (normalize::normalize(&page.text), Some(page.meta))
        }
        None => (normalize::normalize(text), None),
    };
    let mut was_segmented = false;
    if settings.restore_segmented && segmented::is_segmented(&text) {
        text = segmented::restore(&text);
        was_segmented = true;
    }
    Prepared { text, was_segmented, page }
}

/// Cleans `text`; see the crate docs for what that means. `is_repeated` says whether a line is
/// repeated across the documents of this one's site.
pub fn clean_text(text: &str, settings: &Settings, is_repeated: &dyn Fn(&str) -> bool) -> Cleaned {
    clean_prepared(prepare_text(text, settings), settings, is_repeated)
}

fn clean_prepared(prepared: Prepared, settings: &Settings, is_repeated: &dyn Fn(&str) -> bool) -> Cleaned {
    clean_counted(prepared, settings, is_repeated).0
}

/// Rounds of cleaning, at most (see [`clean_counted`]).
const ROUNDS: usize = 8;

/// [`clean_prepared`], and the number of characters of the clean text.
///
/// Clean must be idempotent: cleaning a clean text changes nothing. Boilerplate removal decides
/// some lines by their place (the first line may be a title, the line after the title or the lead
/// may repeat it), so a round that takes lines can leave another line in such a place: `PP` taken
/// as a byline at the end left a first line that cleaning again took as a title. A page's own
/// title keeps the first line of its article from being taken as one, which cleaning the article
/// again, with no page, does not. A text can be left reading as an HTML page (taking a junk
/// first line off `$<[><>[`, a vertical tab, `<head` left `<head`), or as word-segmented text
/// (the share of `_`-joined tokens is counted over the whole text: taking a junk line of short
/// words off `V h P` left three joined tokens in fewer than sixty). So the clean text is cleaned
/// again, as cleaning it again would (no page metadata; the page it reads as, if it reads as one),
/// until a round changes nothing; the lines every round removed are kept. The first title found
/// stays the title; one a later round takes is recorded as a removed `title` line.
///
/// Another round is needed only when the text reads as a page or as segmented text, or when
/// [`boilerplate::would_take_more`] finds a line for the rules that decide by place, which is asked
/// only after a round that took a line or had page metadata: most texts are cleaned once.
/// [`ROUNDS`] bounds the rounds.
fn clean_counted(prepared: Prepared, settings: &Settings, is_repeated: &dyn Fn(&str) -> bool) -> (Cleaned, u64) {
    let mut was_page = prepared.page.is_some();
    let (mut cleaned, mut chars, mut took) = clean_once(prepared, settings, is_repeated);
    for _ in 1..ROUNDS {
        let again = as_page(&cleaned.text).is_some()
            || (settings.restore_segmented && segmented::is_segmented(&cleaned.text))
            || ((took || was_page) && boilerplate::would_take_more(&cleaned.text));
        if !again {
            break;
        }
        // This round has a page when the text still reads as one: its title, too, keeps the
        // article's first line from being taken as a title, which the next round must look at.
        let prepared = prepare_text(&cleaned.text, settings);
        was_page = prepared.page.is_some();
        let (mut again, again_chars, again_took) = clean_once(prepared, settings, is_repeated);
        if again.text == cleaned.text {
            break;
        }
        cleaned.removed.append(&mut again.removed);
        again.removed = std::mem::take(&mut cleaned.removed);
        if let Some(earlier) = cleaned.title.take()
            && let Some(line) = again.title.replace(earlier)
        {
            again.removed.push(RemovedLine { rule: "title", line });
        }
        again.byline = match (cleaned.byline.take(), again.byline) {
            (Some(earlier), Some(later)) => Some(format!("{earlier}; {later}")),
            (earlier, later) => earlier.or(later),
        };
        again.was_segmented |= cleaned.was_segmented;
        // A page's metadata stays: a round after it cleans its text, which has none.
        again.page = cleaned.page.take().or(again.page);
        (cleaned, chars, took) = (again, again_chars, again_took);
    }
    (cleaned, chars)
}

/// One round of [`clean_counted`]: boilerplate out, tone marks placed, the key and the measures;
/// and whether boilerplate removal took a line (a byline's lines are among the removed ones).
fn clean_once(prepared: Prepared, settings: &Settings, is_repeated: &dyn Fn(&str) -> bool) -> (Cleaned, u64, bool) {
    let known_title = prepared.page.as_ref().and_then(|p| p.title.as_deref());
    let known_author = prepared.page.as_ref().and_then(|p| p.author.as_deref());
    let known = boilerplate::Known { title: known_title, author: known_author };
    let (mut extracted, spans) = boilerplate::extract_lines(&prepared.text, known, is_repeated);
    let took = !extracted.removed.is_empty() || extracted.title.is_some();
    if let Some(title) = known_title {
        extracted.title = Some(title.to_owned());
    }
    let page = prepared.page.clone();
    // The text is split into its lines once, by boilerplate removal, for the key and the measures.
    let lines: Vec<&str> = spans.into_iter().map(|span| &extracted.text[span]).collect();
    // The key is the clean text's lines one space apart (it is tidy) with the tone marks placed
    // new. Placing a mark looks at a word's letters and at whether letters are around it, which
    // a space and a line break are not: the lines are joined first, then the marks placed.
    let dedupe_key = tone::apply_owned(lines.join(" "), ToneStyle::New);
    let (lang, quality, chars) = quality::measure_lines(&extracted.text, lines);
    // Placing tone marks changes two letters of a word for two others, so the count of
    // characters is the same in every style.
    let style = |s: String| tone::apply_owned(s, settings.tone_style);
    let cleaned = Cleaned {
        text: style(extracted.text),
        title: extracted.title.map(style),
        byline: extracted.byline.map(style),
        removed: extracted.removed,
        dedupe_key,
        was_segmented: prepared.was_segmented,
        lang,
        quality,
        page,
    };
    (cleaned, chars, took)
}

/// The key that decides exact duplicates: tone marks of `oa`, `oe`, `uy` in the `new` place,
/// whitespace runs made one space, nothing else changed.
pub fn dedupe_key(clean_text: &str) -> String {
    let toned = tone::apply(clean_text, ToneStyle::New);
    let mut key = String::with_capacity(toned.len());
    spaces::push_words(&toned, &mut key);
    key
}

/// The group whose documents share repeated lines: the site of an HTML page, else the
/// document's directory.
fn group_of(doc: &Document) -> String {
    match doc.metadata.site.as_deref() {
        Some(site) => format!("site:{site}"),
        None => format!("dir:{}", repeated::directory_of(&doc.source)),
    }
}

/// The first half of [`clean`]: an HTML page becomes its article's text (its title, date, author,
/// URL and site go to the document's fields), the text is normalized and, if it was segmented,
/// restored. The result is what [`lines_of`] counts and [`finish`] takes.
pub fn prepare(mut doc: Document, settings: &Settings) -> Document {
    let prepared = prepare_text(&doc.text, settings);
    doc.text = prepared.text;
    doc.metadata.was_segmented = prepared.was_segmented;
    if let Some(page) = prepared.page {
        doc.title = page.title;
        doc.metadata.published = page.published;
        doc.metadata.author = page.author;
        doc.metadata.url = page.url;
        doc.metadata.site = page.site;
    }
    doc
}

/// What the driver's first pass counts for a [`prepare`]d document: the hashes of its distinct
/// lines in its group.
pub fn lines_of(prepared: &Document, settings: &Settings) -> DocumentLines {
    DocumentLines::of(&group_of(prepared), &prepared.text, settings.repeated_max_words)
}

/// A document clean rejected, with its clean text (empty when nothing was left), so the driver
/// can keep it when asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    pub reject: Reject,
    pub text: String,
}

/// Cleans a document's text in place: [`finish`] after [`prepare`].
pub fn clean(doc: Document, settings: &Settings, repeated: &RepeatedLines) -> Result<Document, Box<Rejected>> {
    finish(prepare(doc, settings), settings, repeated)
}

/// The second half of [`clean`], for a [`prepare`]d document: boilerplate out (with the lines
/// repeated across its group), tone marks placed, quality measured, the dedupe key made. A
/// document with no text left, or that fails a filter, is rejected.
pub fn finish(mut doc: Document, settings: &Settings, repeated: &RepeatedLines) -> Result<Document, Box<Rejected>> {
    let group = group_of(&doc);
    let m = &doc.metadata;
    let page =
        [&doc.title, &m.published, &m.author, &m.url, &m.site].iter().any(|f| f.is_some()).then(|| html::PageMeta {
            title: doc.title.clone(),
            published: m.published.clone(),
            author: m.author.clone(),
            url: m.url.clone(),
            site: m.site.clone(),
        });
    let prepared = Prepared { text: std::mem::take(&mut doc.text), was_segmented: m.was_segmented, page };
    let (cleaned, chars) = clean_counted(prepared, settings, &repeated.in_group(&group));
    let failed = if cleaned.text.is_empty() {
        Some((RejectReason::Empty, format!("no text left after cleaning ({} bytes of input)", doc.metadata.bytes)))
    } else {
        quality::judge(cleaned.lang.as_ref(), &cleaned.quality, &settings.filters)
    };
    if let Some((reason, detail)) = failed {
        let reject = Reject { ordinal: doc.ordinal, source: doc.source, stage: Stage::Clean, reason, detail };
        return Err(Box::new(Rejected { reject, text: cleaned.text }));
    }
    doc.metadata.chars = chars;
    doc.metadata.was_segmented = cleaned.was_segmented;
    doc.metadata.byline = cleaned.byline;
    doc.metadata.removed = cleaned.removed;
    doc.metadata.lang = cleaned.lang;
    doc.metadata.quality = Some(cleaned.quality);
    if let Some(page) = cleaned.page {
        doc.metadata.published = page.published;
        doc.metadata.author = page.author;
        doc.metadata.url = page.url;
        doc.metadata.site = page.site;
    }
    doc.text = cleaned.text;
    doc.title = cleaned.title;
    doc.dedupe_key = cleaned.dedupe_key;
    Ok(doc)
}

#[cfg(test)]
mod tests {

    /// Inputs the `clean` fuzz target found (`fuzz/regressions/clean/`): an invisible or control
    /// character before or inside the first tag must not hide an HTML page, a plain text whose
    /// junk first line goes must not be left reading as one, a breadcrumb right after the title
    /// goes with it, so does a second repeat of the lead, a byline taken at the end must not leave
    /// a title for cleaning again to take, a junk line whose going leaves the rest reading as
    /// segmented text must not keep it from being restored, a text that reads as a page only once
    /// normalized is cleaned as one, and cleaning twice must change nothing.
    #[test]
    fn fuzz_regressions_are_pages_and_clean_is_idempotent() {
        for (name, bytes) in [
            (
                "control-char-before-html",
                &include_bytes!("../../../fuzz/regressions/clean/control-char-before-html")[..],
            ),
            ("nul-inside-a-tag-name", &include_bytes!("../../../fuzz/regressions/clean/nul-inside-a-tag-name")[..]),
            ("junk-line-before-a-tag", &include_bytes!("../../../fuzz/regressions/clean/junk-line-before-a-tag")[..]),
            (
                "breadcrumb-after-the-title",
                &include_bytes!("../../../fuzz/regressions/clean/breadcrumb-after-the-title")[..],
            ),
            ("byline-leaves-a-title", &include_bytes!("../../../fuzz/regressions/clean/byline-leaves-a-title")[..]),
            (
                "two-repeats-after-the-lead",
                &include_bytes!("../../../fuzz/regressions/clean/two-repeats-after-the-lead")[..],
            ),
            (
                "zero-width-space-before-html",
                &include_bytes!("../../../fuzz/regressions/clean/zero-width-space-before-html")[..],
            ),
            (
                "junk-line-hid-segmented-text",
                &include_bytes!("../../../fuzz/regressions/clean/junk-line-hid-segmented-text")[..],
            ),
            (
                "page-only-once-normalized",
                &include_bytes!("../../../fuzz/regressions/clean/page-only-once-normalized")[..],
            ),
        ] {
            let text = String::from_utf8_lossy(bytes);
            let once = clean_text(&text, &Settings::default(), &|_| false);
            // The pages' markup is gone; the plain texts keep their `<` as text.
            let plain = [
                "breadcrumb-after-the-title",
                "two-repeats-after-the-lead",
                "byline-leaves-a-title",
                "junk-line-hid-segmented-text",
            ]
            .contains(&name);
            assert!(plain || !once.text.contains('<'), "{name}: markup left in {:?}", once.text);
            // Once its junk first line is gone, the rest reads as segmented text and is restored.
            if name == "junk-line-hid-segmented-text" {
                assert!(once.was_segmented && once.text.contains("a s a o sh"), "{name}: {:?}", once.text);
            }
            let twice = clean_text(&once.text, &Settings::default(), &|_| false);
            assert_eq!(twice.text, once.text, "{name}");
        }
    }
    use super::*;

    fn no_repeats(_: &str) -> bool {
        false
    }

    fn check(input: &str, text: &str, key: &str) {
        let cleaned = clean_text(input, &Settings::default(), &no_repeats);
        assert_eq!(cleaned.text, text, "text of {input:?}");
        assert_eq!(cleaned.dedupe_key, key, "key of {input:?}");
        let again = clean_text(&cleaned.text, &Settings::default(), &no_repeats);
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
            let cleaned = clean_text(text, &Settings { tone_style: style, ..Settings::default() }, &no_repeats);
            assert_eq!(cleaned.text, expected, "{style:?}");
            assert_eq!(cleaned.dedupe_key, key, "{style:?}");
        }
    }

    /// The key is [`dedupe_key`] of the clean text, the text styled new is the kept text styled
    /// new, and the count of characters is the styled text's, however they share their work.
    #[test]
    fn the_key_and_the_styles_are_those_of_the_clean_text() {
        let mut inputs: Vec<String> = [
            include_str!("../../../seeds/000_eae569450ad647c0.txt"),
            include_str!("../../../seeds/001_99b65eee0feaa7b5.txt"),
            include_str!("../../../seeds/002_d405184045d43514.txt"),
            include_str!("../../../seeds/003_a71ed2b14b648e97.txt"),
            include_str!("../../../seeds/004_c787a8be61310078.txt"),
            include_str!("../../../fixtures/html/vnexpress.html"),
        ]
        .map(str::to_owned)
        .to_vec();
        inputs.push("Hoà bình\n\nSức khỏe  và hoà bình,\r\nthuỷ điện Hoà Bình.\n\n\nTheo TTXVN".to_owned());
        inputs.push("Hòa\u{a0}bình\t\u{2028}khoẻ".to_owned());
        // Marks whose letters are longer or shorter in UTF-8 once moved (`ỳ` is three bytes, `ù`
        // two), at the ends of lines and between blank lines.
        inputs.push("Tuỳ\n\nthuỳ  Hoà\nlũy tuỳ\n\n\nkhoẻ".to_owned());
        for input in &inputs {
            let kept = clean_text(input, &Settings::default(), &no_repeats);
            assert_eq!(kept.dedupe_key, dedupe_key(&kept.text), "{input:?}");
            for style in [ToneStyle::Keep, ToneStyle::New, ToneStyle::Old] {
                let settings = Settings { tone_style: style, ..Settings::default() };
                let (styled, chars) = clean_counted(prepare_text(input, &settings), &settings, &no_repeats);
                assert_eq!(styled.text, tone::apply(&kept.text, style), "{style:?} {input:?}");
                assert_eq!(styled.dedupe_key, kept.dedupe_key, "{style:?} {input:?}");
                assert_eq!(chars, styled.text.chars().count() as u64, "{style:?} {input:?}");
            }
        }
    }

    #[test]
    fn keeps_case_and_diacritics_in_the_key() {
        let keys: Vec<String> = ["mà", "má", "mả", "mã", "mạ", "Mà"]
            .iter()
            .map(|t| clean_text(t, &Settings::default(), &no_repeats).dedupe_key)
            .collect();
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }

    #[test]
    fn title_byline_and_debris_go_to_their_fields_styled() {
        let input = "Hoà bình và hợp tác\n\nHai bên nhất trí giữ gìn hòa bình.\nChia sẻ:\nTheo Báo Quốc tế";
        let settings = Settings { tone_style: ToneStyle::New, ..Settings::default() };
        let cleaned = clean_text(input, &settings, &no_repeats);
        assert_eq!(cleaned.text, "Hai bên nhất trí giữ gìn hòa bình.");
        assert_eq!(cleaned.title.as_deref(), Some("Hòa bình và hợp tác"));
        assert_eq!(cleaned.byline.as_deref(), Some("Theo Báo Quốc tế"));
        let rules: Vec<&str> = cleaned.removed.iter().map(|r| r.rule).collect();
        assert_eq!(rules, ["share", "byline"]);
        assert_eq!(cleaned.dedupe_key, "Hai bên nhất trí giữ gìn hòa bình.");
    }

    #[test]
    fn repeated_lines_are_those_of_the_document_group() {
        let mut counts = LineCounts::new();
        for (source, text) in
            [("site/a.txt", "Bản tin A.\nMenu"), ("site/b.txt", "Bản tin B.\nMenu"), ("c.txt", "Menu\nC.")]
        {
            let doc = Document { source: source.into(), text: text.into(), ..Document::default() };
            counts.add(&lines_of(&prepare(doc, &Settings::default()), &Settings::default()));
        }
        let repeated = counts.repeated(2);
        let doc =
            |source: &str| Document { source: source.into(), text: "Bản tin D.\nMenu".into(), ..Document::default() };
        let settings = Settings { filters: quality::Filters::none(), ..Settings::default() };
        let cleaned = clean(doc("site/d.txt"), &settings, &repeated).unwrap();
        assert_eq!(cleaned.text, "Bản tin D.");
        assert_eq!(cleaned.metadata.removed, [RemovedLine { rule: "repeated", line: "Menu".into() }]);
        let other = clean(doc("other/d.txt"), &settings, &repeated).unwrap();
        assert_eq!(other.text, "Bản tin D.\nMenu");
    }

    #[test]
    fn filters_reject_with_the_rule_and_keep_the_text() {
        let doc =
            Document {
                source: "a.txt".into(), text: "Hai bên  nhất trí.\nChia sẻ:".into(), ..Document::default()
            };
        let rejected = clean(doc.clone(), &Settings::default(), &RepeatedLines::none()).unwrap_err();
        assert_eq!(rejected.reject.stage, Stage::Clean);
        assert_eq!(rejected.reject.reason, RejectReason::TooShort);
        assert_eq!(rejected.reject.detail, "4 words, fewer than 20");
        assert_eq!(rejected.text, "Hai bên nhất trí.");
        let settings = Settings { filters: quality::Filters::none(), ..Settings::default() };
        let kept = clean(doc, &settings, &RepeatedLines::none()).unwrap();
        assert_eq!(kept.metadata.lang, None, "too few letters to tell");
        assert_eq!(kept.metadata.quality.unwrap().words, 4);
    }

    /// A fixture page, what its text must be, and what its metadata must say.
    struct PageCase {
        html: &'static str,
        text: &'static str,
        title: &'static str,
        published: &'static str,
        author: Option<&'static str>,
        url: &'static str,
        site: &'static str,
        byline: Option<&'static str>,
        removed: &'static [&'static str],
    }

    #[test]
    fn html_fixture_pages_extract_to_their_expected_text() {
        let cases = [
            PageCase {
                html: include_str!("../../../fixtures/html/baoquocte.html"),
                text: include_str!("../../../fixtures/html/baoquocte.expected.txt"),
                title: "Thứ trưởng Lê Thị Thu Hằng tiếp Đại sứ Liên bang Nga",
                published: "2026-01-15T16:05:00+07:00",
                author: Some("Thu Trang"),
                url: "https://baoquocte.vn/thu-truong-le-thi-thu-hang-tiep-dai-su-lien-bang-nga-123456.html",
                site: "Báo Quốc tế",
                byline: None,
                removed: &["caption"],
            },
            PageCase {
                html: include_str!("../../../fixtures/html/vnexpress.html"),
                text: include_str!("../../../fixtures/html/vnexpress.expected.txt"),
                title: "Việt Nam và Nga thúc đẩy hợp tác năng lượng",
                published: "2026-01-15T08:30:00+07:00",
                author: Some("Minh Anh"),
                url: "https://vnexpress.net/viet-nam-va-nga-thuc-day-hop-tac-nang-luong-4800001.html",
                site: "VnExpress",
                byline: Some("Minh Anh"),
                removed: &["caption", "byline"],
            },
            PageCase {
                html: include_str!("../../../fixtures/html/baotintuc.html"),
                text: include_str!("../../../fixtures/html/baotintuc.expected.txt"),
                title: "Cần thúc đẩy quan hệ Việt - Nga đi vào chiều sâu",
                published: "2026-01-19T08:30:00",
                author: None,
                url: "https://baotintuc.vn/the-gioi/can-thuc-day-quan-he-viet-nga-di-vao-chieu-sau-20260119083000000.htm",
                site: "baotintuc.vn",
                byline: Some("TTXVN/Tin Tức"),
                removed: &["caption", "byline"],
            },
        ];
        for case in cases {
            let doc = Document { source: "page.html".into(), text: case.html.into(), ..Document::default() };
            let doc = clean(doc, &Settings::default(), &RepeatedLines::none()).unwrap();
            assert_eq!(doc.text, case.text.trim_end(), "text of {}", case.title);
            assert_eq!(doc.title.as_deref(), Some(case.title));
            let m = &doc.metadata;
            assert_eq!(m.published.as_deref(), Some(case.published), "{}", case.title);
            assert_eq!(m.author.as_deref(), case.author, "{}", case.title);
            assert_eq!(m.url.as_deref(), Some(case.url), "{}", case.title);
            assert_eq!(m.site.as_deref(), Some(case.site), "{}", case.title);
            assert_eq!(m.byline.as_deref(), case.byline, "{}", case.title);
            let rules: Vec<&str> = m.removed.iter().map(|r| r.rule).collect();
            assert_eq!(rules, case.removed, "{}", case.title);
            assert_eq!(m.lang.map(|l| l.code), Some("vie"));
        }
    }

    #[test]
    fn html_fragments_and_unreadable_pages_give_their_paragraphs() {
        for (html, text) in [
            ("<p>Hai bên nhất trí.</p>\n<p>Đoạn <b>hai</b>.</p><script>x()</script>", "Hai bên nhất trí.\n\nĐoạn hai."),
            (
                "<!DOCTYPE html><html><body><nav><a>Trang chủ</a></nav><p>Chỉ một câu ngắn.</p><footer>© Báo</footer></body></html>",
                "Chỉ một câu ngắn.",
            ),
        ] {
            let cleaned = clean_text(html, &Settings::default(), &no_repeats);
            assert_eq!(cleaned.text, text, "{html:?}");
        }
    }

    #[test]
    fn plain_text_has_no_page_metadata() {
        let text = "<Tin nhanh> Hai bên nhất trí tăng cường trao đổi thông tin, phối hợp chặt chẽ tại các diễn đàn.";
        let doc = Document { source: "a.txt".into(), text: text.into(), ..Document::default() };
        let settings = Settings { filters: quality::Filters::none(), ..Settings::default() };
        let doc = clean(doc, &settings, &RepeatedLines::none()).unwrap();
        assert_eq!(doc.text, text, "text that merely starts with < is not HTML");
        assert_eq!((doc.metadata.published, doc.metadata.url, doc.metadata.site), (None, None, None));
    }

    #[test]
    fn empty_text_is_a_reject_with_reason() {
        let doc = Document { source: "a.txt".into(), text: "\u{200b}\n \u{a0}".into(), ..Document::default() };
        let reject = clean(doc, &Settings::default(), &RepeatedLines::none()).unwrap_err().reject;
        assert_eq!(reject.stage, Stage::Clean);
        assert_eq!(reject.reason, RejectReason::Empty);
        assert_eq!(reject.source, "a.txt");
    }

    /// A page's own title keeps the first line of its article from being taken as a title; the
    /// article cleaned again, with no page, would take it. Clean takes it in a second round, as a
    /// removed `title` line, and keeps the page's title.
    #[test]
    fn a_page_whose_article_opens_with_a_title_line_cleans_once() {
        let lead = "Ngày 29/8, Thứ trưởng Nguyễn Minh Vũ đã thăm Nga và chủ trì Đối thoại chiến lược lần thứ 12 \
                    với Thứ trưởng Bộ Ngoại giao Nga, hai bên đã trao đổi về nhiều vấn đề cùng quan tâm.";
        let body = "Hai bên nhất trí tăng cường trao đổi thông tin, phối hợp chặt chẽ tại các diễn đàn đa \
                    phương và thúc đẩy hợp tác kinh tế, thương mại, đầu tư giữa hai nước trong thời gian tới.";
        let page = format!(
            "<!DOCTYPE html><html><head><title>Việt Nam và Nga đối thoại chiến lược</title></head><body>\
             <article><h1>Việt Nam và Nga đối thoại chiến lược</h1><p>Diễn biến mới nhất hôm nay</p>\
             <p>{lead}</p><p>{body}</p><p>{body}</p></article></body></html>"
        );
        let once = clean_text(&page, &Settings::default(), &|_| false);
        let again = clean_text(&once.text, &Settings::default(), &|_| false);
        assert_eq!(again.text, once.text);
        assert!(once.text.starts_with("Ngày 29/8"), "{:?}", once.text);
        assert_eq!(once.title.as_deref(), Some("Việt Nam và Nga đối thoại chiến lược"));
        assert_eq!(once.page.and_then(|p| p.title).as_deref(), Some("Việt Nam và Nga đối thoại chiến lược"));
        assert!(
            once.removed.iter().any(|r| r.rule == "title" && r.line == "Diễn biến mới nhất hôm nay"),
            "{:?}",
            once.removed
        );
    }

    /// A text that reads as a page only once normalization has dropped what hid its markup (here
    /// vertical tabs pushing `</` past the first kilobyte) is a page in the second round, whose
    /// title keeps the article's first line; a third round takes that line as cleaning again would.
    #[test]
    fn a_text_that_becomes_a_page_is_cleaned_as_one_to_the_end() {
        let text = format!(
            "<p>Việt Nam và Nga đối thoại<p>Thứ trưởng Bộ Ngoại giao đã thăm Nga và chủ trì cuộc đối thoại \
             với phía bạn về nhiều vấn đề.\n{}<title>Tin quốc tế</title>\n",
            "\u{b}".repeat(1100)
        );
        assert!(as_page(&text).is_none());
        let once = clean_text(&text, &Settings::default(), &|_| false);
        let again = clean_text(&once.text, &Settings::default(), &|_| false);
        assert_eq!(again.text, once.text);
        assert!(once.text.starts_with("Thứ trưởng"), "{:?}", once.text);
        assert_eq!(once.title.as_deref(), Some("Tin quốc tế"));
        assert!(once.removed.iter().any(|r| r.rule == "title" && r.line == "Việt Nam và Nga đối thoại"));
    }
}
