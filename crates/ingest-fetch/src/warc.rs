//! WARC files (ISO 28500; Common Crawl, `wget --warc-file`): records, and the HTTP responses in
//! `response` records.
//!
//! A record is a `WARC/1.x` line, header lines up to a blank line, `Content-Length` bytes of
//! block, and a blank line or two. Only the header is held while deciding; a block is read into
//! memory only when it is a response to keep and within the limit, and skipped by reading
//! through it otherwise, so a WARC file of any size streams. (Written here rather than with a
//! WARC crate for that reason: the readers at hand hold each whole block, whatever its size.)

use std::io::{self, BufRead, Read};

use crate::limit::{Line, read_at_most, read_line};

/// Longest header line accepted.
const MAX_HEADER_LINE: u64 = 64 * 1024;
/// Most header lines in one record.
const MAX_HEADER_LINES: usize = 1000;

/// The header of one record.
#[derive(Debug, Default)]
pub(crate) struct Header {
    fields: Vec<(String, String)>,
    pub(crate) content_length: u64,
}

impl Header {
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub(crate) fn warc_type(&self) -> &str {
        self.get("WARC-Type").unwrap_or("unknown")
    }
}

/// Reads the next record's header; `Ok(None)` at the end of the file. An `Err` is a file that
/// is not WARC from here on.
pub(crate) fn read_header(reader: &mut dyn BufRead) -> io::Result<Result<Option<Header>, String>> {
    let mut line = Vec::new();
    loop {
        match read_line(reader, MAX_HEADER_LINE, &mut line)? {
            Line::End => return Ok(Ok(None)),
            Line::TooLong => return Ok(Err("a line longer than 64 KiB where a record should start".into())),
            Line::Read if trim_cr(&line).is_empty() => continue,
            Line::Read => break,
        }
    }
    if !trim_cr(&line).starts_with(b"WARC/") {
        let start = String::from_utf8_lossy(&line[..line.len().min(40)]).into_owned();
        return Ok(Err(format!("expected a WARC record, found {start:?}")));
    }
    let mut header = Header::default();
    loop {
        match read_line(reader, MAX_HEADER_LINE, &mut line)? {
            Line::End => return Ok(Err("the file ends inside a record header".into())),
            Line::TooLong => return Ok(Err("a header line longer than 64 KiB".into())),
            Line::Read => {}
        }
        let text = trim_cr(&line);
        if text.is_empty() {
            break;
        }
        if header.fields.len() >= MAX_HEADER_LINES {
            return Ok(Err("more than 1000 header lines".into()));
        }
        let text = String::from_utf8_lossy(text);
        let Some((name, value)) = text.split_once(':') else {
            return Ok(Err(format!("header line without a colon: {text:?}")));
        };
        header.fields.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    header.content_length = match header.get("Content-Length").map(str::parse::<u64>) {
        Some(Ok(n)) => n,
        _ => return Ok(Err("record without a valid Content-Length".into())),
    };
    Ok(Ok(Some(header)))
}

/// Reads past `len` bytes of block without keeping them.
pub(crate) fn skip(reader: &mut dyn BufRead, len: u64) -> io::Result<()> {
    let copied = io::copy(&mut reader.take(len), &mut io::sink())?;
    if copied < len {
        return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the file ends inside a record"));
    }
    Ok(())
}

/// Reads a block of `len` bytes, or `None` (and skips it) when it is over `limit`.
pub(crate) fn read_block(reader: &mut dyn BufRead, len: u64, limit: u64) -> io::Result<Option<Vec<u8>>> {
    if len > limit {
        skip(reader, len)?;
        return Ok(None);
    }
    let block = read_at_most(&mut reader.take(len), len)?.unwrap_or_default();
    if (block.len() as u64) < len {
        return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the file ends inside a record"));
    }
    Ok(Some(block))
}

/// An HTTP response as a WARC `response` record holds it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) content_type: Option<String>,
    pub(crate) content_encoding: Option<String>,
    pub(crate) chunked: bool,
    /// Every header, in order.
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

/// Parses the status line and headers of an HTTP response block; the body is the rest.
pub(crate) fn parse_response(mut block: Vec<u8>) -> Result<Response, String> {
    let end = find(&block, b"\r\n\r\n").map(|at| at + 4).or_else(|| find(&block, b"\n\n").map(|at| at + 2));
    let Some(end) = end else { return Err("no end of the HTTP header".into()) };
    let head = String::from_utf8_lossy(&block[..end]).into_owned();
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or_default();
    let mut parts = status_line.split_whitespace();
    let version = parts.next().unwrap_or_default();
    let status = parts.next().and_then(|s| s.parse::<u16>().ok());
    let Some(status) = status.filter(|_| version.starts_with("HTTP/")) else {
        return Err(format!("not an HTTP status line: {status_line:?}"));
    };
    let mut response = Response {
        status,
        content_type: None,
        content_encoding: None,
        chunked: false,
        headers: Vec::new(),
        body: Vec::new(),
    };
    for line in lines {
        let Some((name, value)) = line.split_once(':') else { continue };
        let (name, value) = (name.trim(), value.trim());
        if name.eq_ignore_ascii_case("content-type") {
            response.content_type = Some(value.to_owned());
        } else if name.eq_ignore_ascii_case("content-encoding") {
            response.content_encoding = Some(value.to_ascii_lowercase());
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            response.chunked = value.to_ascii_lowercase().contains("chunked");
        }
        response.headers.push((name.to_owned(), value.to_owned()));
    }
    block.drain(..end);
    response.body = block;
    Ok(response)
}

/// Whether a response with this `Content-Type` holds text to keep: HTML, XHTML or any `text/`
/// type; a response without one is tried too (decoding rejects what is binary).
pub(crate) fn is_text(content_type: Option<&str>) -> bool {
    let Some(value) = content_type else { return true };
    let media = value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    media.starts_with("text/") || media == "application/xhtml+xml" || media.is_empty()
}

/// Joins the chunks of a `Transfer-Encoding: chunked` body.
pub(crate) fn dechunk(body: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    loop {
        let line_end = find(rest, b"\r\n").ok_or("a chunk size without its line end")?;
        let size_text = String::from_utf8_lossy(&rest[..line_end]);
        let size_text = size_text.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16).map_err(|_| format!("bad chunk size {size_text:?}"))?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Ok(out);
        }
        let chunk = rest.get(..size).ok_or("a chunk shorter than its size")?;
        out.extend_from_slice(chunk);
        rest = rest.get(size..).unwrap_or_default();
        rest = rest.strip_prefix(b"\r\n").unwrap_or(rest);
    }
}

