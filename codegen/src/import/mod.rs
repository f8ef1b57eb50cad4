//! `cargo xtask import`: drafting spec method files from machine-readable method docs, so a new
//! method starts from data rather than typing.
//!
//! Two source formats are read: Slack's method JSON (the format of `spec/upstream/`, see
//! [`slack_json`]) and SlackKit-style docs JSON (see [`slackkit`]). Either becomes a
//! [`MethodDraft`]: every argument, type, required flag, constraint, error code, tier, scope
//! and (when the source has one) response field the source states. Whatever the source leaves
//! undecided is written as a `"TODO: ..."` value ([`draft::TODO_MARKER`]), which the loader
//! rejects with its file and JSON path, so a draft never passes CI before a maintainer decides.
//! [`write`] writes drafts without overwriting existing spec files unless asked.
//!
//! The importer is a pure function of the source and the spec's shared names ([`Known`]): the
//! ID types, object shapes and common errors a draft may refer to.

pub mod draft;
mod fields;
pub mod slack_json;
pub mod slackkit;
pub mod write;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

pub use draft::{MethodDraft, TODO_MARKER};
pub use write::{write_drafts, Written};

use crate::error::SpecError;
use crate::load::{parse_str, ERRORS_FILE, IDS_FILE, OBJECTS_FILE};
use crate::model::{ErrorsFile, IdsFile, ObjectsFile, Spec};

/// Why an import failed. Nothing is written when any source fails.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// A source file cannot be read.
    #[error("{path}: cannot read: {error}")]
    Read {
        /// The source file.
        path: PathBuf,
        /// What went wrong.
        error: std::io::Error,
    },
    /// A source file is not JSON.
    #[error("{path}: not JSON: {error}")]
    NotJson {
        /// The source file.
        path: PathBuf,
        /// The parser's complaint.
        error: serde_json::Error,
    },
    /// A source file is JSON, but in neither format the importer reads.
    #[error(
        "{path}: not a method description the importer reads: {why} (expected Slack's method \
         JSON, with `args` as a JSON schema, or SlackKit docs JSON, with `args` by name)"
    )]
    UnknownFormat {
        /// The source file.
        path: PathBuf,
        /// What gave it away.
        why: String,
    },
    /// A value in a source file has the wrong shape.
    #[error("{path}: at `{at}`: {message}")]
    Invalid {
        /// The source file.
        path: PathBuf,
        /// The JSON path of the value.
        at: String,
        /// What is wrong.
        message: String,
    },
    /// The source file's name is not a method name (`<method>.json`).
    #[error("{path}: the file name must be the method's wire name, as in `team.externalTeams.list.json`")]
    BadName {
        /// The source file.
        path: PathBuf,
    },
    /// Two sources describe the same method.
    #[error("{first} and {second} both describe `{method}`")]
    Duplicate {
        /// The method.
        method: String,
        /// The first source.
        first: PathBuf,
        /// The second source.
        second: PathBuf,
    },
    /// The spec's shared files, which name the ID types, objects and common errors, are invalid.
    #[error("{0}")]
    Spec(SpecError),
    /// The spec file exists and overwriting was not asked for.
    #[error("{path}: already exists; pass --force to overwrite it")]
    Exists {
        /// The spec file.
        path: PathBuf,
    },
    /// Writing a draft failed.
    #[error("{path}: cannot write: {error}")]
    Write {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        error: std::io::Error,
    },
}

impl From<SpecError> for ImportError {
    fn from(error: SpecError) -> Self {
        ImportError::Spec(error)
    }
}

/// The spec's shared names a draft may refer to.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Known {
    /// ID type names (`channel_id`).
    pub ids: BTreeSet<String>,
    /// Shared object names (`connect_invite`).
    pub objects: BTreeSet<String>,
    /// Common error codes (`internal_error`).
    pub common_errors: BTreeSet<String>,
}

impl Known {
    /// The names in a loaded spec.
    pub fn of(spec: &Spec) -> Known {
        Known {
            ids: spec.ids.iter().map(|id| id.name.clone()).collect(),
            objects: spec.objects.iter().map(|o| o.name.clone()).collect(),
            common_errors: spec.common_errors.iter().map(|e| e.code.clone()).collect(),
        }
    }

