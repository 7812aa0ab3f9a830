//! The spill file between the two passes of `ingest run`.
//!
//! The first pass fetches every input once, prepares it with clean (HTML to text, normalized,
//! restored if segmented), counts its lines and writes it here in input order, or its fetch
//! reject; the second pass reads the inputs back from here instead of fetching, decoding and
//! extracting them again. The file is an unnamed temporary file next to the output, so it is gone
//! when the process ends, however it ends; it holds about as many bytes as the corpus's text, and
//! the second pass frees them as it reads them back.
//!
//! The format is private to one run: a tag byte, then fields as little-endian `u64`s and
//! length-prefixed UTF-8 strings, in the order [`write_document`] lists them.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, Write};
use std::path::Path;

use ingest_core::{Document, Metadata, Reject, RejectReason, Stage};
use ingest_emit::FreeBehind;

/// An input as the first pass left it: prepared, or rejected by fetch.
pub type Spilled = Result<Document, Reject>;

const DOCUMENT: u8 = 0;
const REJECT: u8 = 1;

/// Writes the first pass's inputs in order.
#[derive(Debug)]
pub struct SpillWriter {
    out: BufWriter<File>,
    bytes: u64,
    /// The record being made, reused.
    record: Vec<u8>,
}

impl SpillWriter {
    /// An unnamed temporary file in `dir`.
    pub fn create(dir: &Path) -> io::Result<SpillWriter> {
        let file = tempfile::tempfile_in(dir)?;
        Ok(SpillWriter { out: BufWriter::with_capacity(1 << 20, file), bytes: 0, record: Vec::new() })
    }

    pub fn write(&mut self, item: &Spilled) -> io::Result<()> {
        let record = &mut self.record;
        record.clear();
        match item {
            Ok(doc) => {
                record.push(DOCUMENT);
                write_document(record, doc);
            }
            Err(reject) => {
                record.push(REJECT);
                write_reject(record, reject);
            }
        }
        self.bytes += record.len() as u64;
        self.out.write_all(record)
    }

    /// Bytes written so far.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// The inputs written, to read back from the first.
    pub fn into_reader(self) -> io::Result<SpillReader> {
        let mut file = self.out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.rewind()?;
        Ok(SpillReader { input: BufReader::with_capacity(1 << 20, FreeBehind::new(file)) })
    }
}

/// Reads the inputs back, in the order they were written, giving the file's pages and disk
/// blocks back as it goes: the main pass's output takes their place instead of new ones.
#[derive(Debug)]
pub struct SpillReader {
    input: BufReader<FreeBehind>,
}

impl Iterator for SpillReader {
    type Item = io::Result<Spilled>;

    fn next(&mut self) -> Option<io::Result<Spilled>> {
        let mut tag = [0u8];
        match self.input.read(&mut tag) {
            Ok(0) => None,
            Ok(_) => Some(match tag[0] {
                DOCUMENT => read_document(&mut self.input).map(Ok),
                REJECT => read_reject(&mut self.input).map(Err),
                other => Err(corrupt(&format!("unknown record tag {other}"))),
            }),
            Err(err) => Some(Err(err)),
        }
    }
}

/// The fields fetch and clean's first half set; the others must still hold their defaults. The
/// destructuring names every field, so a field added to `Document` or `Metadata` fails to
/// compile here until it is spilled or declared a later stage's.
fn write_document(out: &mut Vec<u8>, doc: &Document) {
    let Document { ordinal, source, text, title, dedupe_key, id, segmented, metadata } = doc;
    let Metadata {
        encoding,
        bytes,
        raw_sha256,
        was_segmented,
        published,
        author,
        url,
        site,
        encoding_reason,
        // Set by later stages.
        chars,
        syllables,
        words,
        subword_tokens,
        byline,
        removed,
        lang,
        quality,
    } = metadata;
    debug_assert!(dedupe_key.is_empty() && id.is_empty() && segmented.is_empty());
    debug_assert!(*chars == 0 && *syllables == 0 && *words == 0 && subword_tokens.is_none());
    debug_assert!(byline.is_none() && removed.is_empty() && lang.is_none() && quality.is_none());
    put_u64(out, *ordinal);
    put_str(out, source);
    put_str(out, text);
    put_opt(out, title.as_deref());
    put_str(out, encoding);
    put_u64(out, *bytes);
    put_str(out, raw_sha256);
    put_u64(out, u64::from(*was_segmented));
    put_opt(out, published.as_deref());
    put_opt(out, author.as_deref());
    put_opt(out, url.as_deref());
    put_opt(out, site.as_deref());
    put_str(out, encoding_reason);
}

fn read_document(input: &mut impl Read) -> io::Result<Document> {
    let ordinal = get_u64(input)?;
    let source = get_str(input)?;
    let text = get_str(input)?;
    let title = get_opt(input)?;
    let encoding = get_str(input)?;
    let bytes = get_u64(input)?;
    let raw_sha256 = get_str(input)?;
    let was_segmented = get_u64(input)? != 0;
    let metadata = Metadata {
        encoding,
        bytes,
        raw_sha256,
        was_segmented,
        published: get_opt(input)?,
        author: get_opt(input)?,
        url: get_opt(input)?,
        site: get_opt(input)?,
        encoding_reason: get_str(input)?,
        ..Metadata::default()
    };
    Ok(Document { ordinal, source, text, title, metadata, ..Document::default() })
}

