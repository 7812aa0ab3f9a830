//! `--hf-tokenizer`: subword counts per document, when built with the `hf` feature.

use std::path::Path;

use anyhow::Result;
use ingest_core::Document;

/// A loaded tokenizer.json and the SHA-256 of its bytes (recorded in the manifest: the counts
/// depend on it).
#[derive(Debug)]
pub struct Subwords {
    #[cfg(feature = "hf")]
    counter: ingest_tokenize::subword::SubwordCounter,
    pub sha256: String,
}

/// Loads the tokenizer at `path`, if one is given.
pub fn load(path: Option<&Path>) -> Result<Option<Subwords>> {
    let Some(path) = path else { return Ok(None) };
    load_file(path).map(Some)
}

#[cfg(feature = "hf")]
fn load_file(path: &Path) -> Result<Subwords> {
    use anyhow::Context;
    use sha2::{Digest, Sha256};
    let bytes = std::fs::read(path).with_context(|| format!("cannot read tokenizer {}", path.display()))?;
    let counter = ingest_tokenize::subword::SubwordCounter::from_json(&bytes)
        .with_context(|| format!("cannot load tokenizer {}", path.display()))?;
    Ok(Subwords { counter, sha256: ingest_core::hex(&Sha256::digest(&bytes)) })
}

#[cfg(not(feature = "hf"))]
fn load_file(_: &Path) -> Result<Subwords> {
    anyhow::bail!("--hf-tokenizer needs subword support: build with `cargo build --release --features hf`")
}

impl Subwords {
    /// Sets `metadata.subword_tokens` from the document's segmented text.
    pub fn count(&self, doc: &mut Document) {
        #[cfg(feature = "hf")]
        match self.counter.count(&doc.segmented) {
            Ok(n) => doc.metadata.subword_tokens = Some(n),
            Err(err) => tracing::warn!(source = %doc.source, "no subword count: {err}"),
        }
        #[cfg(not(feature = "hf"))]
        let _ = doc;
    }
}
