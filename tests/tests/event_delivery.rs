//! The emulator's event deliveries against receivers that fail: a scripted server records each
//! attempt (headers, body, signature), so the retry schedule, the retry headers, the reasons,
//! `x-slack-no-retry` and the signatures are checked as sent; and an SDK receiver whose first
//! answer comes too late is retried by the emulator, acknowledges the retry, and runs its
//! handler once.
//!
//! The emulator runs with one emulated second per millisecond, so Slack's schedule (1 s, 1 min,
//! 5 min) takes 0.36 s.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use serde_json::Value;
use slack_connect::receiver::{Receiver, DEFAULT_PATH};
use slack_connect::signing::SigningSecret;
use slack_connect::EventCallback;
use slack_connect_emulator::{
    seed, DeliveryOutcome, DeliveryReport, Emulator, EmulatorConfig, EventSubscription,
    NewInviteRequest,
};
use support::{Recorded, Reply, TestServer};
use tokio::sync::{mpsc, oneshot};

const SECRET: &str = "event-delivery-test-secret";

async fn fast_emulator() -> Emulator {
    Emulator::start_with(
        EmulatorConfig::default()
            .without_rate_limits()
            .time_scale(0.001),
    )
    .await
    .unwrap()
}

/// Creates an invite request (one `shared_channel_invite_requested`), waits until its delivery
/// has succeeded or given up, and returns its report.
async fn one_delivery(emulator: &Emulator) -> DeliveryReport {
    let request =
        NewInviteRequest::by_email(seed::ACME_PROJECT, seed::ACME_ALICE, "pat@partner.example");
    emulator.create_invite_request(request).unwrap();
    tokio::time::timeout(Duration::from_secs(20), emulator.deliveries_settled())
        .await
        .expect("the delivery ends within 20 s");
    let mut reports = emulator.deliveries();
    assert_eq!(reports.len(), 1);
    reports.remove(0)
}

fn failures(report: &DeliveryReport) -> Vec<Option<&str>> {
    report
        .attempts
        .iter()
        .map(|a| a.failure.as_deref())
        .collect()
}

/// Checks that `request` is signed with `SECRET` for its own timestamp (at the emulator's time).
fn assert_signed(request: &Recorded, emulator: &Emulator) {
    let timestamp = request.header("x-slack-request-timestamp").unwrap();
    let now = UNIX_EPOCH + Duration::from_secs(emulator.now().unsigned_abs());
    SigningSecret::new(SECRET)
        .verify_request(
            Some(timestamp),
            request.header("x-slack-signature"),
            &request.body,
            now,
        )
        .unwrap();
}

