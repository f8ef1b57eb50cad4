//! `cargo xtask docs-audit`: the spec against Slack's machine-readable method reference.
//!
//! The current snapshot (`spec/upstream/`) must leave no unacknowledged difference. The dated
//! copies in `reference/slack-method-json/` do not change when the snapshot is refreshed: the
//! 2026-08-20 one shows the known disagreements, the 2025-09-06 one the changes Slack made in
//! between, and edited copies of the 2026-08-20 one in a temporary directory show that new facts
//! upstream are caught as drift.

use std::fs;
use std::path::{Path, PathBuf};

use codegen::docs_audit::{audit, Finding, Report};
use codegen::model::Spec;
use serde_json::{json, Value};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn spec() -> Spec {
    let spec = codegen::load::load(&root().join("spec")).unwrap_or_else(|e| panic!("{e}"));
    codegen::validate::validate(&spec).unwrap_or_else(|e| panic!("{e}"));
    spec
}

fn upstream() -> PathBuf {
    root().join(codegen::docs_audit::UPSTREAM_DIR)
}

fn dated(date: &str) -> PathBuf {
    root().join("reference/slack-method-json").join(date)
}

fn find<'a>(report: &'a Report, method: &str, topic: &str) -> Option<&'a Finding> {
    report
        .findings
        .iter()
        .find(|f| f.method == method && f.topic == topic)
}

fn drift(report: &Report) -> Vec<String> {
    report
        .drift()
        .map(|f| format!("{} / {}", f.method, f.topic))
        .collect()
}

/// A copy of the 2026-08-20 snapshot in a temporary directory, each file passed through `edit`.
fn edited_copy(edit: impl Fn(&str, &mut Value)) -> tempfile::TempDir {
    let copy = tempfile::tempdir().expect("temp dir");
    for entry in fs::read_dir(dated("2026-08-20")).unwrap().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "json") {
            let mut value: Value =
                serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
            let method = path.file_stem().unwrap().to_string_lossy().into_owned();
            edit(&method, &mut value);
            let target = copy.path().join(path.file_name().unwrap());
            fs::write(target, serde_json::to_string_pretty(&value).unwrap()).unwrap();
        }
    }
    copy
}

#[test]
fn the_current_snapshot_leaves_no_unacknowledged_difference() {
    let report = audit(&spec(), &upstream()).unwrap();
    assert!(report.is_clean(), "{}", report.render());
    assert_eq!(report.methods.len(), 8);
}

/// The known disagreements with the 2026-08-20 snapshot (the one `spec/upstream` holds as this
/// is written) are found, each with the spec's reason.
#[test]
fn the_2026_snapshot_shows_the_known_disagreements_with_their_reasons() {
    let report = audit(&spec(), &dated("2026-08-20")).unwrap();
    assert!(report.is_clean(), "{}", report.render());
    let decline = find(&report, "conversations.declineSharedInvite", "http_method").unwrap();
    assert_eq!(decline.detail, "upstream GET, spec POST");
    assert!(decline.reason.as_deref().unwrap().starts_with("POST"));
    let user_id = find(
        &report,
        "conversations.requestSharedInvite.list",
        "argument user_id type",
    )
    .unwrap();
    assert_eq!(user_id.detail, "upstream enterprise_user_id, spec user_id");
    assert!(user_id
        .reason
        .as_deref()
        .unwrap()
        .contains("enterprise_user_id"));
    // The snapshot says POST for inviteShared, as the spec does, and uses today's scope format.
    assert!(find(&report, "conversations.inviteShared", "http_method").is_none());
    assert!(report.findings.iter().all(|f| f.topic != "scope format"));
}

#[test]
fn the_report_is_grouped_by_method_and_shows_each_reason() {
    let report = audit(&spec(), &dated("2026-08-20")).unwrap();
    let text = report.render();
    assert!(text.contains("\nconversations.approveSharedInvite: no differences\n"));
    assert!(text.contains(
        "\nconversations.declineSharedInvite\n  acknowledged  http_method: upstream GET, spec POST\n                reason: POST, although"
    ));
    let summary = format!(
        "{0} difference(s): {0} acknowledged, 0 drift\n",
        report.findings.len()
    );
    assert!(text.ends_with(&summary), "{text}");
}

