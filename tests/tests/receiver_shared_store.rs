//! Receivers sharing a Redis store (a real `redis-server`), over loopback with signed requests
//! made here: a delivery whose handler runs on another receiver gets 503 and never runs twice;
//! once done, a retry anywhere gets 200 without running it; a failing or panicking handler
//! still ends its claim; Redis down under each policy.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::json;
use slack_connect::receiver::Receiver;
use slack_connect::signing::{SigningSecret, SIGNATURE_HEADER, TIMESTAMP_HEADER};
use slack_connect::store::redis::RedisStore;
use slack_connect::store::{Store, Unavailable};
use slack_connect::EventCallback;
use slack_connect_tests::redis_server::RedisServer;
use tokio::sync::{oneshot, Semaphore};

const SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";

/// A receiver on a free port whose handler counts runs per event and waits for a permit.
struct Replica {
    url: String,
    _stop: oneshot::Sender<()>,
}

#[derive(Clone)]
struct Runs {
    started: Arc<Mutex<HashMap<String, u32>>>,
    permits: Arc<Semaphore>,
}

impl Default for Runs {
    /// No permits: handlers wait until the test adds some.
    fn default() -> Runs {
        Runs {
            started: Arc::default(),
            permits: Arc::new(Semaphore::new(0)),
        }
    }
}

impl Runs {
    fn started(&self, event_id: &str) -> u32 {
        self.started
            .lock()
            .unwrap()
            .get(event_id)
            .copied()
            .unwrap_or(0)
    }
}

async fn replica(store: Arc<dyn Store>, runs: &Runs) -> Replica {
    let runs = runs.clone();
    let receiver = Receiver::new(
        SigningSecret::new(SECRET),
        move |delivery: EventCallback| {
            let runs = runs.clone();
            async move {
                *runs
                    .started
                    .lock()
                    .unwrap()
                    .entry(delivery.event_id.clone())
                    .or_default() += 1;
                let _permit = runs.permits.acquire().await.unwrap();
                match delivery.event_id.as_str() {
                    "EvPanic" => panic!("the handler panics"),
                    "EvFail" => Err("the handler fails".to_owned()),
                    _ => Ok(()),
                }
            }
        },
    )
    .store(store, Duration::from_secs(30), Duration::from_secs(3600));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/slack/events", listener.local_addr().unwrap());
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(receiver.serve_on(listener, async move {
        let _ = stopped.await;
    }));
    Replica { url, _stop: stop }
}

async fn post(url: &str, event_id: &str) -> u16 {
    let body = serde_json::to_vec(&json!({
        "token": "XXYYZZ-VERIFICATION-TOKEN",
        "team_id": "T0ACMEHQ01",
        "api_app_id": "A0EMULATOR1",
        "event": {"type": "app_mention_like_other", "text": "x"},
        "type": "event_callback",
        "event_id": event_id,
        "event_time": 1_700_000_000
    }))
    .unwrap();
    let timestamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .to_string();
    let signature = SigningSecret::new(SECRET).sign(&timestamp, &body);
    reqwest::Client::new()
        .post(url)
        .header("content-type", "application/json")
        .header(TIMESTAMP_HEADER, timestamp)
        .header(SIGNATURE_HEADER, signature)
        .body(body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

fn redis(server: &RedisServer, policy: Unavailable) -> Arc<dyn Store> {
    Arc::new(
        RedisStore::open(&server.url())
            .unwrap()
            .timeout(Duration::from_millis(200))
            .on_unavailable(policy),
    )
}

/// Waits until `check` holds (bounded).
async fn eventually(what: &str, check: impl Fn() -> bool) {
    for _ in 0..200 {
        if check() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("never: {what}");
}

#[tokio::test]
async fn a_retry_to_another_replica_gets_503_while_the_handler_runs_then_200_without_running() {
    let server = RedisServer::start();
    let runs = Runs::default();
    let a = replica(redis(&server, Unavailable::Refuse), &runs).await;
    let b = replica(redis(&server, Unavailable::Refuse), &runs).await;

    assert_eq!(post(&a.url, "Ev1").await, 200);
    eventually("Ev1 started", || runs.started("Ev1") == 1).await;
    // Still running on A: B refuses so Slack tries later; A itself too.
    assert_eq!(post(&b.url, "Ev1").await, 503);
    assert_eq!(post(&a.url, "Ev1").await, 503);
    runs.permits.add_permits(100);
    // Done: both acknowledge without running it again.
    let mut status = 0;
    for _ in 0..100 {
        status = post(&b.url, "Ev1").await;
        if status == 200 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(status, 200);
    assert_eq!(post(&a.url, "Ev1").await, 200);
    // A new event runs on whichever replica gets it.
    assert_eq!(post(&b.url, "Ev2").await, 200);
    eventually("Ev2 started", || runs.started("Ev2") == 1).await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(runs.started("Ev1"), 1);
}

#[tokio::test]
async fn a_failing_or_panicking_handler_still_finishes_its_claim() {
    let server = RedisServer::start();
    let runs = Runs::default();
    runs.permits.add_permits(100);
    let a = replica(redis(&server, Unavailable::Refuse), &runs).await;
    let b = replica(redis(&server, Unavailable::Refuse), &runs).await;
    for event_id in ["EvPanic", "EvFail"] {
        assert_eq!(post(&a.url, event_id).await, 200);
        let mut status = 0;
        for _ in 0..100 {
            status = post(&b.url, event_id).await;
            if status == 200 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        assert_eq!(status, 200, "{event_id}");
        assert_eq!(runs.started(event_id), 1, "{event_id}");
    }
    // The server carried on after the panic.
    assert_eq!(post(&a.url, "EvAfter").await, 200);
}

#[tokio::test]
async fn redis_down_refusing_answers_503_and_falling_back_runs_the_handler() {
    let mut server = RedisServer::start();
    let runs = Runs::default();
    runs.permits.add_permits(100);
    let refusing = replica(redis(&server, Unavailable::Refuse), &runs).await;
    let falling_back = replica(redis(&server, Unavailable::FallBackToLocal), &runs).await;
    assert_eq!(post(&refusing.url, "EvWarm").await, 200);
    assert_eq!(post(&falling_back.url, "EvWarm2").await, 200);
    server.kill();
    assert_eq!(post(&refusing.url, "EvDown").await, 503);
    assert_eq!(runs.started("EvDown"), 0);
    assert_eq!(post(&falling_back.url, "EvDown").await, 200);
    eventually("EvDown ran", || runs.started("EvDown") == 1).await;
    // The fallback still de-duplicates in its own memory.
    assert_eq!(post(&falling_back.url, "EvDown").await, 200);
    server.restart();
    // Back: Slack's retry is handled (Redis restarted empty, so it runs; the record of the
    // local run stayed in the fallback's memory).
    let mut status = 0;
    for _ in 0..100 {
        status = post(&refusing.url, "EvDown").await;
        if status == 200 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(status, 200);
    eventually("EvDown ran on the refusing replica", || {
        runs.started("EvDown") == 2
    })
    .await;
}
