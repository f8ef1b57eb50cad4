//! A method's arguments on the command line, derived from its `ArgumentMeta`s: the flags each
//! argument gets, and the conversion of the parsed flags into the JSON arguments that
//! `slack_connect::dynamic::call_json` takes (and validates before sending).
//!
//! - boolean: `--flag` / `--no-flag` (the last one given wins; neither leaves it out);
//! - integer, number, string: `--name VALUE`;
//! - array: `--name A,B` repeatable (or a JSON array), with a singular alias (`--email`);
//! - object: `--name JSON`, plus one flag per property for objects of scalars ([`crate::objects`]).
//!
//! Values are parsed with the SDK's `form::parse_value` and the spec's kinds, so a bad integer
//! is a usage error before anything else happens.

use clap::{Arg, ArgAction, ArgGroup, ArgMatches, Command};
use serde_json::{Map, Value};
use slack_connect::runtime::{form, ArgumentMeta, MethodMeta, ValueKind};

use crate::objects;

/// Adds the flags of every argument of `method` to its subcommand.
pub fn add_flags(mut command: Command, method: &MethodMeta) -> Command {
    for argument in method.arguments {
        command = match argument.kind {
            ValueKind::Boolean => add_switch(command, argument),
            ValueKind::Object => add_object(command, argument),
            _ => command.arg(valued(argument)),
        };
    }
    command
}

/// The JSON arguments the parsed flags of `method` stand for; flags not given are left out.
pub fn collect(method: &MethodMeta, matches: &ArgMatches) -> Map<String, Value> {
    let mut arguments = Map::new();
    for argument in method.arguments {
        let value = match argument.kind {
            ValueKind::Boolean => switch_value(matches, argument),
            ValueKind::Array(_) => matches.get_many::<Value>(argument.name).map(|values| {
                // Each occurrence parsed to an array already (comma-separated or JSON).
                Value::Array(
                    values
                        .flat_map(|value| value.as_array().cloned().unwrap_or_default())
                        .collect(),
                )
            }),
            ValueKind::Object => object_value(matches, argument),
            _ => matches.get_one::<Value>(argument.name).cloned(),
        };
        if let Some(value) = value {
            arguments.insert(argument.name.to_owned(), value);
        }
    }
    arguments
}

/// A flag taking a value, parsed as the argument's kind.
fn valued(argument: &'static ArgumentMeta) -> Arg {
    let mut arg = described(Arg::new(argument.name), argument)
        .long(argument.cli.flag)
        .value_name(value_name(argument))
        .value_parser(value_parser(argument.kind))
        .required(argument.required);
    if let ValueKind::Array(_) = argument.kind {
        arg = arg.action(ArgAction::Append);
        // `--email` for `emails`, unless the method has an argument of that name too.
        if let Some(one) = argument.cli.alias {
            arg = arg.visible_alias(one);
        }
    }
    arg
}

/// `--flag` and `--no-flag`.
fn add_switch(command: Command, argument: &'static ArgumentMeta) -> Command {
    let off = negative_id(argument);
    let on_flag = described(Arg::new(argument.name), argument)
        .long(argument.cli.flag)
        .action(ArgAction::SetTrue)
        .overrides_with(off.clone());
    let off_flag = Arg::new(off.clone())
        .long(argument.cli.negated.unwrap_or(argument.cli.flag))
        .action(ArgAction::SetTrue)
        .overrides_with(argument.name)
        .help(format!("Send `{}` as false", argument.name));
    let command = command.arg(on_flag).arg(off_flag);
    require_one_of(command, argument, vec![argument.name.to_owned(), off])
}

