//! The five connection methods through the SDK: every documented error code decodes into its
//! own variant, the documented examples (and java-slack-sdk's recorded shapes) decode, bad
//! arguments are refused before sending, and the whole story runs against the emulator over
//! loopback: invite -> accept -> approve -> connected -> permissions changed -> disconnected.

use std::collections::BTreeSet;
use std::fs;
use std::path::PathBuf;

use serde_json::{json, Value};
use slack_connect::admin::conversations::disconnect_shared;
use slack_connect::conversations::external_invite_permissions::set;
use slack_connect::conversations::{accept_shared_invite, approve_shared_invite, invite_shared};
use slack_connect::runtime::{decode, ApiError, ApiRequest, DecodeError, Decoded};
use slack_connect::team::external_teams::{disconnect, list};
use slack_connect::users::discoverable_contacts::lookup;
use slack_connect::*;
use slack_connect_emulator::{seed, Emulator, EmulatorConfig};

/// Decodes `body` as a success of `R`, failing the test with the decode error otherwise.
fn success<R: ApiRequest>(body: &Value) -> R::Response
where
    R::Response: serde::de::DeserializeOwned,
{
    match decode::<R::Response, R::Error>(body.to_string().as_bytes()) {
        Ok(Decoded::Success(response, _)) => response,
        Ok(Decoded::Failure(failure)) => {
            panic!("{}: a failure: {:?}", R::METHOD.name, failure.error)
        }
        Err(error) => panic!("{}: {error}", R::METHOD.name),
        Ok(_) => panic!("{}: an unexpected outcome", R::METHOD.name),
    }
}

