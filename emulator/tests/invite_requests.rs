//! `conversations.requestSharedInvite.{list,approve,deny}`, with invite requests created through
//! the Rust API and the control endpoint; filters, pagination, message rules, expiry and the race.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{emulator, Api};
use serde_json::{json, Value};
use slack_connect_emulator::seed::*;
use slack_connect_emulator::{Emulator, NewInviteRequest};

const LIST: &str = "conversations.requestSharedInvite.list";
const APPROVE: &str = "conversations.requestSharedInvite.approve";
const DENY: &str = "conversations.requestSharedInvite.deny";

fn request(emulator: &Emulator, user: &str, email: &str) -> String {
    emulator
        .create_invite_request(NewInviteRequest::by_email(ACME_PROJECT, user, email))
        .expect("invite request created")
}

async fn list(api: &Api, args: Value) -> Vec<String> {
    let answer = api.json(LIST, ACME_BOT_TOKEN, args).await;
    assert_eq!(answer.code(), "ok", "{}", answer.body);
    answer.body["invite_requests"]
        .as_array()
        .expect("invite_requests")
        .iter()
        .map(|r| r["id"].as_str().expect("id").to_owned())
        .collect()
}

#[tokio::test]
async fn control_endpoint_creates_requests_and_refuses_bad_ones() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    let url = api.control("emulator/invite_requests");
    let created = api
        .http()
        .post(&url)
        .json(&json!({"channel_id": ACME_PROJECT, "user_id": ACME_BOB,
                      "recipient_user_id": GLOBEX_CAROL, "message": "please"}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 200);
    let body: Value = created.json().await.unwrap();
    let id = body["invite_id"].as_str().unwrap().to_owned();
    let listed = api.form(LIST, ACME_BOT_TOKEN, &[]).await;
    let item = &listed.body["invite_requests"][0];
    assert_eq!(item["id"], id.as_str());
    assert_eq!(item["inviting_user"]["id"], ACME_BOB);
    assert_eq!(item["inviting_team"]["id"], ACME_TEAM);
    assert_eq!(item["channel"]["id"], ACME_PROJECT);
    assert_eq!(item["target_user"]["recipient_user_id"], GLOBEX_CAROL);
    assert_eq!(item["is_external_limited"], true);
    assert_eq!(
        item["expires_at"].as_i64().unwrap() - item["date_created"].as_i64().unwrap(),
        14 * 24 * 3600
    );

    for bad in [
        json!({"channel_id": "C0NOPE0001", "user_id": ACME_BOB, "recipient_email": "a@b.example"}),
        json!({"channel_id": ACME_PROJECT, "user_id": GLOBEX_CAROL, "recipient_email": "a@b.example"}),
        json!({"channel_id": ACME_PROJECT, "user_id": ACME_BOB}),
        json!("not an object"),
    ] {
        let refused = api.http().post(&url).json(&bad).send().await.unwrap();
        assert_eq!(refused.status(), 400, "{bad}");
        let body: Value = refused.json().await.unwrap();
        assert_eq!(body["ok"], false);
    }
}

