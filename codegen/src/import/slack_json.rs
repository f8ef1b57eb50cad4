//! Slack's method JSON, the format served at `docs.slack.dev/reference/methods/<method>.json`
//! and kept in `spec/upstream/`: `desc`, `http_method`, `scope` (or the older
//! `scope_by_token_type`), `rate_limits`, `json_input_supported`, `args` and `output` as JSON
//! schemas, `errors` by code.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::{Map, Value};

use super::draft::{
    is_todo, todo, ConstraintsDraft, DecisionDraft, FieldDraft, MethodDraft, ObjectDraft,
    ResponseDraft, ScopesDraft,
};
use super::fields::{
    default_for, join, kind, no_scopes, pagination, place_scopes, tier, typed_value, Source,
};
use super::{docs_url, source_label, ImportError, Known};
use crate::docs_audit::upstream::{bound, Scopes};

/// Drafts method `name` from Slack's method JSON `source`, read from `path`.
pub fn draft(
    name: &str,
    path: &Path,
    source: &Value,
    known: &Known,
) -> Result<MethodDraft, ImportError> {
    let src = Source { path, known };
    let label = source_label(path);
    let reference = format!(
        "Slack's method JSON https://docs.slack.dev/reference/methods/{name}.json (drafted by \
         `cargo xtask import` from `{label}`)"
    );
    let mut objects = Vec::new();
    let mut decisions = Vec::new();

    let description = src.description(source, "", "the method")?;
    let http_method = match src.opt_str(source, "http_method", "")? {
        Some(verb) if verb.eq_ignore_ascii_case("GET") || verb.eq_ignore_ascii_case("POST") => {
            verb.to_ascii_uppercase()
        }
        Some(verb) => todo(format!(
            "http_method: the source says {verb:?}; GET or POST"
        )),
        None => todo("http_method: the source gives none; GET or POST"),
    };
    let json = src.opt_bool(source, "json_input_supported", "")?;
    let mut content_types = vec!["application/x-www-form-urlencoded".to_owned()];
    if json == Some(true) {
        content_types.push("application/json".to_owned());
    }
    let encoding_reason = todo(format!(
        "encoding_reason: why the first content type is the one the SDK sends (the source says \
         json_input_supported: {})",
        json.map_or("nothing".to_owned(), |b| b.to_string())
    ));
    let rate_limit_tier = match source.get("rate_limits") {
        None | Some(Value::Null) => tier(None),
        Some(Value::String(text)) => tier(Some(text)),
        Some(other) => {
            return Err(src.invalid(
                "rate_limits",
                format!("expected a string, found {}", kind(other)),
            ))
        }
    };
    let scopes = scopes(&src, source, &reference, &mut decisions)?;
    no_scopes(&scopes, &mut decisions, &reference);

    let args = src.opt_object(source, "args", "")?;
    let empty = Map::new();
    let properties = match args {
        Some(args) => match args.get("properties") {
            None | Some(Value::Null) => &empty,
            Some(Value::Object(map)) => map,
            Some(other) => {
                return Err(src.invalid(
                    "args.properties",
                    format!("expected an object, found {}", kind(other)),
                ))
            }
        },
        None => &empty,
    };
    let required = required_list(&src, args.map(|a| a.get("required")), "args.required")?;
    let mut arguments = Vec::new();
    for (arg, property) in properties {
        if arg == "token" {
            continue;
        }
        let at = format!("args.properties.{arg}");
        let field = field(
            &src,
            arg,
            property,
            &at,
            required.contains(arg.as_str()),
            &mut objects,
        )?;
        arguments.push(field);
    }
    sort_arguments(&mut arguments);

    let (response, arrays) = response(&src, source, &mut objects)?;
    let errors = match src.opt_object(source, "errors", "")? {
        Some(errors) => src.errors(errors, "errors", |error, at| match error {
            Value::Object(_) => Ok(src.opt_str(error, "desc", at)?.map(str::to_owned)),
            Value::String(text) => Ok(Some(text.clone())),
            other => Err(src.invalid(
                at,
                format!("expected an object with `desc`, found {}", kind(other)),
            )),
        })?,
        None => Vec::new(),
    };
    let pagination = pagination(&arguments, &arrays);
    Ok(MethodDraft {
        schema: "../schema.json".to_owned(),
        name: name.to_owned(),
        description,
        docs_url: docs_url(name),
        http_method,
        content_types,
        encoding_reason,
        rate_limit_tier,
        scopes,
        pagination,
        arguments,
        objects,
        response,
        errors,
        decisions,
        sources: vec![docs_url(name), reference],
    })
}

