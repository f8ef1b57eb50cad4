//! The SDK's Events API receiver over real loopback sockets: signed requests made here by hand,
//! with the clock fixed. What is verified and refused (and with which status), that a retried
//! delivery runs the handler once, what reaches the handler, that a failing handler does not
//! stop the server, mounting in an existing app, and that logs never show a secret.
//!
//! Each test runs on a current-thread runtime, where spawned tasks run in the order they were
//! spawned. The receiver spawns a handler before it answers; so once a later "sentinel" event
//! has been handled, any handler an earlier request spawned has run too, and "not handled"
//! can be asserted without waiting for a timeout.

use std::time::{Duration, UNIX_EPOCH};

use serde_json::{json, Value};
use slack_connect::receiver::{Receiver, NO_RETRY_HEADER};
use slack_connect::signing::SigningSecret;
use slack_connect::{AppRateLimited, Event, EventCallback};
use tokio::sync::{mpsc, oneshot};

const SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";
const TOKEN: &str = "XXYYZZ-VERIFICATION-TOKEN";
/// The receiver's clock: a fixed Unix time.
const NOW: u64 = 1_700_000_000;

/// A delivery of `event_type` with `event_id`, as Slack posts it.
fn delivery(event_id: &str, event: Value) -> Value {
    json!({
        "token": TOKEN,
        "team_id": "T0ACMEHQ01",
        "api_app_id": "A0EMULATOR1",
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": NOW,
        "authorizations": [{"team_id": "T0ACMEHQ01", "is_bot": true, "is_enterprise_install": false}]
    })
}

fn invite_requested(invite_id: &str) -> Value {
    json!({
        "type": "shared_channel_invite_requested",
        "channel": {"id": "C0PROJECT1", "name": "project-x", "is_private": false, "is_im": false},
        "is_external_limited": true,
        "target_users": [{"invite_id": invite_id, "email": "pat@partner.example"}],
        "event_ts": "1700000000.000100"
    })
}

/// A receiver on a free loopback port, passing what its handler sees to the test.
struct Harness {
    url: String,
    http: reqwest::Client,
    events: mpsc::UnboundedReceiver<EventCallback>,
    rate_limited: mpsc::UnboundedReceiver<AppRateLimited>,
    _stop: oneshot::Sender<()>,
}

impl Harness {
    async fn start() -> Harness {
        Harness::with(|receiver| receiver).await
    }

    /// Starts a receiver whose handler panics on `EvPanic` and fails on `EvFail`, configured
    /// further by `configure`.
    async fn with(configure: impl FnOnce(Receiver) -> Receiver) -> Harness {
        let (sender, events) = mpsc::unbounded_channel();
        let (limited, rate_limited) = mpsc::unbounded_channel();
        let receiver = Receiver::new(
            SigningSecret::new(SECRET),
            move |delivery: EventCallback| {
                let sender = sender.clone();
                async move {
                    match delivery.event_id.as_str() {
                        "EvPanic" => panic!("the handler panics"),
                        "EvFail" => Err(format!("the handler fails on {}", delivery.event_id)),
                        _ => {
                            let _ = sender.send(delivery);
                            Ok(())
                        }
                    }
                }
            },
        )
        .clock(|| UNIX_EPOCH + Duration::from_secs(NOW))
        .on_rate_limited(move |notice| {
            let _ = limited.send(notice);
            async {}
        });
        let receiver = configure(receiver);
        let path = receiver.served_path().to_owned();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}{path}", listener.local_addr().unwrap());
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(receiver.serve_on(listener, async {
            let _ = stopped.await;
        }));
        Harness {
            url,
            http: reqwest::Client::builder().no_proxy().build().unwrap(),
            events,
            rate_limited,
            _stop: stop,
        }
    }

    /// POSTs `body` with these headers.
    async fn post_raw(&self, body: Vec<u8>, headers: &[(&str, String)]) -> reqwest::Response {
        let mut request = self
            .http
            .post(&self.url)
            .header("content-type", "application/json")
            .body(body);
        for (name, value) in headers {
            request = request.header(*name, value);
        }
        request.send().await.unwrap()
    }

    /// POSTs `body` signed with `SECRET` at the receiver's time, plus `extra` headers.
    async fn post_signed(&self, body: &[u8], extra: &[(&str, String)]) -> reqwest::Response {
        let mut headers = signed(SECRET, NOW, body);
        headers.extend(extra.iter().cloned());
        self.post_raw(body.to_vec(), &headers).await
    }

    async fn post_event(&self, value: &Value) -> u16 {
        let body = serde_json::to_vec(value).unwrap();
        self.post_signed(&body, &[]).await.status().as_u16()
    }

    /// The next event the handler saw.
    async fn handled(&mut self) -> EventCallback {
        tokio::time::timeout(Duration::from_secs(10), self.events.recv())
            .await
            .expect("the handler runs within 10 s")
            .expect("the receiver is running")
    }

    /// Sends a sentinel event and checks it is the next (and only) thing the handler saw:
    /// whatever was refused or acknowledged before it did not run the handler.
    async fn nothing_else_handled(&mut self) {
        assert_eq!(
            self.post_event(&delivery("EvSentinel", invite_requested("I0SENTINEL")))
                .await,
            200
        );
        assert_eq!(self.handled().await.event_id, "EvSentinel");
        assert!(self.events.try_recv().is_err());
    }
}

