//! What a spec edit means for callers of Slack's API (the wire verdict), direction-aware: a
//! tighter request constraint breaks callers, a tighter response description does not.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::rules::Rules;
use super::tree::{Edit, Seg};
use crate::model::{Field, Spec};

/// What a change means for an existing caller of Slack's API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Wire {
    /// Documentation only.
    Docs,
    /// Existing callers keep working.
    Compatible,
    /// Existing callers keep working but may now see something new (an error code, a limit).
    Caution,
    /// Some existing caller breaks.
    Breaking,
    /// A spec key with no rule here: nobody has judged what it means, so it ranks above
    /// breaking and fails the review until a rule is added (see [`super::rules`]).
    Unclassified,
}

impl std::fmt::Display for Wire {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // `pad`, so that width and alignment in format strings apply.
        f.pad(match self {
            Wire::Docs => "docs",
            Wire::Compatible => "compatible",
            Wire::Caution => "caution",
            Wire::Breaking => "breaking",
            Wire::Unclassified => "unclassified",
        })
    }
}

/// Which way a field's data flows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Role {
    /// Sent by callers: arguments and the objects inside them.
    Request,
    /// Received by callers: responses, events, deliveries.
    Response,
}

/// An edit, described for a reviewer.
#[derive(Debug, Clone)]
pub struct Described {
    /// Method, event or shared file it belongs to.
    pub scope: String,
    /// The item, e.g. "argument `emails`".
    pub subject: String,
    /// What happened to it.
    pub what: String,
    /// The wire verdict.
    pub wire: Wire,
    /// Methods and events a shared change reaches.
    pub reaches: Vec<String>,
}

/// Who uses each named type, and how: computed once per spec.
pub struct Usage {
    /// Object or ID name -> (user, role) pairs, users being methods and events.
    by_type: BTreeMap<String, BTreeSet<(String, Role)>>,
    methods_with_common_errors: Vec<String>,
}

impl Usage {
    /// Indexes the types each method and event refers to, through nested objects.
    pub fn of(spec: &Spec) -> Usage {
        let objects: BTreeMap<&str, &[Field]> = spec
            .objects
            .iter()
            .map(|o| (o.name.as_str(), o.fields.as_slice()))
            .collect();
        let mut usage = Usage {
            by_type: BTreeMap::new(),
            methods_with_common_errors: Vec::new(),
        };
        let mut record =
            |user: &str, fields: &[Field], role: Role, objects: &BTreeMap<&str, &[Field]>| {
                let mut stack: Vec<String> = fields
                    .iter()
                    .filter_map(|f| f.ty.named().map(str::to_owned))
                    .collect();
                let mut seen = BTreeSet::new();
                while let Some(name) = stack.pop() {
                    if !seen.insert(name.clone()) {
                        continue;
                    }
                    if let Some(fields) = objects.get(name.as_str()) {
                        stack.extend(
                            fields
                                .iter()
                                .filter_map(|f| f.ty.named().map(str::to_owned)),
                        );
                    }
                    usage
                        .by_type
                        .entry(name)
                        .or_default()
                        .insert((user.to_owned(), role));
                }
            };
        for located in spec.methods.values() {
            let method = &located.value;
            let mut local = objects.clone();
            local.extend(
                method
                    .objects
                    .iter()
                    .map(|o| (o.name.as_str(), o.fields.as_slice())),
            );
            record(&method.name, &method.arguments, Role::Request, &local);
            record(
                &method.name,
                &method.response.fields,
                Role::Response,
                &local,
            );
        }
        for located in spec.events.values() {
            let event = &located.value;
            let mut local = objects.clone();
            local.extend(
                event
                    .objects
                    .iter()
                    .map(|o| (o.name.as_str(), o.fields.as_slice())),
            );
            record(&event.name, &event.fields, Role::Response, &local);
            if let Some(trigger) = &event.workflow_trigger {
                record(&event.name, &trigger.fields, Role::Response, &local);
            }
        }
        if let Some(envelopes) = &spec.envelopes {
            for envelope in &envelopes.value.envelopes {
                record(&envelope.name, &envelope.fields, Role::Response, &objects);
            }
        }
        usage.methods_with_common_errors = spec
            .methods
            .values()
            .filter(|m| m.value.common_errors)
            .map(|m| m.value.name.clone())
            .collect();
        usage
    }