/// The error `code` of `R` decoded from an `ok: false` body.
fn failure<R: ApiRequest>(code: &str) -> R::Error {
    let body = format!(r#"{{"ok":false,"error":"{code}"}}"#);
    match decode::<R::Response, R::Error>(body.as_bytes()) {
        Ok(Decoded::Failure(failure)) => failure.error,
        Ok(_) => panic!("{}: `{code}` did not decode as a failure", R::METHOD.name),
        Err(error) => panic!("{}: `{code}`: {error}", R::METHOD.name),
    }
}

/// Every documented code of `R` decodes to the expected variant, all of them documented and
/// distinct, and the list covers every code the spec documents for the method.
fn check_codes<R: ApiRequest>(expected: &[(&str, R::Error)])
where
    R::Error: PartialEq + std::fmt::Debug,
{
    for (code, variant) in expected {
        let decoded = failure::<R>(code);
        assert_eq!(&decoded, variant, "{}: {code}", R::METHOD.name);
        assert!(decoded.is_documented());
        assert_eq!(decoded.code(), *code);
    }
    let listed: BTreeSet<&str> = expected.iter().map(|(code, _)| *code).collect();
    let own: BTreeSet<&str> = R::Error::CODES
        .iter()
        .copied()
        .filter(|code| !CommonError::CODES.contains(code))
        .collect();
    assert_eq!(listed, own, "{}: the method's own codes", R::METHOD.name);
}

#[test]
fn every_documented_error_code_decodes_into_its_variant() {
    check_codes::<list::Request>(&[
        (
            "invalid_workspace_filter",
            list::Error::InvalidWorkspaceFilter,
        ),
        ("not_allowed", list::Error::NotAllowed),
        ("restricted_action", list::Error::RestrictedAction),
        (
            "user_cannot_manage_workspace",
            list::Error::UserCannotManageWorkspace,
        ),
    ]);
    check_codes::<disconnect::Request>(&[
        ("invalid_target_team", disconnect::Error::InvalidTargetTeam),
        ("missing_argument", disconnect::Error::MissingArgument),
        ("restricted_action", disconnect::Error::RestrictedAction),
    ]);
    check_codes::<set::Request>(&[
        ("channel_not_found", set::Error::ChannelNotFound),
        ("invalid_action", set::Error::InvalidAction),
        ("invalid_target_team", set::Error::InvalidTargetTeam),
        ("not_supported", set::Error::NotSupported),
        ("restricted_action", set::Error::RestrictedAction),
    ]);
    check_codes::<lookup::Request>(&[
        ("not_allowed", lookup::Error::NotAllowed),
        ("not_an_enterprise", lookup::Error::NotAnEnterprise),
        ("restricted_action", lookup::Error::RestrictedAction),
    ]);
    use disconnect_shared::Error as E;
    check_codes::<disconnect_shared::Request>(&[
        ("cannot_kick_home_team", E::CannotKickHomeTeam),
        ("cannot_kick_team", E::CannotKickTeam),
        ("channel_not_found", E::ChannelNotFound),
        ("channel_type_not_supported", E::ChannelTypeNotSupported),
        ("feature_not_enabled", E::FeatureNotEnabled),
        ("leaving_team_not_in_channel", E::LeavingTeamNotInChannel),
        ("leaving_team_required", E::LeavingTeamRequired),
        ("no_teams_to_disconnect", E::NoTeamsToDisconnect),
        ("not_an_admin", E::NotAnAdmin),
        ("not_an_enterprise", E::NotAnEnterprise),
        ("not_supported", E::NotSupported),
        ("restricted_action", E::RestrictedAction),
        ("team_not_found", E::TeamNotFound),
    ]);
    // The common errors apply too, and the page's typical error response decodes.
    assert_eq!(
        failure::<list::Request>("invalid_auth").code(),
        "invalid_auth"
    );
    assert!(failure::<list::Request>("invalid_auth").common().is_some());
}

/// A documented example in `tests/data/samples/`.
fn sample(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("data/samples")
        .join(name);
    serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap()
}

#[test]
fn the_documented_examples_decode() {
    // The printed list example has `connected_workspaces` as one object with its values
    // swapped; the spec's decision keeps the array. It is refused, naming the field ...
    let printed = sample("team.externalTeams.list.json");
    let refused = decode::<list::Response, list::Error>(printed.to_string().as_bytes());
    let Err(error @ DecodeError::Response(_)) = refused else {
        panic!("the printed example decoded: {refused:?}");
    };
    assert!(
        error
            .to_string()
            .contains("organizations[0].connected_workspaces"),
        "{error}"
    );
    // ... and decodes with that one field corrected, every other value as printed.
    let mut corrected = printed;
    corrected["organizations"][0]["connected_workspaces"] =
        json!([{"workspace_id": "E123ABC456", "workspace_name": "Jesse Inc"}]);
    let listed = success::<list::Request>(&corrected);
    let org = &listed.organizations[0];
    assert_eq!(org.team_id.as_str(), "T123ABC456");
    assert_eq!(org.team_name.as_deref(), Some("Sandra Inc."));
    assert_eq!(org.connection_status.as_deref(), Some("CONNECTED"));
    assert_eq!(org.last_active_timestamp, Some(1718656058));
    let canvas = org.canvas.as_ref().unwrap();
    assert_eq!(canvas.total_count, Some(1));
    let details = canvas.ownership_details.as_ref().unwrap();
    assert_eq!(details[0].team_id.as_ref().unwrap().as_str(), "T123ABC456");
    assert_eq!(details[1].count, Some(1));
    assert_eq!(listed.total_count, Some(1));
    assert_eq!(
        listed
            .response_metadata
            .as_ref()
            .and_then(|m| m.next_cursor.as_deref()),
        Some("T123ABC999")
    );

    success::<disconnect::Request>(&sample("team.externalTeams.disconnect.json"));
    success::<set::Request>(&sample("conversations.externalInvitePermissions.set.json"));
    success::<disconnect_shared::Request>(&sample("admin.conversations.disconnectShared.json"));
    for (name, code) in [
        ("team.externalTeams.list.error.json", "invalid_auth"),
        ("team.externalTeams.disconnect.error.json", "invalid_auth"),
        (
            "conversations.externalInvitePermissions.set.error.json",
            "channel_not_found",
        ),
    ] {
        let body = sample(name).to_string();
        let Ok(Decoded::Failure(failure)) = decode::<set::Response, set::Error>(body.as_bytes())
        else {
            panic!("{name} is not a failure");
        };
        assert_eq!(failure.error.code(), code);
        assert!(failure.error.is_documented(), "{name}");
    }
    let found = success::<lookup::Request>(&json!({"ok": true, "is_discoverable": true}));
    assert!(found.is_discoverable);
    let missing = success::<lookup::Request>(&json!({"ok": true, "is_discoverable": false}));
    assert!(!missing.is_discoverable);
}

fn reference(file: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../reference/more-methods/java-samples")
        .join(file);
    serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap()
}

/// Every key path of a JSON value (arrays by their first item), e.g. `organizations.team_id`.
fn key_paths(value: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                let path = format!("{prefix}{key}");
                out.insert(path.clone());
                key_paths(inner, &format!("{path}."), out);
            }
        }
        Value::Array(items) => {
            if let Some(first) = items.first() {
                key_paths(first, prefix, out);
            }
        }
        _ => {}
    }
}

