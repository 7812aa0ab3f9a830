//! Errors of the emit stage. Any of them stops the run: the output cannot be trusted.

use std::io;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum EmitError {
    #[error("cannot write {}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("refusing to replace {}: it is not an ingest output directory (no manifest.json); remove it or choose another --out", path.display())]
    NotAnOutputDir { path: PathBuf },
    #[error("output path {} exists and is not a directory", path.display())]
    NotADirectory { path: PathBuf },
    #[error("output path {} has no directory name; name one, e.g. --out out", path.display())]
    Unnamed { path: PathBuf },
    #[error("{} is an incomplete build: it has no manifest.json", path.display())]
    Incomplete { path: PathBuf },
    #[error("{} is not a valid manifest: {detail}", path.display())]
    BadManifest { path: PathBuf, detail: String },
    #[error("{file}, line {line}: {detail}")]
    BadRecord { file: String, line: u64, detail: String },
    #[error("cannot resume: {detail}; run again without --resume")]
    ResumeMismatch { detail: String },
    #[error("cannot serialize a record: {0}")]
    Json(#[from] serde_json::Error),
}

/// Attaches the path to an I/O error.
pub(crate) trait IoContext<T> {
    fn at(self, path: impl Into<PathBuf>) -> Result<T, EmitError>;
}

impl<T> IoContext<T> for io::Result<T> {
    fn at(self, path: impl Into<PathBuf>) -> Result<T, EmitError> {
        self.map_err(|source| EmitError::Io { path: path.into(), source })
    }
}
