//! Page debris in plain-text news: what is not the article comes out of the text, and what is
//! metadata (title, byline) goes to its own field.
//!
//! Every rule works on whole lines and names itself in the record of what it removed, so each
//! removal can be checked. The rules, in the order they run:
//!
//! - `repeated`: a line that occurs in at least N documents of the same site or directory (counted
//!   by the driver in a first pass; see [`crate::repeated`]).
//! - `navigation`: at the top, breadcrumbs (`Trang chủ > Thời sự > Đối ngoại`); at the bottom,
//!   menus of three or more short items separated by ` - `, ` | `, `•`.
//! - `title`: a first short line without final punctuation (3–30 words, at most 200 characters,
//!   not ending in `.`, `,`, `;`, `:`, `…`, one sentence) followed by a blank line or a rule (`-----`) is the
//!   title; the rule goes with it (`title_rule`). A first line equal to a title already known (from
//!   HTML) goes too.
//! - `caption`: a line that ends with a photo credit: `Ảnh: …`, `(Ảnh: …)`, `(Ảnh do … cung cấp)`,
//!   `(Ảnh minh họa)`, or is `Ảnh minh họa` alone. `Ảnh` must be capitalized and start the line, a
//!   parenthesis or a sentence, and the credit must be short, so a sentence that mentions `ảnh`
//!   stays.
//! - `share`: a line made only of share-bar words (`Chia sẻ:`, `Chia sẻ bài viết`, `Facebook`,
//!   `Zalo`, ...).
//! - `byline`: a whole line `(Nguồn: …)` or `Nguồn: …` of at most 12 words, anywhere.
//! - `caption_repeat`: the line right after the title or the lead that repeats it (at least 4
//!   words, 80% of them in the line before) without final punctuation: the caption of the lead
//!   photo.
//! - At the end of the text, upwards, until the first line that is none of these:
//!   `footer` (`Rao vặt`, `Thông cáo báo chí`, `Các đơn vị thông tin của …`, `Bản quyền thuộc về`,
//!   `Liên hệ quảng cáo`, `©`, ... in a line without final punctuation), `tags` (`Từ khóa: …`,
//!   `Tags: …`), `share`, `navigation`, and `byline`: a short all-caps agency or author
//!   (`BNG`, `PV`, `TTXVN/Tin Tức`), `Theo …` (at most 8 words, no comma), `(Nguồn: …)`, or the
//!   author an HTML page names.
//!   Byline lines go to the document's byline.
//!
//! A rule that could take a line of the article is a bug: each rule asks for the shape of debris
//! (short, unpunctuated, at the edge of the text) and not only for a word.

use std::ops::Range;

use ingest_core::RemovedLine;

use crate::spaces;
use crate::tone::{self, ToneStyle};

/// The text without its debris, and what was found in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    pub text: String,
    pub title: Option<String>,
    pub byline: Option<String>,
    pub removed: Vec<RemovedLine>,
}

/// What is known about a text from elsewhere (an HTML page's metadata).
#[derive(Debug, Clone, Copy, Default)]
pub struct Known<'a> {
    pub title: Option<&'a str>,
    pub author: Option<&'a str>,
}

/// Separates `text` (normalized: trimmed lines, single blank lines) into article and debris.
/// `known` holds a title and author found elsewhere (HTML); `is_repeated` says whether a line is
/// repeated across documents of the same site.
pub fn extract(text: &str, known: Known<'_>, is_repeated: &dyn Fn(&str) -> bool) -> Extracted {
    extract_lines(text, known, is_repeated).0
}

/// [`extract`], and the byte ranges of the lines of its text that are not blank, in order: what
/// `text.lines().filter(|l| !l.trim().is_empty())` finds in it (the text is tidy), found while
/// joining them, so the passes after this one need not split the text again.
pub(crate) fn extract_lines(
    text: &str,
    known: Known<'_>,
    is_repeated: &dyn Fn(&str) -> bool,
) -> (Extracted, Vec<Range<usize>>) {
    let known_title = known.title;
    let all: Vec<&str> = spaces::lines(text).collect();
    let mut lines: Vec<Option<&str>> = all.iter().copied().map(Some).collect();
    let mut removed: Vec<(usize, &'static str)> = Vec::new();
    let mut take = |lines: &mut [Option<&str>], i: usize, rule: &'static str| {
        if lines[i].is_some_and(|l| !l.is_empty()) {
            removed.push((i, rule));
        }
        lines[i] = None;
    };
    // Each pass below changes no line but the one it looks at, so it walks the lines as they are,
    // with no list of the lines with text made first.
    for i in 0..lines.len() {
        if content(&lines, i) && is_repeated(lines[i].unwrap_or_default()) {
            take(&mut lines, i, "repeated");
        }
    }
    let top = take_top(&mut lines, known_title, &mut take);
    let title = top.title.map(str::to_owned);

    let mut byline: Vec<(usize, &str)> = Vec::new();
    for i in 0..lines.len() {
        if !content(&lines, i) {
            continue;
        }
        let line = lines[i].unwrap_or_default();
        if is_photo_caption(line) {
            take(&mut lines, i, "caption");
        } else if is_share_line(line) {
            take(&mut lines, i, "share");
        } else if is_source_line(line) {
            byline.push((i, line));
            take(&mut lines, i, "byline");
        }
    }

    // A line taken leaves the next one right after the title or the lead: it goes too if it
    // repeats them, or cleaning the text again would take it (clean must be idempotent).
    let next_content = |lines: &[Option<&str>], after: usize| (after + 1..lines.len()).find(|&i| content(lines, i));
    if let Some((reference, mut first)) = top.after_title {
        while lines[first].is_some_and(|line| is_repeat_caption(line, reference)) {
            take(&mut lines, first, "caption_repeat");
            let Some(next) = next_content(&lines, first) else { break };
            first = next;
        }
    }
    if let Some((lead, mut second)) = top.after_lead {
        while let (Some(lead), Some(line)) = (lines[lead], lines[second])
            && is_repeat_caption(line, lead)
        {
            take(&mut lines, second, "caption_repeat");
            let Some(next) = next_content(&lines, second) else { break };
            second = next;
        }
    }

    // The tail, upwards.
    for i in (0..lines.len()).rev() {
        if !content(&lines, i) {
            continue;
        }
        let line = lines[i].unwrap_or_default();
        let rule = if is_footer_line(line) {
            "footer"
        } else if is_tag_line(line) {
            "tags"
        } else if is_menu_line(line) {
            "navigation"
        } else if is_byline_line(line) || known.author.is_some_and(|a| same_words(a, line)) {
            byline.push((i, line));
            "byline"
        } else {
            break;
        };
        take(&mut lines, i, rule);
    }

    byline.sort_unstable();
    let byline = (!byline.is_empty()).then(|| byline.iter().map(|(_, l)| *l).collect::<Vec<_>>().join("; "));
    removed.sort_unstable();
    let removed = removed.into_iter().map(|(i, rule)| RemovedLine { rule, line: all[i].to_owned() }).collect();
    let mut spans = Vec::new();
    let text = if spaces::is_tidy(text) {
        join_tidy(&lines, text.len(), &mut spans)
    } else {
        let text = crate::normalize::tidy_each_line(lines.iter().flatten().copied(), text.len());
        spans.extend(line_spans(&text));
        text
    };
    (Extracted { text, title, byline, removed }, spans)
}

