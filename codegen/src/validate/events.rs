//! Event files and the Events API envelopes.

use std::collections::BTreeMap;

use super::{Scope, Validator};
use crate::model::{EnvelopesFile, EventFile, SocketModeFile};

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

    pub(super) fn check_socket_mode(&mut self, file: &str, socket: &'a SocketModeFile) {
        for (i, object) in socket.objects.iter().enumerate() {
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
        let scope = self.scope(&socket.objects);
        self.check_objects(file, "objects", &socket.objects, &scope);
        let mut seen = BTreeMap::new();
        for (i, frame) in socket.frames.iter().enumerate() {
            let path = format!("frames[{i}]");
            self.check_name(file, &format!("{path}.name"), &frame.name);
            if let Some(previous) = seen.insert(frame.name.as_str(), i) {
                self.error(
                    file,
                    format!("{path}.name"),
                    format!("duplicate frame `{}` (also frames[{previous}])", frame.name),
                );
                continue;
            }
            let fields = format!("{path}.fields");
            self.check_fields(file, &fields, &frame.fields, &scope, "field");
            for (j, field) in frame.fields.iter().enumerate() {
                if field.name == "type" {
                    self.error(
                        file,
                        format!("{fields}[{j}].name"),
                        "`type` is the frame's tag, written as its `name`; do not list it as a field",
                    );
                }
            }
        }
        let ack = &socket.acknowledgement.fields;
        self.check_fields(file, "acknowledgement.fields", ack, &scope, "field");
        if !ack
            .iter()
            .any(|f| f.name == "envelope_id" && f.required && f.ty.is_string())
        {
            self.error(
                file,
                "acknowledgement.fields",
                "the acknowledgement needs a required string field `envelope_id`",
            );
        }
        let mut codes = BTreeMap::new();
        for (i, reason) in socket.disconnect_reasons.iter().enumerate() {
            let path = format!("disconnect_reasons[{i}].code");
            self.check_name(file, &path, &reason.code);
            if let Some(previous) = codes.insert(reason.code.as_str(), i) {
                self.error(
                    file,
                    path,
                    format!(
                        "duplicate reason `{}` (also disconnect_reasons[{previous}])",
                        reason.code
                    ),
                );
            }
        }
        if socket.sources.is_empty() {
            self.error(file, "sources", "name the sources");
        }
    }
}
