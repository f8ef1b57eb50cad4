//! Semantic checks on a loaded spec: everything serde cannot see on its own.
//!
//! Duplicates, dangling references, constraints that do not fit their type. Every problem is
//! reported with its file and JSON path, and all problems are collected before returning so one
//! run shows them all. Rust names are checked later, on the IR where they are computed
//! (`crate::collisions`).
//!
//! By job: shared files here, [`methods`] (a method file: transport, rules, pagination, errors),
//! [`events`] (event files and envelopes), [`fields`] (fields, objects, types, constraints).

mod events;
mod fields;
mod methods;

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{SpecError, SpecErrors};
use crate::model::{ObjectDef, Spec};
use methods::CodeSet;

/// The catch-all variant of every error enum.
pub const CATCH_ALL_VARIANT: &str = "Unknown";

/// Checks a loaded spec; `Ok` means the IR can be built from it without further checks.
pub fn validate(spec: &Spec) -> Result<(), SpecErrors> {
    let mut v = Validator {
        errors: Vec::new(),
        spec,
    };
    v.check_shared();
    for located in spec.methods.values() {
        v.check_method(&located.file, &located.value);
    }
    v.check_namespaces();
    for located in spec.events.values() {
        v.check_event(&located.file, &located.value);
    }
    if let Some(located) = &spec.envelopes {
        v.check_envelopes(&located.file, &located.value);
    }
    if let Some(located) = &spec.socket_mode {
        v.check_socket_mode(&located.file, &located.value);
    }
    if v.errors.is_empty() {
        Ok(())
    } else {
        Err(SpecErrors(v.errors))
    }
}

struct Validator<'a> {
    errors: Vec<SpecError>,
    spec: &'a Spec,
}

/// Which names a type expression may refer to in a given file.
struct Scope<'a> {
    ids: BTreeSet<&'a str>,
    objects: BTreeSet<&'a str>,
    /// Whether the type `event` may be used: only in envelope fields.
    events: bool,
}

impl<'a> Validator<'a> {
    pub(super) fn error(
        &mut self,
        file: &str,
        path: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.errors.push(SpecError::new(file, path, message));
    }

    pub(super) fn check_shared(&mut self) {
        let spec = self.spec;
        let mut seen = BTreeMap::new();
        for (i, id) in spec.ids.iter().enumerate() {
            let path = format!("ids[{i}].name");
            self.check_name(&spec.ids_file, &path, &id.name);
            if let Some(previous) = seen.insert(id.name.as_str(), i) {
                self.error(
                    &spec.ids_file,
                    path,
                    format!("duplicate ID type `{}` (also ids[{previous}])", id.name),
                );
            }
            if id.prefixes.is_empty() {
                self.error(
                    &spec.ids_file,
                    format!("ids[{i}].prefixes"),
                    "list at least one documented prefix",
                );
            }
        }
        let scope = self.scope(&[]);
        self.check_objects(&spec.objects_file, "objects", &spec.objects, &scope);
        let mut codes = CodeSet::default();
        for (i, error) in spec.common_errors.iter().enumerate() {
            let path = format!("common_errors[{i}]");
            if error.overrides_common {
                self.error(
                    &spec.errors_file,
                    format!("{path}.overrides_common"),
                    "only a method's own errors can override a common error",
                );
            }
            if let Err(message) = codes.insert(&error.code, &path) {
                self.error(&spec.errors_file, format!("{path}.code"), message);
            }
        }
    }

    pub(super) fn scope(&self, local: &'a [ObjectDef]) -> Scope<'a> {
        Scope {
            ids: self.spec.ids.iter().map(|id| id.name.as_str()).collect(),
            objects: self
                .spec
                .objects
                .iter()
                .chain(local)
                .map(|object| object.name.as_str())
                .collect(),
            events: false,
        }
    }

    /// A wire name the generator turns into an identifier (a field, argument or property name;
    /// error codes are checked by `CodeSet`): ASCII letters, digits and `_`, with at least one letter, so that it is
    /// never empty once its separators are removed (`__`, `}` or `//` cannot be emitted).
    pub(super) fn check_wire_name(&mut self, file: &str, path: &str, name: &str, what: &str) {
        let alphabet = name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        let lettered = name.chars().any(|c| c.is_ascii_alphabetic());
        if !alphabet {
            self.error(
                file,
                path,
                format!(
                    "{what} `{name}` has characters outside the wire-name alphabet (a-z, A-Z, 0-9, _)"
                ),
            );
        } else if !lettered {
            self.error(
                file,
                path,
                format!("{what} `{name}` has no letter, so no identifier can be made from it"),
            );
        }
    }

    pub(super) fn check_name(&mut self, file: &str, path: &str, name: &str) {
        let valid = name.starts_with(|c: char| c.is_ascii_lowercase())
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !valid {
            self.error(
                file,
                path,
                format!("`{name}` must be snake_case (a-z, 0-9, _)"),
            );
        }
    }
}
