//! `spec-diff` verdicts, one spec edit per kind of change, on the fixture spec.
//!
//! Each case edits a copy of `tests/fixtures/specs/basic` and checks the change found, its wire
//! verdict, and its SemVer verdict. The SemVer verdicts are read off the generated code, so these
//! expectations also pin the generator's output policy (request structs are `non_exhaustive`,
//! responses, objects and error enums are not): changing that policy changes these verdicts.

use std::path::Path;

use codegen::spec_diff::render::{render, Format};
use codegen::spec_diff::tree::{self, Tree};
use codegen::spec_diff::{compare, compare_files_with, Level, Report, Rules, SpecChange, Wire};
use serde_json::{json, Value};

const LIST: &str = "methods/widgets.list.json";
const SELF: &str = "methods/widgets.self.json";
const OBJECTS: &str = "shared/objects.json";
const ERRORS: &str = "shared/errors.json";
const EVENT: &str = "events/widget_created.json";

fn fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/specs/basic")
}

/// Reviews the fixture against a copy edited by `edit`.
fn review(edit: impl FnOnce(&mut Tree)) -> Report {
    let head = tempfile::tempdir().unwrap();
    let mut files = tree::read(&fixture()).unwrap();
    edit(&mut files);
    tree::write(&files, head.path()).unwrap();
    compare(&fixture(), head.path()).unwrap_or_else(|e| panic!("{e}"))
}

/// The one change of a single-edit review; its SemVer verdict must be the whole review's.
fn single(report: &Report) -> &SpecChange {
    let [change] = report.changes.as_slice() else {
        panic!("one change expected: {:#?}", report.changes)
    };
    assert_eq!(
        change.sdk, report.sdk,
        "the change alone and the whole review agree"
    );
    change
}

fn argument<'a>(files: &'a mut Tree, name: &str) -> &'a mut Value {
    files.get_mut(LIST).unwrap()["arguments"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|a| a["name"] == name)
        .unwrap()
}

fn list_of<'a>(files: &'a mut Tree, file: &str, key: &str) -> &'a mut Vec<Value> {
    files.get_mut(file).unwrap()[key].as_array_mut().unwrap()
}

fn object_field<'a>(files: &'a mut Tree, object: &str, field: &str) -> &'a mut Value {
    files.get_mut(OBJECTS).unwrap()["objects"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|o| o["name"] == object)
        .unwrap()["fields"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|f| f["name"] == field)
        .unwrap()
}

#[track_caller]
fn check(report: &Report, subject: &str, wire: Wire, sdk: Level) {
    let change = single(report);
    assert_eq!(change.subject, subject, "{change:#?}");
    assert_eq!((change.wire, change.sdk), (wire, sdk), "{change:#?}");
}

#[test]
fn methods_added_and_removed() {
    let added = review(|files| {
        let mut method = files[SELF].clone();
        method["name"] = json!("widgets.other");
        files.insert("methods/widgets.other.json".into(), method);
    });
    check(&added, "file", Wire::Compatible, Level::Minor);
    assert_eq!(single(&added).what, "added");
    let removed = review(|files| {
        files.remove(SELF);
    });
    check(&removed, "file", Wire::Breaking, Level::Major);
}

