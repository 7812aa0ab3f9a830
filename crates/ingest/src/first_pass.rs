//! The first pass of `ingest run`: every input fetched, decoded and prepared by clean once, its
//! line hashes counted in input order, and the prepared input (or its fetch reject) spilled for
//! the main pass ([`crate::spill`]).

use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use ingest_clean::{DocumentLines, LineCounts, RepeatedLines};
use ingest_fetch::{Entry, Sources};
use rayon::prelude::*;
use tracing_indicatif::span_ext::IndicatifSpanExt;

use crate::batches::{PassTimes, next_batch, pipelined};
use crate::config::Settings;
use crate::spill::{SpillReader, SpillWriter, Spilled};

/// What the first pass leaves the main pass.
#[derive(Debug)]
pub struct FirstPass {
    pub repeated: RepeatedLines,
    pub spill: SpillReader,
    /// Bytes of every input as read.
    pub input_bytes: u64,
    pub times: PassTimes,
}

/// Where in the run's stage times the first pass's own one-thread work is counted.
const SPILL_STAGE: usize = 6;

/// Runs the first pass, adding the time decoding and preparing took to `stage_times` (fetch, clean).
pub fn run(
    pool: &rayon::ThreadPool,
    settings: &Settings,
    stage_times: &mut [Duration],
    progress: &tracing::Span,
) -> Result<FirstPass> {
    let started = Instant::now();
    let mut counts = LineCounts::new();
    let dir = match settings.out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => std::path::Path::new("."),
    };
    let mut spill =
        SpillWriter::create(dir).with_context(|| format!("cannot create a spill file in {}", dir.display()))?;
    let sources = Sources::spawn(settings.inputs.clone(), settings.fetch.clone())?;
    let mut entries = (0u64..).zip(sources).map(Ok);
    let (mut inputs, mut input_bytes) = (0u64, 0u64);
    let size = |entry: &Entry| ingest_fetch::entry_bytes(entry) as u64;
    type Prepared = (Spilled, Option<DocumentLines>, [Duration; 2]);
    let times = pipelined(
        pool,
        || {
            crate::interrupt::check()?;
            let batch = next_batch(&mut entries, settings.batch_documents, settings.batch_bytes, size)?;
            inputs += batch.len() as u64;
            input_bytes += batch.iter().map(|(_, entry)| size(entry)).sum::<u64>();
            progress.pb_set_message(&format!(
                "first pass: {inputs} inputs, {:.1} MB/s",
                input_bytes as f64 / 1e6 / started.elapsed().as_secs_f64().max(1e-3)
            ));
            tracing::debug!(inputs, "first pass: read up to {}", batch.last().map_or("", |(_, e)| source_of(e)));
            Ok(batch)
        },
        |batch: Vec<(u64, Entry)>| -> Vec<Prepared> {
            batch
                .into_par_iter()
                .map(|(ordinal, entry)| {
                    let t = Instant::now();
                    let doc = entry.map_err(|failure| failure.into_reject(ordinal));
                    let doc = doc.and_then(|item| ingest_fetch::load(ordinal, item));
                    let decoding = t.elapsed();
                    let t = Instant::now();
                    let doc = doc.map(|doc| ingest_clean::prepare(doc, &settings.clean));
                    let lines = doc.as_ref().ok().map(|doc| ingest_clean::lines_of(doc, &settings.clean));
                    (doc, lines, [decoding, t.elapsed()])
                })
                .collect()
        },
        |prepared| {
            let t = Instant::now();
            for (doc, lines, times) in prepared {
                stage_times[0] += times[0];
                stage_times[1] += times[1];
                if let Some(lines) = &lines {
                    counts.add(lines);
                }
                spill.write(&doc).context("cannot write the spill file")?;
            }
            stage_times[SPILL_STAGE] += t.elapsed();
            Ok(())
        },
    )?;
    let documents = counts.documents();
    let repeated = counts.repeated(settings.clean.repeated_min_documents);
    tracing::info!(
        documents,
        repeated_lines = repeated.len(),
        spill_mb = spill.bytes() as f64 / 1e6,
        seconds = started.elapsed().as_secs_f64(),
        "first pass: counted lines repeated across documents"
    );
    let spill = spill.into_reader().context("cannot read the spill file back")?;
    Ok(FirstPass { repeated, spill, input_bytes, times })
}

/// The name of an input, read or not.
fn source_of(entry: &Entry) -> &str {
    match entry {
        Ok(item) => &item.source,
        Err(failure) => &failure.source,
    }
}
