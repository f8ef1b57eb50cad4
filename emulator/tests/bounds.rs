//! Every control input and every piece of state is bounded (`slack_connect_emulator::limits`):
//! past a bound the emulator answers with a Slack-style error naming the argument, holds nothing
//! of the refused request, and keeps serving.

mod common;

use common::{answer, emulator, invite_by_email, Api};
use serde_json::{json, Value};
use slack_connect_emulator::limits::{
    MAX_CLOCK_ADVANCE_SECONDS, MAX_CONTROL_BODY_BYTES, MAX_FAULT_TIMES, MAX_QUEUED_FAULTS,
};
use slack_connect_emulator::seed::*;
use slack_connect_emulator::{
    ControlError, Emulator, EmulatorConfig, Fault, NewInviteRequest, StateLimits,
};

const LIST: &str = "conversations.listConnectInvites";

async fn control(api: &Api, path: &str, body: Value) -> (u16, Value) {
    let response = api
        .http()
        .post(api.control(path))
        .json(&body)
        .send()
        .await
        .expect("the emulator answers");
    let status = response.status().as_u16();
    (status, response.json().await.expect("a JSON body"))
}

fn assert_names(body: &Value, argument: &str) {
    assert_eq!(body["ok"], json!(false), "{body}");
    assert_eq!(body["error"], json!("invalid_arguments"), "{body}");
    assert_eq!(body["argument"], json!(argument), "{body}");
    let message = body["response_metadata"]["messages"][0]
        .as_str()
        .unwrap_or("");
    assert!(message.contains(argument), "{body}");
}

