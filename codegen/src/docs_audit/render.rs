//! The report for a reader: grouped by method, each difference marked `acknowledged` (with the
//! reason) or `DRIFT`, each stale acknowledgement marked `STALE`, then a summary line.

use super::report::{Finding, Report, Stale, Status};

/// Width of the text after the 16-column margin of the report.
const WIDTH: usize = 84;

impl Report {
    /// The report as text.
    pub fn render(&self) -> String {
        let mut out = format!(
            "docs-audit: spec/ against {} ({} methods)\n",
            self.upstream_dir.display(),
            self.methods.len()
        );
        let mut scopes = self.methods.clone();
        // Stale entries of files that are not methods (the common errors) come last.
        for stale in &self.stale {
            if !scopes.contains(&stale.method) {
                scopes.push(stale.method.clone());
            }
        }
        if !self.from_slackkit.is_empty() {
            let text = format!(
                "compared with SlackKit's method docs only (no HTTP verb, content types or \
                 response shape upstream): {}",
                self.from_slackkit.join(", ")
            );
            out.push('\n');
            for line in wrap(&text, WIDTH + 14) {
                out.push_str(&format!("{line}\n"));
            }
        }
        if !self.no_upstream.is_empty() {
            let text = format!(
                "no upstream data, not compared: {}",
                self.no_upstream.join(", ")
            );
            out.push('\n');
            for line in wrap(&text, WIDTH + 14) {
                out.push_str(&format!("{line}\n"));
            }
        }
        for scope in &scopes {
            if self.no_upstream.contains(scope) {
                continue;
            }
            let findings: Vec<&Finding> = self
                .findings
                .iter()
                .filter(|f| &f.method == scope)
                .collect();
            let stale: Vec<&Stale> = self.stale.iter().filter(|s| &s.method == scope).collect();
            if findings.is_empty() && stale.is_empty() {
                out.push_str(&format!("\n{scope}: no differences\n"));
                continue;
            }
            out.push_str(&format!("\n{scope}\n"));
            let mut previous: Option<&str> = None;
            for finding in findings {
                entry(
                    &mut out,
                    finding.mark(),
                    &format!("{}: {}", finding.topic, finding.text()),
                );
                let reason = match &finding.status {
                    Status::Acknowledged { reason } => Some(reason.as_str()),
                    Status::Changed { .. } | Status::Drift => None,
                };
                match reason {
                    Some(reason) if previous == Some(reason) => {
                        out.push_str(&format!("{:16}reason: as above\n", ""));
                    }
                    Some(reason) => {
                        for line in wrap(&format!("reason: {reason}"), WIDTH) {
                            out.push_str(&format!("{:16}{line}\n", ""));
                        }
                    }
                    None => {}
                }
                previous = reason;
            }
            for stale in stale {
                entry(
                    &mut out,
                    "STALE",
                    &format!("{}: {}", stale.topic, stale.why),
                );
            }
        }
        let drift = self.drift().count();
        out.push_str(&format!(
            "\n{} difference(s): {} acknowledged, {drift} drift; {} stale acknowledgement(s)\n",
            self.findings.len(),
            self.findings.len() - drift,
            self.stale.len()
        ));
        out
    }
}

/// One marked entry, wrapped under the margin.
fn entry(out: &mut String, mark: &str, text: &str) {
    for (i, line) in wrap(text, WIDTH).iter().enumerate() {
        let mark = if i == 0 { mark } else { "" };
        out.push_str(&format!("  {mark:<12}  {line}\n"));
    }
}

/// `text` in lines of at most `width` characters (longer words stand alone).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}
