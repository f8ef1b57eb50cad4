//! Which spec keys spec-diff knows how to judge. A key with no rule is never guessed at: its
//! edits are [`Wire::Unclassified`], which fails the review.

use super::classify::Wire;

/// How a spec key's changes are judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Words for readers and reviewers (descriptions, notes, sources, decisions, audit
    /// acknowledgements): a change is documentation only.
    Docs,
    /// A fact callers see, or a key holding such facts: judged by where it sits (see
    /// [`super::classify`]); one that reaches no judgement there is unclassified, never docs.
    Judged,
}

/// Every key a spec file may hold, with its rule. A key missing here (a new kind of fact in
/// the model) makes any edit of it [`Wire::Unclassified`]; `codegen/tests/spec_diff.rs` walks
/// `spec/schema.json` so that a new key without a rule fails there first, by name.
const STANDARD: &[(&str, Rule)] = &[
    // Documentation and review records.
    ("$schema", Rule::Docs),
    ("description", Rule::Docs),
    ("notes", Rule::Docs),
    ("example", Rule::Docs),
    ("sources", Rule::Docs),
    ("docs_url", Rule::Docs),
    ("usage", Rule::Docs),
    ("encoding_reason", Rule::Docs),
    ("prefixes", Rule::Docs),
    ("decisions", Rule::Docs),
    ("topic", Rule::Docs),
    ("decision", Rule::Docs),
    ("upstream", Rule::Docs),
    ("differs_from_upstream", Rule::Docs),
    ("attribute", Rule::Docs),
    // A credential is held in a type that never prints it: the wire value is the same.
    ("secret", Rule::Docs),
    // Which description a method error uses in place of the common one.
    ("overrides_common", Rule::Docs),
    // Whether a request failing with an error code may succeed when sent again: the advice
    // `is_retryable()` gives callers.
    ("retryable", Rule::Judged),
    // Names of items: a change is one item removed and another added, or a rename.
    ("name", Rule::Judged),
    ("code", Rule::Judged),
    // Method facts.
    ("http_method", Rule::Judged),
    ("content_types", Rule::Judged),
    ("rate_limit_tier", Rule::Judged),
    ("scopes", Rule::Judged),
    ("bot", Rule::Judged),
    ("user", Rule::Judged),
    ("app", Rule::Judged),
    ("pagination", Rule::Judged),
    ("cursor_argument", Rule::Judged),
    ("limit_argument", Rule::Judged),
    ("items_field", Rule::Judged),
    ("common_errors", Rule::Judged),
    ("argument_rules", Rule::Judged),
    ("rule", Rule::Judged),
    ("choice", Rule::Judged),
    // Lists of items, each judged as an item.
    ("arguments", Rule::Judged),
    ("response", Rule::Judged),
    ("fields", Rule::Judged),
    ("errors", Rule::Judged),
    ("objects", Rule::Judged),
    ("ids", Rule::Judged),
    ("envelopes", Rule::Judged),
    ("workflow_trigger", Rule::Judged),
    // The Socket Mode file: its frames, the acknowledgement, the disconnect reasons.
    ("frames", Rule::Judged),
    ("acknowledgement", Rule::Judged),
    ("disconnect_reasons", Rule::Judged),
    // Field facts.
    ("type", Rule::Judged),
    ("required", Rule::Judged),
    ("default", Rule::Judged),
    ("constraints", Rule::Judged),
    ("max_length", Rule::Judged),
    ("min_length", Rule::Judged),
    ("minimum", Rule::Judged),
    ("maximum", Rule::Judged),
    ("min_items", Rule::Judged),
    ("max_items", Rule::Judged),
    ("allowed_values", Rule::Judged),
];

/// The rules a review applies.
#[derive(Debug, Clone)]
pub struct Rules {
    by_key: Vec<(&'static str, Rule)>,
}

impl Default for Rules {
    fn default() -> Rules {
        Rules::standard()
    }
}

impl Rules {
    /// A rule for every key of today's spec model.
    pub fn standard() -> Rules {
        Rules {
            by_key: STANDARD.to_vec(),
        }
    }

    /// These rules without the one for `key`: what a review sees once the model has a key
    /// nobody wrote a rule for.
    pub fn without(mut self, key: &str) -> Rules {
        self.by_key.retain(|(k, _)| *k != key);
        self
    }

    /// The rule for a spec key, if there is one.
    pub fn get(&self, key: &str) -> Option<Rule> {
        self.by_key
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, rule)| *rule)
    }

    /// What an edit that no specific judgement covers means: documentation for a
    /// documentation key, unclassified for anything else.
    pub fn unjudged(&self, key: &str) -> Wire {
        match self.get(key) {
            Some(Rule::Docs) => Wire::Docs,
            Some(Rule::Judged) | None => Wire::Unclassified,
        }
    }
}