#[tokio::test]
async fn list_filters_and_pages() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    let bob1 = request(&emulator, ACME_BOB, "x1@example.com");
    let alice = request(&emulator, ACME_ALICE, "x2@example.com");
    let bob2 = request(&emulator, ACME_BOB, "x3@example.com");
    let approved = request(&emulator, ACME_BOB, "x4@example.com");
    let denied = request(&emulator, ACME_BOB, "x5@example.com");
    let expiring = emulator
        .create_invite_request(
            NewInviteRequest::by_email(ACME_PROJECT, ACME_BOB, "x6@example.com")
                .expires_in(Duration::from_secs(60)),
        )
        .unwrap();
    assert_eq!(
        api.form(APPROVE, ACME_BOT_TOKEN, &[("invite_id", &approved)])
            .await
            .code(),
        "ok"
    );
    assert_eq!(
        api.form(DENY, ACME_BOT_TOKEN, &[("invite_id", &denied)])
            .await
            .code(),
        "ok"
    );
    emulator.advance_clock(Duration::from_secs(120));

    assert_eq!(
        list(&api, json!({})).await,
        [bob1.as_str(), alice.as_str(), bob2.as_str()]
    );
    assert_eq!(
        list(&api, json!({"user_id": ACME_BOB})).await,
        [bob1.as_str(), bob2.as_str()]
    );
    assert_eq!(
        list(&api, json!({"include_expired": true})).await,
        [
            bob1.as_str(),
            alice.as_str(),
            bob2.as_str(),
            expiring.as_str()
        ]
    );
    assert_eq!(
        list(&api, json!({"include_approved": true})).await,
        [
            bob1.as_str(),
            alice.as_str(),
            bob2.as_str(),
            approved.as_str()
        ]
    );
    assert_eq!(
        list(&api, json!({"include_denied": true})).await,
        [
            bob1.as_str(),
            alice.as_str(),
            bob2.as_str(),
            denied.as_str()
        ]
    );
    assert_eq!(
        list(&api, json!({"invite_ids": [&alice, &denied]})).await,
        [alice.as_str()]
    );
    assert_eq!(
        list(
            &api,
            json!({"invite_ids": format!("{alice},{denied}"), "include_denied": "1"})
        )
        .await,
        [alice.as_str(), denied.as_str()],
        "comma-separated strings work in JSON bodies too"
    );

    let everything =
        json!({"include_expired": true, "include_approved": true, "include_denied": true});
    let all = list(&api, everything.clone()).await;
    assert_eq!(all.len(), 6);
    let mut paged = Vec::new();
    let mut cursor = String::new();
    loop {
        let mut args = everything.clone();
        args["limit"] = json!(4);
        args["cursor"] = json!(cursor);
        let answer = api.json(LIST, ACME_BOT_TOKEN, args).await;
        let items = answer.body["invite_requests"].as_array().unwrap();
        paged.extend(items.iter().map(|r| r["id"].as_str().unwrap().to_owned()));
        cursor = answer.str_at("response_metadata", "next_cursor");
        if cursor.is_empty() {
            break;
        }
        assert!(cursor.ends_with('='), "Slack-like cursor: {cursor}");
    }
    assert_eq!(paged, all);

    let bad_cursor = api.form(LIST, ACME_BOT_TOKEN, &[("cursor", "nope")]).await;
    assert_eq!(bad_cursor.code(), "invalid_cursor");
    for limit in ["0", "1001"] {
        let bad_limit = api.form(LIST, ACME_BOT_TOKEN, &[("limit", limit)]).await;
        assert_eq!(bad_limit.code(), "invalid_arguments");
    }
    let restricted = api.form(LIST, ACME_NON_ADMIN_TOKEN, &[]).await;
    assert_eq!(restricted.code(), "restricted_action");
    let not_enterprise = api.form(LIST, GLOBEX_BOT_TOKEN, &[]).await;
    assert_eq!(not_enterprise.code(), "restricted_action");
    let org_token = api.form(LIST, ACME_ADMIN_TOKEN, &[]).await;
    assert_eq!(
        org_token.body["invite_requests"].as_array().unwrap().len(),
        3
    );
}

#[tokio::test]
async fn approving_a_request_creates_the_invite() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    let id = request(&emulator, ACME_BOB, "guest@globex.example");
    let answer = api
        .json(
            APPROVE,
            ACME_BOT_TOKEN,
            json!({"invite_id": id, "is_external_limited": false, "channel_id": ACME_LAUNCH,
                   "message": {"text": "Welcome", "is_override": true}}),
        )
        .await;
    assert_eq!(answer.code(), "ok");
    assert_eq!(answer.str("invite_id"), id);
    assert!(answer.str("url").starts_with("https://"));
    assert!(answer.body["confirmation_code"].is_string());

    let invites = api
        .form("conversations.listConnectInvites", ACME_BOT_TOKEN, &[])
        .await;
    let invite = &invites.body["invites"][0];
    assert_eq!(invite["invite"]["id"], id.as_str());
    assert_eq!(invite["channel"]["id"], ACME_LAUNCH);
    assert_eq!(invite["invite"]["inviting_user"]["id"], ACME_BOB);

    let listed = api
        .json(LIST, ACME_BOT_TOKEN, json!({"include_approved": true}))
        .await;
    assert_eq!(
        listed.body["invite_requests"][0]["reviewing_user"]["id"],
        ACME_BOT_USER
    );
}

#[tokio::test]
async fn approve_message_rules() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    let original = "o".repeat(500);
    let id = emulator
        .create_invite_request(
            NewInviteRequest::by_email(ACME_PROJECT, ACME_BOB, "g@example.com").message(&original),
        )
        .unwrap();
    let approve = |text: String, is_override: bool| {
        let message = json!({"text": text, "is_override": is_override}).to_string();
        let id = id.clone();
        let api = &api;
        async move {
            api.form(
                APPROVE,
                ACME_BOT_TOKEN,
                &[("invite_id", &id), ("message", &message)],
            )
            .await
            .code()
            .to_owned()
        }
    };
    assert_eq!(approve("t".repeat(561), true).await, "message_too_long");
    // Appended to the 500-character original, the total must stay under 560.
    assert_eq!(approve("t".repeat(60), false).await, "message_too_long");
    let bad_shape = api
        .form(
            APPROVE,
            ACME_BOT_TOKEN,
            &[("invite_id", &id), ("message", "{\"text\": 1}")],
        )
        .await;
    assert_eq!(bad_shape.code(), "invalid_arguments");
    assert_eq!(approve("t".repeat(59), false).await, "ok");
}

