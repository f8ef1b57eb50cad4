//! The spec's acknowledgements, matched with what the audit observed.
//!
//! An acknowledgement pins the upstream value it accepted: a method `decisions` entry whose
//! `topic` is a [`Topic`] and whose `upstream` holds that value, or a `differs_from_upstream`
//! entry (`attribute` and `upstream`) on an argument, object property, error or response field.
//! A difference is acknowledged only while upstream still says exactly the pinned value.
//!
//! - A `differs_from_upstream` entry claims a difference: when the spec and upstream agree, or
//!   the item is not compared at all, it is stale.
//! - A decision may also record why the spec follows upstream (`rate_limit_tier`: "Tier 2 as
//!   Slack says"): with no difference it holds while upstream keeps the pinned value, and a
//!   different value is drift. A decision on a compared topic without `upstream` is stale, as
//!   is one whose topic is never compared.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::compare::Observation;
use super::report::{Finding, Stale, Status};
use super::topic::Topic;
use super::values::{normalize, same, show};
use crate::model::{Decision, ErrorDef, Field, MethodFile, ObjectDef, Spec, UpstreamDifference};
use crate::types::TypeRef;

/// One acknowledgement of a method.
struct Acknowledgement {
    /// The upstream value accepted.
    pinned: Value,
    /// The decision's text or the item's notes.
    reason: String,
    /// Whether it is a decision (which may hold without a difference).
    decision: bool,
}

/// A method's acknowledgements by topic.
pub struct Acknowledgements {
    method: String,
    by_topic: BTreeMap<Topic, Acknowledgement>,
}

impl Acknowledgements {
    /// Every acknowledgement of `method`; the ones that can never match go to `stale`.
    pub fn of(method: &MethodFile, spec: &Spec, stale: &mut Vec<Stale>) -> Acknowledgements {
        let mut acks = Acknowledgements {
            method: method.name.clone(),
            by_topic: BTreeMap::new(),
        };
        for decision in &method.decisions {
            let topic = decision.topic.parse::<Topic>();
            let why = match (topic, &decision.upstream) {
                (Ok(topic), Some(pinned)) => {
                    acks.insert(topic, pinned.clone(), &decision.decision, true, stale);
                    continue;
                }
                // Free text: a decision about something the audit does not compare.
                (Err(_), None) => continue,
                (Err(error), Some(_)) => format!("decision pins an upstream value, but {error}"),
                (Ok(_), None) => "decision on a compared topic records no `upstream` value: \
                                  pin the upstream value it accepted"
                    .to_owned(),
            };
            stale.push(Stale {
                method: method.name.clone(),
                topic: decision.topic.clone(),
                why,
            });
        }
        for argument in &method.arguments {
            acks.field(&argument.name, argument, argument_topic, stale);
            // The properties of an object argument are compared one level down.
            let TypeRef::Named(object) = &argument.ty else {
                continue;
            };
            let object = method
                .objects
                .iter()
                .chain(&spec.objects)
                .find(|o| &o.name == object);
            for property in object.map(|o| o.fields.as_slice()).unwrap_or_default() {
                let name = format!("{}.{}", argument.name, property.name);
                acks.field(&name, property, argument_topic, stale);
            }
        }
        for field in &method.response.fields {
            acks.field(&field.name, field, response_topic, stale);
        }
        for error in &method.errors {
            acks.error(error, stale);
        }
        acks
    }

    fn insert(
        &mut self,
        topic: Topic,
        pinned: Value,
        reason: &str,
        decision: bool,
        stale: &mut Vec<Stale>,
    ) {
        if self.by_topic.contains_key(&topic) {
            stale.push(Stale {
                method: self.method.clone(),
                topic: topic.to_string(),
                why: "acknowledged twice (a decision and `differs_from_upstream`, or two \
                      decisions): keep one"
                    .to_owned(),
            });
            return;
        }
        let ack = Acknowledgement {
            pinned,
            reason: reason.to_owned(),
            decision,
        };
        self.by_topic.insert(topic, ack);
    }

    fn field(
        &mut self,
        name: &str,
        field: &Field,
        topic: fn(&str, &UpstreamDifference) -> Topic,
        stale: &mut Vec<Stale>,
    ) {
        let reason = field
            .notes
            .as_deref()
            .unwrap_or("listed in differs_from_upstream");
        for difference in &field.differs_from_upstream {
            let topic = topic(name, difference);
            self.insert(topic, difference.upstream.clone(), reason, false, stale);
        }
    }

    fn error(&mut self, error: &ErrorDef, stale: &mut Vec<Stale>) {
        let reason = error
            .notes
            .as_deref()
            .unwrap_or("listed in differs_from_upstream");
        for difference in &error.differs_from_upstream {
            let topic = Topic::Error {
                code: error.code.clone(),
                attribute: difference.attribute,
            };
            self.insert(topic, difference.upstream.clone(), reason, false, stale);
        }
    }

