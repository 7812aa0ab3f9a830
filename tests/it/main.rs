//! End-to-end tests: each runs the built `ingest` binary in a temporary directory and checks its
//! exit code, stderr and output files.
//!
//! The binary is `target/<profile>/ingest`, which `cargo test --workspace` builds (the `ingest`
//! crate has an integration test of its own, which makes cargo build it). `INGEST_BIN` overrides
//! the path.

mod bench_corpus;
mod faults;
mod fetch;
mod golden;
mod ops;
mod properties;
mod run;
mod schema;
mod util;
