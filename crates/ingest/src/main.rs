//! The `ingest` command. Parsing, logging and exit codes here; the work is in the library.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = ingest::cli::Cli::parse();
    ingest::logging::init(cli.verbosity(), cli.log_format);
    ingest::interrupt::install();
    match ingest::execute(cli) {
        Ok(status) => status.into(),
        Err(err) if ingest::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) if ingest::interrupt::is_interrupted(&err) => {
            tracing::warn!("interrupted: nothing was published, the previous output is as it was");
            ExitCode::from(130)
        }
        Err(err) => {
            tracing::error!("{err:#}");
            ingest::Status::Failure.into()
        }
    }
}
