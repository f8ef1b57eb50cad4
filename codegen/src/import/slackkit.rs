//! SlackKit-style docs JSON (as published under `priv/docs/methods/` of the SlackKit Elixir
//! library, scraped from docs.slack.dev): `desc`, `args` by name (`desc`, `required`,
//! `example`, sometimes `type` and `default`), `errors` as code -> text, `rate_limit.label`
//! (`Tier 2: 20+ per minute`) and `scopes` by token type as `{name, url}` objects. It has no
//! HTTP verb, no JSON-body flag and no response shape: those are left for the maintainer.

use std::path::Path;

use serde_json::Value;

use super::draft::{
    todo, ConstraintsDraft, DecisionDraft, FieldDraft, MethodDraft, ResponseDraft, ScopesDraft,
};
use super::fields::{
    default_for, kind, no_scopes, pagination, place_scopes, tier, typed_value, Source,
};
use super::{docs_url, source_label, ImportError, Known};
use crate::docs_audit::upstream::split_values;

/// Drafts method `name` from SlackKit docs JSON `source`, read from `path`.
pub fn draft(
    name: &str,
    path: &Path,
    source: &Value,
    known: &Known,
) -> Result<MethodDraft, ImportError> {
    let src = Source { path, known };
    let label = source_label(path);
    let reference = format!(
        "SlackKit method docs JSON for {name} (drafted by `cargo xtask import` from `{label}`)"
    );
    let mut decisions = Vec::new();
    let description = src.description(source, "", "the method")?;
    let rate_limit = src.opt_object(source, "rate_limit", "")?;
    let label_text = match rate_limit.and_then(|r| r.get("label")) {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) => Some(text.as_str()),
        Some(other) => {
            return Err(src.invalid(
                "rate_limit.label",
                format!("expected a string, found {}", kind(other)),
            ))
        }
    };
    let scopes = scopes(&src, source, &reference, &mut decisions)?;
    no_scopes(&scopes, &mut decisions, &reference);

    let mut arguments = Vec::new();
    if let Some(args) = src.opt_object(source, "args", "")? {
        for (arg, spec) in args {
            if arg == "token" {
                continue;
            }
            arguments.push(argument(&src, arg, spec, &format!("args.{arg}"))?);
        }
    }
    arguments.sort_by(|a, b| {
        b.required
            .cmp(&a.required)
            .then_with(|| a.name.cmp(&b.name))
    });

    let errors = match src.opt_object(source, "errors", "")? {
        Some(errors) => src.errors(errors, "errors", |error, at| match error {
            Value::String(text) => Ok(Some(text.clone())),
            Value::Object(_) => Ok(src.opt_str(error, "desc", at)?.map(str::to_owned)),
            other => Err(src.invalid(at, format!("expected a string, found {}", kind(other)))),
        })?,
        None => Vec::new(),
    };
    let pagination = pagination(&arguments, &[]);
    Ok(MethodDraft {
        schema: "../schema.json".to_owned(),
        name: name.to_owned(),
        description,
        docs_url: docs_url(name),
        http_method: todo(
            "http_method: the source gives none; Slack accepts POST for every method",
        ),
        content_types: vec!["application/x-www-form-urlencoded".to_owned()],
        encoding_reason: todo(
            "encoding_reason: the source does not say whether the method takes a JSON body; \
             check the method page and say why the first content type is sent",
        ),
        rate_limit_tier: tier(label_text),
        scopes,
        pagination,
        arguments,
        objects: Vec::new(),
        response: ResponseDraft {
            fields: Vec::new(),
            notes: Some(todo(
                "the source has no response shape: transcribe the success response from the \
                 method page",
            )),
        },
        errors,
        decisions,
        sources: vec![docs_url(name), reference],
    })
}

/// Scopes by token type: `{"bot": [{"name": ...}], "user": [...]}`; other token types become a
/// question for the maintainer.
fn scopes(
    src: &Source<'_>,
    source: &Value,
    reference: &str,
    decisions: &mut Vec<DecisionDraft>,
) -> Result<ScopesDraft, ImportError> {
    let mut drafted = ScopesDraft::default();
    let Some(by_token) = src.opt_object(source, "scopes", "")? else {
        return Ok(drafted);
    };
    for (token, list) in by_token {
        let at = format!("scopes.{token}");
        let Value::Array(items) = list else {
            return Err(src.invalid(&at, format!("expected an array, found {}", kind(list))));
        };
        let mut names = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let name = match item {
                Value::String(text) => text.clone(),
                Value::Object(_) => src
                    .opt_str(item, "name", &format!("{at}[{i}]"))?
                    .ok_or_else(|| src.invalid(&format!("{at}[{i}]"), "a scope without `name`"))?
                    .to_owned(),
                other => {
                    return Err(src.invalid(
                        &format!("{at}[{i}]"),
                        format!("expected a scope, found {}", kind(other)),
                    ))
                }
            };
            names.push(name);
        }
        names.sort();
        names.dedup();
        place_scopes(&mut drafted, decisions, token, names, reference);
    }
    Ok(drafted)
}

/// One argument: `{desc, required, example, type, default}`. The values a description lists
/// after `Acceptable values:` or `Value can be:` (read as docs-audit reads them) become
/// `allowed_values`, of a string or of an array, which then holds strings.
fn argument(
    src: &Source<'_>,
    name: &str,
    spec: &Value,
    at: &str,
) -> Result<FieldDraft, ImportError> {
    if !spec.is_object() {
        return Err(src.invalid(at, format!("expected an object, found {}", kind(spec))));
    }
    let mut description = src.description(spec, at, &format!("`{name}`"))?;
    let required = src.opt_bool(spec, "required", at)?.unwrap_or(false);
    let example = spec.get("example").filter(|e| !e.is_null());
    let listed = match split_values(&description) {
        (_, values) if values.is_empty() => None,
        listed => Some(listed),
    };
    let ty = match src.opt_str(spec, "type", at)? {
        Some(scalar @ ("string" | "integer" | "number" | "boolean")) => scalar.to_owned(),
        // An array whose values the description lists holds those strings.
        Some("array") if listed.is_some() => "array<string>".to_owned(),
        Some("array") => todo(format!(
            "type of `{name}`: an array; the source does not say of what (array<string>, array<team_id>, ...)"
        )),
        Some(other) => todo(format!("type of `{name}`: the source says {other:?}")),
        None => todo(format!(
            "type of `{name}`: the source gives none{}",
            example.map_or(String::new(), |e| format!(" (its example is {e})"))
        )),
    };
    let mut constraints = ConstraintsDraft::default();
    let mut notes = None;
    if let Some((text, values)) = listed {
        description = if text.is_empty() {
            todo(format!(
                "describe `{name}`: the source only lists its values"
            ))
        } else {
            text
        };
        if ty == "string" || ty == "array<string>" {
            constraints.allowed_values = Some(values);
        } else {
            notes = Some(todo(format!(
                "the source lists the values {} for `{name}`, but `allowed_values` applies to \
                 strings and arrays of strings only: say them in the description, or change the type",
                values.join(", ")
            )));
        }
    }
    Ok(FieldDraft {
        name: name.to_owned(),
        required,
        description,
        default: spec
            .get("default")
            .filter(|d| !d.is_null())
            .map(|d| default_for(name, &ty, d)),
        example: example.map(|e| typed_value(&ty, e)),
        constraints,
        notes,
        ty,
    })
}