/// The two headers Slack sends, signed with `secret` for `timestamp`.
fn signed(secret: &str, timestamp: u64, body: &[u8]) -> Vec<(&'static str, String)> {
    let timestamp = timestamp.to_string();
    let signature = SigningSecret::new(secret).sign(&timestamp, body);
    vec![
        ("X-Slack-Request-Timestamp", timestamp),
        ("X-Slack-Signature", signature),
    ]
}

#[tokio::test]
async fn url_verification_is_answered_with_the_challenge() {
    let harness = Harness::start().await;
    let body = json!({"token": TOKEN, "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", "type": "url_verification"});
    let response = harness.post_signed(body.to_string().as_bytes(), &[]).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    assert_eq!(
        response.text().await.unwrap(),
        "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
    );
}

#[tokio::test]
async fn an_event_is_acknowledged_and_reaches_the_handler_typed() {
    let mut harness = Harness::start().await;
    let response = harness
        .post_signed(
            delivery("Ev0001", invite_requested("I0REQUEST1"))
                .to_string()
                .as_bytes(),
            &[],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "");
    let delivery = harness.handled().await;
    assert_eq!(delivery.event_id, "Ev0001");
    assert_eq!(delivery.team_id.as_str(), "T0ACMEHQ01");
    assert_eq!(delivery.token.as_ref().unwrap().expose(), TOKEN);
    let Event::SharedChannelInviteRequested(event) = *delivery.event else {
        panic!("expected shared_channel_invite_requested");
    };
    let target = &event.target_users.unwrap()[0];
    assert_eq!(target.invite_id.as_ref().unwrap().as_str(), "I0REQUEST1");
    assert_eq!(target.email.as_deref(), Some("pat@partner.example"));
}

#[tokio::test]
async fn slacks_documented_deliveries_are_received_as_printed() {
    for name in [
        "shared_channel_invite_requested",
        "shared_channel_invite_received",
    ] {
        let mut harness = Harness::start().await;
        let path = format!(
            "{}/data/samples/events/{name}.events-api-envelope.txt",
            env!("CARGO_MANIFEST_DIR")
        );
        // As printed, but for the docs' trailing comma in `authorizations[0]`.
        let body = std::fs::read_to_string(&path).unwrap().replace(
            "\"is_enterprise_install\": false,\n",
            "\"is_enterprise_install\": false\n",
        );
        let response = harness.post_signed(body.as_bytes(), &[]).await;
        assert_eq!(response.status(), 200, "{name}");
        let handled = harness.handled().await;
        assert_eq!(handled.event.event_type(), name);
        assert_eq!(handled.event_id, "Ev123ABC456");
        assert_eq!(handled.token.unwrap().expose(), "XXYYZZ");
        harness.nothing_else_handled().await;
    }
}

