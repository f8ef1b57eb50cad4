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

mod calls;

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
        let server = calls::server().await;
        let url = calls::deny_url(&server);
        let raw = reqwest::Client::new();
        let sdk = calls::sdk(&server);
        for _ in 0..calls {
            match variant.as_str() {
                "by-hand" => calls::by_hand(&raw, &url).await,
                "bare" => calls::bare(&raw, &url).await,
                _ => calls::generated(&sdk).await,
            }
        }
    });
}