    fn users(&self, name: &str) -> Vec<String> {
        let users: BTreeSet<String> = self
            .by_type
            .get(name)
            .into_iter()
            .flatten()
            .map(|(u, _)| u.clone())
            .collect();
        users.into_iter().collect()
    }

    fn roles_in(&self, name: &str, user: Option<&str>) -> BTreeSet<Role> {
        self.by_type
            .get(name)
            .into_iter()
            .flatten()
            .filter(|(u, _)| user.is_none_or(|user| u == user))
            .map(|(_, role)| *role)
            .collect()
    }
}

/// Describes one edit, with its wire verdict, using the usage of both versions of the spec.
pub fn describe(edit: &Edit, base: &Usage, head: &Usage, rules: &Rules) -> Described {
    let (kind, name) = file_kind(&edit.file);
    let scope = match kind {
        "methods" => name.to_owned(),
        "events" => format!("event {name}"),
        _ => format!("shared/{name}.json"),
    };
    let (subject, anchor, attr) = subject_of(&edit.path);
    let what = what_of(edit);
    // Roles and reach: where the edited field's data flows, and who is affected.
    let mut reaches = Vec::new();
    let mut roles = BTreeSet::new();
    let object = object_of(&edit.path);
    match (kind, &object) {
        ("methods", Some(object)) => {
            roles.extend(base.roles_in(object, Some(name)));
            roles.extend(head.roles_in(object, Some(name)));
        }
        ("methods", None) if edit.path.first() == Some(&Seg::Key("arguments".into())) => {
            roles.insert(Role::Request);
        }
        ("shared", Some(object)) => {
            roles.extend(base.roles_in(object, None));
            roles.extend(head.roles_in(object, None));
            let mut users: BTreeSet<String> = base.users(object).into_iter().collect();
            users.extend(head.users(object));
            reaches = users.into_iter().collect();
        }
        ("shared", None) if name == "errors" => {
            let mut users: BTreeSet<String> =
                base.methods_with_common_errors.iter().cloned().collect();
            users.extend(head.methods_with_common_errors.iter().cloned());
            reaches = users.into_iter().collect();
        }
        _ => {}
    }
    if roles.is_empty() {
        roles.insert(Role::Response);
    }
    let wire = roles
        .iter()
        .map(|role| wire_of(edit, kind, &anchor, &attr, *role, rules))
        .max()
        .unwrap_or(Wire::Docs);
    Described {
        scope,
        subject,
        what,
        wire,
        reaches,
    }
}

/// `methods/a.b.json` -> ("methods", "a.b"); `shared/objects.json` -> ("shared", "objects").
fn file_kind(file: &str) -> (&str, &str) {
    let (dir, name) = file.split_once('/').unwrap_or(("", file));
    (dir, name.trim_end_matches(".json"))
}

/// A label for the edited item, the list holding it (`arguments`, `fields`, `errors`...), and
/// the attribute path after it (`required`, `constraints.max_length`, or empty for the item).
fn subject_of(path: &[Seg]) -> (String, String, String) {
    let last_item = path.iter().rposition(|seg| matches!(seg, Seg::Item(_)));
    let key = |i: usize| match path.get(i) {
        Some(Seg::Key(key)) => key.as_str(),
        _ => "",
    };
    let anchor = last_item
        .filter(|i| *i > 0)
        .map(|i| key(i - 1))
        .unwrap_or("");
    let rest = last_item.map(|i| i + 1).unwrap_or(0);
    let attr: Vec<String> = path[rest..]
        .iter()
        .map(|seg| match seg {
            Seg::Key(key) | Seg::Item(key) => key.clone(),
        })
        .collect();
    let mut labels: Vec<String> = Vec::new();
    if key(0) == "workflow_trigger" {
        labels.push("workflow trigger".to_owned());
    }
    for (i, seg) in path.iter().enumerate() {
        if let Seg::Item(name) = seg {
            let label = match (key(i.wrapping_sub(1)), key(0)) {
                ("arguments", _) => "argument",
                ("fields", "response") => "response field",
                ("fields", _) => "field",
                ("objects", _) => "object",
                ("errors" | "common_errors", _) => "error",
                ("envelopes", _) => "envelope",
                ("frames", _) => "Socket Mode frame",
                ("disconnect_reasons", _) => "disconnect reason",
                ("decisions", _) => "decision",
                ("ids", _) => "ID type",
                (other, _) => other,
            };
            labels.push(format!("{label} `{name}`"));
        }
    }
    let subject = match (labels.is_empty(), attr.is_empty()) {
        (true, true) => "file".to_owned(),
        (true, false) => attr.join("."),
        (false, true) => labels.join(" "),
        (false, false) if path.len() == 1 => labels.join(" "),
        (false, false) => format!("{} {}", labels.join(" "), attr.join(".")),
    };
    (subject, anchor.to_owned(), attr.join("."))
}

