//! Event files and the Events API envelopes.

use std::collections::BTreeMap;

use super::{Scope, Validator};
use crate::model::{EnvelopesFile, EventFile};

impl<'a> Validator<'a> {
    pub(super) fn check_event(&mut self, file: &str, event: &'a EventFile) {
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

    pub(super) fn check_envelopes(&mut self, file: &str, envelopes: &'a EnvelopesFile) {
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
}