#[tokio::test]
async fn review_errors() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    for method in [APPROVE, DENY] {
        let unknown = api
            .form(method, ACME_BOT_TOKEN, &[("invite_id", "I0NOPE0001")])
            .await;
        assert_eq!(unknown.code(), "invite_not_found", "{method}");
        let id = request(&emulator, ACME_BOB, "g@example.com");
        let restricted = api
            .form(method, ACME_NON_ADMIN_TOKEN, &[("invite_id", &id)])
            .await;
        assert_eq!(restricted.code(), "restricted_action", "{method}");
        let other_org = api
            .form(method, GLOBEX_BOT_TOKEN, &[("invite_id", &id)])
            .await;
        assert_eq!(other_org.code(), "restricted_action", "{method}");
        let missing = api.form(method, ACME_BOT_TOKEN, &[]).await;
        assert_eq!(missing.code(), "invalid_arguments", "{method}");
    }
    let id = request(&emulator, ACME_BOB, "g@example.com");
    let bad_channel = api
        .form(
            APPROVE,
            ACME_BOT_TOKEN,
            &[("invite_id", &id), ("channel_id", GLOBEX_PARTNERS)],
        )
        .await;
    assert_eq!(bad_channel.code(), "channel_not_found");
    let long_denial = "d".repeat(561);
    let too_long = api
        .form(
            DENY,
            ACME_BOT_TOKEN,
            &[("invite_id", &id), ("message", &long_denial)],
        )
        .await;
    assert_eq!(too_long.code(), "message_too_long");
    let denied = api
        .form(
            DENY,
            ACME_BOT_TOKEN,
            &[("invite_id", &id), ("message", &"d".repeat(560))],
        )
        .await;
    assert_eq!(denied.code(), "ok");
    assert_eq!(denied.str("invite_id"), id);
    for method in [APPROVE, DENY] {
        let again = api
            .form(method, ACME_BOT_TOKEN, &[("invite_id", &id)])
            .await;
        assert_eq!(again.code(), "invite_already_denied", "{method}");
    }
    let approved = request(&emulator, ACME_BOB, "h@example.com");
    assert_eq!(
        api.form(APPROVE, ACME_ADMIN_TOKEN, &[("invite_id", &approved)])
            .await
            .code(),
        "ok"
    );
    for method in [APPROVE, DENY] {
        let again = api
            .form(method, ACME_BOT_TOKEN, &[("invite_id", &approved)])
            .await;
        assert_eq!(again.code(), "invite_already_approved", "{method}");
    }
}

#[tokio::test]
async fn requests_expire_by_the_emulator_clock() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    let id = request(&emulator, ACME_BOB, "g@example.com");
    let before = emulator.now();
    let clock = api.control("emulator/clock");
    let moved: Value = api
        .http()
        .post(&clock)
        .json(&json!({"advance_seconds": 14 * 24 * 3600}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(moved["now"].as_i64().unwrap() >= before + 14 * 24 * 3600);
    for method in [APPROVE, DENY] {
        let expired = api
            .form(method, ACME_BOT_TOKEN, &[("invite_id", &id)])
            .await;
        assert_eq!(expired.code(), "invite_expired", "{method}");
    }
}

#[tokio::test]
async fn racing_reviews_of_one_request_have_exactly_one_winner() {
    let emulator = emulator().await;
    let api = Arc::new(Api::new(&emulator));
    let id = request(&emulator, ACME_BOB, "race@example.com");
    let calls = (0..100).map(|n| {
        let (api, id) = (api.clone(), id.clone());
        tokio::spawn(async move {
            let method = if n % 2 == 0 { APPROVE } else { DENY };
            api.form(method, ACME_BOT_TOKEN, &[("invite_id", &id)])
                .await
                .code()
                .to_owned()
        })
    });
    let mut codes = Vec::new();
    for call in calls {
        codes.push(call.await.expect("task"));
    }
    let winners = codes.iter().filter(|c| *c == "ok").count();
    assert_eq!(winners, 1, "{codes:?}");
    let losers: Vec<_> = codes.iter().filter(|c| *c != "ok").collect();
    assert_eq!(losers.len(), 99);
    let first = losers[0];
    assert!(first == "invite_already_approved" || first == "invite_already_denied");
    assert!(losers.iter().all(|c| *c == first), "{codes:?}");
}
