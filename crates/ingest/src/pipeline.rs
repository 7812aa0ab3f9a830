//! `ingest run`: fetch → clean → dedupe → tokenize → emit, in bounded batches.
//!
//! Fetch's reader thread reads the inputs in order (files, archive members, JSONL lines, WARC
//! records, URLs) a few items ahead. Unless `clean.repeated_min_documents` is 0, the run makes two
//! passes. The first decodes every input and prepares it with clean (HTML to text, normalized,
//! restored if segmented) in batches, in parallel; counts, in input order, the distinct documents
//! each line hash occurs in per site or directory (only hashes are kept); and writes the prepared
//! input to a spill file ([`crate::spill`]). The second reads the spill back, so no input is read,
//! decoded or extracted twice, and per batch: finishes clean (with the repeated lines found) and
//! hashes in parallel; decides duplicates in input order on one thread; segments the kept
//! documents in parallel; writes in input order. With the rule off there is one pass, which
//! decodes and prepares too. Parallel results are collected in input order and counting is a sum,
//! so the output is the same bytes for any thread count. Memory holds one batch, the dedupe index
//! and the line-hash counts, not the corpus's text.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use ingest_clean::RepeatedLines;
use ingest_core::{Document, Outcome, Reject, RejectReason, Stage};
use ingest_dedupe::{Deduper, Keys, MinHasher};
use ingest_emit::{Counts, Options, Writer};
use ingest_fetch::{Entry, Sources};
use rayon::prelude::*;
use serde::Serialize;

use tracing_indicatif::span_ext::IndicatifSpanExt;
use tracing_indicatif::style::ProgressStyle;

use crate::batches::next_batch;
use crate::config::Settings;
use crate::laps::Laps;
use crate::recorded::OutputSettings;
use crate::spill::Spilled;
use crate::subwords::Subwords;

/// What the stages did, recorded in the manifest.
#[derive(Debug, Default, Serialize)]
pub struct Stats {
    pub clean: CleanStats,
    /// Rejects per `stage/reason` (`fetch/binary`, `clean/too_short`, ...).
    pub rejects: BTreeMap<String, u64>,
}

#[derive(Debug, Default, Serialize)]
pub struct CleanStats {
    /// Distinct (site or directory, line) pairs found in enough documents to be boilerplate.
    pub repeated_lines: u64,
    /// Lines removed from the written documents, per rule.
    pub removed_lines: BTreeMap<&'static str, u64>,
    /// Written documents with a title found by clean, and with a byline.
    pub titles: u64,
    pub bylines: u64,
}

