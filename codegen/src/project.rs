//! What this workspace generates, and where: the one plan behind `cargo xtask codegen`,
//! `cargo xtask codegen --check` and the drift test.

use std::fs;
use std::path::Path;

use crate::plan::Plan;
use crate::{generate, schema, GenerateError};

/// The spec directory, relative to the workspace root.
pub const SPEC_DIR: &str = "spec";
/// The SDK's generated module.
pub const SDK_GENERATED_DIR: &str = "sdk/src/generated";
/// Fixture specs for generator snapshot tests, one directory each.
pub const FIXTURE_SPECS_DIR: &str = "codegen/tests/fixtures/specs";
/// Where fixture snapshots are generated; the `tests` crate compiles them.
pub const FIXTURE_OUTPUT_DIR: &str = "tests/src/fixtures";

/// Builds the whole plan for the workspace at `root`. Fails, writing nothing, if any spec is invalid.
pub fn plan(root: &Path) -> Result<Plan, GenerateError> {
    let mut plan = Plan::default();
    let files = generate(&root.join(SPEC_DIR), &crate::sdk_paths())?;
    plan.add_dir(SDK_GENERATED_DIR, files);
    plan.add_file(
        Path::new(SPEC_DIR).join(crate::load::SCHEMA_FILE),
        schema::schema_json(),
    );
    let fixtures = fixture_names(root)?;
    let mut index = String::from(crate::emit::HEADER);
    index.push_str("//! Generator snapshots of the fixture specs in `codegen/tests/fixtures/specs`, compiled here.\n");
    for name in &fixtures {
        let module = crate::naming::field(name);
        let paths = crate::emit::Paths::new(
            "::slack_connect::runtime",
            &format!("crate::fixtures::{module}"),
            "::slack_connect::client",
        )?;
        let files = generate(&root.join(FIXTURE_SPECS_DIR).join(name), &paths)?;
        plan.add_dir(Path::new(FIXTURE_OUTPUT_DIR).join(&module), files);
        index.push_str(&format!("pub mod {module};\n"));
    }
    plan.add_file(Path::new(FIXTURE_OUTPUT_DIR).join("mod.rs"), index);
    plan.owned_dirs.push(FIXTURE_OUTPUT_DIR.into());
    Ok(plan)
}

fn fixture_names(root: &Path) -> Result<Vec<String>, GenerateError> {
    let dir = root.join(FIXTURE_SPECS_DIR);
    let entries = fs::read_dir(&dir).map_err(|e| GenerateError::io(&dir, e))?;
    let mut names: Vec<String> = entries
        .flatten()
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    Ok(names)
}