#[test]
fn arguments_added_removed_renamed_and_made_required() {
    let optional = review(|files| {
        list_of(files, LIST, "arguments")
            .push(json!({"name": "note", "type": "string", "description": "A note."}));
    });
    // A new field and setter on a non_exhaustive request struct: minor.
    check(&optional, "argument `note`", Wire::Compatible, Level::Minor);
    let required = review(|files| {
        list_of(files, LIST, "arguments").push(
            json!({"name": "note", "type": "string", "required": true, "description": "A note."}),
        );
    });
    // `new()` takes one more parameter.
    check(&required, "argument `note`", Wire::Breaking, Level::Major);
    let removed =
        review(|files| list_of(files, LIST, "arguments").retain(|a| a["name"] != "labels"));
    check(&removed, "argument `labels`", Wire::Breaking, Level::Major);
    let renamed = review(|files| argument(files, "labels")["name"] = json!("tags"));
    check(&renamed, "argument `labels`", Wire::Breaking, Level::Major);
    assert_eq!(single(&renamed).what, "renamed to `tags`");
    let to_required = review(|files| argument(files, "labels")["required"] = json!(true));
    check(
        &to_required,
        "argument `labels` required",
        Wire::Breaking,
        Level::Major,
    );
    let to_optional = review(|files| argument(files, "owner")["required"] = json!(false));
    check(
        &to_optional,
        "argument `owner` required",
        Wire::Compatible,
        Level::Major,
    );
}

#[test]
fn argument_types_and_defaults() {
    let retyped = review(|files| argument(files, "labels")["type"] = json!("array<string>"));
    check(
        &retyped,
        "argument `labels` type",
        Wire::Breaking,
        Level::Major,
    );
    let default = review(|files| argument(files, "limit")["default"] = json!(20));
    check(
        &default,
        "argument `limit` default",
        Wire::Caution,
        Level::Patch,
    );
}

#[test]
fn request_constraints_tightened_break_callers_and_loosened_do_not() {
    // (argument, bound, new value or removed, expected wire verdict, expected SDK level). A
    // bound is also a public constant (`NAME_MAX_LENGTH`, `TYPE_BIG`): a new value is a patch,
    // a new constant a minor change, and a constant that disappears a major one.
    let cases: Vec<(&str, &str, Option<Value>, Wire, Level)> = vec![
        (
            "name",
            "max_length",
            Some(json!(3)),
            Wire::Breaking,
            Level::Patch,
        ),
        (
            "name",
            "max_length",
            Some(json!(40)),
            Wire::Compatible,
            Level::Patch,
        ),
        ("name", "max_length", None, Wire::Compatible, Level::Major),
        (
            "name",
            "min_length",
            Some(json!(3)),
            Wire::Breaking,
            Level::Patch,
        ),
        (
            "name",
            "min_length",
            Some(json!(1)),
            Wire::Compatible,
            Level::Patch,
        ),
        (
            "limit",
            "maximum",
            Some(json!(50)),
            Wire::Breaking,
            Level::Patch,
        ),
        (
            "limit",
            "minimum",
            Some(json!(0)),
            Wire::Compatible,
            Level::Patch,
        ),
        (
            "ids",
            "max_items",
            Some(json!(2)),
            Wire::Breaking,
            Level::Patch,
        ),
        (
            "ids",
            "min_items",
            Some(json!(2)),
            Wire::Breaking,
            Level::Patch,
        ),
        ("ids", "min_items", None, Wire::Compatible, Level::Major),
        (
            "type",
            "allowed_values",
            Some(json!(["big"])),
            Wire::Breaking,
            Level::Major,
        ),
        (
            "type",
            "allowed_values",
            Some(json!(["big", "small", "medium"])),
            Wire::Compatible,
            Level::Minor,
        ),
        (
            "email",
            "max_length",
            Some(json!(100)),
            Wire::Breaking,
            Level::Minor,
        ),
    ];
    for (name, bound, value, wire, sdk) in cases {
        let report = review(|files| {
            let argument = argument(files, name);
            if argument.get("constraints").is_none() {
                argument["constraints"] = json!({});
            }
            let constraints = argument["constraints"].as_object_mut().unwrap();
            match &value {
                Some(value) => constraints.insert(bound.to_owned(), value.clone()),
                None => constraints.remove(bound),
            };
        });
        let change = single(&report);
        let case = format!("{name}.{bound} = {value:?}");
        assert_eq!(change.wire, wire, "{case}: {change:#?}");
        // Bounds reach docs, metadata, `validate` and constants, not signatures.
        assert_eq!(change.sdk, sdk, "{case}: {change:#?}");
        assert!(
            change
                .subject
                .starts_with(&format!("argument `{name}` constraints")),
            "{case}"
        );
    }
}

