//! Workspace-level tests. The library part compiles the generator's fixture snapshots, so a
//! snapshot that does not build (or warns, under clippy `-D warnings`) fails CI. It also holds
//! the fuzz targets' entry points ([`fuzz_entry`]), shared by `fuzz/` and the property tests.
#![deny(missing_docs)]

// Formatted by the generator, not rustfmt (see the drift check).
#[rustfmt::skip]
pub mod fixtures;
pub mod logs;
pub mod redis_server;
pub mod wait;

pub mod hostile;

pub mod fuzz_entry;

/// An error and its sources on one line, joined by `": "`, as anyhow's `{:#}` prints them: the
/// form in which the tests check that each fact of an error chain appears once.
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
