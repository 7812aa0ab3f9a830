//! `ingest run`: fetch → clean → dedupe → tokenize → emit, in bounded batches.
//!
//! Fetch's reader thread reads the inputs in order (files, archive members, JSONL lines, WARC
//! records) a few items ahead. Per batch: decode, clean and hash in parallel; decide duplicates in
//! input order on one thread; segment the kept documents in parallel; write in input order. Parallel results are
//! collected in input order, so the output is the same bytes for any thread count. Memory holds
//! one batch (and the dedupe index), not the corpus.

use std::time::Instant;

use anyhow::{Context, Result};
use ingest_core::{Document, Outcome, Reject, RejectReason};
use ingest_dedupe::{ExactIndex, Fingerprint};
use ingest_emit::{Counts, Writer};
use ingest_fetch::{Entry, Sources};
use rayon::prelude::*;
use serde::Serialize;

use crate::config::Settings;

/// The settings that decide the output, as recorded in the manifest.
#[derive(Debug, Serialize)]
pub struct OutputSettings {
    pub clean: CleanSettings,
    pub dedupe: DedupeSettings,
    pub tokenize: TokenizeSettings,
    pub fetch: FetchSettings,
}

/// The fetch settings that decide which inputs there are and what they hold.
#[derive(Debug, Serialize)]
pub struct FetchSettings {
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    pub text_field: String,
    pub id_field: Option<String>,
    pub url_field: Option<String>,
    pub max_document_bytes: u64,
    pub max_archive_bytes: u64,
}

#[derive(Debug, Serialize)]
pub struct CleanSettings {
    pub restore_segmented: bool,
}

#[derive(Debug, Serialize)]
pub struct DedupeSettings {
    pub method: &'static str,
    pub key: &'static str,
}

#[derive(Debug, Serialize)]
pub struct TokenizeSettings {
    pub segmenter: &'static str,
    pub vocabulary: &'static str,
}

impl OutputSettings {
    fn of(settings: &Settings) -> OutputSettings {
        OutputSettings {
            clean: CleanSettings { restore_segmented: settings.clean.restore_segmented },
            dedupe: DedupeSettings { method: "exact-sha256", key: "clean text, whitespace runs as one space" },
            tokenize: TokenizeSettings { segmenter: "longest-match", vocabulary: "RDRsegmenter VnVocab" },
            fetch: {
                let f = &settings.fetch;
                FetchSettings {
                    include: f.include.clone(),
                    exclude: f.exclude.clone(),
                    text_field: f.text_field.clone(),
                    id_field: f.id_field.clone(),
                    url_field: f.url_field.clone(),
                    max_document_bytes: f.max_document_bytes,
                    max_archive_bytes: f.max_archive_bytes,
                }
            },
        }
    }
}

/// What a run did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Report {
    pub counts: Counts,
    /// Rejects because an input could not be read (a file, or a URL): these make the exit code 1.
    pub io_rejects: u64,
    /// Bytes of all inputs as read (decompressed).
    pub input_bytes: u64,
    pub seconds: f64,
}

/// An input and its position in input order.
type Numbered = (u64, Entry);

/// Runs the pipeline with `settings`, replacing the output directory when done.
pub fn run(settings: &Settings) -> Result<Report> {
    let started = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(settings.threads.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    let mut writer = Writer::create(&settings.out)?;
    let mut index = ExactIndex::new();
    let sources = Sources::spawn(settings.inputs.clone(), settings.fetch.clone())?;
    let mut entries = (0u64..).zip(sources);
    let (mut io_rejects, mut input_bytes) = (0u64, 0u64);
    tracing::info!(inputs = ?settings.inputs, out = %settings.out.display(), threads = pool.current_num_threads(), "building dataset");
    loop {
        let (batch, batch_bytes) = next_batch(&mut entries, settings);
        input_bytes += batch_bytes;
        if batch.is_empty() {
            break;
        }
        let prepared: Vec<Result<(Document, Fingerprint), Reject>> =
            pool.install(|| batch.into_par_iter().map(|entry| prepare(entry, &settings.clean)).collect());
        let mut outcomes: Vec<Outcome> = prepared
            .into_iter()
            .map(|p| match p {
                Ok((doc, fingerprint)) => index.decide(doc, &fingerprint),
                Err(reject) => Outcome::Reject(reject),
            })
            .collect();
        pool.install(|| {
            outcomes.par_iter_mut().for_each(|outcome| {
                if let Outcome::Document(doc) = outcome {
                    ingest_tokenize::segment_document(doc);
                }
            });
        });
        for outcome in &outcomes {
            match outcome {
                Outcome::Document(_) => {}
                Outcome::Duplicate(dup) => tracing::debug!(source = %dup.source, of = %dup.duplicate_of, "duplicate"),
                Outcome::Reject(rej) => {
                    io_rejects += u64::from(matches!(rej.reason, RejectReason::Io | RejectReason::Http));
                    tracing::warn!(source = %rej.source, stage = %rej.stage, reason = %rej.reason, "rejected: {}", rej.detail);
                }
            }
            writer.write(outcome)?;
        }
    }
    let counts = writer.counts();
    writer.finish(OutputSettings::of(settings))?;
    let seconds = started.elapsed().as_secs_f64();
    let report = Report { counts, io_rejects, input_bytes, seconds };
    summarize(&report);
    Ok(report)
}

/// Takes inputs until the batch holds `batch_documents` inputs or `batch_bytes` bytes; returns
/// them and their size.
fn next_batch(entries: &mut impl Iterator<Item = Numbered>, settings: &Settings) -> (Vec<Numbered>, u64) {
    let mut batch = Vec::new();
    let mut bytes = 0u64;
    for entry in entries.by_ref() {
        bytes += entry.1.as_ref().map_or(0, |item| item.bytes.len() as u64);
        batch.push(entry);
        if batch.len() >= settings.batch_documents || bytes >= settings.batch_bytes {
            break;
        }
    }
    (batch, bytes)
}

/// The parallel part before dedupe: fetch, clean, hash the key.
fn prepare((ordinal, entry): Numbered, clean: &ingest_clean::Settings) -> Result<(Document, Fingerprint), Reject> {
    let item = entry.map_err(|failure| failure.into_reject(ordinal))?;
    let doc = ingest_fetch::load(ordinal, item)?;
    let doc = ingest_clean::clean(doc, clean)?;
    let fingerprint = ingest_dedupe::fingerprint(&doc.dedupe_key);
    Ok((doc, fingerprint))
}

fn summarize(report: &Report) {
    let Counts { inputs, documents, duplicates, rejects } = report.counts;
    let mb_per_s = report.input_bytes as f64 / 1e6 / report.seconds.max(1e-9);
    tracing::info!(
        "done: {inputs} inputs, {documents} documents, {duplicates} duplicates, {rejects} rejects in {:.2} s ({mb_per_s:.1} MB/s)",
        report.seconds,
    );
}