#[tokio::test]
async fn a_retried_delivery_runs_the_handler_once() {
    let mut harness = Harness::start().await;
    let body = delivery("EvRetried", invite_requested("I0REQUEST1")).to_string();
    assert_eq!(
        harness.post_signed(body.as_bytes(), &[]).await.status(),
        200
    );
    // Slack's retries: the same body and event_id, newly signed, with the retry headers.
    for (num, reason) in [
        ("1", "http_timeout"),
        ("2", "http_error"),
        ("3", "unknown_error"),
    ] {
        let retry = harness
            .post_signed(
                body.as_bytes(),
                &[
                    ("X-Slack-Retry-Num", num.to_owned()),
                    ("X-Slack-Retry-Reason", reason.to_owned()),
                ],
            )
            .await;
        assert_eq!(retry.status(), 200, "a retry is acknowledged");
    }
    // A retry whose first attempt never arrived is the first the receiver sees: it runs.
    let lost_first = delivery("EvLostFirst", invite_requested("I0REQUEST2")).to_string();
    let retry = harness
        .post_signed(
            lost_first.as_bytes(),
            &[("X-Slack-Retry-Num", "1".to_owned())],
        )
        .await;
    assert_eq!(retry.status(), 200);
    assert_eq!(harness.handled().await.event_id, "EvRetried");
    assert_eq!(harness.handled().await.event_id, "EvLostFirst");
    harness.nothing_else_handled().await;
}