    /// Judges each observation of the method: differences become findings, acknowledged or
    /// drift; acknowledgements left unmatched become stale.
    pub fn judge(
        mut self,
        observed: Vec<Observation>,
        findings: &mut Vec<Finding>,
        stale: &mut Vec<Stale>,
    ) {
        for observation in observed {
            let ack = self.by_topic.remove(&observation.topic);
            let status = match (observation.differs, ack) {
                (true, None) => Status::Drift,
                (_, Some(ack)) if pinned_is(&observation, &ack.pinned) => {
                    if !observation.differs && !ack.decision {
                        stale.push(Stale {
                            method: self.method.clone(),
                            topic: observation.topic.to_string(),
                            why: format!(
                                "`differs_from_upstream` accepted upstream {}, but the spec \
                                 agrees with upstream now",
                                show(&ack.pinned)
                            ),
                        });
                    }
                    if !observation.differs {
                        continue;
                    }
                    Status::Acknowledged { reason: ack.reason }
                }
                (true, Some(ack)) => Status::Changed {
                    pinned: ack.pinned,
                    reason: ack.reason,
                },
                (false, Some(ack)) if ack.decision => Status::Changed {
                    pinned: ack.pinned,
                    reason: ack.reason,
                },
                (false, Some(ack)) => {
                    stale.push(Stale {
                        method: self.method.clone(),
                        topic: observation.topic.to_string(),
                        why: format!(
                            "`differs_from_upstream` accepted upstream {}, but upstream now \
                             says {}, as the spec does",
                            show(&ack.pinned),
                            show(&observation.upstream)
                        ),
                    });
                    continue;
                }
                (false, None) => continue,
            };
            findings.push(Finding {
                method: self.method.clone(),
                topic: observation.topic,
                upstream: observation.upstream,
                detail: observation.detail,
                status,
            });
        }
        for (topic, ack) in self.by_topic {
            let source = if ack.decision {
                "decision"
            } else {
                "`differs_from_upstream`"
            };
            stale.push(Stale {
                method: self.method.clone(),
                topic: topic.to_string(),
                why: format!(
                    "{source} accepted upstream {}, but nothing is compared there: the item is \
                     missing from the spec or from upstream",
                    show(&ack.pinned)
                ),
            });
        }
    }
}

/// Whether upstream still says the pinned value; descriptions are compared as read.
fn pinned_is(observation: &Observation, pinned: &Value) -> bool {
    match (
        observation.topic.is_description(),
        &observation.upstream,
        pinned,
    ) {
        (true, Value::String(now), Value::String(then)) => normalize(now) == normalize(then),
        _ => same(&observation.upstream, pinned),
    }
}

/// The topic of an argument's (or object property's) `differs_from_upstream` entry.
fn argument_topic(name: &str, difference: &UpstreamDifference) -> Topic {
    Topic::Argument {
        name: name.to_owned(),
        attribute: difference.attribute,
    }
}

/// The topic of a response field's `differs_from_upstream` entry.
fn response_topic(name: &str, difference: &UpstreamDifference) -> Topic {
    Topic::Response {
        name: name.to_owned(),
        attribute: difference.attribute,
    }
}

/// Acknowledgements where the audit compares nothing: on events, envelopes and common errors
/// (Slack's method reference has none of them), and on object properties no argument reaches
/// (only the properties of object arguments are compared). Each is stale.
pub fn uncompared(spec: &Spec, stale: &mut Vec<Stale>) {
    let mut out = Uncompared { stale };
    // Object shapes an argument names, by method; the shared ones across all methods.
    let mut shared_reached = BTreeSet::new();
    for located in spec.methods.values() {
        let method = &located.value;
        let reached: BTreeSet<&str> = method
            .arguments
            .iter()
            .filter_map(|a| match &a.ty {
                TypeRef::Named(name) => Some(name.as_str()),
                _ => None,
            })
            .collect();
        for object in &method.objects {
            if !reached.contains(object.name.as_str()) {
                let what = "an object no argument uses is";
                out.object(&method.name, object, what);
            }
        }
        shared_reached.extend(reached);
    }
    for object in &spec.objects {
        if !shared_reached.contains(object.name.as_str()) {
            let what = "a shared object no argument uses is";
            out.object(&spec.objects_file, object, what);
        }
    }
    for located in spec.events.values() {
        let event = &located.value;
        let scope = format!("event {}", event.name);
        out.fields(&scope, "field ", &event.fields, "an event is");
        if let Some(trigger) = &event.workflow_trigger {
            out.fields(
                &scope,
                "workflow trigger field ",
                &trigger.fields,
                "an event is",
            );
        }
        for object in &event.objects {
            out.object(&scope, object, "an event is");
        }
        out.decisions(&scope, &event.decisions, "an event is");
    }
    if let Some(envelopes) = &spec.envelopes {
        let scope = &envelopes.file;
        for envelope in &envelopes.value.envelopes {
            let owner = format!("envelope {} field ", envelope.name);
            out.fields(scope, &owner, &envelope.fields, "an envelope is");
        }
        out.decisions(scope, &envelopes.value.decisions, "an envelope is");
    }
    for error in &spec.common_errors {
        for difference in &error.differs_from_upstream {
            let topic = format!("error {} {}", error.code, difference.attribute);
            out.report(&spec.errors_file, topic, "a common error is");
        }
    }
}

/// Collects the acknowledgements nothing compares.
struct Uncompared<'a> {
    stale: &'a mut Vec<Stale>,
}

impl Uncompared<'_> {
    fn report(&mut self, scope: &str, topic: String, what: &str) {
        self.stale.push(Stale {
            method: scope.to_owned(),
            topic,
            why: format!("{what} not compared with upstream, so nothing can differ"),
        });
    }

    fn fields(&mut self, scope: &str, owner: &str, fields: &[Field], what: &str) {
        for field in fields {
            for difference in &field.differs_from_upstream {
                let topic = format!("{owner}{} {}", field.name, difference.attribute);
                self.report(scope, topic, what);
            }
        }
    }

    fn object(&mut self, scope: &str, object: &ObjectDef, what: &str) {
        let owner = format!("object {} field ", object.name);
        self.fields(scope, &owner, &object.fields, what);
    }

    fn decisions(&mut self, scope: &str, decisions: &[Decision], what: &str) {
        for decision in decisions.iter().filter(|d| d.upstream.is_some()) {
            self.report(scope, decision.topic.clone(), what);
        }
    }
}
