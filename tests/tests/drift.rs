//! The drift check: generated files in the tree must be exactly what the spec produces.
//!
//! This is the same plan `cargo xtask codegen` writes and `cargo xtask codegen --check` checks,
//! so a hand edit to a generated file, or a spec edit without regeneration, fails `cargo test`.

use std::path::{Path, PathBuf};

use codegen::plan::{stale_report, Change, Mode};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn generated_files_match_the_spec() {
    let root = workspace_root();
    let plan = codegen::project::plan(&root).unwrap_or_else(|e| panic!("{e}"));
    let changes = plan.apply(&root, Mode::Check).expect("reading the tree");
    assert!(changes.is_empty(), "{}", stale_report(&changes));
}

/// A copy of the parts of the workspace the plan reads and writes.
fn copy_workspace() -> tempfile::TempDir {
    let root = workspace_root();
    let copy = tempfile::tempdir().expect("temp dir");
    for dir in [
        "spec",
        "sdk/src/generated",
        "tests/src/fixtures",
        "codegen/tests/fixtures/specs",
    ] {
        copy_dir(&root.join(dir), &copy.path().join(dir));
    }
    copy
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn check(root: &Path) -> Vec<Change> {
    codegen::project::plan(root)
        .expect("valid spec")
        .apply(root, Mode::Check)
        .expect("reading the tree")
}

#[test]
fn a_hand_edit_to_a_generated_file_is_reported_with_a_diff_and_the_command() {
    let copy = copy_workspace();
    let root = copy.path();
    assert!(check(root).is_empty(), "the copy starts clean");
    let file = root.join("sdk/src/generated/conversations/invite_shared.rs");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replacen("ChannelArchived", "ChannelArchivedEdited", 1),
    )
    .unwrap();

    let changes = check(root);
    assert_eq!(changes.len(), 1);
    let report = stale_report(&changes);
    assert!(report.contains("cargo xtask codegen"), "{report}");
    assert!(report.contains("-    ChannelArchivedEdited,"), "{report}");
    assert!(report.contains("+    ChannelArchived,"), "{report}");
}

#[test]
fn a_spec_edit_without_regeneration_is_reported() {
    let copy = copy_workspace();
    let root = copy.path();
    let file = root.join("spec/methods/conversations.requestSharedInvite.deny.json");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("This invite is expired.", "This invite has expired."),
    )
    .unwrap();

    let changes = check(root);
    let paths: Vec<_> = changes.iter().map(|c| c.path().to_path_buf()).collect();
    assert_eq!(
        paths,
        [PathBuf::from(
            "sdk/src/generated/conversations/request_shared_invite/deny.rs"
        )]
    );
    assert!(stale_report(&changes)
        .contains("+    /// `invite_expired` (method error): This invite has expired."));
}

#[test]
fn missing_and_orphaned_files_are_reported_and_write_mode_repairs_them() {
    let copy = copy_workspace();
    let root = copy.path();
    std::fs::remove_file(root.join("sdk/src/generated/ids.rs")).unwrap();
    std::fs::write(
        root.join("sdk/src/generated/conversations/old_method.rs"),
        "// gone\n",
    )
    .unwrap();
    std::fs::remove_file(root.join("spec/schema.json")).unwrap();

    let changes = check(root);
    assert!(changes.contains(&Change::Created("sdk/src/generated/ids.rs".into())));
    assert!(changes.contains(&Change::Created("spec/schema.json".into())));
    assert!(changes.contains(&Change::Removed(
        "sdk/src/generated/conversations/old_method.rs".into()
    )));

    let plan = codegen::project::plan(root).unwrap();
    plan.apply(root, Mode::Write).unwrap();
    assert!(check(root).is_empty());
    assert!(!root
        .join("sdk/src/generated/conversations/old_method.rs")
        .exists());
}

#[test]
fn an_invalid_spec_writes_nothing() {
    let copy = copy_workspace();
    let root = copy.path();
    let generated = root.join("sdk/src/generated/conversations/invite_shared.rs");
    std::fs::write(&generated, "// stale\n").unwrap();
    let file = root.join("spec/methods/conversations.inviteShared.json");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replacen("\"type\": \"channel_id\"", "\"type\": \"chanel_id\"", 1),
    )
    .unwrap();

    let error = codegen::project::plan(root).unwrap_err().to_string();
    assert!(
        error.contains("methods/conversations.inviteShared.json: at `arguments[0].type`: unknown type `chanel_id`"),
        "{error}"
    );
    assert_eq!(std::fs::read_to_string(&generated).unwrap(), "// stale\n");
}