#[test]
fn argument_rules_added_and_removed() {
    let added = review(|files| {
        list_of(files, LIST, "argument_rules").push(json!({"rule": "at_least_one_of", "arguments": ["cursor", "limit"], "description": "One of them."}));
    });
    check(&added, "argument_rules", Wire::Breaking, Level::Patch);
    let removed_choice = review(|files| {
        list_of(files, LIST, "argument_rules").retain(|r| r["rule"] != "exactly_one_of")
    });
    // The choice enum and its setter go away.
    check(
        &removed_choice,
        "argument_rules",
        Wire::Compatible,
        Level::Major,
    );
}

#[test]
fn response_fields() {
    let added = review(|files| {
        files.get_mut(LIST).unwrap()["response"]["fields"]
            .as_array_mut()
            .unwrap()
            .push(json!({"name": "total", "type": "integer", "description": "Count."}));
    });
    // Response structs are `non_exhaustive`: a new field is a minor change for the crate.
    check(
        &added,
        "response field `total`",
        Wire::Compatible,
        Level::Minor,
    );
    let removed = review(|files| {
        files.get_mut(LIST).unwrap()["response"]["fields"]
            .as_array_mut()
            .unwrap()
            .retain(|f| f["name"] != "response_metadata");
        files
            .get_mut(LIST)
            .unwrap()
            .as_object_mut()
            .unwrap()
            .remove("pagination");
    });
    assert!(removed
        .changes
        .iter()
        .any(|c| c.subject == "response field `response_metadata`" && c.wire == Wire::Breaking));
    assert_eq!(removed.sdk, Level::Major);
    let may_be_absent = review(|files| {
        files.get_mut(LIST).unwrap()["response"]["fields"][0]["required"] = json!(false);
    });
    check(
        &may_be_absent,
        "response field `widgets` required",
        Wire::Breaking,
        Level::Major,
    );
    let always_present = review(|files| {
        files.get_mut(LIST).unwrap()["response"]["fields"][1]["required"] = json!(true);
    });
    check(
        &always_present,
        "response field `response_metadata` required",
        Wire::Compatible,
        Level::Major,
    );
}

#[test]
fn response_field_type_changed() {
    let retyped = review(|files| {
        files.get_mut(LIST).unwrap()["response"]["fields"][0]["type"] = json!("array<label>");
    });
    check(
        &retyped,
        "response field `widgets` type",
        Wire::Breaking,
        Level::Major,
    );
}

/// The verdicts come from the emitted code: the same kind of edit (a new optional field) is
/// minor where the generator emits a `#[non_exhaustive]` struct and major where it does not.
#[test]
fn verdicts_follow_the_emitted_code() {
    let files = codegen::generate(&fixture(), &codegen::sdk_paths()).unwrap();
    let list = &files["widgets/list.rs"];
    let attributes_before = |item: &str| {
        let at = list.find(item).unwrap();
        list[..at].rsplit("///").next().unwrap().to_owned()
    };
    assert!(attributes_before("pub struct Request").contains("#[non_exhaustive]"));
    assert!(attributes_before("pub struct Response").contains("#[non_exhaustive]"));
    assert!(attributes_before("pub enum Error").contains("#[non_exhaustive]"));
    let argument = review(|files| {
        list_of(files, LIST, "arguments")
            .push(json!({"name": "note", "type": "string", "description": "A note."}));
    });
    assert_eq!(single(&argument).sdk, Level::Minor);
    assert!(single(&argument)
        .api
        .iter()
        .any(|c| c.item.ends_with("list::Request.note")));
    let field = review(|files| {
        files.get_mut(LIST).unwrap()["response"]["fields"]
            .as_array_mut()
            .unwrap()
            .push(json!({"name": "note", "type": "string", "description": "A note."}));
    });
    let change = single(&field);
    assert_eq!(change.sdk, Level::Minor);
    assert_eq!(change.api[0].item, "widgets::list::Response.note");
    // A required argument is a parameter of `Request::new` and of the call: a major change.
    let required = review(|files| {
        list_of(files, LIST, "arguments").push(
            json!({"name": "note", "type": "string", "required": true, "description": "A note."}),
        );
    });
    assert_eq!(
        single(&required).sdk,
        Level::Major,
        "{:#?}",
        single(&required)
    );
}

