//! Fields, objects, type expressions, constraints and acknowledged differences from upstream.

use std::collections::BTreeMap;

use super::{Scope, Validator};
use crate::model::{Field, ObjectDef, UpstreamDifference};
use crate::types::TypeRef;

impl<'a> Validator<'a> {
    pub(super) fn check_objects(
        &mut self,
        file: &str,
        at: &str,
        objects: &[ObjectDef],
        scope: &Scope,
    ) {
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

    pub(super) fn check_fields(
        &mut self,
        file: &str,
        at: &str,
        fields: &[Field],
        scope: &Scope,
        what: &str,
    ) {
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
    pub(super) fn check_upstream_differences(
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

    pub(super) fn check_type(&mut self, file: &str, path: &str, ty: &TypeRef, scope: &Scope) {
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

    pub(super) fn check_constraints(&mut self, file: &str, path: &str, field: &Field) {
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
                ty.takes_allowed_values(),
                "strings and arrays of strings",
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
}
