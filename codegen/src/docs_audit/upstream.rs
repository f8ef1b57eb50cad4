//! Reading Slack's method reference: the snapshot directory, and the values in each file the
//! audit compares, in whichever of the formats Slack has used.
//!
//! The files are read loosely (as `serde_json::Value`), because their format changes: scopes
//! were `scope_by_token_type: {"granular_bot": "a,b"}` (or a plain string) and are now
//! `scope: {"bot": [...]}`. The older format is read, and reported as a `scope format` finding.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::model::RateLimitTier;
use crate::GenerateError;

/// Every `<method>.json` of the snapshot, parsed, by method name.
///
/// Fails, naming the file, when the directory cannot be read, holds no method file, or a file
/// is not a JSON object.
pub fn read_snapshot(dir: &Path) -> Result<BTreeMap<String, Value>, GenerateError> {
    let entries = fs::read_dir(dir).map_err(|error| GenerateError::Io {
        path: dir.display().to_string(),
        error,
    })?;
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(GenerateError::Config(format!(
            "{}: no <method>.json files: not an upstream snapshot",
            dir.display()
        )));
    }
    let mut snapshot = BTreeMap::new();
    for path in files {
        let text = fs::read_to_string(&path).map_err(|error| GenerateError::Io {
            path: path.display().to_string(),
            error,
        })?;
        let value: Value = serde_json::from_str(&text)
            .map_err(|e| GenerateError::Config(format!("{}: not JSON: {e}", path.display())))?;
        if !value.is_object() {
            return Err(GenerateError::Config(format!(
                "{}: not a method reference: expected a JSON object",
                path.display()
            )));
        }
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        snapshot.insert(name, value);
    }
    Ok(snapshot)
}

/// The subdirectory of a snapshot holding SlackKit's method docs, for methods Slack's own
/// method JSON is not stored for.
pub const SLACKKIT_DIR: &str = "slackkit";

/// SlackKit's method docs in `dir` (`<method>.json`: `desc`, `args` by name with `desc`,
/// `required`, `type`, `default`, `example`; `errors` as code -> description;
/// `rate_limit.label`; `scopes` by token type as `[{"name", "url"}]`), each rewritten in the
/// shape of Slack's method JSON so the audit compares them the same way. They carry no HTTP
/// verb, content types or response shape. A missing directory is an empty map.
pub fn read_slackkit(dir: &Path) -> Result<BTreeMap<String, Value>, GenerateError> {
    if !dir.is_dir() {
        return Ok(BTreeMap::new());
    }
    let mut converted = BTreeMap::new();
    for (name, docs) in read_snapshot(dir)? {
        converted.insert(name, from_slackkit(&docs));
    }
    Ok(converted)
}

/// One SlackKit method doc in the shape of Slack's method JSON.
pub fn from_slackkit(docs: &Value) -> Value {
    let mut properties = serde_json::Map::new();
    let mut required = Vec::new();
    for (name, arg) in docs["args"].as_object().into_iter().flatten() {
        let mut property = serde_json::Map::new();
        for key in ["type", "default", "example"] {
            if let Some(value) = arg.get(key) {
                property.insert(key.to_owned(), value.clone());
            }
        }
        if let Some(desc) = arg["desc"].as_str() {
            let (desc, values) = split_values(desc);
            property.insert("desc".to_owned(), Value::from(desc));
            if !values.is_empty() {
                property.insert("enum".to_owned(), Value::from(values));
            }
        }
        if arg["required"].as_bool() == Some(true) {
            required.push(Value::from(name.clone()));
        }
        properties.insert(name.clone(), Value::Object(property));
    }
    let errors: serde_json::Map<String, Value> = docs["errors"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(code, desc)| (code.clone(), serde_json::json!({ "desc": desc })))
        .collect();
    let scope: serde_json::Map<String, Value> = docs["scopes"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(token, scopes)| {
            let names: Vec<Value> = scopes
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|s| s["name"].as_str().or(s.as_str()))
                .map(Value::from)
                .collect();
            (token.clone(), Value::Array(names))
        })
        .collect();
    let mut method = serde_json::json!({
        "args": { "type": "object", "required": required, "properties": properties },
        "errors": errors,
        "scope": scope,
    });
    for (from, to) in [
        (&docs["desc"], "desc"),
        (&docs["rate_limit"]["label"], "rate_limits"),
    ] {
        if !from.is_null() {
            method[to] = from.clone();
        }
    }
    method
}

