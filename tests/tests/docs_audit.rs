//! `cargo xtask docs-audit`: the spec against Slack's machine-readable method reference.
//!
//! The current snapshot (`spec/upstream/`) must leave no unacknowledged difference. The dated
//! copies in `reference/slack-method-json/` do not change when the snapshot is refreshed: the
//! 2026-08-20 one shows the known disagreements, the 2025-09-06 one the changes Slack made in
//! between, and edited copies of the current snapshot in a temporary directory show that new
//! facts upstream, and changed values of facts the spec acknowledged, are caught as drift, and
//! that acknowledgements matching nothing are reported as stale.

use std::fs;
use std::path::{Path, PathBuf};

use codegen::docs_audit::{audit, Finding, Report, Status};
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
        .find(|f| f.method == method && f.topic.to_string() == topic)
}

/// The report's stale acknowledgements, as printed.
fn stale(report: &Report) -> Vec<String> {
    report.stale.iter().map(ToString::to_string).collect()
}

fn drift(report: &Report) -> Vec<String> {
    report
        .drift()
        .map(|f| format!("{} / {}", f.method, f.topic))
        .collect()
}

/// A copy of the current snapshot (`spec/upstream`) in a temporary directory, each file passed
/// through `edit`.
fn edited_copy(edit: impl Fn(&str, &mut Value)) -> tempfile::TempDir {
    let copy = tempfile::tempdir().expect("temp dir");
    for entry in fs::read_dir(upstream()).unwrap().flatten() {
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
    // SlackKit's docs for the methods Slack's method JSON is not stored for, unchanged.
    let kit = copy.path().join("slackkit");
    fs::create_dir(&kit).unwrap();
    for entry in fs::read_dir(upstream().join("slackkit")).unwrap().flatten() {
        fs::copy(entry.path(), kit.join(entry.file_name())).unwrap();
    }
    copy
}

#[test]
fn the_current_snapshot_leaves_no_unacknowledged_difference() {
    let report = audit(&spec(), &upstream()).unwrap();
    assert!(report.is_clean(), "{}", report.render());
    assert!(report.stale.is_empty());
    assert_eq!(report.methods.len(), 14);
    // The five methods without Slack's method JSON are compared with SlackKit's docs.
    assert_eq!(
        report.from_slackkit,
        [
            "admin.conversations.disconnectShared",
            "conversations.externalInvitePermissions.set",
            "team.externalTeams.disconnect",
            "team.externalTeams.list",
            "users.discoverableContacts.lookup",
        ]
    );
    assert!(report.no_upstream.is_empty());
}

/// The known disagreements with the 2026-08-20 snapshot (the one `spec/upstream` holds as this
/// is written) are found, each with the spec's reason.
#[test]
fn the_2026_snapshot_shows_the_known_disagreements_with_their_reasons() {
    let report = audit(&spec(), &dated("2026-08-20")).unwrap();
    assert!(report.is_clean(), "{}", report.render());
    let decline = find(&report, "conversations.declineSharedInvite", "http_method").unwrap();
    assert_eq!(decline.detail, "upstream GET, spec POST");
    assert!(decline.reason().unwrap().starts_with("POST"));
    let user_id = find(
        &report,
        "conversations.requestSharedInvite.list",
        "argument user_id type",
    )
    .unwrap();
    assert_eq!(user_id.detail, "upstream enterprise_user_id, spec user_id");
    assert!(user_id.reason().unwrap().contains("enterprise_user_id"));
    // The snapshot says POST for inviteShared, as the spec does, and uses today's scope format.
    assert!(find(&report, "conversations.inviteShared", "http_method").is_none());
    assert!(report
        .findings
        .iter()
        .all(|f| f.topic != codegen::docs_audit::Topic::ScopeFormat));
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
        "{0} difference(s): {0} acknowledged, 0 drift; 0 stale acknowledgement(s)\n",
        report.findings.len()
    );
    assert!(text.ends_with(&summary), "{text}");
}