#[test]
fn error_codes() {
    let added = review(|files| {
        list_of(files, LIST, "errors")
            .push(json!({"code": "widget_locked", "description": "Locked."}))
    });
    // Error enums are `non_exhaustive`: a new variant is minor (callers already have a
    // wildcard arm); on the wire, callers may now see the code.
    check(&added, "error `widget_locked`", Wire::Caution, Level::Minor);
    let removed =
        review(|files| list_of(files, LIST, "errors").retain(|e| e["code"] != "widget_not_found"));
    check(
        &removed,
        "error `widget_not_found`",
        Wire::Compatible,
        Level::Major,
    );
    let reworded = review(|files| {
        list_of(files, LIST, "errors")[1]["description"] = json!("No widget has that ID.")
    });
    check(
        &reworded,
        "error `widget_not_found` description",
        Wire::Docs,
        Level::Patch,
    );
}

#[test]
fn verb_content_types_tier_scopes_pagination_and_notes() {
    let verb = review(|files| files.get_mut(SELF).unwrap()["http_method"] = json!("POST"));
    check(&verb, "http_method", Wire::Breaking, Level::Patch);
    let content = review(|files| {
        files.get_mut(LIST).unwrap()["content_types"] = json!(["application/x-www-form-urlencoded"])
    });
    check(&content, "content_types", Wire::Breaking, Level::Patch);
    let tier = review(|files| files.get_mut(LIST).unwrap()["rate_limit_tier"] = json!("tier2"));
    check(&tier, "rate_limit_tier", Wire::Caution, Level::Patch);
    let scope = review(|files| {
        files.get_mut(LIST).unwrap()["scopes"]["bot"] = json!(["widgets:read", "widgets:write"])
    });
    check(&scope, "scopes.bot", Wire::Breaking, Level::Patch);
    let fewer_scopes = review(|files| files.get_mut(LIST).unwrap()["scopes"]["user"] = json!([]));
    check(&fewer_scopes, "scopes.user", Wire::Compatible, Level::Patch);
    let pagination = review(|files| {
        files
            .get_mut(LIST)
            .unwrap()
            .as_object_mut()
            .unwrap()
            .remove("pagination");
    });
    // The stream method goes away.
    check(&pagination, "pagination", Wire::Breaking, Level::Major);
    let notes =
        review(|files| argument(files, "owner")["notes"] = json!("Checked against two sources."));
    check(&notes, "argument `owner` notes", Wire::Docs, Level::None);
    let description =
        review(|files| files.get_mut(LIST).unwrap()["description"] = json!("Lists the widgets"));
    check(&description, "description", Wire::Docs, Level::Patch);
}

#[test]
fn shared_objects_and_common_errors_name_the_methods_they_reach() {
    let field = review(|files| {
        files.get_mut(OBJECTS).unwrap()["objects"][2]["fields"]
            .as_array_mut()
            .unwrap()
            .push(json!({"name": "colour", "type": "string", "description": "Colour."}));
    });
    let change = single(&field);
    assert_eq!(change.subject, "object `widget` field `colour`");
    assert_eq!((change.wire, change.sdk), (Wire::Compatible, Level::Minor));
    assert_eq!(change.reaches, ["widget_created", "widgets.list"]);
    // `label` is sent (an argument) and received (inside widgets): required is judged both ways.
    let required = review(|files| object_field(files, "label", "colour")["required"] = json!(true));
    let change = single(&required);
    assert_eq!(
        (change.wire, change.sdk),
        (Wire::Breaking, Level::Major),
        "{change:#?}"
    );
    let common = review(|files| {
        list_of(files, ERRORS, "common_errors")
            .push(json!({"code": "ratelimited", "description": "Slow down."}))
    });
    let change = single(&common);
    assert_eq!((change.wire, change.sdk), (Wire::Caution, Level::Minor));
    assert_eq!(change.reaches, ["widgets.list"]);
}

