//! End to end: every method through the SDK against the emulator over loopback, its success
//! path and the documented errors the emulator produces, pagination, retries on 429, faults,
//! and the approve/deny race.

use slack_connect::conversations::accept_shared_invite;
use slack_connect::conversations::approve_shared_invite;
use slack_connect::conversations::invite_shared;
use slack_connect::conversations::list_connect_invites;
use slack_connect::conversations::request_shared_invite::list;
use std::time::Duration;

use futures_util::TryStreamExt;
use slack_connect::runtime::ApiError;
use slack_connect::*;
use slack_connect_emulator::{seed, Emulator, EmulatorConfig, Fault, NewInviteRequest};

struct World {
    emulator: Emulator,
}

impl World {
    async fn start() -> World {
        let emulator = Emulator::start_with(EmulatorConfig::default().without_rate_limits())
            .await
            .unwrap();
        World { emulator }
    }

    fn client(&self, token: &str) -> Client {
        Client::builder(token)
            .base_url(self.emulator.base_url())
            .retry_policy(RetryPolicy::default().max_retries(1))
            .build()
            .unwrap()
    }

    fn acme(&self) -> Client {
        self.client(seed::ACME_BOT_TOKEN)
    }

    fn globex(&self) -> Client {
        self.client(seed::GLOBEX_BOT_TOKEN)
    }

    /// An invite from Acme to Carol at Globex for `channel`.
    async fn invite_carol(&self, channel: &str) -> InviteId {
        let request = invite_shared::Request::new(channel).user_ids([seed::GLOBEX_CAROL]);
        self.acme().call(&request).await.unwrap().invite_id
    }

    /// An invite Globex has accepted (Acme's approval still pending).
    async fn accepted_invite(&self, channel: &str, name: &str) -> InviteId {
        let invite = self.invite_carol(channel).await;
        let accept = accept_shared_invite::Request::new(name).invite_id(invite.clone());
        self.globex().call(&accept).await.unwrap();
        invite
    }

    fn invite_request(&self, recipient: &str) -> InviteId {
        let request = NewInviteRequest::by_email(seed::ACME_PROJECT, seed::ACME_ALICE, recipient);
        InviteId::new(self.emulator.create_invite_request(request).unwrap())
    }
}

