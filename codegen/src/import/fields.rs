//! What both readers share: reading values with typed errors, converting defaults and examples
//! to a field's type, drafting pagination, tiers and errors.

use std::path::Path;

use serde_json::{Map, Value};

use super::draft::{
    is_todo, todo, DecisionDraft, ErrorDraft, FieldDraft, PaginationDraft, ScopesDraft,
};
use super::{ImportError, Known};
use crate::docs_audit::upstream::tier_of;

/// One source being read: its path, for errors, and the spec's shared names.
pub(super) struct Source<'a> {
    pub path: &'a Path,
    pub known: &'a Known,
}

impl Source<'_> {
    /// A value with the wrong shape at JSON path `at`.
    pub fn invalid(&self, at: &str, message: impl Into<String>) -> ImportError {
        ImportError::Invalid {
            path: self.path.to_path_buf(),
            at: at.to_owned(),
            message: message.into(),
        }
    }

    /// `value[key]` as a string, when present; an error when it is something else.
    pub fn opt_str<'v>(
        &self,
        value: &'v Value,
        key: &str,
        at: &str,
    ) -> Result<Option<&'v str>, ImportError> {
        match value.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => Ok(Some(text)),
            Some(other) => Err(self.invalid(
                &join(at, key),
                format!("expected a string, found {}", kind(other)),
            )),
        }
    }

    /// `value[key]` as an object, when present; an error when it is something else.
    pub fn opt_object<'v>(
        &self,
        value: &'v Value,
        key: &str,
        at: &str,
    ) -> Result<Option<&'v Map<String, Value>>, ImportError> {
        match value.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Object(map)) => Ok(Some(map)),
            Some(other) => Err(self.invalid(
                &join(at, key),
                format!("expected an object, found {}", kind(other)),
            )),
        }
    }

    /// `value[key]` as a boolean, when present; an error when it is something else.
    pub fn opt_bool(
        &self,
        value: &Value,
        key: &str,
        at: &str,
    ) -> Result<Option<bool>, ImportError> {
        match value.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(self.invalid(
                &join(at, key),
                format!("expected a boolean, found {}", kind(other)),
            )),
        }
    }

    /// A description, or a marker when the source gives none.
    pub fn description(&self, value: &Value, at: &str, what: &str) -> Result<String, ImportError> {
        Ok(match self.opt_str(value, "desc", at)?.map(str::trim) {
            Some(text) if !text.is_empty() => text.to_owned(),
            _ => todo(format!("describe {what}: the source gives no description")),
        })
    }

    /// An error list: code -> description, sorted by code as the source's keys are.
    pub fn errors(
        &self,
        errors: &Map<String, Value>,
        at: &str,
        description: impl Fn(&Value, &str) -> Result<Option<String>, ImportError>,
    ) -> Result<Vec<ErrorDraft>, ImportError> {
        let mut drafted = Vec::new();
        for (code, error) in errors {
            let path = join(at, code);
            if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(self.invalid(&path, format!("`{code}` is not an error code")));
            }
            let text = description(error, &path)?
                .map(|t| t.trim().to_owned())
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| {
                    todo(format!(
                        "describe error `{code}`: the source gives no description"
                    ))
                });
            drafted.push(ErrorDraft {
                code: code.clone(),
                description: text,
                overrides_common: self.known.common_errors.contains(code),
            });
        }
        drafted.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(drafted)
    }
}

/// `at.key`, or `key` at the top.
pub(super) fn join(at: &str, key: &str) -> String {
    if at.is_empty() {
        key.to_owned()
    } else {
        format!("{at}.{key}")
    }
}

/// A JSON value's kind, for error messages.
pub(super) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The spec's tier for a source's text (`t2`, `Tier 2: 20+ per minute`), or a marker.
pub(super) fn tier(text: Option<&str>) -> String {
    let Some(text) = text else {
        return todo("rate_limit_tier: the source gives no tier");
    };
    let head = text.split(':').next().unwrap_or(text);
    match tier_of(head) {
        Some(tier) => tier.to_owned(),
        None => todo(format!("rate_limit_tier: the source says {text:?}")),
    }
}

/// A source value (a default or an example) in the field's type: `"20"` for an integer is 20,
/// `"true"` for a boolean is true; a JSON text for an object is parsed. Anything else is kept.
pub(super) fn typed_value(ty: &str, value: &Value) -> Value {
    let Value::String(text) = value else {
        return value.clone();
    };
    let parsed = match ty {
        "integer" => text.trim().parse::<i64>().ok().map(Value::from),
        "number" => text.trim().parse::<f64>().ok().map(Value::from),
        "boolean" => text.trim().parse::<bool>().ok().map(Value::from),
        "string" => None,
        _ if text.trim_start().starts_with('{') => serde_json::from_str(text).ok(),
        _ => None,
    };
    parsed.unwrap_or_else(|| value.clone())
}

