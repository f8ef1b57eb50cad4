//! The `invite_gate` example (its own code, included from `emulator/examples/`) end to end against
//! the emulator over loopback: members' invite requests are created, the emulator delivers
//! signed `shared_channel_invite_requested` events to the gate's receiver, which verifies them
//! and approves or denies through the SDK; `conversations.requestSharedInvite.list` then shows
//! each decision. Also: the policy's rules, the 560-character message rule, the arguments, and
//! the demo `cargo run --example invite_gate` runs.

#[allow(dead_code)]
#[path = "../../emulator/examples/invite_gate.rs"]
mod invite_gate;

use std::collections::BTreeMap;
use std::time::Duration;

use futures_util::TryStreamExt;
use invite_gate::{
    deny_message, gate, max_message_chars, parse_args, truncate_chars, Decision, Options, Policy,
    Verdict,
};
use slack_connect::receiver::DEFAULT_PATH;
use slack_connect::signing::SigningSecret;
use slack_connect::{
    conversations::list_connect_invites, conversations::request_shared_invite::deny,
    conversations::request_shared_invite::list, Client,
};
use slack_connect_emulator::{
    seed, DeliveryOutcome, Emulator, EmulatorConfig, EventSubscription, NewInviteRequest,
};
use tokio::sync::{mpsc, oneshot};

const SECRET: &str = "invite-gate-test-secret";

