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
    let fetch = ingest_fetch::Settings {
        read_in_workers: read_in_workers(pool.current_num_threads()),
        ..settings.fetch.clone()
    };
    let sources = Sources::spawn(settings.inputs.clone(), fetch)?;
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

/// Whether plain files are read by the workers that decode them rather than by fetch's own thread
/// ([`ingest_fetch::Settings::read_in_workers`]), for `threads` workers.
///
/// Fetch's own thread reads files alongside the workers, so with one or two of them a run is
/// faster that way (on two cores, one thread: 3.5 s against 3.8 s for 100 MB; two threads: the same,
/// with 3% less CPU). But that thread hands over at most about 340 MB/s of small files on this
/// machine, 14 workers' worth at about 24 MB/s each; left unread, with only their sizes asked, it
/// hands over about 820 MB/s (`cargo run --release -p ingest-fetch --example list_inputs -- DIR
/// [--unread]`). So from 8 workers on, with room to spare, they read their own files.
fn read_in_workers(threads: usize) -> bool {
    threads >= 8
}

/// The name of an input, read or not.
fn source_of(entry: &Entry) -> &str {
    match entry {
        Ok(item) => &item.source,
        Err(failure) => &failure.source,
    }
}

#[cfg(test)]
mod tests {
    use super::read_in_workers;

    #[test]
    fn workers_read_their_files_from_eight_on() {
        for (threads, want) in [(1, false), (2, false), (7, false), (8, true), (64, true)] {
            assert_eq!(read_in_workers(threads), want, "{threads} threads");
        }
    }
}
