//! Per-property flags for object arguments, derived from the spec's object properties.
//!
//! Any object argument is accepted as JSON (`--message '{"text":"hi","is_override":true}'`).
//! An object whose properties are all scalars also gets one flag per property, named
//! `--<argument>-<property>` (`--message-text`); a boolean property drops its `is_` prefix
//! (`is_override` gives `--message-override`) and is a switch.

use slack_connect::runtime::{ArgumentMeta, ValueKind};

use crate::names::kebab;

/// The properties of `argument` that get a flag each, if it is an object of scalars.
pub fn fields(argument: &ArgumentMeta) -> Option<&'static [ArgumentMeta]> {
    let scalar = |field: &ArgumentMeta| {
        matches!(
            field.kind,
            ValueKind::String | ValueKind::Integer | ValueKind::Number | ValueKind::Boolean
        )
    };
    let flattenable = argument.kind == ValueKind::Object
        && !argument.fields.is_empty()
        && argument.fields.iter().all(scalar);
    flattenable.then_some(argument.fields)
}

/// The flag suffix of a property: `text`, or `override` for the boolean `is_override`.
pub fn flag(field: &ArgumentMeta) -> String {
    let name = kebab(field.name);
    match field.kind {
        ValueKind::Boolean => name.strip_prefix("is-").map(str::to_owned).unwrap_or(name),
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argument(method: &str, name: &str) -> &'static ArgumentMeta {
        slack_connect::METHODS
            .iter()
            .find(|m| m.name == method)
            .and_then(|m| m.argument(name))
            .unwrap()
    }

    #[test]
    fn approve_message_gets_text_and_override_flags() {
        let message = argument("conversations.requestSharedInvite.approve", "message");
        let flags: Vec<String> = fields(message).unwrap().iter().map(flag).collect();
        assert_eq!(flags, ["text", "override"]);
    }

    #[test]
    fn only_objects_get_property_flags() {
        assert!(fields(argument(
            "conversations.requestSharedInvite.deny",
            "message"
        ))
        .is_none());
        assert!(fields(argument("conversations.inviteShared", "emails")).is_none());
    }
}