/// The wire code of a call's API error, failing the test on any other outcome.
fn code<T: std::fmt::Debug, E: ApiError + std::fmt::Debug>(result: Result<T, Error<E>>) -> String {
    match result {
        Err(Error::Api { failure, .. }) => {
            assert!(
                failure.error.is_documented(),
                "undocumented code {:?}",
                failure.error
            );
            failure.error.code().to_owned()
        }
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn invite_shared_success_and_errors() {
    let world = World::start().await;
    let acme = world.acme();
    let limited = world.invite_carol(seed::ACME_PROJECT).await;
    assert!(limited.as_str().starts_with('I'));
    let open = acme
        .call(
            &invite_shared::Request::new(seed::ACME_LAUNCH)
                .emails(["dave@globex.example"])
                .external_limited(false),
        )
        .await
        .unwrap();
    assert!(
        open.url.is_some() && open.conf_code.is_some(),
        "url and conf_code only when not limited"
    );

    let invite = |channel: &str, email: &str| {
        acme.conversations()
            .invite_shared(channel, invite_shared::Recipient::Email(email.into()))
    };
    assert_eq!(
        code(invite("C0NOSUCH01", "x@globex.example").await),
        "channel_not_found"
    );
    assert_eq!(
        code(invite(seed::ACME_GENERAL, "x@globex.example").await),
        "cannot_share_mandatory_channel"
    );
    assert_eq!(
        code(invite(seed::ACME_ARCHIVED, "x@globex.example").await),
        "channel_archived"
    );
    assert_eq!(
        code(invite(seed::ACME_NOT_MEMBER, "x@globex.example").await),
        "not_in_channel"
    );
    assert_eq!(
        code(invite(seed::ACME_PROJECT, "not-an-email").await),
        "invalid_email"
    );
    let nobody = invite_shared::Request::new(seed::ACME_PROJECT).user_ids(["U0NOBODY01"]);
    assert_eq!(code(acme.call(&nobody).await), "user_not_found");

    // Exactly one recipient is checked before sending.
    let none = acme
        .call(&invite_shared::Request::new(seed::ACME_PROJECT))
        .await;
    assert!(matches!(none, Err(Error::InvalidArgument { .. })));
}

#[tokio::test]
async fn transport_and_auth_errors() {
    let world = World::start().await;
    let list = || list_connect_invites::Request::new();
    let call = |token: &str| {
        let client = world.client(token);
        async move { client.call(&list()).await }
    };
    assert_eq!(code(call("xoxb-not-a-real-token").await), "invalid_auth");
    assert_eq!(
        code(call(seed::ACME_USER_TOKEN).await),
        "not_allowed_token_type"
    );
    let scope = call(seed::ACME_WRITE_ONLY_TOKEN).await.unwrap_err();
    let Error::Api { failure, .. } = &scope else {
        panic!("{scope:?}")
    };
    assert_eq!(failure.error, list_connect_invites::Error::MissingScope);
    assert_eq!(
        failure.envelope.needed.as_deref(),
        Some("conversations.connect:manage")
    );
    assert_eq!(
        failure.envelope.provided.as_deref(),
        Some("conversations.connect:write")
    );
}

#[tokio::test]
async fn accept_shared_invite_success_and_channel_name_rules() {
    let world = World::start().await;
    let globex = world.globex();
    let invite = world.invite_carol(seed::ACME_PROJECT).await;
    let accept = |name: &str| {
        globex
            .conversations()
            .accept_shared_invite(name)
            .invite_id(&invite)
    };
    assert_eq!(code(accept("").await), "invalid_name_required");
    assert_eq!(
        code(accept(&"a".repeat(81)).await),
        "invalid_name_maxlength"
    );
    assert_eq!(code(accept("---").await), "invalid_name_punctuation");
    assert_eq!(code(accept("Project X").await), "invalid_name_specials");
    assert_eq!(code(accept("party-🎉").await), "invalid_emoji_not_allowed");
    assert_eq!(code(accept("partners").await), "name_taken");
    let accepted = accept("acme-project-x").await.unwrap();
    assert_eq!(accepted.invite_id, invite);
    assert!(accepted.implicit_approval, "Globex approves implicitly");
    assert_eq!(code(accept("acme-project-x-2").await), "invite_used");

    let missing = accept_shared_invite::Request::new("x").invite_id("I0NOSUCH01");
    assert_eq!(code(globex.call(&missing).await), "invite_not_found");
    let own = world.invite_carol(seed::ACME_LAUNCH).await;
    let same_org = accept_shared_invite::Request::new("own").invite_id(own);
    let labs = world.client(seed::ACME_LABS_BOT_TOKEN);
    assert_eq!(code(labs.call(&same_org).await), "invite_from_same_org");
    let org = world.client(seed::ACME_ADMIN_TOKEN);
    let unknown_team = accept_shared_invite::Request::new("x")
        .invite_id("I1")
        .team_id("T0NOSUCH01");
    assert_eq!(code(org.call(&unknown_team).await), "team_not_found");
    let no_team = accept_shared_invite::Request::new("x").invite_id("I1");
    assert_eq!(code(org.call(&no_team).await), "invalid_arguments");
}

#[tokio::test]
async fn approve_and_decline_shared_invites() {
    let world = World::start().await;
    let acme = world.acme();
    let approve = |invite: &InviteId, target: Option<&str>| {
        let call = acme.conversations().approve_shared_invite(invite);
        match target {
            Some(target) => call.target_team(target),
            None => call,
        }
    };
    let not_accepted = world.invite_carol(seed::ACME_LAUNCH).await;
    assert_eq!(
        code(approve(&not_accepted, Some(seed::GLOBEX_TEAM)).await),
        "approval_not_found"
    );
    let invite = world
        .accepted_invite(seed::ACME_PROJECT, "acme-project")
        .await;
    assert_eq!(code(approve(&invite, None).await), "missing_target_team");
    let non_admin = world.client(seed::ACME_NON_ADMIN_TOKEN);
    let request =
        approve_shared_invite::Request::new(invite.clone()).target_team(seed::GLOBEX_TEAM);
    assert_eq!(code(non_admin.call(&request).await), "restricted_action");
    approve(&invite, Some(seed::GLOBEX_TEAM)).await.unwrap();
    assert_eq!(
        code(approve(&invite, Some(seed::GLOBEX_TEAM)).await),
        "already_approved"
    );
    assert_eq!(
        code(approve(&InviteId::from("I0NOSUCH01"), None).await),
        "invite_not_found"
    );

    // Declining: a fresh accepted invite, then again once it is no longer active.
    let decline = |invite: &InviteId| {
        acme.conversations()
            .decline_shared_invite(invite)
            .target_team(seed::GLOBEX_TEAM)
    };
    let second = world
        .accepted_invite(seed::ACME_LAUNCH, "acme-launch")
        .await;
    decline(&second).await.unwrap();
    assert_eq!(code(decline(&second).await), "approval_inactive");
    assert_eq!(
        code(decline(&InviteId::from("I0NOSUCH01")).await),
        "invite_not_found"
    );
    // #project-x is now shared with Globex, so Carol cannot be invited to it again.
    let again = invite_shared::Request::new(seed::ACME_PROJECT).user_ids([seed::GLOBEX_CAROL]);
    assert_eq!(code(acme.call(&again).await), "already_in_channel");
    let expiring = world
        .accepted_invite(seed::ACME_LAUNCH, "acme-launch-again")
        .await;
    world
        .emulator
        .advance_clock(Duration::from_secs(30 * 86_400));
    assert_eq!(code(decline(&expiring).await), "inactive_invite");
}

#[tokio::test]
async fn list_connect_invites_pages_with_count() {
    let world = World::start().await;
    for channel in [seed::ACME_PROJECT, seed::ACME_LAUNCH, seed::ACME_PROJECT] {
        world.invite_carol(channel).await;
    }
    let invites: Vec<ConnectInvite> = world
        .acme()
        .items(list_connect_invites::Request::new().count(1), None)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(invites.len(), 3);
    assert!(invites
        .iter()
        .all(|i| i.direction.as_deref() == Some("outgoing")));
    let org = world.client(seed::ACME_ADMIN_TOKEN);
    let error = org
        .call(&list_connect_invites::Request::new())
        .await
        .unwrap_err();
    let Error::Api { failure, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(failure.error, list_connect_invites::Error::InvalidArguments);
    let non_admin = world.client(seed::ACME_NON_ADMIN_TOKEN);
    let result = non_admin.call(&list_connect_invites::Request::new()).await;
    assert_eq!(code(result), "restricted_action");
}

#[tokio::test]
async fn invite_requests_list_approve_and_deny() {
    let world = World::start().await;
    let acme = world.acme();
    let ids: Vec<InviteId> = (0..7)
        .map(|i| world.invite_request(&format!("guest{i}@globex.example")))
        .collect();

    let listed: Vec<InviteRequest> = acme
        .items(list::Request::new().limit(3), None)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        listed.iter().map(|r| r.id.clone()).collect::<Vec<_>>(),
        ids,
        "all pages, in ID order"
    );

    let requests = acme.conversations().request_shared_invite();
    let approve = |id: &InviteId| requests.approve(id);
    let deny = |id: &InviteId| requests.deny(id).message("no");
    assert_eq!(approve(&ids[0]).await.unwrap().invite_id, ids[0]);
    assert_eq!(code(approve(&ids[0]).await), "invite_already_approved");
    assert_eq!(code(deny(&ids[0]).await), "invite_already_approved");
    assert_eq!(deny(&ids[1]).await.unwrap().invite_id, Some(ids[1].clone()));
    assert_eq!(code(approve(&ids[1]).await), "invite_already_denied");
    assert_eq!(code(deny(&ids[1]).await), "invite_already_denied");
    assert_eq!(
        code(approve(&InviteId::from("I0NOSUCH01")).await),
        "invite_not_found"
    );
    assert_eq!(
        code(deny(&InviteId::from("I0NOSUCH01")).await),
        "invite_not_found"
    );
    let elsewhere = requests.approve(&ids[2]).channel_id("C0NOSUCH01");
    assert_eq!(code(elsewhere.await), "channel_not_found");

    // The combined-length rule is the server's: the original message plus the text reach 560.
    let wordy =
        NewInviteRequest::by_email(seed::ACME_PROJECT, seed::ACME_ALICE, "w@globex.example")
            .message(&"m".repeat(500));
    let wordy = InviteId::new(world.emulator.create_invite_request(wordy).unwrap());
    let appended = requests
        .approve(&wordy)
        .message(ApproveMessage::append("t".repeat(60)));
    assert_eq!(code(appended.await), "message_too_long");
    let replaced = requests
        .approve(&wordy)
        .message(ApproveMessage::replace("t".repeat(60)));
    replaced.await.unwrap();

    // Filters: approved and denied requests are hidden unless asked for.
    let count = |request: list::Request| {
        let acme = &acme;
        async move { acme.call(&request).await.unwrap().invite_requests.len() }
    };
    assert_eq!(count(list::Request::new()).await, 5);
    assert_eq!(
        count(
            list::Request::new()
                .include_approved(true)
                .include_denied(true)
        )
        .await,
        8
    );
    assert_eq!(
        count(list::Request::new().invite_ids([ids[3].clone()])).await,
        1
    );

    let bad_cursor = list::Request::new().cursor("not-a-cursor");
    assert_eq!(code(acme.call(&bad_cursor).await), "invalid_cursor");
    let non_admin = world.client(seed::ACME_NON_ADMIN_TOKEN);
    let result = non_admin.call(&list::Request::new()).await;
    assert_eq!(code(result), "restricted_action");

    world
        .emulator
        .advance_clock(Duration::from_secs(15 * 86_400));
    assert_eq!(code(approve(&ids[3]).await), "invite_expired");
    assert_eq!(code(deny(&ids[4]).await), "invite_expired");
}

#[tokio::test]
async fn a_hundred_racing_reviews_give_exactly_one_success() {
    let world = World::start().await;
    let id = world.invite_request("racer@globex.example");
    let acme = world.acme();
    let calls = (0..100).map(|i| {
        let (acme, id) = (acme.clone(), id.clone());
        tokio::spawn(async move {
            let requests = acme.conversations().request_shared_invite();
            if i % 2 == 0 {
                requests
                    .approve(id)
                    .await
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            } else {
                requests
                    .deny(id)
                    .await
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            }
        })
    });
    let results = futures_util::future::join_all(calls).await;
    let successes = results.iter().filter(|r| matches!(r, Ok(Ok(())))).count();
    assert_eq!(successes, 1);
    for result in results {
        if let Ok(Err(message)) = result {
            assert!(
                message.contains("invite_already_approved")
                    || message.contains("invite_already_denied"),
                "{message}"
            );
        }
    }
}

#[tokio::test]
async fn rate_limits_are_retried_through_the_client() {
    let world = World::start().await;
    let method = "conversations.requestSharedInvite.list";
    world
        .emulator
        .inject_fault(method, Fault::RateLimited { retry_after: 1 }, 1)
        .unwrap();
    let requests = world.acme();
    let list = || requests.conversations().request_shared_invite().list();
    list().await.unwrap();

    world
        .emulator
        .inject_fault(method, Fault::RateLimited { retry_after: 1 }, 2)
        .unwrap();
    let error = list().await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::RateLimited {
                attempts: 2,
                retry_after: Some(_),
                ..
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn real_tier_limits_answer_429_with_retry_after() {
    let config = EmulatorConfig::default().time_scale(0.01);
    let emulator = Emulator::start_with(config).await.unwrap();
    let client = Client::builder(seed::ACME_BOT_TOKEN)
        .base_url(emulator.base_url())
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();
    // listConnectInvites is Tier 1: one call a (scaled) minute.
    let list = || client.conversations().list_connect_invites();
    list().await.unwrap();
    let error = list().await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::RateLimited {
                retry_after: Some(_),
                attempts: 1,
                ..
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn injected_faults_surface_as_their_error_classes() {
    let world = World::start().await;
    let method = "conversations.listConnectInvites";
    let acme = world.acme();
    let list = || acme.conversations().list_connect_invites();
    world
        .emulator
        .inject_fault(method, Fault::ServerError { status: 503 }, 1)
        .unwrap();
    // Slack's JSON body on a 503 decodes into the typed error, with the status kept.
    let unavailable = list().await.unwrap_err();
    assert!(matches!(unavailable, Error::Api { status: 503, .. }));
    assert_eq!(
        unavailable.api_error(),
        Some(&list_connect_invites::Error::ServiceUnavailable)
    );
    assert_eq!(unavailable.code(), Some("service_unavailable"));
    assert!(unavailable.is_retryable());
    // Printed as a chain (`{:#}` in anyhow), each fact appears once.
    let chain = slack_connect_tests::error_chain(&unavailable);
    assert_eq!(chain.matches("service_unavailable").count(), 1, "{chain}");
    assert_eq!(
        chain.matches("temporarily unavailable").count(),
        1,
        "{chain}"
    );
    world
        .emulator
        .inject_fault(method, Fault::MalformedBody, 1)
        .unwrap();
    assert!(matches!(
        list().await,
        Err(Error::Decode { status: 200, .. })
    ));
    world
        .emulator
        .inject_fault(method, Fault::TruncatedBody, 1)
        .unwrap();
    assert!(matches!(list().await, Err(Error::Decode { .. })));
    world
        .emulator
        .inject_fault(method, Fault::CloseConnection, 1)
        .unwrap();
    assert!(matches!(
        list().await,
        Err(Error::Transport {
            maybe_processed: true,
            ..
        })
    ));
    list().await.unwrap();
}

#[tokio::test]
async fn a_decode_failure_prints_each_fact_once() {
    let world = World::start().await;
    let method = "conversations.listConnectInvites";
    world
        .emulator
        .inject_fault(method, Fault::MalformedBody, 1)
        .unwrap();
    let error = world
        .acme()
        .conversations()
        .list_connect_invites()
        .await
        .unwrap_err();
    let chain = slack_connect_tests::error_chain(&error);
    assert_eq!(
        chain.matches("not a Slack response envelope").count(),
        1,
        "{chain}"
    );
    assert_eq!(chain.matches(method).count(), 1, "{chain}");
    assert!(!error.is_retryable());
}