#[test]
fn the_older_snapshot_shows_the_verb_change_and_the_legacy_scope_format() {
    let report = audit(&spec(), &dated("2025-09-06")).unwrap();
    // inviteShared was GET a year earlier; the spec's http_method decision acknowledges it.
    let verb = find(&report, "conversations.inviteShared", "http_method").unwrap();
    assert_eq!(verb.detail, "upstream GET, spec POST");
    assert!(verb.acknowledged());
    // Every file used an older scope format; the scopes themselves still agree.
    for method in &report.methods {
        let format = find(&report, method, "scope format")
            .unwrap_or_else(|| panic!("{method}: no scope format finding"));
        assert!(!format.acknowledged());
        assert!(find(&report, method, "scopes").is_none(), "{method}");
    }
    let invite = find(&report, "conversations.inviteShared", "scope format").unwrap();
    assert!(
        invite.detail.contains("scope_by_token_type"),
        "{}",
        invite.detail
    );
    let list = find(&report, "conversations.listConnectInvites", "scope format").unwrap();
    assert!(
        list.detail.contains("with no token type"),
        "{}",
        list.detail
    );
    // The reworded target_team description is found too, acknowledged by the argument's notes.
    let reworded = find(
        &report,
        "conversations.approveSharedInvite",
        "argument target_team description",
    )
    .unwrap();
    assert!(reworded.acknowledged());
    // The scope format is the only drift.
    assert!(report.drift().all(|f| f.topic == "scope format"));
    assert_eq!(report.drift().count(), 8);
}

#[test]
fn a_new_error_code_and_a_new_required_argument_upstream_are_drift() {
    let copy = edited_copy(|method, value| {
        if method == "conversations.inviteShared" {
            value["errors"]["channel_is_frozen"] = json!({"desc": "The channel is frozen."});
            value["args"]["properties"]["reason"] =
                json!({"type": "string", "desc": "Why the channel is shared."});
            value["args"]["required"]
                .as_array_mut()
                .unwrap()
                .push(json!("reason"));
        }
    });
    let report = audit(&spec(), copy.path()).unwrap();
    assert_eq!(
        drift(&report),
        [
            "conversations.inviteShared / argument reason",
            "conversations.inviteShared / error channel_is_frozen",
        ]
    );
    assert_eq!(
        find(&report, "conversations.inviteShared", "argument reason")
            .unwrap()
            .detail,
        "upstream (string, required), not in the spec"
    );
}

#[test]
fn changed_facts_about_known_items_are_drift() {
    let copy = edited_copy(|method, value| match method {
        "conversations.acceptSharedInvite" => {
            // An optional argument becomes required; a documented code disappears.
            let required = value["args"]["required"].as_array_mut().unwrap();
            required.push(json!("is_private"));
            value["errors"]
                .as_object_mut()
                .unwrap()
                .remove("invite_used");
        }
        "conversations.requestSharedInvite.list" => {
            value["rate_limits"] = json!("t3");
            value["args"]["properties"]["limit"]["maximum"] = json!(500.0);
            value["args"]["properties"]["include_expired"]["enum"] = json!([false]);
            value["args"]["properties"]["include_denied"]["type"] = json!("string");
            value["args"]["properties"]["cursor"]["maxLength"] = json!(256);
            value["output"]["properties"]["total"] = json!({"type": "integer"});
        }
        "conversations.requestSharedInvite.deny" => {
            value["desc"] = json!("Denies a request to invite an external user to a workspace");
            value["json_input_supported"] = json!(false);
            value["scope"]["user"] = json!(["conversations.connect:manage"]);
        }
        _ => {}
    });
    let report = audit(&spec(), copy.path()).unwrap();
    assert_eq!(
        drift(&report),
        [
            "conversations.acceptSharedInvite / argument is_private required",
            "conversations.acceptSharedInvite / error invite_used",
            "conversations.requestSharedInvite.deny / description",
            "conversations.requestSharedInvite.deny / scopes",
            "conversations.requestSharedInvite.deny / content_types",
            "conversations.requestSharedInvite.list / rate_limit_tier",
            "conversations.requestSharedInvite.list / argument cursor max_length",
            "conversations.requestSharedInvite.list / argument include_denied type",
            "conversations.requestSharedInvite.list / argument include_expired allowed_values",
            "conversations.requestSharedInvite.list / argument limit maximum",
            "conversations.requestSharedInvite.list / response total",
        ]
    );
    let gone = find(
        &report,
        "conversations.acceptSharedInvite",
        "error invite_used",
    )
    .unwrap();
    assert_eq!(gone.detail, "in the spec, not upstream");
    let bound = find(
        &report,
        "conversations.requestSharedInvite.list",
        "argument limit maximum",
    )
    .unwrap();
    assert_eq!(bound.detail, "upstream 500, spec 1000");
}

