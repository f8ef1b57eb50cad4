//! Event deliveries: each state change reaches a subscribed receiver (the SDK's, which checks
//! the signature) as its typed event, filled from the emulator's state; a receiver that refuses
//! the signature gets Slack's three retries and its handler never runs; `url_verification`; the
//! control endpoints.

mod common;

use std::time::Duration;

use common::{emulator, Api};
use serde_json::{json, Value};
use slack_connect::objects::InviteRequestTarget;
use slack_connect::receiver::{Receiver, DEFAULT_PATH};
use slack_connect::signing::SigningSecret;
use slack_connect::{Event, EventCallback, InviteId, TeamId};
use slack_connect_emulator::seed::*;
use slack_connect_emulator::{
    DeliveryOutcome, Emulator, EmulatorConfig, EventSubscription, NewInviteRequest, APP_ID,
};
use tokio::sync::{mpsc, oneshot};

const SECRET: &str = "emulator-events-test-secret";

/// An SDK receiver on a free loopback port, passing each event it accepts to the test.
struct Sink {
    url: String,
    events: mpsc::UnboundedReceiver<EventCallback>,
    _stop: oneshot::Sender<()>,
}

impl Sink {
    async fn start(secret: &str) -> Sink {
        let (sender, events) = mpsc::unbounded_channel();
        let receiver = Receiver::new(SigningSecret::new(secret), move |delivery| {
            let sender = sender.clone();
            async move {
                let _ = sender.send(delivery);
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}{DEFAULT_PATH}", listener.local_addr().unwrap());
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(receiver.serve_on(listener, async {
            let _ = stopped.await;
        }));
        Sink {
            url,
            events,
            _stop: stop,
        }
    }

    fn subscription(&self, secret: &str) -> EventSubscription {
        EventSubscription::new(&self.url, SigningSecret::new(secret))
    }

    async fn next(&mut self) -> EventCallback {
        tokio::time::timeout(Duration::from_secs(10), self.events.recv())
            .await
            .expect("an event within 10 s")
            .expect("the receiver is running")
    }
}

fn ids<'a>(teams: impl IntoIterator<Item = &'a slack_connect::objects::Team>) -> Vec<String> {
    teams
        .into_iter()
        .filter_map(|t| t.id.as_ref().map(|id| id.as_str().to_owned()))
        .collect()
}

#[tokio::test]
async fn each_change_delivers_its_event_filled_from_the_state() {
    let emulator = emulator().await;
    let mut sink = Sink::start(SECRET).await;
    emulator
        .subscribe_events(sink.subscription(SECRET))
        .unwrap();
    let api = Api::new(&emulator);

    // A member asks to invite someone: the requesting workspace's installation hears of it.
    let request = NewInviteRequest::by_email(ACME_PROJECT, ACME_ALICE, "pat@partner.example");
    let request_id = emulator.create_invite_request(request).unwrap();
    let delivery = sink.next().await;
    assert_eq!(delivery.team_id, TeamId::new(ACME_TEAM));
    assert_eq!(delivery.api_app_id, APP_ID);
    assert!(delivery.event_id.starts_with("Ev"));
    assert!((delivery.event_time - emulator.now()).abs() <= 5);
    assert!(delivery.token.is_none());
    let installation = &delivery.authorizations.as_ref().unwrap()[0];
    assert_eq!(
        installation.user_id.as_ref().unwrap().as_str(),
        ACME_BOT_USER
    );
    assert_eq!(
        installation.enterprise_id.as_ref().unwrap().as_str(),
        ACME_ENTERPRISE
    );
    let Event::SharedChannelInviteRequested(requested) = *delivery.event else {
        panic!(
            "expected shared_channel_invite_requested, got {:?}",
            delivery.event
        );
    };
    assert_eq!(
        requested.target_users,
        Some(vec![InviteRequestTarget::new()
            .invite_id(InviteId::new(&request_id))
            .email("pat@partner.example")])
    );
    assert_eq!(requested.channel.id.unwrap().as_str(), ACME_PROJECT);
    assert_eq!(requested.channel.name.as_deref(), Some("project-x"));
    assert_eq!(requested.actor.unwrap().id.unwrap().as_str(), ACME_ALICE);
    assert_eq!(requested.is_external_limited, Some(true));
    assert_eq!(
        ids(requested.teams_in_channel.as_deref().unwrap()),
        [ACME_TEAM]
    );
    assert!(requested.event_ts.is_some());

    // Acme invites Carol: Globex's installation is told she received it.
    let invite = api
        .form(
            "conversations.inviteShared",
            ACME_BOT_TOKEN,
            &[("channel", ACME_PROJECT), ("user_ids", GLOBEX_CAROL)],
        )
        .await
        .str("invite_id");
    let delivery = sink.next().await;
    assert_eq!(delivery.team_id, TeamId::new(GLOBEX_TEAM));
    let Event::SharedChannelInviteReceived(received) = *delivery.event else {
        panic!(
            "expected shared_channel_invite_received, got {:?}",
            delivery.event
        );
    };
    assert_eq!(received.invite.id.unwrap().as_str(), invite);
    assert_eq!(
        received.invite.recipient_user_id.unwrap().as_str(),
        GLOBEX_CAROL
    );
    assert_eq!(
        received.invite.inviting_team.unwrap().id.unwrap().as_str(),
        ACME_TEAM
    );

    // Globex accepts: Acme hears of it, and its approval is still required.
    let accepted = api
        .form(
            "conversations.acceptSharedInvite",
            GLOBEX_BOT_TOKEN,
            &[("invite_id", &invite), ("channel_name", "acme-project-x")],
        )
        .await;
    assert_eq!(accepted.code(), "ok");
    let delivery = sink.next().await;
    assert_eq!(delivery.team_id, TeamId::new(ACME_TEAM));
    let Event::SharedChannelInviteAccepted(event) = *delivery.event else {
        panic!(
            "expected shared_channel_invite_accepted, got {:?}",
            delivery.event
        );
    };
    assert_eq!(event.invite.id.unwrap().as_str(), invite);
    assert_eq!(event.approval_required, Some(true));
    assert_eq!(
        event.accepting_user.unwrap().id.unwrap().as_str(),
        GLOBEX_BOT_USER
    );

    // Acme approves: the channel is shared, and the event says so.
    let approved = api
        .form(
            "conversations.approveSharedInvite",
            ACME_BOT_TOKEN,
            &[("invite_id", &invite), ("target_team", GLOBEX_TEAM)],
        )
        .await;
    assert_eq!(approved.code(), "ok");
    let delivery = sink.next().await;
    let Event::SharedChannelInviteApproved(event) = *delivery.event else {
        panic!(
            "expected shared_channel_invite_approved, got {:?}",
            delivery.event
        );
    };
    assert_eq!(event.approving_team_id, Some(TeamId::new(ACME_TEAM)));
    assert_eq!(
        event.approving_user.unwrap().id.unwrap().as_str(),
        ACME_BOT_USER
    );
    assert_eq!(
        ids(event.teams_in_channel.as_deref().unwrap()),
        [ACME_TEAM, GLOBEX_TEAM]
    );

    // A second invite, to Dave, accepted then declined by Acme.
    let second = api
        .form(
            "conversations.inviteShared",
            ACME_BOT_TOKEN,
            &[("channel", ACME_LAUNCH), ("emails", "dave@globex.example")],
        )
        .await
        .str("invite_id");
    let delivery = sink.next().await;
    assert_eq!(
        delivery.event.event_type(),
        "shared_channel_invite_received"
    );
    api.form(
        "conversations.acceptSharedInvite",
        GLOBEX_BOT_TOKEN,
        &[("invite_id", &second), ("channel_name", "acme-launch")],
    )
    .await;
    assert_eq!(
        sink.next().await.event.event_type(),
        "shared_channel_invite_accepted"
    );
    let declined = api
        .form(
            "conversations.declineSharedInvite",
            ACME_BOT_TOKEN,
            &[("invite_id", &second), ("target_team", GLOBEX_TEAM)],
        )
        .await;
    assert_eq!(declined.code(), "ok");
    let delivery = sink.next().await;
    let Event::SharedChannelInviteDeclined(event) = *delivery.event else {
        panic!(
            "expected shared_channel_invite_declined, got {:?}",
            delivery.event
        );
    };
    assert_eq!(event.invite.id.unwrap().as_str(), second);
    assert_eq!(event.declining_team_id, Some(TeamId::new(ACME_TEAM)));

    // A refused call changes nothing and sends nothing.
    let again = api
        .form(
            "conversations.declineSharedInvite",
            ACME_BOT_TOKEN,
            &[("invite_id", &second), ("target_team", GLOBEX_TEAM)],
        )
        .await;
    assert_ne!(again.code(), "ok");

    emulator.deliveries_settled().await;
    let reports = emulator.deliveries();
    let types: Vec<&str> = reports.iter().map(|r| r.event_type.as_str()).collect();
    assert_eq!(
        types,
        [
            "shared_channel_invite_requested",
            "shared_channel_invite_received",
            "shared_channel_invite_accepted",
            "shared_channel_invite_approved",
            "shared_channel_invite_received",
            "shared_channel_invite_accepted",
            "shared_channel_invite_declined",
        ]
    );
    for report in &reports {
        assert_eq!(report.outcome, DeliveryOutcome::Delivered, "{report:?}");
        assert_eq!(report.attempts.len(), 1);
        assert_eq!(report.attempts[0].status, Some(200));
    }
    let mut event_ids: Vec<&str> = reports.iter().map(|r| r.event_id.as_str()).collect();
    event_ids.dedup();
    assert_eq!(event_ids.len(), reports.len(), "event IDs are unique");
}

#[tokio::test]
async fn a_refused_signature_is_retried_three_times_and_never_handled() {
    // One emulated second lasts a millisecond: the retry schedule (1 s, 1 min, 5 min) takes 0.36 s.
    let emulator = Emulator::start_with(
        EmulatorConfig::default()
            .without_rate_limits()
            .time_scale(0.001),
    )
    .await
    .unwrap();
    let mut sink = Sink::start(SECRET).await;
    emulator
        .subscribe_events(sink.subscription("another-secret"))
        .unwrap();
    emulator
        .create_invite_request(NewInviteRequest::by_email(
            ACME_PROJECT,
            ACME_BOB,
            "pat@partner.example",
        ))
        .unwrap();
    tokio::time::timeout(Duration::from_secs(20), emulator.deliveries_settled())
        .await
        .expect("the retries end");
    let reports = emulator.deliveries();
    assert_eq!(reports.len(), 1);
    let report = &reports[0];
    assert_eq!(report.outcome, DeliveryOutcome::Failed);
    let numbers: Vec<u32> = report.attempts.iter().map(|a| a.retry_num).collect();
    assert_eq!(numbers, [0, 1, 2, 3]);
    let reasons: Vec<Option<&str>> = report
        .attempts
        .iter()
        .map(|a| a.retry_reason.as_deref())
        .collect();
    assert_eq!(
        reasons,
        [
            None,
            Some("http_error"),
            Some("http_error"),
            Some("http_error")
        ]
    );
    assert!(report.attempts.iter().all(|a| a.status == Some(401)));
    // The receiver answered each attempt before any handler could run: none did.
    assert!(sink.events.try_recv().is_err());
}

#[tokio::test]
async fn url_verification_is_answered_by_the_receiver_with_the_right_secret() {
    let emulator = emulator().await;
    assert!(
        emulator.verify_request_url().await.is_err(),
        "no subscription"
    );
    let sink = Sink::start(SECRET).await;
    emulator
        .subscribe_events(sink.subscription(SECRET))
        .unwrap();
    emulator.verify_request_url().await.unwrap();
    emulator
        .subscribe_events(sink.subscription("another-secret"))
        .unwrap();
    let refused = emulator.verify_request_url().await.unwrap_err();
    assert!(refused.contains("401"), "{refused}");
}

#[tokio::test]
async fn control_endpoints_subscribe_report_and_unsubscribe() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    let mut sink = Sink::start(SECRET).await;
    let http = api.http();

