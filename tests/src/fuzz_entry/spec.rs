//! The `spec` target: loading, validating and generating from a spec with one file replaced.

use std::sync::OnceLock;

use codegen::load::{self, SpecFiles};

/// The project's spec directory.
pub(super) const SPEC_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec");

/// The project's spec files, read once.
pub(super) fn base() -> &'static SpecFiles {
    static FILES: OnceLock<SpecFiles> = OnceLock::new();
    FILES.get_or_init(|| {
        let mut errors = Vec::new();
        let files = load::read_files(std::path::Path::new(SPEC_DIR), &mut errors);
        assert!(
            errors.is_empty(),
            "the project's spec does not read: {errors:?}"
        );
        files
    })
}

/// Replaces the spec file picked by `data[0]` (in path order) with the text `data[1..]`, then
/// loads, validates and generates. A spec that is refused must say why; one that is accepted
/// must generate Rust that parses.
pub fn spec(data: &[u8]) {
    let Some((&selector, text)) = data.split_first() else {
        return;
    };
    let mut files = base().clone();
    let path = files
        .keys()
        .nth(usize::from(selector) % files.len())
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
        Ok(generated) => {
            for (file, source) in &generated {
                if let Err(error) = syn::parse_file(source) {
                    panic!("generated `{file}` does not parse: {error}");
                }
            }
        }
        Err(codegen::GenerateError::Internal(error)) => {
            panic!("a spec that validates does not generate: {error}")
        }
        Err(error) => assert!(
            !error.to_string().is_empty(),
            "a spec was refused with no reason"
        ),
    }
}
