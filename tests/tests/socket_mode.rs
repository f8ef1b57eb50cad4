//! Socket Mode end to end over loopback WebSockets: the SDK's client against the emulator's
//! Socket Mode endpoint, on a scaled clock (an emulated second lasts 50 ms unless a test says
//! otherwise, so the three-second acknowledgement deadline is 150 ms).
//!
//! Every event is counted by `event_id` in the handler: "exactly once" is checked as a count,
//! not inferred from the absence of errors.

use slack_connect_tests::wait::until;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use slack_connect::socket_frames::DisconnectReason;
use slack_connect::socket_mode::{Backoff, SocketMode, SocketModeError, SocketModeHandle};
use slack_connect::{apps, AppToken, Client, EventCallback};
use slack_connect_emulator::{
    seed, Emulator, EmulatorConfig, NewInviteRequest, SocketFault, MAX_SOCKET_CONNECTIONS,
};

/// Handler runs, by `event_id`.
#[derive(Clone, Default)]
struct Counts(Arc<Mutex<HashMap<String, u32>>>);

impl Counts {
    fn total(&self) -> u32 {
        self.0.lock().unwrap().values().sum()
    }
    fn distinct(&self) -> usize {
        self.0.lock().unwrap().len()
    }
    fn doubled(&self) -> Vec<(String, u32)> {
        self.0
            .lock()
            .unwrap()
            .iter()
            .filter(|(_, n)| **n != 1)
            .map(|(id, n)| (id.clone(), *n))
            .collect()
    }
}

async fn emulator(config: EmulatorConfig) -> Emulator {
    Emulator::start_with(config.without_rate_limits().time_scale(0.05))
        .await
        .unwrap()
}

fn app_client(emulator: &Emulator) -> Client {
    Client::builder(AppToken::new(seed::APP_LEVEL_TOKEN).unwrap())
        .base_url(emulator.base_url())
        .build()
        .unwrap()
}

fn counting_client(emulator: &Emulator, counts: &Counts) -> SocketMode {
    let counts = counts.clone();
    SocketMode::new(app_client(emulator), move |delivery: EventCallback| {
        let counts = counts.clone();
        async move {
            *counts
                .0
                .lock()
                .unwrap()
                .entry(delivery.event_id)
                .or_default() += 1;
        }
    })
    .ping_interval(Duration::from_millis(100))
    .idle_timeout(Duration::from_millis(600))
    .backoff(Backoff::new(
        Duration::from_millis(50),
        Duration::from_millis(400),
        Duration::from_millis(500),
    ))
}

fn invite_request(emulator: &Emulator, n: usize) {
    let request = NewInviteRequest::by_email(
        seed::ACME_PROJECT,
        seed::ACME_ALICE,
        &format!("guest{n}@partner.example"),
    );
    emulator.create_invite_request(request).unwrap();
}