/// Required arguments first, then the rest, each group in name order (the source's key order
/// is not kept by every JSON reader, so the draft does not depend on it).
fn sort_arguments(arguments: &mut [FieldDraft]) {
    arguments.sort_by(|a, b| {
        b.required
            .cmp(&a.required)
            .then_with(|| a.name.cmp(&b.name))
    });
}

/// A JSON schema's `required` list.
fn required_list<'v>(
    src: &Source<'_>,
    value: Option<Option<&'v Value>>,
    at: &str,
) -> Result<BTreeSet<&'v str>, ImportError> {
    match value.flatten() {
        None | Some(Value::Null) => Ok(BTreeSet::new()),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                item.as_str()
                    .ok_or_else(|| src.invalid(&format!("{at}[{i}]"), "expected a string"))
            })
            .collect(),
        Some(other) => Err(src.invalid(at, format!("expected an array, found {}", kind(other)))),
    }
}

/// Scopes by token type, in either format Slack has used; a token type the spec does not model
/// becomes a question for the maintainer.
fn scopes(
    src: &Source<'_>,
    source: &Value,
    reference: &str,
    decisions: &mut Vec<DecisionDraft>,
) -> Result<ScopesDraft, ImportError> {
    for key in ["scope", "scope_by_token_type"] {
        if let Some(value) = source.get(key) {
            if !matches!(value, Value::Null | Value::Object(_) | Value::String(_)) {
                return Err(src.invalid(
                    key,
                    format!("expected an object or a string, found {}", kind(value)),
                ));
            }
        }
    }
    let read = Scopes::read(source);
    let mut drafted = ScopesDraft::default();
    for (token, scopes) in read.by_token {
        let scopes: Vec<String> = scopes.into_iter().collect();
        place_scopes(&mut drafted, decisions, &token, scopes, reference);
    }
    Ok(drafted)
}

/// One argument, response field or object property from its JSON-schema `property`.
fn field(
    src: &Source<'_>,
    name: &str,
    property: &Value,
    at: &str,
    required: bool,
    objects: &mut Vec<ObjectDraft>,
) -> Result<FieldDraft, ImportError> {
    if !property.is_object() {
        return Err(src.invalid(
            at,
            format!("expected a JSON schema object, found {}", kind(property)),
        ));
    }
    let ty = type_of(src, name, property, at, objects)?;
    let description = src.description(property, at, &format!("`{name}`"))?;
    let default = property.get("default").map(|d| default_for(name, &ty, d));
    let example = match (
        property.get("example"),
        property.get("items").and_then(|i| i.get("example")),
    ) {
        (Some(example), _) => Some(typed_value(&ty, example)),
        (None, Some(item)) if ty.starts_with("array<") => {
            let inner = &ty["array<".len()..ty.len() - 1];
            Some(Value::Array(vec![typed_value(inner, item)]))
        }
        _ => None,
    };
    Ok(FieldDraft {
        name: name.to_owned(),
        ty,
        required,
        description,
        default,
        example,
        constraints: constraints(src, property, at)?,
        notes: None,
    })
}

/// The constraints a JSON schema states, in the spec's names.
fn constraints(
    src: &Source<'_>,
    property: &Value,
    at: &str,
) -> Result<ConstraintsDraft, ImportError> {
    let number = |key: &str| -> Result<Option<Value>, ImportError> {
        match property.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(value) if value.is_number() => Ok(Some(bound(value))),
            Some(other) => Err(src.invalid(
                &join(at, key),
                format!("expected a number, found {}", kind(other)),
            )),
        }
    };
    let allowed_values = match property.get("enum") {
        None | Some(Value::Null) => None,
        Some(Value::Array(values)) => Some(
            values
                .iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                .collect(),
        ),
        Some(other) => {
            return Err(src.invalid(
                &join(at, "enum"),
                format!("expected an array, found {}", kind(other)),
            ))
        }
    };
    Ok(ConstraintsDraft {
        max_length: number("maxLength")?,
        min_length: number("minLength")?,
        minimum: number("minimum")?,
        maximum: number("maximum")?,
        min_items: number("minItems")?,
        max_items: number("maxItems")?,
        allowed_values,
    })
}

