//! `cargo xtask docs-audit [--upstream <dir>]`: the spec against Slack's published method
//! reference (by default the snapshot in `spec/upstream/`). Exit status: 0 when every
//! difference is acknowledged by the spec for the very upstream value it pins, 1 on drift or a
//! stale acknowledgement, 2 when the audit cannot run (a bad directory, a file that is not
//! JSON, an invalid spec, bad usage).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::docs_audit::UPSTREAM_DIR;

pub const USAGE: &str = "cargo xtask docs-audit [--upstream <dir>]";

/// Runs the audit with the arguments after `docs-audit`.
pub fn main(root: &Path, args: &[&str]) -> ExitCode {
    let upstream = match args {
        [] => root.join(UPSTREAM_DIR),
        ["--upstream", dir] => PathBuf::from(dir),
        _ => {
            eprintln!("usage: {USAGE}");
            return ExitCode::from(2);
        }
    };
    let spec_dir = root.join(codegen::project::SPEC_DIR);
    match codegen::docs_audit::run(&spec_dir, &upstream) {
        Ok(mut report) => {
            if let Ok(relative) = report.upstream_dir.strip_prefix(root) {
                report.upstream_dir = relative.to_path_buf();
            }
            print!("{}", report.render());
            if report.is_clean() {
                ExitCode::SUCCESS
            } else {
                eprintln!(
                    "drift: review each DRIFT and STALE entry: fix the spec, or record the \
                     upstream value accepted (a decision on the topic with `upstream`, or a \
                     `differs_from_upstream` entry with `attribute`, `upstream` and `notes` on \
                     the item); remove acknowledgements that match nothing; then run \
                     `cargo xtask codegen`"
                );
                ExitCode::FAILURE
            }
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}