/// A SlackKit argument description split into its text and the values it lists after
/// `_Acceptable values:_` (SlackKit's rendering of the page's value list) or `Value can be:`,
/// each in backticks.
pub fn split_values(desc: &str) -> (String, Vec<String>) {
    for marker in ["_Acceptable values:_", "Value can be:"] {
        if let Some(at) = desc.find(marker) {
            let values = desc[at + marker.len()..]
                .split('`')
                .skip(1)
                .step_by(2)
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
                .collect();
            return (desc[..at].trim().to_owned(), values);
        }
    }
    (desc.to_owned(), Vec::new())
}

/// The spec's name for a tier.
pub fn tier_name(tier: RateLimitTier) -> &'static str {
    match tier {
        RateLimitTier::Tier1 => "tier1",
        RateLimitTier::Tier2 => "tier2",
        RateLimitTier::Tier3 => "tier3",
        RateLimitTier::Tier4 => "tier4",
        RateLimitTier::Special => "special",
    }
}

/// The spec's name for an upstream tier: `t2`, `Tier 2`, `tier2` or `special`.
pub fn tier_of(upstream: &str) -> Option<&'static str> {
    let text = upstream.trim().to_ascii_lowercase();
    if text.contains("special") {
        return Some("special");
    }
    // The first number: `Tier 2: 20+ per minute` is tier 2.
    let digits: String = text
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    match (text.starts_with('t'), digits.as_str()) {
        (true, "1") => Some("tier1"),
        (true, "2") => Some("tier2"),
        (true, "3") => Some("tier3"),
        (true, "4") => Some("tier4"),
        _ => None,
    }
}

/// Upstream scopes by token type, read from either format.
pub struct Scopes {
    /// Token type (`bot`, `user`, ...) -> scopes.
    pub by_token: BTreeMap<String, BTreeSet<String>>,
    /// How the legacy format looked, when it was used.
    pub legacy_format: Option<String>,
}

impl Scopes {
    /// `scope: {"bot": [...], "user": [...]}` (current); `scope_by_token_type: {"granular_bot":
    /// "a,b", "user": "c"}` (older; `granular_bot` is today's `bot`); or `scope: "a,b"` alone
    /// (older still, no token type: read as bot scopes, the only kind these methods take).
    pub fn read(upstream: &Value) -> Scopes {
        let mut by_token = BTreeMap::new();
        if let Some(by_type) = upstream["scope_by_token_type"].as_object() {
            for (token, scopes) in by_type {
                let token = if token == "granular_bot" {
                    "bot"
                } else {
                    token
                };
                by_token.insert(token.to_owned(), scope_set(scopes));
            }
            let shown = serde_json::to_string(&upstream["scope_by_token_type"]).unwrap_or_default();
            return Scopes {
                by_token,
                legacy_format: Some(format!("`scope_by_token_type: {shown}`")),
            };
        }
        match &upstream["scope"] {
            Value::Object(by_type) => {
                for (token, scopes) in by_type {
                    by_token.insert(token.clone(), scope_set(scopes));
                }
                Scopes {
                    by_token,
                    legacy_format: None,
                }
            }
            Value::Null => Scopes {
                by_token,
                legacy_format: None,
            },
            other => {
                by_token.insert("bot".to_owned(), scope_set(other));
                Scopes {
                    by_token,
                    legacy_format: Some(format!("`scope: {other}` with no token type")),
                }
            }
        }
    }
}

/// A scope list: an array of strings or one comma-separated string.
fn scope_set(value: &Value) -> BTreeSet<String> {
    match value {
        Value::String(text) => text
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        Value::Array(items) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => BTreeSet::new(),
    }
}

/// A JSON-schema bound as the spec writes it: `1000`, not `1000.0`.
pub fn bound(value: &Value) -> Value {
    match value.as_f64() {
        Some(n) if value.is_f64() && n.fract() == 0.0 && n.abs() < 1e15 => Value::from(n as i64),
        _ => value.clone(),
    }
}

/// The strings of a JSON array (nothing, for anything else).
pub fn strings(value: &Value) -> BTreeSet<&str> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::tier_of;

    #[test]
    fn tiers_read_in_several_spellings() {
        assert_eq!(tier_of("t2"), Some("tier2"));
        assert_eq!(tier_of("Tier 3"), Some("tier3"));
        assert_eq!(tier_of("special"), Some("special"));
        assert_eq!(tier_of(""), None);
        assert_eq!(tier_of("t9"), None);
        assert_eq!(tier_of("Tier 1: 1+ per minute"), Some("tier1"));
        assert_eq!(tier_of("Tier 2: 20+ per minute"), Some("tier2"));
    }
}
