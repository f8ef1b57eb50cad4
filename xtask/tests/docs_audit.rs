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
    assert!(stdout.starts_with("docs-audit: spec/ against spec/upstream (8 methods)\n"));
    assert!(stdout.contains(" acknowledged, 0 drift\n"), "{stdout}");
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
