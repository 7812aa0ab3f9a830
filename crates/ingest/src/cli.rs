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
    /// Log lines as text or as one JSON object each (for CI logs).
    #[arg(long, global = true, value_enum, default_value = "text")]
    pub log_format: crate::logging::LogFormat,
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
    /// Show the settings `run` would use, resolved from defaults, the config file and flags.
    Config(ConfigArgs),
    /// Word-segment text: each line of stdin (or of FILEs) becomes one line on stdout.
    Segment(SegmentArgs),
    /// Score the word segmenter against a gold treebank in CoNLL-U (word-level P/R/F1).
    EvalSegmenter(EvalArgs),
    /// Describe a build for a person: report.html (with plots) and report.md in its directory.
    Report {
        /// The output directory of a build.
        dir: PathBuf,
    },
    /// Check a build against its manifest: file hashes, records, unique ids, counts.
    Verify {
        /// The output directory of a build.
        dir: PathBuf,
    },
    /// Show what changed between two builds: documents added, removed, changed.
    Diff(DiffArgs),
    /// Inspect a persistent dedupe index (`run --index`).
    #[command(subcommand)]
    Index(IndexCommand),
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    pub old: PathBuf,
    pub new: PathBuf,
    #[arg(long, value_enum, default_value = "text")]
    pub format: crate::diff::Format,
    /// Line diffs for this many changed documents at most.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub max_diffs: usize,
    /// Exit with 1 when the builds differ.
    #[arg(long)]
    pub fail_on_change: bool,
}

#[derive(Debug, Subcommand)]
pub enum IndexCommand {
    /// Print the index's size and counts.
    Stats {
        /// The index file.
        path: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Print the resolved settings as JSON (the only action for now; also the default).
    #[arg(long)]
    pub print: bool,
    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Debug, Args)]
pub struct SegmentArgs {
    /// Files to segment, in order; none or `-` reads stdin.
    pub files: Vec<PathBuf>,
    /// One sentence per output line instead of one input line per output line.
    #[arg(long, conflicts_with = "pretokenized")]
    pub sentences: bool,
    /// The input is already tokenized: every space-separated piece is one token (a syllable,
    /// a number, a punctuation mark), as in treebanks; only words are joined.
    #[arg(long)]
    pub pretokenized: bool,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// A CoNLL-U file (e.g. UD Vietnamese-VTB dev).
    pub conllu: PathBuf,
    /// Minimum F1 (0-1) for the tokenized-input score; below it the exit code is 1.
    #[arg(long, value_name = "F1")]
    pub min_f1: Option<f64>,
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
    /// Set any key of the settings file, overriding it: `--set clean.filters.min_words=10`,
    /// `--set 'clean.filters.languages=["vie","eng"]'`. Repeatable.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Persistent dedupe index (one redb file, created if missing): documents earlier builds
    /// published are skipped (kinds `exact-index`, `near-index`); this run's documents are added
    /// once its output is in place.
    #[arg(long, value_name = "FILE")]
    pub index: Option<PathBuf>,
    /// Drop paragraphs that an earlier kept document already had (cc_net style); a document left
    /// with none is a duplicate (`paragraphs`) of the first one it matched.
    #[arg(long)]
    pub dedupe_paragraphs: bool,
    /// Exact duplicates only: no near-duplicate detection.
    #[arg(long)]
    pub no_near: bool,
    /// Estimated Jaccard similarity at or above which a document is a near-duplicate
    /// [default: 0.8].
    #[arg(long, value_name = "SIMILARITY")]
    pub near_threshold: Option<f64>,
    /// Count each document's subword tokens under this Hugging Face tokenizer.json (e.g.
    /// PhoBERT's) into `metadata.subword_tokens`. Needs a build with `--features hf`.
    #[arg(long, value_name = "FILE", conflicts_with = "no_segment")]
    pub hf_tokenizer: Option<PathBuf>,
    /// Do not word-segment: documents have no `segmented` and no `metadata.words` (for corpora
    /// that want natural text only, such as LLM pretraining or search).
    #[arg(long)]
    pub no_segment: bool,
    /// Write the clean text of rejected documents into rejects.jsonl (key `text`).
    #[arg(long)]
    pub keep_rejected: bool,
    /// Compress document shards: none, zstd (level 3) or gzip [default: none].
    #[arg(long, value_name = "KIND")]
    pub compress: Option<String>,
    /// Uncompressed size of a document shard, e.g. 256MB, 1GiB [default: 256MB].
    #[arg(long, value_name = "SIZE")]
    pub shard_size: Option<String>,
    /// Continue a build that was killed: completed shards are kept, the rest is redone, and the
    /// output is the same bytes as an uninterrupted run.
    #[arg(long)]
    pub resume: bool,
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
