//! Slack's conventions for `application/x-www-form-urlencoded` bodies, both ways.
//!
//! There is no single normative document; these follow the Web API docs and what Slack's own SDKs
//! send: arrays are comma-joined (`invite_ids=I1,I2`), objects are JSON strings in one field
//! (`message={"text":"hi","is_override":true}`), booleans are `true`/`false`, and repeated or
//! bracketed keys (`emails[]=a`) are rejected by Slack with `invalid_array_arg`.
//! The client encodes with [`encode`]; a server (the emulator) parses with [`decode`].

use std::collections::HashSet;

use serde::Serialize;
use serde_json::{Map, Value};

use super::{MethodMeta, ValueKind};
use crate::generated::CommonError;

/// Encodes a request as a form body, following Slack's conventions. Absent (`null`) fields are left out.
pub fn encode<T: Serialize>(request: &T) -> Result<String, serde_json::Error> {
    let value = serde_json::to_value(request)?;
    let mut form = form_urlencoded::Serializer::new(String::new());
    if let Value::Object(map) = &value {
        for (key, value) in map {
            if let Some(text) = field_text(value) {
                form.append_pair(key, &text);
            }
        }
    }
    Ok(form.finish())
}

/// The form text of one field; `None` for `null`.
fn field_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(items) if items.iter().all(is_scalar) => Some(
            items
                .iter()
                .filter_map(field_text)
                .collect::<Vec<_>>()
                .join(","),
        ),
        other => Some(other.to_string()),
    }
}

fn is_scalar(value: &Value) -> bool {
    matches!(value, Value::String(_) | Value::Bool(_) | Value::Number(_))
}

/// Why a form body does not follow the conventions; each maps to a Slack error code.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FormError {
    /// An argument name that is not `[a-z0-9_]` or is too long (`invalid_arg_name`).
    InvalidArgName(String),
    /// A repeated or bracketed key, i.e. an array sent PHP-style (`invalid_array_arg`).
    InvalidArrayArg(String),
    /// A value that does not parse as its argument's type (`invalid_arguments`).
    InvalidValue {
        /// The argument.
        argument: String,
        /// What was expected.
        expected: &'static str,
    },
    /// A body longer than [`MAX_FORM_BYTES`] (`request_timeout`, Slack's code for a post it
    /// does not read whole). Checked before anything is parsed.
    TooLarge {
        /// The body's length in bytes.
        bytes: usize,
    },
    /// More than [`MAX_FORM_FIELDS`] fields (`invalid_form_data`). Parsing stops at the first
    /// field past the bound.
    TooManyFields,
}

impl FormError {
    /// The common error Slack answers this problem with.
    pub fn common(&self) -> CommonError {
        match self {
            FormError::InvalidArgName(_) => CommonError::InvalidArgName,
            FormError::InvalidArrayArg(_) => CommonError::InvalidArrayArg,
            FormError::InvalidValue { .. } => CommonError::InvalidArguments,
            FormError::TooLarge { .. } => CommonError::RequestTimeout,
            FormError::TooManyFields => CommonError::InvalidFormData,
        }
    }

    /// The Slack error code for this problem.
    pub fn code(&self) -> &'static str {
        self.common().code()
    }
}

impl std::fmt::Display for FormError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FormError::InvalidArgName(name) => write!(f, "invalid argument name `{name}`"),
            FormError::InvalidArrayArg(name) => {
                write!(
                    f,
                    "argument `{name}` was sent as an array; send a comma-separated string"
                )
            }
            FormError::InvalidValue { argument, expected } => {
                write!(f, "argument `{argument}` is not {expected}")
            }
            FormError::TooLarge { bytes } => write!(
                f,
                "the form is {bytes} bytes long, over the limit of {MAX_FORM_BYTES}"
            ),
            FormError::TooManyFields => {
                write!(f, "the form has more than {MAX_FORM_FIELDS} fields")
            }
        }
    }
}

impl std::error::Error for FormError {}

/// The longest argument name accepted.
const MAX_NAME: usize = 100;

/// The longest form [`decode`] reads: 1 MiB, far above any real call (Slack's methods take a
/// few short arguments), checked before parsing.
pub const MAX_FORM_BYTES: usize = 1 << 20;

/// The most fields [`decode`] reads.
pub const MAX_FORM_FIELDS: usize = 1_024;

