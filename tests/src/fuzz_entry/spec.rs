//! The `spec` target: loading, validating and generating from a spec with one file replaced.

use std::sync::OnceLock;

use codegen::load::{self, SpecFiles};

/// The project's spec directory.
pub(super) const SPEC_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec");
/// The generator's fixture spec: a small spec using every feature, which generates about a
/// sixth as much code as the project's, so the target runs several times faster on it.
pub(super) const FIXTURE_DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../codegen/tests/fixtures/specs/basic"
);

fn read(dir: &str) -> SpecFiles {
    let mut errors = Vec::new();
    let files = load::read_files(std::path::Path::new(dir), &mut errors);
    assert!(
        errors.is_empty(),
        "the spec in {dir} does not read: {errors:?}"
    );
    files
}

/// The project's spec files, read once.
pub(super) fn base() -> &'static SpecFiles {
    static FILES: OnceLock<SpecFiles> = OnceLock::new();
    FILES.get_or_init(|| read(SPEC_DIR))
}

/// The fixture spec's files, read once.
pub(super) fn fixture() -> &'static SpecFiles {
    static FILES: OnceLock<SpecFiles> = OnceLock::new();
    FILES.get_or_init(|| read(FIXTURE_DIR))
}

/// The selector byte of file number `index` of the fixture spec (`project` false) or the
/// project's spec.
pub(super) fn selector(project: bool, index: usize) -> u8 {
    let index = u8::try_from(index).ok().filter(|&i| i < 0x80);
    index.expect("fewer than 128 spec files") | if project { 0x80 } else { 0 }
}

/// Replaces a spec file with the text `data[1..]`, then loads, validates and generates. The
/// selector byte `data[0]` picks the spec (high bit clear: the generator's fixture spec; set:
/// the project's) and the file (the other bits, in path order, wrapping). A spec that is
/// refused must say why; one that is accepted must generate Rust that parses (with syn: the
/// generator's own check, `GenerateError::Internal` when it fails, is a finding here).
pub fn spec(data: &[u8]) {
    let Some((&selector, text)) = data.split_first() else {
        return;
    };
    let mut files = if selector & 0x80 == 0 {
        fixture()
    } else {
        base()
    }
    .clone();
    let path = files
        .keys()
        .nth(usize::from(selector & 0x7f) % files.len())
        .expect("the spec has files")
        .clone();
    files.insert(path, String::from_utf8_lossy(text).into_owned());
    check(&files);
}

/// Loads, validates and generates `files`; see [`spec`].
pub fn check(files: &SpecFiles) {
    let spec = match load::from_files(files) {
        Ok(spec) => spec,
        Err(errors) => {
            assert!(!errors.0.is_empty(), "a spec was refused with no error");
            return;
        }
    };
    match codegen::generate_spec(&spec, &codegen::sdk_paths()) {
        // The generator parses every file it emits with syn before formatting it, and reports
        // one that does not parse as `GenerateError::Internal`.
        Ok(generated) => assert!(
            generated.contains_key("mod.rs"),
            "a generated SDK without its root module"
        ),
        Err(codegen::GenerateError::Internal(error)) => {
            panic!("a spec that validates does not generate: {error}")
        }
        Err(error) => assert!(
            !error.to_string().is_empty(),
            "a spec was refused with no reason"
        ),
    }
}
