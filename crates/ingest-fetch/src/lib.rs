//! The fetch stage: the only stage that reads.
//!
//! [`Inputs`] walks the input paths in a stable order and names each file by its path relative to
//! its input root. [`load`] reads one file and decodes it ([`decode`]) into a [`Document`] whose
//! `text` is the decoded text, not yet cleaned. A file that cannot be read or decoded becomes a
//! [`Reject`] that names the file and the cause; the other inputs go on.
//!
//! Not here yet: archives, compressed files, JSONL, WARC, URLs.

mod charset;
mod decode;
mod error;
mod legacy;
mod mojibake;
mod vietnamese;
mod walk;

use ingest_core::{Document, Metadata, Reject, Stage, hex};
use sha2::{Digest, Sha256};

pub use charset::content_type_charset;
pub use decode::{Decoded, Reason, decode, decode_with};
pub use error::{DecodeError, FetchError};
pub use walk::{InputFile, Inputs, WalkError};

/// Reads and decodes one input file. The document has `text`, `source` and the fetch part of
/// `metadata` filled in.
pub fn load(ordinal: u64, input: &InputFile) -> Result<Document, Reject> {
    let bytes = std::fs::read(&input.path)
        .map_err(|source| FetchError::Read { path: input.path.clone(), source }.into_reject(ordinal, &input.source))?;
    let raw_sha256 = hex(&Sha256::digest(&bytes));
    let decoded = decode(&bytes).map_err(|err| {
        FetchError::Decode { path: input.path.clone(), source: err }.into_reject(ordinal, &input.source)
    })?;
    Ok(Document {
        ordinal,
        source: input.source.clone(),
        text: decoded.text,
        metadata: Metadata {
            encoding: decoded.encoding.to_owned(),
            bytes: bytes.len() as u64,
            raw_sha256,
            encoding_reason: decoded.reason.as_str().to_owned(),
            ..Metadata::default()
        },
        ..Document::default()
    })
}

impl WalkError {
    /// The reject of the entry the walk could not turn into an input: a directory that cannot be
    /// listed, a path that vanished, a symbolic link loop.
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
