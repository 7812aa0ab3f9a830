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
    /// Build the dataset from input files and directories (default: seeds/).
    Run(RunArgs),
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Input files and directories; directories are read recursively in sorted order.
    /// [default: seeds]
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
    /// Write the clean text of rejected documents into rejects.jsonl (key `text`).
    #[arg(long)]
    pub keep_rejected: bool,
}
