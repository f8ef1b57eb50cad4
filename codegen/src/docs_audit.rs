//! Auditing the spec against Slack's own machine-readable method reference.
//!
//! Slack publishes a JSON document per method (`docs.slack.dev/reference/methods/<m>.json`).
//! The spec is transcribed from the documentation pages, which mostly agree with it; this audit
//! lists every difference and whether the spec explains it (a `decisions` entry for the topic,
//! or a `notes` on the item). An unexplained difference is a fact the spec missed or contradicts
//! silently. The reference is read loosely (as `serde_json::Value`) because its format changes.

use std::collections::BTreeSet;
use std::fmt;
use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::model::{Field, HttpMethod, MethodFile, RateLimitTier, Spec};
use crate::GenerateError;

/// One difference between the spec and the reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The method concerned.
    pub method: String,
    /// What differs, e.g. `argument limit maximum`.
    pub topic: String,
    /// Both sides, briefly.
    pub detail: String,
    /// Whether the spec records why (a decision on the topic, or a note on the item).
    pub explained: bool,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mark = if self.explained {
            "explained"
        } else {
            "UNEXPLAINED"
        };
        write!(
            f,
            "{mark}: {}: {}: {}",
            self.method, self.topic, self.detail
        )
    }
}

/// Compares `spec` with every `<method>.json` in `reference_dir`, sorted by method then topic.
pub fn audit(spec: &Spec, reference_dir: &Path) -> Result<Vec<Finding>, GenerateError> {
    let io = |e: std::io::Error| GenerateError::Io {
        path: reference_dir.display().to_string(),
        error: e,
    };
    let mut names: Vec<String> = fs::read_dir(reference_dir)
        .map_err(io)?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    let mut findings = Vec::new();
    for file in names {
        let method = file.trim_end_matches(".json").to_owned();
        let path = reference_dir.join(&file);
        let text = fs::read_to_string(&path).map_err(|error| GenerateError::Io {
            path: path.display().to_string(),
            error,
        })?;
        let reference: Value = serde_json::from_str(&text)
            .map_err(|e| GenerateError::Config(format!("{}: not JSON: {e}", path.display())))?;
        let mut audit = MethodAudit {
            method: method.clone(),
            findings: &mut findings,
        };
        match spec.methods.get(&method) {
            Some(located) => audit.compare(&located.value, &reference, spec),
            None => audit.report("method", "in the reference, not in the spec".into(), false),
        }
    }
    Ok(findings)
}

struct MethodAudit<'a> {
    method: String,
    findings: &'a mut Vec<Finding>,
}

