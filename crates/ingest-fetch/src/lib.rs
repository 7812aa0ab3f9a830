//! The fetch stage: the only stage that reads.
//!
//! [`Sources`] finds the inputs (files, directories, glob patterns, a list on standard input,
//! URLs) and reads them on a thread of its own, in a stable order, into [`Item`]s: a file, an
//! archive member, a JSONL line, a WARC response or a fetched URL each become one, named by its
//! `source`. [`load`] decodes an
//! item ([`decode_with`]) into a [`Document`] whose `text` is the decoded text, not yet cleaned.
//! Anything that cannot be read or decoded becomes a [`Reject`] that names the input and the
//! cause; the other inputs go on.

mod cache;
mod charset;
mod container;
mod dataset;
mod decode;
mod dir;
mod error;
mod http;
mod legacy;
mod limit;
mod mojibake;
mod select;
mod source;
mod urls;
mod vietnamese;
mod walk;
mod warc;

use ingest_core::{Document, Metadata, Reject, Stage, hex};
use sha2::{Digest, Sha256};

pub use charset::content_type_charset;
pub use decode::{Decoded, Reason, decode, decode_with};
pub use error::{DecodeError, FetchError};
pub use http::{HttpSettings, USER_AGENT};
pub use source::{Entry, Failure, Item, Settings, Sources, Unread, entry_bytes};
pub use walk::{InputFile, Inputs};

/// Decodes one item, reading it first if the fetch thread left it unread ([`Item::read`]). The
/// document has `text`, `source` and the fetch part of `metadata` filled in.
pub fn load(ordinal: u64, mut item: Item) -> Result<Document, Reject> {
    item.read().map_err(|error| error.into_reject(ordinal, &item.source))?;
    let raw_sha256 = hex(&Sha256::digest(&item.bytes));
    let decoded = decode_with(&item.bytes, item.charset.as_deref()).map_err(|source| {
        FetchError::Decode { origin: item.origin.clone(), source }.into_reject(ordinal, &item.source)
    })?;
    Ok(Document {
        ordinal,
        source: item.source,
        text: decoded.text,
        metadata: Metadata {
            encoding: decoded.encoding.to_owned(),
            bytes: item.bytes.len() as u64,
            raw_sha256,
            encoding_reason: decoded.reason.as_str().to_owned(),
            ..Metadata::default()
        },
        ..Document::default()
    })
}

impl Failure {
    /// The reject of an input that could not be read: a directory that cannot be listed, a
    /// path that vanished, a symbolic link loop, a corrupt archive, a malformed line.
    pub fn into_reject(self, ordinal: u64) -> Reject {
        self.error.into_reject(ordinal, &self.source)
    }
}

impl FetchError {
    fn into_reject(self, ordinal: u64, source: &str) -> Reject {
        Reject {
            ordinal,
            source: source.to_owned(),
            stage: Stage::Fetch,
            reason: self.reason(),
            detail: self.to_string(),
        }
    }
}
