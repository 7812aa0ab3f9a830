//! Errors of the fetch stage. Each names the file and the cause.

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
    #[error("cannot decode {}: {source}", path.display())]
    Decode { path: PathBuf, source: DecodeError },
}

impl FetchError {
    /// The reject reason recorded for this error.
    pub fn reason(&self) -> RejectReason {
        match self {
            FetchError::Read { .. }
            | FetchError::ListDir { .. }
            | FetchError::NotAFile { .. }
            | FetchError::SymlinkLoop { .. } => RejectReason::Io,
            FetchError::Decode { source, .. } => source.reason(),
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
