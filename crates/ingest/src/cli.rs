//! The command line.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Turns raw Vietnamese news documents into a clean, deduplicated, word-segmented JSONL dataset.
#[derive(Debug, Parser)]
#[command(name = "ingest", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// More log output on stderr (-v debug, -vv trace). RUST_LOG overrides.
    #[arg(short, long, global = true, action = clap::ArgAction::Count, conflicts_with = "quiet")]
    pub verbose: u8,
    /// Less log output on stderr (-q warnings and errors only, -qq errors only).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub quiet: u8,
}

impl Cli {
    /// -v counts up, -q counts down, 0 is the default.
    pub fn verbosity(&self) -> i8 {
        i8::try_from(self.verbose).unwrap_or(i8::MAX) - i8::try_from(self.quiet).unwrap_or(i8::MAX)
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the dataset from files, directories, patterns, archives, datasets and WARC files
    /// (default: seeds/).
    Run(RunArgs),
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Inputs: files, directories (read recursively in sorted order), glob patterns
    /// (`data/**/*.txt`), `-` for a list of paths on stdin. Compressed files (.gz, .zst),
    /// archives (.tar, .tgz, .zip), JSONL datasets and WARC files are read inside. [default: seeds]
    pub inputs: Vec<PathBuf>,
    /// Output directory; replaced only when the new build is complete. [default: out]
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Worker threads [default: RAYON_NUM_THREADS, else one per core]. The output is the same
    /// for any value.
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,
    /// Settings file (TOML); flags override it.
    #[arg(short, long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(flatten)]
    pub fetch: FetchArgs,
}

/// How inputs are chosen and read.
#[derive(Debug, Default, Args)]
#[command(next_help_heading = "Inputs")]
pub struct FetchArgs {
    /// Only files whose path under their input matches GLOB are inputs (repeatable; `*` crosses `/`).
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,
    /// Files whose path under their input matches GLOB are not inputs (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// The JSONL field that holds the text. [default: text]
    #[arg(long, value_name = "NAME")]
    pub text_field: Option<String>,
    /// The JSONL field that names a record; its source becomes `file.jsonl#ID`.
    #[arg(long, value_name = "NAME")]
    pub id_field: Option<String>,
    /// The JSONL field that holds a record's URL; its source becomes the URL.
    #[arg(long, value_name = "NAME")]
    pub url_field: Option<String>,
    /// Largest document after decompression: bytes, or with a K, M or G suffix. [default: 64M]
    #[arg(long, value_name = "SIZE", value_parser = crate::config::parse_size)]
    pub max_document_bytes: Option<u64>,
    /// Most one compressed file or archive may decompress to. [default: 16G]
    #[arg(long, value_name = "SIZE", value_parser = crate::config::parse_size)]
    pub max_archive_bytes: Option<u64>,
}
