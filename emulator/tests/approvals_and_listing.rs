//! `conversations.approveSharedInvite`, `conversations.declineSharedInvite` and
//! `conversations.listConnectInvites`: the approval lifecycle, its errors, and pagination.

mod common;

use std::collections::HashSet;
use std::time::Duration;

use common::{emulator, invite_by_email, Api};
use slack_connect_emulator::seed::*;

const ACCEPT: &str = "conversations.acceptSharedInvite";
const APPROVE: &str = "conversations.approveSharedInvite";
const DECLINE: &str = "conversations.declineSharedInvite";
const LIST: &str = "conversations.listConnectInvites";

/// An Acme invite accepted by Globex, waiting for Acme's approval.
async fn accepted_invite(api: &Api, name: &str) -> String {
    let invite = invite_by_email(api, "carol@globex.example").await;
    let accept = api
        .form(
            ACCEPT,
            GLOBEX_BOT_TOKEN,
            &[("invite_id", &invite), ("channel_name", name)],
        )
        .await;
    assert_eq!(accept.code(), "ok", "{}", accept.body);
    invite
}

async fn listed_ids(api: &Api, token: &str, args: &[(&str, &str)]) -> Vec<String> {
    let answer = api.form(LIST, token, args).await;
    assert_eq!(answer.code(), "ok", "{}", answer.body);
    answer.body["invites"]
        .as_array()
        .expect("invites")
        .iter()
        .map(|i| i["invite"]["id"].as_str().expect("id").to_owned())
        .collect()
}

#[tokio::test]
async fn approval_by_the_inviting_side_shares_the_channel() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    let invite = accepted_invite(&api, "acme-x").await;

    let listed = api.form(LIST, ACME_BOT_TOKEN, &[]).await;
    let item = &listed.body["invites"][0];
    assert_eq!(item["direction"], "outgoing");
    assert_eq!(
        item["acceptances"][0]["approval_status"],
        "pending_approval"
    );
    assert_eq!(item["acceptances"][0]["accepting_team"]["id"], GLOBEX_TEAM);
    let incoming = api.form(LIST, GLOBEX_BOT_TOKEN, &[]).await;
    assert_eq!(incoming.body["invites"][0]["direction"], "incoming");
    assert_eq!(incoming.body["invites"][0]["channel"]["name"], "acme-x");

    let missing_target = api
        .form(APPROVE, ACME_BOT_TOKEN, &[("invite_id", &invite)])
        .await;
    assert_eq!(missing_target.code(), "missing_target_team");
    let wrong_target = api
        .form(
            APPROVE,
            ACME_BOT_TOKEN,
            &[("invite_id", &invite), ("target_team", ACME_LABS_TEAM)],
        )
        .await;
    assert_eq!(wrong_target.code(), "approval_not_found");
    // Globex approved implicitly: there is nothing for it to approve.
    let receiver = api
        .form(APPROVE, GLOBEX_BOT_TOKEN, &[("invite_id", &invite)])
        .await;
    assert_eq!(receiver.code(), "invalid_action");

    let approve = api
        .form(
            APPROVE,
            ACME_BOT_TOKEN,
            &[("invite_id", &invite), ("target_team", GLOBEX_TEAM)],
        )
        .await;
    assert_eq!(approve.code(), "ok");
    assert_eq!(approve.body, serde_json::json!({"ok": true}));
    let again = api
        .form(
            APPROVE,
            ACME_BOT_TOKEN,
            &[("invite_id", &invite), ("target_team", GLOBEX_TEAM)],
        )
        .await;
    assert_eq!(again.code(), "already_approved");
    let decline = api
        .form(
            DECLINE,
            ACME_BOT_TOKEN,
            &[("invite_id", &invite), ("target_team", GLOBEX_TEAM)],
        )
        .await;
    assert_eq!(decline.code(), "approval_inactive");
    assert!(listed_ids(&api, ACME_BOT_TOKEN, &[]).await.is_empty());
}

#[tokio::test]
async fn approval_by_the_receiving_side_needs_no_target_team() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    let invite = api
        .form(
            "conversations.inviteShared",
            GLOBEX_BOT_TOKEN,
            &[("channel", GLOBEX_PARTNERS), ("user_ids", ACME_BOB)],
        )
        .await
        .str("invite_id");
    let accept = api
        .form(
            ACCEPT,
            ACME_BOT_TOKEN,
            &[("invite_id", &invite), ("channel_name", "globex")],
        )
        .await;
    assert_eq!(accept.body["implicit_approval"], false);
    let approve = api
        .form(APPROVE, ACME_BOT_TOKEN, &[("invite_id", &invite)])
        .await;
    assert_eq!(approve.code(), "ok");
    assert!(listed_ids(&api, GLOBEX_BOT_TOKEN, &[]).await.is_empty());
}

#[tokio::test]
async fn approve_and_decline_errors() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    let target = ("target_team", GLOBEX_TEAM);
    for method in [APPROVE, DECLINE] {
        let unknown = api
            .form(
                method,
                ACME_BOT_TOKEN,
                &[("invite_id", "I0NOPE0001"), target],
            )
            .await;
        assert_eq!(unknown.code(), "invite_not_found", "{method}");
        let sent = invite_by_email(&api, "carol@globex.example").await;
        let not_accepted = api
            .form(method, ACME_BOT_TOKEN, &[("invite_id", &sent), target])
            .await;
        assert_eq!(not_accepted.code(), "approval_not_found", "{method}");
        let restricted = api
            .form(
                method,
                ACME_NON_ADMIN_TOKEN,
                &[("invite_id", &sent), target],
            )
            .await;
        assert_eq!(restricted.code(), "restricted_action", "{method}");
        let missing = api.form(method, ACME_BOT_TOKEN, &[]).await;
        assert_eq!(missing.code(), "invalid_arguments", "{method}");
    }
    // Another organization's invite is not found.
    let foreign = api
        .form(
            "conversations.inviteShared",
            GLOBEX_BOT_TOKEN,
            &[
                ("channel", GLOBEX_PARTNERS),
                ("emails", "x@initech.example"),
            ],
        )
        .await
        .str("invite_id");
    let hidden = api
        .form(APPROVE, ACME_BOT_TOKEN, &[("invite_id", &foreign)])
        .await;
    assert_eq!(hidden.code(), "invite_not_found");
}