async fn connected(handle: &SocketModeHandle, connections: u64) {
    until(Duration::from_secs(10), "the connections", || {
        handle.stats().connects >= connections
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hello_then_an_event_is_acknowledged_and_handled_once() {
    let emulator = emulator(EmulatorConfig::default()).await;
    let counts = Counts::default();
    let handle = counting_client(&emulator, &counts).start().unwrap();
    connected(&handle, 1).await;

    invite_request(&emulator, 1);
    until(Duration::from_secs(10), "the handler", || {
        counts.total() == 1
    })
    .await;
    tokio::time::timeout(Duration::from_secs(10), emulator.socket_settled())
        .await
        .unwrap();
    let report = emulator.socket_mode_report();
    assert_eq!(report.events, 1);
    assert_eq!(report.acknowledged, 1);
    assert_eq!(report.redeliveries, 0);
    assert_eq!(report.connections_opened, 1);
    let stats = handle.stats();
    assert_eq!((stats.events, stats.acks, stats.duplicates), (1, 1, 0));
    assert!(counts.doubled().is_empty());
    handle.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_ack_is_redelivered_and_the_handler_still_runs_once() {
    let emulator = emulator(EmulatorConfig::default()).await;
    let counts = Counts::default();
    let handle = counting_client(&emulator, &counts).start().unwrap();
    connected(&handle, 1).await;

    // The emulator sits on the first acknowledgement past the 150 ms deadline.
    emulator
        .inject_socket_fault(SocketFault::DelayAcks {
            millis: 400,
            times: 1,
        })
        .unwrap();
    invite_request(&emulator, 1);
    until(Duration::from_secs(10), "the redelivery", || {
        handle.stats().events >= 2
    })
    .await;
    tokio::time::timeout(Duration::from_secs(10), emulator.socket_settled())
        .await
        .unwrap();
    let report = emulator.socket_mode_report();
    assert_eq!(report.redeliveries, 1, "{report:?}");
    assert_eq!(report.failed, 0);
    let stats = handle.stats();
    assert_eq!(stats.duplicates, 1, "{stats:?}");
    assert_eq!(counts.total(), 1);
    assert_eq!(counts.distinct(), 1);
    handle.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_events_through_refreshes_and_a_silent_drop_are_each_handled_once() {
    const EVENTS: usize = 1_000;
    let emulator = emulator(EmulatorConfig::default().socket_refresh_every(50)).await;
    let counts = Counts::default();
    let handle = counting_client(&emulator, &counts)
        .connections(2)
        .start()
        .unwrap();
    connected(&handle, 2).await;

    let started = Instant::now();
    for n in 0..EVENTS {
        invite_request(&emulator, n);
        if n % 100 == 99 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        if n == EVENTS / 2 {
            // A refresh may have every connection between two states for a moment.
            let mut tries = 0;
            while emulator
                .inject_socket_fault(SocketFault::SilentDrop)
                .is_err()
            {
                tries += 1;
                assert!(tries < 500, "no connection to drop");
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }
    }
    until(Duration::from_secs(60), "every event", || {
        counts.distinct() == EVENTS
    })
    .await;
    tokio::time::timeout(Duration::from_secs(30), emulator.socket_settled())
        .await
        .unwrap();
    let elapsed = started.elapsed();

    assert_eq!(counts.distinct(), EVENTS, "none lost");
    assert_eq!(counts.doubled(), Vec::new(), "none doubled");
    assert_eq!(counts.total() as usize, EVENTS);
    let report = emulator.socket_mode_report();
    assert_eq!(report.events as usize, EVENTS);
    assert_eq!(report.failed, 0, "{report:?}");
    assert_eq!(report.acknowledged as usize, EVENTS, "{report:?}");
    assert!(
        report.redeliveries > 0,
        "envelopes sent into the dropped link came again"
    );
    let refreshes = report
        .disconnects
        .get("refresh_requested")
        .copied()
        .unwrap_or(0);
    assert!(refreshes >= (EVENTS / 50) as u64 - 1, "{report:?}");
    // The half-open connection is noticed once it has been quiet for the idle timeout, which
    // may be after the last event.
    until(
        Duration::from_secs(5),
        "the silent drop to be detected",
        || {
            let stats = handle.stats();
            stats.idle_timeouts >= 1 && !stats.reconnect_latencies.is_empty()
        },
    )
    .await;
    let stats = handle.stats();
    let mut latencies = stats.reconnect_latencies.clone();
    latencies.sort();
    assert!(!latencies.is_empty());
    let median = latencies[latencies.len() / 2];
    let max = latencies[latencies.len() - 1];
    let mut refresh = stats.refresh_latencies.clone();
    refresh.sort();
    assert!(!refresh.is_empty());
    eprintln!(
        "{EVENTS} events in {elapsed:?}: {} reconnects after a lost connection (median {median:?}, max {max:?}); {} refreshes asked, replacement ready after median {:?}, max {:?}; {} redeliveries, {} duplicates skipped",
        latencies.len(),
        refreshes,
        refresh[refresh.len() / 2],
        refresh[refresh.len() - 1],
        report.redeliveries,
        stats.duplicates
    );
    handle.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_half_open_connection_is_replaced_within_the_idle_timeout() {
    let emulator = emulator(EmulatorConfig::default()).await;
    let counts = Counts::default();
    let idle_timeout = Duration::from_millis(600);
    let handle = counting_client(&emulator, &counts)
        .idle_timeout(idle_timeout)
        .start()
        .unwrap();
    connected(&handle, 1).await;

    let dropped = Instant::now();
    emulator
        .inject_socket_fault(SocketFault::SilentDrop)
        .unwrap();
    until(Duration::from_secs(10), "the replacement", || {
        let stats = handle.stats();
        stats.idle_timeouts == 1 && stats.connects == 2
    })
    .await;
    let replaced_after = dropped.elapsed();
    assert!(
        replaced_after < idle_timeout + Duration::from_millis(500),
        "replaced after {replaced_after:?}"
    );
    assert!(
        replaced_after >= idle_timeout / 2,
        "not before the link went quiet"
    );

    // The replacement carries events.
    invite_request(&emulator, 1);
    until(Duration::from_secs(10), "the handler", || {
        counts.total() == 1
    })
    .await;
    handle.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn link_disabled_ends_with_a_typed_error() {
    let emulator = emulator(EmulatorConfig::default()).await;
    let counts = Counts::default();
    let mut handle = counting_client(&emulator, &counts).start().unwrap();
    connected(&handle, 1).await;
    assert_eq!(
        emulator.socket_disconnect(&DisconnectReason::LinkDisabled),
        1
    );
    let outcome = tokio::time::timeout(Duration::from_secs(5), handle.wait())
        .await
        .expect("stops at once rather than reconnecting");
    assert!(
        matches!(outcome, Err(SocketModeError::LinkDisabled)),
        "{outcome:?}"
    );
    assert_eq!(
        handle.stats().connects,
        1,
        "no reconnect after link_disabled"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_many_websockets_is_retried_no_faster_than_the_backoff() {
    let emulator = emulator(EmulatorConfig::default()).await;
    let counts = Counts::default();
    let full = counting_client(&emulator, &counts)
        .connections(MAX_SOCKET_CONNECTIONS)
        .start()
        .unwrap();
    connected(&full, MAX_SOCKET_CONNECTIONS as u64).await;

    let initial = Duration::from_millis(100);
    let extra = SocketMode::new(app_client(&emulator), |_: EventCallback| async {})
        .backoff(Backoff::new(
            initial,
            Duration::from_secs(2),
            Duration::from_secs(1),
        ))
        .start()
        .unwrap();
    let window = Duration::from_millis(1_600);
    tokio::time::sleep(window).await;
    let attempts = extra.stats().failed_attempts;
    // Waits of at least 50, 100, 200, 400 and 800 ms (half of each doubling ceiling) fit at
    // most five retries after the first attempt in 1.6 s.
    assert!(
        (1..=6).contains(&attempts),
        "{attempts} attempts in {window:?}"
    );
    assert_eq!(extra.stats().connects, 0);
    let report = emulator.socket_mode_report();
    assert_eq!(report.refused, attempts, "{report:?}");
    assert_eq!(
        report.disconnects.get("too_many_websockets").copied(),
        Some(attempts)
    );
    extra.shutdown().await.unwrap();
    full.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_token_stops_with_the_api_error_and_a_bot_token_is_refused_up_front() {
    let emulator = emulator(EmulatorConfig::default()).await;
    let unknown = Client::builder(AppToken::new("xapp-1-A0EMULATOR1-9-notissued").unwrap())
        .base_url(emulator.base_url())
        .build()
        .unwrap();
    let outcome = tokio::time::timeout(
        Duration::from_secs(5),
        SocketMode::new(unknown, |_: EventCallback| async {}).run(),
    )
    .await
    .expect("does not loop");
    match outcome {
        Err(SocketModeError::Refused(error)) => assert_eq!(
            error.api_error(),
            Some(&apps::connections::open::Error::InvalidAuth)
        ),
        other => panic!("{other:?}"),
    }

    let bot = Client::builder(seed::ACME_BOT_TOKEN)
        .base_url(emulator.base_url())
        .build()
        .unwrap();
    let refused = SocketMode::new(bot, |_: EventCallback| async {}).start();
    assert!(
        matches!(&refused, Err(SocketModeError::NotAnAppToken { kind }) if kind == "xoxb"),
        "{refused:?}"
    );
    let too_many = SocketMode::new(app_client(&emulator), |_: EventCallback| async {})
        .connections(MAX_SOCKET_CONNECTIONS + 1)
        .start();
    assert!(matches!(too_many, Err(SocketModeError::InvalidSetting(_))));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_frames_and_other_envelope_types_are_skipped_and_acknowledged() {
    let emulator = emulator(EmulatorConfig::default()).await;
    let counts = Counts::default();
    let handle = counting_client(&emulator, &counts).start().unwrap();
    connected(&handle, 1).await;

    emulator
        .inject_socket_fault(SocketFault::MalformedFrame)
        .unwrap();
    emulator
        .inject_socket_fault(SocketFault::UnknownEnvelope)
        .unwrap();
    until(
        Duration::from_secs(5),
        "the interactive envelope's ack",
        || emulator.socket_mode_report().acks_received == 1,
    )
    .await;
    assert_eq!(handle.stats().malformed, 1);

    // Still the same connection, still handling events.
    invite_request(&emulator, 1);
    until(Duration::from_secs(10), "the handler", || {
        counts.total() == 1
    })
    .await;
    assert_eq!(handle.stats().connects, 1);
    handle.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_abrupt_close_reconnects_and_loses_nothing() {
    let emulator = emulator(EmulatorConfig::default()).await;
    let counts = Counts::default();
    let handle = counting_client(&emulator, &counts).start().unwrap();
    connected(&handle, 1).await;
    for n in 0..20 {
        invite_request(&emulator, n);
    }
    emulator
        .inject_socket_fault(SocketFault::AbruptClose)
        .unwrap();
    for n in 20..40 {
        invite_request(&emulator, n);
    }
    until(Duration::from_secs(20), "every event", || {
        counts.distinct() == 40
    })
    .await;
    assert!(counts.doubled().is_empty());
    assert!(handle.stats().connects >= 2);
    handle.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_closes_the_connections_and_waits_for_running_handlers() {
    let emulator = emulator(EmulatorConfig::default()).await;
    let finished = Arc::new(Mutex::new(0u32));
    let started = Arc::new(tokio::sync::Notify::new());
    let (finished_in, started_in) = (finished.clone(), started.clone());
    let handle = SocketMode::new(app_client(&emulator), move |_: EventCallback| {
        let (finished, started) = (finished_in.clone(), started_in.clone());
        async move {
            started.notify_one();
            tokio::time::sleep(Duration::from_millis(300)).await;
            *finished.lock().unwrap() += 1;
        }
    })
    .start()
    .unwrap();
    connected(&handle, 1).await;
    invite_request(&emulator, 1);
    tokio::time::timeout(Duration::from_secs(10), started.notified())
        .await
        .unwrap();
    handle.shutdown().await.unwrap();
    assert_eq!(
        *finished.lock().unwrap(),
        1,
        "the running handler finished first"
    );
    until(
        Duration::from_secs(5),
        "the emulator to see the close",
        || emulator.socket_mode_report().connections_open == 0,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refresh_opens_the_new_connection_before_closing_the_old() {
    let emulator = emulator(EmulatorConfig::default()).await;
    let counts = Counts::default();
    let handle = counting_client(&emulator, &counts).start().unwrap();
    connected(&handle, 1).await;
    assert_eq!(emulator.socket_disconnect(&DisconnectReason::Warning), 1);
    until(Duration::from_secs(5), "the replacement", || {
        handle.stats().connects == 2
    })
    .await;
    let report = emulator.socket_mode_report();
    assert_eq!(report.connections_opened, 2);
    // The replacement reached `hello` while the old connection was still open.
    until(
        Duration::from_secs(5),
        "the old connection to close",
        || emulator.socket_mode_report().connections_open == 1,
    )
    .await;
    assert_eq!(handle.stats().refreshes, 1);
    assert_eq!(
        handle.stats().reconnect_latencies.len(),
        0,
        "no gap without a ready connection"
    );
    handle.shutdown().await.unwrap();
}
