//! Integration tests of the fetch stage on the committed fixtures.

mod encodings;
mod properties;