#[test]
fn a_spec_edit_without_a_reason_is_drift() {
    let mut spec = spec();
    let list = &mut spec
        .methods
        .get_mut("conversations.requestSharedInvite.list")
        .unwrap()
        .value;
    list.errors.retain(|e| e.code != "invalid_cursor");
    let limit = list
        .arguments
        .iter_mut()
        .find(|a| a.name == "limit")
        .unwrap();
    limit.constraints.maximum = Some(500);
    list.rate_limit_tier = codegen::model::RateLimitTier::Tier3;
    let report = audit(&spec, &dated("2026-08-20")).unwrap();
    assert_eq!(
        drift(&report),
        [
            "conversations.requestSharedInvite.list / rate_limit_tier",
            "conversations.requestSharedInvite.list / argument limit maximum",
            "conversations.requestSharedInvite.list / error invalid_cursor",
        ]
    );
}

#[test]
fn notes_acknowledge_only_the_attributes_their_item_lists() {
    // `emails` has notes and lists `min_items` and `max_items` as deliberate differences; Slack
    // making it required is a new difference the notes do not cover.
    let copy = edited_copy(|method, value| {
        if method == "conversations.inviteShared" {
            value["args"]["required"]
                .as_array_mut()
                .unwrap()
                .push(json!("emails"));
        }
    });
    let report = audit(&spec(), copy.path()).unwrap();
    assert_eq!(
        drift(&report),
        ["conversations.inviteShared / argument emails required"]
    );
    let listed = find(
        &report,
        "conversations.inviteShared",
        "argument emails max_items",
    )
    .unwrap();
    assert!(listed.acknowledged(), "{listed:?}");
}

#[test]
fn a_decision_on_the_topic_acknowledges_a_finding() {
    let mut spec = spec();
    let list = &mut spec
        .methods
        .get_mut("conversations.requestSharedInvite.list")
        .unwrap()
        .value;
    list.rate_limit_tier = codegen::model::RateLimitTier::Tier3;
    list.decisions.push(codegen::model::Decision {
        topic: "rate_limit_tier".into(),
        decision: "Tier 3, as measured.".into(),
        sources: vec![],
    });
    let report = audit(&spec, &dated("2026-08-20")).unwrap();
    assert!(report.is_clean(), "{}", report.render());
    let tier = find(
        &report,
        "conversations.requestSharedInvite.list",
        "rate_limit_tier",
    )
    .unwrap();
    assert_eq!(tier.detail, "upstream t2, spec tier3");
    assert_eq!(tier.reason.as_deref(), Some("Tier 3, as measured."));
}

#[test]
fn methods_on_one_side_only_are_drift() {
    let copy = edited_copy(|_, _| {});
    fs::remove_file(copy.path().join("conversations.inviteShared.json")).unwrap();
    fs::write(
        copy.path().join("conversations.archiveShared.json"),
        r#"{"desc": "Archives", "http_method": "POST"}"#,
    )
    .unwrap();
    let report = audit(&spec(), copy.path()).unwrap();
    assert_eq!(
        drift(&report),
        [
            "conversations.archiveShared / method",
            "conversations.inviteShared / method",
        ]
    );
}

