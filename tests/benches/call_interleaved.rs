//! Per-call overhead measured with the calls interleaved: one call written by hand with reqwest,
//! then one generated SDK call, and so on, against the same loopback server. Loopback latency
//! on a shared machine drifts by more than the difference being measured; interleaving exposes
//! both variants to the same drift, so their medians compare fairly.
//!
//! `cargo bench -p slack-connect-tests --bench call_interleaved [-- <pairs>]`

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

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

fn median(samples: &mut [Duration]) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let pairs: usize = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .find_map(|a| a.parse().ok())
        .unwrap_or(20_000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
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
        let by_hand = || async {
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
        };
        let generated = || async {
            let request =
                ConversationsRequestSharedInviteDenyRequest::new("I012345ABCD").message("no");
            let response = sdk
                .conversations()
                .request_shared_invite()
                .deny(request)
                .await
                .unwrap();
            assert!(response.invite_id.is_some());
        };
        for _ in 0..1000 {
            by_hand().await;
            generated().await;
        }
        let (mut hand_times, mut sdk_times) =
            (Vec::with_capacity(pairs), Vec::with_capacity(pairs));
        for i in 0..pairs {
            // Alternate which goes first, so neither always follows the other.
            for first in [i % 2 == 0, i % 2 != 0] {
                let started = Instant::now();
                if first {
                    by_hand().await
                } else {
                    generated().await
                }
                let took = started.elapsed();
                if first {
                    hand_times.push(took)
                } else {
                    sdk_times.push(took)
                }
            }
        }
        let (hand, sdk) = (median(&mut hand_times), median(&mut sdk_times));
        let overhead = (sdk.as_secs_f64() / hand.as_secs_f64() - 1.0) * 100.0;
        println!("pairs: {pairs}");
        println!(
            "reqwest by hand, median per call: {:.1} us",
            hand.as_secs_f64() * 1e6
        );
        println!(
            "generated SDK call, median per call: {:.1} us",
            sdk.as_secs_f64() * 1e6
        );
        println!("overhead of the SDK: {overhead:+.1}%");
    });
}
