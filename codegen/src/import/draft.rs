//! The drafted spec method file: the spec's keys in the spec's order, with a
//! [`TODO_MARKER`] value wherever the source leaves a fact undecided.

use serde::Serialize;
use serde_json::Value;

/// How an undecided value starts. The loader rejects any spec string that starts with it,
/// naming the file and JSON path, so a draft cannot pass CI before a maintainer decides.
pub const TODO_MARKER: &str = "TODO:";

/// A value left for the maintainer: `TODO: <what to decide>`.
pub fn todo(what: impl AsRef<str>) -> String {
    format!("{TODO_MARKER} {}", what.as_ref())
}

/// Whether a spec string is an undecided marker.
pub fn is_todo(text: &str) -> bool {
    text.trim_start().starts_with(TODO_MARKER)
}

/// A drafted `spec/methods/<name>.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct MethodDraft {
    /// The editor's schema pointer, as the committed files have it.
    #[serde(rename = "$schema")]
    pub schema: String,
    /// The wire name.
    pub name: String,
    /// The method's one-line description.
    pub description: String,
    /// The method's reference page.
    pub docs_url: String,
    /// `GET` or `POST`, or a marker.
    pub http_method: String,
    /// Body encodings.
    pub content_types: Vec<String>,
    /// Why the first encoding is sent (always the maintainer's to write).
    pub encoding_reason: String,
    /// `tier1` ... `tier4`, `special`, or a marker.
    pub rate_limit_tier: String,
    /// Scopes by token type.
    pub scopes: ScopesDraft,
    /// Cursor pagination, when the source has a `cursor` argument.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagination: Option<PaginationDraft>,
    /// The arguments besides `token`.
    pub arguments: Vec<FieldDraft>,
    /// Object shapes drafted for object arguments.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub objects: Vec<ObjectDraft>,
    /// The success response.
    pub response: ResponseDraft,
    /// The method's own error codes.
    pub errors: Vec<ErrorDraft>,
    /// Questions left for the maintainer that have no single value to mark.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<DecisionDraft>,
    /// Where the facts come from.
    pub sources: Vec<String>,
}

/// Scopes by token type.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ScopesDraft {
    /// Bot-token scopes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub bot: Vec<String>,
    /// User-token scopes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub user: Vec<String>,
    /// App-level-token scopes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub app: Vec<String>,
}

/// Cursor pagination.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct PaginationDraft {
    /// The cursor argument.
    pub cursor_argument: String,
    /// The page-size argument, or a marker.
    pub limit_argument: String,
    /// The response array that holds the items, or a marker.
    pub items_field: String,
}

/// An argument, response field or object property.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct FieldDraft {
    /// Wire name.
    pub name: String,
    /// The spec type expression, or a marker.
    #[serde(rename = "type")]
    pub ty: String,
    /// Whether the source says it is required.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// The source's description, or a marker when it gives none.
    pub description: String,
    /// The source's default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    /// The source's example.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
    /// The constraints the source states.
    #[serde(skip_serializing_if = "ConstraintsDraft::is_empty")]
    pub constraints: ConstraintsDraft,
    /// What the importer noticed and could not express.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// Constraints, in the spec's names.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ConstraintsDraft {
    /// `maxLength`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<Value>,
    /// `minLength`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_length: Option<Value>,
    /// `minimum`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<Value>,
    /// `maximum`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum: Option<Value>,
    /// `minItems`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_items: Option<Value>,
    /// `maxItems`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_items: Option<Value>,
    /// `enum`, or the values a description lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_values: Option<Vec<String>>,
}

impl ConstraintsDraft {
    /// True when the source states none.
    pub fn is_empty(&self) -> bool {
        *self == ConstraintsDraft::default()
    }
}

/// An object shape drafted from an object argument's properties.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ObjectDraft {
    /// Its name in type expressions.
    pub name: String,
    /// What it is.
    pub description: String,
    /// Its properties.
    pub fields: Vec<FieldDraft>,
}

/// The success response.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ResponseDraft {
    /// Fields besides `ok`.
    pub fields: Vec<FieldDraft>,
    /// A marker when the source has no response schema.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// An error code.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ErrorDraft {
    /// The wire code.
    pub code: String,
    /// The source's description, or a marker.
    pub description: String,
    /// Set when the code is also a common error.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub overrides_common: bool,
}

/// A question for the maintainer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct DecisionDraft {
    /// What is in question.
    pub topic: String,
    /// A marker saying what to decide.
    pub decision: String,
    /// The sources to weigh.
    pub sources: Vec<String>,
}

impl MethodDraft {
    /// The file's text: pretty JSON as the committed spec files are written, ending in a newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("a draft serializes");
        text.push('\n');
        text
    }

    /// Every marker in the draft, as `(JSON path, text)`, by path.
    pub fn todos(&self) -> Vec<(String, String)> {
        let value = serde_json::to_value(self).expect("a draft serializes");
        let mut found = Vec::new();
        find_todos(&value, "", &mut found);
        found
    }
}

/// Every marker string under `value`, with its JSON path (`arguments[2].type`).
pub fn find_todos(value: &Value, path: &str, found: &mut Vec<(String, String)>) {
    match value {
        Value::String(text) if is_todo(text) => found.push((
            if path.is_empty() {
                ".".to_owned()
            } else {
                path.to_owned()
            },
            text.clone(),
        )),
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                find_todos(item, &format!("{path}[{index}]"), found);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                let path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                find_todos(item, &path, found);
            }
        }
        _ => {}
    }
}
