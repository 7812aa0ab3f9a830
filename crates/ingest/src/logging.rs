//! Logs go to stderr through `tracing`; stdout carries only data.
//!
//! On a terminal, a progress line (inputs, documents, MB/s) sits below the logs, which are
//! written above it so neither overwrites the other. Not on a terminal (CI, a file), there is no
//! progress line; `--log-format json` makes each log line a JSON object.

use std::io::IsTerminal;

use tracing_indicatif::IndicatifLayer;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

/// Sets up logging at `verbosity` (0 = info, +1 debug, +2 trace, -1 warn, -2 error) unless
/// `RUST_LOG` says otherwise.
pub fn init(verbosity: i8, format: LogFormat) {
    let level = match verbosity {
        i8::MIN..=-2 => "error",
        -1 => "warn",
        0 => "info",
        1 => "debug",
        2..=i8::MAX => "trace",
    };
    let filter = || EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(level));
    let terminal = std::io::stderr().is_terminal();
    match format {
        LogFormat::Json => {
            tracing_subscriber::fmt().json().with_env_filter(filter()).with_writer(std::io::stderr).init();
        }
        LogFormat::Text if terminal && verbosity >= 0 => {
            let progress = IndicatifLayer::new();
            tracing_subscriber::registry()
                .with(filter())
                .with(tracing_subscriber::fmt::layer().with_writer(progress.get_stderr_writer()).with_target(false))
                .with(progress)
                .init();
        }
        LogFormat::Text => {
            tracing_subscriber::fmt()
                .with_env_filter(filter())
                .with_writer(std::io::stderr)
                .with_ansi(terminal)
                .with_target(false)
                .init();
        }
    }
}
