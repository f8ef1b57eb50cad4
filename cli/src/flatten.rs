//! JSON objects flattened to named scalar cells, for tables.
//!
//! Responses are nested (an invite request holds its team, users and channel), and a table
//! row has room for scalars only. The rule is generic, so any method's items fit:
//!
//! - a scalar field is a cell named by its dotted path (`invite.id`);
//! - a nested object with a `name` is shown by that name (`inviting_team` = `Acme HQ`), since
//!   that is what a reader recognises; one without is flattened into its own fields;
//! - an array of scalars is joined with `, `; arrays of objects and nulls are left out;
//! - a positive integer in a `date_*` or `*_at` field is a Unix time, shown in UTC.

use serde_json::{Map, Value};

/// The scalar cells of `value`, as (dotted path, text), in the object's order.
pub fn cells(value: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    match value {
        Value::Object(map) => walk(map, "", &mut out),
        other => out.extend(scalar("value", other).map(|text| ("value".to_owned(), text))),
    }
    out
}

fn walk(map: &Map<String, Value>, prefix: &str, out: &mut Vec<(String, String)>) {
    for (key, value) in map {
        let path = format!("{prefix}{key}");
        match value {
            Value::Object(inner) => match inner.get("name").and_then(Value::as_str) {
                Some(name) => out.push((path, name.to_owned())),
                None => walk(inner, &format!("{path}."), out),
            },
            other => {
                if let Some(text) = scalar(key, other) {
                    out.push((path, text));
                }
            }
        }
    }
}

/// The text of a scalar (or an array of scalars); `None` for anything a cell cannot hold.
fn scalar(key: &str, value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Bool(flag) => Some(flag.to_string()),
        Value::Number(number) => Some(match number.as_i64() {
            Some(seconds) if seconds > 0 && is_time(key) => utc(seconds),
            _ => number.to_string(),
        }),
        Value::Array(items) if !items.is_empty() => items
            .iter()
            .map(|item| match item {
                Value::Object(_) | Value::Array(_) | Value::Null => None,
                scalar_item => scalar("", scalar_item),
            })
            .collect::<Option<Vec<_>>>()
            .map(|texts| texts.join(", ")),
        Value::Array(_) | Value::Object(_) | Value::Null => None,
    }
}

fn is_time(key: &str) -> bool {
    key.starts_with("date_") || key.ends_with("_at")
}

/// Unix seconds as `YYYY-MM-DD HH:MMZ` (proleptic Gregorian, UTC).
fn utc(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let of_day = seconds.rem_euclid(86_400);
    // Days to a civil date, after Howard Hinnant's `civil_from_days`.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}Z",
        of_day / 3_600,
        of_day % 3_600 / 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_objects_show_their_names_or_their_fields() {
        let item = json!({
            "id": "I1",
            "date_created": 1_700_000_000,
            "inviting_team": {"id": "T1", "name": "Acme HQ", "icon": {"image_34": "x"}},
            "target_user": {"recipient_email": "a@x.example"},
            "acceptances": [{"team": "T2"}],
            "emails": ["a", "b"],
            "date_denied": 0,
            "gone": null,
        });
        let cells: Vec<(String, String)> = cells(&item);
        let get = |name: &str| {
            cells
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, t)| t.as_str())
        };
        assert_eq!(get("id"), Some("I1"));
        assert_eq!(get("date_created"), Some("2023-11-14 22:13Z"));
        assert_eq!(get("inviting_team"), Some("Acme HQ"));
        assert_eq!(get("target_user.recipient_email"), Some("a@x.example"));
        assert_eq!(get("emails"), Some("a, b"));
        assert_eq!(get("date_denied"), Some("0"));
        assert_eq!(get("acceptances"), None);
        assert_eq!(get("gone"), None);
    }

    #[test]
    fn utc_handles_leap_years_and_extremes() {
        assert_eq!(utc(951_782_400), "2000-02-29 00:00Z");
        assert_eq!(utc(1), "1970-01-01 00:00Z");
        assert!(utc(i64::MAX).ends_with('Z'));
    }
}