#[tokio::test]
async fn requests_are_approved_or_denied_by_policy_end_to_end() {
    let emulator = Emulator::start_with(EmulatorConfig::default().without_rate_limits())
        .await
        .unwrap();
    let admin = Client::builder(seed::ACME_BOT_TOKEN)
        .base_url(emulator.base_url())
        .build()
        .unwrap();
    let policy = Policy {
        allowed_domains: vec!["globex.example".into(), "initech.example".into()],
        is_external_limited: Some(false),
    };
    let (decided, mut decisions) = mpsc::unbounded_channel::<Decision>();
    let receiver = gate(
        SigningSecret::new(SECRET),
        admin.clone(),
        policy.clone(),
        Some(decided),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}{DEFAULT_PATH}", listener.local_addr().unwrap());
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(receiver.serve_on(listener, async {
        let _ = stopped.await;
    }));
    emulator
        .subscribe_events(EventSubscription::new(&url, SigningSecret::new(SECRET)))
        .unwrap();
    emulator.verify_request_url().await.unwrap();

    let long_domain = format!("{}example", "sous-traitant-éloigné-".repeat(40));
    let by_email = |channel: &str, member: &str, email: &str| {
        NewInviteRequest::by_email(channel, member, email)
    };
    let carol_by_id = NewInviteRequest {
        recipient_email: None,
        recipient_user_id: Some(seed::GLOBEX_CAROL.into()),
        ..by_email(seed::ACME_LAUNCH, seed::ACME_ALICE, "unused@example")
    };
    let asks = [
        (
            "dave",
            by_email(seed::ACME_PROJECT, seed::ACME_ALICE, "dave@globex.example"),
            true,
        ),
        (
            "peter",
            by_email(seed::ACME_LAUNCH, seed::ACME_BOB, "Peter@INITECH.Example"),
            true,
        ),
        ("carol", carol_by_id, true),
        (
            "eve",
            by_email(seed::ACME_PROJECT, seed::ACME_BOB, "eve@rival.example"),
            false,
        ),
        (
            "mallory",
            by_email(
                seed::ACME_PROJECT,
                seed::ACME_BOB,
                "mallory@globex.example.evil.example",
            ),
            false,
        ),
        (
            "zoe",
            by_email(
                seed::ACME_LAUNCH,
                seed::ACME_ALICE,
                &format!("zoe@{long_domain}"),
            ),
            false,
        ),
    ];
    let mut expected = BTreeMap::new();
    for (who, request, approve) in asks {
        let id = emulator.create_invite_request(request).unwrap();
        expected.insert(id, (who, approve));
    }

    // One decision per request, each carried out without error.
    let mut decided = BTreeMap::new();
    for _ in 0..expected.len() {
        let decision = tokio::time::timeout(Duration::from_secs(10), decisions.recv())
            .await
            .expect("the gate decides within 10 s")
            .unwrap();
        assert_eq!(decision.result, Ok(()), "{decision:?}");
        let id = decision.verdict.invite_id().as_str().to_owned();
        assert!(
            decided.insert(id, decision.verdict).is_none(),
            "decided twice"
        );
    }
    for (id, (who, approve)) in &expected {
        let verdict = &decided[id];
        assert_eq!(
            matches!(verdict, Verdict::Approve { .. }),
            *approve,
            "{who}: {verdict:?}"
        );
        if let Verdict::Deny { message, .. } = verdict {
            let chars = message.chars().count();
            assert!(chars <= 560, "{who}: {chars} characters");
            if *who == "zoe" {
                assert_eq!(chars, 560);
                assert!(message.ends_with('…'));
            }
            if *who == "eve" {
                assert!(message.contains("rival.example"), "{message}");
            }
        }
    }

    // What Slack's list shows now: every request decided as the gate said.
    let listed: Vec<_> = admin
        .items(
            list::Request::new()
                .include_approved(true)
                .include_denied(true),
            None,
        )
        .try_collect()
        .await
        .unwrap();
    assert_eq!(listed.len(), expected.len());
    for request in &listed {
        let id = request.id.as_str();
        let (who, approve) = expected[id];
        let reviewer = request.reviewing_user.as_ref().and_then(|u| u.id.as_ref());
        assert_eq!(
            reviewer.map(|u| u.as_str()),
            Some(seed::ACME_BOT_USER),
            "{who}: reviewed by the gate"
        );
        assert_eq!(request.date_denied.is_none(), approve, "{who}");
    }
    let pending = admin.call(&list::Request::new()).await.unwrap();
    assert!(pending.invite_requests.is_empty(), "nothing left pending");

    // The override: approved invites are not external-limited, so they carry a join link.
    let invites = admin
        .call(&list_connect_invites::Request::new())
        .await
        .unwrap()
        .invites;
    for (id, (who, approve)) in &expected {
        let invite = invites.iter().find(|i| {
            let details = i.invite.as_ref();
            details.and_then(|d| d.id.as_ref()).map(|i| i.as_str()) == Some(id.as_str())
        });
        match (approve, invite) {
            (true, Some(invite)) => assert!(
                invite.invite.as_ref().unwrap().link.is_some(),
                "{who}: full access, so a join link"
            ),
            (true, None) => panic!("{who}: approved but no invite"),
            (false, found) => assert!(found.is_none(), "{who}: denied but invited"),
        }
    }

    // Every event was delivered once, at the first attempt, and handled once.
    emulator.deliveries_settled().await;
    let reports = emulator.deliveries();
    let requested = reports
        .iter()
        .filter(|r| r.event_type == "shared_channel_invite_requested")
        .count();
    assert_eq!(requested, expected.len());
    for report in &reports {
        assert_eq!(report.outcome, DeliveryOutcome::Delivered, "{report:?}");
        assert_eq!(report.attempts.len(), 1);
    }
    assert!(decisions.try_recv().is_err(), "no request decided twice");
    let _ = stop.send(());
}

#[test]
fn deny_messages_respect_the_limit_in_characters_not_bytes() {
    assert_eq!(max_message_chars(), 560);
    assert_eq!(truncate_chars("short", 560), "short");
    let exactly = "é".repeat(560);
    assert_eq!(truncate_chars(&exactly, 560), exactly);
    let over = format!("{exactly}é");
    let cut = truncate_chars(&over, 560);
    assert_eq!(cut.chars().count(), 560);
    assert!(cut.ends_with('…'));
    let emoji = "👍".repeat(600);
    assert_eq!(truncate_chars(&emoji, 560).chars().count(), 560);
    assert_eq!(truncate_chars("abc", 0), "");

    let huge = format!("x@{}", "ü".repeat(2000));
    let message = deny_message(&Policy::default(), Some(&huge));
    assert_eq!(message.chars().count(), 560);
    let request = deny::Request::new("I0000000001");
    assert!(request.clone().message(message).validate().is_ok());
    assert!(
        request.message(format!("{huge}{huge}")).validate().is_err(),
        "the limit is the SDK's too"
    );
    assert!(deny_message(&Policy::default(), None).contains("globex.example"));
}

