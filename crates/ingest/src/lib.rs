//! The driver: reads the command line and settings, and composes the stages.
//!
//! The stages never call each other; [`pipeline`] is the only place that knows their order.

pub mod batches;
pub mod cli;
pub mod config;
pub mod diff;
pub mod eval;
pub mod first_pass;
pub mod interrupt;
pub mod laps;
pub mod logging;
pub mod pipeline;
pub mod prior;
pub mod recorded;
pub mod report;
pub mod segment;
pub mod spill;
pub mod subwords;

use std::process::ExitCode;

use anyhow::Result;

/// How a command ended; each is an exit code, documented in the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// 0: everything worked.
    Success,
    /// 1: the output was written, but some inputs (files or URLs) could not be read (see
    /// `rejects.jsonl`); or a measured score is below the floor asked for; or `verify` found a
    /// problem; or `diff --fail-on-change` found a change.
    InputErrors,
    /// 2: bad usage or configuration, or the output could not be written.
    Failure,
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> ExitCode {
        ExitCode::from(match status {
            Status::Success => 0,
            Status::InputErrors => 1,
            Status::Failure => 2,
        })
    }
}

/// Runs the command the user asked for.
pub fn execute(cli: cli::Cli) -> Result<Status> {
    match cli.command {
        cli::Command::Run(args) => {
            let settings = config::resolve(&args)?;
            let report = pipeline::run(&settings)?;
            Ok(if report.io_rejects > 0 { Status::InputErrors } else { Status::Success })
        }
        cli::Command::Config(args) => {
            let settings = config::resolve(&args.run)?;
            print_stdout(&config::describe(&settings)?)?;
            Ok(Status::Success)
        }
        cli::Command::Segment(args) => segment::run(&args).map(|()| Status::Success),
        cli::Command::EvalSegmenter(args) => eval::run(&args),
        cli::Command::Report { dir } => {
            report::write(&dir)?;
            tracing::info!("wrote {} and {}", dir.join("report.html").display(), dir.join("report.md").display());
            Ok(Status::Success)
        }
        cli::Command::Verify { dir } => {
            let build = ingest_emit::Build::open(&dir)?;
            let problems = build.verify()?;
            if problems.is_empty() {
                tracing::info!(
                    "{} is intact: {} files, {} documents",
                    dir.display(),
                    build.manifest.files.len(),
                    build.manifest.counts.documents
                );
                Ok(Status::Success)
            } else {
                for problem in &problems {
                    tracing::error!("{problem}");
                }
                tracing::error!("{} fails verification: {} problems", dir.display(), problems.len());
                Ok(Status::InputErrors)
            }
        }
        cli::Command::Diff(args) => {
            let diff = diff::compare(&args.old, &args.new, args.max_diffs)?;
            print_stdout(&diff::render(&diff, args.format))?;
            Ok(if args.fail_on_change && !diff.is_empty() { Status::InputErrors } else { Status::Success })
        }
        cli::Command::Index(cli::IndexCommand::Stats { path }) => {
            let stats = ingest_index::Index::stats(&path)?;
            #[allow(clippy::print_stdout)]
            {
                println!("file:          {}", path.display());
                println!("bytes:         {}", stats.file_bytes);
                println!("builds:        {}", stats.builds);
                println!("documents:     {}", stats.documents);
                println!("exact keys:    {}", stats.exact_keys);
                println!("band entries:  {}", stats.band_entries);
                println!("near settings: {}", stats.near_settings);
            }
            Ok(Status::Success)
        }
    }
}

/// Writes data to stdout (a closed pipe surfaces as an error the caller treats as success).
pub fn print_stdout(text: &str) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// A closed stdout (`ingest ... | head`) ends the command quietly; it is not an error.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
