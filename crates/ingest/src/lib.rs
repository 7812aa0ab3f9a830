//! The driver: reads the command line and settings, and composes the stages.
//!
//! The stages never call each other; [`pipeline`] is the only place that knows their order.

pub mod cli;
pub mod config;
pub mod logging;
pub mod pipeline;

use std::process::ExitCode;

use anyhow::Result;

/// How a command ended; each is an exit code, documented in the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// 0: everything worked.
    Success,
    /// 1: the output was written, but some inputs (files or URLs) could not be read (see
    /// `rejects.jsonl`).
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
    }
}

/// A closed stdout (`ingest ... | head`) ends the command quietly; it is not an error.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
