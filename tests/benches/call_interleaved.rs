//! Per-call overhead measured with the calls interleaved: one call written by hand with reqwest,
//! then one generated SDK call, and so on, against the same loopback server. Loopback latency
//! on a shared machine drifts by more than the difference being measured; interleaving exposes
//! both variants to the same drift, so their medians compare fairly.
//!
//! `cargo bench -p slack-connect-tests --bench call_interleaved [-- <pairs>]`

#[path = "../tests/support/mod.rs"]
mod support;

mod calls;

use std::time::{Duration, Instant};

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
        let server = calls::server().await;
        let url = calls::deny_url(&server);
        let raw = reqwest::Client::new();
        let sdk = calls::sdk(&server);
        let by_hand = || calls::by_hand(&raw, &url);
        let generated = || calls::generated(&sdk);
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
