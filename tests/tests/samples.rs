//! The documented examples decode into the generated types, and nothing the spec models is lost:
//! re-encoding the typed value gives back the documented JSON (minus the envelope's `ok`).

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use slack_connect::conversations::request_shared_invite::{approve, deny, list};
use slack_connect::conversations::{
    accept_shared_invite, approve_shared_invite, invite_shared, list_connect_invites,
};
use slack_connect::runtime::{decode, ApiError, ApiRequest, Decoded, PaginatedResponse};
use slack_connect::*;

fn sample(name: &str) -> Vec<u8> {
    let path = format!("{}/data/samples/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Decodes a success sample and checks it round-trips without loss; returns the typed response.
fn success<R: ApiRequest>(name: &str) -> R::Response
where
    R::Response: Serialize + DeserializeOwned + std::fmt::Debug,
{
    let body = sample(name);
    let decoded = decode::<R::Response, R::Error>(&body).unwrap_or_else(|e| panic!("{name}: {e}"));
    let Decoded::Success(response, envelope) = decoded else {
        panic!("{name}: decoded as a failure");
    };
    assert!(envelope.ok);
    let mut documented: Value = serde_json::from_slice(&body).unwrap();
    documented.as_object_mut().unwrap().remove("ok");
    let reencoded = serde_json::to_value(&response).unwrap();
    assert_eq!(
        reencoded, documented,
        "{name}: a documented field is not modelled"
    );
    response
}

fn failure<R: ApiRequest>(name: &str, code: &str) {
    let decoded = decode::<R::Response, R::Error>(&sample(name)).unwrap();
    let Decoded::Failure(failure) = decoded else {
        panic!("{name}: decoded as a success");
    };
    assert_eq!(failure.error.code(), code);
    assert!(failure.error.is_documented());
}

#[test]
fn request_shared_invite_list_example_decodes_completely() {
    let response = success::<list::Request>("conversations.requestSharedInvite.list.json");
    assert_eq!(response.invite_requests.len(), 2);
    let first = &response.invite_requests[0];
    assert_eq!(first.id, InviteId::new("I12345"));
    assert_eq!(first.inviting_team.id, Some(TeamId::from("E12345")));
    assert_eq!(
        first.target_user.recipient_user_id,
        Some(UserId::from("U123456"))
    );
    // The recipient's address is in two places; the accessor prefers the target's own.
    assert_eq!(first.invited_email(), Some("external-user1@other-corp.com"));
    assert_eq!(first.invited_user_id(), Some(&UserId::from("U123456")));
    // The second item is a denied request with a channel and a reviewer.
    let second = &response.invite_requests[1];
    assert_eq!(second.date_denied, Some(1723581901));
    assert_eq!(
        second.channel.as_ref().unwrap().id,
        Some(ChannelId::from("C12345"))
    );
    assert!(second.reviewing_user.is_some());
    assert_eq!(response.next_cursor(), Some("aWQ6STAxNkszN0FBQUU="));
    failure::<list::Request>(
        "conversations.requestSharedInvite.list.error.json",
        "invalid_cursor",
    );
}

#[test]
fn list_connect_invites_example_decodes_completely() {
    let response = success::<list_connect_invites::Request>(
        "conversations.listConnectInvites.docs-sanitized.json",
    );
    assert_eq!(response.invites.len(), 2);
    let invite = &response.invites[0];
    assert_eq!(invite.direction.as_deref(), Some("outgoing"));
    let acceptance = &invite.acceptances.as_ref().unwrap()[0];
    assert_eq!(
        acceptance.approval_status.as_deref(),
        Some("pending_approval")
    );
    assert_eq!(
        response.next_cursor(),
        None,
        "the example has no response_metadata"
    );
    // The page's verbatim example is not JSON at all; it must fail cleanly, not panic.
    let verbatim = sample("conversations.listConnectInvites.docs-example.txt");
    assert!(
        decode::<list_connect_invites::Response, list_connect_invites::Error>(&verbatim).is_err()
    );
}

#[test]
fn single_object_examples_decode_completely() {
    let invite = success::<invite_shared::Request>("conversations.inviteShared.json");
    assert_eq!(invite.invite_id, InviteId::from("I02UKAJ6RJA"));
    assert_eq!(invite.is_legacy_shared_channel, Some(false));
    assert_eq!(invite.url, None, "external_limited invites carry no url");

    let accepted =
        success::<accept_shared_invite::Request>("conversations.acceptSharedInvite.json");
    assert_eq!(accepted.channel_id, ChannelId::from("C0001111"));
    assert!(accepted.implicit_approval);
    assert_eq!(accepted.can_open_scdm, None);

    success::<approve_shared_invite::Request>("conversations.approveSharedInvite.json");
    let approved = success::<approve::Request>("conversations.requestSharedInvite.approve.json");
    assert_eq!(approved.invite_id.as_str(), "I012345ABCD");
    let denied = success::<deny::Request>("conversations.requestSharedInvite.deny.json");
    assert_eq!(denied.invite_id, Some(InviteId::from("I012345ABCD")));
}

#[test]
fn documented_error_examples_decode_into_their_variants() {
    failure::<invite_shared::Request>("conversations.inviteShared.error.json", "restricted_action");
    failure::<accept_shared_invite::Request>(
        "conversations.acceptSharedInvite.error.json",
        "not_paid",
    );
    failure::<approve::Request>(
        "conversations.requestSharedInvite.approve.error.json",
        "restricted_action",
    );
    failure::<deny::Request>(
        "conversations.requestSharedInvite.deny.error.json",
        "restricted_action",
    );
}
