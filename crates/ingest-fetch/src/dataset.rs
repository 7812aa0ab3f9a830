//! Files that hold many documents: JSONL datasets and WARC files.
//!
//! **JSONL** (datatrove, dolma, Hugging Face exports): each line a JSON object whose text field
//! (`--text-field`, default `text`) is a document. Its source is `file.jsonl:LINE`; with
//! `--id-field`, `file.jsonl#ID`; with `--url-field`, the URL (when the record has one). A line
//! that is not a JSON object with a string text field is a reject `malformed` naming the line;
//! the rest of the file goes on. Blank lines are not records.
//!
//! **WARC**: each `response` record whose HTTP status is 2xx and whose `Content-Type` is HTML or
//! text is a document named by its `WARC-Target-URI`, decoded with the charset of that
//! `Content-Type`. Chunked and gzip/deflate bodies are undone. Every other record (request,
//! metadata, warcinfo, revisit, non-text or non-2xx responses) is skipped and counted in the log.

use std::collections::BTreeMap;
use std::io::{BufReader, Read};

use flate2::read::{GzDecoder, ZlibDecoder};
use serde_json::Value;

use crate::FetchError;
use crate::charset::content_type_charset;
use crate::limit::{Budget, Line, read_at_most, read_line};
use crate::source::{Flow, Place, Producer};
use crate::warc::{self, Response};

/// Room for the HTTP status line and headers in a WARC response block, over the document limit.
const HTTP_HEAD_ALLOWANCE: u64 = 1 << 20;

impl Producer {
    pub(crate) fn jsonl(&self, reader: &mut dyn Read, place: &Place, budget: Option<&Budget>) -> Flow {
        let mut reader = BufReader::new(reader);
        let mut buf = Vec::new();
        let limit = self.settings.max_document_bytes;
        for number in 1.. {
            let line = place.line(number);
            match read_line(&mut reader, limit, &mut buf) {
                Ok(Line::End) => break,
                Ok(Line::TooLong) => self.too_large(&line)?,
                Ok(Line::Read) if buf.trim_ascii().is_empty() => {}
                Ok(Line::Read) => {
                    // A byte order mark before the first record is not part of it.
                    let record = if number == 1 { buf.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&buf) } else { &buf };
                    self.json_record(record, place, &line)?;
                }
                Err(err) => return self.fail(&line.source, self.read_error(&line, err, budget)),
            }
        }
        Ok(())
    }

    /// One JSONL line: `file` is the dataset's place, `line` the line's.
    fn json_record(&self, bytes: &[u8], file: &Place, line: &Place) -> Flow {
        let malformed = |cause: String| FetchError::Malformed { origin: line.origin.clone(), cause };
        let value: Value = match serde_json::from_slice(bytes) {
            Ok(value) => value,
            Err(err) => return self.fail(&line.source, malformed(format!("not JSON: {err}"))),
        };
        let Some(record) = value.as_object() else {
            return self.fail(&line.source, malformed("not a JSON object".into()));
        };
        let field = &self.settings.text_field;
        let Some(text) = record.get(field).and_then(Value::as_str) else {
            return self.fail(&line.source, malformed(format!("no string field `{field}`")));
        };
        let named = |field: &Option<String>| {
            field.as_ref().and_then(|f| record.get(f)).and_then(|v| match v {
                Value::String(s) if !s.is_empty() => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
        };
        let source = match (named(&self.settings.url_field), named(&self.settings.id_field)) {
            (Some(url), _) => url,
            (None, Some(id)) => format!("{}#{id}", file.source),
            (None, None) => line.source.clone(),
        };
        let place = Place { source, origin: line.origin.clone() };
        self.item(&place, text.as_bytes().to_vec(), None)
    }

    pub(crate) fn warc(&self, reader: &mut dyn Read, place: &Place, budget: Option<&Budget>) -> Flow {
        let mut reader = BufReader::new(reader);
        let mut skipped: BTreeMap<String, u64> = BTreeMap::new();
        let mut responses = 0u64;
        for number in 1u64.. {
            let record = Place {
                source: format!("{}#{number}", place.source),
                origin: format!("{} record {number}", place.origin),
            };
            let header = match warc::read_header(&mut reader) {
                Ok(Ok(Some(header))) => header,
                Ok(Ok(None)) => break,
                Ok(Err(cause)) => {
                    self.fail(&record.source, FetchError::Malformed { origin: record.origin, cause })?;
                    break;
                }
                Err(err) => {
                    self.fail(&record.source, self.read_error(&record, err, budget))?;
                    break;
                }
            };
            let kind = header.warc_type().to_owned();
            let uri = header.get("WARC-Target-URI").map(|u| u.trim_matches(['<', '>']).to_owned());
            let record = match uri {
                Some(uri) if !uri.is_empty() && kind == "response" => {
                    Place { origin: format!("{} ({uri})", record.origin), source: uri }
                }
                _ => record,
            };
            let read = if kind == "response" {
                let limit = self.settings.max_document_bytes + HTTP_HEAD_ALLOWANCE;
                warc::read_block(&mut reader, header.content_length, limit).map(|block| match block {
                    Some(block) => self.response(block, &record, &mut skipped, &mut responses),
                    None => self.too_large(&record),
                })
            } else {
                *skipped.entry(kind).or_default() += 1;
                warc::skip(&mut reader, header.content_length).map(|()| Ok(()))
            };
            match read {
                Ok(flow) => flow?,
                Err(err) => {
                    self.fail(&record.source, self.read_error(&record, err, budget))?;
                    break;
                }
            }
        }
        tracing::info!(file = %place.origin, documents = responses, skipped = ?skipped, "read WARC file");
        Ok(())
    }

    fn response(&self, block: Vec<u8>, place: &Place, skipped: &mut BTreeMap<String, u64>, kept: &mut u64) -> Flow {
        let malformed = |cause: String| FetchError::Malformed { origin: place.origin.clone(), cause };
        let response = match warc::parse_response(block) {
            Ok(response) => response,
            Err(cause) => return self.fail(&place.source, malformed(cause)),
        };
        if !(200..300).contains(&response.status) {
            *skipped.entry(format!("response {}", response.status)).or_default() += 1;
            return Ok(());
        }
        if !warc::is_text(response.content_type.as_deref()) {
            *skipped.entry("response not text".into()).or_default() += 1;
            return Ok(());
        }
        let charset = response.content_type.as_deref().and_then(content_type_charset).map(str::to_owned);
        match self.body(response) {
            Ok(Some(body)) => {
                *kept += 1;
                self.item(place, body, charset)
            }
            Ok(None) => self.too_large(place),
            Err(cause) => self.fail(&place.source, malformed(cause)),
        }
    }

    /// The body with its transfer and content encodings undone, within the document limit.
    fn body(&self, response: Response) -> Result<Option<Vec<u8>>, String> {
        let body = if response.chunked { warc::dechunk(&response.body)? } else { response.body };
        let limit = self.settings.max_document_bytes;
        let decoded = match response.content_encoding.as_deref() {
            None | Some("identity") => return Ok((body.len() as u64 <= limit).then_some(body)),
            Some("gzip" | "x-gzip") => read_at_most(&mut GzDecoder::new(&body[..]), limit),
            Some("deflate") => read_at_most(&mut ZlibDecoder::new(&body[..]), limit),
            Some(other) => return Err(format!("unsupported Content-Encoding {other:?}")),
        };
        decoded.map_err(|err| format!("cannot undo the Content-Encoding: {err}"))
    }
}
