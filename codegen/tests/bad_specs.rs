//! Each kind of bad spec yields its own clear error, naming the file and the JSON path.
//!
//! A fixture under `tests/fixtures/bad/<kind>/` holds the files that, laid over the valid
//! `tests/fixtures/specs/basic` spec, break it in one way, and `expected.txt`, the exact report.
//! Set `UPDATE_EXPECT=1` to rewrite the expected reports after an intended change, then review them.

use std::fs;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else if entry.file_name() != "expected.txt" {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn report_for(kind: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("specs/basic"), dir.path());
    copy_tree(&fixtures().join("bad").join(kind), dir.path());
    match codegen::generate(dir.path(), &codegen::sdk_paths()) {
        Ok(_) => panic!("fixture `{kind}` is accepted, but it should be rejected"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn every_bad_spec_fixture_gives_its_expected_report() {
    let mut kinds: Vec<String> = fs::read_dir(fixtures().join("bad"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    kinds.sort();
    assert!(kinds.len() >= 15, "one fixture per kind of problem");
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    for kind in &kinds {
        let report = report_for(kind);
        let expected_path = fixtures().join("bad").join(kind).join("expected.txt");
        if update {
            fs::write(&expected_path, &report).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if report != expected {
            failures.push(format!(
                "{kind}:\n--- expected\n{expected}\n--- got\n{report}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_basic_fixture_is_valid() {
    let files = codegen::generate(&fixtures().join("specs/basic"), &codegen::sdk_paths())
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(files.contains_key("widgets/list.rs"));
}

#[test]
fn generation_is_deterministic() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let first = codegen::generate(&spec, &codegen::sdk_paths()).unwrap();
    let second = codegen::generate(&spec, &codegen::sdk_paths()).unwrap();
    assert_eq!(first, second);
    assert!(first
        .values()
        .all(|text| text.starts_with(codegen::emit::HEADER)));
}
