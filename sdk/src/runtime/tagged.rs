//! Encoding of payloads told apart by a `type` field (Events API events and deliveries): the
//! generated structs leave `type` out, because the enum variant already says it.

use serde::Serialize;
use serde_json::Value;

/// `payload` as a JSON object with `"type": kind` added.
pub fn with_type<T: Serialize>(payload: &T, kind: &str) -> Result<Value, serde_json::Error> {
    let mut value = serde_json::to_value(payload)?;
    match value.as_object_mut() {
        Some(object) => {
            object.insert("type".to_owned(), Value::String(kind.to_owned()));
            Ok(value)
        }
        None => Err(<serde_json::Error as serde::ser::Error>::custom(format!(
            "a `{kind}` payload must encode as a JSON object"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::with_type;

    #[test]
    fn adds_the_tag_to_objects_and_refuses_other_values() {
        let value = with_type(&serde_json::json!({"a": 1}), "x").unwrap();
        assert_eq!(value, serde_json::json!({"a": 1, "type": "x"}));
        let error = with_type(&1, "x").unwrap_err().to_string();
        assert!(error.contains("`x` payload"), "{error}");
    }
}
