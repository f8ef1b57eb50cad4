//! Clap's outcomes other than a parsed command line: help and version (success), help for an
//! incomplete command, and usage errors, reported like every other failure: one `error:` line.

use std::process::ExitCode;

use clap::error::ErrorKind;

use crate::exit::{Failure, INVALID_ARGUMENTS};

/// Prints what clap has to say and returns the exit code.
pub fn exit(error: &clap::Error) -> ExitCode {
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = error.print();
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = error.print();
            ExitCode::from(INVALID_ARGUMENTS)
        }
        _ => Failure::invalid(one_line(&error.render().to_string())).report(),
    }
}

/// Clap's multi-line report on one line: the error paragraph and any tips, without the usage
/// block, ending with where to find help.
fn one_line(report: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    for paragraph in report.split("\n\n") {
        let lines: Vec<&str> = paragraph
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        match lines.first() {
            Some(first) if first.starts_with("error:") || first.starts_with("tip:") => {
                parts.push(lines.join(" "));
            }
            _ => {}
        }
    }
    let text = parts.join("; ");
    let text = text.strip_prefix("error: ").unwrap_or(&text);
    format!("{text} (see --help)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_reports_become_one_line() {
        let report = "error: the following required arguments were not provided:\n  --channel <CHANNEL_ID>\n\nUsage: slack-connect conversations invite-shared --channel <CHANNEL_ID>\n\nFor more information, try '--help'.\n";
        assert_eq!(
            one_line(report),
            "the following required arguments were not provided: --channel <CHANNEL_ID> (see --help)"
        );
        let report = "error: unexpected argument '--lmit' found\n\n  tip: a similar argument exists: '--limit'\n\nUsage: x\n";
        assert_eq!(
            one_line(report),
            "unexpected argument '--lmit' found; tip: a similar argument exists: '--limit' (see --help)"
        );
    }
}