/// A parsed form body: the `token` field, if any, and the arguments as JSON, typed by the spec.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ParsedForm {
    /// The `token` field (Slack accepts the token as a POST field too).
    pub token: Option<String>,
    /// Known arguments, converted to the JSON their request type deserializes from.
    pub arguments: Map<String, Value>,
}

/// Parses a form body for `method`. Unknown (well-formed) argument names are ignored, as Slack does.
///
/// The work is linear in the body's length, and bounded: a body over [`MAX_FORM_BYTES`] or with
/// more than [`MAX_FORM_FIELDS`] fields is refused, so a server can call this before it has
/// authenticated anyone.
pub fn decode(body: &[u8], method: &MethodMeta) -> Result<ParsedForm, FormError> {
    if body.len() > MAX_FORM_BYTES {
        return Err(FormError::TooLarge { bytes: body.len() });
    }
    decode_fields(form_urlencoded::parse(body), method)
}

/// Reads already-split fields (name, value) with the same conventions and bounds as [`decode`]:
/// for bodies that are not URL-encoded, such as `multipart/form-data` parts. Stops at the
/// first field past [`MAX_FORM_FIELDS`].
pub fn decode_fields<K, V>(
    fields: impl IntoIterator<Item = (K, V)>,
    method: &MethodMeta,
) -> Result<ParsedForm, FormError>
where
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut parsed = ParsedForm::default();
    let mut seen: HashSet<String> = HashSet::new();
    for (index, (key, value)) in fields.into_iter().enumerate() {
        if index >= MAX_FORM_FIELDS {
            return Err(FormError::TooManyFields);
        }
        let (key, value) = (key.as_ref().to_owned(), value.as_ref());
        if key.contains('[') || seen.contains(&key) {
            return Err(FormError::InvalidArrayArg(
                key.split('[').next().unwrap_or("").to_owned(),
            ));
        }
        let well_formed = !key.is_empty()
            && key.len() <= MAX_NAME
            && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if !well_formed {
            return Err(FormError::InvalidArgName(key));
        }
        seen.insert(key.clone());
        if key == "token" {
            parsed.token = Some(value.to_owned());
            continue;
        }
        let Some(argument) = method.argument(&key) else {
            continue;
        };
        let value = parse_value(value, argument.kind).ok_or(FormError::InvalidValue {
            argument: key.clone(),
            expected: argument.kind.expected(),
        })?;
        parsed.arguments.insert(key, value);
    }
    Ok(parsed)
}