#[test]
fn oddly_shaped_files_are_read_without_panicking() {
    let copy = tempfile::tempdir().unwrap();
    let odd = [
        json!({}),
        json!({"args": "none", "errors": [], "output": 3, "scope": 7, "rate_limits": 2}),
        json!({"args": {"properties": {"x": 1, "y": {"type": ["string", "null"]}}, "required": "x"}}),
        json!({"scope_by_token_type": "bot", "json_input_supported": "yes", "errors": {"e": 1}}),
    ];
    for (i, value) in odd.iter().enumerate() {
        let method = [
            "conversations.acceptSharedInvite",
            "conversations.inviteShared",
            "conversations.listConnectInvites",
            "conversations.requestSharedInvite.deny",
        ][i];
        fs::write(
            copy.path().join(format!("{method}.json")),
            value.to_string(),
        )
        .unwrap();
    }
    let report = audit(&spec(), copy.path()).unwrap();
    assert!(!report.is_clean());
    let _ = report.render();
}

#[test]
fn bad_snapshots_are_errors_naming_the_file() {
    let spec = spec();
    let missing = root().join("reference/slack-method-json/1999-01-01");
    let error = audit(&spec, &missing).unwrap_err().to_string();
    assert!(error.contains("1999-01-01"), "{error}");

    let empty = tempfile::tempdir().unwrap();
    let error = audit(&spec, empty.path()).unwrap_err().to_string();
    assert!(error.contains("no <method>.json files"), "{error}");

    let bad = edited_copy(|_, _| {});
    fs::write(
        bad.path().join("conversations.inviteShared.json"),
        "{\"desc\": ",
    )
    .unwrap();
    let error = audit(&spec, bad.path()).unwrap_err().to_string();
    assert!(
        error.contains("conversations.inviteShared.json: not JSON"),
        "{error}"
    );

    fs::write(bad.path().join("conversations.inviteShared.json"), "[1, 2]").unwrap();
    let error = audit(&spec, bad.path()).unwrap_err().to_string();
    assert!(
        error.contains("conversations.inviteShared.json: not a method reference"),
        "{error}"
    );
}

#[test]
fn an_invalid_spec_stops_the_audit() {
    let spec_dir = tempfile::tempdir().unwrap();
    fs::create_dir(spec_dir.path().join("methods")).unwrap();
    let error = codegen::docs_audit::run(spec_dir.path(), &upstream()).unwrap_err();
    assert!(matches!(error, codegen::GenerateError::Spec(_)), "{error}");
}

#[test]
fn the_loader_leaves_the_snapshot_alone() {
    // spec/upstream holds Slack's files, not spec files: the spec loads with it present.
    assert!(upstream().join("conversations.inviteShared.json").is_file());
    assert_eq!(spec().methods.len(), 8);
}

/// The README's sample output (lines after `$ cargo xtask docs-audit ...`, `...` for lines left
/// out) is what the audit prints, in that order.
#[test]
fn the_readme_sample_is_real_output() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    // The maintainer-loop example before this section audits an edited snapshot; it is checked
    // in xtask/tests/spec_diff.rs.
    let section = readme
        .find("### Refreshing the upstream snapshot")
        .expect("README section");
    let spec = spec();
    let mut samples = 0;
    let mut lines = readme[section..].lines().peekable();
    while let Some(line) = lines.next() {
        let Some(args) = line.strip_prefix("$ cargo xtask docs-audit") else {
            continue;
        };
        let dir = match args.split_whitespace().collect::<Vec<_>>().as_slice() {
            [] => codegen::docs_audit::UPSTREAM_DIR,
            ["--upstream", dir] => *dir,
            other => panic!("README: unexpected arguments {other:?}"),
        };
        let mut report = audit(&spec, &root().join(dir)).unwrap();
        // As the command shows it: relative to the workspace root.
        report.upstream_dir = PathBuf::from(dir);
        let output = report.render();
        let mut rendered = output.lines();
        while let Some(sample) = lines.next_if(|l| !l.starts_with('$') && !l.starts_with("```")) {
            if sample == "..." {
                continue;
            }
            assert!(
                rendered.any(|l| l == sample),
                "README sample line not in the output (or out of order): {sample:?}\n{output}"
            );
        }
        samples += 1;
    }
    assert!(samples > 0, "README shows no docs-audit output");
}
