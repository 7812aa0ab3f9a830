//! Logs go to stderr through `tracing`; stdout carries only data.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

/// Sets up logging at `verbosity` (0 = info, +1 debug, +2 trace, -1 warn, -2 error) unless
/// `RUST_LOG` says otherwise.
pub fn init(verbosity: i8) {
    let level = match verbosity {
        i8::MIN..=-2 => "error",
        -1 => "warn",
        0 => "info",
        1 => "debug",
        2..=i8::MAX => "trace",
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(level));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false)
        .init();
}
