//! Clean alone on a corpus directory, one thread: the time of [`prepare`], of counting lines and of
//! [`finish`], and a digest of everything clean produced, so that two builds can be compared for
//! speed and for the same output without running the whole pipeline.
//!
//! `CLEAN_CORPUS=<input dir> cargo bench -p ingest-clean --bench corpus` (without the variable it
//! does nothing, so `cargo bench` stays quick). Only files that are UTF-8 (or UTF-16 with a BOM) are
//! read: the decoding of other encodings is fetch's business, not clean's. `CLEAN_ROUNDS=n` cleans
//! the corpus n times (for a profiler).

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;
use std::time::Instant;

use ingest_clean::{LineCounts, Settings, finish, lines_of, prepare};
use ingest_core::{Document, Metadata};

fn read_dir(dir: &Path, out: &mut Vec<(String, Vec<u8>)>, max_bytes: &mut usize) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("readable corpus").flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if *max_bytes == 0 {
            return;
        }
        if path.is_dir() {
            read_dir(&path, out, max_bytes);
        } else if let Ok(bytes) = std::fs::read(&path) {
            *max_bytes = max_bytes.saturating_sub(bytes.len());
            out.push((path.display().to_string(), bytes));
        }
    }
}

/// The text of a file that is UTF-8 or UTF-16 with a BOM.
fn decode(bytes: &[u8]) -> Option<String> {
    let utf16 = |b: &[u8], from: fn([u8; 2]) -> u16| {
        let units: Vec<u16> = b.chunks_exact(2).map(|c| from([c[0], c[1]])).collect();
        String::from_utf16(&units).ok()
    };
    match bytes {
        [0xff, 0xfe, rest @ ..] => utf16(rest, u16::from_le_bytes),
        [0xfe, 0xff, rest @ ..] => utf16(rest, u16::from_be_bytes),
        _ => std::str::from_utf8(bytes).ok().map(str::to_owned),
    }
}

fn main() {
    let Some(dir) = std::env::var_os("CLEAN_CORPUS") else {
        eprintln!("corpus bench: set CLEAN_CORPUS to a corpus's input directory to run it");
        return;
    };
    let rounds: usize = std::env::var("CLEAN_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(1);
    let mb: usize = std::env::var("CLEAN_MB").ok().and_then(|r| r.parse().ok()).unwrap_or(usize::MAX >> 20);
    let mut files = Vec::new();
    read_dir(Path::new(&dir), &mut files, &mut (mb << 20));
    let docs: Vec<Document> = files
        .iter()
        .enumerate()
        .filter_map(|(i, (source, bytes))| {
            let text = decode(bytes)?;
            let metadata = Metadata { bytes: bytes.len() as u64, ..Metadata::default() };
            Some(Document { ordinal: i as u64, source: source.clone(), text, metadata, ..Document::default() })
        })
        .collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    eprintln!("{} of {} files, {:.1} MB of text", docs.len(), files.len(), bytes as f64 / 1e6);
    drop(files);
    let settings = Settings::default();
    let (mut prepare_s, mut count_s, mut finish_s) = (0.0, 0.0, 0.0);
    let mut digest = DefaultHasher::new();
    for _ in 0..rounds {
        let docs = docs.clone();
        let start = Instant::now();
        let prepared: Vec<Document> = docs.into_iter().map(|d| prepare(d, &settings)).collect();
        prepare_s += start.elapsed().as_secs_f64();
        let start = Instant::now();
        let mut counts = LineCounts::new();
        for doc in &prepared {
            counts.add(&lines_of(doc, &settings));
        }
        let repeated = counts.repeated(settings.repeated_min_documents);
        count_s += start.elapsed().as_secs_f64();
        let start = Instant::now();
        let cleaned: Vec<_> = prepared.into_iter().map(|d| finish(d, &settings, &repeated)).collect();
        finish_s += start.elapsed().as_secs_f64();
        digest = DefaultHasher::new();
        for result in &cleaned {
            // The long texts hashed as they are (their `Debug` escaping would cost more than
            // cleaning them), the rest through `Debug`.
            match result {
                Ok(doc) => {
                    (&doc.text, &doc.title, &doc.dedupe_key, &doc.metadata.byline).hash(&mut digest);
                    let m = &doc.metadata;
                    format!("{:?}", (&m.removed, &m.lang, &m.quality, m.chars, m.was_segmented)).hash(&mut digest);
                    format!("{:?}", (&m.published, &m.author, &m.url, &m.site)).hash(&mut digest);
                }
                Err(rejected) => {
                    rejected.text.hash(&mut digest);
                    format!("{:?}", rejected.reject).hash(&mut digest);
                }
            }
        }
    }
    let n = rounds as f64;
    eprintln!("prepare {:.3} s, count lines {:.3} s, finish {:.3} s", prepare_s / n, count_s / n, finish_s / n);
    eprintln!("digest {:016x}", digest.finish());
}
