//! Per-call overhead: a generated SDK call against `reqwest` calls to the same loopback server.
//!
//! - `reqwest_by_hand`: what a user would write with reqwest for the same job (serialize the
//!   arguments, bearer token, JSON content type, the SDK's default 30 s timeout, decode the typed
//!   response and check `ok`). Target: the SDK at most 5% slower than this.
//! - `reqwest_bare`: the floor: a static body, no timeout, a minimal decode.

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use serde::{Deserialize, Serialize};
use slack_connect::{Client, ConversationsRequestSharedInviteDenyRequest};
use support::{Reply, TestServer};

const TOKEN: &str = "xoxb-bench-token";

#[derive(Serialize)]
struct DenyArgs<'a> {
    invite_id: &'a str,
    message: &'a str,
}

#[derive(Deserialize)]
struct DenyReply {
    ok: bool,
    error: Option<String>,
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
    group.bench_function("reqwest_bare", |b| {
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
            let reply: DenyReply = serde_json::from_slice(&bytes).unwrap();
            assert!(reply.ok);
        })
    });
    group.bench_function("reqwest_by_hand", |b| {
        b.to_async(&runtime).iter(|| async {
            let body = serde_json::to_vec(&DenyArgs {
                invite_id: "I012345ABCD",
                message: "no",
            })
            .unwrap();
            let response = raw
                .post(&url)
                .bearer_auth(TOKEN)
                .header("content-type", "application/json; charset=utf-8")
                .timeout(Duration::from_secs(30))
                .body(body)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            let bytes = response.bytes().await.unwrap();
            let reply: DenyReply = serde_json::from_slice(&bytes).unwrap();
            assert!(reply.ok && reply.error.is_none() && reply.invite_id.is_some());
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
    group.finish();
}

criterion_group!(benches, call_overhead);
criterion_main!(benches);
