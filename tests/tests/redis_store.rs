//! The Redis store against a real `redis-server` started by the test on a free loopback port:
//! the rate-limit script's limits and burst, a 429's pause shared by every store, claims that
//! never go to two stores, keys named `prefix:app:team:...` each with a TTL, and what happens
//! while Redis is down (each policy) and after it comes back.

use std::sync::Arc;
use std::time::{Duration, Instant};

use slack_connect::store::redis::RedisStore;
use slack_connect::store::{Claim, Limit, Scope, Store, StoreError, Unavailable};
use slack_connect_tests::redis_server::RedisServer;

const SCOPE: Scope<'static> = Scope {
    app: "A0APP00001",
    team: "T0ACMEHQ01",
};

fn limit(per_window: u32, window_ms: u64, burst: u32) -> Limit {
    Limit {
        per_window,
        window: Duration::from_millis(window_ms),
        burst,
    }
}

fn store(server: &RedisServer) -> RedisStore {
    RedisStore::open(&server.url()).expect("a store address")
}

#[tokio::test]
async fn a_burst_then_spaced_calls_and_never_more_than_the_limit_in_any_window() {
    let server = RedisServer::start();
    // Three processes' stores, one Redis.
    let stores: Vec<RedisStore> = (0..3).map(|_| store(&server)).collect();
    let limit = limit(10, 1000, 4);
    let started = Instant::now();
    let mut granted = Vec::new();
    let mut i = 0usize;
    while started.elapsed() < Duration::from_millis(2500) {
        let store = &stores[i % 3];
        i += 1;
        let before = started.elapsed();
        let wait = store.acquire(SCOPE, "m.tier", limit).await.unwrap();
        if wait.is_zero() {
            granted.push((before, started.elapsed()));
        } else {
            assert!(wait <= Duration::from_millis(1000), "{wait:?}");
            tokio::time::sleep(wait.min(Duration::from_millis(5))).await;
        }
    }
    // The burst came at once (the first grant opens the connections).
    assert!(
        granted[3].1 < granted[0].1 + Duration::from_millis(100),
        "{granted:?}"
    );
    // Never 11 within a second. Each grant happened on Redis between the request's start and
    // its answer, so the 11th was granted at most `after[k]`, the first at least `before[k-10]`.
    for k in 10..granted.len() {
        assert!(
            granted[k].1 >= granted[k - 10].0 + Duration::from_millis(1000),
            "call {k}: {granted:?}"
        );
    }
    // And the budget is spent: 2.5 windows allow at least 20.
    assert!((20..=30).contains(&granted.len()), "{}", granted.len());
}

#[tokio::test]
async fn a_pause_set_by_one_store_holds_the_others_for_that_method_and_team_only() {
    let server = RedisServer::start();
    let (a, b) = (store(&server), store(&server));
    let limit = limit(100, 60_000, 100);
    a.pause(SCOPE, "m.paused", Duration::from_secs(5))
        .await
        .unwrap();
    let wait = b.acquire(SCOPE, "m.paused", limit).await.unwrap();
    assert!(
        wait > Duration::from_millis(4000) && wait <= Duration::from_secs(5),
        "{wait:?}"
    );
    // A shorter pause does not shorten it.
    b.pause(SCOPE, "m.paused", Duration::from_millis(10))
        .await
        .unwrap();
    assert!(a.acquire(SCOPE, "m.paused", limit).await.unwrap() > Duration::from_secs(4));
    assert_eq!(
        b.acquire(SCOPE, "m.other", limit).await.unwrap(),
        Duration::ZERO
    );
    assert_eq!(
        b.acquire(Scope::new(SCOPE.app, "T0GLOBEX01"), "m.paused", limit)
            .await
            .unwrap(),
        Duration::ZERO
    );
}

#[tokio::test]
async fn concurrent_claims_from_many_stores_give_one_claim() {
    let server = RedisServer::start();
    let stores: Vec<Arc<RedisStore>> = (0..3).map(|_| Arc::new(store(&server))).collect();
    let lease = Duration::from_secs(30);
    for round in 0..20 {
        let event_id = format!("Ev{round:04}");
        let mut tasks = Vec::new();
        for k in 0..12 {
            let store = stores[k % 3].clone();
            let event_id = event_id.clone();
            tasks.push(tokio::spawn(async move {
                store.claim(SCOPE, &event_id, lease).await.unwrap()
            }));
        }
        let mut claims = Vec::new();
        for task in tasks {
            claims.push(task.await.unwrap());
        }
        let claimed = claims.iter().filter(|c| **c == Claim::Claimed).count();
        assert_eq!(claimed, 1, "{event_id}: {claims:?}");
        assert!(claims
            .iter()
            .all(|c| matches!(c, Claim::Claimed | Claim::Processing)));
        stores[1]
            .finish(SCOPE, &event_id, Duration::from_secs(60))
            .await
            .unwrap();
        assert_eq!(
            stores[2].claim(SCOPE, &event_id, lease).await.unwrap(),
            Claim::Done
        );
    }
}

#[tokio::test]
async fn an_expired_lease_lets_the_next_claim_run_it() {
    let server = RedisServer::start();
    let (a, b) = (store(&server), store(&server));
    let lease = Duration::from_millis(200);
    assert_eq!(
        a.claim(SCOPE, "EvLease", lease).await.unwrap(),
        Claim::Claimed
    );
    assert_eq!(
        b.claim(SCOPE, "EvLease", lease).await.unwrap(),
        Claim::Processing
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        b.claim(SCOPE, "EvLease", lease).await.unwrap(),
        Claim::Claimed
    );
}