/// The spec type of a JSON-schema property: an ID type named by `schema` or `subtype`, a shared
/// object named by `schema`, a scalar, an array, or an object drafted from its `properties`
/// (named after the field). Anything else is a marker naming what the source says.
fn type_of(
    src: &Source<'_>,
    name: &str,
    property: &Value,
    at: &str,
    objects: &mut Vec<ObjectDraft>,
) -> Result<String, ImportError> {
    let known = src.known;
    let schema_raw = src.opt_str(property, "schema", at)?;
    let schema = schema_raw.map(|s| s.replace('-', "_"));
    let subtype = src
        .opt_str(property, "subtype", at)?
        .map(|s| format!("{s}_id"));
    if let Some(id) = [&schema, &subtype]
        .into_iter()
        .flatten()
        .find(|n| known.ids.contains(*n))
    {
        return Ok(id.clone());
    }
    if let Some(schema) = &schema {
        if known.objects.contains(schema) {
            return Ok(schema.clone());
        }
        return Ok(todo(format!(
            "type of `{name}`: the source names schema `{}`, which is neither an ID type of \
             shared/ids.json nor an object of shared/objects.json",
            schema_raw.unwrap_or_default()
        )));
    }
    Ok(match src.opt_str(property, "type", at)? {
        Some(scalar @ ("string" | "integer" | "number" | "boolean")) => scalar.to_owned(),
        Some("array") => match property.get("items") {
            Some(items) if items.is_object() => {
                let inner = type_of(src, name, items, &join(at, "items"), objects)?;
                if is_todo(&inner) {
                    todo(format!("type of `{name}`: an array whose items the importer cannot type ({})", inner.trim_start_matches(super::TODO_MARKER).trim()))
                } else {
                    format!("array<{inner}>")
                }
            }
            _ => todo(format!("type of `{name}`: an array whose items the source does not describe")),
        },
        Some("object") | None if property.get("properties").is_some_and(Value::is_object) => {
            object(src, name, property, at, objects)?
        }
        Some("object") => todo(format!(
            "type of `{name}`: an object the source does not describe; name an object shape or use `json`"
        )),
        Some(other) => todo(format!("type of `{name}`: the source says {other:?}")),
        None => todo(format!("type of `{name}`: the source gives none")),
    })
}

/// An object shape drafted from `property.properties`, named after the field (or a marker when
/// that name is taken).
fn object(
    src: &Source<'_>,
    name: &str,
    property: &Value,
    at: &str,
    objects: &mut Vec<ObjectDraft>,
) -> Result<String, ImportError> {
    if src.known.objects.contains(name) || objects.iter().any(|o| o.name == name) {
        return Ok(todo(format!(
            "type of `{name}`: an object with its own properties; the name `{name}` is taken, name its shape"
        )));
    }
    let required = required_list(src, Some(property.get("required")), &join(at, "required"))?;
    let mut fields = Vec::new();
    let properties = property["properties"]
        .as_object()
        .expect("checked by the caller");
    for (key, inner) in properties {
        let inner_at = format!("{at}.properties.{key}");
        fields.push(field(
            src,
            key,
            inner,
            &inner_at,
            required.contains(key.as_str()),
            objects,
        )?);
    }
    sort_arguments(&mut fields);
    objects.push(ObjectDraft {
        name: name.to_owned(),
        description: todo(format!("describe the `{name}` object")),
        fields,
    });
    Ok(name.to_owned())
}

/// The response fields from `output` (besides `ok`), and the names of its array fields; a
/// marker when the source has no output schema.
fn response(
    src: &Source<'_>,
    source: &Value,
    objects: &mut Vec<ObjectDraft>,
) -> Result<(ResponseDraft, Vec<String>), ImportError> {
    let Some(output) = src.opt_object(source, "output", "")? else {
        let notes = todo("the source has no response schema: transcribe the success response from the method page");
        return Ok((
            ResponseDraft {
                fields: Vec::new(),
                notes: Some(notes),
            },
            Vec::new(),
        ));
    };
    let output = Value::Object(output.clone());
    let properties = src
        .opt_object(&output, "properties", "output")?
        .cloned()
        .unwrap_or_default();
    let required = required_list(src, Some(output.get("required")), "output.required")?;
    let mut fields = Vec::new();
    let mut arrays = Vec::new();
    for (name, property) in &properties {
        if name == "ok" {
            continue;
        }
        if property.get("type").and_then(Value::as_str) == Some("array") {
            arrays.push(name.clone());
        }
        let at = format!("output.properties.{name}");
        fields.push(field(
            src,
            name,
            property,
            &at,
            required.contains(name.as_str()),
            objects,
        )?);
    }
    sort_arguments(&mut fields);
    Ok((
        ResponseDraft {
            fields,
            notes: None,
        },
        arrays,
    ))
}