/// java-slack-sdk's recorded skeleton (every key its model knows, placeholder values) decodes
/// as a success and every key survives the round trip: the spec models each field it names.
#[test]
fn java_sdk_response_shapes_are_modelled_field_for_field() {
    fn check<R: ApiRequest>(file: &str)
    where
        R::Response: serde::de::DeserializeOwned + serde::Serialize,
    {
        let mut sample = reference(file);
        let envelope = [
            "ok",
            "error",
            "needed",
            "provided",
            "warning",
            "response_metadata",
        ];
        sample["ok"] = Value::Bool(true);
        let response = success::<R>(&sample);
        let mut expected = BTreeSet::new();
        let mut body = sample.as_object().unwrap().clone();
        body.retain(|key, _| !envelope.contains(&key.as_str()));
        key_paths(&Value::Object(body), "", &mut expected);
        let mut got = BTreeSet::new();
        key_paths(&serde_json::to_value(&response).unwrap(), "", &mut got);
        got.remove("response_metadata");
        got.retain(|p| !p.starts_with("response_metadata."));
        assert_eq!(expected, got, "{}", R::METHOD.name);
    }
    check::<list::Request>("team.externalTeams.list.json");
    check::<lookup::Request>("users.discoverableContacts.lookup.json");
}

#[test]
fn bad_arguments_are_refused_before_sending() {
    let refused = |problem: Result<(), runtime::InvalidArgument>| problem.unwrap_err().to_string();
    let bad_pref = list::Request::new().slack_connect_pref_filter(["profile_visibility", "colour"]);
    let message = refused(bad_pref.validate());
    assert!(
        message.contains("slack_connect_pref_filter[1]"),
        "{message}"
    );
    assert!(message.contains("colour"), "{message}");
    assert!(list::Request::new()
        .slack_connect_pref_filter([list::SLACK_CONNECT_PREF_FILTER_ACCEPT_SC_INVITES])
        .validate()
        .is_ok());
    assert!(refused(list::Request::new().sort_field("size").validate()).contains("sort_field"));
    assert!(refused(list::Request::new().limit(0).validate()).contains("limit"));
    assert!(refused(
        list::Request::new()
            .workspace_filter(Vec::<TeamId>::new())
            .validate()
    )
    .contains("workspace_filter"));
    let action = set::Request::new("sideways", "C0PROJECT1", "T0GLOBEX01");
    assert!(refused(action.validate()).contains("action"));
    let two = disconnect_shared::Request::new("C0PROJECT1").leaving_team_ids(["T1", "T2"]);
    assert!(refused(two.validate()).contains("leaving_team_ids"));
    assert!(refused(lookup::Request::new("").validate()).contains("email"));
}