#[tokio::test]
async fn every_key_is_prefixed_by_app_and_team_and_has_a_ttl() {
    let server = RedisServer::start();
    let store = store(&server).prefix("gate-prod");
    let limit = limit(20, 60_000, 20);
    store.acquire(SCOPE, "m.keys", limit).await.unwrap();
    store
        .pause(SCOPE, "m.keys", Duration::from_secs(3))
        .await
        .unwrap();
    store
        .claim(SCOPE, "EvKeys", Duration::from_secs(60))
        .await
        .unwrap();
    store
        .claim(SCOPE, "EvDone", Duration::from_secs(60))
        .await
        .unwrap();
    store
        .finish(SCOPE, "EvDone", Duration::from_secs(3600))
        .await
        .unwrap();
    let keys = server.command("KEYS *");
    let names: Vec<&str> = keys
        .lines()
        .filter(|line| !line.starts_with('*') && !line.starts_with('$'))
        .collect();
    let prefix = "gate-prod:A0APP00001:T0ACMEHQ01:";
    let mut expected = vec![
        format!("{prefix}rate:m.keys"),
        format!("{prefix}rate:m.keys:next"),
        format!("{prefix}rate:m.keys:pause"),
        format!("{prefix}event:EvKeys"),
        format!("{prefix}event:EvDone"),
    ];
    expected.sort();
    let mut found: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    found.sort();
    assert_eq!(found, expected, "{keys}");
    for name in &found {
        let ttl = server.command(&format!("PTTL {name}"));
        let ttl: i64 = ttl.trim().trim_start_matches(':').parse().unwrap();
        assert!(ttl > 0, "{name} has no TTL ({ttl})");
    }
    let done = server.command(&format!("PTTL {prefix}event:EvDone"));
    let done: i64 = done.trim().trim_start_matches(':').parse().unwrap();
    assert!(done > 3_500_000, "{done}");
}

#[tokio::test]
async fn while_redis_is_down_the_policy_holds_and_it_reconnects_by_itself() {
    let mut server = RedisServer::start();
    let fallback = store(&server).timeout(Duration::from_millis(200));
    let refuse = store(&server)
        .timeout(Duration::from_millis(200))
        .on_unavailable(Unavailable::Refuse);
    let limit = limit(100, 60_000, 100);
    assert_eq!(
        refuse.claim(SCOPE, "EvUp", Duration::from_secs(60)).await,
        Ok(Claim::Claimed)
    );
    fallback.acquire(SCOPE, "m.down", limit).await.unwrap();

    server.kill();
    for round in 0..3 {
        let event_id = format!("EvDown{round}");
        let started = Instant::now();
        // Falls back to its own memory: the call goes on.
        assert_eq!(
            fallback.acquire(SCOPE, "m.down", limit).await,
            Ok(Duration::ZERO)
        );
        assert_eq!(
            fallback
                .claim(SCOPE, &event_id, Duration::from_secs(60))
                .await,
            Ok(Claim::Claimed)
        );
        match refuse
            .claim(SCOPE, &event_id, Duration::from_secs(60))
            .await
        {
            Err(StoreError::Unavailable { store, reason }) => {
                assert!(store.contains("127.0.0.1"), "{store}");
                assert!(!reason.is_empty());
            }
            other => panic!("expected Unavailable, got {other:?}"),
        }
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{:?}",
            started.elapsed()
        );
    }
    // The fallback de-duplicates in memory meanwhile.
    assert_eq!(
        fallback
            .claim(SCOPE, "EvDown0", Duration::from_secs(60))
            .await,
        Ok(Claim::Processing)
    );

    server.restart();
    // Back: the stores reconnect by themselves (within a few attempts) and share state again.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match refuse.claim(SCOPE, "EvBack", Duration::from_secs(60)).await {
            // An answer lost while reconnecting may leave the claim made: either way it is held.
            Ok(claim) => {
                assert!(
                    matches!(claim, Claim::Claimed | Claim::Processing),
                    "{claim:?}"
                );
                break;
            }
            Err(_) if Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(100)).await
            }
            Err(error) => panic!("no reconnection: {error}"),
        }
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let claim = fallback
            .claim(SCOPE, "EvBack", Duration::from_secs(60))
            .await
            .unwrap();
        if claim == Claim::Processing {
            break; // it sees the other store's claim: shared again
        }
        assert!(
            Instant::now() < deadline,
            "the fallback store never went back to Redis"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn redis_down_at_start_is_no_failure_and_it_connects_when_redis_comes_up() {
    let mut server = RedisServer::start();
    server.kill();
    let store = store(&server)
        .timeout(Duration::from_millis(200))
        .on_unavailable(Unavailable::Refuse);
    assert!(store
        .claim(SCOPE, "EvLate", Duration::from_secs(60))
        .await
        .is_err());
    server.restart();
    let deadline = Instant::now() + Duration::from_secs(10);
    while store
        .claim(SCOPE, "EvLate", Duration::from_secs(60))
        .await
        .is_err()
    {
        assert!(Instant::now() < deadline, "never connected");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
