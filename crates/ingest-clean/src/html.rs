//! HTML pages to article text and metadata.
//!
//! An input is HTML when its content says so ([`is_html`]: a leading `<!DOCTYPE html`, `<html`,
//! markup with `<head`/`<body` near the start, or a fragment that starts with a block element such
//! as `<div` or `<p>` and closes one), whatever its file name. The page is parsed once
//! (dom_query, the parser dom_smoothie is built on; scraper would add a second HTML parser to the
//! build for the same selectors). The metadata is read first, from the first element of each kind
//! (one walk over the page, `page_elements::page_elements`, finds these elements and the ones
//! removed below):
//!
//! - `title`: the first `<h1>`, else `og:title`, else `<title>`, without a site suffix such as
//!   ` - Báo Quốc tế` or ` | VnExpress`;
//! - `published`: `article:published_time`, else JSON-LD `datePublished`, else a Vietnamese date
//!   in the page (`Thứ Hai, 15/01/2026 08:30 (GMT+7)`), as ISO 8601 (`2026-01-15T08:30:00+07:00`;
//!   no offset when the page states none, no time when it gives none);
//! - `author`: `<meta name="author">`, else JSON-LD `author`, else the byline readability finds;
//! - `url`: `<link rel="canonical">`, else `og:url`, else JSON-LD `url`;
//! - `site`: `og:site_name`, else JSON-LD `publisher`, else the host of `url`.
//!
//! Then the page furniture readability tends to keep (breadcrumbs, date lines,
//! share bars, comments, related links, tag lists) is removed, and dom_smoothie (the readability
//! algorithm) finds the article and gives its text, one paragraph per block: navigation, menus, share bars, comments, scripts, styles and footers are
//! not in it. A page readability cannot read falls back to the text of `<body>` without `script`,
//! `style`, `nav`, `header`, `footer`, `aside` and `form`; the boilerplate rules and the filters
//! judge what is left.

use std::cell::RefCell;
use std::collections::HashMap;

use dom_query::{Document as Dom, Matcher, NodeRef, Selection};
use dom_smoothie::{Config, Readability, TextMode};

use crate::page_elements;

/// What a page gives: its article text and the facts about it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    pub text: String,
    pub meta: PageMeta,
}

/// Facts read from a page; `None` when the page does not say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageMeta {
    pub title: Option<String>,
    pub published: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    pub site: Option<String>,
}

/// Whether `text` is an HTML document, judged from how it starts.
pub fn is_html(text: &str) -> bool {
    let start = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if !start.starts_with('<') {
        return false;
    }
    let mut end = start.len().min(1024);
    while !start.is_char_boundary(end) {
        end -= 1;
    }
    let head = start[..end].to_ascii_lowercase();
    let document = head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || ["<html", "<head", "<body"].iter().any(|t| head.contains(t));
    // A fragment: it starts with a block element and closes one.
    let fragment = ["<div", "<p>", "<p ", "<article", "<section", "<main", "<h1", "<h2", "<table", "<ul"]
        .iter()
        .any(|t| head.starts_with(t))
        && head.contains("</");
    document || fragment
}

thread_local! {
    /// Compiled CSS selectors: compiling one costs more than matching it on a page.
    static MATCHERS: RefCell<HashMap<&'static str, Matcher>> = RefCell::new(HashMap::new());
}

/// `dom.select(selector)` with the selector compiled once per thread (or parsed each time when
/// it does not compile).
fn select<'a>(dom: &'a Dom, selector: &'static str) -> Selection<'a> {
    MATCHERS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if !cache.contains_key(selector)
            && let Ok(matcher) = Matcher::new(selector)
        {
            cache.insert(selector, matcher);
        }
        match cache.get(selector) {
            Some(matcher) => dom.select_matcher(matcher),
            None => dom.select(selector),
        }
    })
}

