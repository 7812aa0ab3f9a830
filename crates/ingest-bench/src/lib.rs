//! Benchmark corpora with known answers, and the measurements `just bench` makes with them.
//!
//! - [`corpus`]: generates a deterministic corpus of any size from real sentences ([`sources`]):
//!   articles, exact copies, variants in other encodings ([`encodings`]), near duplicates, news
//!   pages ([`html`]), word-segmented files and junk, with `truth.json` saying what each file is.
//! - [`check`]: what a run decided for each file, against the truth.
//! - [`stages`]: each stage alone on one thread.
//! - [`sample`]: the same input cut for the peer tools (datatrove, pyvi, underthesea).
//!
//! Unlike the stage crates this crate depends on every stage: it measures them, and wires nothing
//! for the product.

pub mod check;
pub mod corpus;
pub mod encodings;
pub mod html;
mod rng;
pub mod sample;
pub mod sources;
pub mod stages;