impl CleanStats {
    fn add(&mut self, doc: &Document) {
        for removed in &doc.metadata.removed {
            *self.removed_lines.entry(removed.rule).or_default() += 1;
        }
        self.titles += u64::from(doc.title.is_some());
        self.bylines += u64::from(doc.metadata.byline.is_some());
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

/// An input on its way to a batch of the main pass.
enum Pending {
    /// As fetch's reader gave it: still to decode and prepare.
    Fetched(Entry),
    /// As the first pass left it in the spill file: prepared, or rejected by fetch.
    Prepared(Box<Spilled>),
}

/// The main pass's inputs, numbered in input order.
type Inputs = Box<dyn Iterator<Item = Result<(u64, Pending)>> + Send>;

impl Pending {
    /// Its size, for cutting batches: the input's bytes.
    fn bytes(&self) -> u64 {
        match self {
            Pending::Fetched(entry) => ingest_fetch::entry_bytes(entry) as u64,
            Pending::Prepared(spilled) => spilled.as_ref().as_ref().map_or(0, |doc| doc.metadata.bytes),
        }
    }
}

/// The bytes a spilled input holds, for the read-ahead's bound.
fn spilled_size(item: &std::io::Result<Spilled>) -> usize {
    match item {
        Ok(Ok(doc)) => doc.text.len(),
        _ => 0,
    }
}

/// A reject, and the clean text of the document when clean rejected it.
type Rejected = (Reject, Option<String>);
/// A document ready for dedupe (or its reject), and the time decoding, clean and hashing took.
type Prepared = (Result<(Document, Keys), Rejected>, [Duration; 3]);

/// Runs the pipeline with `settings`, replacing the output directory when done.
pub fn run(settings: &Settings) -> Result<Report> {
    let started = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(settings.threads.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    let subwords = crate::subwords::load(settings.hf_tokenizer.as_deref())?;
    let index = crate::prior::open(settings.index.as_deref(), settings.dedupe.near)?;
    let output_settings = OutputSettings::of(settings, subwords.as_ref());
    let options = Options {
        compression: settings.compression,
        shard_size: settings.shard_size,
        keep_rejected_text: settings.keep_rejected,
        git: option_env!("INGEST_GIT_DESCRIBE").filter(|g| !g.is_empty()).map(str::to_owned),
        segmented: settings.segment,
        subword_tokens: subwords.is_some(),
    };
    let line_options = options.clone();
    let writer = if settings.resume {
        Writer::resume(&settings.out, options, &output_settings)?
    } else {
        Writer::create(&settings.out, options, &output_settings)?
    };
    let mut stage_times = [Duration::ZERO; STAGES.len()];
    let mut laps = Laps::start();
    tracing::info!(inputs = ?settings.inputs, out = %settings.out.display(), threads = pool.current_num_threads(), "building dataset");
    let progress = tracing::info_span!("build");
    progress.pb_set_style(
        &ProgressStyle::with_template("{spinner} {elapsed} {msg}").unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    let _progress = progress.enter();
    // The input bytes the first pass read, when there is one: the spill does not keep the size
    // of an input fetch rejected.
    let mut first_pass_bytes = None;
    let (repeated, mut pending): (RepeatedLines, Inputs) = if settings.clean.repeated_min_documents > 0 {
        let first = crate::first_pass::run(&pool, settings, &mut stage_times, &progress)?;
        laps.lap("1 first pass");
        laps.add_pass("1 first pass", &first.times, "decode, prepare", "count lines, spill");
        first_pass_bytes = Some(first.input_bytes);
        // Read on a thread of its own, so that the main pass does not wait for it.
        let spilled = crate::batches::ReadAhead::spawn(first.spill, spilled_size)
            .context("cannot start the thread that reads the spill file")?;
        let spilled = spilled.map(|item| {
            let item = item.context("cannot read the spill file back")?;
            let ordinal = item.as_ref().map_or_else(|reject| reject.ordinal, |doc| doc.ordinal);
            Ok((ordinal, Pending::Prepared(Box::new(item))))
        });
        (first.repeated, Box::new(spilled))
    } else {
        let sources = Sources::spawn(settings.inputs.clone(), settings.fetch.clone())?;
        (RepeatedLines::none(), Box::new((0u64..).zip(sources).map(|(n, entry)| Ok((n, Pending::Fetched(entry))))))
    };
    let deduper = Deduper::new(&settings.dedupe);
    let hasher = deduper.hasher().cloned();
    let mut sink = Sink {
        stats: Stats::default(),
        // Documents an interrupted build already wrote: decided again, but not segmented again.
        unsegmented_skips: writer.skipped(),
        // The report's figures, gathered as documents are written; a resumed build has documents
        // this run does not segment, so its report reads the build back instead.
        summary: (writer.skipped() == 0).then(crate::report::Summary::default),
        deduper,
        index,
        writer,
        line_options,
        subwords: subwords.as_ref(),
        segment: settings.segment,
        pool: &pool,
        stage_times,
        io_rejects: 0,
        input_bytes: 0,
        started,
        progress: &progress,
        unwritten: None,
        spare_lines: Vec::new(),
    };
    sink.stats.clean.repeated_lines = repeated.len() as u64;
    let mut input_bytes = 0u64;
    let times = crate::batches::pipelined(
        &pool,
        || {
            crate::interrupt::check()?;
            let batch = next_batch(&mut pending, settings.batch_documents, settings.batch_bytes, Pending::bytes)?;
            input_bytes += batch.iter().map(|(_, p)| p.bytes()).sum::<u64>();
            Ok(batch)
        },
        |batch: Vec<(u64, Pending)>| -> Vec<Prepared> {
            batch.into_par_iter().map(|entry| prepare(entry, &settings.clean, &repeated, hasher.as_ref())).collect()
        },
        |prepared| sink.take(prepared),
    )?;
    sink.write_unwritten()?;
    laps.lap("2 main pass");
    laps.add_pass("2 main pass", &times, "clean, hash", "decide, segment, write");
    let Sink { deduper, index, writer, mut stage_times, stats, summary, io_rejects, .. } = sink;
    tracing::debug!(
        kept = deduper.kept(),
        index_bytes = deduper.heap_bytes(),
        "dedupe index: {:.0} bytes per kept document",
        deduper.heap_bytes() as f64 / deduper.kept().max(1) as f64
    );
    if settings.dedupe.paragraphs {
        tracing::info!("paragraph dedupe removed {} paragraphs", deduper.paragraphs_removed());
    }
    let input_bytes = first_pass_bytes.unwrap_or(input_bytes);
    let counts = writer.counts();
    log_stats(&stats);
    let finishing = Instant::now();
    pool.install(|| writer.finish(stats))?;
    stage_times[5] += finishing.elapsed();
    laps.lap("3 finish");
    // Only now, with the output in place, do this run's documents join the index.
    if let Some(index) = index {
        let staged = index.staged();
        let stats = index.commit()?;
        tracing::info!("index: {staged} documents added, {} in all, {} bytes", stats.documents, stats.file_bytes);
    }
    let seconds = started.elapsed().as_secs_f64();
    let timings = crate::report::Timings {
        input_bytes,
        wall_seconds: seconds,
        stages: STAGES.iter().zip(stage_times).map(|(name, t)| ((*name).to_owned(), t.as_secs_f64())).collect(),
        wall: laps.seconds(),
    };
    write_report(&settings.out, &timings, summary.as_ref());
    let report = Report { counts, io_rejects, input_bytes, seconds };
    summarize(&report);
    Ok(report)
}

/// The in-order side of the main pass: decides a batch's duplicates, segments its documents (in
/// parallel) and writes its outcomes.
struct Sink<'a> {
    deduper: Deduper,
    index: Option<ingest_index::Index>,
    writer: Writer,
    /// The writer's options, to make document lines with in parallel.
    line_options: Options,
    subwords: Option<&'a Subwords>,
    /// Word-segment documents; else count their syllables only.
    segment: bool,
    pool: &'a rayon::ThreadPool,
    stage_times: [Duration; STAGES.len()],
    stats: Stats,
    summary: Option<crate::report::Summary>,
    unsegmented_skips: u64,
    io_rejects: u64,
    input_bytes: u64,
    started: Instant,
    progress: &'a tracing::Span,
    /// The last batch taken, decided and segmented, still to be written.
    unwritten: Option<Decided>,
    /// Line buffers of the batch written last, emptied, for the next batch's lines.
    spare_lines: Vec<Vec<u8>>,
}

/// A batch decided and segmented: its outcomes (with the clean text of a document clean
/// rejected, for --keep-rejected), the lines and sentence lengths of the documents to write, and
/// how many of its documents an interrupted build wrote already.
struct Decided {
    outcomes: Vec<(Outcome, Option<String>)>,
    lines: Vec<(Vec<u8>, Vec<u64>)>,
    skipped: u64,
}

impl Sink<'_> {
    /// Writes the batch taken before, then decides and segments this one, which is written when
    /// the next is taken (or by [`Sink::write_unwritten`]). So a batch's work on this thread
    /// starts with its parts that run on one thread, while the pool still has the next batch to
    /// work on, and ends with its parallel part, instead of leaving the pool idle as it writes.
    fn take(&mut self, prepared: Vec<Prepared>) -> Result<()> {
        self.write_unwritten()?;
        // Each outcome with the clean text of a document clean rejected, for --keep-rejected.
        let mut outcomes: Vec<(Outcome, Option<String>)> = Vec::with_capacity(prepared.len());
        let deciding = Instant::now();
        for (p, times) in prepared {
            for (total, t) in self.stage_times[..3].iter_mut().zip(times) {
                *total += t;
            }
            outcomes.push(match p {
                Ok((doc, keys)) => {
                    self.input_bytes += doc.metadata.bytes;
                    (crate::prior::decide(&mut self.deduper, self.index.as_mut(), doc, &keys)?, None)
                }
                Err((reject, text)) => (Outcome::Reject(reject), text),
            });
        }
        self.stage_times[3] += deciding.elapsed();
        // Documents an interrupted build wrote come first; this batch's share of them.
        let mut skipped = 0u64;
        let mut to_segment: Vec<&mut Document> = Vec::with_capacity(outcomes.len());
        for (outcome, _) in outcomes.iter_mut() {
            if let Outcome::Document(doc) = outcome {
                if self.unsegmented_skips > 0 {
                    self.unsegmented_skips -= 1;
                    skipped += 1;
                } else {
                    to_segment.push(doc);
                }
            }
        }
        // Segmented and made into their lines in parallel: the writer, in order, only appends.
        let (subwords, segment, options) = (self.subwords, self.segment, &self.line_options);
        // Sentence lengths are for the report, which a resumed run reads from the build instead.
        let report = self.summary.is_some();
        type Done = (Duration, Duration, Result<Vec<u8>, ingest_emit::EmitError>, Vec<u64>);
        let buffers: Vec<Vec<u8>> = (0..to_segment.len()).map(|_| self.spare_lines.pop().unwrap_or_default()).collect();
        self.spare_lines.clear();
        let done: Vec<Done> = self.pool.install(|| {
            to_segment
                .par_iter_mut()
                .zip(buffers)
                .map(|(doc, buffer)| {
                    let t = Instant::now();
                    // Sentence lengths, for the report, are counted as segmenting writes the text.
                    let mut sentences = Vec::new();
                    if segment && report {
                        sentences = ingest_tokenize::segment_document_measured(doc);
                    } else if segment {
                        ingest_tokenize::segment_document(doc);
                    } else {
                        doc.metadata.syllables = ingest_tokenize::count_syllables(&doc.text);
                    }
                    if let Some(subwords) = subwords {
                        subwords.count(doc);
                    }
                    let segmenting = t.elapsed();
                    let t = Instant::now();
                    let line = ingest_emit::document_line_in(doc, options, buffer);
                    (segmenting, t.elapsed(), line, sentences)
                })
                .collect()
        });
        let mut lines = Vec::with_capacity(done.len());
        for (segmenting, encoding, line, sentences) in done {
            self.stage_times[4] += segmenting;
            self.stage_times[5] += encoding;
            lines.push((line?, sentences));
        }
        self.unwritten = Some(Decided { outcomes, lines, skipped });
        Ok(())
    }

    /// Writes the batch [`Sink::take`] left unwritten, if any.
    fn write_unwritten(&mut self) -> Result<()> {
        let Some(Decided { outcomes, lines, mut skipped }) = self.unwritten.take() else { return Ok(()) };
        let mut lines = lines.into_iter();
        let writing = Instant::now();
        for (outcome, rejected_text) in &outcomes {
            let line = match outcome {
                Outcome::Document(_) if skipped > 0 => {
                    skipped -= 1;
                    None
                }
                Outcome::Document(_) => lines.next(),
                _ => None,
            };
            self.tally(outcome, line.as_ref().map(|(_, sentences)| sentences.as_slice()));
            self.writer.write_with_line(outcome, rejected_text.as_deref(), line.as_ref().map(|(l, _)| l.as_slice()))?;
            // A large document's buffer is let go: kept, it would hold its size for the whole run.
            if let Some((buffer, _)) = line.filter(|(buffer, _)| buffer.capacity() <= 1 << 20) {
                self.spare_lines.push(buffer);
            }
        }
        self.stage_times[5] += writing.elapsed();
        let counts = self.writer.counts();
        self.progress.pb_set_message(&format!(
            "{} inputs, {} documents, {:.1} MB/s",
            counts.inputs,
            counts.documents,
            self.input_bytes as f64 / 1e6 / self.started.elapsed().as_secs_f64().max(1e-3)
        ));
        Ok(())
    }

    /// Counts an outcome into the stats and the report (with a document's sentence lengths, when
    /// this run segmented it), and logs a reject.
    fn tally(&mut self, outcome: &Outcome, sentences: Option<&[u64]>) {
        match outcome {
            Outcome::Document(doc) => {
                self.stats.clean.add(doc);
                if let Some(summary) = self.summary.as_mut() {
                    summary.add_document(doc, sentences.unwrap_or_default());
                }
            }
            Outcome::Duplicate(dup) => tracing::debug!(source = %dup.source, of = %dup.duplicate_of, "duplicate"),
            Outcome::Reject(rej) => {
                self.io_rejects += u64::from(matches!(rej.reason, RejectReason::Io | RejectReason::Http));
                *self.stats.rejects.entry(format!("{}/{}", rej.stage, rej.reason)).or_default() += 1;
                // A document clean judges too poor is data, not trouble: debug, not warn.
                if rej.stage == Stage::Clean && rej.reason != RejectReason::Empty {
                    tracing::debug!(source = %rej.source, reason = %rej.reason, "rejected: {}", rej.detail);
                } else {
                    tracing::warn!(source = %rej.source, stage = %rej.stage, reason = %rej.reason, "rejected: {}", rej.detail);
                }
            }
        }
    }
}

fn log_stats(stats: &Stats) {
    let removed: Vec<String> = stats.clean.removed_lines.iter().map(|(rule, n)| format!("{rule} {n}")).collect();
    if !stats.rejects.is_empty() {
        let rejects: Vec<String> = stats.rejects.iter().map(|(reason, n)| format!("{reason} {n}")).collect();
        tracing::info!("rejects: {}", rejects.join(", "));
    }
    tracing::info!(
        titles = stats.clean.titles,
        bylines = stats.clean.bylines,
        repeated_lines = stats.clean.repeated_lines,
        "clean removed lines: {}",
        if removed.is_empty() { "none".to_owned() } else { removed.join(", ") }
    );
}

/// Stages whose time is measured, in `stage_times` order.
pub(crate) const STAGES: [&str; 7] = [
    "1 fetch (decode)",
    "2 clean",
    "3 dedupe (hash, MinHash)",
    "4 dedupe (decide)",
    "5 tokenize",
    "6 emit",
    "2 clean (count lines, spill)",
];

/// The run's timings and the report, beside the dataset. A failure here costs the report only.
fn write_report(out: &std::path::Path, timings: &crate::report::Timings, summary: Option<&crate::report::Summary>) {
    let written = serde_json::to_vec_pretty(timings)
        .map_err(anyhow::Error::from)
        .and_then(|json| std::fs::write(out.join("timings.json"), json).map_err(anyhow::Error::from))
        .and_then(|()| match summary {
            Some(summary) => crate::report::write_with(out, summary),
            None => crate::report::write(out),
        });
    if let Err(err) = written {
        tracing::warn!("cannot write the report: {err:#}");
    }
}

/// The parallel part before dedupe: fetch and prepare (unless the first pass did), finish clean,
/// hash the key; timed.
fn prepare(
    (ordinal, pending): (u64, Pending),
    clean: &ingest_clean::Settings,
    repeated: &RepeatedLines,
    near: Option<&MinHasher>,
) -> Prepared {
    let mut times = [Duration::ZERO; 3];
    let mut timed = |stage: usize, t: Instant| times[stage] += t.elapsed();
    let result = (|| {
        let doc = match pending {
            Pending::Fetched(entry) => {
                let t = Instant::now();
                let item = entry.map_err(|failure| (failure.into_reject(ordinal), None))?;
                let doc = ingest_fetch::load(ordinal, item).map_err(|reject| (reject, None));
                timed(0, t);
                let t = Instant::now();
                let doc = ingest_clean::prepare(doc?, clean);
                timed(1, t);
                doc
            }
            Pending::Prepared(spilled) => (*spilled).map_err(|reject| (reject, None))?,
        };
        let t = Instant::now();
        let doc = ingest_clean::finish(doc, clean, repeated).map_err(|rejected| (rejected.reject, Some(rejected.text)));
        timed(1, t);
        let t = Instant::now();
        let doc = doc?;
        let keys = Keys::of(&doc.dedupe_key, near);
        timed(2, t);
        Ok((doc, keys))
    })();
    (result, times)
}

fn summarize(report: &Report) {
    let Counts { inputs, documents, duplicates, rejects } = report.counts;
    let mb_per_s = report.input_bytes as f64 / 1e6 / report.seconds.max(1e-9);
    tracing::info!(
        "done: {inputs} inputs, {documents} documents, {duplicates} duplicates, {rejects} rejects in {:.2} s ({mb_per_s:.1} MB/s)",
        report.seconds,
    );
}
