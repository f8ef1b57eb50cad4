//! Text from a server made safe to print on a terminal.

/// `text` on one line: control characters (newlines, terminal escapes) become spaces, so a
/// message stays one line and a table cell cannot break the layout or drive the terminal.
pub fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}
