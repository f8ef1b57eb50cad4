//! Several clients ("replicas", each with its own Redis store and connection) bulk-approve
//! invite requests for one workspace against the emulator, whose tier limits run on a clock 60
//! times faster than real time (a Tier-2 minute lasts a second). With one Redis store they
//! share one budget: no 429. A 429 one of them sees pauses the others. Redis killed and
//! restarted in the middle: no panic, the policy holds, the work gets done.

use std::sync::Arc;
use std::time::{Duration, Instant};

use slack_connect::conversations::request_shared_invite::approve;
use slack_connect::store::redis::RedisStore;
use slack_connect::store::{Store, Unavailable};
use slack_connect::{Client, Error, RetryPolicy, ThrottlePolicy};
use slack_connect_emulator::{seed, Emulator, EmulatorConfig, Fault, NewInviteRequest};
use slack_connect_tests::redis_server::RedisServer;

const APP: &str = "A0EMULATOR1";
/// An emulated minute, in real time.
const MINUTE: Duration = Duration::from_secs(1);
/// The throttle's window: the emulated minute plus 5 % for scheduling delays on a busy machine.
const WINDOW: Duration = Duration::from_millis(1050);

async fn emulator() -> Emulator {
    Emulator::start_with(EmulatorConfig::default().time_scale(MINUTE.as_secs_f64() / 60.0))
        .await
        .unwrap()
}

fn invite_requests(emulator: &Emulator, count: usize) -> Vec<String> {
    (0..count)
        .map(|i| {
            emulator
                .create_invite_request(NewInviteRequest::by_email(
                    seed::ACME_PROJECT,
                    seed::ACME_ALICE,
                    &format!("guest{i}@partner.example"),
                ))
                .unwrap()
        })
        .collect()
}

fn replica(emulator: &Emulator, store: Option<Arc<dyn Store>>, retries: u32) -> Client {
    let builder = Client::builder(seed::ACME_ADMIN_TOKEN)
        .base_url(emulator.base_url())
        .retry_policy(RetryPolicy::default().max_retries(retries))
        .throttle(ThrottlePolicy::ByTierWithBurst { burst: 20 })
        .throttle_window(WINDOW);
    match store {
        Some(store) => builder.throttle_store(store, APP, seed::ACME_TEAM),
        None => builder,
    }
    .build()
    .unwrap()
}

/// Approves `ids` with the replicas, each taking every third; the errors, by kind.
#[derive(Debug, Default)]
struct Outcome {
    approved: usize,
    rate_limited: usize,
    store_refused: usize,
    other: Vec<String>,
}

async fn bulk_approve(replicas: &[Client], ids: &[String]) -> Outcome {
    let mut tasks = Vec::new();
    for (n, client) in replicas.iter().enumerate() {
        let client = client.clone();
        let mine: Vec<String> = ids
            .iter()
            .skip(n)
            .step_by(replicas.len())
            .cloned()
            .collect();
        tasks.push(tokio::spawn(async move {
            let mut outcome = Outcome::default();
            for id in mine {
                // A refused call (store down under `Refuse`) is tried again, as a job would.
                for _ in 0..100 {
                    match client.call(&approve::Request::new(id.as_str())).await {
                        Ok(_) => outcome.approved += 1,
                        Err(Error::RateLimited { .. }) => outcome.rate_limited += 1,
                        Err(Error::Store { .. }) => {
                            outcome.store_refused += 1;
                            tokio::time::sleep(Duration::from_millis(50)).await;
                            continue;
                        }
                        Err(error) => outcome.other.push(error.to_string()),
                    }
                    break;
                }
            }
            outcome
        }));
    }
    let mut total = Outcome::default();
    for task in tasks {
        let outcome = task.await.unwrap();
        total.approved += outcome.approved;
        total.rate_limited += outcome.rate_limited;
        total.store_refused += outcome.store_refused;
        total.other.extend(outcome.other);
    }
    total
}

