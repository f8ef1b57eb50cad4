//! `conversations.inviteShared` and `conversations.acceptSharedInvite`: success paths and every
//! error the emulator produces for them.

mod common;

use std::time::Duration;

use common::{emulator, invite_by_email, Api};
use serde_json::json;
use slack_connect_emulator::seed::*;

const INVITE: &str = "conversations.inviteShared";
const ACCEPT: &str = "conversations.acceptSharedInvite";

#[tokio::test]
async fn invite_shared_is_external_limited_by_default_and_then_has_no_url() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    let limited = api
        .form(
            INVITE,
            ACME_BOT_TOKEN,
            &[("channel", ACME_PROJECT), ("emails", "pat@example.com")],
        )
        .await;
    assert_eq!(limited.code(), "ok");
    assert!(limited.str("invite_id").starts_with('I'));
    assert_eq!(limited.body["is_legacy_shared_channel"], false);
    assert!(limited.body.get("url").is_none() && limited.body.get("conf_code").is_none());

    let full = api
        .json(
            INVITE,
            ACME_BOT_TOKEN,
            json!({"channel": ACME_PROJECT, "user_ids": [GLOBEX_CAROL], "external_limited": false}),
        )
        .await;
    assert_eq!(full.code(), "ok");
    assert!(full.str("url").starts_with("https://"));
    assert_eq!(full.str("conf_code").len(), 6);
    assert_ne!(full.str("invite_id"), limited.str("invite_id"));
}

#[tokio::test]
async fn invite_shared_errors() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    let email = ("emails", "pat@example.com");
    let cases: &[(&[(&str, &str)], &str)] = &[
        (&[("channel", "C0NOPE0001"), email], "channel_not_found"),
        (&[("channel", GLOBEX_PARTNERS), email], "channel_not_found"),
        (
            &[("channel", ACME_GENERAL), email],
            "cannot_share_mandatory_channel",
        ),
        (&[("channel", ACME_ARCHIVED), email], "channel_archived"),
        (&[("channel", ACME_NOT_MEMBER), email], "not_in_channel"),
        (&[("channel", ACME_PROJECT)], "restricted_action"),
        (
            &[
                ("channel", ACME_PROJECT),
                ("emails", "a@example.com,b@example.com"),
            ],
            "too_many_emails",
        ),
        (
            &[("channel", ACME_PROJECT), email, ("user_ids", GLOBEX_CAROL)],
            "invalid_arguments",
        ),
        (
            &[("channel", ACME_PROJECT), ("emails", "not-an-email")],
            "invalid_email",
        ),
        (
            &[("channel", ACME_PROJECT), ("user_ids", "U0NOBODY01")],
            "user_not_found",
        ),
        (&[("emails", "pat@example.com")], "invalid_arguments"),
        (
            &[
                ("channel", ACME_PROJECT),
                email,
                ("external_limited", "maybe"),
            ],
            "invalid_arguments",
        ),
    ];
    for (args, code) in cases {
        let answer = api.form(INVITE, ACME_BOT_TOKEN, args).await;
        assert_eq!(answer.code(), *code, "{args:?}: {}", answer.body);
        assert_eq!(answer.status, 200);
    }
}

#[tokio::test]
async fn inviting_someone_whose_workspace_is_already_in_the_channel_is_refused() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    let invite = invite_by_email(&api, "carol@globex.example").await;
    let accept = api
        .form(
            ACCEPT,
            GLOBEX_BOT_TOKEN,
            &[("invite_id", &invite), ("channel_name", "acme-x")],
        )
        .await;
    assert_eq!(accept.code(), "ok");
    let approve = api
        .form(
            "conversations.approveSharedInvite",
            ACME_BOT_TOKEN,
            &[("invite_id", &invite), ("target_team", GLOBEX_TEAM)],
        )
        .await;
    assert_eq!(approve.code(), "ok");
    let again = api
        .form(
            INVITE,
            ACME_BOT_TOKEN,
            &[("channel", ACME_PROJECT), ("user_ids", GLOBEX_DAVE)],
        )
        .await;
    assert_eq!(again.code(), "already_in_channel");
}

#[tokio::test]
async fn accepting_reports_implicit_approval_and_marks_the_invite_used() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    let invite = invite_by_email(&api, "carol@globex.example").await;
    let accept = api
        .form(
            ACCEPT,
            GLOBEX_BOT_TOKEN,
            &[
                ("invite_id", &invite),
                ("channel_name", "acme-project"),
                ("is_private", "true"),
            ],
        )
        .await;
    assert_eq!(accept.code(), "ok");
    assert_eq!(accept.str("invite_id"), invite);
    assert_eq!(accept.str("channel_id"), ACME_PROJECT);
    // Globex approves implicitly; Acme still has to approve.
    assert_eq!(accept.body["implicit_approval"], true);
    assert_eq!(accept.body["can_open_scdm"], false);

    let again = api
        .form(
            ACCEPT,
            GLOBEX_BOT_TOKEN,
            &[("invite_id", &invite), ("channel_name", "other")],
        )
        .await;
    assert_eq!(again.code(), "invite_used");
}

