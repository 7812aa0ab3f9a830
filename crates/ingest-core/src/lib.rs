//! The types every stage of `ingest` shares, and the few helpers more than one stage needs
//! ([`hex`], [`letters`]).
//!
//! An input becomes a [`Document`] in the fetch stage; clean, dedupe and tokenize fill in more of it;
//! emit writes it. An input that does not end as a document ends as a [`Duplicate`] or a [`Reject`],
//! so every input has exactly one [`Outcome`].
//!
//! This crate has no dependencies and does no I/O. It does not know the on-disk schema: that belongs
//! to the emit crate.

mod document;
mod hex;
pub mod letters;
mod outcome;

pub use document::{Document, Fixed4, Language, Metadata, Quality, RemovedLine};
pub use hex::hex;
pub use outcome::{Duplicate, DuplicateKind, Outcome, Reject, RejectReason, Stage};