#[tokio::test]
async fn forged_stale_and_unsigned_requests_get_401_and_never_reach_the_handler() {
    let mut harness = Harness::start().await;
    let body = delivery("EvForged", invite_requested("I0REQUEST1")).to_string();
    let body = body.as_bytes();
    let tampered = body
        .to_vec()
        .iter()
        .map(|&b| if b == b'1' { b'2' } else { b })
        .collect::<Vec<u8>>();
    let [timestamp, signature] = [0, 1].map(|i| signed(SECRET, NOW, body)[i].clone());
    type Headers = Vec<(&'static str, String)>;
    let cases: Vec<(&str, Vec<u8>, Headers)> = vec![
        (
            "body changed",
            tampered,
            vec![timestamp.clone(), signature.clone()],
        ),
        (
            "timestamp changed",
            body.to_vec(),
            vec![
                ("X-Slack-Request-Timestamp", (NOW - 1).to_string()),
                signature.clone(),
            ],
        ),
        (
            "wrong secret",
            body.to_vec(),
            signed("another-secret", NOW, body),
        ),
        (
            "signed 301 s ago",
            body.to_vec(),
            signed(SECRET, NOW - 301, body),
        ),
        (
            "signed 301 s ahead",
            body.to_vec(),
            signed(SECRET, NOW + 301, body),
        ),
        ("no signature", body.to_vec(), vec![timestamp.clone()]),
        ("no timestamp", body.to_vec(), vec![signature.clone()]),
        ("no headers", body.to_vec(), vec![]),
        (
            "malformed signature",
            body.to_vec(),
            vec![timestamp.clone(), ("X-Slack-Signature", "v0=zz".to_owned())],
        ),
        (
            "malformed timestamp",
            body.to_vec(),
            vec![
                ("X-Slack-Request-Timestamp", "yesterday".to_owned()),
                signature,
            ],
        ),
    ];
    for (case, body, headers) in cases {
        let response = harness.post_raw(body, &headers).await;
        assert_eq!(response.status(), 401, "{case}");
    }
    // Within the window either way is fine.
    for (at, event_id) in [(NOW - 300, "EvEarly"), (NOW + 300, "EvLate")] {
        let body = delivery(event_id, invite_requested("I0REQUEST1")).to_string();
        let body = body.as_bytes();
        let response = harness
            .post_raw(body.to_vec(), &signed(SECRET, at, body))
            .await;
        assert_eq!(response.status(), 200);
        assert_eq!(harness.handled().await.event_id, event_id);
    }
    harness.nothing_else_handled().await;
}

#[tokio::test]
async fn a_bad_body_with_a_valid_signature_gets_400_and_no_retry() {
    let mut harness = Harness::start().await;
    let mut missing_channel = invite_requested("I0REQUEST1");
    missing_channel.as_object_mut().unwrap().remove("channel");
    let bodies: Vec<(&str, Vec<u8>)> = vec![
        ("not JSON", b"token=abc&challenge=xyz".to_vec()),
        ("empty", Vec::new()),
        ("truncated", br#"{"type":"event_callback","event":{"#.to_vec()),
        ("no type", br#"{"challenge":"abc"}"#.to_vec()),
        ("a JSON array", b"[1,2,3]".to_vec()),
        (
            "a known event without a required field",
            delivery("EvBad", missing_channel).to_string().into_bytes(),
        ),
        (
            "an event_callback without event_id",
            br#"{"type":"event_callback","team_id":"T1","api_app_id":"A1","event":{"type":"x"},"event_time":1}"#.to_vec(),
        ),
        ("invalid UTF-8", b"{\"type\":\"\xff\"}".to_vec()),
    ];
    for (case, body) in bodies {
        let response = harness.post_signed(&body, &[]).await;
        assert_eq!(response.status(), 400, "{case}");
        assert_eq!(response.headers()[NO_RETRY_HEADER], "1", "{case}");
    }
    harness.nothing_else_handled().await;
}

#[tokio::test]
async fn unknown_event_and_delivery_types_are_kept_or_acknowledged() {
    let mut harness = Harness::start().await;
    let message = json!({
        "type": "message",
        "channel": "C0PROJECT1",
        "user": "U0ALICE001",
        "text": "hello",
        "ts": "1700000000.000200",
        "blocks": [{"type": "rich_text", "elements": []}]
    });
    assert_eq!(
        harness
            .post_event(&delivery("EvMessage", message.clone()))
            .await,
        200
    );
    let handled = harness.handled().await;
    assert_eq!(handled.event.event_type(), "message");
    assert_eq!(*handled.event, Event::Other(message));

    // A delivery type the spec does not describe is acknowledged, not handled.
    let unknown = json!({"type": "app_uninstalled_everywhere", "team_id": "T0ACMEHQ01"});
    assert_eq!(harness.post_event(&unknown).await, 200);
    harness.nothing_else_handled().await;
}

#[tokio::test]
async fn app_rate_limited_is_acknowledged_and_passed_on() {
    let mut harness = Harness::start().await;
    let notice = json!({
        "token": TOKEN,
        "type": "app_rate_limited",
        "team_id": "T0ACMEHQ01",
        "minute_rate_limited": 1518467820,
        "api_app_id": "A0EMULATOR1"
    });
    assert_eq!(harness.post_event(&notice).await, 200);
    let seen = tokio::time::timeout(Duration::from_secs(10), harness.rate_limited.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(seen.minute_rate_limited, 1518467820);
    harness.nothing_else_handled().await;
}

#[tokio::test]
async fn a_failing_or_panicking_handler_does_not_stop_the_receiver() {
    let mut harness = Harness::start().await;
    for id in ["EvPanic", "EvFail"] {
        let status = harness
            .post_event(&delivery(id, invite_requested("I0REQUEST1")))
            .await;
        assert_eq!(status, 200, "{id} is acknowledged before its handler runs");
    }
    harness.nothing_else_handled().await;
}

#[tokio::test]
async fn an_empty_signing_secret_refuses_everything() {
    let receiver = Receiver::new(SigningSecret::new(""), |_: EventCallback| async {})
        .clock(|| UNIX_EPOCH + Duration::from_secs(NOW));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/slack/events", listener.local_addr().unwrap());
    let (_stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(receiver.serve_on(listener, async {
        let _ = stopped.await;
    }));
    let body = delivery("EvEmpty", invite_requested("I0REQUEST1")).to_string();
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    let mut request = http.post(&url).body(body.clone());
    for (name, value) in signed("", NOW, body.as_bytes()) {
        request = request.header(name, value);
    }
    assert_eq!(request.send().await.unwrap().status(), 401);
}

#[tokio::test]
async fn other_methods_and_oversized_bodies_are_refused() {
    let harness = Harness::with(|receiver| receiver.max_body_bytes(1024)).await;
    let get = harness.http.get(&harness.url).send().await.unwrap();
    assert_eq!(get.status(), 405);
    let big = vec![b' '; 4096];
    assert_eq!(harness.post_signed(&big, &[]).await.status(), 413);
    let elsewhere = harness
        .http
        .post(harness.url.replace("/slack/events", "/other"))
        .send()
        .await
        .unwrap();
    assert_eq!(elsewhere.status(), 404);
}

#[tokio::test]
async fn the_router_mounts_in_an_existing_app() {
    let (sender, mut events) = mpsc::unbounded_channel();
    let receiver = Receiver::new(
        SigningSecret::new(SECRET),
        move |delivery: EventCallback| {
            let _ = sender.send(delivery.event_id);
            async {}
        },
    )
    .path("/hooks/slack")
    .clock(|| UNIX_EPOCH + Duration::from_secs(NOW));
    let nested = receiver.clone().path("/");
    let app = axum::Router::new()
        .route("/health", axum::routing::get(|| async { "ok" }))
        .merge(receiver.router())
        .nest("/nested/slack", nested.router());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
    });
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    let health = http.get(format!("{base}/health")).send().await.unwrap();
    assert_eq!(health.text().await.unwrap(), "ok");
    let body = delivery("EvMounted", invite_requested("I0REQUEST1")).to_string();
    let mut request = http.post(format!("{base}/hooks/slack")).body(body.clone());
    for (name, value) in signed(SECRET, NOW, body.as_bytes()) {
        request = request.header(name, value);
    }
    assert_eq!(request.send().await.unwrap().status(), 200);
    let handled = tokio::time::timeout(Duration::from_secs(10), events.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(handled, "EvMounted");
    // Nested under a prefix, with the receiver's own path `/`.
    let body = delivery("EvNested", invite_requested("I0REQUEST1")).to_string();
    let mut request = http.post(format!("{base}/nested/slack")).body(body.clone());
    for (name, value) in signed(SECRET, NOW, body.as_bytes()) {
        request = request.header(name, value);
    }
    assert_eq!(request.send().await.unwrap().status(), 200);
    let handled = tokio::time::timeout(Duration::from_secs(10), events.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(handled, "EvNested");
    let _ = stop.send(());
}

#[tokio::test]
async fn logs_give_reasons_but_never_the_secret_or_the_token() {
    let captured = slack_connect_tests::logs::capture();
    let mut harness = Harness::start().await;

    // Refused: a wrong signature, and a body whose token sits where a number belongs.
    let body = delivery("EvLog", invite_requested("I0REQUEST1")).to_string();
    let forged = harness
        .post_raw(
            body.clone().into_bytes(),
            &signed("another-secret", NOW, body.as_bytes()),
        )
        .await;
    assert_eq!(forged.status(), 401);
    let mut garbled = delivery("EvLog", invite_requested("I0REQUEST1"));
    garbled["event_time"] = json!(TOKEN);
    assert_eq!(harness.post_event(&garbled).await, 400);
    // Accepted: an event, its retry, and a handler that fails.
    assert_eq!(
        harness
            .post_event(&delivery("EvLog", invite_requested("I0REQUEST1")))
            .await,
        200
    );
    assert_eq!(
        harness
            .post_event(&delivery("EvLog", invite_requested("I0REQUEST1")))
            .await,
        200
    );
    assert_eq!(
        harness
            .post_event(&delivery("EvFail", invite_requested("I0REQUEST1")))
            .await,
        200
    );
    harness.handled().await;
    harness.nothing_else_handled().await;

    let logs = captured.text();
    assert!(logs.contains("bad signature"), "{logs}");
    assert!(logs.contains("not a delivery"), "{logs}");
    assert!(logs.contains("repeated delivery"), "{logs}");
    assert!(logs.contains("event handler failed"), "{logs}");
    assert!(
        !logs.contains(SECRET),
        "the signing secret was logged:\n{logs}"
    );
    assert!(
        !logs.contains(TOKEN),
        "the verification token was logged:\n{logs}"
    );
}
