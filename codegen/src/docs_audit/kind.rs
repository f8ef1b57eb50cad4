//! A coarse type, to compare upstream's JSON schema with the spec's type expressions.

use std::fmt;

use serde_json::Value;

use crate::model::Spec;
use crate::types::TypeRef;

/// What values a field holds, as far as both sides can say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A string.
    String,
    /// A Slack ID (a string on the wire), by the spec's ID type name when one fits.
    Id(String),
    /// An integer.
    Integer,
    /// Any number.
    Number,
    /// A boolean.
    Boolean,
    /// An object.
    Object,
    /// An array of the inner kind.
    Array(Box<Kind>),
    /// Anything (the spec's `json`), or a shape upstream does not describe.
    Any,
}

impl Kind {
    /// Upstream's type for a JSON-schema property: `type` (with `subtype` for IDs), or `schema`
    /// naming an ID type or an object shape.
    pub fn upstream(property: &Value, spec: &Spec) -> Kind {
        let known_id = |name: &str| spec.ids.iter().any(|id| id.name == name);
        let schema = property["schema"].as_str().map(|s| s.replace('-', "_"));
        let subtype = property["subtype"].as_str().map(|s| format!("{s}_id"));
        if let Some(name) = &schema {
            if known_id(name) {
                return Kind::Id(name.clone());
            }
        }
        if let Some(name) = &subtype {
            if known_id(name) {
                return Kind::Id(name.clone());
            }
        }
        if let Some(name) = schema {
            return if name.ends_with("_id") {
                Kind::Id(name)
            } else {
                Kind::Object
            };
        }
        match property["type"].as_str() {
            Some("string") => Kind::String,
            Some("integer") => Kind::Integer,
            Some("number") => Kind::Number,
            Some("boolean") => Kind::Boolean,
            Some("object") => Kind::Object,
            Some("array") => Kind::Array(Box::new(match property.get("items") {
                Some(items) => Kind::upstream(items, spec),
                None => Kind::Any,
            })),
            _ if property["properties"].is_object() => Kind::Object,
            _ => Kind::Any,
        }
    }

    /// The kind of a spec type expression.
    pub fn spec(ty: &TypeRef, spec: &Spec) -> Kind {
        match ty {
            TypeRef::String => Kind::String,
            TypeRef::Integer => Kind::Integer,
            TypeRef::Number => Kind::Number,
            TypeRef::Boolean => Kind::Boolean,
            TypeRef::Array(inner) => Kind::Array(Box::new(Kind::spec(inner, spec))),
            TypeRef::Named(name) if spec.ids.iter().any(|id| &id.name == name) => {
                Kind::Id(name.clone())
            }
            TypeRef::Named(_) => Kind::Object,
            _ => Kind::Any,
        }
    }

    /// Whether the two could describe the same values. An ID is a string: a plain upstream
    /// `string` the spec narrows to an ID type agrees; two different ID types do not.
    pub fn agrees_with(&self, other: &Kind) -> bool {
        match (self, other) {
            (Kind::Any, _) | (_, Kind::Any) => true,
            (Kind::String, Kind::Id(_)) | (Kind::Id(_), Kind::String) => true,
            (Kind::Array(a), Kind::Array(b)) => a.agrees_with(b),
            (a, b) => a == b,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Kind::String => f.write_str("string"),
            Kind::Id(name) => f.write_str(name),
            Kind::Integer => f.write_str("integer"),
            Kind::Number => f.write_str("number"),
            Kind::Boolean => f.write_str("boolean"),
            Kind::Object => f.write_str("object"),
            Kind::Array(inner) => write!(f, "array<{inner}>"),
            Kind::Any => f.write_str("any"),
        }
    }
}
