//! Per-call overhead: a generated SDK call against a raw `reqwest` call to the same loopback
//! server, both decoding the same small response. Target: the SDK at most 5% slower.

#[path = "../tests/support/mod.rs"]
mod support;

use criterion::{criterion_group, criterion_main, Criterion};
use serde::Deserialize;
use slack_connect::{Client, ConversationsRequestSharedInviteDenyRequest};
use support::{Reply, TestServer};

const TOKEN: &str = "xoxb-bench-token";

#[derive(Deserialize)]
#[allow(dead_code)]
struct RawDeny {
    ok: bool,
    invite_id: Option<String>,
}

fn call_overhead(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let server = runtime.block_on(TestServer::always(Reply::json(
        serde_json::json!({"ok": true, "invite_id": "I012345ABCD"}),
    )));
    let url = format!("{}conversations.requestSharedInvite.deny", server.base_url);
    let raw = reqwest::Client::new();
    let sdk = Client::builder(TOKEN)
        .base_url(&server.base_url)
        .build()
        .unwrap();

    let mut group = c.benchmark_group("call_overhead");
    group.bench_function("raw_reqwest", |b| {
        b.to_async(&runtime).iter(|| async {
            let response = raw
                .post(&url)
                .bearer_auth(TOKEN)
                .header("content-type", "application/json; charset=utf-8")
                .body(r#"{"invite_id":"I012345ABCD","message":"no"}"#)
                .send()
                .await
                .unwrap();
            let bytes = response.bytes().await.unwrap();
            let decoded: RawDeny = serde_json::from_slice(&bytes).unwrap();
            assert!(decoded.ok);
        })
    });
    group.bench_function("sdk_generated_call", |b| {
        b.to_async(&runtime).iter(|| async {
            let request =
                ConversationsRequestSharedInviteDenyRequest::new("I012345ABCD").message("no");
            let response = sdk
                .conversations()
                .request_shared_invite()
                .deny(request)
                .await
                .unwrap();
            assert!(response.invite_id.is_some());
        })
    });
    let raw_ua = reqwest::Client::builder()
        .user_agent("slack-connect-rust/0.1.0")
        .build()
        .unwrap();
    group.bench_function("raw_with_user_agent", |b| {
        b.to_async(&runtime).iter(|| async {
            let response = raw_ua
                .post(&url)
                .bearer_auth(TOKEN)
                .header("content-type", "application/json; charset=utf-8")
                .body(r#"{"invite_id":"I012345ABCD","message":"no"}"#)
                .send()
                .await
                .unwrap();
            let bytes = response.bytes().await.unwrap();
            let decoded: RawDeny = serde_json::from_slice(&bytes).unwrap();
            assert!(decoded.ok);
        })
    });
    let untimed = Client::builder(TOKEN)
        .base_url(&server.base_url)
        .timeout(None)
        .build()
        .unwrap();
    group.bench_function("sdk_no_timeout", |b| {
        b.to_async(&runtime).iter(|| async {
            let request =
                ConversationsRequestSharedInviteDenyRequest::new("I012345ABCD").message("no");
            let response = untimed
                .conversations()
                .request_shared_invite()
                .deny(request)
                .await
                .unwrap();
            assert!(response.invite_id.is_some());
        })
    });
    group.finish();
}

criterion_group!(benches, call_overhead);
criterion_main!(benches);