/// `--name JSON`, and for an object of scalars one flag per property.
fn add_object(command: Command, argument: &'static ArgumentMeta) -> Command {
    let json = described(Arg::new(argument.name), argument)
        .long(argument.cli.flag)
        .value_name("JSON")
        .value_parser(value_parser(argument.kind));
    let Some(fields) = objects::fields(argument) else {
        return command.arg(json.required(argument.required));
    };
    let mut command = command.arg(json);
    let mut ids = vec![argument.name.to_owned()];
    for field in fields {
        let suffix = objects::flag(argument, field);
        let mut flag = Arg::new(field_id(argument, field))
            .long(field.cli.flag)
            .help(field.description)
            .conflicts_with(argument.name);
        flag = match field.kind {
            ValueKind::Boolean => flag.action(ArgAction::SetTrue),
            kind => flag
                .value_name(suffix.to_uppercase())
                .value_parser(value_parser(kind)),
        };
        // The object's required valued properties come with any of its flags.
        for other in required_valued(fields).filter(|other| other.name != field.name) {
            flag = flag.requires(field_id(argument, other));
        }
        ids.push(field_id(argument, field));
        command = command.arg(flag);
    }
    require_one_of(command, argument, ids)
}

/// A required argument spread over several flags: one of them must be given.
fn require_one_of(command: Command, argument: &ArgumentMeta, ids: Vec<String>) -> Command {
    if !argument.required {
        return command;
    }
    command.group(
        ArgGroup::new(format!("{}-required", argument.name))
            .args(ids)
            .required(true),
    )
}

fn switch_value(matches: &ArgMatches, argument: &ArgumentMeta) -> Option<Value> {
    if matches.get_flag(argument.name) {
        Some(Value::Bool(true))
    } else if matches.get_flag(&negative_id(argument)) {
        Some(Value::Bool(false))
    } else {
        None
    }
}

fn object_value(matches: &ArgMatches, argument: &ArgumentMeta) -> Option<Value> {
    if let Some(json) = matches.get_one::<Value>(argument.name) {
        return Some(json.clone());
    }
    let properties = objects::fields(argument)?;
    let mut fields = Map::new();
    let mut given = false;
    for field in properties {
        let id = field_id(argument, field);
        let value = match field.kind {
            // A switch the object requires: absent means false.
            ValueKind::Boolean if field.required => {
                let on = matches.get_flag(&id);
                given |= on;
                Some(Value::Bool(on))
            }
            ValueKind::Boolean => {
                let on = matches.get_flag(&id);
                given |= on;
                on.then_some(Value::Bool(true))
            }
            _ => {
                let value = matches.get_one::<Value>(&id).cloned();
                given |= value.is_some();
                value
            }
        };
        if let Some(value) = value {
            fields.insert(field.name.to_owned(), value);
        }
    }
    given.then_some(Value::Object(fields))
}

