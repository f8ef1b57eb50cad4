//! What an audit found: differences with their status, and acknowledgements that no longer
//! match anything.

use std::fmt;
use std::path::PathBuf;

use serde_json::Value;

use super::topic::Topic;
use super::values::show;

/// One difference between the spec and the upstream reference, or a reviewed upstream value
/// that has changed since.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The method concerned.
    pub method: String,
    /// What differs.
    pub topic: Topic,
    /// Upstream's value today, as an acknowledgement pins it.
    pub upstream: Value,
    /// Both sides, briefly.
    pub detail: String,
    /// Whether the spec acknowledges it.
    pub status: Status,
}

/// Whether the spec acknowledges a finding.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// A decision or a `differs_from_upstream` entry accepted exactly this upstream value.
    Acknowledged {
        /// The decision's text or the item's notes.
        reason: String,
    },
    /// Nothing in the spec accepts it.
    Drift,
    /// The spec accepted another upstream value; upstream has changed since.
    Changed {
        /// The upstream value the spec accepted.
        pinned: Value,
        /// The reason given then.
        reason: String,
    },
}

impl Finding {
    /// True when the spec accepts this very upstream value.
    pub fn acknowledged(&self) -> bool {
        matches!(self.status, Status::Acknowledged { .. })
    }

    /// The reason the spec gives, when it gives one for this upstream value.
    pub fn reason(&self) -> Option<&str> {
        match &self.status {
            Status::Acknowledged { reason } => Some(reason),
            _ => None,
        }
    }

    /// `acknowledged` or `DRIFT`.
    pub fn mark(&self) -> &'static str {
        if self.acknowledged() {
            "acknowledged"
        } else {
            "DRIFT"
        }
    }

    /// The finding's text after its topic: both sides, and for a changed upstream value, the
    /// value accepted before.
    pub fn text(&self) -> String {
        match &self.status {
            Status::Changed { pinned, .. } => format!(
                "{}; acknowledged for upstream {}, upstream now {}",
                self.detail,
                show(pinned),
                show(&self.upstream)
            ),
            _ => self.detail.clone(),
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {}: {}",
            self.mark(),
            self.method,
            self.topic,
            self.text()
        )
    }
}

/// An acknowledgement that matches no difference: the spec or upstream changed and the entry
/// was left behind, or it cannot match anything.
#[derive(Debug, Clone, PartialEq)]
pub struct Stale {
    /// The method whose file holds it (`shared/errors.json` for a common error).
    pub method: String,
    /// Its topic: the decision's text, or the item and attribute.
    pub topic: String,
    /// Why it matches nothing.
    pub why: String,
}

impl fmt::Display for Stale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "STALE: {}: {}: {}", self.method, self.topic, self.why)
    }
}

/// The result of one audit.
#[derive(Debug, Clone)]
pub struct Report {
    /// The snapshot directory compared with.
    pub upstream_dir: PathBuf,
    /// Every method in the spec or the snapshot, sorted.
    pub methods: Vec<String>,
    /// Every difference, grouped by method in `methods` order.
    pub findings: Vec<Finding>,
    /// Every acknowledgement that matches no difference.
    pub stale: Vec<Stale>,
    /// Methods compared with SlackKit's method docs (`slackkit/` in the snapshot), which state
    /// no HTTP verb, content types or response shape.
    pub from_slackkit: Vec<String>,
    /// Methods of the spec with no upstream data at all: not compared.
    pub no_upstream: Vec<String>,
}

impl Report {
    /// The findings the spec does not acknowledge, including changed upstream values.
    pub fn drift(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| !f.acknowledged())
    }

    /// True when every difference is acknowledged and no acknowledgement is stale.
    pub fn is_clean(&self) -> bool {
        self.drift().next().is_none() && self.stale.is_empty()
    }
}
