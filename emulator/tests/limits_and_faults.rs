//! Tier rate limits (HTTP 429 with `Retry-After`), injected faults through the Rust API and the
//! control endpoint, and the server's lifecycle.

mod common;

use std::time::{Duration, Instant};

use common::{emulator, Api};
use serde_json::{json, Value};
use slack_connect_emulator::seed::*;
use slack_connect_emulator::{Emulator, EmulatorConfig, Fault};

const LIST: &str = "conversations.listConnectInvites"; // Tier 1: 1 per minute
const REQUESTS: &str = "conversations.requestSharedInvite.list"; // Tier 2: 20 per minute

#[tokio::test]
async fn tier_limits_are_per_method_and_per_workspace() {
    let emulator = Emulator::start().await.unwrap();
    let api = Api::new(&emulator);
    assert_eq!(api.form(LIST, ACME_BOT_TOKEN, &[]).await.code(), "ok");
    let limited = api.form(LIST, ACME_BOT_TOKEN, &[]).await;
    assert_eq!(limited.status, 429);
    assert_eq!(limited.body, json!({"ok": false, "error": "ratelimited"}));
    let seconds: u64 = limited.retry_after.expect("Retry-After").parse().unwrap();
    assert!((1..=60).contains(&seconds), "{seconds}");
    // Same workspace through another token: still limited. Other workspace and method: not.
    assert_eq!(api.form(LIST, ACME_NON_ADMIN_TOKEN, &[]).await.status, 429);
    assert_eq!(api.form(LIST, GLOBEX_BOT_TOKEN, &[]).await.code(), "ok");
    assert_eq!(api.form(REQUESTS, ACME_BOT_TOKEN, &[]).await.code(), "ok");
}

#[tokio::test]
async fn tier_2_allows_twenty_calls_a_minute_and_scaled_windows_reset() {
    let config = EmulatorConfig::default().time_scale(1.0 / 60.0); // a minute lasts 1 s
    let emulator = Emulator::start_with(config).await.unwrap();
    let api = Api::new(&emulator);
    let mut codes = Vec::new();
    for _ in 0..21 {
        codes.push(
            api.form(REQUESTS, ACME_BOT_TOKEN, &[])
                .await
                .code()
                .to_owned(),
        );
    }
    assert!(codes[..20].iter().all(|c| c == "ok"), "{codes:?}");
    assert_eq!(codes[20], "ratelimited");
    tokio::time::sleep(Duration::from_millis(1050)).await;
    assert_eq!(api.form(REQUESTS, ACME_BOT_TOKEN, &[]).await.code(), "ok");
}

#[tokio::test]
async fn advancing_the_emulators_clock_by_a_minute_ends_a_rate_limit_window() {
    let emulator = Emulator::start().await.unwrap();
    let api = Api::new(&emulator);
    assert_eq!(api.form(LIST, ACME_BOT_TOKEN, &[]).await.code(), "ok");
    assert_eq!(api.form(LIST, ACME_BOT_TOKEN, &[]).await.status, 429);
    emulator.advance_clock(Duration::from_secs(60));
    assert_eq!(api.form(LIST, ACME_BOT_TOKEN, &[]).await.code(), "ok");
}

#[tokio::test]
async fn rate_limits_can_be_turned_off() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    for _ in 0..5 {
        assert_eq!(api.form(LIST, ACME_BOT_TOKEN, &[]).await.code(), "ok");
    }
}

#[tokio::test]
async fn injected_rate_limits_and_server_errors_apply_to_the_next_calls_only() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    emulator
        .inject_fault(LIST, Fault::RateLimited { retry_after: 7 }, 2)
        .unwrap();
    emulator
        .inject_fault(LIST, Fault::ServerError { status: 503 }, 1)
        .unwrap();
    emulator
        .inject_fault(LIST, Fault::ServerError { status: 500 }, 1)
        .unwrap();
    for _ in 0..2 {
        let limited = api.form(LIST, ACME_BOT_TOKEN, &[]).await;
        assert_eq!(limited.status, 429);
        assert_eq!(limited.retry_after.as_deref(), Some("7"));
        assert_eq!(limited.code(), "ratelimited");
    }
    let unavailable = api.form(LIST, ACME_BOT_TOKEN, &[]).await;
    assert_eq!(
        (unavailable.status.as_u16(), unavailable.code()),
        (503, "service_unavailable")
    );
    let broken = api.form(LIST, ACME_BOT_TOKEN, &[]).await;
    assert_eq!(
        (broken.status.as_u16(), broken.code()),
        (500, "internal_error")
    );
    assert_eq!(api.form(LIST, ACME_BOT_TOKEN, &[]).await.code(), "ok");
    // Other methods were never affected.
    assert_eq!(api.form(REQUESTS, ACME_BOT_TOKEN, &[]).await.code(), "ok");
}

