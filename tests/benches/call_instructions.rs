//! A fixed number of calls of one kind, for counting instructions under
//! `valgrind --tool=callgrind`: a noise-free complement to the `call_overhead` timings.
//!
//! ```sh
//! cargo bench -p slack-connect-tests --bench call_instructions --no-run
//! valgrind --tool=callgrind target/release/deps/call_instructions-* by-hand 1000
//! valgrind --tool=callgrind target/release/deps/call_instructions-* sdk 1000
//! ```
//! The per-call cost is (instructions at N calls - instructions at 0 calls) / N; the server runs
//! in the same process and costs the same in both runs.

#[path = "../tests/support/mod.rs"]
mod support;

use slack_connect::{Client, ConversationsRequestSharedInviteDenyRequest};
use support::{Reply, TestServer};

const TOKEN: &str = "xoxb-bench-token";

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let variant = args.first().map(String::as_str).unwrap_or("sdk").to_owned();
    let calls: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(200);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let server = TestServer::always(Reply::json(
            serde_json::json!({"ok": true, "invite_id": "I012345ABCD"}),
        ))
        .await;
        let url = format!("{}conversations.requestSharedInvite.deny", server.base_url);
        let raw = reqwest::Client::new();
        let sdk = Client::builder(TOKEN)
            .base_url(&server.base_url)
            .build()
            .unwrap();
        for _ in 0..calls {
            match variant.as_str() {
                // The same job written by hand with reqwest (see the `call_overhead` bench).
                "by-hand" => {
                    let body = serde_json::json!({"invite_id": "I012345ABCD", "message": "no"});
                    let response = raw
                        .post(&url)
                        .bearer_auth(TOKEN)
                        .header("content-type", "application/json; charset=utf-8")
                        .timeout(std::time::Duration::from_secs(30))
                        .body(serde_json::to_vec(&body).unwrap())
                        .send()
                        .await
                        .unwrap();
                    let bytes = response.bytes().await.unwrap();
                    let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
                    assert_eq!(value["ok"], true);
                }
                _ => {
                    let request = ConversationsRequestSharedInviteDenyRequest::new("I012345ABCD")
                        .message("no");
                    let response = sdk
                        .conversations()
                        .request_shared_invite()
                        .deny(request)
                        .await
                        .unwrap();
                    assert!(response.invite_id.is_some());
                }
            }
        }
    });
}