fn redis_store(server: &RedisServer, policy: Unavailable) -> Arc<dyn Store> {
    Arc::new(
        RedisStore::open(&server.url())
            .unwrap()
            .timeout(Duration::from_millis(200))
            .on_unavailable(policy),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_replicas_sharing_redis_stay_inside_one_tier_2_budget() {
    let server = RedisServer::start();
    let emulator = emulator().await;
    let ids = invite_requests(&emulator, 60);
    // No retries: every 429 would surface as an error.
    let replicas: Vec<Client> = (0..3)
        .map(|_| {
            replica(
                &emulator,
                Some(redis_store(&server, Unavailable::Refuse)),
                0,
            )
        })
        .collect();
    let started = Instant::now();
    let outcome = bulk_approve(&replicas, &ids).await;
    let elapsed = started.elapsed();
    assert_eq!(outcome.rate_limited, 0, "{outcome:?}");
    assert_eq!(outcome.approved, 60, "{outcome:?}");
    // 60 Tier-2 calls: 20 at once, then 20 per window: at least two windows.
    assert!(
        elapsed >= 2 * WINDOW - Duration::from_millis(50),
        "{elapsed:?}"
    );
    assert!(elapsed < 4 * WINDOW, "{elapsed:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_replicas_throttling_alone_collect_429s() {
    let emulator = emulator().await;
    let ids = invite_requests(&emulator, 60);
    let replicas: Vec<Client> = (0..3).map(|_| replica(&emulator, None, 0)).collect();
    let outcome = bulk_approve(&replicas, &ids).await;
    // Each spends the whole budget alone: together they go over it (how far depends on how
    // fast the machine sends; the benchmark measures it).
    assert!(outcome.rate_limited > 0, "{outcome:?}");
    assert_eq!(outcome.approved + outcome.rate_limited, 60, "{outcome:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_seen_by_one_replica_pauses_the_method_on_the_others() {
    let server = RedisServer::start();
    let emulator = emulator().await;
    let ids = invite_requests(&emulator, 2);
    let first = replica(
        &emulator,
        Some(redis_store(&server, Unavailable::Refuse)),
        0,
    );
    let second = replica(
        &emulator,
        Some(redis_store(&server, Unavailable::Refuse)),
        0,
    );
    emulator
        .inject_fault(
            approve::METHOD.name,
            Fault::RateLimited { retry_after: 2 },
            1,
        )
        .unwrap();
    let error = first
        .call(&approve::Request::new(ids[0].as_str()))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::RateLimited { .. }), "{error}");
    let started = Instant::now();
    second
        .call(&approve::Request::new(ids[1].as_str()))
        .await
        .unwrap();
    // The other replica waited out the Retry-After before sending.
    assert!(
        started.elapsed() >= Duration::from_millis(1800),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_killed_and_restarted_mid_run_falling_back_to_local_keeps_working() {
    let mut server = RedisServer::start();
    let emulator = emulator().await;
    let ids = invite_requests(&emulator, 90);
    // One retry lets a 429 collected while each replica counts alone be waited out.
    let replicas: Vec<Client> = (0..3)
        .map(|_| {
            replica(
                &emulator,
                Some(redis_store(&server, Unavailable::FallBackToLocal)),
                3,
            )
        })
        .collect();
    let run = tokio::spawn({
        let ids = ids.clone();
        async move { bulk_approve(&replicas, &ids).await }
    });
    tokio::time::sleep(Duration::from_millis(700)).await;
    server.kill();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.restart();
    let outcome = run.await.unwrap();
    assert_eq!(outcome.approved, 90, "{outcome:?}");
    assert!(outcome.other.is_empty(), "{outcome:?}");
    assert_eq!(outcome.store_refused, 0, "{outcome:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_killed_and_restarted_mid_run_refusing_stops_calls_until_it_is_back() {
    let mut server = RedisServer::start();
    let emulator = emulator().await;
    let ids = invite_requests(&emulator, 60);
    let replicas: Vec<Client> = (0..3)
        .map(|_| {
            replica(
                &emulator,
                Some(redis_store(&server, Unavailable::Refuse)),
                0,
            )
        })
        .collect();
    let run = tokio::spawn({
        let ids = ids.clone();
        async move { bulk_approve(&replicas, &ids).await }
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    server.kill();
    tokio::time::sleep(Duration::from_millis(1000)).await;
    server.restart();
    let outcome = run.await.unwrap();
    // Calls were refused (nothing sent) while Redis was down, then went on: all approved,
    // and never over the budget.
    assert!(outcome.store_refused > 0, "{outcome:?}");
    assert_eq!(outcome.approved, 60, "{outcome:?}");
    assert!(outcome.other.is_empty(), "{outcome:?}");
    assert_eq!(outcome.rate_limited, 0, "{outcome:?}");
}
