//! Calls `conversations.requestSharedInvite.list` N times through the SDK against a running
//! emulator and prints the mean time per call, to compare with Slack's official SDKs doing the
//! same against the same emulator (see `benches/peers/run.sh`).
//!
//! Usage: `peer_loop <base_url> <calls>`.

use std::time::Instant;

use slack_connect::Client;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let Some(base_url) = args.first().cloned() else {
        // `cargo bench` runs every bench target; without an emulator address there is nothing to do.
        eprintln!("usage: peer_loop <base_url> <calls> (see benches/peers/run.sh)");
        return;
    };
    let calls: u32 = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(1000);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let client = Client::builder("xoxb-acme-bot")
            .base_url(base_url)
            .build()
            .unwrap();
        let list = || client.conversations().request_shared_invite().list();
        list().await.unwrap();
        let started = Instant::now();
        for _ in 0..calls {
            list().await.unwrap();
        }
        let per_call = started.elapsed().as_secs_f64() * 1e6 / f64::from(calls);
        println!("slack-connect (Rust): {per_call:.1} us per call over {calls} calls");
    });
}
