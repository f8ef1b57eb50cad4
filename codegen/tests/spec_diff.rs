//! `spec-diff` verdicts, one spec edit per kind of change, on the fixture spec.
//!
//! Each case edits a copy of `tests/fixtures/specs/basic` and checks the change found, its wire
//! verdict, and its SemVer verdict. The SemVer verdicts are read off the generated code, so these
//! expectations also pin the generator's output policy (request structs are `non_exhaustive`,
//! responses, objects and error enums are not): changing that policy changes these verdicts.

use std::path::Path;

use codegen::spec_diff::tree::{self, Tree};
use codegen::spec_diff::{compare, Level, Report, SpecChange, Wire};
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
    // Response structs are exhaustive: a new public field is a major change for the crate.
    check(
        &added,
        "response field `total`",
        Wire::Compatible,
        Level::Major,
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
    let list = &files["methods/widgets_list.rs"];
    let attributes_before = |item: &str| {
        let at = list.find(item).unwrap();
        list[..at].rsplit("///").next().unwrap().to_owned()
    };
    assert!(attributes_before("pub struct WidgetsListRequest").contains("#[non_exhaustive]"));
    assert!(!attributes_before("pub struct WidgetsListResponse").contains("#[non_exhaustive]"));
    let argument = review(|files| {
        list_of(files, LIST, "arguments")
            .push(json!({"name": "note", "type": "string", "description": "A note."}));
    });
    assert_eq!(single(&argument).sdk, Level::Minor);
    assert!(single(&argument)
        .api
        .iter()
        .any(|c| c.item.ends_with("WidgetsListRequest.note")));
    let field = review(|files| {
        files.get_mut(LIST).unwrap()["response"]["fields"]
            .as_array_mut()
            .unwrap()
            .push(json!({"name": "note", "type": "string", "description": "A note."}));
    });
    let change = single(&field);
    assert_eq!(change.sdk, Level::Major);
    assert_eq!(
        change.api[0].item,
        "methods::widgets_list::WidgetsListResponse.note"
    );
}

#[test]
fn error_codes() {
    let added = review(|files| {
        list_of(files, LIST, "errors")
            .push(json!({"code": "widget_locked", "description": "Locked."}))
    });
    // Error enums are exhaustive: a new variant is major; callers may now see the code.
    check(&added, "error `widget_locked`", Wire::Caution, Level::Major);
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
    assert_eq!((change.wire, change.sdk), (Wire::Compatible, Level::Major));
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
    assert_eq!((change.wire, change.sdk), (Wire::Caution, Level::Major));
    assert_eq!(change.reaches, ["widgets.list"]);
}

#[test]
fn events() {
    let field = review(|files| {
        list_of(files, EVENT, "fields")
            .push(json!({"name": "at", "type": "integer", "description": "When."}));
    });
    check(&field, "field `at`", Wire::Compatible, Level::Major);
    let added = review(|files| {
        let mut event = files[EVENT].clone();
        event["name"] = json!("widget_deleted");
        event.as_object_mut().unwrap().remove("objects");
        event.as_object_mut().unwrap().remove("workflow_trigger");
        event["fields"] = json!([{ "name": "widget", "type": "widget", "required": true, "description": "The widget." }]);
        files.insert("events/widget_deleted.json".into(), event);
    });
    // A new variant of the exhaustive `Event` enum; receivers may now get the event.
    check(&added, "file", Wire::Caution, Level::Major);
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
