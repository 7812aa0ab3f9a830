//! The `ingest-bench` command; `just bench` drives it. The work is in the library.

use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::{Parser, Subcommand};
use ingest_bench::{check, corpus, sample, sources, stages};

/// The allocator `ingest` uses, so that the stages alone are timed as the pipeline runs them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Debug, Parser)]
#[command(name = "ingest-bench", about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generate a corpus: DIR/input/ (the files) and DIR/truth.json (what each file is).
    Corpus(CorpusArgs),
    /// Check a run's output directory against a corpus's truth.json.
    Check {
        /// The corpus's truth.json.
        truth: PathBuf,
        /// The output directory of `ingest run` on the corpus.
        out: PathBuf,
        /// Exit with 1 if any file has another outcome than its truth says.
        #[arg(long)]
        strict: bool,
    },
    /// Time each stage alone, one thread, on the first MB of a corpus held in memory.
    Stages {
        /// The corpus's input directory.
        input: PathBuf,
        #[arg(long, default_value_t = 100)]
        mb: u64,
        /// Where emit may write its output (removed afterwards).
        #[arg(long, default_value = "target/bench")]
        scratch: PathBuf,
    },
    /// Copy the first MB of a corpus into OUT/input/, and write OUT/corpus.jsonl (every text file
    /// fetch decodes, HTML pages left out) and OUT/text.txt (the lines of the plain articles).
    Sample {
        input: PathBuf,
        #[arg(long, default_value_t = 5)]
        mb: u64,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Debug, clap::Args)]
struct CorpusArgs {
    /// The directory to create.
    #[arg(long)]
    out: PathBuf,
    /// Size of the corpus: 100MB, 1GB, 500kB.
    #[arg(long, default_value = "100MB")]
    size: String,
    #[arg(long, default_value_t = 20_261_127)]
    seed: u64,
    #[arg(long, default_value_t = 500)]
    files_per_dir: usize,
    /// The seed articles' directory; `--seeds ''` uses none.
    #[arg(long, default_value = "seeds")]
    seeds: PathBuf,
    /// CoNLL-U files whose `# text` sentences are used.
    #[arg(long, default_value = "fixtures/ud-vtb/dev-slice.conllu")]
    conllu: Vec<PathBuf>,
    /// More text files, one sentence or paragraph a line.
    #[arg(long)]
    text: Vec<PathBuf>,
    #[arg(long, default_value_t = 0.10)]
    exact: f64,
    #[arg(long, default_value_t = 0.05)]
    variants: f64,
    #[arg(long, default_value_t = 0.05)]
    near: f64,
    #[arg(long, default_value_t = 0.10)]
    html: f64,
    #[arg(long, default_value_t = 0.02)]
    segmented: f64,
    #[arg(long, default_value_t = 0.01)]
    junk: f64,
    /// Least Jaccard similarity of a near duplicate to its original (the pipeline's threshold is
    /// 0.8; a margin keeps the MinHash estimate from deciding the answer).
    #[arg(long, default_value_t = 0.9)]
    min_similarity: f64,
}

fn parse_size(text: &str) -> Result<u64> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let scale = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "kb" | "k" => 1e3,
        "mb" | "m" => 1e6,
        "gb" | "g" => 1e9,
        other => bail!("unknown size unit {other:?} (use kB, MB or GB)"),
    };
    let number: f64 = number.parse().map_err(|_| anyhow::anyhow!("not a size: {text:?}"))?;
    Ok((number * scale) as u64)
}

fn main() -> Result<()> {
    match Cli::parse().command {
        Command::Corpus(args) => {
            let mix = corpus::Mix {
                exact: args.exact,
                variant: args.variants,
                near: args.near,
                html: args.html,
                segmented: args.segmented,
                junk: args.junk,
            };
            if [mix.exact, mix.variant, mix.near, mix.html, mix.segmented, mix.junk].iter().any(|s| *s < 0.0)
                || mix.exact + mix.variant + mix.near + mix.html + mix.segmented + mix.junk > 1.0
            {
                bail!("the shares of the mix must be positive and add up to at most 1");
            }
            let sources = sources::Sources {
                seeds: (!args.seeds.as_os_str().is_empty()).then_some(args.seeds),
                conllu: args.conllu,
                texts: args.text,
            };
            let sentences = sources::load(&sources)?;
            let options = corpus::Options {
                bytes: parse_size(&args.size)?,
                seed: args.seed,
                files_per_dir: args.files_per_dir,
                mix,
                min_similarity: args.min_similarity,
            };
            std::fs::create_dir_all(&args.out)?;
            let started = std::time::Instant::now();
            let truth = corpus::generate(&sentences, &options, &args.out.join("input"), &args.out.join("truth.json"))?;
            let counts: Vec<String> = truth.counts.iter().map(|(k, n)| format!("{} {n}", k.name())).collect();
            eprintln!(
                "wrote {} files, {:.1} MB, from {} sentences in {:.1} s: {}",
                truth.files.len(),
                truth.bytes as f64 / 1e6,
                truth.sentences,
                started.elapsed().as_secs_f64(),
                counts.join(", ")
            );
        }
        Command::Check { truth, out, strict } => {
            let report = check::check(&corpus::Truth::read(&truth)?, &out)?;
            #[allow(clippy::print_stdout)]
            {
                print!("{}", report.table);
            }
            if strict && report.wrong > 0 {
                std::process::exit(1);
            }
        }
        Command::Stages { input, mb, scratch } => {
            let timings = stages::run(&input, mb * 1_000_000, &scratch)?;
            #[allow(clippy::print_stdout)]
            {
                print!("{}", stages::table(&timings));
            }
        }
        Command::Sample { input, mb, out } => sample::write(&input, mb * 1_000_000, &out)?,
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("100MB").unwrap(), 100_000_000);
        assert_eq!(parse_size("1GB").unwrap(), 1_000_000_000);
        assert_eq!(parse_size("1.5 kB").unwrap(), 1_500);
        assert_eq!(parse_size("42").unwrap(), 42);
        assert!(parse_size("3 parsecs").is_err());
    }
}
