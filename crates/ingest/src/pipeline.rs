//! `ingest run`: fetch → clean → dedupe → tokenize → emit, in bounded batches.
//!
//! Per batch: read, decode, clean and hash in parallel; decide duplicates in input order on one
//! thread; segment the kept documents in parallel; write in input order. Parallel results are
//! collected in input order, so the output is the same bytes for any thread count. Memory holds
//! one batch (and the dedupe index), not the corpus.

use std::time::Instant;

use anyhow::{Context, Result};
use ingest_core::{Document, Outcome, Reject, RejectReason};
use ingest_dedupe::{Deduper, Keys, MinHasher};
use ingest_emit::{Counts, Writer};
use ingest_fetch::{InputFile, Inputs, WalkError};
use rayon::prelude::*;
use serde::Serialize;

use crate::config::Settings;
use crate::subwords::Subwords;

/// The settings that decide the output, as recorded in the manifest.
#[derive(Debug, Serialize)]
pub struct OutputSettings {
    pub clean: CleanSettings,
    pub dedupe: DedupeSettings,
    pub tokenize: TokenizeSettings,
}

#[derive(Debug, Serialize)]
pub struct CleanSettings {
    pub restore_segmented: bool,
}

#[derive(Debug, Serialize)]
pub struct DedupeSettings {
    pub method: &'static str,
    pub key: &'static str,
    /// MinHash-LSH parameters, or `false` when near-duplicate detection is off.
    pub near: NearSettings,
    pub paragraphs: bool,
}

#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum NearSettings {
    Off(bool),
    On { threshold: f64, shingle: usize, bands: usize, rows: usize, hash: &'static str },
}

#[derive(Debug, Serialize)]
pub struct TokenizeSettings {
    pub segmenter: &'static str,
    pub model: &'static str,
    /// SHA-256 of the `--hf-tokenizer` file, when subwords are counted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hf_tokenizer_sha256: Option<String>,
}

impl OutputSettings {
    fn of(settings: &Settings, subwords: Option<&Subwords>) -> OutputSettings {
        OutputSettings {
            clean: CleanSettings { restore_segmented: settings.clean.restore_segmented },
            dedupe: DedupeSettings {
                method: "exact-sha256",
                key: "clean text, whitespace runs as one space",
                near: match settings.dedupe.near {
                    None => NearSettings::Off(false),
                    Some(params) => {
                        let (bands, rows) = MinHasher::new(params).bands_rows();
                        NearSettings::On {
                            threshold: params.threshold,
                            shingle: params.shingle,
                            bands,
                            rows,
                            hash: "xxh3-64, 16-bit minima",
                        }
                    }
                },
                paragraphs: settings.dedupe.paragraphs,
            },
            tokenize: TokenizeSettings {
                segmenter: "rdrsegmenter",
                model: "RDRsegmenter Model.RDR, VnVocab and name lists (Nguyen et al., LREC 2018)",
                hf_tokenizer_sha256: subwords.map(|s| s.sha256.clone()),
            },
        }
    }
}

/// What a run did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Report {
    pub counts: Counts,
    /// Rejects because an input could not be read: these make the exit code 1.
    pub io_rejects: u64,
    /// Bytes of all inputs, as their sizes were when listed.
    pub input_bytes: u64,
    pub seconds: f64,
}

type Entry = (u64, Result<InputFile, WalkError>);