    let bad = http
        .post(api.control("emulator/events"))
        .json(&json!({"request_url": "ftp://example/", "signing_secret": SECRET}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);

    let subscribed: Value = http
        .post(api.control("emulator/events"))
        .json(
            &json!({"request_url": sink.url, "signing_secret": SECRET, "ack_timeout_millis": 2000}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(subscribed["ok"], true);
    let verified: Value = http
        .post(api.control("emulator/events/url_verification"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(verified, json!({"ok": true}));

    // An invite request made over HTTP (as the CLI's --emulator mode and other tools do) is
    // delivered too.
    let created: Value = http
        .post(api.control("emulator/invite_requests"))
        .json(&json!({"channel_id": ACME_LAUNCH, "user_id": ACME_BOB, "recipient_email": "sam@partner.example"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let delivery = sink.next().await;
    let Event::SharedChannelInviteRequested(event) = *delivery.event else {
        panic!("expected shared_channel_invite_requested");
    };
    let target = &event.target_users.unwrap()[0];
    assert_eq!(
        target.invite_id.as_ref().unwrap().as_str(),
        created["invite_id"].as_str().unwrap()
    );
    emulator.deliveries_settled().await;

    let text = http
        .get(api.control("emulator/events"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!text.contains(SECRET), "the report shows the secret");
    let report: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(report["request_url"], sink.url.as_str());
    assert_eq!(report["deliveries"][0]["outcome"], "delivered");
    assert_eq!(
        report["deliveries"][0]["event_id"],
        delivery.event_id.as_str()
    );
    assert_eq!(report["deliveries"][0]["attempts"][0]["status"], 200);

    // Unsubscribed, changes queue nothing.
    http.delete(api.control("emulator/events"))
        .send()
        .await
        .unwrap();
    emulator
        .create_invite_request(NewInviteRequest::by_email(
            ACME_LAUNCH,
            ACME_BOB,
            "kim@partner.example",
        ))
        .unwrap();
    assert_eq!(emulator.deliveries().len(), 1);
    assert!(format!("{:?}", sink.subscription(SECRET)).contains("[redacted]"));
}

/// Removing an external workspace from a channel delivers `channel_unshared` to the app in the
/// host workspace and in the one removed.
#[tokio::test]
async fn a_disconnected_channel_delivers_channel_unshared_to_both_sides() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    let invite = api
        .json(
            "conversations.inviteShared",
            ACME_BOT_TOKEN,
            json!({"channel": ACME_PROJECT, "user_ids": [GLOBEX_CAROL]}),
        )
        .await
        .str("invite_id");
    let accept = json!({"invite_id": invite, "channel_name": "acme-project"});
    let accepted = api
        .json("conversations.acceptSharedInvite", GLOBEX_BOT_TOKEN, accept)
        .await;
    assert_eq!(accepted.code(), "ok");
    let approve = json!({"invite_id": invite, "target_team": GLOBEX_TEAM});
    let approved = api
        .json("conversations.approveSharedInvite", ACME_BOT_TOKEN, approve)
        .await;
    assert_eq!(approved.code(), "ok");

    // Subscribed only now, so the invite's own events are not in the way.
    let mut sink = Sink::start(SECRET).await;
    emulator
        .subscribe_events(sink.subscription(SECRET))
        .unwrap();
    let disconnected = api
        .json(
            "admin.conversations.disconnectShared",
            ACME_ADMIN_USER_TOKEN,
            json!({"channel_id": ACME_PROJECT}),
        )
        .await;
    assert_eq!(disconnected.code(), "ok", "{:?}", disconnected.body);
    let mut teams = Vec::new();
    for _ in 0..2 {
        let delivery = sink.next().await;
        let Event::ChannelUnshared(event) = *delivery.event else {
            panic!("not channel_unshared: {:?}", delivery.event);
        };
        assert_eq!(event.channel.as_str(), ACME_PROJECT);
        assert_eq!(event.previously_connected_team_id.as_str(), GLOBEX_TEAM);
        assert_eq!(event.is_ext_shared, Some(false));
        teams.push(delivery.team_id.as_str().to_owned());
    }
    teams.sort();
    assert_eq!(teams, [ACME_TEAM, GLOBEX_TEAM]);
}
