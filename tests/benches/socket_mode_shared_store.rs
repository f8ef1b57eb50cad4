//! What claiming each event in a shared store before acknowledging it costs Socket Mode: the
//! time from an event's creation in the emulator to its handler starting, one event at a time,
//! for a client without a store (the baseline, measured in the same run), with an in-process
//! `MemoryStore`, and with a `RedisStore` on a local `redis-server` (one round trip per event).
//!
//! Usage: `cargo bench -p slack-connect-tests --bench socket_mode_shared_store [-- EVENTS]`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use slack_connect::socket_mode::SocketMode;
use slack_connect::store::redis::RedisStore;
use slack_connect::store::{MemoryStore, Store};
use slack_connect::{AppToken, Client, EventCallback};
use slack_connect_emulator::{seed, Emulator, EmulatorConfig, NewInviteRequest};
use slack_connect_tests::redis_server::RedisServer;
use tokio::sync::mpsc;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// `events` events one after another through a client with `store`; each one's latency.
async fn latencies(
    emulator: &Emulator,
    store: Option<Arc<dyn Store>>,
    first: usize,
    events: usize,
) -> Vec<Duration> {
    let client = Client::builder(AppToken::new(seed::APP_LEVEL_TOKEN).unwrap())
        .base_url(emulator.base_url())
        .build()
        .unwrap();
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut socket = SocketMode::new(client, move |_: EventCallback| {
        let tx = tx.clone();
        async move {
            let _ = tx.send(Instant::now());
        }
    });
    if let Some(store) = store {
        socket = socket.shared_store(store);
    }
    let handle = socket.start().unwrap();
    let started = Instant::now();
    while handle.stats().connects < 1 {
        assert!(started.elapsed() < Duration::from_secs(10), "no connection");
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    let mut samples = Vec::with_capacity(events);
    for n in first..first + events {
        let request = NewInviteRequest::by_email(
            seed::ACME_PROJECT,
            seed::ACME_ALICE,
            &format!("guest{n}@partner.example"),
        );
        let created = Instant::now();
        emulator.create_invite_request(request).unwrap();
        let handled = tokio::time::timeout(Duration::from_secs(10), rx.recv())
            .await
            .expect("the handler within 10 s")
            .unwrap();
        samples.push(handled - created);
    }
    tokio::time::timeout(Duration::from_secs(10), emulator.socket_settled())
        .await
        .unwrap();
    handle.shutdown().await.unwrap();
    samples
}

fn main() {
    let events: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(300);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let server = RedisServer::start();
    runtime.block_on(async {
        let emulator = Emulator::start_with(EmulatorConfig::default().without_rate_limits())
            .await
            .unwrap();
        let redis: Arc<dyn Store> = Arc::new(RedisStore::open(&server.url()).unwrap());
        let memory: Arc<dyn Store> = Arc::new(MemoryStore::new());
        // Warm-up: connections, the Redis script, the allocator.
        latencies(&emulator, Some(redis.clone()), 0, 20).await;
        let baseline = median(latencies(&emulator, None, 1_000, events).await);
        let with_memory = median(latencies(&emulator, Some(memory), 2_000, events).await);
        let with_redis = median(latencies(&emulator, Some(redis), 3_000, events).await);
        println!("{events} events each, medians from creation to the handler starting:");
        println!("no store (baseline):  {baseline:?}");
        let ratio = |d: Duration| d.as_secs_f64() / baseline.as_secs_f64();
        println!(
            "MemoryStore:          {with_memory:?} ({:.2}x)",
            ratio(with_memory)
        );
        println!(
            "RedisStore (local):   {with_redis:?} ({:.2}x)",
            ratio(with_redis)
        );
    });
}
