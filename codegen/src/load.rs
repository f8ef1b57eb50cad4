//! Reading spec files from disk into the serde model.
//!
//! Parsing goes through `serde_path_to_error`, so every problem carries the JSON path where it
//! was found. Loading reads every file before giving up, so one run reports all broken files.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{SpecError, SpecErrors};
use crate::model::{
    EnvelopesFile, ErrorsFile, EventFile, IdsFile, Located, MethodFile, ObjectsFile,
    SocketModeFile, Spec,
};

/// Shared ID types, relative to the spec directory.
pub const IDS_FILE: &str = "shared/ids.json";
/// Shared object shapes.
pub const OBJECTS_FILE: &str = "shared/objects.json";
/// Common errors.
pub const ERRORS_FILE: &str = "shared/errors.json";
/// The Events API envelopes (optional).
pub const ENVELOPES_FILE: &str = "shared/envelopes.json";
/// The Socket Mode frames (optional).
pub const SOCKET_MODE_FILE: &str = "shared/socket_mode.json";
/// Directory of method files.
pub const METHODS_DIR: &str = "methods";
/// Directory of event files (optional).
pub const EVENTS_DIR: &str = "events";
/// Slack's published method reference, for `cargo xtask docs-audit`; not spec files.
pub const UPSTREAM_DIR: &str = "upstream";
/// The derived JSON schema, the one generated file inside the spec directory.
pub const SCHEMA_FILE: &str = "schema.json";

/// The text of a spec's files, by path relative to the spec directory.
pub type SpecFiles = BTreeMap<String, String>;

/// Loads every file of the spec in `dir`. Validation is a separate step ([`crate::validate`]).
pub fn load(dir: &Path) -> Result<Spec, SpecErrors> {
    let mut errors = Vec::new();
    let files = read_files(dir, &mut errors);
    match from_files(&files) {
        Ok(spec) if errors.is_empty() => Ok(spec),
        Ok(_) => Err(SpecErrors(errors)),
        Err(SpecErrors(more)) => {
            errors.extend(more);
            Err(SpecErrors(errors))
        }
    }
}

/// Reads the spec files of `dir` (shared files, methods, events), recording files that cannot
/// be read and files the loader would ignore.
pub fn read_files(dir: &Path, errors: &mut Vec<SpecError>) -> SpecFiles {
    let mut files = SpecFiles::new();
    let mut read = |relative: String, errors: &mut Vec<SpecError>| match fs::read_to_string(
        dir.join(&relative),
    ) {
        Ok(text) => {
            files.insert(relative, text);
        }
        Err(error) => errors.push(SpecError::new(
            &relative,
            ".",
            format!("cannot read: {error}"),
        )),
    };
    for shared in [IDS_FILE, OBJECTS_FILE, ERRORS_FILE] {
        read(shared.to_owned(), errors);
    }
    if dir.join(ENVELOPES_FILE).is_file() {
        read(ENVELOPES_FILE.to_owned(), errors);
    }
    if dir.join(SOCKET_MODE_FILE).is_file() {
        read(SOCKET_MODE_FILE.to_owned(), errors);
    }
    check_no_stray_files(dir, errors);
    for relative in json_files(dir, METHODS_DIR, errors) {
        read(relative, errors);
    }
    if dir.join(EVENTS_DIR).is_dir() {
        for relative in json_files(dir, EVENTS_DIR, errors) {
            read(relative, errors);
        }
    }
    files
}

/// Parses a spec from the text of its files, as [`read_files`] gives them; no I/O.
pub fn from_files(files: &SpecFiles) -> Result<Spec, SpecErrors> {
    let mut errors = Vec::new();
    let mut spec = Spec {
        ids_file: IDS_FILE.to_owned(),
        objects_file: OBJECTS_FILE.to_owned(),
        errors_file: ERRORS_FILE.to_owned(),
        ..Spec::default()
    };
    if let Some(file) = parse_file::<IdsFile>(files, IDS_FILE, &mut errors) {
        spec.ids = file.ids;
    }
    if let Some(file) = parse_file::<ObjectsFile>(files, OBJECTS_FILE, &mut errors) {
        spec.objects = file.objects;
    }
    if let Some(file) = parse_file::<ErrorsFile>(files, ERRORS_FILE, &mut errors) {
        spec.common_errors = file.common_errors;
    }
    if files.contains_key(ENVELOPES_FILE) {
        spec.envelopes =
            parse_file::<EnvelopesFile>(files, ENVELOPES_FILE, &mut errors).map(|value| Located {
                file: ENVELOPES_FILE.to_owned(),
                value,
            });
    }
    if files.contains_key(SOCKET_MODE_FILE) {
        spec.socket_mode =
            parse_file::<SocketModeFile>(files, SOCKET_MODE_FILE, &mut errors).map(|value| {
                Located {
                    file: SOCKET_MODE_FILE.to_owned(),
                    value,
                }
            });
    }
    for relative in in_dir(files, METHODS_DIR) {
        let Some(method) = parse_file::<MethodFile>(files, relative, &mut errors) else {
            continue;
        };
        let expected = format!("{METHODS_DIR}/{}.json", method.name);
        if let Some(first) = spec.methods.get(&method.name) {
            errors.push(SpecError::new(
                relative,
                "name",
                format!(
                    "duplicate method `{}`: already defined in `{}`",
                    method.name, first.file
                ),
            ));
            continue;
        }
        if relative != expected && files.contains_key(&expected) {
            errors.push(SpecError::new(
                relative,
                "name",
                format!(
                    "duplicate method `{}`: also defined in `{expected}`",
                    method.name
                ),
            ));
            continue;
        }
        if relative != expected {
            errors.push(SpecError::new(
                relative,
                "name",
                format!(
                    "method `{}` must live in `{expected}` (one file per method, named after it)",
                    method.name
                ),
            ));
            continue;
        }
        spec.methods.insert(
            method.name.clone(),
            Located {
                file: relative.to_owned(),
                value: method,
            },
        );
    }
    for relative in in_dir(files, EVENTS_DIR) {
        let Some(event) = parse_file::<EventFile>(files, relative, &mut errors) else {
            continue;
        };
        let expected = format!("{EVENTS_DIR}/{}.json", event.name);
        if relative != expected {
            errors.push(SpecError::new(
                relative,
                "name",
                format!(
                    "event `{}` must live in `{expected}` (one file per event, named after it)",
                    event.name
                ),
            ));
            continue;
        }
        spec.events.insert(
            event.name.clone(),
            Located {
                file: relative.to_owned(),
                value: event,
            },
        );
    }
    if errors.is_empty() {
        Ok(spec)
    } else {
        Err(SpecErrors(errors))
    }
}