/// Parses one field's text as `kind`, following the form conventions (also used for command-line flags).
pub fn parse_value(text: &str, kind: ValueKind) -> Option<Value> {
    match kind {
        ValueKind::String => Some(Value::String(text.to_owned())),
        ValueKind::Integer => text.trim().parse::<i64>().ok().map(Value::from),
        ValueKind::Number => text
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(|n| serde_json::Number::from_f64(n).map(Value::Number)),
        ValueKind::Boolean => match text.trim().to_ascii_lowercase().as_str() {
            "true" | "1" => Some(Value::Bool(true)),
            "false" | "0" => Some(Value::Bool(false)),
            _ => None,
        },
        ValueKind::Array(item) => {
            let trimmed = text.trim();
            if trimmed.starts_with('[') {
                // Node's SDK sends arrays as JSON strings; Slack accepts those too.
                return match serde_json::from_str::<Value>(trimmed).ok()? {
                    Value::Array(items) => Some(Value::Array(items)),
                    _ => None,
                };
            }
            if trimmed.is_empty() {
                return Some(Value::Array(Vec::new()));
            }
            trimmed
                .split(',')
                .map(|part| parse_value(part.trim(), *item))
                .collect::<Option<Vec<_>>>()
                .map(Value::Array)
        }
        ValueKind::Object => match serde_json::from_str::<Value>(text).ok()? {
            object @ Value::Object(_) => Some(object),
            _ => None,
        },
        ValueKind::Json => serde_json::from_str(text).ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conversations::request_shared_invite::list::Request as List;
    use crate::{
        conversations::request_shared_invite::approve::Request as Approve, ApproveMessage,
    };

    #[test]
    fn encodes_arrays_comma_joined_objects_as_json_and_booleans_as_words() {
        let list = List::new()
            .invite_ids(["I1", "I2"])
            .include_denied(true)
            .limit(50);
        assert_eq!(
            encode(&list).unwrap(),
            "include_denied=true&invite_ids=I1%2CI2&limit=50"
        );
        let approve = Approve::new("I1").message(ApproveMessage::new("hi & bye", false));
        assert_eq!(
            encode(&approve).unwrap(),
            "invite_id=I1&message=%7B%22is_override%22%3Afalse%2C%22text%22%3A%22hi+%26+bye%22%7D"
        );
    }

    #[test]
    fn decoding_inverts_encoding() {
        let meta = &crate::conversations::request_shared_invite::list::METHOD;
        let list = List::new()
            .invite_ids(["I1", "I2"])
            .include_denied(true)
            .limit(50)
            .cursor("a,b=");
        let parsed = decode(encode(&list).unwrap().as_bytes(), meta).unwrap();
        let back: List = serde_json::from_value(Value::Object(parsed.arguments)).unwrap();
        assert_eq!(back, list);

        let meta = &crate::conversations::request_shared_invite::approve::METHOD;
        let approve = Approve::new("I1")
            .message(ApproveMessage::new("hi", true))
            .is_external_limited(false);
        let parsed = decode(encode(&approve).unwrap().as_bytes(), meta).unwrap();
        let back: Approve = serde_json::from_value(Value::Object(parsed.arguments)).unwrap();
        assert_eq!(back, approve);
    }

    #[test]
    fn decoding_is_bounded_in_length_and_field_count() {
        let meta = &crate::conversations::request_shared_invite::list::METHOD;
        let fields = |n: usize| {
            (0..n)
                .map(|i| format!("k{i}=v"))
                .collect::<Vec<_>>()
                .join("&")
        };
        assert!(decode(fields(MAX_FORM_FIELDS).as_bytes(), meta).is_ok());
        let refused = decode(fields(MAX_FORM_FIELDS + 1).as_bytes(), meta).unwrap_err();
        assert_eq!(refused, FormError::TooManyFields);
        assert_eq!(refused.common(), CommonError::InvalidFormData);
        assert!(refused.to_string().contains("1024 fields"), "{refused}");
        // The 858 KiB, 110,000-key body that took seconds to refuse.
        let many = fields(110_000);
        assert_eq!(
            decode(many.as_bytes(), meta).unwrap_err(),
            FormError::TooManyFields
        );
        let long = format!("cursor={}", "a".repeat(MAX_FORM_BYTES));
        assert_eq!(
            decode(long.as_bytes(), meta).unwrap_err(),
            FormError::TooLarge { bytes: long.len() }
        );
        assert_eq!(
            FormError::TooLarge { bytes: 1 }.common(),
            CommonError::RequestTimeout
        );
        // Duplicates are still found among many distinct keys.
        let duplicate = format!("{}&k7=again", fields(1_000));
        assert_eq!(
            decode(duplicate.as_bytes(), meta).unwrap_err(),
            FormError::InvalidArrayArg("k7".into())
        );
    }

    #[test]
    fn decoding_follows_slack_conventions() {
        let meta = &crate::conversations::request_shared_invite::list::METHOD;
        let parsed = decode(
            b"token=xoxb-1&include_expired=1&invite_ids=%5B%22I1%22%5D&unknown_arg=x",
            meta,
        )
        .unwrap();
        assert_eq!(parsed.token.as_deref(), Some("xoxb-1"));
        assert_eq!(parsed.arguments["include_expired"], Value::Bool(true));
        assert_eq!(parsed.arguments["invite_ids"], serde_json::json!(["I1"]));
        assert!(!parsed.arguments.contains_key("unknown_arg"));
        assert_eq!(
            decode(b"invite_ids[]=I1", meta).unwrap_err().common(),
            CommonError::InvalidArrayArg
        );
        assert_eq!(
            decode(b"limit=1&limit=2", meta).unwrap_err().common(),
            CommonError::InvalidArrayArg
        );
        assert_eq!(
            decode(b"li-mit=1", meta).unwrap_err().common(),
            CommonError::InvalidArgName
        );
        assert_eq!(
            decode(b"limit=many", meta).unwrap_err(),
            FormError::InvalidValue {
                argument: "limit".into(),
                expected: "an integer"
            }
        );
        assert_eq!(
            decode(b"include_denied=maybe", meta).unwrap_err().common(),
            CommonError::InvalidArguments
        );
        // The code is the common error's, read from the generated enum.
        assert_eq!(
            decode(b"limit=many", meta).unwrap_err().code(),
            CommonError::InvalidArguments.code()
        );
    }
}