#[test]
fn the_older_snapshot_shows_the_verb_change_and_the_legacy_scope_format() {
    let report = audit(&spec(), &dated("2025-09-06")).unwrap();
    // inviteShared was GET a year earlier; the spec's http_method decision pins today's POST,
    // so the older value is drift, naming both.
    let verb = find(&report, "conversations.inviteShared", "http_method").unwrap();
    assert_eq!(
        verb.to_string(),
        "DRIFT: conversations.inviteShared: http_method: upstream GET, spec POST; \
         acknowledged for upstream POST, upstream now GET"
    );
    // Every file used an older scope format; the scopes themselves still agree.
    for method in report
        .methods
        .iter()
        .filter(|m| !report.no_upstream.contains(m))
    {
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
    // The older target_team wording is found too: the spec follows today's wording, so
    // nothing acknowledges the old one.
    let reworded = find(
        &report,
        "conversations.approveSharedInvite",
        "argument target_team description",
    )
    .unwrap();
    assert_eq!(reworded.status, Status::Drift);
    // Besides those two, the scope format is the only drift.
    assert_eq!(
        report
            .drift()
            .filter(|f| f.topic.to_string() != "scope format")
            .count(),
        2
    );
    assert_eq!(report.drift().count(), 10);
    assert!(report.stale.is_empty());
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
            "conversations.requestSharedInvite.deny / user scopes",
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

/// A method's decision on `topic`, pinned to `upstream` when given.
fn decide(spec: &mut Spec, method: &str, topic: &str, upstream: Option<Value>) {
    let method = &mut spec.methods.get_mut(method).unwrap().value;
    method.decisions.push(codegen::model::Decision {
        topic: topic.into(),
        decision: "Tier 3, as measured.".into(),
        sources: vec![],
        upstream,
    });
}

#[test]
fn a_decision_acknowledges_a_finding_only_for_the_upstream_value_it_pins() {
    let mut spec = spec();
    let list = "conversations.requestSharedInvite.list";
    spec.methods.get_mut(list).unwrap().value.rate_limit_tier =
        codegen::model::RateLimitTier::Tier3;
    decide(&mut spec, list, "rate_limit_tier", Some(json!("tier2")));
    let report = audit(&spec, &upstream()).unwrap();
    assert!(report.is_clean(), "{}", report.render());
    let tier = find(&report, list, "rate_limit_tier").unwrap();
    assert_eq!(tier.detail, "upstream t2, spec tier3");
    assert_eq!(tier.reason(), Some("Tier 3, as measured."));

    // Pinned to another value, the same decision acknowledges nothing.
    let mut spec = self::spec();
    spec.methods.get_mut(list).unwrap().value.rate_limit_tier =
        codegen::model::RateLimitTier::Tier3;
    decide(&mut spec, list, "rate_limit_tier", Some(json!("tier1")));
    let report = audit(&spec, &upstream()).unwrap();
    assert_eq!(
        find(&report, list, "rate_limit_tier").unwrap().to_string(),
        "DRIFT: conversations.requestSharedInvite.list: rate_limit_tier: upstream t2, spec tier3; \
         acknowledged for upstream tier1, upstream now tier2"
    );
}

#[test]
fn the_verb_reverting_to_get_or_moving_to_put_is_drift_naming_the_pinned_verb() {
    for verb in ["GET", "PUT"] {
        let copy = edited_copy(|method, value| {
            if method == "conversations.inviteShared" {
                value["http_method"] = json!(verb);
            }
        });
        let report = audit(&spec(), copy.path()).unwrap();
        assert_eq!(
            drift(&report),
            ["conversations.inviteShared / http_method"],
            "{verb}"
        );
        let finding = find(&report, "conversations.inviteShared", "http_method").unwrap();
        assert_eq!(
            finding.to_string(),
            format!(
                "DRIFT: conversations.inviteShared: http_method: upstream {verb}, spec POST; \
                 acknowledged for upstream POST, upstream now {verb}"
            )
        );
        assert_eq!(
            finding.status,
            Status::Changed {
                pinned: json!("POST"),
                reason: decision_text("conversations.inviteShared", "http_method"),
            }
        );
    }
    // declineSharedInvite differs on purpose (POST where upstream says GET); upstream moving
    // to PUT is a difference the decision never accepted.
    let copy = edited_copy(|method, value| {
        if method == "conversations.declineSharedInvite" {
            value["http_method"] = json!("PUT");
        }
    });
    let report = audit(&spec(), copy.path()).unwrap();
    assert_eq!(
        find(&report, "conversations.declineSharedInvite", "http_method")
            .unwrap()
            .to_string(),
        "DRIFT: conversations.declineSharedInvite: http_method: upstream PUT, spec POST; \
         acknowledged for upstream GET, upstream now PUT"
    );
    assert!(!report.is_clean());
}

/// The text of the decision the spec records on `topic`.
fn decision_text(method: &str, topic: &str) -> String {
    spec().methods[method]
        .value
        .decisions
        .iter()
        .find(|d| d.topic == topic)
        .map(|d| d.decision.clone())
        .unwrap()
}

#[test]
fn accept_shared_invite_moving_to_tier_3_is_drift_naming_the_pinned_tier() {
    // The spec follows upstream's Tier 2 and says so in a decision: a new tier makes the
    // decision's reason no longer fit, whatever the spelling.
    for spelling in ["t3", "Tier 3"] {
        let copy = edited_copy(|method, value| {
            if method == "conversations.acceptSharedInvite" {
                value["rate_limits"] = json!(spelling);
            }
        });
        let report = audit(&spec(), copy.path()).unwrap();
        assert_eq!(
            report.drift().map(ToString::to_string).collect::<Vec<_>>(),
            [format!(
                "DRIFT: conversations.acceptSharedInvite: rate_limit_tier: upstream {spelling}, \
                 spec tier2; acknowledged for upstream tier2, upstream now tier3"
            )]
        );
    }
    // The same tier in another spelling is no change.
    let copy = edited_copy(|method, value| {
        if method == "conversations.acceptSharedInvite" {
            value["rate_limits"] = json!("Tier 2");
        }
    });
    assert!(audit(&spec(), copy.path()).unwrap().is_clean());
}

#[test]
fn emails_gaining_max_items_is_drift_naming_the_pinned_bound() {
    let copy = edited_copy(|method, value| {
        if method == "conversations.inviteShared" {
            value["args"]["properties"]["emails"]["maxItems"] = json!(5);
        }
    });
    let report = audit(&spec(), copy.path()).unwrap();
    assert_eq!(
        report.drift().map(ToString::to_string).collect::<Vec<_>>(),
        [
            "DRIFT: conversations.inviteShared: argument emails max_items: upstream 5, spec 1; \
          acknowledged for upstream none, upstream now 5"
        ]
    );
    // The other bound of the same item still holds.
    let min = find(
        &report,
        "conversations.inviteShared",
        "argument emails min_items",
    )
    .unwrap();
    assert!(min.acknowledged());
}

#[test]
fn a_reworded_description_is_drift() {
    // Nothing acknowledges the method's description: any rewording is drift.
    let copy = edited_copy(|method, value| {
        if method == "conversations.inviteShared" {
            value["desc"] = json!("Sends an invitation to a Slack Connect channel, by email only");
        }
    });
    let report = audit(&spec(), copy.path()).unwrap();
    assert_eq!(
        report.drift().map(ToString::to_string).collect::<Vec<_>>(),
        [
            "DRIFT: conversations.inviteShared: description: upstream \"Sends an invitation to a \
          Slack Connect channel, by email only\", spec \"Sends an invitation to a Slack Connect \
          channel\""
        ]
    );

    // An acknowledged wording holds for that wording only. target_team's description read
    // "the other party" in 2025; a spec acknowledging that wording is clean against the 2025
    // snapshot, drift against a rewording of it, and stale against today's, which it follows.
    let mut spec = spec();
    let approve = &mut spec
        .methods
        .get_mut("conversations.approveSharedInvite")
        .unwrap()
        .value;
    let target = approve
        .arguments
        .iter_mut()
        .find(|a| a.name == "target_team")
        .unwrap();
    let wording =
        "The team or enterprise id of the other party involved in the invitation you are approving";
    target
        .differs_from_upstream
        .push(codegen::model::UpstreamDifference {
            attribute: codegen::model::UpstreamAttribute::Description,
            upstream: json!(wording),
        });
    let topic = "argument target_team description";
    let older = audit(&spec, &dated("2025-09-06")).unwrap();
    assert!(find(&older, "conversations.approveSharedInvite", topic)
        .unwrap()
        .acknowledged());

    let reworded = tempfile::tempdir().unwrap();
    for entry in fs::read_dir(dated("2025-09-06")).unwrap().flatten() {
        let mut text = fs::read_to_string(entry.path()).unwrap();
        text = text.replace(
            wording,
            "The ID of the team or enterprise on the other side",
        );
        fs::write(reworded.path().join(entry.file_name()), text).unwrap();
    }
    let report = audit(&spec, reworded.path()).unwrap();
    assert_eq!(
        find(&report, "conversations.approveSharedInvite", topic)
            .unwrap()
            .to_string(),
        format!(
            "DRIFT: conversations.approveSharedInvite: argument target_team description: \
             upstream \"The ID of the team or enterprise on the other side\", spec \"The team \
             or enterprise ID of the receiving party involved in the invitation you are \
             approving.\"; acknowledged for upstream \"{wording}\", upstream now \"The ID of \
             the team or enterprise on the other side\""
        )
    );

    let today = audit(&spec, &upstream()).unwrap();
    assert_eq!(
        stale(&today),
        [format!(
            "STALE: conversations.approveSharedInvite: argument target_team description: \
             `differs_from_upstream` accepted upstream \"{wording}\", but upstream now says \
             \"The team or enterprise ID of the receiving party involved in the invitation you \
             are approving\", as the spec does"
        )]
    );
    assert!(!today.is_clean());
}

#[test]
fn acknowledgements_that_match_no_difference_are_stale() {
    // Upstream adopts the spec's bound: the entry accepting "none" matches nothing.
    let copy = edited_copy(|method, value| {
        if method == "conversations.inviteShared" {
            value["args"]["properties"]["emails"]["maxItems"] = json!(1);
        }
    });
    let report = audit(&spec(), copy.path()).unwrap();
    assert_eq!(report.drift().count(), 0);
    assert_eq!(
        stale(&report),
        ["STALE: conversations.inviteShared: argument emails max_items: `differs_from_upstream` \
          accepted upstream none, but upstream now says 1, as the spec does"]
    );
    assert!(!report.is_clean());

    // The spec drops its bound: the entry still claims a difference that is gone.
    let mut spec = spec();
    let invite = &mut spec
        .methods
        .get_mut("conversations.inviteShared")
        .unwrap()
        .value;
    let emails = invite
        .arguments
        .iter_mut()
        .find(|a| a.name == "emails")
        .unwrap();
    emails.constraints.max_items = None;
    // A pinned decision on an item nobody has, and one on a compared topic with no pin.
    let list = "conversations.requestSharedInvite.list";
    decide(
        &mut spec,
        list,
        "argument page_size maximum",
        Some(json!(100)),
    );
    decide(&mut spec, list, "rate_limit_tier", None);
    decide(&mut spec, list, "argument limit colour", Some(json!(1)));
    let report = audit(&spec, &upstream()).unwrap();
    assert_eq!(
        stale(&report),
        [
            "STALE: conversations.inviteShared: argument emails max_items: \
             `differs_from_upstream` accepted upstream none, but the spec agrees with upstream now",
            "STALE: conversations.requestSharedInvite.list: rate_limit_tier: decision on a \
             compared topic records no `upstream` value: pin the upstream value it accepted",
            "STALE: conversations.requestSharedInvite.list: argument limit colour: decision pins \
             an upstream value, but `colour` is not an attribute the audit compares",
            "STALE: conversations.requestSharedInvite.list: argument page_size maximum: decision \
             accepted upstream 100, but nothing is compared there: the item is missing from the \
             spec or from upstream",
        ]
    );
    assert!(report.render().contains(
        "\n  STALE         argument emails max_items: `differs_from_upstream` accepted upstream"
    ));
    assert!(report
        .render()
        .ends_with("0 drift; 4 stale acknowledgement(s)\n"));
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
    assert_eq!(spec().methods.len(), 14);
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

#[test]
fn acknowledgements_where_nothing_is_compared_are_stale() {
    // Events, common errors and objects no argument uses have no upstream counterpart: an
    // acknowledgement there can never match a difference.
    let mut spec = spec();
    let pin = || codegen::model::UpstreamDifference {
        attribute: codegen::model::UpstreamAttribute::Required,
        upstream: json!(false),
    };
    let event = &mut spec
        .events
        .get_mut("shared_channel_invite_accepted")
        .unwrap()
        .value;
    event.fields[0].differs_from_upstream.push(pin());
    spec.common_errors[0].differs_from_upstream.push(pin());
    let team = spec.objects.iter_mut().find(|o| o.name == "team").unwrap();
    team.fields[0].differs_from_upstream.push(pin());
    let team_field = team.fields[0].name.clone();
    let report = audit(&spec, &upstream()).unwrap();
    assert_eq!(
        stale(&report),
        [
            format!(
                "STALE: shared/objects.json: object team field {team_field} required: a shared \
                 object no argument uses is not compared with upstream, so nothing can differ"
            ),
            "STALE: event shared_channel_invite_accepted: field approval_required required: an \
             event is not compared with upstream, so nothing can differ"
                .to_owned(),
            "STALE: shared/errors.json: error access_denied required: a common error is not \
             compared with upstream, so nothing can differ"
                .to_owned(),
        ]
    );
    assert!(!report.is_clean());
    // Each is shown, under its file, after the methods.
    let text = report.render();
    assert!(
        text.contains("\nevent shared_channel_invite_accepted\n  STALE         field approval_required required:"),
        "{text}"
    );
}

/// The dated snapshots hold Slack's method JSON for the eight invite methods only: the audit
/// says plainly that it has nothing to compare the other five with, and checks nothing of them.
#[test]
fn methods_without_upstream_data_are_named_plainly() {
    let report = audit(&spec(), &dated("2026-08-20")).unwrap();
    let five = [
        "admin.conversations.disconnectShared",
        "apps.connections.open",
        "conversations.externalInvitePermissions.set",
        "team.externalTeams.disconnect",
        "team.externalTeams.list",
        "users.discoverableContacts.lookup",
    ];
    assert_eq!(report.no_upstream, five);
    assert!(report.from_slackkit.is_empty());
    assert!(report.is_clean(), "{}", report.render());
    let text = report.render();
    assert!(
        text.contains("\nno upstream data, not compared: admin.conversations.disconnectShared, apps.connections.open,\n"),
        "{text}"
    );
    assert!(report
        .findings
        .iter()
        .all(|f| !five.contains(&f.method.as_str())));
}

/// SlackKit's docs are compared like Slack's method JSON for what they hold: a new error code
/// or argument there, a changed tier or scope, is drift; its value lists pin allowed_values.
#[test]
fn slackkit_docs_are_audited_for_what_they_state() {
    let copy = tempfile::tempdir().unwrap();
    for entry in fs::read_dir(upstream()).unwrap().flatten() {
        if entry.path().is_file() {
            fs::copy(entry.path(), copy.path().join(entry.file_name())).unwrap();
        }
    }
    let kit = copy.path().join("slackkit");
    fs::create_dir(&kit).unwrap();
    for entry in fs::read_dir(upstream().join("slackkit")).unwrap().flatten() {
        let mut value: Value =
            serde_json::from_str(&fs::read_to_string(entry.path()).unwrap()).unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        match name.as_str() {
            "team.externalTeams.disconnect.json" => {
                value["errors"]["team_is_busy"] = json!("Try later.");
                value["rate_limit"]["label"] = json!("Tier 3: 50+ per minute");
            }
            "conversations.externalInvitePermissions.set.json" => {
                value["args"]["action"]["desc"] =
                    json!("Type of action to be taken: upgrade or downgrade _Acceptable values:_ `upgrade` `downgrade` `remove`");
            }
            "users.discoverableContacts.lookup.json" => {
                value["args"]["include_bots"] =
                    json!({"desc": "x", "required": false, "type": "boolean"});
                value["scopes"]["bot"] = json!([{"name": "team:read"}]);
            }
            _ => {}
        }
        fs::write(kit.join(&name), value.to_string()).unwrap();
    }
    let report = audit(&spec(), copy.path()).unwrap();
    assert_eq!(
        drift(&report),
        [
            "conversations.externalInvitePermissions.set / argument action allowed_values",
            "team.externalTeams.disconnect / rate_limit_tier",
            "team.externalTeams.disconnect / error team_is_busy",
            "users.discoverableContacts.lookup / bot scopes",
            "users.discoverableContacts.lookup / argument include_bots",
        ]
    );
    // The verb, content types and response are not in SlackKit's docs, so not compared.
    assert!(find(&report, "team.externalTeams.list", "http_method").is_none());
    assert!(find(&report, "team.externalTeams.list", "response organizations").is_none());
}