/// The files directly in `sub`, in path order (so loading and error order are deterministic).
fn in_dir<'a>(files: &'a SpecFiles, sub: &'a str) -> impl Iterator<Item = &'a str> {
    files.keys().map(String::as_str).filter(move |path| {
        path.strip_prefix(sub)
            .is_some_and(|rest| rest.starts_with('/'))
    })
}

/// Parses one JSON string as a spec file of type `T`; public for tests and tools.
pub fn parse_str<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, SpecError> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value: T = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        SpecError::new(file, path, error.into_inner().to_string())
    })?;
    deserializer
        .end()
        .map_err(|error| SpecError::new(file, ".", error.to_string()))?;
    Ok(value)
}

/// Parses one file of `files`; a file [`read_files`] could not read is already reported.
fn parse_file<T: DeserializeOwned>(
    files: &SpecFiles,
    relative: &str,
    errors: &mut Vec<SpecError>,
) -> Option<T> {
    let text = files.get(relative)?;
    let undecided = undecided(relative, text);
    if !undecided.is_empty() {
        errors.extend(undecided);
        return None;
    }
    parse_str(relative, text)
        .map_err(|error| errors.push(error))
        .ok()
}

/// Every value of a file still marked `TODO: ...` (as `cargo xtask import` leaves what its
/// source does not decide), one error each at its JSON path: a draft is rejected until a
/// maintainer has decided every marked value.
pub fn undecided(relative: &str, text: &str) -> Vec<SpecError> {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    crate::import::draft::find_todos(&value, "", &mut found);
    found
        .into_iter()
        .map(|(path, marker)| {
            SpecError::new(
                relative,
                path,
                format!("undecided: {marker:?}: decide the value and replace the marker"),
            )
        })
        .collect()
}

/// The JSON files of `sub` (methods or events), sorted so that loading and error order are
/// deterministic.
fn json_files(dir: &Path, sub: &str, errors: &mut Vec<SpecError>) -> Vec<String> {
    let entries = match fs::read_dir(dir.join(sub)) {
        Ok(entries) => entries,
        Err(error) => {
            errors.push(SpecError::new(sub, ".", format!("cannot read: {error}")));
            return Vec::new();
        }
    };
    let mut files = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") {
            files.push(format!("{sub}/{name}"));
        } else {
            errors.push(SpecError::new(
                &format!("{sub}/{name}"),
                ".",
                "unexpected file: spec files end in `.json`",
            ));
        }
    }
    files.sort();
    files
}

/// Rejects files the loader would otherwise silently ignore, such as a misnamed shared file.
fn check_no_stray_files(dir: &Path, errors: &mut Vec<SpecError>) {
    let known = |relative: &str| {
        relative == SCHEMA_FILE
            || relative == IDS_FILE
            || relative == OBJECTS_FILE
            || relative == ERRORS_FILE
            || relative == ENVELOPES_FILE
            || relative == SOCKET_MODE_FILE
            || relative == METHODS_DIR
            || relative == EVENTS_DIR
            || relative == UPSTREAM_DIR
            || relative == "shared"
    };
    for sub in ["", "shared"] {
        let Ok(entries) = fs::read_dir(dir.join(sub)) else {
            continue;
        };
        let mut names: Vec<String> = entries
            .flatten()
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for name in names {
            let relative = if sub.is_empty() {
                name
            } else {
                format!("{sub}/{name}")
            };
            if !known(&relative) && !relative.starts_with('.') {
                errors.push(SpecError::new(
                    &relative,
                    ".",
                    "unexpected file in the spec directory: the loader would ignore it",
                ));
            }
        }
    }
}