fn required_valued(fields: &'static [ArgumentMeta]) -> impl Iterator<Item = &'static ArgumentMeta> {
    fields
        .iter()
        .filter(|field| field.required && field.kind != ValueKind::Boolean)
}

fn negative_id(argument: &ArgumentMeta) -> String {
    format!("no-{}", argument.name)
}

fn field_id(argument: &ArgumentMeta, field: &ArgumentMeta) -> String {
    format!("{}.{}", argument.name, field.name)
}

/// The first sentence of the spec's description for `-h`, all of it and the spec type for `--help`.
fn described(arg: Arg, argument: &ArgumentMeta) -> Arg {
    let short = argument
        .description
        .split_once(". ")
        .map_or(argument.description, |(first, _)| first);
    arg.help(short.trim_end_matches('.').to_owned())
        .long_help(format!(
            "{}\n[spec type: {}]",
            argument.description, argument.spec_type
        ))
}

/// `<CHANNEL_ID>`, `<INTEGER>`, `<EMAIL>`, `<JSON>`: what to type, from the spec type.
fn value_name(argument: &ArgumentMeta) -> String {
    match argument.kind {
        ValueKind::Array(_) => argument.cli.alias.unwrap_or(argument.cli.flag).to_owned(),
        ValueKind::Integer => "integer".to_owned(),
        ValueKind::Number => "number".to_owned(),
        ValueKind::Object | ValueKind::Json => "json".to_owned(),
        ValueKind::String | ValueKind::Boolean if argument.spec_type == "string" => {
            argument.name.to_owned()
        }
        ValueKind::String | ValueKind::Boolean => argument.spec_type.to_owned(),
        // A kind added to the SDK later: its spec type is the best hint there is.
        _ => argument.spec_type.to_owned(),
    }
    .to_uppercase()
}

/// A clap value parser producing the JSON value of `kind`.
fn value_parser(kind: ValueKind) -> impl Fn(&str) -> Result<Value, String> + Clone {
    move |text: &str| {
        form::parse_value(text, kind).ok_or_else(|| format!("expected {}", kind.expected()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use slack_connect::METHODS;

    fn method(name: &str) -> &'static MethodMeta {
        METHODS.iter().find(|m| m.name == name).unwrap()
    }

    fn parse(name: &str, line: &[&str]) -> Result<Value, clap::Error> {
        let meta = method(name);
        let command = add_flags(Command::new("test").no_binary_name(true), meta);
        let matches = command.try_get_matches_from(line)?;
        Ok(Value::Object(collect(meta, &matches)))
    }

    #[test]
    fn switches_have_negations_and_the_last_wins() {
        let list = "conversations.requestSharedInvite.list";
        assert_eq!(
            parse(list, &["--include-denied", "--no-include-expired"]).unwrap(),
            json!({"include_denied": true, "include_expired": false})
        );
        assert_eq!(
            parse(list, &["--include-denied", "--no-include-denied"]).unwrap(),
            json!({"include_denied": false})
        );
        assert_eq!(parse(list, &[]).unwrap(), json!({}));
    }

    #[test]
    fn values_are_typed_by_the_spec() {
        let list = "conversations.requestSharedInvite.list";
        assert_eq!(
            parse(
                list,
                &[
                    "--limit",
                    "50",
                    "--invite-ids",
                    "I1, I2",
                    "--invite-id",
                    "I3"
                ]
            )
            .unwrap(),
            json!({"limit": 50, "invite_ids": ["I1", "I2", "I3"]})
        );
        let error = parse(list, &["--limit", "many"]).unwrap_err();
        assert_eq!(error.kind(), clap::error::ErrorKind::ValueValidation);
    }

    #[test]
    fn arrays_accept_the_singular_alias_and_json() {
        let invite = "conversations.inviteShared";
        assert_eq!(
            parse(
                invite,
                &[
                    "--channel",
                    "C1",
                    "--email",
                    "a@x.example",
                    "--emails",
                    r#"["b@x.example"]"#
                ]
            )
            .unwrap(),
            json!({"channel": "C1", "emails": ["a@x.example", "b@x.example"]})
        );
        let missing = parse(invite, &["--email", "a@x.example"]).unwrap_err();
        assert_eq!(
            missing.kind(),
            clap::error::ErrorKind::MissingRequiredArgument
        );
    }

    #[test]
    fn objects_as_json_or_field_flags() {
        let approve = "conversations.requestSharedInvite.approve";
        let json_flag = r#"{"text":"hi","is_override":true}"#;
        assert_eq!(
            parse(approve, &["--invite-id", "I1", "--message", json_flag]).unwrap(),
            json!({"invite_id": "I1", "message": {"text": "hi", "is_override": true}})
        );
        assert_eq!(
            parse(approve, &["--invite-id", "I1", "--message-text", "hi"]).unwrap(),
            json!({"invite_id": "I1", "message": {"text": "hi", "is_override": false}})
        );
        assert_eq!(
            parse(
                approve,
                &[
                    "--invite-id",
                    "I1",
                    "--message-text",
                    "hi",
                    "--message-override"
                ]
            )
            .unwrap()["message"],
            json!({"text": "hi", "is_override": true})
        );
        for bad in [
            &["--invite-id", "I1", "--message-override"][..],
            &[
                "--invite-id",
                "I1",
                "--message",
                json_flag,
                "--message-text",
                "x",
            ],
            &["--invite-id", "I1", "--message", "[1]"],
        ] {
            assert!(parse(approve, bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_same_name_is_typed_per_method() {
        assert_eq!(
            parse(
                "conversations.requestSharedInvite.deny",
                &["--invite-id", "I1", "--message", "no"]
            )
            .unwrap(),
            json!({"invite_id": "I1", "message": "no"})
        );
    }
}
