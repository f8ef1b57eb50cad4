//! `cargo xtask import`: drafts land in `--out` (or `spec/methods/`), an existing file is never
//! replaced without `--force`, and bad usage or sources exit non-zero, writing nothing.

use std::fs;
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

fn source(method: &str) -> String {
    root()
        .join(format!("spec/upstream/{method}.json"))
        .display()
        .to_string()
}

fn golden(method: &str) -> String {
    fs::read_to_string(root().join(format!(
        "codegen/tests/fixtures/import/drafts/{method}.json"
    )))
    .unwrap()
}

#[test]
fn drafts_go_to_out_and_are_never_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("methods");
    let out_arg = out.display().to_string();
    let method = "conversations.inviteShared";
    let target = out.join(format!("{method}.json"));

    let first = xtask(&["import", &source(method), "--out", &out_arg]);
    let stdout = text(&first.stdout);
    assert_eq!(
        first.status.code(),
        Some(0),
        "{stdout}{}",
        text(&first.stderr)
    );
    assert!(
        stdout.starts_with(&format!("created {}\n", target.display())),
        "{stdout}"
    );
    assert!(stdout.contains("  TODO at `encoding_reason`\n"), "{stdout}");
    assert!(
        stdout.contains("1 draft(s) written; 5 value(s) marked TODO"),
        "{stdout}"
    );
    assert_eq!(fs::read_to_string(&target).unwrap(), golden(method));

    fs::write(&target, "decided by a maintainer\n").unwrap();
    let again = xtask(&["import", &source(method), "--out", &out_arg]);
    assert_eq!(again.status.code(), Some(1));
    let stderr = text(&again.stderr);
    assert_eq!(
        stderr,
        format!(
            "error: {}: already exists; pass --force to overwrite it\n",
            target.display()
        )
    );
    assert_eq!(
        fs::read_to_string(&target).unwrap(),
        "decided by a maintainer\n"
    );

    let forced = xtask(&["import", "--force", &source(method), "--out", &out_arg]);
    assert_eq!(forced.status.code(), Some(0), "{}", text(&forced.stderr));
    assert!(text(&forced.stdout).starts_with(&format!("replaced {}\n", target.display())));
    assert_eq!(fs::read_to_string(&target).unwrap(), golden(method));
}

#[test]
fn by_default_drafts_go_to_spec_methods_which_are_never_replaced() {
    let committed = root().join("spec/methods/conversations.inviteShared.json");
    let before = fs::read_to_string(&committed).unwrap();
    let output = xtask(&["import", &source("conversations.inviteShared")]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert_eq!(
        stderr,
        "error: spec/methods/conversations.inviteShared.json: already exists; pass --force to overwrite it\n"
    );
    assert_eq!(fs::read_to_string(&committed).unwrap(), before);
}

#[test]
fn a_directory_imports_every_file_and_one_bad_source_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let upstream = root().join("spec/upstream").display().to_string();
    let output = xtask(&["import", &upstream, "--out", &out.display().to_string()]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let written = fs::read_dir(&out).unwrap().count();
    assert_eq!(
        written,
        fs::read_dir(root().join("spec/upstream"))
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "json")
            })
            .count()
    );

    let bad = dir.path().join("conversations.broken.json");
    fs::write(&bad, "{\"args\": [1]}").unwrap();
    let fresh = dir.path().join("fresh");
    let output = xtask(&[
        "import",
        &source("conversations.inviteShared"),
        &bad.display().to_string(),
        "--out",
        &fresh.display().to_string(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr).contains("conversations.broken.json: not a method description the importer reads: `args` is not an object"),
        "{}",
        text(&output.stderr)
    );
    assert!(!fresh.exists(), "nothing written when a source is bad");
}

#[test]
fn bad_usage_exits_2() {
    for args in [
        &["import"][..],
        &["import", "--out"],
        &["import", "x.y.json", "--bogus"],
        &["import", "x.y.json", "--out", "a", "--out", "b"],
    ] {
        let output = xtask(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(text(&output.stderr).starts_with("usage: cargo xtask import <src>..."));
    }
}

/// The README's sample (`$ cargo xtask import <src>` and `$ cargo xtask codegen` after it) is
/// what the commands print; the draft is written to a scratch copy of the spec, not to `spec/`.
#[test]
fn the_readme_sample_is_real_output() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let section = &readme[readme
        .find("### Adding a method: `cargo xtask import`")
        .expect("README section")..];
    let mut lines = section.lines().peekable();
    let mut sample = |prefix: &str| -> (String, Vec<String>) {
        let command = lines
            .by_ref()
            .find_map(|l| l.strip_prefix(prefix).map(str::to_owned))
            .unwrap_or_else(|| panic!("README shows `{prefix}`"));
        let mut output = Vec::new();
        while let Some(line) = lines.next_if(|l| !l.starts_with('$') && !l.starts_with("```")) {
            output.push(line.to_owned());
        }
        (command, output)
    };
    let (source, import_output) = sample("$ cargo xtask import ");
    let (_, codegen_output) = sample("$ cargo xtask codegen");

    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec");
    copy_tree(&root().join("spec"), &spec);
    let methods = spec.join("methods");
    // The sample shows how a method the spec did not have yet starts; the scratch copy drops the
    // spec's own file for it, as it was before the import.
    let imported = Path::new(source.trim()).file_name().unwrap();
    fs::remove_file(methods.join(imported)).unwrap();
    let output = xtask(&[
        "import",
        &root().join(source.trim()).display().to_string(),
        "--out",
        &methods.display().to_string(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let printed = text(&output.stdout).replace(&methods.display().to_string(), "spec/methods");
    assert_eq!(printed.lines().collect::<Vec<_>>(), import_output);

    let error = format!("error: {}", codegen::load::load(&spec).unwrap_err());
    let mut rendered = error.lines();
    for line in codegen_output.iter().filter(|l| l.trim() != "...") {
        assert!(
            rendered.any(|r| r == line),
            "README line not in the output (or out of order): {line:?}\n{error}"
        );
    }
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}
