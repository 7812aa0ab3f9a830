//! Segments documents from a file on one thread, as the pipeline's tokenize stage does, and prints
//! the time: for profiling and A/B runs on a real corpus without the rest of the pipeline.
//!
//! Usage: `segment_docs TEXTS [OUT] [ROUNDS]`. TEXTS holds document texts separated by NUL bytes;
//! OUT, if given and not empty, receives their segmentations the same way (compare it with a baseline's).
//! ROUNDS (default 3) repeats the whole file and reports the best round.

use std::io::Write;
use std::time::Instant;

use ingest_tokenize::{Segmenter, segment_text};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: segment_docs TEXTS [OUT] [ROUNDS]");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(path).expect("readable UTF-8 file");
    let docs: Vec<&str> = text.split('\0').filter(|d| !d.is_empty()).collect();
    let rounds: usize = args.get(3).map_or(3, |r| r.parse().expect("ROUNDS is a number"));
    Segmenter::get();
    let mut best = f64::INFINITY;
    let mut out = String::new();
    for _ in 0..rounds {
        out.clear();
        let start = Instant::now();
        for doc in &docs {
            out.push_str(&segment_text(doc).text);
            out.push('\0');
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    let mb = text.len() as f64 / 1e6;
    writeln!(
        std::io::stdout(),
        "{} documents, {mb:.1} MB: best of {rounds} {:.1} ms, {:.2} MB/s",
        docs.len(),
        best * 1e3,
        mb / best
    )
    .expect("writable stdout");
    if let Some(out_path) = args.get(2).filter(|p| !p.is_empty()) {
        std::fs::write(out_path, &out).expect("writable output");
    }
}
