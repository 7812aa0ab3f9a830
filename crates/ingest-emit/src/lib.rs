//! The emit stage: the only stage that writes, and the only one that knows the output format.
//!
//! A [`Writer`] builds the dataset in a staging directory beside the output directory
//! (`.NAME.partial`), each file under a temporary name until it is complete, `manifest.json` last.
//! Only when everything is written does the staging directory replace the output directory, so a
//! crash leaves the previous build in place and never a half-written file under a final name.
//!
//! The files, one JSON object per line, UTF-8 with non-ASCII characters as they are:
//! - `documents.jsonl` (or shards `documents-00000.jsonl`, ... past the shard size; `.zst` or `.gz`
//!   when compressed): [`record::DocumentRecord`], with `metadata.duplicate_sources` added at the
//!   end to each document that later inputs repeated;
//! - `duplicates.jsonl`: [`record::DuplicateRecord`];
//! - `rejects.jsonl`: [`record::RejectRecord`];
//! - `README.md`: the dataset card, whose header tells Hugging Face `datasets` the files and the
//!   type of every field ([`card`]);
//! - `manifest.json`: [`manifest::Manifest`]: tool version, settings, counts, stats and the SHA-256 of
//!   each file.

mod card;
mod compress;
mod error;
mod file;
mod free_behind;
mod json;
pub mod manifest;
mod provenance;
pub mod read;
pub mod record;
mod shard;
mod writer;

pub use compress::{Compression, reader};
pub use error::EmitError;
pub use free_behind::FreeBehind;
pub use manifest::{Counts, FileEntry, Manifest};
pub use read::Build;
pub use writer::{Options, Writer, document_line, document_line_in};
