//! Charset labels: what an HTTP or WARC `Content-Type`, or an HTML `<meta>`, says the bytes are.
//!
//! A label names an encoding_rs encoding (WHATWG's label list: `latin1` is windows-1252, `utf8`
//! is UTF-8, ...) or one of the Vietnamese legacy encodings. The windows-1252 family (including
//! `iso-8859-1` and `us-ascii`) is a weak label: Vietnamese sites served TCVN3 and VNI pages under
//! it for years, so the byte statistics may overrule it.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

use crate::legacy::Legacy;

/// How far into a document the `<meta>` charset is looked for. The HTML standard says 1024
/// bytes; real pages often put long scripts before it.
const META_SCAN_LEN: usize = 4096;

/// The encoding a label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Label {
    /// An encoding to trust.
    Strong(&'static Encoding),
    /// A Vietnamese legacy encoding, named explicitly.
    Legacy(Legacy),
    /// windows-1252 and its aliases: used when detection finds nothing better.
    Weak(&'static Encoding),
}

impl Label {
    /// Resolves a label; `None` when it names no encoding known here.
    pub(crate) fn parse(label: &str) -> Option<Label> {
        let label = label.trim().trim_matches(|c| c == '"' || c == '\'');
        if let Some(legacy) = Legacy::for_label(label) {
            return Some(Label::Legacy(legacy));
        }
        let encoding = Encoding::for_label(label.as_bytes())?;
        Some(if encoding == WINDOWS_1252 { Label::Weak(encoding) } else { Label::Strong(encoding) })
    }

    /// The label of an HTML `<meta>`. A page cannot describe itself in UTF-16 (the `<meta>` would
    /// not be readable as ASCII), so the standard reads such a label as UTF-8.
    fn from_meta(label: &str) -> Option<Label> {
        Some(match Label::parse(label)? {
            Label::Strong(enc) if enc == UTF_16LE || enc == UTF_16BE => Label::Strong(UTF_8),
            other => other,
        })
    }
}

/// The `charset` parameter of a `Content-Type` value: `text/html; charset="utf-8"` → `utf-8`.
pub fn content_type_charset(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches('"').trim())
            .filter(|v| !v.is_empty())
    })
}

/// The charset an HTML document declares in a `<meta charset=...>` or
/// `<meta http-equiv="Content-Type" content="...; charset=...">` near its start, and the label.
pub(crate) fn html_meta(bytes: &[u8]) -> Option<(Label, String)> {
    let head = &bytes[..bytes.len().min(META_SCAN_LEN)];
    let mut rest = head;
    while let Some(at) = find_ascii_ci(rest, b"<meta") {
        let after = &rest[at + 5..];
        let end = after.iter().position(|&b| b == b'>').unwrap_or(after.len());
        if let Some(value) = charset_attribute(&after[..end]) {
            let label = String::from_utf8_lossy(value).into_owned();
            if let Some(parsed) = Label::from_meta(&label) {
                return Some((parsed, label));
            }
        }
        rest = &after[end..];
    }
    None
}

/// The value after the first `charset` `=` in a tag's bytes, unquoted.
fn charset_attribute(tag: &[u8]) -> Option<&[u8]> {
    let at = find_ascii_ci(tag, b"charset")?;
    let after = &tag[at + 7..];
    let after = trim_start(after);
    let after = trim_start(after.strip_prefix(b"=")?);
    let after = after.strip_prefix(b"\"").or_else(|| after.strip_prefix(b"'")).unwrap_or(after);
    let len = after.iter().position(|&b| !(b.is_ascii_alphanumeric() || b"-_.:".contains(&b))).unwrap_or(after.len());
    (len > 0).then(|| &after[..len])
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let skip = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    &bytes[skip..]
}

/// Where `needle` (ASCII, not empty) first occurs in `haystack`, ignoring ASCII case: a scan for
/// its first byte (memchr's vector scan: on a text without `<` the whole head is looked at), then a
/// comparison where that byte is.
fn find_ascii_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let (lower, upper) = (needle[0].to_ascii_lowercase(), needle[0].to_ascii_uppercase());
    let mut from = 0;
    while let Some(i) = memchr::memchr2(lower, upper, &haystack[from..]) {
        let at = from + i;
        if haystack[at..].get(..needle.len()).is_some_and(|w| w.eq_ignore_ascii_case(needle)) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ascii_ignoring_case() {
        for (haystack, needle, at) in [
            (&b"<p>x</p><META charset=x>"[..], &b"<meta"[..], Some(8)),
            (b"charset", b"charset", Some(0)),
            (b"chars CharSet", b"charset", Some(6)),
            (b"<met", b"<meta", None),
            (b"", b"<meta", None),
            (b"c\xc3\xa1c charse", b"charset", None),
        ] {
            assert_eq!(find_ascii_ci(haystack, needle), at, "{:?}", String::from_utf8_lossy(haystack));
            let slow = haystack.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle));
            assert_eq!(slow, at);
        }
    }

    fn check_meta(html: &str, expected: Option<(Label, &str)>) {
        let got = html_meta(html.as_bytes());
        assert_eq!(got.as_ref().map(|(l, s)| (*l, s.as_str())), expected, "{html}");
    }

    #[test]
    fn finds_meta_charset() {
        let w1258 = encoding_rs::WINDOWS_1258;
        check_meta("<html><head><META CHARSET=\"utf-8\">", Some((Label::Strong(UTF_8), "utf-8")));
        check_meta("<meta charset=windows-1258/>", Some((Label::Strong(w1258), "windows-1258")));
        check_meta(
            "<meta http-equiv='Content-Type' content='text/html; charset=iso-8859-1'>",
            Some((Label::Weak(WINDOWS_1252), "iso-8859-1")),
        );
        check_meta("<meta name=x><meta charset='TCVN3'>", Some((Label::Legacy(Legacy::Tcvn3), "TCVN3")));
        check_meta("<meta charset=\"utf-16\">", Some((Label::Strong(UTF_8), "utf-16")));
        check_meta("<meta charset=\"klingon\"><p>", None);
        check_meta("<p>charset=utf-8</p>", None);
        check_meta("<meta", None);
    }

    #[test]
    fn content_type_parameter() {
        for (value, expected) in [
            ("text/html; charset=UTF-8", Some("UTF-8")),
            ("text/html;charset=\"windows-1258\"", Some("windows-1258")),
            ("text/plain", None),
            ("text/html; charset=", None),
        ] {
            assert_eq!(content_type_charset(value), expected, "{value}");
        }
    }
}