/// The object whose field (or which object itself) an edit touches.
fn object_of(path: &[Seg]) -> Option<String> {
    path.windows(2).find_map(|pair| match pair {
        [Seg::Key(key), Seg::Item(name)] if key == "objects" || key == "ids" => Some(name.clone()),
        _ => None,
    })
}

fn what_of(edit: &Edit) -> String {
    match (&edit.before, &edit.after) {
        (None, Some(_)) => "added".to_owned(),
        (Some(_), None) => "removed".to_owned(),
        (Some(a), Some(b)) => format!("{} -> {}", short(a), short(b)),
        (None, None) => String::new(),
    }
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 70 {
        format!("{}...", text.chars().take(67).collect::<String>())
    } else {
        text
    }
}

fn wire_of(edit: &Edit, kind: &str, anchor: &str, attr: &str, role: Role, rules: &Rules) -> Wire {
    // A key without a rule is never guessed at, wherever it is in the path.
    let keys = edit.path.iter().filter_map(|seg| match seg {
        Seg::Key(key) => Some(key.as_str()),
        Seg::Item(_) => None,
    });
    let mut last_key = "";
    for key in keys {
        if rules.get(key).is_none() {
            return Wire::Unclassified;
        }
        last_key = key;
    }
    let (before, after) = (edit.before.as_ref(), edit.after.as_ref());
    let added = before.is_none() && after.is_some();
    let removed = before.is_some() && after.is_none();
    let is_field = matches!(anchor, "arguments" | "fields");
    let attr_head = attr.split('.').next().unwrap_or("");
    let docs_attr = matches!(
        attr_head,
        "description"
            | "notes"
            | "example"
            | "sources"
            | "docs_url"
            | "usage"
            | "encoding_reason"
            | "secret"
            | "decisions"
            | "prefixes"
            | "differs_from_upstream"
            | "overrides_common"
    );
    if edit.path.is_empty() {
        return match (kind, added) {
            ("methods", true) => Wire::Compatible,
            ("methods", false) => Wire::Breaking,
            ("events", true) => Wire::Caution,
            _ => Wire::Compatible,
        };
    }
    if anchor == "decisions" || (docs_attr && !attr.is_empty()) {
        return Wire::Docs;
    }
    if is_field {
        return match attr {
            "" if added => {
                let required = after.and_then(|v| v["required"].as_bool()).unwrap_or(false);
                if role == Role::Request && required {
                    Wire::Breaking
                } else {
                    Wire::Compatible
                }
            }
            "" => Wire::Breaking,
            "required" => {
                let now = after.and_then(Value::as_bool).unwrap_or(false);
                match role {
                    Role::Request if now => Wire::Breaking,
                    Role::Response if !now => Wire::Breaking,
                    _ => Wire::Compatible,
                }
            }
            "type" => Wire::Breaking,
            "default" if role == Role::Request => Wire::Caution,
            _ if attr.starts_with("constraints") && role == Role::Request => {
                constraints(attr, before, after)
            }
            // Nothing checks a default or a bound on what callers receive.
            _ if attr == "default" || attr.starts_with("constraints") => Wire::Docs,
            _ => rules.unjudged(last_key),
        };
    }
    match (anchor, attr) {
        ("errors" | "common_errors", "") if added => Wire::Caution,
        ("errors" | "common_errors", "") => Wire::Compatible,
        // Slack answers the same; what changes is the advice `is_retryable()` gives callers.
        ("errors" | "common_errors", "retryable") => Wire::Caution,
        ("errors" | "common_errors", _) => rules.unjudged(last_key),
        ("envelopes" | "frames", "") if removed => Wire::Breaking,
        ("envelopes" | "frames", "") => Wire::Compatible,
        // A new reason was `DisconnectReason::Other` before; a removed one still decodes.
        ("disconnect_reasons", "") if added => Wire::Caution,
        ("disconnect_reasons", "") => Wire::Compatible,
        // A new or removed shared type matters where it is used, which is judged there.
        ("objects" | "ids", "") => Wire::Docs,
        ("objects" | "ids", _) => rules.unjudged(last_key),
        (_, "http_method") | (_, "pagination") => Wire::Breaking,
        (_, a) if a.starts_with("pagination") => Wire::Breaking,
        (_, "content_types") => {
            let list = |v: Option<&Value>| -> Vec<String> {
                v.and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|s| s.as_str().map(str::to_owned))
                    .collect()
            };
            let (old, new) = (list(before), list(after));
            if old.first() != new.first() || old.iter().any(|c| !new.contains(c)) {
                Wire::Breaking
            } else {
                Wire::Compatible
            }
        }
        (_, a) if a.starts_with("scopes") => {
            let set = |v: Option<&Value>| -> BTreeSet<String> {
                v.and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|s| s.as_str().map(str::to_owned))
                    .collect()
            };
            if set(after).difference(&set(before)).next().is_some() {
                Wire::Breaking
            } else {
                Wire::Compatible
            }
        }
        (_, "rate_limit_tier") => {
            let rank = |v: Option<&Value>| {
                v.and_then(Value::as_str)
                    .and_then(|t| t.strip_prefix("tier"))
                    .and_then(|n| n.parse::<u8>().ok())
                    .unwrap_or(0)
            };
            if rank(after) < rank(before) {
                Wire::Caution
            } else {
                Wire::Compatible
            }
        }
        (_, "common_errors") => {
            if after.and_then(Value::as_bool).unwrap_or(true) {
                Wire::Caution
            } else {
                Wire::Compatible
            }
        }
        (_, "argument_rules") => {
            let rules = |v: Option<&Value>| -> Vec<Value> {
                v.and_then(Value::as_array).cloned().unwrap_or_default()
            };
            let old = rules(before);
            if rules(after).iter().any(|rule| !old.contains(rule)) {
                Wire::Breaking
            } else {
                Wire::Compatible
            }
        }
        ("", "workflow_trigger") | ("", "envelopes") => Wire::Compatible,
        _ => rules.unjudged(last_key),
    }
}

