//! Errors of the fetch stage. Each names the file (or the place in an archive, dataset or WARC
//! file) and the cause.

use std::io;
use std::path::PathBuf;

use ingest_core::RejectReason;

/// Why an input could not be fetched.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("cannot read {}: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("cannot list directory {}: {source}", path.display())]
    ListDir { path: PathBuf, source: io::Error },
    #[error("{} is not a regular file or directory", path.display())]
    NotAFile { path: PathBuf },
    #[error("{} is a symbolic link loop back to {}", path.display(), target.display())]
    SymlinkLoop { path: PathBuf, target: PathBuf },
    #[error("cannot decode {origin}: {source}")]
    Decode { origin: String, source: DecodeError },
    #[error("cannot read the list of inputs on standard input: {source}")]
    Stdin { source: io::Error },
    #[error("{origin} is larger than the document limit of {limit} bytes")]
    TooLarge { origin: String, limit: u64 },
    #[error(
        "the archive limit of {limit} decompressed bytes was reached while reading {origin}; the rest of the archive is not read"
    )]
    ArchiveTooLarge { origin: String, limit: u64 },
    #[error("cannot read {origin}: {cause}")]
    Corrupt { origin: String, cause: String },
    #[error("{origin}: {cause}")]
    Malformed { origin: String, cause: String },
    #[error("cannot fetch {url}: {cause}")]
    Http { url: String, cause: String },
    #[error("robots.txt disallows {url}")]
    Robots { url: String },
    #[error("invalid glob pattern {pattern:?}: {cause}")]
    Pattern { pattern: String, cause: String },
    #[error("cannot start the input reader: {source}")]
    Thread { source: io::Error },
}

impl FetchError {
    /// The reject reason recorded for this error.
    pub fn reason(&self) -> RejectReason {
        match self {
            FetchError::Read { .. }
            | FetchError::ListDir { .. }
            | FetchError::NotAFile { .. }
            | FetchError::SymlinkLoop { .. }
            | FetchError::Stdin { .. }
            | FetchError::Pattern { .. }
            | FetchError::Thread { .. } => RejectReason::Io,
            FetchError::Decode { source, .. } => source.reason(),
            FetchError::TooLarge { .. } | FetchError::ArchiveTooLarge { .. } => RejectReason::TooLarge,
            FetchError::Corrupt { .. } | FetchError::Malformed { .. } => RejectReason::Malformed,
            FetchError::Http { .. } => RejectReason::Http,
            FetchError::Robots { .. } => RejectReason::Robots,
        }
    }
}

/// Why bytes could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("binary data ({what})")]
    Binary { what: String },
    #[error("malformed {encoding} at byte {offset}")]
    Malformed { encoding: &'static str, offset: usize },
}

impl DecodeError {
    pub fn reason(&self) -> RejectReason {
        match self {
            DecodeError::Binary { .. } => RejectReason::Binary,
            DecodeError::Malformed { .. } => RejectReason::Undecodable,
        }
    }
}
