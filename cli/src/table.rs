//! Plain-text tables: left-aligned columns separated by two spaces, one line per row.

use crate::flatten::cells;
use crate::text::one_line;
use serde_json::Value;

/// A table of `rows` under `headers`; cells are made single-line first.
pub fn render(headers: &[String], rows: &[Vec<String>]) -> String {
    let clean = |cells: &[String]| cells.iter().map(|c| one_line(c)).collect::<Vec<_>>();
    let headers = clean(headers);
    let rows: Vec<Vec<String>> = rows.iter().map(|row| clean(row)).collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&headers).chain(&rows) {
        let mut line = String::new();
        for (index, width) in widths.iter().enumerate() {
            let cell = row.get(index).map_or("", String::as_str);
            if index > 0 {
                line.push_str("  ");
            }
            line.push_str(cell);
            line.extend(std::iter::repeat_n(' ', width - cell.chars().count()));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// One row per item, one column per cell name found in any item (in order of appearance).
/// A nested copy of a field (`invite.date_created` next to `date_created`) holding the same
/// values in every row is left out, since it only widens the table.
pub fn of_items(items: &[Value]) -> String {
    let rows: Vec<Vec<(String, String)>> = items.iter().map(cells).collect();
    let mut headers: Vec<String> = Vec::new();
    for (name, _) in rows.iter().flatten() {
        if !headers.contains(name) {
            headers.push(name.clone());
        }
    }
    // Fields come in alphabetical order; the identifying column reads best first.
    headers.sort_by_key(|name| !(name == "id" || name.ends_with(".id")));
    let all: Vec<(String, Vec<String>)> = headers
        .into_iter()
        .map(|header| {
            let values = rows
                .iter()
                .map(|row| {
                    row.iter()
                        .find(|(name, _)| *name == header)
                        .map(|(_, text)| text.clone())
                        .unwrap_or_default()
                })
                .collect();
            (header, values)
        })
        .collect();
    let depth = |path: &str| path.matches('.').count();
    let columns: Vec<&(String, Vec<String>)> = all
        .iter()
        .enumerate()
        .filter(|(index, (header, values))| {
            !all.iter().enumerate().any(|(other, (name, other_values))| {
                field(name) == field(header)
                    && other_values == values
                    && (depth(name), other) < (depth(header), *index)
            })
        })
        .map(|(_, column)| column)
        .collect();
    let grid: Vec<Vec<String>> = (0..rows.len())
        .map(|row| {
            columns
                .iter()
                .map(|(_, values)| values[row].clone())
                .collect()
        })
        .collect();
    let headers: Vec<String> = columns.iter().map(|(header, _)| header.clone()).collect();
    render(&headers, &grid)
}

/// The field name of a dotted path: `invite.date_created` -> `date_created`.
fn field(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

/// A two-column table of one object's cells.
pub fn of_fields(value: &Value) -> String {
    let rows: Vec<Vec<String>> = cells(value)
        .into_iter()
        .map(|(name, text)| vec![name, text])
        .collect();
    render(&["field".to_owned(), "value".to_owned()], &rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn columns_align_and_missing_cells_stay_empty() {
        let items = [
            json!({"id": "I1", "status": "pending"}),
            json!({"channel": {"name": "launch\nnow"}, "invite": {"id": "I22"}}),
        ];
        assert_eq!(
            of_items(&items),
            "id  invite.id  status   channel\nI1             pending\n    I22                 launch now\n"
        );
    }

    #[test]
    fn nested_copies_of_a_column_are_left_out() {
        let items = [
            json!({"status": "a", "invite": {"status": "a", "id": "I1"}}),
            json!({"status": "b", "invite": {"status": "c", "id": "I2"}}),
        ];
        assert!(of_items(&items).starts_with("invite.id  invite.status  status\n"));
        let same = [json!({"status": "a", "invite": {"status": "a"}})];
        assert_eq!(of_items(&same), "status\na\n");
    }

    #[test]
    fn fields_table_lists_name_and_value() {
        assert_eq!(
            of_fields(&json!({"invite_id": "I1", "url": "https://x"})),
            "field      value\ninvite_id  I1\nurl        https://x\n"
        );
    }
}
