//! The slack-connect code generator: JSON spec -> validated model -> IR -> Rust source.
//!
//! Pipeline: [`load::load`] -> [`validate::validate`] -> [`ir::lower`] ->
//! [`collisions::check`] -> [`emit::emit`]
//! (`quote!` + `prettyplease`) -> a [`plan::Plan`] of path -> contents, which
//! [`plan::Plan::apply`] writes or checks. Every step is a pure function of its input except the
//! first and the last, so output is deterministic.

pub mod collisions;
pub mod common_errors;
pub mod docs_audit;
pub mod emit;
pub mod error;
pub mod import;
pub mod ir;
pub mod load;
pub mod model;
pub mod naming;
pub mod plan;
pub mod project;
pub mod schema;
pub mod spec_diff;
pub mod types;
pub mod validate;

use std::collections::BTreeMap;
use std::path::Path;

pub use error::{SpecError, SpecErrors};
pub use plan::{Change, Mode, Plan};

/// Anything that stops generation.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// The spec is invalid; nothing was written.
    #[error("{0}")]
    Spec(#[from] SpecErrors),
    /// A generator setting is wrong.
    #[error("generator configuration: {0}")]
    Config(String),
    /// The generator produced something it should not have; a bug in the generator.
    #[error("internal generator error: {0}")]
    Internal(String),
    /// Reading or writing a file failed.
    #[error("{path}: {error}")]
    Io {
        /// The file.
        path: String,
        /// What went wrong.
        error: std::io::Error,
    },
}

impl GenerateError {
    fn io(path: &Path, error: std::io::Error) -> Self {
        GenerateError::Io {
            path: path.display().to_string(),
            error,
        }
    }
}

/// Loads and validates the spec in `spec_dir`, and generates its Rust modules.
///
/// `paths` says where the generated code finds the runtime, itself and the client.
pub fn generate(
    spec_dir: &Path,
    paths: &emit::Paths,
) -> Result<BTreeMap<String, String>, GenerateError> {
    generate_spec(&load::load(spec_dir)?, paths)
}

/// Validates a loaded spec and generates its Rust modules.
pub fn generate_spec(
    spec: &model::Spec,
    paths: &emit::Paths,
) -> Result<BTreeMap<String, String>, GenerateError> {
    validate::validate(spec)?;
    let ir = ir::lower(spec);
    collisions::check(&ir)?;
    emit::emit(&ir, paths)
}

/// Paths for code generated into the `slack-connect` crate itself.
pub fn sdk_paths() -> emit::Paths {
    emit::Paths::new("crate::runtime", "crate::generated", "crate::client")
        .expect("constant paths parse")
}
