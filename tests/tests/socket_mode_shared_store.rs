//! Socket Mode across replicas: two `SocketMode` clients of one app (two processes, in
//! production) share a real `redis-server` as their de-dup store, against the emulator's Socket
//! Mode endpoint over loopback. The emulator spreads envelopes over both clients' connections
//! round-robin, so a redelivery usually reaches the other replica.
//!
//! Every event is counted by `event_id` in the handler, per replica: "exactly once across both"
//! is checked as a count.

use slack_connect_tests::wait::until;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use slack_connect::socket_mode::{Backoff, SocketMode, SocketModeHandle};
use slack_connect::store::redis::RedisStore;
use slack_connect::store::{Store, Unavailable};
use slack_connect::{AppToken, Client, EventCallback};
use slack_connect_emulator::{seed, Emulator, EmulatorConfig, NewInviteRequest, SocketFault};
use slack_connect_tests::redis_server::RedisServer;
use tokio::sync::Semaphore;

/// Handler runs, by replica and `event_id`.
#[derive(Clone, Default)]
struct Runs(Arc<Mutex<HashMap<(usize, String), u32>>>);

impl Runs {
    fn record(&self, replica: usize, event_id: String) {
        *self
            .0
            .lock()
            .unwrap()
            .entry((replica, event_id))
            .or_default() += 1;
    }
    /// Runs of each event, over both replicas.
    fn by_event(&self) -> HashMap<String, u32> {
        let mut events = HashMap::new();
        for ((_, event_id), n) in self.0.lock().unwrap().iter() {
            *events.entry(event_id.clone()).or_default() += n;
        }
        events
    }
    fn of_replica(&self, replica: usize) -> u32 {
        self.0
            .lock()
            .unwrap()
            .iter()
            .filter(|((r, _), _)| *r == replica)
            .map(|(_, n)| n)
            .sum()
    }
}

async fn emulator(time_scale: f64) -> Emulator {
    Emulator::start_with(
        EmulatorConfig::default()
            .without_rate_limits()
            .time_scale(time_scale),
    )
    .await
    .unwrap()
}

fn redis(server: &RedisServer) -> Arc<dyn Store> {
    Arc::new(
        RedisStore::open(&server.url())
            .unwrap()
            .timeout(Duration::from_millis(200))
            .on_unavailable(Unavailable::Refuse),
    )
}

/// Replica `replica`: a client on the shared `store` whose handler waits for a permit of
/// `gate`, then counts the event.
fn replica(
    emulator: &Emulator,
    store: Arc<dyn Store>,
    replica: usize,
    runs: &Runs,
    gate: &Arc<Semaphore>,
) -> SocketModeHandle {
    let client = Client::builder(AppToken::new(seed::APP_LEVEL_TOKEN).unwrap())
        .base_url(emulator.base_url())
        .build()
        .unwrap();
    let (runs, gate) = (runs.clone(), gate.clone());
    SocketMode::new(client, move |delivery: EventCallback| {
        let (runs, gate) = (runs.clone(), gate.clone());
        async move {
            gate.acquire().await.unwrap().forget();
            runs.record(replica, delivery.event_id);
        }
    })
    .shared_store(store)
    .ping_interval(Duration::from_millis(100))
    .idle_timeout(Duration::from_millis(600))
    .backoff(Backoff::new(
        Duration::from_millis(50),
        Duration::from_millis(400),
        Duration::from_millis(500),
    ))
    .start()
    .unwrap()
}

fn invite_request(emulator: &Emulator, n: usize) {
    let request = NewInviteRequest::by_email(
        seed::ACME_PROJECT,
        seed::ACME_ALICE,
        &format!("guest{n}@partner.example"),
    );
    emulator.create_invite_request(request).unwrap();
}