/// What the rules that look at where a line is decide at the top of a text.
struct Top<'a> {
    /// The title taken (not through `take`: it goes to its own field).
    title: Option<&'a str>,
    /// The title (taken or known) and the line after it, which goes if it repeats it.
    after_title: Option<(&'a str, usize)>,
    /// The lead and the line after it, which goes if it repeats it.
    after_lead: Option<(usize, usize)>,
}

type Take<'t, 'a> = dyn FnMut(&mut [Option<&'a str>], usize, &'static str) + 't;

/// The rules that decide by place at the top of a text: breadcrumbs, the title, breadcrumbs
/// again after it; and which lines may repeat the title or the lead (taken after the other
/// rules by [`extract_lines`]). A line these rules take is in a place no other rule moves it
/// from, so a clean text needs another round of removal only when they would take something
/// ([`would_take_more`]).
fn take_top<'a>(lines: &mut [Option<&'a str>], known_title: Option<&'a str>, take: &mut Take<'_, 'a>) -> Top<'a> {
    // Breadcrumbs at the top, and again after the title (see there).
    for i in top_breadcrumbs(lines) {
        take(lines, i, "navigation");
    }

    let mut title = None;
    let (opening, second) = first_two(lines);
    if let Some(first) = opening {
        let line = lines[first].unwrap_or_default();
        if known_title.is_some_and(|t| same_words(t, line)) {
            take(lines, first, "title");
        } else if known_title.is_none()
            && let Some(second) = second
            && could_be_title(lines, first)
            && (!could_be_title(lines, second) || is_repeat_caption(lines[second].unwrap_or_default(), line))
        {
            // `could_be_title` saw a blank line or a rule after it; a rule goes with the title.
            title = Some(line);
            lines[first] = None;
            if lines.get(first + 1).copied().flatten().is_some_and(is_rule) {
                take(lines, first + 1, "title_rule");
            }
        }
    }
    // A title taken leaves another line opening the text: a breadcrumb there goes too, or
    // cleaning the text again would take it (clean must be idempotent).
    if first_two(lines).0 != opening {
        for i in top_breadcrumbs(lines) {
            take(lines, i, "navigation");
        }
    }
    // The line after the title, and the line after the lead, when they repeat what precedes them;
    // picked before other captions go, so that only the line right after is ever compared.
    let (first, second) = first_two(lines);
    Top { title, after_title: title.or(known_title).zip(first), after_lead: first.zip(second) }
}

/// Whether a round of removal would take a line from `text`, a text boilerplate removal left
/// (with no page metadata, as cleaning it again would see it). Only the rules of [`take_top`]
/// can: every other rule looks at a line alone, or from the end of the text upwards to the first
/// line it keeps, and those lines are the same in `text`.
pub(crate) fn would_take_more(text: &str) -> bool {
    let mut lines: Vec<Option<&str>> = spaces::lines(text).map(Some).collect();
    let mut took = false;
    let top = take_top(&mut lines, None, &mut |lines, i, _| {
        took |= lines[i].is_some_and(|l| !l.is_empty());
        lines[i] = None;
    });
    let repeats = |line: usize, before: Option<&str>| {
        lines[line].zip(before).is_some_and(|(line, before)| is_repeat_caption(line, before))
    };
    took || top.title.is_some()
        || top.after_title.is_some_and(|(title, first)| repeats(first, Some(title)))
        || top.after_lead.is_some_and(|(lead, second)| repeats(second, lines[lead]))
}

/// Whether line `i` has text (it is neither taken nor blank).
fn content(lines: &[Option<&str>], i: usize) -> bool {
    lines[i].is_some_and(|l| !l.is_empty())
}

/// The first two lines with text.
fn first_two(lines: &[Option<&str>]) -> (Option<usize>, Option<usize>) {
    let mut body = (0..lines.len()).filter(|&i| content(lines, i));
    (body.next(), body.next())
}

/// The byte ranges of the lines of `text` that are not blank.
fn line_spans(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    text.lines().filter(|l| !l.trim().is_empty()).map(|l| span_of(text, l))
}

/// The byte range of `part`, a slice of `whole`, in `whole`.
fn span_of(whole: &str, part: &str) -> Range<usize> {
    let start = part.as_ptr() as usize - whole.as_ptr() as usize;
    start..start + part.len()
}

/// The kept lines of a tidy text ([`spaces::is_tidy`], as normalization leaves it), with at most
/// one blank line between blocks and none at the ends: what
/// [`crate::normalize::tidy_each_line`] makes of them, without looking into lines that are tidy
/// already.
/// The byte range of each line that is not empty goes to `spans`.
fn join_tidy(lines: &[Option<&str>], capacity: usize, spans: &mut Vec<Range<usize>>) -> String {
    let mut out = String::with_capacity(capacity);
    let mut blank_pending = false;
    for line in lines.iter().flatten() {
        if line.is_empty() {
            blank_pending = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_pending { "\n\n" } else { "\n" });
        }
        blank_pending = false;
        out.push_str(line);
        spans.push(out.len() - line.len()..out.len());
    }
    out
}

/// The words of `line`, lowercased, without the punctuation around them.
fn words(line: &str) -> Vec<String> {
    words_of(line).collect()
}

/// [`words`], one at a time: a test that fails on a line's first word makes one of them, not all.
fn words_of(line: &str) -> impl Iterator<Item = String> {
    line.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
        .filter(|w| !w.is_empty())
}

