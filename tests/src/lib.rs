//! Workspace-level tests. The library part compiles the generator's fixture snapshots, so a
//! snapshot that does not build (or warns, under clippy `-D warnings`) fails CI.
#![deny(missing_docs)]

// Formatted by the generator, not rustfmt (see the drift check).
#[rustfmt::skip]
pub mod fixtures;
