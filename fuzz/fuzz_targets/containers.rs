//! The readers of containers and datasets (gzip, zstd, tar, zip, JSONL, WARC) on any bytes, through
//! `Sources` as `ingest run` uses it: never a panic, never a hang, every entry a document or a
//! failure naming the file, and nothing larger than the limits. The first byte picks the file
//! name's suffix; the rest is the file.
#![no_main]

use std::sync::OnceLock;

use ingest_fetch::{Settings, Sources};
use libfuzzer_sys::fuzz_target;

const SUFFIXES: [&str; 10] =
    ["jsonl", "jsonl.gz", "warc", "warc.gz", "tar", "tar.gz", "zip", "txt.gz", "txt.zst", "jsonl.zst"];

/// Limits far below the defaults: a few mutated bytes of a compressed seed can inflate to the
/// whole archive limit, and decoding documents of a megabyte under coverage instrumentation took
/// seconds a run (3 runs a second in place of thousands); the limits are crossed all the same.
const MAX_DOCUMENT: usize = 64 << 10;
const MAX_ARCHIVE: u64 = 256 << 10;

fn dir() -> &'static tempfile::TempDir {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("a temporary directory"))
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else { return };
    let name = format!("input.{}", SUFFIXES[usize::from(pick) % SUFFIXES.len()]);
    let path = dir().path().join(&name);
    std::fs::write(&path, body).expect("write the input");
    let settings = Settings { max_document_bytes: MAX_DOCUMENT as _, max_archive_bytes: MAX_ARCHIVE as _, ..Settings::default() };
    let sources = Sources::spawn(vec![path.clone()], settings).expect("start the reader");
    for (ordinal, entry) in (0u64..).zip(sources) {
        match entry {
            Ok(item) => {
                assert!(item.bytes.len() <= MAX_DOCUMENT, "a document over the limit");
                let _ = ingest_fetch::load(ordinal, item);
            }
            Err(failure) => {
                let reject = failure.into_reject(ordinal);
                // A WARC response is named by its URL, as its document would be; the detail
                // names the file and the record.
                assert!(
                    reject.source.starts_with("input.") || reject.detail.contains(&name),
                    "the failure names the input: {} ({})",
                    reject.source,
                    reject.detail
                );
            }
        }
    }
});
