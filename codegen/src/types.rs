//! Type expressions in spec files: `string`, `integer`, `array<user_id>`, `team`, ...
//!
//! A type is written as a short string because that is what a maintainer reads in a diff. It is
//! parsed when the file is loaded, so a malformed expression is reported with its JSON path.
//! Whether a name refers to a known ID type or object is checked later, in validation.

use std::fmt;

use schemars::gen::SchemaGenerator;
use schemars::schema::{InstanceType, Schema, SchemaObject, StringValidation};
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer};

/// A parsed type expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeRef {
    /// `string`: UTF-8 text.
    String,
    /// `integer`: a signed 64-bit integer (Slack timestamps and counts).
    Integer,
    /// `number`: a floating-point number.
    Number,
    /// `boolean`.
    Boolean,
    /// `json`: any JSON value, kept as is.
    Json,
    /// `event`: an Events API event, decoded by its `type` (envelope fields only).
    Event,
    /// `array<T>`.
    Array(Box<TypeRef>),
    /// A name: an ID type from `shared/ids.json` or an object shape.
    Named(String),
}

impl TypeRef {
    /// Parses a type expression.
    pub fn parse(text: &str) -> Result<TypeRef, String> {
        let text = text.trim();
        if let Some(inner) = text.strip_prefix("array<") {
            let inner = inner
                .strip_suffix('>')
                .ok_or_else(|| format!("`{text}` is missing its closing `>`"))?;
            return Ok(TypeRef::Array(Box::new(TypeRef::parse(inner)?)));
        }
        Ok(match text {
            "string" => TypeRef::String,
            "integer" => TypeRef::Integer,
            "number" => TypeRef::Number,
            "boolean" => TypeRef::Boolean,
            "json" => TypeRef::Json,
            "event" => TypeRef::Event,
            "" => return Err("empty type expression".to_owned()),
            name if is_name(name) => TypeRef::Named(name.to_owned()),
            other => {
                return Err(format!(
                    "`{other}` is not a type: expected string, integer, number, boolean, json, \
                     event, array<T>, or the snake_case name of an ID type or object"
                ))
            }
        })
    }

    /// The named type this expression refers to, looking through arrays.
    pub fn named(&self) -> Option<&str> {
        match self {
            TypeRef::Array(inner) => inner.named(),
            TypeRef::Named(name) => Some(name),
            _ => None,
        }
    }

    /// True for `event`, looking through arrays.
    pub fn is_event(&self) -> bool {
        match self {
            TypeRef::Array(inner) => inner.is_event(),
            TypeRef::Event => true,
            _ => false,
        }
    }

    /// True for `string`.
    pub fn is_string(&self) -> bool {
        matches!(self, TypeRef::String)
    }

    /// True for `string` and `array<string>`: the types `allowed_values` applies to (to each
    /// item of an array).
    pub fn takes_allowed_values(&self) -> bool {
        match self {
            TypeRef::Array(inner) => inner.is_string(),
            other => other.is_string(),
        }
    }

    /// True for `array<T>`.
    pub fn is_array(&self) -> bool {
        matches!(self, TypeRef::Array(_))
    }
}

fn is_name(text: &str) -> bool {
    let mut chars = text.chars();
    matches!(chars.next(), Some('a'..='z'))
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_'))
}

impl fmt::Display for TypeRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeRef::String => f.write_str("string"),
            TypeRef::Integer => f.write_str("integer"),
            TypeRef::Number => f.write_str("number"),
            TypeRef::Boolean => f.write_str("boolean"),
            TypeRef::Json => f.write_str("json"),
            TypeRef::Event => f.write_str("event"),
            TypeRef::Array(inner) => write!(f, "array<{inner}>"),
            TypeRef::Named(name) => f.write_str(name),
        }
    }
}

impl<'de> Deserialize<'de> for TypeRef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        TypeRef::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for TypeRef {
    fn schema_name() -> String {
        "TypeRef".to_owned()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let mut schema = SchemaObject {
            instance_type: Some(InstanceType::String.into()),
            string: Some(Box::new(StringValidation {
                pattern: Some("^(array<)*[a-z][a-z0-9_]*>*$".to_owned()),
                ..Default::default()
            })),
            ..Default::default()
        };
        schema.metadata().description = Some(
            "A type expression: string, integer, number, boolean, json, event (envelopes only), \
             array<T>, or the name of an ID type or object shape."
                .to_owned(),
        );
        schema.into()
    }
}

#[cfg(test)]
mod tests {
    use super::TypeRef;

    #[test]
    fn parses_nested_arrays_and_names() {
        assert_eq!(
            TypeRef::parse("array<array<user_id>>").unwrap(),
            TypeRef::Array(Box::new(TypeRef::Array(Box::new(TypeRef::Named(
                "user_id".into()
            )))))
        );
        assert_eq!(TypeRef::parse("boolean").unwrap(), TypeRef::Boolean);
        assert_eq!(
            TypeRef::parse("array<team>").unwrap().to_string(),
            "array<team>"
        );
    }

    #[test]
    fn rejects_malformed_expressions() {
        assert!(TypeRef::parse("array<string")
            .unwrap_err()
            .contains("closing"));
        assert!(TypeRef::parse("Team")
            .unwrap_err()
            .contains("is not a type"));
        assert!(TypeRef::parse("list of strings").is_err());
        assert!(TypeRef::parse("").is_err());
    }
}