#[test]
fn events() {
    let field = review(|files| {
        list_of(files, EVENT, "fields")
            .push(json!({"name": "at", "type": "integer", "description": "When."}));
    });
    check(&field, "field `at`", Wire::Compatible, Level::Minor);
    let added = review(|files| {
        let mut event = files[EVENT].clone();
        event["name"] = json!("widget_deleted");
        event.as_object_mut().unwrap().remove("objects");
        event.as_object_mut().unwrap().remove("workflow_trigger");
        event["fields"] = json!([{ "name": "widget", "type": "widget", "required": true, "description": "The widget." }]);
        files.insert("events/widget_deleted.json".into(), event);
    });
    // A new variant of the `non_exhaustive` `Event` enum: minor; receivers may now get the event.
    check(&added, "file", Wire::Caution, Level::Minor);
}

#[test]
fn no_change_and_invalid_specs() {
    let same = review(|_| {});
    assert!(same.changes.is_empty());
    assert_eq!((same.wire, same.sdk), (Wire::Docs, Level::None));
    let head = tempfile::tempdir().unwrap();
    let mut files = tree::read(&fixture()).unwrap();
    argument(&mut files, "labels")["type"] = json!("no_such_type");
    tree::write(&files, head.path()).unwrap();
    let error = compare(&fixture(), head.path()).unwrap_err().to_string();
    assert!(
        error.contains("methods/widgets.list.json")
            && error.contains("unknown type `no_such_type`"),
        "{error}"
    );
}

