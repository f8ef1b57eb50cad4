//! `cargo xtask spec-diff`: what a spec change means for Slack callers and for the crate's
//! version. See `codegen::spec_diff`.
//!
//! Exit codes: 0 no breaking change (with `--check-version`: the version is bumped far
//! enough); 1 a breaking change or a change to a key spec-diff has no rule for (unclassified;
//! with `--check-version`, also a version not bumped far enough); 2 a tool error (bad
//! arguments, bad revision, unreadable or invalid spec).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use codegen::load::SpecFiles;
use codegen::spec_diff::render::{self, Format};
use codegen::spec_diff::version::{manifest_version, Version};
use codegen::spec_diff::{self, Level, Report};

const USAGE: &str = "usage: cargo xtask spec-diff [--base <git-rev> | --base-dir <spec dir>] \
                     [--format text|markdown|json] [--check-version]";

/// Runs the command; `args` follow `spec-diff`.
pub fn main(root: &Path, args: &[&str]) -> ExitCode {
    if args.iter().any(|a| matches!(*a, "-h" | "--help")) {
        println!("{USAGE}\n\nexit status: 0 nothing breaks (or the version is bumped far enough), 1 a breaking or unclassified change (or not bumped far enough), 2 the comparison could not run");
        return ExitCode::SUCCESS;
    }
    match run(root, args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

struct Options {
    base: Base,
    format: Format,
    check_version: bool,
}

enum Base {
    Rev(String),
    Dir(PathBuf),
}

fn parse(args: &[&str]) -> Result<Options, String> {
    let mut options = Options {
        base: Base::Rev("HEAD".to_owned()),
        format: Format::Text {
            colour: std::io::stdout().is_terminal(),
        },
        check_version: false,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .map(|v| v.to_string())
                .ok_or(format!("{arg} needs a value\n{USAGE}"))
        };
        match *arg {
            "--base" => options.base = Base::Rev(value()?),
            "--base-dir" => options.base = Base::Dir(PathBuf::from(value()?)),
            "--format" => {
                options.format = match value()?.as_str() {
                    "text" => Format::Text {
                        colour: std::io::stdout().is_terminal(),
                    },
                    "markdown" => Format::Markdown,
                    "json" => Format::Json,
                    other => return Err(format!("unknown format `{other}`\n{USAGE}")),
                }
            }
            "--check-version" => options.check_version = true,
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    Ok(options)
}

fn run(root: &Path, args: &[&str]) -> Result<ExitCode, String> {
    let options = parse(args)?;
    let base = match &options.base {
        Base::Dir(dir) => spec_diff::read(dir),
        Base::Rev(rev) => Ok(spec_at(root, rev)?),
    };
    let head = spec_diff::read(&root.join(codegen::project::SPEC_DIR));
    let report = base
        .and_then(|base| spec_diff::compare_files(&base, &head?))
        .map_err(|e| e.to_string())?;
    print!("{}", render::render(&report, options.format));
    for change in report.unclassified() {
        eprintln!(
            "unclassified: {} {}: spec-diff has no rule for this key; add one in \
             codegen/src/spec_diff/rules.rs (and its judgement in classify.rs)",
            change.scope, change.location
        );
    }
    // An unclassified change fails whatever the version: nobody has judged what it needs.
    if !options.check_version || report.unclassified().next().is_some() {
        return Ok(ExitCode::from(review_status(&report)));
    }
    let Base::Rev(rev) = &options.base else {
        return Err("--check-version needs --base <git-rev>, to read the base version".into());
    };
    let base_version = version_at(root, Some(rev))?;
    let head_version = version_at(root, None)?;
    let needed = base_version.least_bump(report.sdk);
    if head_version >= needed {
        eprintln!(
            "slack-connect {base_version} -> {head_version}: enough for a {} release",
            describe(report.sdk)
        );
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "slack-connect {base_version} -> {head_version}: a {} release needs at least {needed}; \
             bump `version` in [workspace.package] of Cargo.toml",
            describe(report.sdk)
        );
        Ok(ExitCode::FAILURE)
    }
}

/// The exit status of a review without `--check-version`: 1 when a change breaks callers,
/// needs a major release, or has no classification rule; else 0.
fn review_status(report: &Report) -> u8 {
    u8::from(report.fails())
}

fn describe(level: Level) -> String {
    match level {
        Level::None => "no-change".to_owned(),
        level => level.to_string(),
    }
}

/// The spec files of `rev`, read with `git show` (no checkout).
fn spec_at(root: &Path, rev: &str) -> Result<SpecFiles, String> {
    let listing = git(root, &["ls-tree", "-r", "--name-only", rev, "--", "spec/"])?;
    let files: SpecFiles = listing
        .lines()
        .filter_map(|path| Some((path, path.strip_prefix("spec/")?)))
        .filter(|(_, relative)| {
            relative.ends_with(".json")
                && ["shared/", "methods/", "events/"]
                    .iter()
                    .any(|dir| relative.starts_with(dir))
        })
        .map(|(path, relative)| {
            Ok((
                relative.to_owned(),
                git(root, &["show", &format!("{rev}:{path}")])?,
            ))
        })
        .collect::<Result<_, String>>()?;
    if files.is_empty() {
        return Err(format!("revision `{rev}` has no spec files"));
    }
    Ok(files)
}

/// The `slack-connect` version at `rev`, or in the working tree.
fn version_at(root: &Path, rev: Option<&str>) -> Result<Version, String> {
    let read = |path: &str| match rev {
        Some(rev) => git(root, &["show", &format!("{rev}:{path}")]),
        None => std::fs::read_to_string(root.join(path)).map_err(|e| format!("{path}: {e}")),
    };
    let package = read("sdk/Cargo.toml")?;
    let workspace = read("Cargo.toml").ok();
    manifest_version(&package, workspace.as_deref()).map_err(|e| format!("sdk/Cargo.toml: {e}"))
}

fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    String::from_utf8(output.stdout)
        .map_err(|_| format!("git {}: output is not UTF-8", args.join(" ")))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use codegen::spec_diff::{compare_files_with, Rules};

    use super::review_status;

    /// A change to a key with no rule exits 1; the same change with its rule passes. The key
    /// is a real one (`rate_limit_tier`), its rule removed, as a new model key would lack one.
    #[test]
    fn an_unclassified_change_exits_1() {
        let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
        let base = codegen::spec_diff::read(&spec).unwrap();
        let mut head = base.clone();
        let file = "methods/conversations.acceptSharedInvite.json";
        let text = head.get_mut(file).unwrap();
        assert!(text.contains("\"rate_limit_tier\": \"tier2\""));
        *text = text.replace(
            "\"rate_limit_tier\": \"tier2\"",
            "\"rate_limit_tier\": \"tier3\"",
        );

        let judged = compare_files_with(&base, &head, &Rules::standard()).unwrap();
        assert_eq!(review_status(&judged), 0, "{judged:#?}");
        let unruled = Rules::standard().without("rate_limit_tier");
        let report = compare_files_with(&base, &head, &unruled).unwrap();
        assert_eq!(report.unclassified().count(), 1);
        assert_eq!(review_status(&report), 1);
    }
}