/// Whether a request constraint got tighter (breaking) or looser (compatible).
fn constraints(attr: &str, before: Option<&Value>, after: Option<&Value>) -> Wire {
    let key = attr
        .strip_prefix("constraints")
        .unwrap_or("")
        .trim_start_matches('.');
    if key.is_empty() {
        // The whole constraints object appeared or went: judge each bound in it.
        let empty = serde_json::Map::new();
        let old = before.and_then(Value::as_object).unwrap_or(&empty);
        let new = after.and_then(Value::as_object).unwrap_or(&empty);
        let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        return keys
            .into_iter()
            .map(|k| bound(k, old.get(k), new.get(k)))
            .max()
            .unwrap_or(Wire::Docs);
    }
    bound(key, before, after)
}

fn bound(key: &str, before: Option<&Value>, after: Option<&Value>) -> Wire {
    let tighter = match key {
        "max_length" | "maximum" | "max_items" => match (
            before.and_then(Value::as_f64),
            after.and_then(Value::as_f64),
        ) {
            (None, Some(_)) => true,
            (Some(old), Some(new)) => new < old,
            _ => false,
        },
        "min_length" | "minimum" | "min_items" => match (
            before.and_then(Value::as_f64),
            after.and_then(Value::as_f64),
        ) {
            (None, Some(_)) => true,
            (Some(old), Some(new)) => new > old,
            _ => false,
        },
        "allowed_values" => match (
            before.and_then(Value::as_array),
            after.and_then(Value::as_array),
        ) {
            (None, Some(_)) => true,
            (Some(old), Some(new)) => old.iter().any(|v| !new.contains(v)),
            _ => false,
        },
        _ => return Wire::Unclassified,
    };
    if tighter {
        Wire::Breaking
    } else {
        Wire::Compatible
    }
}
