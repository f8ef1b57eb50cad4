//! What a call prints: JSON (the default, for scripts) or a table (for reading), on stdout.
//! Notes for the reader (more pages, progress) go to stderr so stdout stays parseable.

use std::io::{ErrorKind, Write};

use serde_json::Value;
use slack_connect::runtime::MethodMeta;

use crate::exit::{warn, Failure};
use crate::options::Format;
use crate::table;

/// A method's response. As a table, a list method shows its items (and says on stderr how to
/// get the next page); any other method shows its fields.
pub fn response(method: &MethodMeta, response: &Value, format: Format) -> String {
    match format {
        Format::Json => json(response),
        Format::Table => match method.pagination {
            Some(pagination) => {
                let items = response
                    .get(pagination.items_field)
                    .and_then(Value::as_array)
                    .map_or(&[][..], Vec::as_slice);
                let next = response
                    .pointer(pagination.next_cursor_pointer)
                    .and_then(Value::as_str)
                    .filter(|cursor| !cursor.is_empty());
                if let Some(cursor) = next {
                    warn(&format!(
                        "more {} follow: pass --{} {cursor:?}, or --all",
                        pagination.items_field,
                        method
                            .argument(pagination.cursor_argument)
                            .map_or(pagination.cursor_argument, |a| a.cli.flag)
                    ));
                }
                self::items(items, format)
            }
            None => table::of_fields(response),
        },
    }
}

/// Every item of a list method (`--all`).
pub fn items(items: &[Value], format: Format) -> String {
    match format {
        Format::Json => json(&Value::Array(items.to_vec())),
        Format::Table if items.is_empty() => "(no items)\n".to_owned(),
        Format::Table => table::of_items(items),
    }
}

/// Pretty JSON with a final newline.
pub fn json(value: &Value) -> String {
    format!("{value:#}\n")
}

/// Writes `text` to stdout. A closed pipe (`| head`) ends the output quietly; any other write
/// failure is reported.
pub fn print(text: &str) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(error) if error.kind() != ErrorKind::BrokenPipe => Err(Failure::transport(format!(
            "cannot write the output: {error}"
        ))),
        _ => Ok(()),
    }
}