/// A fetch reject (the only stage that rejects before the spill).
fn write_reject(out: &mut Vec<u8>, reject: &Reject) {
    debug_assert_eq!(reject.stage, Stage::Fetch);
    put_u64(out, reject.ordinal);
    put_str(out, &reject.source);
    put_u64(out, reject.reason as u64);
    put_str(out, &reject.detail);
}

fn read_reject(input: &mut impl Read) -> io::Result<Reject> {
    let ordinal = get_u64(input)?;
    let source = get_str(input)?;
    let reason = usize::try_from(get_u64(input)?)
        .ok()
        .and_then(|i| RejectReason::ALL.get(i).copied())
        .ok_or_else(|| corrupt("unknown reject reason"))?;
    let detail = get_str(input)?;
    Ok(Reject { ordinal, source, stage: Stage::Fetch, reason, detail })
}

fn put_u64(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u64(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// `None` as `u64::MAX`, which no string's length can be.
fn put_opt(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => put_str(out, s),
        None => put_u64(out, u64::MAX),
    }
}

fn get_u64(input: &mut impl Read) -> io::Result<u64> {
    let mut bytes = [0u8; 8];
    input.read_exact(&mut bytes)?;
    Ok(u64::from_le_bytes(bytes))
}

fn get_str(input: &mut impl Read) -> io::Result<String> {
    let len = get_u64(input)?;
    get_bytes(input, len)
}

fn get_opt(input: &mut impl Read) -> io::Result<Option<String>> {
    match get_u64(input)? {
        u64::MAX => Ok(None),
        len => get_bytes(input, len).map(Some),
    }
}

fn get_bytes(input: &mut impl Read, len: u64) -> io::Result<String> {
    // Made the string's size (not grown to it), up to a bound a damaged length cannot exceed.
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(usize::MAX).min(1 << 26));
    input.take(len).read_to_end(&mut bytes)?;
    if bytes.len() as u64 != len {
        return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "spill file ends inside a record"));
    }
    // Validated with SIMD and copied: faster than `String::from_utf8`'s validation in place.
    simdutf8::basic::from_utf8(&bytes).map(str::to_owned).map_err(|_| corrupt("a string that is not UTF-8"))
}

fn corrupt(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("spill file is corrupt: {what}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_come_back_as_they_went_in() {
        let page = Document {
            ordinal: 7,
            source: "site/a.html".into(),
            text: "Hai bên nhất trí.\n\nĐoạn hai.".into(),
            title: Some("Tiêu đề".into()),
            metadata: Metadata {
                encoding: "windows-1258".into(),
                bytes: 1234,
                raw_sha256: "ab".repeat(32),
                was_segmented: true,
                published: Some("2026-01-15T08:30:00+07:00".into()),
                author: None,
                url: Some("https://example.vn/a".into()),
                site: Some("".into()),
                encoding_reason: "html-meta-charset".into(),
                ..Metadata::default()
            },
            ..Document::default()
        };
        let empty = Document { ordinal: 8, ..Document::default() };
        let reject = Reject {
            ordinal: 9,
            source: "b.png".into(),
            stage: Stage::Fetch,
            reason: RejectReason::Robots,
            detail: "robots.txt disallows it".into(),
        };
        let items: Vec<Spilled> = vec![Ok(page), Ok(empty), Err(reject)];
        let dir = tempfile::tempdir().unwrap();
        let mut writer = SpillWriter::create(dir.path()).unwrap();
        for item in &items {
            writer.write(item).unwrap();
        }
        assert!(writer.bytes() > 100);
        let back: Vec<Spilled> = writer.into_reader().unwrap().map(Result::unwrap).collect();
        assert_eq!(back, items);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "the file has no name");
    }

    /// A spill of several of the steps at which the reader frees what it has read.
    #[test]
    fn a_large_spill_comes_back_whole() {
        let items: Vec<Spilled> = (0..2500u64)
            .map(|i| Ok(Document { ordinal: i, text: format!("{i} ").repeat(2000), ..Document::default() }))
            .collect();
        let dir = tempfile::tempdir().unwrap();
        let mut writer = SpillWriter::create(dir.path()).unwrap();
        for item in &items {
            writer.write(item).unwrap();
        }
        assert!(writer.bytes() > 20 << 20, "{} bytes", writer.bytes());
        let back: Vec<Spilled> = writer.into_reader().unwrap().map(Result::unwrap).collect();
        assert!(back == items, "read back other than written");
    }

    #[test]
    fn a_cut_file_is_an_error_not_a_short_read() {
        let dir = tempfile::tempdir().unwrap();
        let mut writer = SpillWriter::create(dir.path()).unwrap();
        writer.write(&Ok(Document { text: "một hai ba".into(), ..Document::default() })).unwrap();
        let mut file = writer.out.into_inner().unwrap();
        file.set_len(20).unwrap();
        file.rewind().unwrap();
        let mut reader = SpillReader { input: BufReader::new(FreeBehind::new(file)) };
        let err = reader.next().unwrap().unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::UnexpectedEof);
    }
}
