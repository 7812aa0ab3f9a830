//! Each stage alone, on one thread, over the files of a corpus held in memory: how fast it is
//! on its own and what share of the pipeline's time it takes.
//!
//! Every rate is the corpus's input bytes divided by that stage's time, so rates add up like the
//! stages do: the pipeline's time per byte is the sum of the stages' (`1/r = Σ 1/rᵢ`). Reading the
//! files is not timed (it is the disk's or the page cache's speed, not ours).

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use ingest_core::{Document, Metadata, Outcome};
use ingest_dedupe::{Deduper, Keys};

/// One stage's time over the corpus.
#[derive(Debug, Clone)]
pub struct StageTime {
    pub name: &'static str,
    /// Inputs the stage saw.
    pub items: usize,
    pub seconds: f64,
}

/// The timings, with the corpus's size.
#[derive(Debug)]
pub struct Timings {
    pub files: usize,
    pub bytes: u64,
    pub stages: Vec<StageTime>,
    /// Heap bytes of the dedupe index (exact and near) per kept document.
    pub index_bytes_per_document: f64,
}

fn timed<T>(name: &'static str, items: usize, stages: &mut Vec<StageTime>, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    stages.push(StageTime { name, items, seconds: start.elapsed().as_secs_f64() });
    out
}

/// Times the stages on the first `max_bytes` of the corpus in `dir`, writing emit's output under
/// `scratch`.
pub fn run(dir: &Path, max_bytes: u64, scratch: &Path) -> Result<Timings> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut bytes = 0u64;
    for input in ingest_fetch::Inputs::new([dir.to_path_buf()]) {
        let input = input.map_err(|e| anyhow::anyhow!("cannot list {}: {}", e.source, e.error))?;
        let content = std::fs::read(&input.path).with_context(|| format!("cannot read {}", input.path.display()))?;
        bytes += content.len() as u64;
        files.push((input.source, content));
        if bytes >= max_bytes {
            break;
        }
    }
    let mut stages = Vec::new();
    let n = files.len();
    let docs: Vec<Document> = timed("decode", n, &mut stages, || {
        files
            .iter()
            .enumerate()
            .filter_map(|(i, (source, raw))| {
                let decoded = ingest_fetch::decode(raw).ok()?;
                Some(Document {
                    ordinal: i as u64,
                    source: source.clone(),
                    text: decoded.text,
                    metadata: Metadata {
                        encoding: decoded.encoding.to_owned(),
                        bytes: raw.len() as u64,
                        ..Metadata::default()
                    },
                    ..Document::default()
                })
            })
            .collect()
    });
    drop(files);
    // Clean as the pipeline runs it: prepared once, lines counted, finished.
    let settings = ingest_clean::Settings::default();
    let prepared: Vec<Document> = timed("clean: prepare", docs.len(), &mut stages, || {
        docs.into_iter().map(|doc| ingest_clean::prepare(doc, &settings)).collect()
    });
    let repeated = timed("clean: count lines", prepared.len(), &mut stages, || {
        let mut counts = ingest_clean::LineCounts::new();
        for doc in &prepared {
            counts.add(&ingest_clean::lines_of(doc, &settings));
        }
        counts.repeated(settings.repeated_min_documents)
    });
    let cleaned: Vec<Document> = timed("clean: finish", prepared.len(), &mut stages, || {
        prepared.into_iter().filter_map(|doc| ingest_clean::finish(doc, &settings, &repeated).ok()).collect()
    });
    // Exact alone: the decision needs only the key, so the documents it decides are empty shells.
    let exact = ingest_dedupe::Settings { near: None, paragraphs: false };
    timed("dedupe: exact", cleaned.len(), &mut stages, || {
        let mut deduper = Deduper::new(&exact);
        cleaned
            .iter()
            .map(|doc| {
                let shell = Document { ordinal: doc.ordinal, ..Document::default() };
                deduper.decide(shell, &Keys::of(&doc.dedupe_key, None))
            })
            .filter(|o| matches!(o, Outcome::Document(_)))
            .count()
    });
    let mut index_bytes = 0.0;
    let mut outcomes: Vec<Outcome> = timed("dedupe: exact + near", cleaned.len(), &mut stages, || {
        let mut deduper = Deduper::new(&ingest_dedupe::Settings::default());
        let hasher = deduper.hasher().cloned();
        let outcomes = cleaned
            .into_iter()
            .map(|doc| {
                let keys = Keys::of(&doc.dedupe_key, hasher.as_ref());
                deduper.decide(doc, &keys)
            })
            .collect();
        index_bytes = deduper.heap_bytes() as f64 / deduper.kept().max(1) as f64;
        outcomes
    });
    let kept = outcomes.iter().filter(|o| matches!(o, Outcome::Document(_))).count();
    timed("segment", kept, &mut stages, || {
        for outcome in &mut outcomes {
            if let Outcome::Document(doc) = outcome {
                ingest_tokenize::segment_document(doc);
            }
        }
    });
    let out: PathBuf = scratch.join("stages-out");
    for (name, compression) in [
        ("emit (no compression)", ingest_emit::Compression::None),
        ("emit with zstd", ingest_emit::Compression::Zstd { level: 3 }),
    ] {
        timed(name, outcomes.len(), &mut stages, || -> Result<()> {
            let options = ingest_emit::Options { compression, ..ingest_emit::Options::default() };
            let mut writer = ingest_emit::Writer::create(&out, options, &())?;
            for outcome in &outcomes {
                writer.write(outcome)?;
            }
            writer.finish(())?;
            Ok(())
        })?;
        std::fs::remove_dir_all(&out).ok();
    }
    Ok(Timings { files: n, bytes, stages, index_bytes_per_document: index_bytes })
}

/// The timings as a table: one line per stage, then the stages summed with and without
/// segmentation (`dedupe: exact` and `emit with zstd` are left out of the sums: `exact + near`
/// includes the first, and the default writes no compression).
pub fn table(t: &Timings) -> String {
    use std::fmt::Write;
    let mb = t.bytes as f64 / 1e6;
    let mut out = String::new();
    let _ = writeln!(out, "stages alone, 1 thread, {} files, {mb:.1} MB in memory", t.files);
    let _ = writeln!(out, "{:<30} {:>8} {:>9} {:>12}", "stage", "inputs", "seconds", "corpus MB/s");
    for s in &t.stages {
        let _ = writeln!(out, "{:<30} {:>8} {:>9.3} {:>12.1}", s.name, s.items, s.seconds, mb / s.seconds.max(1e-9));
    }
    let _ = writeln!(out, "dedupe index: {:.0} bytes per kept document", t.index_bytes_per_document);
    let sum = |skip: &[&str]| -> f64 {
        t.stages
            .iter()
            .filter(|s| !matches!(s.name, "dedupe: exact" | "emit with zstd") && !skip.contains(&s.name))
            .map(|s| s.seconds)
            .sum()
    };
    let _ = writeln!(
        out,
        "{:<30} {:>8} {:>9.3} {:>12.1}",
        "sum, without segment",
        "",
        sum(&["segment"]),
        mb / sum(&["segment"])
    );
    let _ = writeln!(out, "{:<30} {:>8} {:>9.3} {:>12.1}", "sum, all stages", "", sum(&[]), mb / sum(&[]));
    out
}