#[tokio::test]
async fn a_failed_delivery_is_retried_with_the_same_event_and_fresh_signatures() {
    let emulator = fast_emulator().await;
    let server = TestServer::start(|_, n| match n {
        0 => Reply::status(500, "text/plain", "down"),
        1 => Reply::status(503, "text/plain", "still down"),
        _ => Reply::status(200, "text/plain", ""),
    })
    .await;
    emulator
        .subscribe_events(EventSubscription::new(
            &server.base_url,
            SigningSecret::new(SECRET),
        ))
        .unwrap();
    let report = one_delivery(&emulator).await;
    assert_eq!(report.outcome, DeliveryOutcome::Delivered);
    assert_eq!(
        failures(&report),
        [Some("http_error"), Some("http_error"), None]
    );

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let first = &requests[0];
    assert_eq!(first.method, "POST");
    assert!(first
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
    assert_eq!(first.header("x-slack-retry-num"), None);
    assert_eq!(first.header("x-slack-retry-reason"), None);
    for (n, request) in requests.iter().enumerate().skip(1) {
        assert_eq!(request.header("x-slack-retry-num"), Some(&*n.to_string()));
        assert_eq!(request.header("x-slack-retry-reason"), Some("http_error"));
        assert_eq!(
            request.body, first.body,
            "every attempt sends the same event"
        );
    }
    for request in &requests {
        assert_signed(request, &emulator);
    }
    let delivery: Value = first.json();
    assert_eq!(delivery["type"], "event_callback");
    assert_eq!(delivery["event_id"], report.event_id.as_str());
    assert_eq!(delivery["event"]["type"], "shared_channel_invite_requested");
}

#[tokio::test]
async fn a_receiver_that_keeps_failing_gets_three_retries_then_none() {
    let emulator = fast_emulator().await;
    let server = TestServer::always(Reply::status(500, "text/plain", "down")).await;
    emulator
        .subscribe_events(EventSubscription::new(
            &server.base_url,
            SigningSecret::new(SECRET),
        ))
        .unwrap();
    let report = one_delivery(&emulator).await;
    assert_eq!(report.outcome, DeliveryOutcome::Failed);
    let numbers: Vec<Option<String>> = server
        .requests()
        .iter()
        .map(|r| r.header("x-slack-retry-num").map(str::to_owned))
        .collect();
    assert_eq!(
        numbers,
        [None, Some("1".into()), Some("2".into()), Some("3".into())],
        "the first attempt and three retries"
    );
    let sent: Vec<(u32, Option<&str>)> = report
        .attempts
        .iter()
        .map(|a| (a.retry_num, a.retry_reason.as_deref()))
        .collect();
    assert_eq!(
        sent,
        [
            (0, None),
            (1, Some("http_error")),
            (2, Some("http_error")),
            (3, Some("http_error"))
        ]
    );
}

#[tokio::test]
async fn x_slack_no_retry_stops_the_retries() {
    let emulator = fast_emulator().await;
    let server = TestServer::always(Reply::Raw {
        status: 500,
        headers: vec![("X-Slack-No-Retry".into(), "1".into())],
        content_type: "text/plain".into(),
        body: b"not now, not ever".to_vec(),
    })
    .await;
    emulator
        .subscribe_events(EventSubscription::new(
            &server.base_url,
            SigningSecret::new(SECRET),
        ))
        .unwrap();
    let report = one_delivery(&emulator).await;
    assert_eq!(report.outcome, DeliveryOutcome::NoRetry);
    assert_eq!(failures(&report), [Some("http_error")]);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn refused_connections_and_timeouts_are_named_as_slack_names_them() {
    // Nobody listens on a port that was just released.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let emulator = fast_emulator().await;
    emulator
        .subscribe_events(EventSubscription::new(
            format!("http://{closed}/slack/events"),
            SigningSecret::new(SECRET),
        ))
        .unwrap();
    let report = one_delivery(&emulator).await;
    assert_eq!(report.outcome, DeliveryOutcome::Failed);
    assert_eq!(failures(&report), [Some("connection_failed"); 4]);
    assert_eq!(
        report.attempts[3].retry_reason.as_deref(),
        Some("connection_failed")
    );

    // A first answer later than the acknowledgement timeout is `http_timeout`.
    let emulator = fast_emulator().await;
    let server = TestServer::start(|_, n| {
        let ok = Reply::status(200, "text/plain", "");
        if n == 0 {
            Reply::Delayed(Duration::from_secs(5), Box::new(ok))
        } else {
            ok
        }
    })
    .await;
    emulator
        .subscribe_events(
            EventSubscription::new(&server.base_url, SigningSecret::new(SECRET))
                .ack_timeout(Duration::from_secs(1)),
        )
        .unwrap();
    let report = one_delivery(&emulator).await;
    assert_eq!(report.outcome, DeliveryOutcome::Delivered);
    assert_eq!(failures(&report), [Some("http_timeout"), None]);
    assert_eq!(
        server.requests()[1].header("x-slack-retry-reason"),
        Some("http_timeout")
    );
}

#[tokio::test]
async fn a_late_acknowledgement_is_retried_and_the_receiver_runs_its_handler_once() {
    let emulator = fast_emulator().await;
    let (sender, mut handled) = mpsc::unbounded_channel::<EventCallback>();
    let receiver = Receiver::new(SigningSecret::new(SECRET), move |delivery| {
        let _ = sender.send(delivery);
        async {}
    });
    // In front of the receiver: the first answer is held back past the emulator's timeout, as
    // a slow proxy or an overloaded host would.
    let answered = Arc::new(AtomicUsize::new(0));
    let app = receiver.router().layer(axum::middleware::from_fn(
        move |request: axum::extract::Request, next: axum::middleware::Next| {
            let answered = answered.clone();
            async move {
                let response = next.run(request).await;
                if answered.fetch_add(1, Ordering::SeqCst) == 0 {
                    tokio::time::sleep(Duration::from_secs(5)).await;
                }
                response
            }
        },
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}{DEFAULT_PATH}", listener.local_addr().unwrap());
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
    });
    emulator
        .subscribe_events(
            EventSubscription::new(&url, SigningSecret::new(SECRET))
                .ack_timeout(Duration::from_secs(1)),
        )
        .unwrap();

    let report = one_delivery(&emulator).await;
    assert_eq!(report.outcome, DeliveryOutcome::Delivered);
    assert_eq!(failures(&report), [Some("http_timeout"), None]);
    let first = handled.recv().await.unwrap();
    assert_eq!(first.event_id, report.event_id);

    // A second event: the next thing the handler sees is it, not the retry of the first.
    let request =
        NewInviteRequest::by_email(seed::ACME_LAUNCH, seed::ACME_BOB, "sam@partner.example");
    emulator.create_invite_request(request).unwrap();
    emulator.deliveries_settled().await;
    let second = handled.recv().await.unwrap();
    assert_ne!(second.event_id, first.event_id);
    assert!(handled.try_recv().is_err());
    let _ = stop.send(());
}