/// A default the source states, checked against the field's type: one that does not fit is a
/// marker, for the maintainer to decide.
pub(super) fn default_for(field: &str, ty: &str, value: &Value) -> Value {
    let value = typed_value(ty, value);
    let fits = match ty {
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "string" => value.is_string(),
        _ => true,
    };
    if fits || is_todo(ty) {
        value
    } else {
        Value::from(todo(format!(
            "default of `{field}`: the source says {value}, which is not of type `{ty}`"
        )))
    }
}

/// A question for the maintainer when the source lists no bot or user scopes at all (and no
/// other token type either): which token the method takes is then undecided.
pub(super) fn no_scopes(scopes: &ScopesDraft, decisions: &mut Vec<DecisionDraft>, reference: &str) {
    if scopes.bot.is_empty() && scopes.user.is_empty() && decisions.is_empty() {
        decisions.push(DecisionDraft {
            topic: "scopes".to_owned(),
            decision: todo(
                "the source lists no scopes: say which token the method takes and with which \
                 scopes (the spec models bot and user tokens)",
            ),
            sources: vec![reference.to_owned()],
        });
    }
}

/// Cursor pagination when the arguments have a `cursor`: the page-size argument (`limit` or
/// `count`) and the one array field of the response, each a marker when it cannot be told.
pub(super) fn pagination(arguments: &[FieldDraft], arrays: &[String]) -> Option<PaginationDraft> {
    arguments.iter().find(|a| a.name == "cursor")?;
    let limit = ["limit", "count"]
        .into_iter()
        .find(|name| arguments.iter().any(|a| a.name == *name))
        .map(str::to_owned)
        .unwrap_or_else(|| {
            todo("limit_argument: no `limit` or `count` argument; name the page-size argument")
        });
    let items = match arrays {
        [one] => one.clone(),
        [] => todo("items_field: the response array that holds the items (the source has no response array)"),
        several => todo(format!(
            "items_field: the response array that holds the items, one of {}",
            several.join(", ")
        )),
    };
    Some(PaginationDraft {
        cursor_argument: "cursor".to_owned(),
        limit_argument: limit,
        items_field: items,
    })
}

/// Files `scopes` under their token type (`bot`, `user`, `app`, as the spec models them); a
/// token type the spec does not model becomes a decision left to the maintainer.
pub(super) fn place_scopes(
    drafted: &mut ScopesDraft,
    decisions: &mut Vec<DecisionDraft>,
    token: &str,
    scopes: Vec<String>,
    reference: &str,
) {
    match token {
        "bot" => drafted.bot = scopes,
        "user" => drafted.user = scopes,
        "app" => drafted.app = scopes,
        other => decisions.push(DecisionDraft {
            topic: format!("{other} scopes"),
            decision: todo(format!(
                "the source lists {} for `{other}` tokens, which the spec does not model",
                scopes.join(", ")
            )),
            sources: vec![reference.to_owned()],
        }),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{default_for, tier, typed_value};
    use crate::import::draft::is_todo;

    #[test]
    fn tiers_read_from_either_format() {
        assert_eq!(tier(Some("t2")), "tier2");
        assert_eq!(tier(Some("Tier 2: 20+ per minute")), "tier2");
        assert_eq!(tier(Some("Special rate limits apply")), "special");
        assert!(is_todo(&tier(Some("Tier 9: whatever"))));
        assert!(is_todo(&tier(None)));
    }

    #[test]
    fn defaults_and_examples_are_read_in_the_field_type() {
        assert_eq!(typed_value("integer", &json!("20")), json!(20));
        assert_eq!(typed_value("boolean", &json!("true")), json!(true));
        assert_eq!(typed_value("string", &json!("20")), json!("20"));
        assert_eq!(
            typed_value("message", &json!("{\"text\": \"hi\"}")),
            json!({"text": "hi"})
        );
        assert_eq!(default_for("limit", "integer", &json!("20")), json!(20));
        let undecided = default_for("limit", "integer", &json!("twenty"));
        assert_eq!(
            undecided,
            json!("TODO: default of `limit`: the source says \"twenty\", which is not of type `integer`")
        );
    }
}
