//! `ingest segment`: raw text in, word-segmented text out, one line for one line.
//!
//! A drop-in for the word-segmentation step of PhoBERT preprocessing scripts: every input line
//! (blank ones included) gives exactly one output line, unless `--sentences` asks for one sentence
//! per line. Lines are read in batches and segmented in parallel; output order is input order.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use ingest_tokenize::Segmenter;
use rayon::prelude::*;

use crate::cli::SegmentArgs;

/// Bytes of input segmented per parallel batch.
const BATCH_BYTES: usize = 4 << 20;

pub fn run(args: &SegmentArgs) -> Result<()> {
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
    let stdin_only = [PathBuf::from("-")];
    let files = if args.files.is_empty() { &stdin_only[..] } else { &args.files[..] };
    for file in files {
        if file == Path::new("-") {
            segment_stream(io::stdin().lock(), "stdin", args, &mut out)?;
        } else {
            let reader = File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
            let name = file.display().to_string();
            segment_stream(BufReader::with_capacity(1 << 20, reader), &name, args, &mut out)?;
        }
    }
    out.flush()?;
    Ok(())
}

fn segment_stream(mut input: impl BufRead, name: &str, args: &SegmentArgs, out: &mut impl Write) -> Result<()> {
    let mut line_no = 0usize;
    let mut buf = Vec::new();
    loop {
        let mut batch: Vec<String> = Vec::new();
        let mut bytes = 0usize;
        while bytes < BATCH_BYTES {
            buf.clear();
            if input.read_until(b'\n', &mut buf).with_context(|| format!("cannot read {name}"))? == 0 {
                break;
            }
            line_no += 1;
            let trimmed = buf.strip_suffix(b"\n").unwrap_or(&buf);
            let trimmed = trimmed.strip_suffix(b"\r").unwrap_or(trimmed);
            let Ok(line) = simdutf8::basic::from_utf8(trimmed) else {
                bail!(
                    "{name}, line {line_no}: not valid UTF-8 (convert it first, or run `ingest run`, which detects encodings)"
                );
            };
            bytes += line.len();
            batch.push(line.to_owned());
        }
        if batch.is_empty() {
            return Ok(());
        }
        let model = Segmenter::get();
        let segmented: Vec<String> = batch
            .par_iter()
            .map_init(
                || model.line_segmenter(),
                |seg, line| {
                    let mut text = String::with_capacity(line.len() + line.len() / 8);
                    if args.pretokenized {
                        seg.segment_pretokenized_into(line, &mut text);
                    } else {
                        seg.segment(line, args.sentences, &mut text);
                    }
                    text
                },
            )
            .collect();
        for line in &segmented {
            out.write_all(line.as_bytes())?;
            out.write_all(b"\n")?;
        }
    }
}
