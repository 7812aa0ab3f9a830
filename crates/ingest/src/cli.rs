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
    /// archives (.tar, .tgz, .zip), JSONL datasets and WARC files are read inside. [default: seeds,
    /// unless URLs are given]
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
    #[command(flatten)]
    pub http: HttpArgs,
}

/// How URLs are fetched.
#[derive(Debug, Default, Args)]
#[command(next_help_heading = "URLs")]
pub struct HttpArgs {
    /// Fetch URL, after the other inputs (repeatable).
    #[arg(long, value_name = "URL")]
    pub url: Vec<String>,
    /// Fetch the URLs listed in FILE, one a line (repeatable; `#` starts a comment line).
    #[arg(long, value_name = "FILE")]
    pub urls: Vec<PathBuf>,
    /// Cache of fetched responses, as WARC files. [default: ingest-cache]
    #[arg(long, value_name = "DIR")]
    pub cache: Option<PathBuf>,
    /// Make no request: URLs come from the cache only.
    #[arg(long)]
    pub offline: bool,
    /// Requests to one host at once. [default: 2]
    #[arg(long, value_name = "N")]
    pub per_host: Option<usize>,
    /// Least time between two requests to one host, in milliseconds. [default: 500]
    #[arg(long, value_name = "MS")]
    pub delay_ms: Option<u64>,
    /// Requests in flight at once over all hosts. [default: 8]
    #[arg(long, value_name = "N")]
    pub fetchers: Option<usize>,
    /// Read timeout for the response head and again for its body, in milliseconds. [default: 30000]
    #[arg(long, value_name = "MS")]
    pub timeout_ms: Option<u64>,
    /// Connect timeout, in milliseconds. [default: 10000]
    #[arg(long, value_name = "MS")]
    pub connect_timeout_ms: Option<u64>,
    /// Retries after a timeout, a connection failure or a 5xx answer. [default: 3]
    #[arg(long, value_name = "N")]
    pub retries: Option<usize>,
    /// Redirects followed for one URL. [default: 5]
    #[arg(long, value_name = "N")]
    pub max_redirects: Option<usize>,
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
