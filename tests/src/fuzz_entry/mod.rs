//! Fuzz entry points: one function per target of `fuzz/` (cargo-fuzz), each taking arbitrary
//! bytes. They return normally on any input, well-formed or not; a panic is a bug. The same
//! functions run in the property tests of `tests/tests/properties.rs`, so `cargo test` runs a
//! short smoke of every target.
//!
//! | target | what it decodes | input layout |
//! |---|---|---|
//! | [`response`] | a Web API response body, for every method in the spec | method selector byte, body |
//! | [`form`] | a form-encoded request body, for every method | method selector byte, body |
//! | [`events`] | an Events API delivery (envelope and event) | body |
//! | [`signature`] | the signature headers of a delivery, and their check | see [`signature`] |
//! | [`spec`] | spec loading, validation and generation | file selector byte, file text |
//!
//! A method selector byte picks `METHODS[byte % METHODS.len()]`, so a method added to the spec
//! is fuzzed without a change here. [`seeds`] gives each target's starting corpus.

mod codec;
mod events;
mod seeds;
mod signature;
mod spec;

pub use codec::{form, response};
pub use events::events;
pub use seeds::{seeds, Seed};
pub use signature::signature;
pub use spec::spec;

/// The names of the targets, as `fuzz/` and `scripts/fuzz.sh` name them.
pub const TARGETS: &[&str] = &["response", "form", "events", "signature", "spec"];

/// Runs the target named `target` on `data`; `false` when no target has that name.
pub fn run(target: &str, data: &[u8]) -> bool {
    let entry: fn(&[u8]) = match target {
        "response" => response,
        "form" => form,
        "events" => events,
        "signature" => signature,
        "spec" => spec,
        _ => return false,
    };
    entry(data);
    true
}

/// The method a selector byte picks.
fn method(selector: u8) -> &'static slack_connect::runtime::MethodMeta {
    let methods = slack_connect::generated::METHODS;
    methods[usize::from(selector) % methods.len()]
}

/// The selector byte of the method named `name`, if the spec has it.
fn selector(name: &str) -> Option<u8> {
    slack_connect::generated::METHODS
        .iter()
        .position(|m| m.name == name)
        .and_then(|i| u8::try_from(i).ok())
}
