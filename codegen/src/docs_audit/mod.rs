//! `cargo xtask docs-audit`: the spec compared with Slack's machine-readable method reference.
//!
//! Slack publishes a JSON document per method (`docs.slack.dev/reference/methods/<m>.json`:
//! `desc`, `http_method`, `scope`, `rate_limits`, `json_input_supported`, `args` as a JSON
//! schema, `output`, `errors`). The snapshot the spec was last audited against lives in
//! `spec/upstream/`. This audit lists every difference between the two, method by method, and
//! whether the spec acknowledges it.
//!
//! An acknowledgement pins the upstream value it accepted (see [`acknowledge`]): a decision
//! whose `topic` is a [`Topic`] and whose `upstream` is that value, or a `differs_from_upstream`
//! entry naming the attribute and the value. A different upstream value later is drift again,
//! and an acknowledgement that matches no difference is stale; both fail the audit. Nothing
//! else acknowledges: notes alone do not, and an argument or error code that upstream has and
//! the spec lacks has no item to list it, so only a decision can accept it.
//!
//! Methods Slack's method JSON is not stored for are compared with SlackKit's method docs in
//! `spec/upstream/slackkit/` where there are some (description, tier, scopes, arguments and
//! errors only: SlackKit has no verb, content types or response shapes); the report names those
//! methods. A snapshot with that directory is taken to cover the whole spec, so a method in
//! neither is drift; a snapshot of Slack's method JSON alone (the dated ones kept for the tests)
//! covers the methods it has files for, and the report names the others as having no upstream
//! data, comparing nothing for them.
//!
//! Jobs: [`upstream`] reads the snapshot, [`compare`] observes every fact both sides state
//! (with [`values`] and a coarse type kind), [`topic`] names what is compared, [`acknowledge`]
//! matches the spec's acknowledgements, [`report`] holds the result and [`render`] writes it.

pub mod acknowledge;
pub mod compare;
mod kind;
pub mod render;
pub mod report;
pub mod topic;
pub mod upstream;
pub mod values;

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

pub use report::{Finding, Report, Stale, Status};
pub use topic::Topic;

use crate::model::Spec;
use crate::GenerateError;

/// The snapshot directory, relative to the workspace root.
pub const UPSTREAM_DIR: &str = "spec/upstream";

/// Loads and validates the spec in `spec_dir`, then audits it against `upstream_dir`.
pub fn run(spec_dir: &Path, upstream_dir: &Path) -> Result<Report, GenerateError> {
    let spec = crate::load::load(spec_dir)?;
    crate::validate::validate(&spec)?;
    audit(&spec, upstream_dir)
}

/// Compares `spec` with every `<method>.json` in `upstream_dir`.
///
/// Fails, naming the file, when the directory cannot be read, holds no method file, or a file
/// is not a JSON object.
pub fn audit(spec: &Spec, upstream_dir: &Path) -> Result<Report, GenerateError> {
    let upstream = upstream::read_snapshot(upstream_dir)?;
    let slackkit_dir = upstream_dir.join(upstream::SLACKKIT_DIR);
    let covers_spec = slackkit_dir.is_dir();
    let slackkit = upstream::read_slackkit(&slackkit_dir)?;
    let methods: BTreeSet<String> = spec
        .methods
        .keys()
        .cloned()
        .chain(upstream.keys().cloned())
        .collect();
    let mut findings = Vec::new();
    let mut stale = Vec::new();
    let mut from_slackkit = Vec::new();
    let mut no_upstream = Vec::new();
    for name in &methods {
        let ours = spec.methods.get(name).map(|located| &located.value);
        let observed = match (ours, upstream.get(name), slackkit.get(name)) {
            (Some(ours), Some(theirs), _) => compare::method(ours, theirs, spec),
            (Some(ours), None, Some(theirs)) => {
                from_slackkit.push(name.clone());
                compare::method_from_slackkit(ours, theirs, spec)
            }
            // A snapshot with SlackKit's docs covers the whole spec: a method in neither is
            // missing upstream.
            (Some(_), None, None) if covers_spec => {
                vec![presence(false, "in the spec, not upstream")]
            }
            // A snapshot of Slack's method JSON alone covers the methods it has files for: for
            // the others there is nothing to compare, acknowledge or find stale.
            (Some(_), None, None) => {
                no_upstream.push(name.clone());
                continue;
            }
            (None, _, _) => vec![presence(true, "upstream, not in the spec")],
        };
        match ours {
            Some(ours) => acknowledge::Acknowledgements::of(ours, spec, &mut stale).judge(
                observed,
                &mut findings,
                &mut stale,
            ),
            None => findings.extend(observed.into_iter().map(|o| Finding {
                method: name.clone(),
                topic: o.topic,
                upstream: o.upstream,
                detail: o.detail,
                status: Status::Drift,
            })),
        }
    }
    acknowledge::uncompared(spec, &mut stale);
    Ok(Report {
        upstream_dir: upstream_dir.to_path_buf(),
        methods: methods.into_iter().collect(),
        findings,
        stale,
        from_slackkit,
        no_upstream,
    })
}

/// A method on one side only.
fn presence(upstream: bool, detail: &str) -> compare::Observation {
    compare::Observation {
        topic: Topic::Method,
        upstream: Value::Bool(upstream),
        differs: true,
        detail: detail.to_owned(),
    }
}