/// The wire code of a call's API error.
fn code<T: std::fmt::Debug, E: ApiError + std::fmt::Debug>(result: Result<T, Error<E>>) -> String {
    match result {
        Err(Error::Api { failure, .. }) => {
            assert!(failure.error.is_documented(), "{:?}", failure.error);
            failure.error.code().to_owned()
        }
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn the_whole_story_through_the_sdk() {
    let emulator = Emulator::start_with(EmulatorConfig::default().without_rate_limits())
        .await
        .unwrap();
    let client = |token: &str| {
        Client::builder(token)
            .base_url(emulator.base_url())
            .build()
            .unwrap()
    };
    let (acme, globex, admin) = (
        client(seed::ACME_BOT_TOKEN),
        client(seed::GLOBEX_BOT_TOKEN),
        client(seed::ACME_ADMIN_USER_TOKEN),
    );

    // Before inviting: is Carol discoverable?
    let carol = acme
        .users()
        .discoverable_contacts()
        .lookup("carol@globex.example")
        .await
        .unwrap();
    assert!(carol.is_discoverable);
    assert_eq!(
        code(
            globex
                .users()
                .discoverable_contacts()
                .lookup("x@acme.example")
                .await
        ),
        "not_an_enterprise"
    );

    // Invite -> accept -> approve: the organizations are connected.
    let invite = acme
        .call(&invite_shared::Request::new(seed::ACME_PROJECT).user_ids([seed::GLOBEX_CAROL]))
        .await
        .unwrap()
        .invite_id;
    globex
        .call(&accept_shared_invite::Request::new("acme-project").invite_id(invite.clone()))
        .await
        .unwrap();
    assert!(acme
        .team()
        .external_teams()
        .list()
        .await
        .unwrap()
        .organizations
        .is_empty());
    acme.call(&approve_shared_invite::Request::new(invite).target_team(seed::GLOBEX_TEAM))
        .await
        .unwrap();
    let connected: Vec<objects::ConnectedOrganization> = acme
        .team()
        .external_teams()
        .list()
        .limit(1)
        .items()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(connected.len(), 1);
    assert_eq!(connected[0].team_id.as_str(), seed::GLOBEX_TEAM);
    assert_eq!(connected[0].connection_status.as_deref(), Some("CONNECTED"));
    assert_eq!(connected[0].public_channel_count, Some(1));

    // Globex may post but not invite, until Acme upgrades it; then it may.
    let globex_invites = || {
        globex.conversations().invite_shared(
            seed::ACME_PROJECT,
            invite_shared::Recipient::Email("pat@initech.example".into()),
        )
    };
    assert_eq!(
        code(globex_invites().await),
        "no_external_invite_permission"
    );
    let permissions = || acme.conversations().external_invite_permissions();
    permissions()
        .set(set::ACTION_UPGRADE, seed::ACME_PROJECT, seed::GLOBEX_TEAM)
        .await
        .unwrap();
    globex_invites().await.unwrap();
    assert!(matches!(
        permissions()
            .set(set::ACTION_UPGRADE, seed::ACME_PROJECT, seed::GLOBEX_TEAM)
            .await
            .unwrap_err()
            .api_error(),
        Some(set::Error::NotSupported)
    ));
    let overridden = acme
        .team()
        .external_teams()
        .list()
        .slack_connect_pref_filter([
            list::SLACK_CONNECT_PREF_FILTER_AWAY_TEAM_SC_INVITE_PERMISSIONS,
        ])
        .await
        .unwrap();
    assert_eq!(overridden.organizations.len(), 1);

    // The Org Admin disconnects the channel: later calls see the documented errors.
    admin
        .admin()
        .conversations()
        .disconnect_shared(seed::ACME_PROJECT)
        .leaving_team_ids([seed::GLOBEX_TEAM])
        .await
        .unwrap();
    assert_eq!(
        code(
            admin
                .admin()
                .conversations()
                .disconnect_shared(seed::ACME_PROJECT)
                .await
        ),
        "no_teams_to_disconnect"
    );
    assert_eq!(
        code(
            permissions()
                .set(set::ACTION_DOWNGRADE, seed::ACME_PROJECT, seed::GLOBEX_TEAM)
                .await
        ),
        "invalid_target_team"
    );
    assert_eq!(code(globex_invites().await), "channel_not_found");

    // Disconnecting the organization: listed as DISCONNECTED, and a second time is an error.
    acme.team()
        .external_teams()
        .disconnect(seed::GLOBEX_TEAM)
        .await
        .unwrap();
    let listed = acme
        .team()
        .external_teams()
        .list()
        .connection_status_filter(list::CONNECTION_STATUS_FILTER_DISCONNECTED)
        .await
        .unwrap();
    assert_eq!(listed.organizations.len(), 1);
    assert_eq!(listed.organizations[0].public_channel_count, Some(0));
    assert!(matches!(
        acme.team()
            .external_teams()
            .disconnect(seed::GLOBEX_TEAM)
            .await
            .unwrap_err()
            .api_error(),
        Some(disconnect::Error::InvalidTargetTeam)
    ));
}