#[tokio::test]
async fn a_huge_fault_count_is_refused_not_allocated() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    // Before the bound, this request made the emulator allocate 64 GiB and abort.
    let (status, body) = control(
        &api,
        "emulator/faults",
        json!({"method": LIST, "fault": {"type": "server_error", "status": 503}, "times": u32::MAX}),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_names(&body, "times");
    let (status, body) = control(
        &api,
        "emulator/faults",
        json!({"method": LIST, "fault": {"type": "malformed_body"}, "times": 0}),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_names(&body, "times");
    // Nothing was queued, and the emulator still serves.
    assert_eq!(api.form(LIST, ACME_BOT_TOKEN, &[]).await.code(), "ok");
    assert_eq!(
        emulator.inject_fault(LIST, Fault::MalformedBody, u32::MAX),
        Err(ControlError::OutOfRange {
            argument: "times",
            why: format!("{} is not between 1 and {MAX_FAULT_TIMES}", u32::MAX),
        })
    );
}

#[tokio::test]
async fn the_largest_fault_count_applies_exactly_that_many_times() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    let (status, body) = control(
        &api,
        "emulator/faults",
        json!({"method": LIST, "fault": {"type": "server_error", "status": 503}, "times": MAX_FAULT_TIMES}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    for _ in 0..MAX_FAULT_TIMES {
        assert_eq!(api.form(LIST, ACME_BOT_TOKEN, &[]).await.status, 503);
    }
    assert_eq!(api.form(LIST, ACME_BOT_TOKEN, &[]).await.code(), "ok");
}

#[tokio::test]
async fn fault_queues_delays_and_waits_are_bounded() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    for _ in 0..MAX_QUEUED_FAULTS {
        emulator
            .inject_fault(LIST, Fault::MalformedBody, 1)
            .unwrap();
    }
    let (status, body) = control(
        &api,
        "emulator/faults",
        json!({"method": LIST, "fault": {"type": "malformed_body"}}),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("limit_reached")),
        "{body}"
    );
    emulator.clear_faults();
    for (fault, argument) in [
        (json!({"type": "delay", "millis": u64::MAX}), "fault.millis"),
        (
            json!({"type": "rate_limited", "retry_after": u64::MAX}),
            "fault.retry_after",
        ),
    ] {
        let (status, body) = control(
            &api,
            "emulator/faults",
            json!({"method": LIST, "fault": fault}),
        )
        .await;
        assert_eq!(status, 400, "{body}");
        assert_names(&body, argument);
    }
    let (status, body) = control(
        &api,
        "emulator/clock",
        json!({"advance_seconds": MAX_CLOCK_ADVANCE_SECONDS + 1}),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_names(&body, "advance_seconds");
    let (status, body) = control(
        &api,
        "emulator/events",
        json!({"request_url": "http://127.0.0.1:9/", "signing_secret": "s", "ack_timeout_millis": u64::MAX}),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_names(&body, "ack_timeout_millis");
    let huge = api
        .http()
        .post(api.control("emulator/invite_requests"))
        .header("content-type", "application/json")
        .body(vec![b' '; MAX_CONTROL_BODY_BYTES + 1])
        .send()
        .await
        .unwrap();
    assert_eq!(huge.status(), 400);
    assert_eq!(api.form(LIST, ACME_BOT_TOKEN, &[]).await.code(), "ok");
}

#[tokio::test]
async fn invite_requests_are_capped_in_count_and_message_length() {
    let config = EmulatorConfig::default()
        .without_rate_limits()
        .state_limits(StateLimits::default().max_invite_requests(3));
    let emulator = Emulator::start_with(config).await.unwrap();
    let api = Api::new(&emulator);
    let new = |n: usize| {
        NewInviteRequest::by_email(ACME_PROJECT, ACME_ALICE, &format!("p{n}@example.com"))
    };
    for n in 0..3 {
        emulator.create_invite_request(new(n)).unwrap();
    }
    assert_eq!(
        emulator.create_invite_request(new(3)),
        Err(ControlError::LimitReached {
            what: "invite requests",
            limit: 3
        })
    );
    let (status, body) = control(
        &api,
        "emulator/invite_requests",
        serde_json::to_value(new(4)).unwrap(),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("limit_reached")),
        "{body}"
    );
    let listed = api
        .form(
            "conversations.requestSharedInvite.list",
            ACME_ADMIN_TOKEN,
            &[],
        )
        .await;
    assert_eq!(
        listed.body["invite_requests"].as_array().map(Vec::len),
        Some(3)
    );

    // A message longer than an approval message may be is refused, whatever the count.
    let emulator = common::emulator().await;
    let api = Api::new(&emulator);
    let long = "x".repeat(10_000);
    let (status, body) = control(
        &api,
        "emulator/invite_requests",
        serde_json::to_value(new(0).message(&long)).unwrap(),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_names(&body, "message");
    let (status, body) = control(
        &api,
        "emulator/invite_requests",
        json!({"channel_id": ACME_PROJECT, "user_id": ACME_ALICE, "recipient_email": "a".repeat(10_000)}),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_names(&body, "recipient_email");
}

#[tokio::test]
async fn invites_created_through_the_api_are_capped() {
    let config = EmulatorConfig::default()
        .without_rate_limits()
        .state_limits(StateLimits::default().max_invites(2));
    let emulator = Emulator::start_with(config).await.unwrap();
    let api = Api::new(&emulator);
    invite_by_email(&api, "one@example.com").await;
    // An approved request becomes an invite too.
    let request = emulator
        .create_invite_request(NewInviteRequest::by_email(
            ACME_PROJECT,
            ACME_ALICE,
            "two@example.com",
        ))
        .unwrap();
    let approved = api
        .form(
            "conversations.requestSharedInvite.approve",
            ACME_ADMIN_TOKEN,
            &[("invite_id", &request)],
        )
        .await;
    assert_eq!(approved.code(), "ok", "{:?}", approved.body);
    let third = api
        .form(
            "conversations.inviteShared",
            ACME_BOT_TOKEN,
            &[("channel", ACME_PROJECT), ("emails", "three@example.com")],
        )
        .await;
    assert_eq!(
        third.code(),
        "connection_limit_exceeded_pending",
        "{:?}",
        third.body
    );
    assert!(third.body["response_metadata"]["messages"][0]
        .as_str()
        .is_some_and(|m| m.contains("invites")));
    let request = emulator
        .create_invite_request(NewInviteRequest::by_email(
            ACME_PROJECT,
            ACME_ALICE,
            "four@example.com",
        ))
        .unwrap();
    let refused = answer(
        api.http()
            .post(api.url("conversations.requestSharedInvite.approve"))
            .bearer_auth(ACME_ADMIN_TOKEN)
            .form(&[("invite_id", request.as_str())]),
    )
    .await;
    assert_eq!(refused.code(), "restricted_action", "{:?}", refused.body);
    // The refused approval left the request pending.
    let listed = api
        .form(
            "conversations.requestSharedInvite.list",
            ACME_ADMIN_TOKEN,
            &[],
        )
        .await;
    let pending = listed.body["invite_requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["id"] == json!(request))
        .count();
    assert_eq!(pending, 1, "{:?}", listed.body);
}

#[tokio::test]
async fn a_form_with_a_hundred_thousand_keys_is_refused_before_authentication() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    // 858 KiB, no token: before the bound it was parsed quadratically for seconds, then
    // answered `not_authed`.
    let body = (0..110_000)
        .map(|i| format!("k{i}=v"))
        .collect::<Vec<_>>()
        .join("&");
    let refused = api
        .raw(
            LIST,
            Some("application/x-www-form-urlencoded"),
            body.into_bytes(),
        )
        .await;
    assert_eq!(refused.code(), "invalid_form_data", "{:?}", refused.body);
    let message = refused.body["response_metadata"]["messages"][0]
        .as_str()
        .unwrap_or("");
    assert!(message.contains("fields"), "{:?}", refused.body);
}