/// Reviews the fixture against a copy edited by `edit`, under `rules`.
fn review_with(rules: &Rules, edit: impl FnOnce(&mut Tree)) -> Report {
    let base = tree::read(&fixture()).unwrap();
    let mut head = base.clone();
    edit(&mut head);
    compare_files_with(&tree::to_files(&base), &tree::to_files(&head), rules)
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_change_to_a_key_without_a_rule_is_unclassified_and_fails_the_review() {
    // The same schema-valid edits, judged with the standard rules and with the rule for their
    // key removed, as if the model had gained the key and nobody had written its rule.
    let tier = |files: &mut Tree| files.get_mut(LIST).unwrap()["rate_limit_tier"] = json!("tier1");
    let judged = review_with(&Rules::standard(), tier);
    assert_eq!(single(&judged).wire, Wire::Caution);
    assert!(!judged.fails());

    let report = review_with(&Rules::standard().without("rate_limit_tier"), tier);
    let change = single(&report);
    assert_eq!(change.subject, "rate_limit_tier");
    assert_eq!(change.wire, Wire::Unclassified);
    assert_eq!(report.wire, Wire::Unclassified);
    assert_eq!(report.unclassified().count(), 1);
    assert!(report.fails());
    assert!(!report.is_breaking(), "unclassified is its own verdict");

    // Every output format shows it.
    let text = render(&report, Format::Text { colour: false });
    assert!(
        text.contains("  unclassified ")
            && text.contains("wire: unclassified (0 breaking)")
            && text.contains("; 1 unclassified: no rule for the key"),
        "{text}"
    );
    let markdown = render(&report, Format::Markdown);
    assert!(
        markdown.contains("| **unclassified** |") && markdown.contains("1 unclassified"),
        "{markdown}"
    );
    let json: Value = serde_json::from_str(&render(&report, Format::Json)).unwrap();
    assert_eq!(json["wire"], "unclassified");
    assert_eq!(json["changes"][0]["wire"], "unclassified");

    // A nested key: a bound nobody has a rule for is not guessed to be documentation.
    let bound = |files: &mut Tree| {
        argument(files, "name")["constraints"]["max_length"] = json!(3);
    };
    assert_eq!(
        single(&review_with(&Rules::standard(), bound)).wire,
        Wire::Breaking
    );
    let report = review_with(&Rules::standard().without("max_length"), bound);
    assert_eq!(single(&report).wire, Wire::Unclassified);
    // A documentation key without its rule is not waved through either.
    let notes = |files: &mut Tree| argument(files, "name")["notes"] = json!("Reworded.");
    assert_eq!(
        single(&review_with(&Rules::standard(), notes)).wire,
        Wire::Docs
    );
    let report = review_with(&Rules::standard().without("notes"), notes);
    assert_eq!(single(&report).wire, Wire::Unclassified);
}

/// Every property name in a JSON schema, however deeply nested (definitions, `$defs`,
/// `anyOf`, `items`, ...), with the JSON path where it is declared.
fn schema_properties(node: &Value, path: &str, out: &mut Vec<(String, String)>) {
    match node {
        Value::Object(map) => {
            for (key, value) in map {
                let here = format!("{path}/{key}");
                if key == "properties" {
                    if let Value::Object(properties) = value {
                        for (name, property) in properties {
                            out.push((name.clone(), format!("{here}/{name}")));
                            schema_properties(property, &format!("{here}/{name}"), out);
                        }
                    }
                } else {
                    schema_properties(value, &here, out);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                schema_properties(item, &format!("{path}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// The schema's properties that spec-diff has no rule for, with where they are declared.
fn unruled(schema: &Value, rules: &Rules) -> Vec<String> {
    let mut properties = Vec::new();
    schema_properties(schema, "#", &mut properties);
    assert!(
        properties.len() > 40,
        "the walk finds the schema's properties"
    );
    properties
        .into_iter()
        .filter(|(name, _)| rules.get(name).is_none())
        .map(|(name, at)| format!("`{name}` (at {at})"))
        .collect()
}

fn schema() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/schema.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn every_property_of_the_spec_schema_has_a_classification_rule() {
    let schema = schema();
    assert!(schema["definitions"].is_object() || schema["$defs"].is_object());
    let missing = unruled(&schema, &Rules::standard());
    assert!(
        missing.is_empty(),
        "spec-diff has no rule for these spec keys: add each to \
         codegen/src/spec_diff/rules.rs (and judge it in classify.rs):\n{}",
        missing.join("\n")
    );
    // The schema the model derives today, not just the committed file, so a key added to the
    // model fails here before `cargo xtask codegen` is even run.
    let derived: Value = serde_json::from_str(&codegen::schema::schema_json()).unwrap();
    assert_eq!(unruled(&derived, &Rules::standard()), Vec::<String>::new());
}

#[test]
fn the_schema_walk_names_a_new_key_wherever_it_is_declared() {
    // A key added to a copy of the schema, deep inside a definition, and one under `$defs`.
    let mut schema = schema();
    let error = schema["definitions"]
        .as_object_mut()
        .unwrap()
        .iter_mut()
        .find(|(_, d)| d["properties"]["overrides_common"].is_object())
        .map(|(name, d)| (name.clone(), d))
        .unwrap();
    let (error_name, error) = error;
    error["properties"]["idempotent"] = json!({"type": "boolean"});
    schema["$defs"] = json!({"Marker": {"anyOf": [{"properties": {"always_present": {}}}]}});
    assert_eq!(
        unruled(&schema, &Rules::standard()),
        [
            "`always_present` (at #/$defs/Marker/anyOf/0/properties/always_present)".to_owned(),
            format!("`idempotent` (at #/definitions/{error_name}/properties/idempotent)"),
        ]
    );
}