impl MethodAudit<'_> {
    fn report(&mut self, topic: &str, detail: String, explained: bool) {
        self.findings.push(Finding {
            method: self.method.clone(),
            topic: topic.to_owned(),
            detail,
            explained,
        });
    }

    fn compare(&mut self, method: &MethodFile, reference: &Value, spec: &Spec) {
        let decided = |topic: &str| method.decisions.iter().any(|d| d.topic == topic);
        let verb = reference["http_method"].as_str().unwrap_or("");
        let ours = match method.http_method {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
        };
        if !verb.eq_ignore_ascii_case(ours) {
            self.report(
                "http_method",
                format!("reference {verb}, spec {ours}"),
                decided("http_method"),
            );
        }
        let tier = reference["rate_limits"].as_str().unwrap_or("");
        if tier != tier_code(method.rate_limit_tier) {
            let detail = format!("reference {tier}, spec {:?}", method.rate_limit_tier);
            self.report("rate_limit_tier", detail, decided("rate_limit_tier"));
        }
        let scopes = bot_scopes(reference);
        let ours: BTreeSet<String> = method.scopes.bot.iter().cloned().collect();
        if scopes != ours {
            self.report(
                "bot scopes",
                format!("reference {scopes:?}, spec {ours:?}"),
                decided("scopes"),
            );
        }
        self.compare_arguments(method, &reference["args"]);
        self.compare_errors(method, &reference["errors"], spec);
        self.compare_output(method, &reference["output"]);
    }

    fn compare_arguments(&mut self, method: &MethodFile, args: &Value) {
        let required: BTreeSet<&str> = strings(&args["required"]);
        let empty = serde_json::Map::new();
        let properties = args["properties"].as_object().unwrap_or(&empty);
        for (name, property) in properties.iter().filter(|(n, _)| n.as_str() != "token") {
            let Some(argument) = method.arguments.iter().find(|a| &a.name == name) else {
                self.report(
                    &format!("argument {name}"),
                    "in the reference, not in the spec".into(),
                    false,
                );
                continue;
            };
            let noted = argument.notes.is_some();
            if required.contains(name.as_str()) != argument.required {
                let detail = format!("reference required: {}", required.contains(name.as_str()));
                self.report(&format!("argument {name} required"), detail, noted);
            }
            self.compare_bounds(argument, property, noted);
            if let Some(default) = property.get("default") {
                if argument.default.as_ref() != Some(default) {
                    let detail = format!("reference {default}, spec {:?}", argument.default);
                    self.report(&format!("argument {name} default"), detail, noted);
                }
            }
        }
        for argument in &method.arguments {
            if !properties.contains_key(&argument.name) {
                self.report(
                    &format!("argument {}", argument.name),
                    "in the spec, not in the reference".into(),
                    argument.notes.is_some(),
                );
            }
        }
    }

    fn compare_bounds(&mut self, argument: &Field, property: &Value, noted: bool) {
        let c = &argument.constraints;
        let pairs = [
            ("minimum", property["minimum"].as_i64(), c.minimum),
            ("maximum", property["maximum"].as_i64(), c.maximum),
            (
                "minItems",
                property["minItems"].as_i64(),
                c.min_items.and_then(|v| i64::try_from(v).ok()),
            ),
            (
                "maxItems",
                property["maxItems"].as_i64(),
                c.max_items.and_then(|v| i64::try_from(v).ok()),
            ),
        ];
        for (name, theirs, ours) in pairs {
            // A bound only the spec has is a documented rule the reference omits; the reverse is a miss.
            if theirs.is_some() && theirs != ours {
                let detail = format!("reference {theirs:?}, spec {ours:?}");
                self.report(&format!("argument {} {name}", argument.name), detail, noted);
            }
        }
    }

    fn compare_errors(&mut self, method: &MethodFile, errors: &Value, spec: &Spec) {
        let empty = serde_json::Map::new();
        for (code, error) in errors.as_object().unwrap_or(&empty) {
            let description = error["desc"].as_str().unwrap_or("").trim();
            let ours = method.errors.iter().find(|e| &e.code == code);
            match ours {
                None if method.common_errors
                    && spec.common_errors.iter().any(|e| &e.code == code) =>
                {
                    self.report(
                        &format!("error {code}"),
                        "method-specific in the reference, common in the spec".into(),
                        false,
                    )
                }
                None => self.report(
                    &format!("error {code}"),
                    "in the reference, not in the spec".into(),
                    false,
                ),
                Some(ours) if normalize(&ours.description) != normalize(description) => self
                    .report(
                        &format!("error {code} description"),
                        format!("reference {description:?}, spec {:?}", ours.description),
                        ours.notes.is_some(),
                    ),
                Some(_) => {}
            }
        }
    }

    fn compare_output(&mut self, method: &MethodFile, output: &Value) {
        let required: BTreeSet<&str> = strings(&output["required"]);
        let empty = serde_json::Map::new();
        let noted = method.response.notes.is_some();
        for name in output["properties"].as_object().unwrap_or(&empty).keys() {
            if name == "ok" {
                continue;
            }
            match method.response.fields.iter().find(|f| &f.name == name) {
                None => self.report(
                    &format!("response {name}"),
                    "in the reference, not in the spec".into(),
                    false,
                ),
                Some(field) if field.required != required.contains(name.as_str()) => self.report(
                    &format!("response {name} required"),
                    format!("reference required: {}", required.contains(name.as_str())),
                    noted || field.notes.is_some(),
                ),
                Some(_) => {}
            }
        }
    }
}

fn tier_code(tier: RateLimitTier) -> &'static str {
    match tier {
        RateLimitTier::Tier1 => "t1",
        RateLimitTier::Tier2 => "t2",
        RateLimitTier::Tier3 => "t3",
        RateLimitTier::Tier4 => "t4",
        RateLimitTier::Special => "special",
    }
}

/// Bot scopes, in either of the reference's formats: `scope: {"bot": [...]}` (current), or
/// `scope_by_token_type: {"granular_bot": "a,b"}` (older).
fn bot_scopes(reference: &Value) -> BTreeSet<String> {
    let split = |text: &str| -> BTreeSet<String> {
        text.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    };
    if let Some(bot) = reference["scope"]["bot"].as_array() {
        return bot
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect();
    }
    if let Some(granular) = reference["scope_by_token_type"]["granular_bot"].as_str() {
        return split(granular);
    }
    reference["scope"].as_str().map(split).unwrap_or_default()
}

fn strings(value: &Value) -> BTreeSet<&str> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

/// Descriptions compared without markdown backticks and repeated spaces.
fn normalize(text: &str) -> String {
    text.replace('`', "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
