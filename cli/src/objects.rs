//! Convenience flags for object arguments whose shape is known.
//!
//! Any object argument is accepted as JSON (`--message '{"text":"hi","is_override":true}'`).
//! The SDK's metadata records an object argument's spec type but not its fields, so the shapes
//! that get per-field flags (`--message-text`, `--message-override`) are listed here by spec
//! type; a unit test checks each against the generated type, so a spec change that renames or
//! retypes a field fails the build's tests instead of sending a wrong body.

use slack_connect::runtime::ValueKind;

/// An object type that gets one flag per field, named `--<argument>-<flag>`.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    /// The spec type name, as in `ArgumentMeta::spec_type`.
    pub spec_type: &'static str,
    /// The fields, each with its flag.
    pub fields: &'static [Field],
}

/// One field of a [`Shape`].
#[derive(Clone, Copy, Debug)]
pub struct Field {
    /// The field's wire name.
    pub name: &'static str,
    /// The flag suffix: `text` gives `--message-text`.
    pub flag: &'static str,
    /// The field's kind: a boolean field is a plain switch (absent means `false`), anything
    /// else takes a value.
    pub kind: ValueKind,
    /// Help text.
    pub help: &'static str,
}

/// The shapes with convenience flags.
const SHAPES: &[Shape] = &[Shape {
    spec_type: "approve_message",
    fields: &[
        Field {
            name: "text",
            flag: "text",
            kind: ValueKind::String,
            help: "The message's text (appended to the requester's message unless the override flag is given)",
        },
        Field {
            name: "is_override",
            flag: "override",
            kind: ValueKind::Boolean,
            help: "Replace the requester's message with the text instead of appending to it",
        },
    ],
}];

/// The shape of an object argument's spec type, if it has convenience flags.
pub fn shape(spec_type: &str) -> Option<&'static Shape> {
    SHAPES.iter().find(|shape| shape.spec_type == spec_type)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;
    use slack_connect::ApproveMessage;

    /// The generated type each shape describes, serialized, so field names and kinds can be compared.
    fn generated(spec_type: &str) -> Value {
        match spec_type {
            "approve_message" => serde_json::to_value(ApproveMessage::new("", false)).unwrap(),
            other => panic!("no generated type listed for shape `{other}`"),
        }
    }

    #[test]
    fn shapes_match_the_generated_types() {
        for shape in SHAPES {
            let Value::Object(fields) = generated(shape.spec_type) else {
                panic!("{} is not an object", shape.spec_type)
            };
            let mut names: Vec<&str> = shape.fields.iter().map(|f| f.name).collect();
            names.sort_unstable();
            let mut generated: Vec<&str> = fields.keys().map(String::as_str).collect();
            generated.sort_unstable();
            assert_eq!(names, generated);
            for field in shape.fields {
                let is_bool = fields[field.name].is_boolean();
                assert_eq!(is_bool, field.kind == ValueKind::Boolean, "{}", field.name);
            }
        }
    }

    #[test]
    fn every_shape_is_used_by_some_method() {
        for shape in SHAPES {
            let used = slack_connect::METHODS
                .iter()
                .flat_map(|m| m.arguments)
                .any(|a| a.spec_type == shape.spec_type && a.kind == ValueKind::Object);
            assert!(used, "shape {} is not an argument type", shape.spec_type);
        }
    }
}