#[tokio::test]
async fn accepting_into_a_workspace_that_requires_approval_is_not_implicit() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    let invite = api
        .form(
            INVITE,
            GLOBEX_BOT_TOKEN,
            &[("channel", GLOBEX_PARTNERS), ("user_ids", ACME_BOB)],
        )
        .await
        .str("invite_id");
    // The org-level token must say which workspace accepts.
    let without_team = api
        .form(
            ACCEPT,
            ACME_ADMIN_TOKEN,
            &[("invite_id", &invite), ("channel_name", "globex")],
        )
        .await;
    assert_eq!(without_team.code(), "invalid_arguments");
    assert_eq!(without_team.body["arg"], "team_id");
    let unknown_team = api
        .form(
            ACCEPT,
            ACME_ADMIN_TOKEN,
            &[
                ("invite_id", &invite),
                ("channel_name", "globex"),
                ("team_id", "T0NOPE0001"),
            ],
        )
        .await;
    assert_eq!(unknown_team.code(), "team_not_found");
    let other_org_team = api
        .form(
            ACCEPT,
            ACME_ADMIN_TOKEN,
            &[
                ("invite_id", &invite),
                ("channel_name", "globex"),
                ("team_id", GLOBEX_TEAM),
            ],
        )
        .await;
    assert_eq!(other_org_team.code(), "team_access_not_granted");
    // Bob is in Acme HQ, not Acme Labs.
    let wrong_team = api
        .form(
            ACCEPT,
            ACME_ADMIN_TOKEN,
            &[
                ("invite_id", &invite),
                ("channel_name", "globex"),
                ("team_id", ACME_LABS_TEAM),
            ],
        )
        .await;
    assert_eq!(wrong_team.code(), "invalid_recipient_team");
    let accept = api
        .form(
            ACCEPT,
            ACME_ADMIN_TOKEN,
            &[
                ("invite_id", &invite),
                ("channel_name", "globex"),
                ("team_id", ACME_TEAM),
            ],
        )
        .await;
    assert_eq!(accept.code(), "ok");
    assert_eq!(accept.body["implicit_approval"], false);
}

#[tokio::test]
async fn channel_name_rules() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    let invite = invite_by_email(&api, "someone@globex.example").await;
    let too_long = "a".repeat(81);
    let cases = [
        ("", "invalid_name_required"),
        ("   ", "invalid_name_required"),
        (too_long.as_str(), "invalid_name_maxlength"),
        ("---", "invalid_name_punctuation"),
        ("Has Caps", "invalid_name_specials"),
        ("dollar$", "invalid_name_specials"),
        ("party-🎉", "invalid_emoji_not_allowed"),
        ("partners", "name_taken"),
    ];
    for (name, code) in cases {
        let answer = api
            .form(
                ACCEPT,
                GLOBEX_BOT_TOKEN,
                &[("invite_id", &invite), ("channel_name", name)],
            )
            .await;
        assert_eq!(answer.code(), code, "channel_name {name:?}");
    }
    let longest = "a".repeat(80);
    let answer = api
        .form(
            ACCEPT,
            GLOBEX_BOT_TOKEN,
            &[("invite_id", &invite), ("channel_name", &longest)],
        )
        .await;
    assert_eq!(answer.code(), "ok");
    // The name is now taken in Globex.
    let second = invite_by_email(&api, "another@globex.example").await;
    let answer = api
        .form(
            ACCEPT,
            GLOBEX_BOT_TOKEN,
            &[("invite_id", &second), ("channel_name", &longest)],
        )
        .await;
    assert_eq!(answer.code(), "name_taken");
}

#[tokio::test]
async fn accept_errors() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    let invite = invite_by_email(&api, "carol@globex.example").await;
    let name = ("channel_name", "shared-x");
    let not_found = api
        .form(
            ACCEPT,
            GLOBEX_BOT_TOKEN,
            &[("invite_id", "I0NOPE0001"), name],
        )
        .await;
    assert_eq!(not_found.code(), "invite_not_found");
    let neither = api.form(ACCEPT, GLOBEX_BOT_TOKEN, &[name]).await;
    assert_eq!(neither.code(), "invalid_arguments");
    let same_org = api
        .form(ACCEPT, ACME_LABS_BOT_TOKEN, &[("invite_id", &invite), name])
        .await;
    assert_eq!(same_org.code(), "invite_from_same_org");
    let public = api
        .form(
            ACCEPT,
            GLOBEX_BOT_TOKEN,
            &[("invite_id", &invite), name, ("is_private", "false")],
        )
        .await;
    assert_eq!(
        public.code(),
        "invalid_privacy",
        "external-limited channels are private"
    );

    // An invite to Lena's address cannot be accepted by Globex.
    let lena = invite_by_email(&api, "lena@acme.example").await;
    let mismatch = api
        .form(ACCEPT, GLOBEX_BOT_TOKEN, &[("invite_id", &lena), name])
        .await;
    assert_eq!(mismatch.code(), "email_does_not_match");

    // By channel ID instead of invite ID.
    let by_channel = api
        .form(
            ACCEPT,
            GLOBEX_BOT_TOKEN,
            &[("channel_id", ACME_PROJECT), name],
        )
        .await;
    assert_eq!(by_channel.code(), "ok");
    assert_eq!(by_channel.str("invite_id"), invite);
    let nothing_left = api
        .form(
            ACCEPT,
            GLOBEX_BOT_TOKEN,
            &[("channel_id", ACME_LAUNCH), name],
        )
        .await;
    assert_eq!(nothing_left.code(), "invite_not_found");
}

#[tokio::test]
async fn expired_invites_cannot_be_accepted() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    let invite = invite_by_email(&api, "carol@globex.example").await;
    emulator.advance_clock(Duration::from_secs(15 * 24 * 3600));
    let answer = api
        .form(
            ACCEPT,
            GLOBEX_BOT_TOKEN,
            &[("invite_id", &invite), ("channel_name", "late")],
        )
        .await;
    assert_eq!(answer.code(), "invalid_link");
}