/// The article text and metadata of the page `html`.
pub fn extract(html: &str) -> Page {
    let dom = Dom::from(html);
    let mut found = page_elements::page_elements(&dom);
    // Readability reads JSON-LD with the same selector; with none on the page it finds nothing.
    let disable_json_ld = found.json_ld.is_empty();
    let furniture = std::mem::take(&mut found.furniture);
    let mut meta = read_meta(&dom, found);
    Selection::from(furniture).remove();
    // `keep_classes` spares removing the article's class attributes, which its text does not use.
    let config = Config { text_mode: TextMode::Formatted, keep_classes: true, disable_json_ld, ..Config::default() };
    let article = Readability::with_document(dom, None, Some(config)).ok().and_then(|mut r| r.parse().ok());
    let text = match article {
        Some(article) => {
            meta.author = meta.author.or_else(|| clean_value(article.byline.as_deref()));
            meta.site = meta.site.or_else(|| clean_value(article.site_name.as_deref()));
            meta.url = meta.url.or_else(|| clean_value(article.url.as_deref()));
            meta.published = meta.published.or_else(|| article.published_time.as_deref().and_then(iso_date));
            meta.title = meta.title.or_else(|| clean_value(Some(&article.title)));
            let text = article.text_content.to_string();
            if text.trim().is_empty() { fallback_text(html) } else { text }
        }
        None => fallback_text(html),
    };
    if meta.site.is_none() {
        meta.site = meta.url.as_deref().and_then(host);
    }
    meta.title = meta.title.map(|t| strip_site_suffix(&t, meta.site.as_deref()));
    Page { text, meta }
}

fn read_meta<'a>(dom: &'a Dom, found: page_elements::PageElements<'a>) -> PageMeta {
    let attr = |node: Option<NodeRef>, name: &str| clean_value(node.and_then(|n| n.attr(name)).as_deref());
    let text = |node: Option<NodeRef>| clean_value(Some(&node.map(|n| n.text()).unwrap_or_default()));
    let json_ld = json_ld(&found.json_ld);
    let ld = |key: &str| json_ld.iter().find_map(|v| ld_string(v, key));
    let url = attr(found.canonical, "href").or_else(|| attr(found.og_url, "content")).or_else(|| ld("url"));
    PageMeta {
        title: text(found.h1).or_else(|| attr(found.og_title, "content")).or_else(|| text(found.title)),
        published: attr(found.published_time, "content")
            .or_else(|| attr(found.date_published, "content"))
            .or_else(|| ld("datePublished"))
            .and_then(|d| iso_date(&d))
            .or_else(|| page_date(dom, &found.date_holders)),
        author: attr(found.author, "content").or_else(|| ld("author")),
        site: attr(found.og_site_name, "content").or_else(|| ld("publisher")),
        url,
    }
}

/// The JSON-LD objects of the `scripts` (arrays and `@graph` flattened).
fn json_ld(scripts: &[NodeRef]) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    for node in scripts {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&node.text()) else { continue };
        let mut stack = vec![value];
        while let Some(v) = stack.pop() {
            match v {
                serde_json::Value::Array(items) => stack.extend(items.into_iter().rev()),
                serde_json::Value::Object(mut map) => {
                    if let Some(graph) = map.remove("@graph") {
                        stack.push(graph);
                    }
                    out.push(serde_json::Value::Object(map));
                }
                _ => {}
            }
        }
    }
    out
}

/// `key` of a JSON-LD object as a string: a string, or the `name` of an object or of the first
/// object of an array (`"author": [{"name": "…"}]`).
fn ld_string(value: &serde_json::Value, key: &str) -> Option<String> {
    let v = value.get(key)?;
    let v = if let Some(first) = v.as_array().and_then(|a| a.first()) { first } else { v };
    let s = v.as_str().or_else(|| v.get("name").and_then(|n| n.as_str()))?;
    clean_value(Some(s))
}

/// A Vietnamese date in the elements that hold dates, else anywhere in the body.
fn page_date(dom: &Dom, date_holders: &[NodeRef]) -> Option<String> {
    date_holders
        .iter()
        .find_map(|n| vietnamese_date(&n.text()))
        .or_else(|| vietnamese_date(&select(dom, "body").text()))
}

/// Whitespace collapsed; `None` when nothing is left.
fn clean_value(s: Option<&str>) -> Option<String> {
    let s = s?;
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    (!out.is_empty()).then_some(out)
}

/// The body's text without the parts that are never the article.
fn fallback_text(html: &str) -> String {
    let dom = Dom::from(html);
    select(&dom, "script, style, noscript, nav, header, footer, aside, form, template").remove();
    let mut out = String::new();
    for block in select(&dom, "body p, body li, body h1, body h2, body h3, body td, body blockquote").nodes() {
        let text = block.text();
        let text = text.trim();
        if !text.is_empty() {
            out.push_str(text);
            out.push_str("\n\n");
        }
    }
    if out.is_empty() { select(&dom, "body").text().to_string() } else { out }
}

