//! The two calls the per-call benchmarks compare, written once: the job done by hand with
//! reqwest, and the same job through a generated SDK method.

#![allow(dead_code)]

use std::time::Duration;

use serde::{Deserialize, Serialize};
use slack_connect::{conversations::request_shared_invite::deny, Client};

use crate::support::{Reply, TestServer};

/// The token both calls send.
pub const TOKEN: &str = "xoxb-bench-token";

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

/// A loopback server answering every call like a successful `requestSharedInvite.deny`.
pub async fn server() -> TestServer {
    TestServer::always(Reply::json(
        serde_json::json!({"ok": true, "invite_id": "I012345ABCD"}),
    ))
    .await
}

/// The URL of the method on `server`.
pub fn deny_url(server: &TestServer) -> String {
    format!("{}conversations.requestSharedInvite.deny", server.base_url)
}

/// What a user writes with reqwest for the job: serialize the arguments, bearer token, JSON
/// content type, the SDK's default 30 s timeout, decode the typed reply and check `ok`.
pub async fn by_hand(http: &reqwest::Client, url: &str) {
    let body = serde_json::to_vec(&DenyArgs {
        invite_id: "I012345ABCD",
        message: "no",
    })
    .unwrap();
    let response = http
        .post(url)
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
}

/// The floor: a static body, no timeout, a minimal decode.
pub async fn bare(http: &reqwest::Client, url: &str) {
    let response = http
        .post(url)
        .bearer_auth(TOKEN)
        .header("content-type", "application/json; charset=utf-8")
        .body(r#"{"invite_id":"I012345ABCD","message":"no"}"#)
        .send()
        .await
        .unwrap();
    let bytes = response.bytes().await.unwrap();
    let reply: DenyReply = serde_json::from_slice(&bytes).unwrap();
    assert!(reply.ok);
}

/// The same job through the generated method.
pub async fn generated(sdk: &Client) {
    let request = deny::Request::new("I012345ABCD").message("no");
    let response = sdk.call(&request).await.unwrap();
    assert!(response.invite_id.is_some());
}

/// An SDK client for `server`, with its defaults.
pub fn sdk(server: &TestServer) -> Client {
    Client::builder(TOKEN)
        .base_url(&server.base_url)
        .build()
        .unwrap()
}
