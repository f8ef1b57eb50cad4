//! Maintainer commands. `cargo xtask codegen` regenerates everything generated from the spec;
//! `cargo xtask codegen --check` changes nothing and fails with a diff when anything is stale;
//! `cargo xtask docs-audit` compares the spec with Slack's machine-readable method reference;
//! `cargo xtask spec-diff` lists spec changes since a revision with wire and SemVer verdicts;
//! `cargo xtask import` drafts spec method files from machine-readable method docs.

mod docs_audit;
mod import;
mod spec_diff;

use std::path::PathBuf;
use std::process::ExitCode;

use codegen::plan::{stale_report, Change, Mode, REGENERATE};

const USAGE: &str =
    "usage: cargo xtask codegen [--check] | cargo xtask docs-audit [--upstream <dir>] \
     | cargo xtask spec-diff [--base <rev> | --base-dir <dir>] [--format text|markdown|json] [--check-version] \
     | cargo xtask import <src>... [--out <dir>] [--force]";

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
        ["docs-audit", rest @ ..] => return docs_audit::main(&workspace_root(), rest),
        ["spec-diff", rest @ ..] => return spec_diff::main(&workspace_root(), rest),
        ["import", rest @ ..] => return import::main(&workspace_root(), rest),
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

fn workspace_root() -> PathBuf {
    // xtask lives one level below the workspace root.
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."))
}