#[tokio::test]
async fn declined_invites_are_inactive_and_leave_the_list() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    let invite = accepted_invite(&api, "acme-x").await;
    let decline = api
        .form(DECLINE, GLOBEX_BOT_TOKEN, &[("invite_id", &invite)])
        .await;
    assert_eq!(decline.code(), "ok");
    let twice = api
        .form(DECLINE, GLOBEX_BOT_TOKEN, &[("invite_id", &invite)])
        .await;
    assert_eq!(twice.code(), "approval_inactive");
    let approve = api
        .form(
            APPROVE,
            ACME_BOT_TOKEN,
            &[("invite_id", &invite), ("target_team", GLOBEX_TEAM)],
        )
        .await;
    assert_eq!(approve.code(), "approval_inactive");
    assert!(listed_ids(&api, ACME_BOT_TOKEN, &[]).await.is_empty());
}

#[tokio::test]
async fn expired_acceptances_cannot_be_reviewed() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    let invite = accepted_invite(&api, "acme-x").await;
    emulator.advance_clock(Duration::from_secs(15 * 24 * 3600));
    let target = ("target_team", GLOBEX_TEAM);
    let approve = api
        .form(APPROVE, ACME_BOT_TOKEN, &[("invite_id", &invite), target])
        .await;
    assert_eq!(approve.code(), "approval_inactive");
    let decline = api
        .form(DECLINE, ACME_BOT_TOKEN, &[("invite_id", &invite), target])
        .await;
    assert_eq!(decline.code(), "inactive_invite");
    assert!(listed_ids(&api, ACME_BOT_TOKEN, &[]).await.is_empty());
}

#[tokio::test]
async fn list_connect_invites_pages_with_count_and_cursor() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    let mut created = Vec::new();
    for n in 0..5 {
        created.push(invite_by_email(&api, &format!("guest{n}@example.com")).await);
    }
    let mut seen = Vec::new();
    let mut cursor = String::new();
    let mut pages = 0;
    loop {
        let answer = api
            .form(LIST, ACME_BOT_TOKEN, &[("count", "2"), ("cursor", &cursor)])
            .await;
        assert_eq!(answer.code(), "ok");
        let invites = answer.body["invites"].as_array().expect("invites");
        assert!(invites.len() <= 2);
        seen.extend(
            invites
                .iter()
                .map(|i| i["invite"]["id"].as_str().unwrap().to_owned()),
        );
        pages += 1;
        cursor = answer.str_at("response_metadata", "next_cursor");
        if cursor.is_empty() {
            break;
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, created);

    let bad_cursor = api
        .form(LIST, ACME_BOT_TOKEN, &[("cursor", "garbage!")])
        .await;
    assert_eq!(bad_cursor.code(), "invalid_arguments");
    for count in ["0", "501", "ten"] {
        let bad_count = api.form(LIST, ACME_BOT_TOKEN, &[("count", count)]).await;
        assert_eq!(bad_count.code(), "invalid_arguments", "count={count}");
    }
}

#[tokio::test]
async fn list_connect_invites_needs_a_team_with_an_org_token() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    let invite = invite_by_email(&api, "carol@globex.example").await;
    let missing = api.form(LIST, ACME_ADMIN_TOKEN, &[]).await;
    assert_eq!(missing.code(), "invalid_arguments");
    assert_eq!(missing.body["arg"], "team_id");
    let foreign = api
        .form(LIST, ACME_ADMIN_TOKEN, &[("team_id", GLOBEX_TEAM)])
        .await;
    assert_eq!(foreign.code(), "team_access_not_granted");
    let ids = listed_ids(&api, ACME_ADMIN_TOKEN, &[("team_id", ACME_TEAM)]).await;
    assert_eq!(ids, vec![invite.clone()]);
    assert!(
        listed_ids(&api, ACME_ADMIN_TOKEN, &[("team_id", ACME_LABS_TEAM)])
            .await
            .is_empty()
    );
    // Carol's workspace sees the invite addressed to her.
    assert_eq!(listed_ids(&api, GLOBEX_BOT_TOKEN, &[]).await, vec![invite]);
    let restricted = api.form(LIST, ACME_NON_ADMIN_TOKEN, &[]).await;
    assert_eq!(restricted.code(), "restricted_action");
}

#[tokio::test]
async fn concurrent_invites_are_neither_lost_nor_duplicated() {
    let emulator = emulator().await;
    let api = std::sync::Arc::new(Api::new(&emulator));
    let calls = (0..200).map(|n| {
        let api = api.clone();
        tokio::spawn(async move { invite_by_email(&api, &format!("load{n}@example.com")).await })
    });
    let mut ids = HashSet::new();
    for call in calls {
        assert!(ids.insert(call.await.expect("task")), "duplicate invite ID");
    }
    let listed = listed_ids(&api, ACME_BOT_TOKEN, &[("count", "500")]).await;
    assert_eq!(listed.len(), 200);
    assert_eq!(listed.into_iter().collect::<HashSet<_>>(), ids);
}