#[tokio::test]
async fn delays_broken_bodies_and_closed_connections() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    emulator
        .inject_fault(LIST, Fault::delay(Duration::from_millis(300)), 1)
        .unwrap();
    let started = Instant::now();
    assert_eq!(api.form(LIST, ACME_BOT_TOKEN, &[]).await.code(), "ok");
    assert!(started.elapsed() >= Duration::from_millis(300));

    let raw = || {
        api.http()
            .post(api.url(LIST))
            .bearer_auth(ACME_BOT_TOKEN)
            .send()
    };
    emulator
        .inject_fault(LIST, Fault::MalformedBody, 1)
        .unwrap();
    let malformed = raw().await.unwrap();
    assert_eq!(malformed.status(), 200);
    let text = malformed.text().await.unwrap();
    assert!(serde_json::from_str::<Value>(&text).is_err(), "{text}");

    emulator
        .inject_fault(LIST, Fault::TruncatedBody, 1)
        .unwrap();
    let truncated = raw().await.unwrap().text().await.unwrap();
    assert!(truncated.starts_with('{'));
    assert!(
        serde_json::from_str::<Value>(&truncated).is_err(),
        "{truncated}"
    );

    emulator
        .inject_fault(LIST, Fault::CloseConnection, 1)
        .unwrap();
    let closed = raw().await;
    assert!(
        closed.is_err(),
        "expected a dropped connection, got {closed:?}"
    );
    assert_eq!(api.form(LIST, ACME_BOT_TOKEN, &[]).await.code(), "ok");
}

#[tokio::test]
async fn faults_through_the_control_endpoint() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    let url = api.control("emulator/faults");
    let post = |body: Value| api.http().post(&url).json(&body).send();
    let accepted =
        post(json!({"method": LIST, "fault": {"type": "server_error", "status": 502}, "times": 3}))
            .await
            .unwrap();
    assert_eq!(accepted.status(), 200);
    assert_eq!(api.form(LIST, ACME_BOT_TOKEN, &[]).await.status, 502);
    let cleared = api.http().delete(&url).send().await.unwrap();
    assert_eq!(cleared.status(), 200);
    assert_eq!(api.form(LIST, ACME_BOT_TOKEN, &[]).await.code(), "ok");

    post(json!({"method": LIST, "fault": {"type": "rate_limited", "retry_after": 2}}))
        .await
        .unwrap();
    assert_eq!(
        api.form(LIST, ACME_BOT_TOKEN, &[])
            .await
            .retry_after
            .as_deref(),
        Some("2")
    );

    for bad in [
        json!({"method": "chat.postMessage", "fault": {"type": "malformed_body"}}),
        json!({"method": LIST, "fault": {"type": "server_error", "status": 200}}),
        json!({"method": LIST, "fault": {"type": "meteor_strike"}}),
    ] {
        let refused = post(bad.clone()).await.unwrap();
        assert_eq!(refused.status(), 400, "{bad}");
    }
    assert!(emulator
        .inject_fault("chat.postMessage", Fault::MalformedBody, 1)
        .is_err());
}

#[tokio::test]
async fn the_world_is_served_and_base_urls_are_ephemeral_loopback() {
    let first = emulator().await;
    let second = emulator().await;
    assert!(first.base_url().starts_with("http://127.0.0.1:"));
    assert!(first.base_url().ends_with("/api/"));
    assert_ne!(first.addr(), second.addr());
    let api = Api::new(&first);
    let world: Value = api
        .http()
        .get(api.control("emulator/world"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        world["world"]["teams"].as_array().unwrap().len(),
        first.world().teams.len()
    );
}

#[tokio::test]
async fn shutdown_and_drop_stop_the_server() {
    let stopped = emulator().await;
    let addr = stopped.addr();
    stopped.shutdown().await;
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());

    let dropped = emulator().await;
    let addr = dropped.addr();
    drop(dropped);
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}

#[tokio::test]
async fn worlds_load_from_json_and_are_checked() {
    let json = serde_json::to_string(&slack_connect_emulator::World::default()).unwrap();
    let world = slack_connect_emulator::World::from_json(&json).unwrap();
    assert_eq!(world, slack_connect_emulator::World::default());
    let mut broken = world.clone();
    broken.channels[0].team_id = "T0NOWHERE1".into();
    let error = Emulator::start_with(EmulatorConfig::default().world(broken))
        .await
        .unwrap_err();
    assert!(error.to_string().contains("T0NOWHERE1"), "{error}");
}
