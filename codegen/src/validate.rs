//! Semantic checks on a loaded spec: everything serde cannot see on its own.
//!
//! Duplicates, dangling references, constraints that do not fit their type, and identifiers that
//! would collide once converted to Rust case. Every problem is reported with its file and JSON
//! path, and all problems are collected before returning so one run shows them all.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{SpecError, SpecErrors};
use crate::model::UpstreamDifference;
use crate::model::{
    ContentType, EnvelopesFile, EventFile, Field, HttpMethod, MethodFile, ObjectDef, RuleKind, Spec,
};
use crate::types::TypeRef;

/// Identifiers the generator uses itself, which spec names must not take.
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
    fn error(&mut self, file: &str, path: impl Into<String>, message: impl Into<String>) {
        self.errors.push(SpecError::new(file, path, message));
    }

    fn check_shared(&mut self) {
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

    fn scope(&self, local: &'a [ObjectDef]) -> Scope<'a> {
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

    fn check_name(&mut self, file: &str, path: &str, name: &str) {
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

    fn check_objects(&mut self, file: &str, at: &str, objects: &[ObjectDef], scope: &Scope) {
        let mut seen = BTreeMap::new();
        for (i, object) in objects.iter().enumerate() {
            let path = format!("{at}[{i}]");
            self.check_name(file, &format!("{path}.name"), &object.name);
            if let Some(previous) = seen.insert(object.name.as_str(), i) {
                self.error(
                    file,
                    format!("{path}.name"),
                    format!("duplicate object `{}` (also {at}[{previous}])", object.name),
                );
            }
            if scope.ids.contains(object.name.as_str()) {
                self.error(
                    file,
                    format!("{path}.name"),
                    format!("object `{}` has the name of an ID type", object.name),
                );
            }
            self.check_fields(
                file,
                &format!("{path}.fields"),
                &object.fields,
                scope,
                "property",
            );
        }
    }

    // Rust names (modules, types, fields, setters, variants) are checked on the IR, where they
    // are computed: see `crate::collisions`.
    fn check_method(&mut self, file: &str, method: &'a MethodFile) {
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

    fn check_event(&mut self, file: &str, event: &'a EventFile) {
        self.check_name(file, "name", &event.name);
        for (i, object) in event.objects.iter().enumerate() {
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
        let scope = self.scope(&event.objects);
        self.check_objects(file, "objects", &event.objects, &scope);
        self.check_fields(file, "fields", &event.fields, &scope, "field");
        if let Some(i) = event.fields.iter().position(|f| f.name == "type") {
            self.error(
                file,
                format!("fields[{i}].name"),
                "`type` is the event's tag, written as the file's `name`; do not list it as a field",
            );
        }
        if let Some(trigger) = &event.workflow_trigger {
            let at = "workflow_trigger.fields";
            self.check_fields(file, at, &trigger.fields, &scope, "field");
        }
    }

    fn check_envelopes(&mut self, file: &str, envelopes: &'a EnvelopesFile) {
        let scope = Scope {
            events: true,
            ..self.scope(&[])
        };
        let mut seen = BTreeMap::new();
        for (i, envelope) in envelopes.envelopes.iter().enumerate() {
            let path = format!("envelopes[{i}]");
            self.check_name(file, &format!("{path}.name"), &envelope.name);
            if let Some(previous) = seen.insert(envelope.name.as_str(), i) {
                self.error(
                    file,
                    format!("{path}.name"),
                    format!(
                        "duplicate envelope `{}` (also envelopes[{previous}])",
                        envelope.name
                    ),
                );
                continue;
            }
            let fields = format!("{path}.fields");
            self.check_fields(file, &fields, &envelope.fields, &scope, "field");
            for (j, field) in envelope.fields.iter().enumerate() {
                if field.name == "type" {
                    self.error(
                        file,
                        format!("{fields}[{j}].name"),
                        "`type` is the envelope's tag, written as its `name`; do not list it as a field",
                    );
                }
            }
            if envelope.fields.iter().filter(|f| f.ty.is_event()).count() > 1 {
                self.error(
                    file,
                    fields,
                    "at most one field of an envelope carries the event",
                );
            }
        }
        if envelopes.sources.is_empty() {
            self.error(file, "sources", "name the sources");
        }
    }

    /// A method's name must not also be the prefix of another method's name: on the client it
    /// would have to be both a method and a namespace.
    fn check_namespaces(&mut self) {
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

    fn check_method_name(&mut self, file: &str, name: &str) {
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

    fn check_transport(&mut self, file: &str, method: &MethodFile) {
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
        if method.scopes.bot.is_empty() && method.scopes.user.is_empty() {
            self.error(file, "scopes", "list the scopes of at least one token type");
        }
    }

    fn check_fields(&mut self, file: &str, at: &str, fields: &[Field], scope: &Scope, what: &str) {
        let mut names = BTreeMap::new();
        for (i, field) in fields.iter().enumerate() {
            let path = format!("{at}[{i}]");
            if field.name.is_empty() {
                self.error(file, format!("{path}.name"), format!("empty {what} name"));
                continue;
            }
            if let Some(previous) = names.insert(field.name.as_str(), i) {
                self.error(
                    file,
                    format!("{path}.name"),
                    format!("duplicate {what} `{}` (also {at}[{previous}])", field.name),
                );
            }
            self.check_type(file, &format!("{path}.type"), &field.ty, scope);
            self.check_upstream_differences(
                file,
                &path,
                &field.differs_from_upstream,
                field.notes.is_some(),
            );
            if field.secret && !field.ty.is_string() {
                self.error(
                    file,
                    format!("{path}.secret"),
                    "only a `string` can be secret",
                );
            }
            self.check_constraints(file, &path, field);
        }
    }

    /// `differs_from_upstream` lists each attribute once, and `notes` say why.
    fn check_upstream_differences(
        &mut self,
        file: &str,
        path: &str,
        differs: &[UpstreamDifference],
        noted: bool,
    ) {
        for (i, difference) in differs.iter().enumerate() {
            let attribute = difference.attribute;
            if let Some(first) = differs.iter().position(|d| d.attribute == attribute) {
                if first < i {
                    self.error(
                        file,
                        format!("{path}.differs_from_upstream[{i}].attribute"),
                        format!("`{attribute}` is listed twice (also [{first}])"),
                    );
                }
            }
        }
        if !differs.is_empty() && !noted {
            self.error(
                file,
                format!("{path}.differs_from_upstream"),
                "say why in `notes`",
            );
        }
    }

    fn check_type(&mut self, file: &str, path: &str, ty: &TypeRef, scope: &Scope) {
        if ty.is_event() && !scope.events {
            self.error(
                file,
                path,
                "the type `event` is only for the fields of an envelope (shared/envelopes.json)",
            );
        }
        if let Some(name) = ty.named() {
            if !scope.ids.contains(name) && !scope.objects.contains(name) {
                self.error(
                    file,
                    path,
                    format!("unknown type `{name}`: not an ID type, nor an object visible here"),
                );
            }
        }
    }

    fn check_constraints(&mut self, file: &str, path: &str, field: &Field) {
        let c = &field.constraints;
        let at = format!("{path}.constraints");
        let ty = &field.ty;
        let applies = [
            (
                "max_length",
                c.max_length.is_some(),
                ty.is_string(),
                "strings",
            ),
            (
                "min_length",
                c.min_length.is_some(),
                ty.is_string(),
                "strings",
            ),
            (
                "allowed_values",
                c.allowed_values.is_some(),
                ty.is_string(),
                "strings",
            ),
            (
                "minimum",
                c.minimum.is_some(),
                *ty == TypeRef::Integer,
                "integers",
            ),
            (
                "maximum",
                c.maximum.is_some(),
                *ty == TypeRef::Integer,
                "integers",
            ),
            ("min_items", c.min_items.is_some(), ty.is_array(), "arrays"),
            ("max_items", c.max_items.is_some(), ty.is_array(), "arrays"),
        ];
        for (name, set, fits, wants) in applies {
            if set && !fits {
                self.error(
                    file,
                    format!("{at}.{name}"),
                    format!(
                        "`{name}` applies to {wants}, but `{}` is `{ty}`",
                        field.name
                    ),
                );
            }
        }
        let bounds = [
            (
                "min_length",
                "max_length",
                c.min_length.map(i128::from),
                c.max_length.map(i128::from),
            ),
            (
                "minimum",
                "maximum",
                c.minimum.map(i128::from),
                c.maximum.map(i128::from),
            ),
            (
                "min_items",
                "max_items",
                c.min_items.map(i128::from),
                c.max_items.map(i128::from),
            ),
        ];
        for (low_name, high_name, low, high) in bounds {
            if let (Some(low), Some(high)) = (low, high) {
                if low > high {
                    self.error(
                        file,
                        at.clone(),
                        format!("{low_name} ({low}) is greater than {high_name} ({high})"),
                    );
                }
            }
        }
        if let Some(values) = &c.allowed_values {
            if values.is_empty() {
                self.error(
                    file,
                    format!("{at}.allowed_values"),
                    "list at least one value",
                );
            }
        }
    }

    fn check_rules(&mut self, file: &str, method: &MethodFile) {
        for (i, rule) in method.argument_rules.iter().enumerate() {
            let path = format!("argument_rules[{i}].arguments");
            if rule.arguments.len() < 2 {
                self.error(file, &path, "a rule covers at least two arguments");
            }
            for (j, name) in rule.arguments.iter().enumerate() {
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

    fn check_pagination(&mut self, file: &str, method: &MethodFile) {
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

    fn check_errors(&mut self, file: &str, method: &MethodFile) {
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
struct CodeSet {
    codes: BTreeMap<String, String>,
}

impl CodeSet {
    fn insert(&mut self, code: &str, at: &str) -> Result<(), String> {
        if code.is_empty()
            || !code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return Err(format!("error code `{code}` must be snake_case"));
        }
        if let Some(previous) = self.codes.get(code) {
            return Err(format!("duplicate error code `{code}` (also {previous})"));
        }
        // Its Rust variant is checked with every other generated name (`crate::collisions`).
        self.codes.insert(code.to_owned(), at.to_owned());
        Ok(())
    }
}