/// Runs the pipeline with `settings`, replacing the output directory when done.
pub fn run(settings: &Settings) -> Result<Report> {
    let started = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(settings.threads.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    let subwords = crate::subwords::load(settings.hf_tokenizer.as_deref())?;
    let mut index = crate::prior::open(settings.index.as_deref(), settings.dedupe.near)?;
    let mut writer = Writer::create(&settings.out)?;
    let mut deduper = Deduper::new(&settings.dedupe);
    let mut entries = (0u64..).zip(Inputs::new(settings.inputs.iter().cloned()));
    let (mut io_rejects, mut input_bytes) = (0u64, 0u64);
    tracing::info!(inputs = ?settings.inputs, out = %settings.out.display(), threads = pool.current_num_threads(), "building dataset");
    loop {
        let (batch, batch_bytes) = next_batch(&mut entries, settings);
        input_bytes += batch_bytes;
        if batch.is_empty() {
            break;
        }
        let hasher = deduper.hasher();
        let prepared: Vec<Result<(Document, Keys), Reject>> =
            pool.install(|| batch.into_par_iter().map(|entry| prepare(entry, &settings.clean, hasher)).collect());
        let mut outcomes: Vec<Outcome> = Vec::with_capacity(prepared.len());
        for p in prepared {
            outcomes.push(match p {
                Ok((doc, keys)) => crate::prior::decide(&mut deduper, index.as_mut(), doc, &keys)?,
                Err(reject) => Outcome::Reject(reject),
            });
        }
        pool.install(|| {
            outcomes.par_iter_mut().for_each(|outcome| {
                if let Outcome::Document(doc) = outcome {
                    ingest_tokenize::segment_document(doc);
                    if let Some(subwords) = &subwords {
                        subwords.count(doc);
                    }
                }
            });
        });
        for outcome in &outcomes {
            match outcome {
                Outcome::Document(_) => {}
                Outcome::Duplicate(dup) => tracing::debug!(source = %dup.source, of = %dup.duplicate_of, "duplicate"),
                Outcome::Reject(rej) => {
                    io_rejects += u64::from(rej.reason == RejectReason::Io);
                    tracing::warn!(source = %rej.source, stage = %rej.stage, reason = %rej.reason, "rejected: {}", rej.detail);
                }
            }
            writer.write(outcome)?;
        }
    }
    tracing::debug!(
        kept = deduper.kept(),
        index_bytes = deduper.heap_bytes(),
        "dedupe index: {:.0} bytes per kept document",
        deduper.heap_bytes() as f64 / deduper.kept().max(1) as f64
    );
    if settings.dedupe.paragraphs {
        tracing::info!("paragraph dedupe removed {} paragraphs", deduper.paragraphs_removed());
    }
    let counts = writer.counts();
    writer.finish(OutputSettings::of(settings, subwords.as_ref()))?;
    // Only now, with the output in place, do this run's documents join the index.
    if let Some(index) = index {
        let staged = index.staged();
        let stats = index.commit()?;
        tracing::info!("index: {staged} documents added, {} in all, {} bytes", stats.documents, stats.file_bytes);
    }
    let seconds = started.elapsed().as_secs_f64();
    let report = Report { counts, io_rejects, input_bytes, seconds };
    summarize(&report);
    Ok(report)
}

/// Takes inputs until the batch holds `batch_documents` inputs or `batch_bytes` bytes; returns
/// them and their size.
fn next_batch(entries: &mut impl Iterator<Item = Entry>, settings: &Settings) -> (Vec<Entry>, u64) {
    let mut batch = Vec::new();
    let mut bytes = 0u64;
    for entry in entries.by_ref() {
        bytes += entry.1.as_ref().map_or(0, |f| f.size);
        batch.push(entry);
        if batch.len() >= settings.batch_documents || bytes >= settings.batch_bytes {
            break;
        }
    }
    (batch, bytes)
}

/// The parallel part before dedupe: fetch, clean, hash the key.
fn prepare(
    (ordinal, entry): Entry,
    clean: &ingest_clean::Settings,
    near: Option<&MinHasher>,
) -> Result<(Document, Keys), Reject> {
    let input = entry.map_err(|err| err.into_reject(ordinal))?;
    let doc = ingest_fetch::load(ordinal, &input)?;
    let doc = ingest_clean::clean(doc, clean)?;
    let keys = Keys::of(&doc.dedupe_key, near);
    Ok((doc, keys))
}

fn summarize(report: &Report) {
    let Counts { inputs, documents, duplicates, rejects } = report.counts;
    let mb_per_s = report.input_bytes as f64 / 1e6 / report.seconds.max(1e-9);
    tracing::info!(
        "done: {inputs} inputs, {documents} documents, {duplicates} duplicates, {rejects} rejects in {:.2} s ({mb_per_s:.1} MB/s)",
        report.seconds,
    );
}
