//! Integration tests of the fetch stage on the committed fixtures.

mod encodings;
mod http;
mod properties;
mod server;
mod sources;
