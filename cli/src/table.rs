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
    let grid: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            headers
                .iter()
                .map(|header| {
                    row.iter()
                        .find(|(name, _)| name == header)
                        .map(|(_, text)| text.clone())
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect();
    render(&headers, &grid)
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
    fn fields_table_lists_name_and_value() {
        assert_eq!(
            of_fields(&json!({"invite_id": "I1", "url": "https://x"})),
            "field      value\ninvite_id  I1\nurl        https://x\n"
        );
    }
}