fn trim_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_records_and_skips_blocks() {
        let warc = b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n\
                     WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: http://a/\r\nContent-Length: 3\r\n\r\nabc\r\n\r\n";
        let mut reader = &warc[..];
        let first = read_header(&mut reader).unwrap().unwrap().unwrap();
        assert_eq!((first.warc_type(), first.content_length), ("warcinfo", 5));
        skip(&mut reader, first.content_length).unwrap();
        let second = read_header(&mut reader).unwrap().unwrap().unwrap();
        assert_eq!(second.get("warc-target-uri"), Some("http://a/"));
        assert_eq!(read_block(&mut reader, 3, 2).unwrap(), None, "over the limit");
        assert!(read_header(&mut reader).unwrap().unwrap().is_none());
        let mut junk = &b"GET / HTTP/1.1\r\n"[..];
        assert!(read_header(&mut junk).unwrap().is_err());
    }

    #[test]
    fn parses_http_responses() {
        let block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1258\r\n\r\n<p>x</p>".to_vec();
        let response = parse_response(block).unwrap();
        assert_eq!(response.status, 200);
        assert_eq!(response.content_type.as_deref(), Some("text/html; charset=windows-1258"));
        assert_eq!(response.body, b"<p>x</p>");
        assert!(parse_response(b"junk".to_vec()).is_err());
        assert_eq!(dechunk(b"3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n").unwrap(), b"abcde");
        for (content_type, text) in [
            (Some("text/html"), true),
            (Some("application/xhtml+xml; q=1"), true),
            (Some("image/png"), false),
            (None, true),
        ] {
            assert_eq!(is_text(content_type), text, "{content_type:?}");
        }
    }
}