fn same_words(a: &str, b: &str) -> bool {
    // The keys are the [`words`] joined by spaces, and a word holds no space, so keys of different
    // numbers of words differ: counted first, without building them, as `b` is often a long line
    // compared with a short title or author.
    // `b`'s are counted only to one past `a`'s.
    let counted = |s| spaces::words(s).filter(|w| w.chars().any(crate::letters::is_alphanumeric));
    let n = counted(a).count();
    if counted(b).take(n + 1).count() != n {
        return false;
    }
    let key = |s: &str| tone::apply(&words(s).join(" "), ToneStyle::New).into_owned();
    key(a) == key(b)
}

/// The lines at the top that are breadcrumbs: the lines with text before the first that is not one.
fn top_breadcrumbs(lines: &[Option<&str>]) -> Vec<usize> {
    (0..lines.len())
        .filter(|&i| content(lines, i))
        .take_while(|&i| is_breadcrumb(lines[i].unwrap_or_default()))
        .collect()
}

fn ends_sentence(line: &str) -> bool {
    let trimmed = line.trim_end_matches(['"', '”', '’', '»', ')', ']']);
    trimmed.ends_with(['.', '!', '?', '…', ';', ':'])
}

fn is_rule(line: &str) -> bool {
    line.chars().count() >= 3 && line.chars().all(|c| matches!(c, '-' | '=' | '_' | '*' | '—' | '–'))
}

/// Whether line `i` could be the title: a title-like line followed by a blank line or a rule.
/// Of two such lines at the top, the first is not taken (unless the second repeats it, and goes
/// as `caption_repeat`): taking it would leave the second to be taken by cleaning the text again
/// (clean must be idempotent), and a text that opens with two of them has no clear title.
fn could_be_title(lines: &[Option<&str>], i: usize) -> bool {
    let next = lines.get(i + 1).copied().flatten();
    lines[i].is_some_and(is_title_line) && (next == Some("") || next.is_some_and(is_rule))
}

/// The cheap tests first, and words counted only as far as the limit: the first line of a text is
/// often a whole paragraph.
fn is_title_line(line: &str) -> bool {
    !line.ends_with(['.', ',', ';', ':', '…'])
        && line.chars().next().is_some_and(|c| c.is_uppercase() || c.is_numeric() || "\"“'‘".contains(c))
        && (3..=30).contains(&spaces::words(line).take(31).count())
        && line.chars().count() <= 200
        && !has_sentence_inside(line)
}

/// A title is one sentence: `line` has a sentence inside it when a word from the third on ends
/// one (`?`, `!`, or `.` after a word with no capital, which keeps abbreviations such as `TP.`,
/// `GS.` out) and the next word starts with a capital or a quote: `Bà Năm đón cháu về nuôi. Tám
/// xáng hỏi: ai vậy?` is a paragraph.
fn has_sentence_inside(line: &str) -> bool {
    let mut words = line.split_whitespace().enumerate().peekable();
    while let Some((i, word)) = words.next() {
        let ends = word.ends_with(['?', '!']) || (word.ends_with('.') && !word.chars().any(char::is_uppercase));
        if i >= 2
            && ends
            && let Some((_, next)) = words.peek()
            && next.chars().next().is_some_and(|c| c.is_uppercase() || "\"“'‘".contains(c))
        {
            return true;
        }
    }
    false
}

/// `line` repeats `before` as a caption does: no final punctuation, at least 4 words, at least 80%
/// of them (with repeats) found in `before`, and not longer than it.
fn is_repeat_caption(line: &str, before: &str) -> bool {
    if ends_sentence(line) {
        return false;
    }
    let ws = words(line);
    let reference = words(before);
    if ws.len() < 4 || ws.len() > reference.len() + 2 {
        return false;
    }
    let known: std::collections::HashSet<&str> = reference.iter().map(String::as_str).collect();
    let found = ws.iter().filter(|w| known.contains(w.as_str())).count();
    found * 5 >= ws.len() * 4
}

/// Whether `line` ends with a photo credit.
fn credit_at_end(line: &str) -> bool {
    // `(Ảnh: …)`, `(Ảnh do … cung cấp)`, `(Ảnh minh họa)`.
    if line.ends_with(')')
        && let Some(open) = line.rfind('(')
    {
        let inner = &line[open + 1..line.len() - 1];
        if is_credit(inner) {
            return true;
        }
    }
    // `Ảnh: …` at the start of the line or of a sentence. Most lines have no `Ảnh`, which
    // `contains` tells in vector code where `match_indices` steps through the line.
    if !line.contains("Ảnh") {
        return false;
    }
    for (at, _) in line.match_indices("Ảnh") {
        let before = line[..at].trim_end();
        let starts = before.is_empty() || before.ends_with(['.', '-', '|', '–', '—', '/']);
        if starts && is_credit(&line[at..]) {
            return true;
        }
    }
    false
}

/// `Ảnh: X`, `Ảnh do X cung cấp`, `Ảnh minh họa` (and `Ảnh minh họa: X`), `Ảnh tư liệu`, with a
/// short X.
fn is_credit(s: &str) -> bool {
    let s = s.trim().trim_end_matches('.');
    let Some(rest) = s.strip_prefix("Ảnh").or_else(|| s.strip_prefix("ẢNH")) else {
        return false;
    };
    let rest_words = rest.split_whitespace().count();
    if let Some(credit) = rest.strip_prefix(':') {
        let credit = credit.trim();
        // A credit is a name or a site, not more sentences.
        return !credit.is_empty() && rest_words <= 8 && !credit.contains(". ") && !credit.contains(", ");
    }
    let lower = rest.to_lowercase();
    let lower = lower.trim_start();
    if lower.starts_with("do ") {
        return rest_words <= 12 && lower.ends_with("cung cấp");
    }
    ["minh họa", "minh hoạ", "tư liệu"]
        .iter()
        .any(|p| lower == *p || lower.strip_prefix(p).is_some_and(|r| r.starts_with([':', ' ']) && rest_words <= 10))
}

fn is_photo_caption(line: &str) -> bool {
    credit_at_end(line)
}

/// The words of a share bar.
const SHARE_WORDS: &[&str] = &[
    "chia",
    "sẻ",
    "share",
    "facebook",
    "twitter",
    "zalo",
    "tweet",
    "email",
    "in",
    "bài",
    "viết",
    "gửi",
    "lưu",
    "copy",
    "link",
    "sao",
    "chép",
    "liên",
    "kết",
    "like",
    "thích",
    "messenger",
    "linkedin",
    "x",
];

