//! The review as terminal text, as a pull-request comment (markdown), or as JSON for tools.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{Level, Report, SpecChange, Wire};

/// Output formats of `cargo xtask spec-diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text, optionally coloured.
    Text {
        /// Whether to use ANSI colours (a terminal).
        colour: bool,
    },
    /// Markdown, ready to paste as a pull-request comment.
    Markdown,
    /// JSON.
    Json,
}

/// The one-line summary of the verdicts.
pub fn summary(report: &Report) -> String {
    let breaking = report
        .changes
        .iter()
        .filter(|c| c.wire == Wire::Breaking)
        .count();
    let mut line = format!(
        "{} change(s); wire: {} ({breaking} breaking); slack-connect: {} release",
        report.changes.len(),
        report.wire,
        match report.sdk {
            Level::None => "no new".to_owned(),
            level => level.to_string(),
        }
    );
    let unclassified = report.unclassified().count();
    if unclassified > 0 {
        let _ = write!(
            line,
            "; {unclassified} unclassified: no rule for the key (codegen/src/spec_diff/rules.rs)"
        );
    }
    line
}

/// Renders `report` in `format`.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Json => serde_json::to_string_pretty(report).unwrap_or_default() + "\n",
        Format::Markdown => markdown(report),
        Format::Text { colour } => text(report, colour),
    }
}

fn by_scope(report: &Report) -> BTreeMap<&str, Vec<&SpecChange>> {
    let mut groups: BTreeMap<&str, Vec<&SpecChange>> = BTreeMap::new();
    for change in &report.changes {
        groups
            .entry(change.scope.as_str())
            .or_default()
            .push(change);
    }
    groups
}

fn detail(change: &SpecChange) -> String {
    let mut text = change.what.clone();
    if !change.reaches.is_empty() {
        let _ = write!(text, "; reaches {}", change.reaches.join(", "));
    }
    if let Some(first) = change.api.first() {
        let _ = write!(text, "; {}: {}", first.item, first.reason);
        if change.api.len() > 1 {
            let _ = write!(text, " (+{} more)", change.api.len() - 1);
        }
    }
    if let Some(with) = &change.judged_with {
        let _ = write!(text, "; judged with {with}");
    }
    text
}

fn text(report: &Report, colour: bool) -> String {
    let paint = |code: &str, text: String| {
        if colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text
        }
    };
    let mut out = String::new();
    if !report.changes.is_empty() {
        let _ = writeln!(out, "  {:<10} {:<5}  item: change", "wire", "sdk");
    }
    for (scope, changes) in by_scope(report) {
        let _ = writeln!(out, "{}", paint("1", scope.to_owned()));
        for change in changes {
            let wire = match change.wire {
                Wire::Breaking | Wire::Unclassified => paint("31", format!("{:<10}", change.wire)),
                Wire::Caution => paint("33", format!("{:<10}", change.wire)),
                _ => format!("{:<10}", change.wire),
            };
            let sdk = match change.sdk {
                Level::Major => paint("31", format!("{:<5}", change.sdk)),
                _ => format!("{:<5}", change.sdk),
            };
            let _ = writeln!(
                out,
                "  {wire} {sdk}  {}: {}",
                change.subject,
                detail(change)
            );
        }
    }
    if report.changes.is_empty() {
        out.push_str("no changes to the spec\n");
    }
    let _ = writeln!(out, "{}", summary(report));
    out
}

fn markdown(report: &Report) -> String {
    let mut out = String::from("### Spec changes\n\n");
    let _ = writeln!(out, "**{}**\n", summary(report));
    if report.changes.is_empty() {
        out.push_str("No changes to the spec.\n");
        return out;
    }
    out.push_str("| Scope | Item | Change | Wire | SDK |\n|---|---|---|---|---|\n");
    for (scope, changes) in by_scope(report) {
        for change in changes {
            let cell = |text: &str| text.replace('|', "\\|");
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                cell(scope),
                cell(&change.subject),
                cell(&detail(change)),
                badge(change.wire),
                change.sdk
            );
        }
    }
    out
}

fn badge(wire: Wire) -> String {
    match wire {
        Wire::Breaking | Wire::Unclassified => format!("**{wire}**"),
        other => other.to_string(),
    }
}
