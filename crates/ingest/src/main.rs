//! The `ingest` command. Parsing, logging and exit codes here; the work is in the library.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of the system allocator: a run allocates and frees many short-lived strings
/// and batch buffers, and glibc's allocator spent much of its time returning memory to the kernel
/// and faulting it back in (1 GB, 2 threads: user 75.2 → 68.6 s, system 16.6 → 8.1 s; BENCHMARKS.md).
/// Built without transparent huge pages (`no_thp`), which took 10–30 MB more memory for no speed.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