#[test]
fn the_policy_compares_whole_domains() {
    let policy = Policy::allowing("globex.example, @Initech.example");
    assert!(policy.allows("dave@globex.example"));
    assert!(policy.allows("DAVE@GLOBEX.EXAMPLE"));
    assert!(policy.allows("peter@initech.example"));
    assert!(policy.allows("\"odd@name\"@globex.example"));
    assert!(!policy.allows("mallory@evil-globex.example"));
    assert!(!policy.allows("mallory@globex.example.evil.example"));
    assert!(!policy.allows("globex.example"));
    assert!(!policy.allows("nobody@"));
    assert!(!policy.allows(""));
}

#[test]
fn arguments_and_the_environment_set_the_policy() {
    let args = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        parse_args(args(&[]), None),
        Ok(Options {
            policy: Policy::default(),
            serve: None,
            socket_mode: false,
        })
    );
    let options = parse_args(
        args(&[
            "--allow",
            "A.example, b.example",
            "--external-limited",
            "false",
        ]),
        None,
    )
    .unwrap();
    assert_eq!(options.policy.allowed_domains, ["a.example", "b.example"]);
    assert_eq!(options.policy.is_external_limited, Some(false));
    let from_env = parse_args(args(&[]), Some("env.example".into())).unwrap();
    assert_eq!(from_env.policy.allowed_domains, ["env.example"]);
    let flag_wins = parse_args(args(&["--allow=x.example"]), Some("env.example".into())).unwrap();
    assert_eq!(flag_wins.policy.allowed_domains, ["x.example"]);
    let serve = parse_args(args(&["--serve", "127.0.0.1:3000"]), None).unwrap();
    assert_eq!(serve.serve.as_deref(), Some("127.0.0.1:3000"));
    let socket = parse_args(args(&["--socket-mode", "--allow", "s.example"]), None).unwrap();
    assert!(socket.socket_mode && socket.serve.is_none());
    assert_eq!(socket.policy.allowed_domains, ["s.example"]);
    for bad in [
        &["--external-limited", "maybe"][..],
        &["--bogus"],
        &["--allow", " , "],
        &["--allow"],
        &["--help"],
        &["--serve", "127.0.0.1:3000", "--socket-mode"],
    ] {
        assert!(parse_args(args(bad), None).is_err(), "{bad:?}");
    }
}

#[tokio::test]
async fn the_demo_runs_to_completion() {
    invite_gate::demo(Policy::default()).await.unwrap();
}

/// The demo's two transports bring the same events to the same gate, which decides the same.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_gate_decides_the_same_over_http_and_socket_mode() {
    use invite_gate::{demo_over, Transport};
    let outcome = |decisions: Vec<Decision>| {
        decisions
            .into_iter()
            .map(|d| {
                let approved = matches!(d.verdict, Verdict::Approve { .. });
                (
                    d.verdict.invite_id().as_str().to_owned(),
                    approved,
                    d.result.is_ok(),
                )
            })
            .collect::<Vec<_>>()
    };
    let http = outcome(demo_over(Policy::default(), Transport::Http).await.unwrap());
    let socket = outcome(
        demo_over(Policy::default(), Transport::SocketMode)
            .await
            .unwrap(),
    );
    assert_eq!(http.len(), 3);
    assert_eq!(
        http.iter().filter(|(_, approved, _)| *approved).count(),
        1,
        "{http:?}"
    );
    assert_eq!(socket, http);
}