/// A line made only of share-bar words.
fn is_share_line(line: &str) -> bool {
    if line.len() > 120 {
        return false;
    }
    // At most 8 words, all share-bar words: the words are made one at a time, and most lines
    // fail on the first.
    let mut ws = Vec::new();
    for w in words_of(line) {
        if ws.len() == 8 || !SHARE_WORDS.contains(&w.as_str()) {
            return false;
        }
        ws.push(w);
    }
    !ws.is_empty()
        && (line.to_lowercase().contains("chia sẻ")
            || ws.iter().any(|w| matches!(w.as_str(), "share" | "facebook" | "twitter" | "zalo" | "tweet")))
}

/// `(Nguồn: …)` or `Nguồn: …` as a whole line.
fn is_source_line(line: &str) -> bool {
    let inner = line.strip_prefix('(').and_then(|l| l.strip_suffix(')')).unwrap_or(line);
    inner.strip_prefix("Nguồn:").is_some_and(|rest| {
        let n = rest.split_whitespace().count();
        (1..=12).contains(&n)
    })
}

/// Page footers, in a line that is not a sentence.
fn is_footer_line(line: &str) -> bool {
    const MARKERS: &[&str] = &[
        "Rao vặt",
        "Thông cáo báo chí",
        "Các đơn vị thông tin của",
        "Bản quyền thuộc về",
        "Liên hệ quảng cáo",
        "Giấy phép số",
        "Giấy phép hoạt động",
        "Ghi rõ nguồn",
        "Đường dây nóng",
        "Về đầu trang",
        "Tin liên quan",
        "Tin cùng chuyên mục",
        "Xem thêm",
        "Đọc thêm",
        "Ý kiến bạn đọc",
        "Gửi bình luận",
    ];
    let copyright = has_copyright_sign(line);
    // Words counted only as far as the limit: the last line is often a whole paragraph.
    (copyright || !ends_sentence(line) || spaces::words(line).take(5).count() <= 4)
        && (copyright || MARKERS.iter().any(|m| line.contains(m)))
}

/// A copyright notice's `©`: a word of its own or before a year (`© 2026`, `©2026`). Inside a
/// word it is something else: TCVN3 text read as windows-1252 is full of it (`t©m` for `tâm`).
fn has_copyright_sign(line: &str) -> bool {
    line.match_indices('©').any(|(at, sign)| {
        let before = line[..at].chars().next_back();
        let after = line[at + sign.len()..].chars().next();
        let alone_before = before.is_none_or(|c| !c.is_alphanumeric());
        let alone_after = after.is_none_or(|c| !c.is_alphabetic());
        alone_before && alone_after
    })
}

/// `Từ khóa: Việt Nam, Nga` and the like: a list, so not a sentence ending in a full stop.
fn is_tag_line(line: &str) -> bool {
    ["Từ khóa:", "Từ khoá:", "Tags:", "Tag:", "Chủ đề:"].iter().any(|p| line.starts_with(p))
        && !line.ends_with(['.', '!', '?', '…'])
}

/// Three or more short items separated by menu separators, no final punctuation.
fn is_menu_line(line: &str) -> bool {
    if ends_sentence(line) {
        return false;
    }
    let items: Vec<&str> = line.split(['|', '•', '·']).flat_map(|p| p.split(" - ")).map(str::trim).collect();
    items.len() >= 3 && items.iter().all(|i| (1..=4).contains(&i.split_whitespace().count()))
}

/// `Trang chủ > Thời sự > Đối ngoại`.
///
/// Read once, left to right, and given up at the fifth word of an item: the first line of a text
/// is often a whole paragraph, which this asks about on every round of removal.
fn is_breadcrumb(line: &str) -> bool {
    // Items ended so far, and the words of the one being read.
    let (mut items, mut words, mut in_word) = (0usize, 0usize, false);
    for c in line.chars() {
        if matches!(c, '>' | '»' | '›') {
            if words == 0 {
                return false;
            }
            (items, words, in_word) = (items + 1, 0, false);
        } else if c.is_whitespace() {
            in_word = false;
        } else if !in_word {
            in_word = true;
            words += 1;
            if words > 4 {
                return false;
            }
        }
    }
    words > 0 && items >= 2 && !ends_sentence(line)
}

