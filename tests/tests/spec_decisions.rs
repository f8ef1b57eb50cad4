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
fn all_methods_are_specified() {
    let spec = spec();
    let names: Vec<&String> = spec.methods.keys().collect();
    assert_eq!(
        names,
        [
            "admin.conversations.disconnectShared",
            "apps.connections.open",
            "conversations.acceptSharedInvite",
            "conversations.approveSharedInvite",
            "conversations.declineSharedInvite",
            "conversations.externalInvitePermissions.set",
            "conversations.inviteShared",
            "conversations.listConnectInvites",
            "conversations.requestSharedInvite.approve",
            "conversations.requestSharedInvite.deny",
            "conversations.requestSharedInvite.list",
            "team.externalTeams.disconnect",
            "team.externalTeams.list",
            "users.discoverableContacts.lookup",
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
