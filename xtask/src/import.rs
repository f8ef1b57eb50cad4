//! `cargo xtask import <src>... [--out <dir>] [--force]`: drafts spec method files from
//! machine-readable method docs (Slack's method JSON, as in `spec/upstream/`, or SlackKit docs
//! JSON). A source may be a directory, meaning every `*.json` in it. Drafts go to
//! `spec/methods/` unless `--out` says otherwise; an existing file is never replaced unless
//! `--force` is given, and when any would be, nothing is written. Exit status: 0 when written,
//! 1 when a source or the output is bad, 2 on bad usage.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::import::{import_files, write_drafts, ImportError, Known};
use codegen::load::METHODS_DIR;
use codegen::project::SPEC_DIR;

pub const USAGE: &str = "cargo xtask import <src>... [--out <dir>] [--force]";

/// Runs the import with the arguments after `import`.
pub fn main(root: &Path, args: &[&str]) -> ExitCode {
    let mut sources = Vec::new();
    let mut out = None;
    let mut force = false;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match *arg {
            "--force" => force = true,
            "--out" => match args.next() {
                Some(dir) if out.is_none() => out = Some(PathBuf::from(dir)),
                _ => return usage(),
            },
            flag if flag.starts_with("--") => return usage(),
            source => sources.push(PathBuf::from(source)),
        }
    }
    if sources.is_empty() {
        return usage();
    }
    let out = out.unwrap_or_else(|| root.join(SPEC_DIR).join(METHODS_DIR));
    match run(root, &sources, &out, force) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // Paths inside the workspace are shown relative to it.
            let shown = error
                .to_string()
                .replace(&format!("{}/", root.display()), "");
            eprintln!("error: {shown}");
            ExitCode::FAILURE
        }
    }
}

fn usage() -> ExitCode {
    eprintln!("usage: {USAGE}");
    ExitCode::from(2)
}

fn run(root: &Path, sources: &[PathBuf], out: &Path, force: bool) -> Result<(), ImportError> {
    let known = Known::read(&root.join(SPEC_DIR))?;
    let files = expand(sources)?;
    let drafts = import_files(&files, &known)?;
    let written = write_drafts(&drafts, out, force)?;
    let mut undecided = 0;
    for file in &written {
        let verb = if file.replaced { "replaced" } else { "created" };
        let shown = file.path.strip_prefix(root).unwrap_or(&file.path);
        println!("{verb} {}", shown.display());
        for at in &file.todos {
            println!("  TODO at `{at}`");
        }
        undecided += file.todos.len();
    }
    println!(
        "{} draft(s) written; {undecided} value(s) marked TODO: decide each (the loader rejects \
         the drafts until none is left), then run `cargo xtask codegen` and `cargo xtask docs-audit`",
        written.len()
    );
    Ok(())
}

/// The source files: each file as given, each directory's `*.json` files in name order.
fn expand(sources: &[PathBuf]) -> Result<Vec<PathBuf>, ImportError> {
    let mut files = Vec::new();
    for source in sources {
        if source.is_dir() {
            let entries = std::fs::read_dir(source).map_err(|error| ImportError::Read {
                path: source.clone(),
                error,
            })?;
            let mut found: Vec<PathBuf> = entries
                .flatten()
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|e| e == "json"))
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(source.clone());
        }
    }
    Ok(files)
}
