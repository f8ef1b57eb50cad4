//! Rust identifiers for wire names, computed once: heck for the case, then keyword escaping.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust keywords (strict and reserved, all editions) that need escaping as identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore instead.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// An identifier as it appears in Rust source, e.g. `r#type` or `self_`.
pub fn escape(ident: String) -> String {
    if NOT_RAW.contains(&ident.as_str()) {
        format!("{ident}_")
    } else if KEYWORDS.contains(&ident.as_str()) {
        format!("r#{ident}")
    } else if ident.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{ident}")
    } else {
        ident
    }
}

/// The name serde sees for an identifier: raw identifiers lose their `r#`.
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// A field or module name: `user_ids`, `r#type`.
pub fn field(wire: &str) -> String {
    escape(wire.to_snake_case())
}

/// A type or variant name: `ChannelNotFound`.
pub fn type_name(wire: &str) -> String {
    escape(wire.to_upper_camel_case())
}

/// The names every method's module uses for its items: short, because the module names the
/// method (`approve::Request`, `approve::Error`).
pub const REQUEST_TYPE: &str = "Request";
/// See [`REQUEST_TYPE`].
pub const RESPONSE_TYPE: &str = "Response";
/// See [`REQUEST_TYPE`].
pub const ERROR_TYPE: &str = "Error";
/// See [`REQUEST_TYPE`].
pub const CALL_TYPE: &str = "Call";
/// Types the generator puts at the crate root besides the spec's (the enums over all events and
/// all envelopes).
pub const ROOT_TYPES: &[&str] = &["Event", "Delivery", COMMON_ERROR_TYPE];

/// The enum of the spec's common errors, at the crate root and imported by every method module.
pub const COMMON_ERROR_TYPE: &str = "CommonError";

/// Modules of the generated root besides the method families.
pub const ROOT_MODULES: &[&str] = &[
    "client",
    "dynamic",
    "errors",
    "events",
    "ids",
    "objects",
    "families",
    "socket_frames",
];

/// The catch-all variant of the `Event` and `Delivery` enums.
pub const OTHER_VARIANT: &str = "Other";

/// Inherent functions of the hand-written `Client` (`sdk/src/client`), which the family
/// accessors (`client.conversations()`) join; `tests/tests/names.rs` keeps this list true.
pub const CLIENT_METHODS: &[&str] = &[
    "base_url",
    "builder",
    "call",
    "call_json_as",
    "call_with_envelope",
    "items",
    "items_json_as",
    "new",
    "read",
    "request",
    "send_with_retries",
    "token_kind",
];

/// The functions every generated `Call` has besides its setters.
pub const CALL_METHODS: &[(&str, &str)] = &[
    ("new", "its constructor"),
    ("request", "its accessor of the request"),
    ("into_request", "its accessor of the request"),
    ("send", "its send"),
    ("items", "its stream of items"),
];

/// Flags the command line defines itself, on every method's subcommand (`--all` on paginated
/// ones, `--help` and `--version` from clap): an argument's flag must not be one of them.
/// `cli/src/commands.rs` checks this list against the command line it builds.
pub const CLI_RESERVED_FLAGS: &[&str] = &[
    "all",
    "base-url",
    "emulator",
    "format",
    "help",
    "token-file",
    "version",
];

/// Subcommands the command line defines itself beside the method families.
pub const CLI_RESERVED_COMMANDS: &[&str] = &["help", "methods"];

/// Kebab case for the command line: `requestSharedInvite` -> `request-shared-invite`,
/// `include_denied` -> `include-denied`.
pub fn kebab(wire: &str) -> String {
    let mut out = String::with_capacity(wire.len() + 4);
    for c in wire.chars() {
        if c == '_' {
            out.push('-');
        } else if c.is_ascii_uppercase() {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The singular of a plural argument name (`emails` -> `email`, `user_ids` -> `user_id`), the
/// alias of a repeatable flag; `None` when the name is not a plain plural.
pub fn singular(wire: &str) -> Option<&str> {
    let stem = wire.strip_suffix('s')?;
    (!stem.is_empty() && !stem.ends_with('s')).then_some(stem)
}

/// The flag of one property of a flattened object argument: `--message-text`; a boolean
/// property drops its `is_` prefix and is a switch (`is_override` -> `--message-override`).
pub fn cli_property_flag(argument_flag: &str, property: &str, is_boolean: bool) -> String {
    let name = kebab(property);
    let suffix = match name.strip_prefix("is-") {
        Some(rest) if is_boolean => rest.to_owned(),
        _ => name,
    };
    format!("{argument_flag}-{suffix}")
}

/// The metadata constant of every method's module.
pub const METHOD_CONST: &str = "METHOD";

/// The generated file of a module path: a method's leaf module is a file
/// (`conversations/request_shared_invite/approve.rs`), a namespace a directory with `mod.rs`.
pub fn module_file(path: &[String], is_namespace: bool) -> String {
    let segments: Vec<&str> = path.iter().map(|s| unraw(s)).collect();
    if is_namespace {
        format!("{}/mod.rs", segments.join("/"))
    } else {
        format!("{}.rs", segments.join("/"))
    }
}

/// The variant of a choice enum for one argument: `user_ids` -> `UserIds`, or `UserId` when the
/// argument is an array limited to one item, offered as that item.
pub fn choice_variant(wire: &str, single_item: bool) -> String {
    let stem = if single_item {
        wire.strip_suffix('s').unwrap_or(wire)
    } else {
        wire
    };
    type_name(stem)
}

/// The prefix of a method's type names: `ConversationsRequestSharedInviteApprove`.
pub fn method_type_prefix(wire: &str) -> String {
    wire.split('.')
        .map(|segment| segment.to_upper_camel_case())
        .collect()
}

/// The method's namespace path as Slack writes it, in Rust case:
/// `conversations.requestSharedInvite.approve` -> `["conversations", "request_shared_invite", "approve"]`.
pub fn method_path(wire: &str) -> Vec<String> {
    wire.split('.').map(|s| escape(s.to_snake_case())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_are_escaped() {
        assert_eq!(field("type"), "r#type");
        assert_eq!(field("self"), "self_");
        assert_eq!(type_name("self"), "Self_");
        assert_eq!(unraw("r#type"), "type");
        assert_eq!(field("2fa"), "_2fa");
    }

    #[test]
    fn method_names() {
        let wire = "conversations.requestSharedInvite.approve";
        assert_eq!(
            module_file(&method_path(wire), false),
            "conversations/request_shared_invite/approve.rs"
        );
        assert_eq!(choice_variant("emails", true), "Email");
        assert_eq!(choice_variant("user_ids", false), "UserIds");
        assert_eq!(
            method_type_prefix(wire),
            "ConversationsRequestSharedInviteApprove"
        );
        assert_eq!(
            method_path(wire),
            ["conversations", "request_shared_invite", "approve"]
        );
        assert_eq!(type_name("invalid_name_maxlength"), "InvalidNameMaxlength");
    }
}
