//! Per-property flags for object arguments, derived from the spec's object properties.
//!
//! Any object argument is accepted as JSON (`--message '{"text":"hi","is_override":true}'`).
//! An object whose properties are all scalars also gets one flag per property, named
//! `--<argument>-<property>` (`--message-text`); a boolean property drops its `is_` prefix
//! (`is_override` gives `--message-override`) and is a switch.

use slack_connect::runtime::ArgumentMeta;

/// The properties of `argument` that get a flag each, if it is an object of scalars (the
/// generator decides, with the flags' names: `argument.cli.flattened`).
pub fn fields(argument: &ArgumentMeta) -> Option<&'static [ArgumentMeta]> {
    argument.cli.flattened.then_some(argument.fields)
}

/// The part of a property's flag after the argument's: `text` in `--message-text`, `override`
/// in `--message-override` (for the boolean `is_override`).
pub fn flag(argument: &ArgumentMeta, field: &ArgumentMeta) -> String {
    let prefix = format!("{}-", argument.cli.flag);
    field
        .cli
        .flag
        .strip_prefix(&prefix)
        .unwrap_or(field.cli.flag)
        .to_owned()
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
        let flags: Vec<String> = fields(message)
            .unwrap()
            .iter()
            .map(|field| flag(message, field))
            .collect();
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