/// A byline or source at the end of the text: an all-caps agency or initials, optionally with a
/// `/` part (`TTXVN/Tin Tức`), `Theo …`, `(Theo …)`, `(Nguồn: …)`.
fn is_byline_line(line: &str) -> bool {
    if is_source_line(line) {
        return true;
    }
    let inner = line.strip_prefix('(').and_then(|l| l.strip_suffix(')')).unwrap_or(line);
    if let Some(rest) = inner.strip_prefix("Theo ") {
        let n = rest.split_whitespace().count();
        return (1..=7).contains(&n) && !rest.contains(',') && !ends_sentence(rest);
    }
    if line.chars().count() > 40 || ends_sentence(line) {
        return false;
    }
    let (agency, rest) = line.split_once('/').unwrap_or((line, ""));
    let agency = agency.trim();
    let caps = agency.chars().all(|c| c.is_uppercase() || c == ' ' || c == '.')
        && agency.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && agency.split_whitespace().count() <= 2;
    caps && rest.split_whitespace().count() <= 4
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Extracts `input` and compares text, title, byline and the (rule, line) pairs removed.
    fn check(input: &str, text: &str, title: Option<&str>, byline: Option<&str>, removed: &[(&str, &str)]) {
        let got = extract(input, Known::default(), &|_| false);
        assert_eq!(got.text, text, "text of {input:?}");
        assert_eq!(got.title.as_deref(), title, "title of {input:?}");
        assert_eq!(got.byline.as_deref(), byline, "byline of {input:?}");
        let got_removed: Vec<(&str, &str)> = got.removed.iter().map(|r| (r.rule, r.line.as_str())).collect();
        assert_eq!(got_removed, removed, "removed from {input:?}");
    }

    /// `input` comes out as it went in.
    fn keep(input: &str) {
        check(input, input, None, None, &[]);
    }

    const LEAD: &str = "Ngày 29/8, Thứ trưởng Nguyễn Minh Vũ đã thăm Nga và chủ trì Đối thoại chiến lược lần thứ 12.";
    const BODY: &str = "Hai bên nhất trí tăng cường trao đổi thông tin.";

    #[test]
    fn title_followed_by_blank_or_rule() {
        check(
            &format!("Việt Nam và Nga tăng cường hợp tác\n-----------------\n{LEAD}\n{BODY}"),
            &format!("{LEAD}\n{BODY}"),
            Some("Việt Nam và Nga tăng cường hợp tác"),
            None,
            &[("title_rule", "-----------------")],
        );
        check(
            &format!("Cần thúc đẩy quan hệ Việt-Nga đi vào chiều sâu\n\n{LEAD}\n\n{BODY}"),
            &format!("{LEAD}\n\n{BODY}"),
            Some("Cần thúc đẩy quan hệ Việt-Nga đi vào chiều sâu"),
            None,
            &[],
        );
        check(&format!("Vì sao giá vàng tăng?\n\n{LEAD}"), LEAD, Some("Vì sao giá vàng tăng?"), None, &[]);
    }

    #[test]
    fn not_a_title() {
        // A first paragraph, a first line not set apart, a one-line text, a too-short line.
        keep(&format!("{LEAD}\n\n{BODY}"));
        keep(&format!("Việt Nam và Nga tăng cường hợp tác\n{LEAD}"));
        // Two title-like lines set apart at the top: taking the first would leave the second to be
        // taken by cleaning again (found by the idempotence property test).
        keep(&format!("Tin mới trong ngày\n\nVì sao người dân phải gánh chịu hậu quả?\n\n{LEAD}"));
        keep("Việt Nam và Nga tăng cường hợp tác");
        keep(&format!("Hà Nội\n\n{LEAD}"));
        keep(&format!("Thứ trưởng cho biết:\n\n{LEAD}"));
        keep(&format!("hai bên nhất trí hợp tác\n\n{LEAD}"));
        // Two sentences are a paragraph, however short (the first line of a page's article, which
        // the page's own title kept from being taken, and cleaning again took).
        keep(&format!("Bà Năm đón cháu ngoại về nuôi. Tám xáng hỏi: \"ai giới thiệu các anh vậy?\n\n{LEAD}"));
        keep(&format!("Giá vàng lại tăng mạnh! Vì sao?\n\n{LEAD}"));
    }

    #[test]
    fn abbreviations_do_not_split_a_title() {
        for title in ["GS. Ngô Bảo Châu nhận giải thưởng", "Mưa lớn ở TP. Hồ Chí Minh", "Ông A. Borodavkin thăm Hà Nội"]
        {
            check(&format!("{title}\n\n{LEAD}"), LEAD, Some(title), None, &[]);
        }
    }

    #[test]
    fn caption_repeating_the_lead_or_title() {
        let caption = "Thứ trưởng Nguyễn Minh Vũ chủ trì Đối thoại chiến lược lần thứ 12";
        check(
            &format!("{LEAD}\n{caption}\n{BODY}"),
            &format!("{LEAD}\n{BODY}"),
            None,
            None,
            &[("caption_repeat", caption)],
        );
        check(
            &format!("Việt Nam và Nga tăng cường hợp tác\n\nViệt Nam và Nga tăng cường hợp tác\n\n{LEAD}"),
            LEAD,
            Some("Việt Nam và Nga tăng cường hợp tác"),
            None,
            &[("caption_repeat", "Việt Nam và Nga tăng cường hợp tác")],
        );
        // Punctuated: a sentence of the article, even if it repeats the lead.
        keep(&format!("{LEAD}\nThứ trưởng Nguyễn Minh Vũ chủ trì Đối thoại chiến lược lần thứ 12.\n{BODY}"));
        // Unpunctuated but about something else, or too short to tell, or further down.
        keep(&format!("{LEAD}\nHai bên ký kế hoạch hợp tác giữa hai Bộ cho giai đoạn tới\n{BODY}"));
        keep(&format!("{LEAD}\nThứ trưởng Vũ\n{BODY}"));
        keep(&format!("{LEAD}\n{BODY}\n{caption}"));
        // Only the line right after counts, even when a photo caption there goes first.
        let credit = "Quang cảnh buổi làm việc (Ảnh: TTXVN)";
        check(
            &format!("{LEAD}\n{credit}\n{caption}"),
            &format!("{LEAD}\n{caption}"),
            None,
            None,
            &[("caption", credit)],
        );
    }

    #[test]
    fn photo_captions() {
        for caption in [
            "Thứ trưởng Lê Thị Thu Hằng tiếp Đại sứ Nga Gennady Bezdetko. Ảnh: baoquocte.vn",
            "Đại sứ Nguyễn Thanh Sơn (trái) gặp Bộ trưởng FMS. (Ảnh do ĐSQ Việt Nam tại Nga cung cấp)",
            "Quang cảnh buổi làm việc (Ảnh: TTXVN)",
            "Ảnh: Quang Hòa/TTXVN",
            "Ảnh minh họa",
            "Ảnh minh hoạ: Internet",
            "Đoàn đại biểu dâng hoa tại tượng đài (Ảnh minh họa)",
            "Hội nghị tại Hà Nội - Ảnh: VGP/Nhật Bắc",
        ] {
            check(
                &format!("{LEAD}\n{caption}\n{BODY}"),
                &format!("{LEAD}\n{BODY}"),
                None,
                None,
                &[("caption", caption)],
            );
        }
        // Sentences that mention ảnh stay.
        for sentence in [
            "Ông chia sẻ ảnh chụp chung với Đại sứ lên mạng xã hội.",
            "Bức ảnh: kỷ niệm của hai đoàn tại Moscow",
            "Triển lãm Ảnh: Việt Nam trong tôi khai mạc hôm nay với hơn 200 tác phẩm.",
            "Ảnh: Hà Nội mùa thu đẹp như một bức tranh, ai cũng muốn đến thăm, và còn nhiều điều khác nữa.",
            "Ảnh hưởng của đại dịch vẫn còn, theo Bộ Y tế.",
            "Ảnh do phóng viên chụp cho thấy hai bên bắt tay trong không khí thân mật tại trụ sở.",
            "Ông nói về tấm ảnh (ảnh chụp năm 1990)",
        ] {
            keep(&format!("{LEAD}\n{BODY}\n{sentence}\n{BODY}"));
        }
    }

    #[test]
    fn share_lines() {
        for share in ["Chia sẻ:", "Chia sẻ bài viết", "Facebook Twitter Zalo", "Chia sẻ Facebook"] {
            check(&format!("{LEAD}\n{share}\n{BODY}"), &format!("{LEAD}\n{BODY}"), None, None, &[("share", share)]);
        }
        keep(&format!("{LEAD}\nĐại sứ Nga chia sẻ với Thứ trưởng về Đại hội.\n{BODY}"));
        keep(&format!("{LEAD}\nChia sẻ kinh nghiệm quản lý\n{BODY}"));
        keep(&format!("{LEAD}\nỞ Hà Nội, Facebook có văn phòng.\n{BODY}"));
    }

    #[test]
    fn footer_and_byline_at_the_end() {
        check(
            &format!(
                "{LEAD}\n\n{BODY}\n\n\nTTXVN/Tin Tức\n\n\nChia sẻ:\n\ndoanh nghiệp - Sản phẩm - Dịch vụ Thông cáo báo chí Rao vặt\n\nCác đơn vị thông tin của TTXVN"
            ),
            &format!("{LEAD}\n\n{BODY}"),
            None,
            Some("TTXVN/Tin Tức"),
            &[
                ("byline", "TTXVN/Tin Tức"),
                ("share", "Chia sẻ:"),
                ("footer", "doanh nghiệp - Sản phẩm - Dịch vụ Thông cáo báo chí Rao vặt"),
                ("footer", "Các đơn vị thông tin của TTXVN"),
            ],
        );
        check(&format!("{LEAD}\n{BODY}\nBNG"), &format!("{LEAD}\n{BODY}"), None, Some("BNG"), &[("byline", "BNG")]);
        check(&format!("{LEAD}\n{BODY}\nPV"), &format!("{LEAD}\n{BODY}"), None, Some("PV"), &[("byline", "PV")]);
        check(
            &format!(
                "{LEAD}\n{BODY}\nTheo Báo Quốc tế\nTừ khóa: Việt Nam, Nga, hợp tác\n© 2026 Bản quyền thuộc về Báo Quốc tế."
            ),
            &format!("{LEAD}\n{BODY}"),
            None,
            Some("Theo Báo Quốc tế"),
            &[
                ("byline", "Theo Báo Quốc tế"),
                ("tags", "Từ khóa: Việt Nam, Nga, hợp tác"),
                ("footer", "© 2026 Bản quyền thuộc về Báo Quốc tế."),
            ],
        );
        check(
            &format!("{LEAD}\n(Nguồn: Bộ Ngoại giao)\n{BODY}\nThời sự | Thế giới | Kinh tế | Văn hóa"),
            &format!("{LEAD}\n{BODY}"),
            None,
            Some("(Nguồn: Bộ Ngoại giao)"),
            &[("byline", "(Nguồn: Bộ Ngoại giao)"), ("navigation", "Thời sự | Thế giới | Kinh tế | Văn hóa")],
        );
    }

    #[test]
    fn endings_that_are_the_article() {
        // `Theo …` sentences, an acronym inside a sentence, a sentence mentioning copyright.
        keep(&format!("{LEAD}\nTheo Đại sứ Nguyễn Thanh Sơn, quan hệ hai nước đang phát triển tốt"));
        keep(&format!("{LEAD}\nTheo kế hoạch, hai bên sẽ gặp lại vào năm tới."));
        keep(&format!("{LEAD}\nHai bên nhất trí hợp tác trong khuôn khổ ASEAN."));
        keep(&format!("{LEAD}\nBản quyền thuộc về nhạc sĩ, theo luật Sở hữu trí tuệ hiện hành."));
        keep(&format!("{LEAD}\nChủ đề: hai bên thảo luận về hợp tác kinh tế và văn hóa."));
        keep(&format!("{LEAD}\nTừ khóa của thành công là sự kiên trì"));
        keep(&format!("{LEAD}\nÔng Nguyễn Văn A, Tổng biên tập, đọc thêm diễn văn chào mừng."));
        // A byline in the middle is content's business, not the tail's.
        keep(&format!("{LEAD}\nBNG\n{BODY}"));
        // A list of items with sentences is not a menu.
        keep(&format!("{LEAD}\nKinh tế - Văn hóa - Xã hội đều tăng trưởng mạnh trong năm qua."));
        // `©` inside a word is no copyright notice (TCVN3 read as windows-1252: `t©m` for `tâm`).
        keep(&format!("{LEAD}\nHai bªn ®· trao ®æi vÒ t©m lý x· héi"));
    }

    #[test]
    fn copyright_notices_are_footers() {
        for notice in ["© 2026 Báo Quốc tế", "©2026 Báo Quốc tế", "Báo Quốc tế ©", "Bản quyền © Báo Quốc tế"]
        {
            check(&format!("{LEAD}\n{notice}"), LEAD, None, None, &[("footer", notice)]);
        }
    }

    /// [`would_take_more`] says whether removing boilerplate again would take a line, which
    /// [`crate::clean_counted`] trusts to skip a round: checked against a round itself, on every
    /// text of up to four lines from a pool of debris and article lines, and on longer ones, with
    /// and without page metadata in the first round.
    #[test]
    fn would_take_more_agrees_with_another_round() {
        let pool = [
            "Hai nước tăng cường hợp tác",
            "Tin mới trong ngày",
            "Trang chủ > Thời sự > Đối ngoại",
            "Ảnh minh họa",
            "Chia sẻ bài viết",
            "Theo TTXVN",
            "PP",
            LEAD,
            "Thứ trưởng Nguyễn Minh Vũ chủ trì Đối thoại chiến lược lần thứ 12",
            BODY,
            "",
            "-----",
            "Bản quyền thuộc về Báo Thế giới và Việt Nam",
        ];
        let n = pool.len();
        let text_of = |mut code: usize, len: usize| {
            let mut lines = Vec::with_capacity(len);
            for _ in 0..len {
                lines.push(pool[code % n]);
                code /= n;
            }
            crate::normalize::normalize(&lines.join("\n"))
        };
        let mut texts: Vec<String> = Vec::new();
        for len in 1..=4 {
            texts.extend((0..n.pow(len as u32)).map(|code| text_of(code, len)));
        }
        texts.extend((0..5_000).map(|i| text_of(i * 7_919 % n.pow(7), 7)));
        let page = Known { title: Some("Việt Nam và Nga tăng cường hợp tác"), author: Some("PV") };
        let (mut more, mut done) = (0, 0);
        for text in &texts {
            for known in [Known::default(), page] {
                let once = extract(text, known, &|_| false).text;
                let again = extract(&once, Known::default(), &|_| false);
                let took = !again.removed.is_empty() || again.title.is_some() || again.byline.is_some();
                assert_eq!(would_take_more(&once), took, "{text:?} ({known:?}) left {once:?}");
                assert!(took || again.text == once, "{once:?} changed, with nothing taken");
                if took { more += 1 } else { done += 1 }
            }
        }
        assert!(more > 100 && done > 100, "{more} texts left something to take, {done} nothing");
    }

    #[test]
    fn breadcrumbs_and_known_titles() {
        check(
            &format!("Trang chủ > Thời sự > Đối ngoại\n{LEAD}"),
            LEAD,
            None,
            None,
            &[("navigation", "Trang chủ > Thời sự > Đối ngoại")],
        );
        keep(&format!("Giá vàng > 80 triệu đồng khi thị trường > 5% biến động mạnh.\n{LEAD}"));
        // Right after a title (a breadcrumb that is no title itself): the text the title leaves
        // opens with the breadcrumb, which cleaning it again would take.
        check(
            &format!("Hai nước tăng cường hợp tác\n\nvideo > ảnh > clip\n\n{LEAD}"),
            LEAD,
            Some("Hai nước tăng cường hợp tác"),
            None,
            &[("navigation", "video > ảnh > clip")],
        );
        let known = Known { title: Some("Việt Nam và Nga tăng cường hợp tác"), author: Some("Minh Anh") };
        let got =
            extract(&format!("Việt Nam và Nga tăng cường hợp tác\n{LEAD}\nMinh Anh"), known, &|_| false);
        assert_eq!(got.text, LEAD);
        assert_eq!(got.title, None, "the known title stays the caller's");
        assert_eq!(got.byline.as_deref(), Some("Minh Anh"));
        assert_eq!(
            got.removed,
            [
                RemovedLine { rule: "title", line: "Việt Nam và Nga tăng cường hợp tác".into() },
                RemovedLine { rule: "byline", line: "Minh Anh".into() }
            ]
        );
        // The author's name inside a sentence, or not at the end, stays.
        let got = extract(&format!("Minh Anh\n{LEAD}\nMinh Anh cho biết thêm như vậy."), known, &|_| false);
        assert_eq!(got.text, format!("Minh Anh\n{LEAD}\nMinh Anh cho biết thêm như vậy."));
    }

    #[test]
    fn repeated_lines_go() {
        let got = extract(&format!("Báo Thế giới và Việt Nam\n{LEAD}\n{BODY}"), Known::default(), &|l| {
            l.starts_with("Báo Thế giới")
        });
        assert_eq!(got.text, format!("{LEAD}\n{BODY}"));
        assert_eq!(got.removed, [RemovedLine { rule: "repeated", line: "Báo Thế giới và Việt Nam".into() }]);
    }

    /// Texts as boilerplate removal gets them, and a few that are not tidy.
    fn sample_texts() -> Vec<String> {
        let mut texts: Vec<String> = [
            include_str!("../../../seeds/000_eae569450ad647c0.txt"),
            include_str!("../../../seeds/001_99b65eee0feaa7b5.txt"),
            include_str!("../../../seeds/002_d405184045d43514.txt"),
            include_str!("../../../fixtures/html/vnexpress.expected.txt"),
        ]
        .iter()
        .map(|t| crate::normalize::normalize(t))
        .collect();
        texts.extend(
            [
                "",
                "a",
                "\n\na b\n\n\n c  d \n\u{a0}\n\ne\t",
                "Tin mới\n\nHai bên\n \nnhất trí.",
                "x\n\n\n\ny",
                " lead space\nTheo Báo Quốc tế ",
            ]
            .map(str::to_owned),
        );
        texts
    }

    /// Joining the kept lines of a tidy text is what tidying them did, whichever lines are kept.
    #[test]
    fn joining_tidy_lines_is_tidying_them() {
        for text in sample_texts() {
            let lines: Vec<&str> = text.split('\n').collect();
            for seed in 0..64u64 {
                // A pseudo-random choice of kept lines (a line removed leaves None).
                let kept: Vec<Option<&str>> = lines
                    .iter()
                    .enumerate()
                    .map(|(i, l)| {
                        (seed == 0 || (seed.wrapping_mul(31).wrapping_add(i as u64 * 7)) % 5 != 0).then_some(*l)
                    })
                    .collect();
                let slow = crate::normalize::tidy_each_line(kept.iter().flatten().copied(), 0);
                if spaces::is_tidy(&text) {
                    let mut spans = Vec::new();
                    let joined = join_tidy(&kept, 0, &mut spans);
                    assert_eq!(joined, slow, "{text:?} {seed}");
                    assert_eq!(spans, line_spans(&joined).collect::<Vec<_>>(), "{text:?} {seed}");
                }
                assert!(spaces::is_tidy(&slow));
            }
        }
    }

    /// The ranges of the lines that are not blank, as the passes after extraction found them.
    /// The lines [`extract_lines`] gives for tidy text, which it joins itself, are the lines
    /// [`line_spans`] finds in its result, whatever it removed. (Text that is not tidy gets its
    /// lines from `line_spans` itself.)
    #[test]
    fn extracted_lines_are_the_lines_of_the_text() {
        let mut tidy = 0;
        for text in sample_texts().into_iter().filter(|t| spaces::is_tidy(t)) {
            tidy += 1;
            for repeated in ["", "Menu", "Hai bên"] {
                let (extracted, spans) = extract_lines(&text, Known::default(), &|l| l == repeated);
                assert_eq!(spans, line_spans(&extracted.text).collect::<Vec<_>>(), "{text:?}");
            }
        }
        assert!(tidy >= 3, "only {tidy} tidy samples");
    }

    /// [`is_title_line`] and [`is_footer_line`] as they were before they counted words only as far as
    /// their limits.
    fn is_title_line_slowly(line: &str) -> bool {
        let n = line.split_whitespace().count();
        (3..=30).contains(&n)
            && line.chars().count() <= 200
            && !line.ends_with(['.', ',', ';', ':', '…'])
            && line.chars().next().is_some_and(|c| c.is_uppercase() || c.is_numeric() || "\"“'‘".contains(c))
            && !has_sentence_inside(line)
    }

    /// [`is_breadcrumb`] as it was before it read the line once: split into items, each counted.
    fn is_breadcrumb_slowly(line: &str) -> bool {
        let items: Vec<&str> = line.split(['>', '»', '›']).map(str::trim).collect();
        items.len() >= 3
            && items.iter().all(|i| (1..=4).contains(&i.split_whitespace().count()))
            && !ends_sentence(line)
    }

    #[test]
    fn is_breadcrumb_is_what_it_was() {
        let mut lines: Vec<String> = [
            "Trang chủ > Thời sự > Đối ngoại",
            "Trang chủ » Thời sự » Đối ngoại » Tin mới nhất hôm nay",
            "Trang chủ › Thời sự",
            "Trang chủ > Thời sự > Đối ngoại.",
            "> Trang chủ > Thời sự",
            "Trang chủ > Thời sự >",
            "Trang chủ >> Thời sự > Đối ngoại",
            "a>b>c",
            " a > b > c ",
            "một hai ba bốn năm > sáu > bảy",
            "một hai ba bốn > năm sáu bảy tám > chín",
            "video > ảnh > clip",
            "Giá vàng > 80 triệu đồng khi thị trường > 5% biến động mạnh.",
            "",
            ">",
            "> > >",
        ]
        .map(str::to_owned)
        .to_vec();
        for seed in [
            include_str!("../../../seeds/000_eae569450ad647c0.txt"),
            include_str!("../../../seeds/001_99b65eee0feaa7b5.txt"),
            include_str!("../../../seeds/002_d405184045d43514.txt"),
        ] {
            lines.extend(seed.lines().map(str::to_owned));
        }
        // Every line with its spaces made separators, a few at a time.
        let more: Vec<String> = lines
            .iter()
            .flat_map(|l| [l.replacen(' ', " > ", 3), l.replacen(' ', "»", 2), l.replace("  ", " › ")])
            .collect();
        lines.extend(more);
        let mut yes = 0;
        for line in &lines {
            assert_eq!(is_breadcrumb(line), is_breadcrumb_slowly(line), "{line:?}");
            yes += usize::from(is_breadcrumb(line));
        }
        assert!(yes >= 8, "{yes} breadcrumbs");
    }

    fn is_footer_line_slowly(line: &str) -> bool {
        let copyright = has_copyright_sign(line);
        (copyright || !ends_sentence(line) || line.split_whitespace().count() <= 4)
            && (copyright || ["Rao vặt", "Xem thêm", "Tin liên quan"].iter().any(|m| line.contains(m)))
    }

    /// [`is_share_line`] as it was before it made a line's words one at a time.
    fn is_share_line_slowly(line: &str) -> bool {
        if line.len() > 120 {
            return false;
        }
        let ws = words(line);
        !ws.is_empty()
            && ws.len() <= 8
            && ws.iter().all(|w| SHARE_WORDS.contains(&w.as_str()))
            && (line.to_lowercase().contains("chia sẻ")
                || ws.iter().any(|w| matches!(w.as_str(), "share" | "facebook" | "twitter" | "zalo" | "tweet")))
    }

    #[test]
    fn share_lines_are_found_as_before() {
        let mut lines: Vec<String> =
            sample_texts().iter().flat_map(|t| t.lines().map(str::to_owned).collect::<Vec<_>>()).collect();
        let pieces = ["Chia", "sẻ", "sẻ:", "FACEBOOK", "Zalo", "in", "x", "|", "Tin", "bài", "—", "İn", "twitter."];
        // Pseudo-random lines of 0 to 10 pieces, one or two spaces apart.
        let mut state = 1u64;
        for _ in 0..20_000 {
            let mut next = |n: u64| {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                ((state >> 33) % n) as usize
            };
            let n = next(11);
            let line: Vec<&str> = (0..n).map(|_| pieces[next(pieces.len() as u64)]).collect();
            lines.push(line.join(if next(4) == 0 { "  " } else { " " }));
        }
        let mut shares = 0;
        for line in &lines {
            assert_eq!(is_share_line(line), is_share_line_slowly(line), "{line:?}");
            shares += usize::from(is_share_line_slowly(line));
        }
        assert!(shares > 100 && shares < lines.len() / 2, "{shares} share lines");
    }

    #[test]
    fn counting_words_to_the_limit_changes_no_answer() {
        let mut lines: Vec<String> =
            sample_texts().iter().flat_map(|t| t.lines().map(str::to_owned).collect::<Vec<_>>()).collect();
        for n in 0..40 {
            for start in ["Tin", "tin", "1", "“Tin", "Ảnh"] {
                let words = vec!["mới"; n].join(" ");
                for end in ["", ".", ":", "?", " Rao vặt", " Xem thêm."] {
                    lines.push(format!("{start} {words}{end}"));
                    lines.push(format!("{start}  {words}\u{a0}{end}"));
                }
            }
        }
        lines.push("A ".repeat(100) + "B");
        lines.push(format!("Xem thêm {}", "ạ".repeat(300)));
        for line in &lines {
            assert_eq!(is_title_line(line), is_title_line_slowly(line), "{line:?}");
            let footer_slowly = is_footer_line_slowly(line);
            if ["Rao vặt", "Xem thêm", "Tin liên quan"].iter().any(|m| line.contains(m)) || has_copyright_sign(line)
            {
                assert_eq!(is_footer_line(line), footer_slowly, "{line:?}");
            }
        }
    }

    #[test]
    fn counting_words_first_changes_no_answer() {
        let key = |s: &str| tone::apply(&words(s).join(" "), ToneStyle::New).into_owned();
        let texts = [
            "",
            "—",
            "Thu Trang",
            "THU TRANG.",
            "(Thu  Trang)",
            "Thu - Trang",
            "Hoà bình và hợp tác",
            "Hòa bình, và hợp tác!",
            "Hòa bình và hợp tác Việt Nam",
            LEAD,
            BODY,
            "İ Σ ΣΑΣ ß ẞ 1 2",
            "i̇ σ σας ß ß 1 2",
        ];
        for a in texts {
            for b in texts {
                assert_eq!(same_words(a, b), key(a) == key(b), "{a:?} {b:?}");
            }
        }
        // A lowercased word holds no whitespace, so a key has a space per word but one.
        for c in (0..=0x10ffff).filter_map(char::from_u32).filter(|c| !c.is_whitespace()) {
            assert!(!c.to_lowercase().any(char::is_whitespace), "{c:?}");
        }
    }
}