/// ` - Báo Quốc tế`, ` | VnExpress` and the like off the end of a title.
pub fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    for sep in [" - ", " | ", " – ", " — ", " :: "] {
        let Some((head, tail)) = title.rsplit_once(sep) else { continue };
        let (head, tail) = (head.trim(), tail.trim());
        let lower = tail.to_lowercase();
        let names_site = site.is_some_and(|s| {
            let s = s.to_lowercase();
            !s.is_empty() && (lower == s || lower.contains(&s) || s.contains(&lower))
        });
        let looks_like_site = lower.starts_with("báo ")
            || lower.starts_with("tạp chí ")
            || lower.starts_with("tin tức")
            || [".vn", ".com", ".net", ".org"].iter().any(|d| lower.ends_with(d));
        if (names_site || looks_like_site) && head.split_whitespace().count() >= 2 {
            return head.to_owned();
        }
    }
    title.to_owned()
}

/// The host of an absolute URL, without `www.`.
fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#', ':']).next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then(|| host.to_owned())
}

/// An ISO 8601 date or date-time as given (`2026-01-15`, `2026-01-15T16:05:00+07:00`), or a
/// Vietnamese date turned into one.
fn iso_date(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    let iso = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit);
    if iso { Some(s.to_owned()) } else { vietnamese_date(s) }
}

/// The first `d/m/yyyy` date in `text`, with the `hh:mm` right after or before it and a `GMT+7`
/// offset if the text states one, as ISO 8601.
///
/// Reads bytes: digits and separators are ASCII, and no byte of a longer character is one.
pub fn vietnamese_date(text: &str) -> Option<String> {
    let b = text.as_bytes();
    // The 1-4 digit run at `at` that no digit precedes, if `min..=max` long: its value and end.
    let number = |at: usize, min: usize, max: usize| -> Option<(u32, usize)> {
        let len = b[at.min(b.len())..].iter().take_while(|c| c.is_ascii_digit()).count();
        if !(min..=max).contains(&len) || (at > 0 && b[at - 1].is_ascii_digit()) {
            return None;
        }
        let value = text[at..at + len].parse().ok()?;
        Some((value, at + len))
    };
    for start in 0..b.len() {
        let Some((day, i)) = number(start, 1, 2) else { continue };
        if b.get(i) != Some(&b'/') {
            continue;
        }
        let Some((month, i)) = number(i + 1, 1, 2) else { continue };
        if b.get(i) != Some(&b'/') {
            continue;
        }
        let Some((year, end)) = number(i + 1, 4, 4) else { continue };
        if !(1..=31).contains(&day) || !(1..=12).contains(&month) || !(1900..=2100).contains(&year) {
            continue;
        }
        let time = find_time(chars_after(text, end, 16)).or_else(|| find_time(chars_before(text, start, 12)));
        return Some(iso_stamp((year, month, day), time, chars_after(text, end, 30)));
    }
    None
}

/// A date found in a page as ISO 8601, with its time when one was found, and the `+07:00` offset
/// when `tail` (the text after the date) states Vietnam's.
fn iso_stamp((year, month, day): (u32, u32, u32), time: Option<(u32, u32)>, tail: &str) -> String {
    let date = format!("{year:04}-{month:02}-{day:02}");
    let offset =
        if tail.contains("GMT+7") || tail.contains("GMT+07") || tail.contains("UTC+7") { "+07:00" } else { "" };
    match time {
        Some((h, m)) => format!("{date}T{h:02}:{m:02}:00{offset}"),
        None => date,
    }
}

/// The (at most) `n` characters of `text` from byte `at`.
fn chars_after(text: &str, at: usize, n: usize) -> &str {
    let rest = &text[at..];
    &rest[..rest.char_indices().nth(n).map_or(rest.len(), |(i, _)| i)]
}

/// The (at most) `n` characters of `text` before byte `at`; `n` > 0.
fn chars_before(text: &str, at: usize, n: usize) -> &str {
    let head = &text[..at];
    &head[head.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i)..]
}

