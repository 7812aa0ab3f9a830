//! `ingest run`: fetch → clean → dedupe → tokenize → emit, in bounded batches.
//!
//! Per batch: read, decode, clean and hash in parallel; decide duplicates in input order on one
//! thread; segment the kept documents in parallel; write in input order. Parallel results are
//! collected in input order, so the output is the same bytes for any thread count. Memory holds
//! one batch (and the dedupe index), not the corpus.

use std::time::Instant;

use anyhow::{Context, Result};
use ingest_core::{Document, Outcome, Reject, RejectReason};
use ingest_dedupe::{ExactIndex, Fingerprint};
use ingest_emit::{Counts, Writer};
use ingest_fetch::{InputFile, Inputs, WalkError};
use rayon::prelude::*;
use serde::Serialize;

use crate::config::Settings;

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
    pub tone_style: &'static str,
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
            clean: CleanSettings {
                restore_segmented: settings.clean.restore_segmented,
                tone_style: settings.clean.tone_style.as_str(),
            },
            dedupe: DedupeSettings {
                method: "exact-sha256",
                key: "clean text, tone marks of oa/oe/uy in the new style, whitespace runs as one space",
            },
            tokenize: TokenizeSettings { segmenter: "longest-match", vocabulary: "RDRsegmenter VnVocab" },
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
    let mut writer = Writer::create(&settings.out)?;
    let mut index = ExactIndex::new();
    let mut entries = (0u64..).zip(Inputs::new(settings.inputs.iter().cloned()));
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
                    io_rejects += u64::from(rej.reason == RejectReason::Io);
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
fn prepare((ordinal, entry): Entry, clean: &ingest_clean::Settings) -> Result<(Document, Fingerprint), Reject> {
    let input = entry.map_err(|err| err.into_reject(ordinal))?;
    let doc = ingest_fetch::load(ordinal, &input)?;
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
