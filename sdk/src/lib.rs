//! # slack-connect
//!
//! A typed Rust SDK for Slack's Slack Connect APIs: inviting external organizations to shared
//! channels, accepting invites, and approving or denying invites and invite requests.
//!
//! Everything in [`generated`] (re-exported at the crate root) is generated from the JSON spec
//! in the repository's `spec/` directory by `cargo xtask codegen`:
//!
//! - a request struct per method: required arguments go to `new`, optional ones to builder
//!   methods, and `validate()` checks every documented constraint before anything is sent;
//! - a response struct per method: fields Slack may leave out are `Option`;
//! - an exhaustive error enum per method: one variant per documented error code, plus `Unknown`
//!   for any code the documentation does not list;
//! - distinct ID types ([`ChannelId`], [`UserId`], [`TeamId`], [`EnterpriseId`], [`InviteId`]);
//! - each method's metadata (verb, encoding, rate-limit tier, scopes), and [`METHODS`].
//!
//! The [`runtime`] module holds the few hand-written pieces every method shares.
#![deny(missing_docs)]

// Generated code is formatted by the generator (prettyplease); rustfmt must not reformat it,
// or the drift check would see a difference.
#[rustfmt::skip]
pub mod generated;
pub mod client;
pub mod runtime;

pub use client::{
    BuildError, Client, ClientBuilder, Error, Items, RetryPolicy, ThrottlePolicy, Token,
};
pub use generated::*;
