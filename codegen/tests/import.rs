//! `codegen::import`: drafting spec method files from Slack's method JSON and SlackKit docs JSON.
//!
//! The drafts of the eight `spec/upstream/` files reproduce the committed spec's arguments,
//! errors, tier and scopes, except where the spec records a decision; golden drafts live in
//! `tests/fixtures/import/drafts/` (rewrite with `UPDATE_EXPECT=1`).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use codegen::docs_audit::{self, Topic};
use codegen::import::{self, ImportError, Known, MethodDraft};
use codegen::model::UpstreamAttribute;
use serde_json::{json, Value};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn spec_dir() -> PathBuf {
    root().join("spec")
}

fn upstream_dir() -> PathBuf {
    root().join("spec/upstream")
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import")
}

/// SlackKit's method docs, as the project keeps them.
fn slackkit_dir() -> PathBuf {
    root().join("reference/more-methods/slackkit-docs-json")
}

fn known() -> Known {
    Known::read(&spec_dir()).expect("the spec's shared files load")
}

/// The `<method>.json` files of `dir`, sorted.
fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

/// The eight invite methods' upstream files.
fn upstream_files() -> Vec<PathBuf> {
    let files = json_files(&upstream_dir());
    assert!(
        files.len() >= 8,
        "spec/upstream holds the eight invite methods"
    );
    files
}

fn draft_of(path: &Path) -> MethodDraft {
    import::import_file(path, &known()).unwrap_or_else(|e| panic!("{e}"))
}

fn draft_value(draft: &MethodDraft) -> Value {
    serde_json::from_str(&draft.to_json()).unwrap()
}

#[test]
fn drafts_match_the_golden_files() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let sources = upstream_files()
        .into_iter()
        .chain(json_files(&slackkit_dir()));
    let mut failures = Vec::new();
    let mut count = 0;
    for source in sources {
        let draft = draft_of(&source);
        let golden = fixtures()
            .join("drafts")
            .join(format!("{}.json", draft.name));
        let text = draft.to_json();
        assert_eq!(
            text,
            draft_of(&source).to_json(),
            "drafting is deterministic"
        );
        count += 1;
        if update {
            fs::write(&golden, &text).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&golden).unwrap_or_default();
        if text != expected {
            failures.push(format!(
                "{}:\n--- expected\n{expected}\n--- got\n{text}",
                golden.display()
            ));
        }
    }
    assert!(count >= 10);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// One difference between a draft and the committed spec, by the audit's topic.
#[derive(Debug, Clone, PartialEq)]
struct Difference {
    method: String,
    topic: Topic,
    draft: Value,
    spec: Value,
}

