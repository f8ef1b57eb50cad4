//! A method file: its name, transport, argument rules, pagination and errors.

use std::collections::{BTreeMap, BTreeSet};

use super::Validator;
use crate::model::{ContentType, HttpMethod, MethodFile, RuleKind};
use crate::types::TypeRef;

impl<'a> Validator<'a> {
    // Rust names (modules, types, fields, setters, variants) are checked on the IR, where they
    // are computed: see `crate::collisions`.
    pub(super) fn check_method(&mut self, file: &str, method: &'a MethodFile) {
        self.check_method_name(file, &method.name);
        for (i, object) in method.objects.iter().enumerate() {
            if self
                .spec
                .objects
                .iter()
                .any(|shared| shared.name == object.name)
            {
                self.error(
                    file,
                    format!("objects[{i}].name"),
                    format!("object `{}` is already a shared object", object.name),
                );
            }
        }
        let scope = self.scope(&method.objects);
        self.check_objects(file, "objects", &method.objects, &scope);
        self.check_transport(file, method);
        self.check_fields(file, "arguments", &method.arguments, &scope, "argument");
        for (i, argument) in method.arguments.iter().enumerate() {
            if argument.required && argument.default.is_some() {
                self.error(
                    file,
                    format!("arguments[{i}].default"),
                    "a required argument cannot have a default",
                );
            }
        }
        self.check_rules(file, method);
        self.check_fields(
            file,
            "response.fields",
            &method.response.fields,
            &scope,
            "field",
        );
        self.check_pagination(file, method);
        self.check_errors(file, method);
        for (i, decision) in method.decisions.iter().enumerate() {
            if decision.sources.is_empty() {
                self.error(
                    file,
                    format!("decisions[{i}].sources"),
                    "name the sources weighed",
                );
            }
        }
    }

    /// A method's name must not also be the prefix of another method's name: on the client it
    /// would have to be both a method and a namespace.
    pub(super) fn check_namespaces(&mut self) {
        let spec = self.spec;
        for located in spec.methods.values() {
            let prefix = format!("{}.", located.value.name);
            if let Some(other) = spec.methods.keys().find(|other| other.starts_with(&prefix)) {
                self.error(
                    &located.file,
                    "name",
                    format!(
                        "method `{}` is also the namespace of method `{other}`; the client cannot offer both",
                        located.value.name
                    ),
                );
            }
        }
    }

    pub(super) fn check_method_name(&mut self, file: &str, name: &str) {
        let segments: Vec<&str> = name.split('.').collect();
        let valid = segments.len() >= 2
            && segments.iter().all(|segment| {
                segment.starts_with(|c: char| c.is_ascii_lowercase())
                    && segment.chars().all(|c| c.is_ascii_alphanumeric())
            });
        if !valid {
            self.error(
                file,
                "name",
                format!("`{name}` is not a method name like `family.methodName`"),
            );
        }
    }

    pub(super) fn check_transport(&mut self, file: &str, method: &MethodFile) {
        if method.content_types.is_empty() {
            self.error(file, "content_types", "list at least one content type");
        }
        let unique: BTreeSet<_> = method.content_types.iter().map(|c| *c as u8).collect();
        if unique.len() != method.content_types.len() {
            self.error(file, "content_types", "a content type is listed twice");
        }
        if method.http_method == HttpMethod::Get
            && method.content_types.first() == Some(&ContentType::Json)
        {
            self.error(
                file,
                "http_method",
                "a GET request has no body, so it cannot send JSON",
            );
        }
        if method.scopes.bot.is_empty()
            && method.scopes.user.is_empty()
            && method.scopes.app.is_empty()
        {
            self.error(file, "scopes", "list the scopes of at least one token type");
        }
    }

    pub(super) fn check_rules(&mut self, file: &str, method: &MethodFile) {
        for (i, rule) in method.argument_rules.iter().enumerate() {
            let path = format!("argument_rules[{i}].arguments");
            if rule.arguments.len() < 2 {
                self.error(file, &path, "a rule covers at least two arguments");
            }
            for (j, name) in rule.arguments.iter().enumerate() {
                if let Some(first) = rule.arguments[..j].iter().position(|other| other == name) {
                    self.error(
                        file,
                        format!("{path}[{j}]"),
                        format!("argument `{name}` is named twice in this rule (also [{first}])"),
                    );
                    continue;
                }
                match method.arguments.iter().find(|a| &a.name == name) {
                    None => self.error(
                        file,
                        format!("{path}[{j}]"),
                        format!("unknown argument `{name}`"),
                    ),
                    Some(argument) if argument.required => self.error(
                        file,
                        format!("{path}[{j}]"),
                        format!("argument `{name}` is required, so a rule over it says nothing"),
                    ),
                    Some(_) => {}
                }
            }
            if let Some(choice) = &rule.choice {
                let at = format!("argument_rules[{i}].choice");
                self.check_name(file, &at, choice);
                if rule.rule != RuleKind::ExactlyOneOf {
                    self.error(file, &at, "a choice needs an `exactly_one_of` rule");
                }
            }
        }
    }

