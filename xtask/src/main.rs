//! Maintainer commands. `cargo xtask codegen` regenerates everything generated from the spec;
//! `cargo xtask codegen --check` changes nothing and fails with a diff when anything is stale;
//! `cargo xtask audit` compares the spec with Slack's machine-readable method reference.

use std::path::PathBuf;
use std::process::ExitCode;

use codegen::plan::{stale_report, Change, Mode, REGENERATE};

const USAGE: &str = "usage: cargo xtask codegen [--check] | cargo xtask audit";

/// Snapshots of Slack's method reference, one directory per date.
const REFERENCE_DIR: &str = "reference/slack-method-json";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["codegen"] => Mode::Write,
        ["codegen", "--check"] => Mode::Check,
        ["audit"] => {
            return match audit() {
                Ok(code) => code,
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitCode::FAILURE
                }
            }
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match codegen(mode) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn codegen(mode: Mode) -> Result<ExitCode, String> {
    let root = workspace_root();
    // The whole plan is built, and the spec validated, before anything is written.
    let plan = codegen::project::plan(&root).map_err(|e| e.to_string())?;
    let changes = plan.apply(&root, mode).map_err(|e| e.to_string())?;
    match mode {
        Mode::Check if changes.is_empty() => {
            println!("generated files are up to date with the spec");
            Ok(ExitCode::SUCCESS)
        }
        Mode::Check => {
            eprint!("{}", stale_report(&changes));
            eprintln!("to fix: {REGENERATE}");
            Ok(ExitCode::FAILURE)
        }
        Mode::Write => {
            for change in &changes {
                let verb = match change {
                    Change::Created(_) => "created",
                    Change::Updated(..) => "updated",
                    Change::Removed(_) => "removed",
                };
                println!("{verb} {}", change.path().display());
            }
            println!("{} file(s) changed", changes.len());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Prints every difference between the spec and each reference snapshot; fails on unexplained ones.
fn audit() -> Result<ExitCode, String> {
    let root = workspace_root();
    let spec =
        codegen::load::load(&root.join(codegen::project::SPEC_DIR)).map_err(|e| e.to_string())?;
    codegen::validate::validate(&spec).map_err(|e| e.to_string())?;
    let mut dates: Vec<PathBuf> = std::fs::read_dir(root.join(REFERENCE_DIR))
        .map_err(|e| format!("{REFERENCE_DIR}: {e}"))?
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_dir())
        .collect();
    dates.sort();
    let mut unexplained = 0;
    for dir in dates {
        let findings = codegen::audit::audit(&spec, &dir).map_err(|e| e.to_string())?;
        println!("{} ({} difference(s))", dir.display(), findings.len());
        for finding in &findings {
            println!("  {finding}");
        }
        unexplained += findings.iter().filter(|f| !f.explained).count();
    }
    if unexplained > 0 {
        eprintln!(
            "{unexplained} difference(s) are not explained by a decision or a note in the spec"
        );
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

fn workspace_root() -> PathBuf {
    // xtask lives one level below the workspace root.
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."))
}