    /// The names in the shared files of the spec in `spec_dir` (method files are not read, so
    /// an import works while other drafts are still undecided).
    pub fn read(spec_dir: &Path) -> Result<Known, ImportError> {
        let read = |relative: &str| {
            std::fs::read_to_string(spec_dir.join(relative))
                .map_err(|error| SpecError::new(relative, ".", format!("cannot read: {error}")))
        };
        let ids: IdsFile = parse_str(IDS_FILE, &read(IDS_FILE)?)?;
        let objects: ObjectsFile = parse_str(OBJECTS_FILE, &read(OBJECTS_FILE)?)?;
        let errors: ErrorsFile = parse_str(ERRORS_FILE, &read(ERRORS_FILE)?)?;
        Ok(Known {
            ids: ids.ids.into_iter().map(|id| id.name).collect(),
            objects: objects.objects.into_iter().map(|o| o.name).collect(),
            common_errors: errors.common_errors.into_iter().map(|e| e.code).collect(),
        })
    }
}

/// The formats the importer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// Slack's method JSON (`docs.slack.dev/reference/methods/<method>.json`).
    SlackMethodJson,
    /// SlackKit-style docs JSON (`args` by name, `rate_limit.label`, scopes as objects).
    SlackKitDocs,
}

/// Which format `source` is in, or why it is in neither.
pub fn detect(source: &Value) -> Result<Format, String> {
    let Some(object) = source.as_object() else {
        return Err("expected a JSON object".to_owned());
    };
    let args = object.get("args");
    if args.is_some_and(|args| args.get("type").is_some() || args.get("properties").is_some())
        || [
            "rate_limits",
            "scope",
            "scope_by_token_type",
            "json_input_supported",
            "http_method",
        ]
        .iter()
        .any(|key| object.contains_key(*key))
    {
        return Ok(Format::SlackMethodJson);
    }
    if object.contains_key("rate_limit") || object.contains_key("scopes") {
        return Ok(Format::SlackKitDocs);
    }
    match args {
        Some(Value::Object(_)) => Ok(Format::SlackKitDocs),
        Some(_) => Err("`args` is not an object".to_owned()),
        None => Err("no `args`".to_owned()),
    }
}

/// Drafts the spec file of method `name` from `source`, read from `path` (named in errors and in
/// the draft's `sources`).
pub fn draft(
    name: &str,
    path: &Path,
    source: &Value,
    known: &Known,
) -> Result<MethodDraft, ImportError> {
    match detect(source) {
        Ok(Format::SlackMethodJson) => slack_json::draft(name, path, source, known),
        Ok(Format::SlackKitDocs) => slackkit::draft(name, path, source, known),
        Err(why) => Err(ImportError::UnknownFormat {
            path: path.to_path_buf(),
            why,
        }),
    }
}

/// Reads `path` (`<method>.json`) and drafts its method's spec file.
pub fn import_file(path: &Path, known: &Known) -> Result<MethodDraft, ImportError> {
    let name = method_name(path)?;
    let text = std::fs::read_to_string(path).map_err(|error| ImportError::Read {
        path: path.to_path_buf(),
        error,
    })?;
    let source: Value = serde_json::from_str(&text).map_err(|error| ImportError::NotJson {
        path: path.to_path_buf(),
        error,
    })?;
    draft(&name, path, &source, known)
}

/// Drafts every file of `paths`, failing on the first bad source or a method given twice.
pub fn import_files(paths: &[PathBuf], known: &Known) -> Result<Vec<MethodDraft>, ImportError> {
    let mut drafts: Vec<(MethodDraft, &PathBuf)> = Vec::new();
    for path in paths {
        let draft = import_file(path, known)?;
        if let Some((_, first)) = drafts.iter().find(|(d, _)| d.name == draft.name) {
            return Err(ImportError::Duplicate {
                method: draft.name,
                first: (*first).clone(),
                second: path.clone(),
            });
        }
        drafts.push((draft, path));
    }
    Ok(drafts.into_iter().map(|(draft, _)| draft).collect())
}

/// The method a source file describes: its file name without `.json`, which must be a wire
/// name (dot-separated segments of ASCII letters, digits and underscores).
pub fn method_name(path: &Path) -> Result<String, ImportError> {
    let bad = || ImportError::BadName {
        path: path.to_path_buf(),
    };
    let file = path.file_name().and_then(|n| n.to_str()).ok_or_else(bad)?;
    let name = file.strip_suffix(".json").ok_or_else(bad)?;
    let segment_ok = |s: &str| {
        !s.is_empty()
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && s.starts_with(|c: char| c.is_ascii_alphabetic())
    };
    if name.split('.').count() >= 2 && name.split('.').all(segment_ok) {
        Ok(name.to_owned())
    } else {
        Err(bad())
    }
}

/// The name a draft gives its source: the file name alone, so drafts do not depend on where
/// the source was read from.
fn source_label(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The reference page of a method.
fn docs_url(name: &str) -> String {
    format!("https://docs.slack.dev/reference/methods/{name}")
}
