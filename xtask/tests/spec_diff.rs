//! `cargo xtask spec-diff`'s exit status and formats: 0 without breaking changes, 1 with one,
//! 2 when it cannot run. The base is an edited copy of the project's own spec.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use codegen::spec_diff::tree;
use serde_json::{json, Value};

fn spec_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("running xtask")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A copy of the spec, edited by `edit`, to diff the working tree against.
fn base(edit: impl FnOnce(&mut tree::Tree)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut files = tree::read(&spec_dir()).unwrap();
    edit(&mut files);
    tree::write(&files, dir.path()).unwrap();
    dir
}

const DENY: &str = "methods/conversations.requestSharedInvite.deny.json";

#[test]
fn an_unchanged_spec_exits_0() {
    let dir = base(|_| {});
    let output = xtask(&["spec-diff", "--base-dir", dir.path().to_str().unwrap()]);
    let stdout = text(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}{}",
        text(&output.stderr)
    );
    assert!(
        stdout.contains("0 change(s); wire: docs (0 breaking); slack-connect: no new release"),
        "{stdout}"
    );
}

#[test]
fn a_new_error_code_is_a_minor_release_and_exits_0() {
    // The base lacks an error code the working tree has: the working tree added it.
    let dir = base(|files| {
        let errors = files.get_mut(DENY).unwrap()["errors"]
            .as_array_mut()
            .unwrap();
        errors.retain(|e| e["code"] != "invite_expired");
    });
    let output = xtask(&[
        "spec-diff",
        "--base-dir",
        dir.path().to_str().unwrap(),
        "--format",
        "json",
    ]);
    // Error enums are `non_exhaustive`: a documented code Slack adds is a minor release.
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["sdk"], "minor");
    assert_eq!(report["wire"], "caution");
    let change = &report["changes"][0];
    assert_eq!(change["subject"], "error `invite_expired`");
    assert_eq!(change["what"], "added");
    assert_eq!(
        change["api"][0]["item"],
        "conversations::request_shared_invite::deny::Error::InviteExpired"
    );
}

#[test]
fn markdown_is_a_table_and_a_removed_argument_is_breaking() {
    let dir = base(|files| {
        let arguments = files.get_mut(DENY).unwrap()["arguments"]
            .as_array_mut()
            .unwrap();
        arguments.push(json!({"name": "reason", "type": "string", "description": "Why."}));
    });
    let output = xtask(&[
        "spec-diff",
        "--base-dir",
        dir.path().to_str().unwrap(),
        "--format",
        "markdown",
    ]);
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("| Scope | Item | Change | Wire | SDK |"),
        "{stdout}"
    );
    assert!(
        stdout.contains("| conversations.requestSharedInvite.deny | argument `reason` | removed"),
        "{stdout}"
    );
    assert!(stdout.contains("| **breaking** | major |"), "{stdout}");
}

#[test]
fn tool_errors_exit_2() {
    let output = xtask(&["spec-diff", "--base", "no-such-revision"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("no-such-revision"),
        "{}",
        text(&output.stderr)
    );
    let output = xtask(&["spec-diff", "--format", "yaml"]);
    assert_eq!(output.status.code(), Some(2));
    let invalid = base(|files| {
        files.get_mut(DENY).unwrap()["arguments"][0]["type"] = json!("no_such_type");
    });
    let output = xtask(&["spec-diff", "--base-dir", invalid.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains(DENY) && stderr.contains("arguments[0].type"),
        "{stderr}"
    );
    let dir = base(|_| {});
    let output = xtask(&[
        "spec-diff",
        "--base-dir",
        dir.path().to_str().unwrap(),
        "--check-version",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("--check-version needs --base"));
}

#[test]
fn the_readme_example_is_real_output() {
    use codegen::spec_diff::render::{render, Format};
    // The README's example: Slack adds `invite_locked` to requestSharedInvite.deny.
    let base = base(|_| {});
    let head = base_with_invite_locked();
    let report = codegen::spec_diff::compare(base.path(), head.path()).unwrap();
    let readme = std::fs::read_to_string(spec_dir().join("../README.md")).unwrap();
    for line in render(&report, Format::Text { colour: false }).lines() {
        assert!(readme.contains(line), "the README lacks `{line}`");
    }
    for line in render(&report, Format::Markdown).lines() {
        assert!(readme.contains(line), "the README lacks `{line}`");
    }
    // Its docs-audit step: the snapshot Slack published with the new code, against the spec
    // without it.
    let upstream = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(spec_dir().join("upstream")).unwrap() {
        let entry = entry.unwrap();
        let target = upstream.path().join(entry.file_name());
        if entry.path().is_dir() {
            // SlackKit's docs for the methods without Slack's method JSON.
            std::fs::create_dir(&target).unwrap();
            for file in std::fs::read_dir(entry.path()).unwrap() {
                let file = file.unwrap();
                std::fs::copy(file.path(), target.join(file.file_name())).unwrap();
            }
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
    let deny = upstream.path().join(DENY.trim_start_matches("methods/"));
    let mut reference: Value =
        serde_json::from_str(&std::fs::read_to_string(&deny).unwrap()).unwrap();
    reference["errors"]["invite_locked"] =
        json!({"desc": "The invite request is being reviewed by another admin."});
    std::fs::write(&deny, reference.to_string()).unwrap();
    let audit = codegen::docs_audit::run(base.path(), upstream.path())
        .unwrap()
        .render();
    for line in [
        "  DRIFT         error invite_locked: upstream, not in the spec",
        "24 difference(s): 23 acknowledged, 1 drift; 0 stale acknowledgement(s)",
    ] {
        assert!(
            audit.contains(line) && readme.contains(line),
            "`{line}`:\n{audit}"
        );
    }
}

fn base_with_invite_locked() -> tempfile::TempDir {
    base(|files| {
        let errors = files.get_mut(DENY).unwrap()["errors"]
            .as_array_mut()
            .unwrap();
        errors.push(json!({
            "code": "invite_locked",
            "description": "The invite request is being reviewed by another admin."
        }));
    })
}

#[test]
fn help_names_every_exit_status_and_format() {
    let output = xtask(&["spec-diff", "--help"]);
    assert_eq!(output.status.code(), Some(0));
    let help = text(&output.stdout);
    for word in [
        "text|markdown|json",
        "1 a breaking or unclassified change",
        "2 the",
    ] {
        assert!(help.contains(word), "{word}: {help}");
    }
}
