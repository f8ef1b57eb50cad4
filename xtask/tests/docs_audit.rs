//! `cargo xtask docs-audit`'s exit status: 0 when every difference is acknowledged, 1 on
//! drift, 2 when the audit cannot run.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
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

#[test]
fn the_current_snapshot_exits_0() {
    let output = xtask(&["docs-audit"]);
    let stdout = text(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}{}",
        text(&output.stderr)
    );
    assert!(stdout.starts_with("docs-audit: spec/ against spec/upstream (14 methods)\n"));
    assert!(
        stdout.contains(" acknowledged, 0 drift; 0 stale acknowledgement(s)\n"),
        "{stdout}"
    );
}

#[test]
fn drift_exits_1() {
    // The older snapshot uses the legacy scope format, which the spec does not acknowledge.
    let old = root().join("reference/slack-method-json/2025-09-06");
    let output = xtask(&["docs-audit", "--upstream", old.to_str().unwrap()]);
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("  DRIFT         scope format: upstream gives scopes in a legacy form"));
    assert!(text(&output.stderr).contains("drift:"));
}

/// Copies the files of `from`, and of its subdirectories (SlackKit's docs), into `to`.
fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A copy of `spec/upstream` with `conversations.inviteShared.json` passed through `edit`.
fn edited_invite_shared(edit: impl Fn(&mut serde_json::Value)) -> tempfile::TempDir {
    let copy = tempfile::tempdir().unwrap();
    copy_dir(&root().join("spec/upstream"), copy.path());
    let file = copy.path().join("conversations.inviteShared.json");
    let mut value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    edit(&mut value);
    std::fs::write(&file, value.to_string()).unwrap();
    copy
}

#[test]
fn a_changed_acknowledged_value_exits_1() {
    let copy = edited_invite_shared(|value| value["http_method"] = "PUT".into());
    let output = xtask(&["docs-audit", "--upstream", copy.path().to_str().unwrap()]);
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains(
        "  DRIFT         http_method: upstream PUT, spec POST; acknowledged for upstream POST,"
    ));
}

#[test]
fn a_stale_acknowledgement_exits_1() {
    // Upstream adopts the spec's bound of one email: the entry accepting none matches nothing.
    let copy = edited_invite_shared(|value| {
        value["args"]["properties"]["emails"]["maxItems"] = 1.into();
    });
    let output = xtask(&["docs-audit", "--upstream", copy.path().to_str().unwrap()]);
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("  STALE         argument emails max_items:"));
    assert!(stdout.ends_with(" 0 drift; 1 stale acknowledgement(s)\n"));
    assert!(text(&output.stderr).contains("STALE"));
}

#[test]
fn a_snapshot_that_cannot_be_read_exits_2() {
    let missing = root().join("reference/slack-method-json/1999-01-01");
    let output = xtask(&["docs-audit", "--upstream", missing.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("1999-01-01"));

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("conversations.inviteShared.json"),
        "not json",
    )
    .unwrap();
    let output = xtask(&["docs-audit", "--upstream", dir.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("conversations.inviteShared.json: not JSON"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn bad_usage_exits_2() {
    for args in [
        &["docs-audit", "--upstream"][..],
        &["docs-audit", "--strict"],
        &["audit"],
    ] {
        let output = xtask(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(text(&output.stderr).contains("usage:"), "{args:?}");
    }
}