/// Compares the draft's description, verb, tier, scopes, arguments (with the properties of
/// object arguments) and errors with the committed spec file's. Descriptions compare as the audit reads them.
fn differences(draft: &Value, spec: &Value, shared_objects: &[Value]) -> Vec<Difference> {
    let method = spec["name"].as_str().unwrap().to_owned();
    let mut found = Vec::new();
    let mut differ = |topic: Topic, draft: Value, spec: Value| {
        let same = match (&draft, &spec) {
            (Value::String(a), Value::String(b)) if topic.is_description() => {
                docs_audit::values::normalize(a) == docs_audit::values::normalize(b)
            }
            (a, b) => docs_audit::values::same(a, b),
        };
        if !same {
            found.push(Difference {
                method: method.clone(),
                topic,
                draft,
                spec,
            });
        }
    };
    differ(
        Topic::Description,
        draft["description"].clone(),
        spec["description"].clone(),
    );
    differ(
        Topic::HttpMethod,
        draft["http_method"].clone(),
        spec["http_method"].clone(),
    );
    differ(
        Topic::RateLimitTier,
        draft["rate_limit_tier"].clone(),
        spec["rate_limit_tier"].clone(),
    );
    for token in ["bot", "user"] {
        let scopes = |v: &Value| v["scopes"].get(token).cloned().unwrap_or(json!([]));
        differ(
            Topic::Scopes {
                token: token.to_owned(),
            },
            scopes(draft),
            scopes(spec),
        );
    }
    let objects = |file: &Value| -> Vec<Value> {
        let mut all = file["objects"].as_array().cloned().unwrap_or_default();
        all.extend(shared_objects.iter().cloned());
        all
    };
    fields(
        "",
        &draft["arguments"],
        &spec["arguments"],
        &objects(draft),
        &objects(spec),
        &mut differ,
    );
    let by_code = |file: &Value| -> BTreeMap<String, Value> {
        file["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| (e["code"].as_str().unwrap().to_owned(), e.clone()))
            .collect()
    };
    let (ours, theirs) = (by_code(draft), by_code(spec));
    for code in ours
        .keys()
        .chain(theirs.keys())
        .collect::<std::collections::BTreeSet<_>>()
    {
        let topic = |attribute| Topic::Error {
            code: code.clone(),
            attribute,
        };
        match (ours.get(code), theirs.get(code)) {
            (Some(a), Some(b)) => differ(
                topic(UpstreamAttribute::Description),
                a["description"].clone(),
                b["description"].clone(),
            ),
            (a, b) => differ(
                topic(UpstreamAttribute::Presence),
                Value::Bool(a.is_some()),
                Value::Bool(b.is_some()),
            ),
        }
    }
    found
}

/// Fields by name: presence, required, type, default, constraints, description; an object
/// argument's properties under `name.`.
fn fields(
    prefix: &str,
    draft: &Value,
    spec: &Value,
    draft_objects: &[Value],
    spec_objects: &[Value],
    differ: &mut impl FnMut(Topic, Value, Value),
) {
    let by_name = |list: &Value| -> BTreeMap<String, Value> {
        list.as_array()
            .into_iter()
            .flatten()
            .map(|f| (f["name"].as_str().unwrap().to_owned(), f.clone()))
            .collect()
    };
    let (ours, theirs) = (by_name(draft), by_name(spec));
    let names: std::collections::BTreeSet<&String> = ours.keys().chain(theirs.keys()).collect();
    for name in names {
        let full = format!("{prefix}{name}");
        let topic = |attribute| Topic::Argument {
            name: full.clone(),
            attribute,
        };
        let (Some(a), Some(b)) = (ours.get(name), theirs.get(name)) else {
            differ(
                topic(UpstreamAttribute::Presence),
                Value::Bool(ours.contains_key(name)),
                Value::Bool(theirs.contains_key(name)),
            );
            continue;
        };
        let flag = |f: &Value| Value::Bool(f["required"].as_bool().unwrap_or(false));
        differ(topic(UpstreamAttribute::Required), flag(a), flag(b));
        differ(
            topic(UpstreamAttribute::Description),
            a["description"].clone(),
            b["description"].clone(),
        );
        differ(
            topic(UpstreamAttribute::Default),
            a["default"].clone(),
            b["default"].clone(),
        );
        for attribute in UpstreamAttribute::ALL.into_iter().skip(5) {
            differ(
                topic(attribute),
                a["constraints"][attribute.name()].clone(),
                b["constraints"][attribute.name()].clone(),
            );
        }
        let object =
            |objects: &[Value], ty: &Value| objects.iter().find(|o| o["name"] == *ty).cloned();
        match (
            object(draft_objects, &a["type"]),
            object(spec_objects, &b["type"]),
        ) {
            // Object names are the spec's to choose; their properties are compared.
            (Some(x), Some(y)) if prefix.is_empty() => fields(
                &format!("{full}."),
                &x["fields"],
                &y["fields"],
                draft_objects,
                spec_objects,
                differ,
            ),
            _ => differ(
                topic(UpstreamAttribute::Type),
                a["type"].clone(),
                b["type"].clone(),
            ),
        }
    }
}

/// Each difference between the drafts of `upstream_dir` (Slack's method JSON, and SlackKit's
/// docs in its `slackkit/` directory when there is one) and the spec in `spec_dir`, with the
/// reason the spec records for it (a decision, or the notes of a `differs_from_upstream` entry,
/// as `cargo xtask docs-audit` accepts it), or `None` when it records none.
fn explained(spec_dir: &Path, upstream_dir: &Path) -> Vec<(Difference, Option<String>)> {
    let spec = codegen::load::load(spec_dir).unwrap_or_else(|e| panic!("{e}"));
    let audit = docs_audit::audit(&spec, upstream_dir).unwrap();
    let known = Known::of(&spec);
    let shared: Vec<Value> = serde_json::from_str::<Value>(
        &fs::read_to_string(spec_dir.join("shared/objects.json")).unwrap(),
    )
    .unwrap()["objects"]
        .as_array()
        .unwrap()
        .clone();
    let mut sources = json_files(upstream_dir);
    if upstream_dir.join("slackkit").is_dir() {
        sources.extend(json_files(&upstream_dir.join("slackkit")));
    }
    let mut all = Vec::new();
    for source in sources {
        let draft = import::import_file(&source, &known).unwrap();
        let committed: Value = serde_json::from_str(
            &fs::read_to_string(spec_dir.join(format!("methods/{}.json", draft.name))).unwrap(),
        )
        .unwrap();
        for difference in differences(&draft_value(&draft), &committed, &shared) {
            let reason = audit
                .findings
                .iter()
                .find(|f| f.method == difference.method && f.topic == difference.topic)
                .and_then(|f| f.reason().map(str::to_owned));
            all.push((difference, reason));
        }
    }
    all
}

/// Whether the draft left the value to the maintainer (the source states nothing usable).
fn undecided(difference: &Difference) -> bool {
    difference
        .draft
        .as_str()
        .is_some_and(import::draft::is_todo)
}

#[test]
fn importing_upstream_reproduces_the_spec_but_for_recorded_decisions() {
    let all = explained(&spec_dir(), &upstream_dir());
    let mut unexplained = Vec::new();
    for (difference, reason) in &all {
        match reason {
            Some(reason) => println!(
                "{}: {}: draft {}, spec {}: {reason}",
                difference.method, difference.topic, difference.draft, difference.spec
            ),
            // Not a contradiction: the source states nothing the importer can use (a SlackKit
            // argument without a type, no HTTP verb), so the draft leaves it to the maintainer.
            None if undecided(difference) => println!(
                "{}: {}: the source leaves it undecided; the spec says {}",
                difference.method, difference.topic, difference.spec
            ),
            None => unexplained.push(format!("{difference:?}")),
        }
    }
    assert!(
        unexplained.is_empty(),
        "differences the spec records no decision for:\n{}",
        unexplained.join("\n")
    );
    // The drafts do differ where the spec decided otherwise, e.g. the one-recipient rule.
    let topics: Vec<String> = all
        .iter()
        .map(|(d, _)| format!("{}: {}", d.method, d.topic))
        .collect();
    for expected in [
        "conversations.inviteShared: argument emails max_items",
        "conversations.requestSharedInvite.list: argument user_id type",
        "conversations.declineSharedInvite: http_method",
    ] {
        assert!(
            topics.iter().any(|t| t == expected),
            "{expected} in {topics:#?}"
        );
    }
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn a_difference_the_spec_does_not_record_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&spec_dir(), dir.path());
    let edit = |method: &str, change: &dyn Fn(&mut Value)| {
        let file = dir.path().join(format!("methods/{method}.json"));
        let mut value: Value = serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
        change(&mut value);
        fs::write(&file, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    };
    edit("conversations.approveSharedInvite", &|m| {
        m["arguments"][1]["required"] = Value::Bool(true)
    });
    edit("conversations.inviteShared", &|m| {
        m["rate_limit_tier"] = json!("tier4")
    });
    let all = explained(dir.path(), &dir.path().join("upstream"));
    let unexplained: Vec<String> = all
        .into_iter()
        .filter(|(d, reason)| reason.is_none() && !undecided(d))
        .map(|(d, _)| format!("{}: {}", d.method, d.topic))
        .collect();
    assert_eq!(
        unexplained,
        [
            "conversations.approveSharedInvite: argument target_team required",
            "conversations.inviteShared: rate_limit_tier",
        ]
    );
}

/// Replaces each marker with a value its position accepts, as a maintainer would: a field's
/// type by what the marker says (`response_metadata` for the field of that name).
fn decide(value: &mut Value, key: &str) {
    match value {
        Value::String(text) if import::draft::is_todo(text) => {
            *value = match key {
                "type" if text.contains("`response_metadata`") => json!("response_metadata"),
                "type" if text.contains("array") => json!("array<string>"),
                "type" => json!("string"),
                "http_method" => json!("POST"),
                "rate_limit_tier" => json!("tier2"),
                _ => json!("Decided."),
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| decide(item, key)),
        Value::Object(map) => map.iter_mut().for_each(|(k, v)| decide(v, k)),
        _ => {}
    }
}

#[test]
fn drafts_are_rejected_until_decided_and_valid_once_decided() {
    let sources = upstream_files()
        .into_iter()
        .chain(json_files(&slackkit_dir()));
    for source in sources {
        let draft = draft_of(&source);
        let todos = draft.todos();
        assert!(
            !todos.is_empty(),
            "{}: an encoding reason is always the maintainer's",
            draft.name
        );
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&spec_dir(), dir.path());
        let file = dir.path().join(format!("methods/{}.json", draft.name));
        fs::write(&file, draft.to_json()).unwrap();
        let errors = codegen::load::load(dir.path()).expect_err("a draft with markers is rejected");
        let relative = format!("methods/{}.json", draft.name);
        let reported: Vec<(String, String)> = errors
            .0
            .iter()
            .map(|e| (e.file.clone(), e.path.clone()))
            .collect();
        let expected: Vec<(String, String)> = todos
            .iter()
            .map(|(at, _)| (relative.clone(), at.clone()))
            .collect();
        assert_eq!(reported, expected, "{}", errors);
        assert!(errors
            .0
            .iter()
            .all(|e| e.message.starts_with("undecided: \"TODO: ")));

        if draft.response.notes.is_some() {
            // No response in the source: the maintainer writes it; nothing to decide by rote.
            continue;
        }
        let mut decided = draft_value(&draft);
        decide(&mut decided, "");
        fs::write(&file, serde_json::to_string_pretty(&decided).unwrap()).unwrap();
        let spec = codegen::load::load(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        codegen::validate::validate(&spec).unwrap_or_else(|e| panic!("{}: {e}", draft.name));
    }
}

#[test]
fn slackkit_docs_become_drafts() {
    let set = draft_value(&draft_of(
        &slackkit_dir().join("conversations.externalInvitePermissions.set.json"),
    ));
    assert_eq!(set["rate_limit_tier"], "tier2");
    assert_eq!(
        set["scopes"],
        json!({"bot": ["conversations.connect:manage"]})
    );
    let action = &set["arguments"][0];
    assert_eq!(action["name"], "action");
    assert_eq!(action["type"], "string");
    assert_eq!(action["required"], true);
    assert_eq!(
        action["constraints"]["allowed_values"],
        json!(["upgrade", "downgrade"])
    );
    // No type in the source: the maintainer decides, with the example to go by.
    let channel = &set["arguments"][1];
    assert_eq!(channel["name"], "channel");
    assert_eq!(
        channel["type"],
        "TODO: type of `channel`: the source gives none (its example is \"C123456\")"
    );
    assert!(set["http_method"].as_str().unwrap().starts_with("TODO: "));
    assert!(set["response"]["notes"]
        .as_str()
        .unwrap()
        .starts_with("TODO: "));
    let codes: Vec<&str> = set["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "channel_not_found",
            "invalid_action",
            "invalid_target_team",
            "not_supported",
            "restricted_action"
        ]
    );
    assert_eq!(
        set["errors"][1]["description"],
        "The user did not provid a valid action. Valid actions are 'upgrade' or 'downgrade'."
    );

    let list = draft_value(&draft_of(
        &slackkit_dir().join("team.externalTeams.list.json"),
    ));
    assert_eq!(
        list["scopes"]["bot"],
        json!(["conversations.connect:manage", "team:read"])
    );
    let limit = list["arguments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "limit")
        .unwrap();
    assert_eq!(
        limit["default"],
        json!(20),
        "the source's \"20\" read as the integer it is"
    );
    let prefs = list["arguments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "slack_connect_pref_filter")
        .unwrap();
    // An array whose values the description lists holds those strings.
    assert_eq!(prefs["type"], "array<string>");
    assert_eq!(
        prefs["constraints"]["allowed_values"][0],
        "approved_orgs_only"
    );
    assert_eq!(
        prefs["description"],
        "Filters connected orgs by Slack Connect pref override(s)."
    );
    let workspaces = list["arguments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "workspace_filter")
        .unwrap();
    assert!(workspaces["type"].as_str().unwrap().starts_with(
        "TODO: type of `workspace_filter`: an array; the source does not say of what"
    ));
    assert_eq!(list["pagination"]["cursor_argument"], "cursor");
    assert_eq!(list["pagination"]["limit_argument"], "limit");
    assert!(list["pagination"]["items_field"]
        .as_str()
        .unwrap()
        .starts_with("TODO: "));
}

fn write_source(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    path
}

#[test]
fn bad_sources_are_typed_errors_naming_file_and_path() {
    let dir = tempfile::tempdir().unwrap();
    let known = known();
    let missing = dir.path().join("a.b.json");
    assert!(matches!(
        import::import_file(&missing, &known),
        Err(ImportError::Read { .. })
    ));
    let cases: [(&str, &str, &str); 6] = [
        ("x.y.json", "{\"args\": ", "x.y.json: not JSON: "),
        ("x.y.json", "[1, 2]", "x.y.json: not a method description the importer reads: expected a JSON object"),
        ("x.y.json", "{\"desc\": \"d\"}", "x.y.json: not a method description the importer reads: no `args`"),
        (
            "x.y.json",
            "{\"rate_limits\": \"t2\", \"args\": {\"type\": \"object\", \"properties\": {\"a\": 5}}}",
            "x.y.json: at `args.properties.a`: expected a JSON schema object, found a number",
        ),
        (
            "x.y.json",
            "{\"rate_limit\": {\"label\": \"Tier 2\"}, \"args\": {}, \"errors\": {\"bad code\": \"x\"}}",
            "x.y.json: at `errors.bad code`: `bad code` is not an error code",
        ),
        (
            "x.y.json",
            "{\"rate_limit\": {}, \"args\": {\"a\": {\"required\": \"yes\"}}}",
            "x.y.json: at `args.a.required`: expected a boolean, found a string",
        ),
    ];
    for (name, text, expected) in cases {
        let path = write_source(dir.path(), name, text);
        let error = import::import_file(&path, &known)
            .expect_err(text)
            .to_string();
        let shown = error.replace(&format!("{}/", dir.path().display()), "");
        assert!(
            shown.starts_with(expected),
            "{shown}\n  expected {expected}"
        );
    }
    for bad_name in ["nodots.json", "a..b.json", "a.b.txt", "1a.b.json"] {
        let path = write_source(dir.path(), bad_name, "{}");
        assert!(
            matches!(
                import::import_file(&path, &known),
                Err(ImportError::BadName { .. })
            ),
            "{bad_name}"
        );
    }
    let no_spec = Known::read(dir.path()).unwrap_err().to_string();
    assert!(
        no_spec.starts_with("shared/ids.json: at `.`: cannot read: "),
        "{no_spec}"
    );
    let spec = codegen::load::load(&spec_dir()).unwrap();
    let of_spec = Known::of(&spec);
    assert_eq!(
        (of_spec.ids, of_spec.objects, of_spec.common_errors),
        (
            known.ids.clone(),
            known.objects.clone(),
            known.common_errors.clone()
        )
    );
    let first = write_source(dir.path(), "m.x.json", "{\"args\": {}, \"scopes\": {}}");
    let twice = import::import_files(&[first.clone(), first], &known);
    assert!(matches!(twice, Err(ImportError::Duplicate { method, .. }) if method == "m.x"));
}

#[test]
fn writing_never_overwrites_unless_forced_and_writes_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("methods");
    let files = upstream_files();
    let drafts = import::import_files(&files[..2], &known()).unwrap();
    fs::create_dir_all(&out).unwrap();
    let second = out.join(format!("{}.json", drafts[1].name));
    fs::write(&second, "maintained by hand\n").unwrap();

    let error = import::write_drafts(&drafts, &out, false).unwrap_err();
    assert!(
        matches!(&error, ImportError::Exists { path } if *path == second),
        "{error}"
    );
    assert!(error
        .to_string()
        .ends_with("already exists; pass --force to overwrite it"));
    assert_eq!(fs::read_to_string(&second).unwrap(), "maintained by hand\n");
    let names: Vec<_> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "nothing else written: {names:?}");

    let written = import::write_drafts(&drafts, &out, true).unwrap();
    assert_eq!(written.len(), 2);
    assert!(!written[0].replaced && written[1].replaced);
    assert_eq!(
        written[0].todos,
        drafts[0]
            .todos()
            .into_iter()
            .map(|(at, _)| at)
            .collect::<Vec<_>>()
    );
    for draft in &drafts {
        let text = fs::read_to_string(out.join(format!("{}.json", draft.name))).unwrap();
        assert_eq!(text, draft.to_json());
    }
    let names: Vec<_> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "no temporary file left: {names:?}");
}

#[test]
fn a_failed_write_takes_back_the_files_it_created() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("methods");
    let drafts = import::import_files(&upstream_files()[..2], &known()).unwrap();
    // The second target is a directory with something in it: nothing can be moved over it.
    let blocker = out.join(format!("{}.json", drafts[1].name));
    fs::create_dir_all(blocker.join("inside")).unwrap();

    let error = import::write_drafts(&drafts, &out, true).unwrap_err();
    assert!(
        matches!(&error, ImportError::Write { path, .. } if *path == blocker),
        "{error}"
    );
    let mut names: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [format!("{}.json", drafts[1].name)],
        "the first draft is taken back, no temporary file is left"
    );
}