/// The first `hh:mm` (or `hhgmm`, `hhhmm`) in `s`, read as bytes like [`vietnamese_date`].
fn find_time(s: &str) -> Option<(u32, u32)> {
    let b = s.as_bytes();
    for i in 0..b.len() {
        if i > 0 && b[i - 1].is_ascii_digit() {
            continue;
        }
        let hour_len = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if !(1..=2).contains(&hour_len) || !matches!(b.get(i + hour_len), Some(b':' | b'g' | b'h')) {
            continue;
        }
        let m = i + hour_len + 1;
        if b.len() < m + 2
            || !b[m..m + 2].iter().all(u8::is_ascii_digit)
            || b.get(m + 2).is_some_and(u8::is_ascii_digit)
        {
            continue;
        }
        let hour: u32 = s[i..i + hour_len].parse().ok()?;
        let minute: u32 = s[m..m + 2].parse().ok()?;
        if hour < 24 && minute < 60 {
            return Some((hour, minute));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_html_by_content() {
        for html in [
            "<!DOCTYPE html><html><body>x</body></html>",
            "\u{feff}\n  <!doctype HTML>\n<html>",
            "<html lang=\"vi\"><head>",
            "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">",
            "<meta charset=\"utf-8\"><title>x</title><body><p>Nội dung</p></body>",
            "<div class=\"content\"><p>Hai bên nhất trí.</p></div>",
            "<p>Hai bên nhất trí.</p>\n<p>Đoạn hai.</p>",
        ] {
            assert!(is_html(html), "{html:?}");
        }
        for text in [
            "Hà Nội <b>là</b> thủ đô.",
            "<3 Việt Nam",
            "Bài viết về thẻ <html> và <body> trong lập trình web.",
            "<Tin nhanh> Hai bên nhất trí hợp tác.",
            "<p> là thẻ đoạn văn trong HTML, không có thẻ đóng ở đây.",
        ] {
            assert!(!is_html(text), "{text:?}");
        }
    }

    #[test]
    fn reads_json_ld_when_meta_tags_are_missing() {
        let html = r#"<!DOCTYPE html><html><head><title>Tin A | Tạp chí B</title>
            <script type="application/ld+json">[{"@type": "WebSite", "name": "B"},
              {"@graph": [{"@type": "NewsArticle", "datePublished": "2026-02-03T07:00:00+07:00",
                "author": [{"@type": "Person", "name": "Lan Hương"}], "publisher": {"name": "Tạp chí B"},
                "url": "https://b.vn/tin-a.html"}]}]</script></head>
            <body><p>Nội dung bài viết đủ dài để đọc.</p></body></html>"#;
        let meta = extract(html).meta;
        assert_eq!(
            meta,
            PageMeta {
                title: Some("Tin A".into()),
                published: Some("2026-02-03T07:00:00+07:00".into()),
                author: Some("Lan Hương".into()),
                url: Some("https://b.vn/tin-a.html".into()),
                site: Some("Tạp chí B".into()),
            }
        );
    }

    #[test]
    fn strips_site_suffixes() {
        for (title, site, expected) in [
            ("Thứ trưởng tiếp Đại sứ Nga - Báo Quốc tế", None, "Thứ trưởng tiếp Đại sứ Nga"),
            ("Giá vàng tăng mạnh | VnExpress", Some("VnExpress"), "Giá vàng tăng mạnh"),
            ("Giá vàng tăng mạnh - Tuoitre.vn", None, "Giá vàng tăng mạnh"),
            ("Việt Nam - Nga: hợp tác toàn diện", None, "Việt Nam - Nga: hợp tác toàn diện"),
            ("Hà Nội - Hải Phòng", Some("Báo Quốc tế"), "Hà Nội - Hải Phòng"),
            ("Tin mới - Báo Quốc tế", Some("Báo Quốc tế"), "Tin mới"),
        ] {
            assert_eq!(strip_site_suffix(title, site), expected, "{title:?}");
        }
    }

    #[test]
    fn reads_vietnamese_dates() {
        for (text, expected) in [
            ("Thứ Hai, 15/01/2026 08:30", Some("2026-01-15T08:30:00")),
            ("Thứ năm, 15/1/2026, 08:30 (GMT+7)", Some("2026-01-15T08:30:00+07:00")),
            ("Cập nhật: 08:30 15/01/2026", Some("2026-01-15T08:30:00")),
            ("15/01/2026 - 16h05", Some("2026-01-15T16:05:00")),
            ("Ngày 2/9/1945", Some("1945-09-02")),
            ("Tỷ số 3/4/5 không phải ngày", None),
            ("32/13/2026", None),
            ("Hotline 0912/345/6789", None),
        ] {
            assert_eq!(vietnamese_date(text).as_deref(), expected, "{text:?}");
        }
        assert_eq!(iso_date("2026-01-15T16:05:00+07:00").as_deref(), Some("2026-01-15T16:05:00+07:00"));
        assert_eq!(iso_date("15/01/2026").as_deref(), Some("2026-01-15"));
    }

    /// The date reader as it read characters before it read bytes, to hold the byte reader to
    /// (the finding; the stamp it makes of what it found is [`iso_stamp`], shared).
    fn vietnamese_date_by_chars(text: &str) -> Option<String> {
        let chars: Vec<char> = text.chars().collect();
        let number = |at: usize, min: usize, max: usize| -> Option<(u32, usize)> {
            let len = chars[at.min(chars.len())..].iter().take_while(|c| c.is_ascii_digit()).count();
            if !(min..=max).contains(&len) || (at > 0 && chars[at - 1].is_ascii_digit()) {
                return None;
            }
            let value = chars[at..at + len].iter().collect::<String>().parse().ok()?;
            Some((value, at + len))
        };
        let find_time = |s: &str| -> Option<(u32, u32)> {
            let chars: Vec<char> = s.chars().collect();
            for i in 0..chars.len() {
                if i > 0 && chars[i - 1].is_ascii_digit() {
                    continue;
                }
                let hour_len = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                if !(1..=2).contains(&hour_len) || !matches!(chars.get(i + hour_len), Some(':' | 'g' | 'h')) {
                    continue;
                }
                let m = i + hour_len + 1;
                if chars.len() < m + 2
                    || !chars[m..m + 2].iter().all(|c| c.is_ascii_digit())
                    || chars.get(m + 2).is_some_and(|c| c.is_ascii_digit())
                {
                    continue;
                }
                let hour: u32 = chars[i..i + hour_len].iter().collect::<String>().parse().ok()?;
                let minute: u32 = chars[m..m + 2].iter().collect::<String>().parse().ok()?;
                if hour < 24 && minute < 60 {
                    return Some((hour, minute));
                }
            }
            None
        };
        for start in 0..chars.len() {
            let Some((day, i)) = number(start, 1, 2) else { continue };
            if chars.get(i) != Some(&'/') {
                continue;
            }
            let Some((month, i)) = number(i + 1, 1, 2) else { continue };
            if chars.get(i) != Some(&'/') {
                continue;
            }
            let Some((year, end)) = number(i + 1, 4, 4) else { continue };
            if !(1..=31).contains(&day) || !(1..=12).contains(&month) || !(1900..=2100).contains(&year) {
                continue;
            }
            let after: String = chars[end..chars.len().min(end + 16)].iter().collect();
            let before: String = chars[start.saturating_sub(12)..start].iter().collect();
            let time = find_time(&after).or_else(|| find_time(&before));
            let tail: String = chars[end..chars.len().min(end + 30)].iter().collect();
            return Some(iso_stamp((year, month, day), time, &tail));
        }
        None
    }

    #[test]
    fn reads_dates_as_the_character_reader_did() {
        let pieces = [
            "15",
            "1",
            "01",
            "2026",
            "123",
            "/",
            " ",
            ":",
            "h",
            "g",
            "08",
            "30",
            "9",
            "GMT+7",
            "UTC+7",
            "GMT+07",
            "ữ",
            "Thứ Hai, ",
            "15/01/2026",
            "1/2/2026 ",
            "08:30",
            "9h05",
            "23g59",
            "\u{a0}",
            "(",
            "—",
            "日",
            "😀",
            "x",
            "",
        ];
        let mut texts = Vec::new();
        let mut seed: u64 = 7;
        for _ in 0..40_000 {
            let mut text = String::new();
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let len = (seed >> 60) as usize + 3;
            for _ in 0..len {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            texts.push(text);
        }
        texts.extend(
            ["Thứ Hai, 15/01/2026 08:30", "Cập nhật: ữữữ08:30 15/01/2026 (GMT+7)", "ữ1/2/2026ữ9h05"].map(String::from),
        );
        let mut found = 0;
        for text in &texts {
            let date = vietnamese_date(text);
            assert_eq!(date, vietnamese_date_by_chars(text), "{text:?}");
            found += usize::from(date.is_some_and(|d| d.contains('T')));
        }
        assert!(found > 100, "{found} dates with a time");
    }

    #[test]
    fn hosts() {
        assert_eq!(host("https://www.baoquocte.vn/a-1.html").as_deref(), Some("baoquocte.vn"));
        assert_eq!(host("http://tuoitre.vn:8080?x").as_deref(), Some("tuoitre.vn"));
        assert_eq!(host("/relative"), None);
    }
}
