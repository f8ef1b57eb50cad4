//! Where Slack's documentation contradicts itself, the spec records a decision with its sources.

use std::path::Path;

use codegen::model::MethodFile;

fn spec() -> codegen::model::Spec {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let spec = codegen::load::load(&dir).unwrap_or_else(|e| panic!("{e}"));
    codegen::validate::validate(&spec).unwrap_or_else(|e| panic!("{e}"));
    spec
}

fn method<'a>(spec: &'a codegen::model::Spec, name: &str) -> &'a MethodFile {
    &spec.methods[name].value
}

fn decision<'a>(method: &'a MethodFile, topic: &str) -> &'a str {
    method
        .decisions
        .iter()
        .find(|d| d.topic == topic)
        .map(|d| d.decision.as_str())
        .unwrap_or_else(|| panic!("{} records no `{topic}` decision", method.name))
}

#[test]
fn all_eight_methods_are_specified() {
    let spec = spec();
    let names: Vec<&String> = spec.methods.keys().collect();
    assert_eq!(
        names,
        [
            "conversations.acceptSharedInvite",
            "conversations.approveSharedInvite",
            "conversations.declineSharedInvite",
            "conversations.inviteShared",
            "conversations.listConnectInvites",
            "conversations.requestSharedInvite.approve",
            "conversations.requestSharedInvite.deny",
            "conversations.requestSharedInvite.list",
        ]
    );
}

#[test]
fn verb_and_tier_conflicts_are_decided() {
    let spec = spec();
    assert!(decision(
        method(&spec, "conversations.declineSharedInvite"),
        "http_method"
    )
    .starts_with("POST"));
    assert!(
        decision(method(&spec, "conversations.inviteShared"), "http_method").starts_with("POST")
    );
    for name in [
        "conversations.acceptSharedInvite",
        "conversations.approveSharedInvite",
        "conversations.declineSharedInvite",
    ] {
        assert!(decision(method(&spec, name), "rate_limit_tier").contains("java-slack-sdk"));
    }
    assert!(decision(
        method(&spec, "conversations.requestSharedInvite.list"),
        "not_implemented"
    )
    .contains("Kept"));
}

#[test]
fn duplicated_codes_are_overrides_with_notes() {
    let spec = spec();
    for (name, code) in [
        ("conversations.requestSharedInvite.list", "internal_error"),
        (
            "conversations.requestSharedInvite.approve",
            "internal_error",
        ),
        ("conversations.requestSharedInvite.deny", "internal_error"),
        ("conversations.listConnectInvites", "invalid_arguments"),
        ("conversations.acceptSharedInvite", "invalid_arguments"),
    ] {
        let error = method(&spec, name)
            .errors
            .iter()
            .find(|e| e.code == code)
            .unwrap();
        assert!(error.overrides_common, "{name} {code}");
        assert!(
            error.notes.as_deref().is_some_and(|n| n.contains("wins")),
            "{name} {code}"
        );
    }
}

#[test]
fn every_method_names_its_sources() {
    for located in spec().methods.values() {
        assert!(!located.value.sources.is_empty(), "{}", located.file);
        assert!(located
            .value
            .docs_url
            .starts_with("https://docs.slack.dev/reference/methods/"));
    }
}

fn reference(date: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../reference/slack-method-json")
        .join(date)
}

#[test]
fn the_spec_explains_every_difference_from_slacks_method_reference() {
    let spec = spec();
    for date in ["2025-09-06", "2026-08-20"] {
        let findings = codegen::audit::audit(&spec, &reference(date)).unwrap();
        let unexplained: Vec<String> = findings
            .iter()
            .filter(|f| !f.explained)
            .map(|f| f.to_string())
            .collect();
        assert!(
            unexplained.is_empty(),
            "{date}:\n{}",
            unexplained.join("\n")
        );
        // The known disagreements are found, and explained.
        assert!(findings
            .iter()
            .any(|f| f.method == "conversations.declineSharedInvite" && f.topic == "http_method"));
    }
}

#[test]
fn the_audit_catches_a_missing_error_a_changed_bound_and_an_undecided_tier() {
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
    let findings = codegen::audit::audit(&spec, &reference("2026-08-20")).unwrap();
    let unexplained: Vec<String> = findings
        .iter()
        .filter(|f| !f.explained)
        .map(|f| format!("{} / {}", f.method, f.topic))
        .collect();
    assert_eq!(
        unexplained,
        [
            "conversations.requestSharedInvite.list / rate_limit_tier",
            "conversations.requestSharedInvite.list / argument limit maximum",
            "conversations.requestSharedInvite.list / error invalid_cursor",
        ]
    );
}