    pub(super) fn check_pagination(&mut self, file: &str, method: &MethodFile) {
        let Some(pagination) = &method.pagination else {
            return;
        };
        let argument = |name: &str| method.arguments.iter().find(|a| a.name == name);
        match argument(&pagination.cursor_argument) {
            Some(a) if a.ty == TypeRef::String && !a.required => {}
            _ => self.error(
                file,
                "pagination.cursor_argument",
                format!(
                    "`{}` must be an optional string argument",
                    pagination.cursor_argument
                ),
            ),
        }
        match argument(&pagination.limit_argument) {
            Some(a) if a.ty == TypeRef::Integer && !a.required => {}
            _ => self.error(
                file,
                "pagination.limit_argument",
                format!(
                    "`{}` must be an optional integer argument",
                    pagination.limit_argument
                ),
            ),
        }
        let items = method
            .response
            .fields
            .iter()
            .find(|f| f.name == pagination.items_field);
        if !matches!(items, Some(f) if f.ty.is_array()) {
            self.error(
                file,
                "pagination.items_field",
                format!(
                    "`{}` must be an array field of the response",
                    pagination.items_field
                ),
            );
        }
        let has_metadata = method.response.fields.iter().any(|f| {
            f.name == "response_metadata" && f.ty == TypeRef::Named("response_metadata".into())
        });
        let metadata_has_cursor = self
            .spec
            .objects
            .iter()
            .find(|o| o.name == "response_metadata")
            .is_some_and(|o| {
                o.fields
                    .iter()
                    .any(|f| f.name == "next_cursor" && f.ty == TypeRef::String && !f.required)
            });
        if !metadata_has_cursor {
            self.error(
                file,
                "pagination",
                "pagination needs the shared object `response_metadata` with an optional string field `next_cursor`",
            );
        }
        if !has_metadata {
            self.error(
                file,
                "response.fields",
                "a paginated method needs a `response_metadata` field of type `response_metadata` (it carries next_cursor)",
            );
        }
    }

    pub(super) fn check_errors(&mut self, file: &str, method: &MethodFile) {
        let common: BTreeSet<&str> = if method.common_errors {
            self.spec
                .common_errors
                .iter()
                .map(|e| e.code.as_str())
                .collect()
        } else {
            BTreeSet::new()
        };
        let mut codes = CodeSet::default();
        for (i, error) in method.errors.iter().enumerate() {
            let path = format!("errors[{i}]");
            if let Err(message) = codes.insert(&error.code, &path) {
                self.error(file, format!("{path}.code"), message);
            }
            let noted = error.notes.is_some();
            self.check_upstream_differences(file, &path, &error.differs_from_upstream, noted);
            let is_common = common.contains(error.code.as_str());
            if is_common && !error.overrides_common {
                self.error(
                    file,
                    format!("{path}.code"),
                    format!(
                        "`{}` is also a common error: set `overrides_common: true` and say in `notes` which description wins and why",
                        error.code
                    ),
                );
            }
            if !is_common && error.overrides_common {
                self.error(
                    file,
                    format!("{path}.overrides_common"),
                    format!(
                        "`{}` is not a common error of this method, so it overrides nothing",
                        error.code
                    ),
                );
            }
        }
        if method.common_errors {
            for error in &self.spec.common_errors {
                if method.errors.iter().any(|e| e.code == error.code) {
                    continue;
                }
                if let Err(message) = codes.insert(&error.code, "the common errors") {
                    self.error(file, "errors", message);
                }
            }
        }
    }
}

/// Error codes seen so far.
#[derive(Default)]
pub(super) struct CodeSet {
    codes: BTreeMap<String, String>,
}

impl CodeSet {
    pub(super) fn insert(&mut self, code: &str, at: &str) -> Result<(), String> {
        if code.is_empty()
            || !code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return Err(format!("error code `{code}` must be snake_case"));
        }
        if !code.chars().any(|c| c.is_ascii_lowercase()) {
            return Err(format!(
                "error code `{code}` has no letter, so no identifier can be made from it"
            ));
        }
        if let Some(previous) = self.codes.get(code) {
            return Err(format!("duplicate error code `{code}` (also {previous})"));
        }
        // Its Rust variant is checked with every other generated name (`crate::collisions`).
        self.codes.insert(code.to_owned(), at.to_owned());
        Ok(())
    }
}