async fn both_connected(replicas: &[&SocketModeHandle]) {
    until(
        Duration::from_secs(10),
        "both replicas' connections",
        || replicas.iter().all(|handle| handle.stats().connects >= 1),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_on_one_redis_handle_each_event_once_through_redeliveries() {
    const EVENTS: usize = 200;
    let server = RedisServer::start();
    // An emulated second lasts 50 ms: the acknowledgement deadline is 150 ms.
    let emulator = emulator(0.05).await;
    let runs = Runs::default();
    let open = Arc::new(Semaphore::new(Semaphore::MAX_PERMITS));
    let a = replica(&emulator, redis(&server), 0, &runs, &open);
    let b = replica(&emulator, redis(&server), 1, &runs, &open);
    both_connected(&[&a, &b]).await;

    for n in 0..EVENTS {
        if n % 40 == 0 {
            // The next acknowledgements reach the emulator after the deadline: their envelopes
            // are redelivered, mostly to the other replica, although they were handled.
            emulator
                .inject_socket_fault(SocketFault::DelayAcks {
                    millis: 250,
                    times: 10,
                })
                .unwrap();
        }
        invite_request(&emulator, n);
        if n % 20 == 19 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    until(Duration::from_secs(60), "every event", || {
        runs.by_event().len() == EVENTS
    })
    .await;
    tokio::time::timeout(Duration::from_secs(30), emulator.socket_settled())
        .await
        .unwrap();

    let by_event = runs.by_event();
    assert_eq!(by_event.len(), EVENTS, "none lost");
    let doubled: Vec<_> = by_event.iter().filter(|(_, n)| **n != 1).collect();
    assert!(doubled.is_empty(), "handled more than once: {doubled:?}");
    let report = emulator.socket_mode_report();
    assert_eq!(report.events as usize, EVENTS);
    assert_eq!(report.failed, 0, "{report:?}");
    assert_eq!(report.acknowledged as usize, EVENTS, "{report:?}");
    assert!(report.redeliveries >= 10, "{report:?}");
    let (sa, sb) = (a.stats(), b.stats());
    assert!(
        runs.of_replica(0) > 0 && runs.of_replica(1) > 0,
        "both replicas handle events"
    );
    // Redeliveries of handled events were recognised through the store, on either replica.
    assert!(sa.duplicates + sb.duplicates >= 1, "{sa:?} {sb:?}");
    eprintln!(
        "{EVENTS} events on two replicas: {} redeliveries; replica A ran {}, skipped {} done, left {} unacknowledged; replica B ran {}, skipped {} done, left {} unacknowledged",
        report.redeliveries,
        runs.of_replica(0),
        sa.duplicates,
        sa.unacknowledged,
        runs.of_replica(1),
        sb.duplicates,
        sb.unacknowledged,
    );
    a.shutdown().await.unwrap();
    b.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_claimed_by_another_replica_is_not_acknowledged_and_runs_once_on_the_claimer() {
    let server = RedisServer::start();
    // An emulated second lasts 200 ms: the acknowledgement deadline is 600 ms, and an envelope
    // is given up on after three redeliveries (2.4 s).
    let emulator = emulator(0.2).await;
    let runs = Runs::default();
    let gate = Arc::new(Semaphore::new(0));
    let replicas = [
        replica(&emulator, redis(&server), 0, &runs, &gate),
        replica(&emulator, redis(&server), 1, &runs, &gate),
    ];
    both_connected(&[&replicas[0], &replicas[1]]).await;

    // The claimer acknowledges at once, but the emulator sees it only after the deadline: the
    // envelope goes to the other replica while the claimer's handler is still running.
    emulator
        .inject_socket_fault(SocketFault::DelayAcks {
            millis: 1_500,
            times: 1,
        })
        .unwrap();
    invite_request(&emulator, 1);
    let claimer = {
        let mut claimer = None;
        until(Duration::from_secs(10), "the claim", || {
            claimer = (0..2).find(|r| replicas[*r].stats().acks == 1);
            claimer.is_some()
        })
        .await;
        claimer.unwrap()
    };
    let other = 1 - claimer;
    until(
        Duration::from_secs(10),
        "the redelivery to the other replica",
        || {
            let stats = replicas[other].stats();
            stats.events >= 1 && stats.acks + stats.unacknowledged >= 1
        },
    )
    .await;
    let stats = replicas[other].stats();
    assert_eq!(stats.acks, 0, "not acknowledged while busy: {stats:?}");
    assert_eq!(stats.unacknowledged, 1, "{stats:?}");
    assert_eq!(runs.of_replica(other), 0);
    assert_eq!(runs.of_replica(claimer), 0, "the claimer's handler is held");

    gate.add_permits(10);
    until(Duration::from_secs(10), "the claimer's handler", || {
        runs.of_replica(claimer) == 1
    })
    .await;
    tokio::time::timeout(Duration::from_secs(10), emulator.socket_settled())
        .await
        .unwrap();
    let report = emulator.socket_mode_report();
    assert_eq!(report.failed, 0, "{report:?}");
    assert_eq!(report.acknowledged, 1, "{report:?}");
    assert!(report.redeliveries >= 1, "{report:?}");
    // Later redeliveries, if any came before the held acknowledgement was seen, found the event
    // done; the handler ran once, on the claimer.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(runs.of_replica(claimer), 1);
    assert_eq!(runs.of_replica(other), 0);
    assert_eq!(runs.by_event().len(), 1);
    for handle in replicas {
        handle.shutdown().await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn while_the_store_refuses_an_envelope_is_left_for_redelivery_then_handled_once() {
    let mut server = RedisServer::start();
    // An emulated second lasts 500 ms: the acknowledgement deadline is 1.5 s, and an envelope
    // is given up on after three redeliveries (6 s).
    let emulator = emulator(0.5).await;
    let runs = Runs::default();
    let open = Arc::new(Semaphore::new(Semaphore::MAX_PERMITS));
    let handle = replica(&emulator, redis(&server), 0, &runs, &open);
    both_connected(&[&handle]).await;

    server.kill();
    invite_request(&emulator, 1);
    until(Duration::from_secs(10), "the refused claim", || {
        handle.stats().unacknowledged >= 1
    })
    .await;
    let stats = handle.stats();
    assert_eq!(
        stats.acks, 0,
        "not acknowledged while the store refuses: {stats:?}"
    );
    assert_eq!(runs.by_event().len(), 0, "not handled without a claim");

    server.restart();
    until(
        Duration::from_secs(10),
        "the handler after the store came back",
        || runs.of_replica(0) == 1,
    )
    .await;
    tokio::time::timeout(Duration::from_secs(10), emulator.socket_settled())
        .await
        .unwrap();
    let report = emulator.socket_mode_report();
    assert_eq!((report.acknowledged, report.failed), (1, 0), "{report:?}");
    assert!(report.redeliveries >= 1, "{report:?}");
    assert_eq!(handle.stats().acks, 1);
    assert_eq!(
        runs.by_event().values().copied().collect::<Vec<_>>(),
        vec![1]
    );
    handle.shutdown().await.unwrap();
}
