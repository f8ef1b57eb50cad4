//! Upstream values as the audit compares and prints them: descriptions as read, numbers by
//! value, lists in any order.

use std::collections::BTreeSet;

use serde_json::Value;

/// A value for a reader: `none` for null, a one-word string bare, anything else as JSON.
pub fn show(value: &Value) -> String {
    match value {
        Value::Null => "none".to_owned(),
        Value::String(text) if !text.is_empty() && !text.contains(char::is_whitespace) => {
            text.clone()
        }
        Value::Array(items) if items.iter().all(Value::is_string) => {
            let items: Vec<String> = items.iter().map(show).collect();
            if items.is_empty() {
                "none".to_owned()
            } else {
                items.join(", ")
            }
        }
        other => other.to_string(),
    }
}

/// Whether two values are the same fact: numbers by value (`1000` is `1000.0`), lists of
/// strings in any order, everything else exactly.
pub fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) if x.iter().chain(y).all(Value::is_string) => {
            let set = |items: &Vec<Value>| -> BTreeSet<String> {
                items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            };
            x.len() == y.len() && set(x) == set(y)
        }
        _ => a == b,
    }
}

/// Descriptions compared as read: ignoring case, markdown (backticks, links), curly
/// apostrophes, repeated spaces and a final period.
pub fn normalize(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut rest = text;
    // `[label](target)` reads as `label`.
    while let Some(open) = rest.find('[') {
        let (before, after) = rest.split_at(open);
        plain.push_str(before);
        let link = after.find("](").and_then(|mid| {
            let close = after[mid..].find(')')? + mid;
            Some((&after[1..mid], close))
        });
        match link {
            Some((label, close)) => {
                plain.push_str(label);
                rest = &after[close + 1..];
            }
            None => {
                plain.push('[');
                rest = &after[1..];
            }
        }
    }
    plain.push_str(rest);
    let words = plain
        .replace('`', "")
        .replace(['\u{2019}', '\u{2018}'], "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    words.trim_end_matches('.').to_lowercase()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{normalize, same, show};

    #[test]
    fn descriptions_are_compared_as_read() {
        assert_eq!(
            normalize("See the [`event`](/reference/events/x)  payload\u{2019}s text."),
            normalize("See the event payload's text")
        );
        assert_eq!(normalize("a [b] c"), "a [b] c");
        assert_ne!(normalize("not allowed."), normalize("allowed."));
    }

    #[test]
    fn values_compare_as_facts() {
        assert!(same(&json!(1000), &json!(1000.0)));
        assert!(same(&json!(["b", "a"]), &json!(["a", "b"])));
        assert!(!same(&json!(["a"]), &json!(["a", "a"])));
        assert!(!same(&json!(null), &json!(5)));
        assert_eq!(show(&json!(null)), "none");
        assert_eq!(show(&json!("GET")), "GET");
        assert_eq!(show(&json!("two words")), "\"two words\"");
        assert_eq!(show(&json!(["a", "b"])), "a, b");
    }
}
