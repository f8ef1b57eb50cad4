//! Three replica processes bulk-approve 300 invite requests for one workspace against the
//! emulator, whose Tier-2 limit (20 calls per minute per workspace) runs on a clock 60 times
//! faster than real time. Three runs:
//!
//! - `redis`: the replicas' throttles share one Redis store: the 429s they get (the target is 0)
//!   and the rate they reach, as a share of what the emulator allows;
//! - `alone`: each replica throttles by itself (the in-memory store): their 429 count;
//! - `redis-killed`: as `redis`, with Redis killed 4 s in and restarted 2 s later, falling back
//!   to each process's memory meanwhile: completion, 429s.
//!
//! `cargo bench -p slack-connect-tests --bench shared_rate_limits` (needs `redis-server`:
//! `scripts/install-redis.sh`). The replicas are this binary, started again with `--replica`.

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};
use slack_connect::conversations::request_shared_invite::approve;
use slack_connect::store::redis::RedisStore;
use slack_connect::store::Unavailable;
use slack_connect::{Client, Error, RetryPolicy, ThrottlePolicy};
use slack_connect_emulator::{seed, Emulator, EmulatorConfig, NewInviteRequest};
use slack_connect_tests::redis_server::RedisServer;

const REQUESTS: usize = 300;
const REPLICAS: usize = 3;
/// An emulated minute, in real time.
const MINUTE: Duration = Duration::from_secs(1);
/// The throttle's window: the emulated minute and 3 % for the time a request takes to arrive.
const WINDOW: Duration = Duration::from_millis(1030);
/// Tier 2, from the method's metadata.
fn per_minute() -> u32 {
    approve::METHOD.rate_limit_tier.per_minute().unwrap_or(1)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--replica") {
        return replica(&args[1..]);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        println!(
            "{REQUESTS} approvals by {REPLICAS} processes, Tier 2 ({} per emulated minute of {:?})",
            per_minute(),
            MINUTE
        );
        for mode in ["redis", "alone", "redis-killed"] {
            run(mode).await;
        }
    });
}

async fn run(mode: &str) {
    let mut server = RedisServer::start();
    let emulator =
        Emulator::start_with(EmulatorConfig::default().time_scale(MINUTE.as_secs_f64() / 60.0))
            .await
            .unwrap();
    let ids: Vec<String> = (0..REQUESTS)
        .map(|i| {
            emulator
                .create_invite_request(NewInviteRequest::by_email(
                    seed::ACME_PROJECT,
                    seed::ACME_ALICE,
                    &format!("guest{i}@partner.example"),
                ))
                .unwrap()
        })
        .collect();
    let epoch_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis()
        // The replicas start together, a little later.
        + 500;
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..REPLICAS)
        .map(|n| {
            let mine: Vec<&str> = ids
                .iter()
                .skip(n)
                .step_by(REPLICAS)
                .map(String::as_str)
                .collect();
            Command::new(&exe)
                .arg("--replica")
                .arg(mode)
                .arg(emulator.base_url())
                .arg(server.url())
                .arg(epoch_ms.to_string())
                .arg(mine.join(","))
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit())
                .spawn()
                .unwrap()
        })
        .collect();
    if mode == "redis-killed" {
        tokio::time::sleep(Duration::from_millis(4500)).await;
        server.kill();
        tokio::time::sleep(Duration::from_secs(2)).await;
        server.restart();
    }
    let outputs: Vec<Value> = tokio::task::spawn_blocking(move || {
        children
            .into_iter()
            .map(|child| {
                let output = child.wait_with_output().unwrap();
                assert!(
                    output.status.success(),
                    "a replica failed: {:?}",
                    output.status
                );
                serde_json::from_slice(&output.stdout).unwrap()
            })
            .collect()
    })
    .await
    .unwrap();
    let sum = |field: &str| -> u64 { outputs.iter().map(|o| o[field].as_u64().unwrap()).sum() };
    let first = outputs
        .iter()
        .map(|o| o["first_ms"].as_u64().unwrap())
        .min()
        .unwrap();
    let last = outputs
        .iter()
        .map(|o| o["last_ms"].as_u64().unwrap())
        .max()
        .unwrap();
    let approved = sum("approved");
    let span = Duration::from_millis(last - first);
    // The emulator counts in fixed windows of a minute: `approved` calls need at least
    // ceil(approved / 20) windows. The rate reached is that many windows over the windows the
    // run spanned (its span plus the last, partly used window).
    let windows_needed = approved.div_ceil(u64::from(per_minute())) as f64;
    let windows_used = span.as_secs_f64() / MINUTE.as_secs_f64() + 1.0;
    let share = windows_needed / windows_used;
    println!(
        "{mode:>13}: approved {approved}/{REQUESTS}, HTTP 429 {}, refused by the store {}, span {:.2} s, \
         rate {:.1} % of the allowed",
        sum("http_429"),
        sum("store_refused"),
        span.as_secs_f64(),
        share * 100.0
    );
}

/// One replica process: approves its ids, then prints what happened as JSON.
fn replica(args: &[String]) {
    let mode = args[0].clone();
    let base_url = args[1].clone();
    let redis_url = args[2].clone();
    let epoch_ms: u64 = args[3].parse().unwrap();
    let ids: Vec<String> = args[4].split(',').map(str::to_owned).collect();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let report = runtime.block_on(async move {
        let builder = Client::builder(seed::ACME_ADMIN_TOKEN)
            .base_url(base_url)
            // Every 429 comes back, to be counted, and is waited out here.
            .retry_policy(RetryPolicy::never())
            .throttle(ThrottlePolicy::ByTierWithBurst {
                burst: per_minute(),
            })
            .throttle_window(WINDOW);
        let client = match mode.as_str() {
            "alone" => builder,
            _ => builder.throttle_store(
                Arc::new(
                    RedisStore::open(&redis_url)
                        .unwrap()
                        .timeout(Duration::from_millis(200))
                        .on_unavailable(Unavailable::FallBackToLocal),
                ),
                slack_connect_emulator::APP_ID,
                seed::ACME_TEAM,
            ),
        }
        .build()
        .unwrap();
        let now_ms = || {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap()
                .as_millis() as u64
        };
        while now_ms() < epoch_ms {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        let started = Instant::now();
        let (mut approved, mut http_429, mut store_refused) = (0u64, 0u64, 0u64);
        let (mut first_ms, mut last_ms) = (u64::MAX, 0);
        for id in &ids {
            // Bounded: a call that keeps failing ends the run with a panic (a failed replica).
            for attempt in 0.. {
                assert!(attempt < 1000, "{id} never approved");
                let at = now_ms();
                match client.call(&approve::Request::new(id.as_str())).await {
                    Ok(_) => {
                        approved += 1;
                        first_ms = first_ms.min(at);
                        last_ms = last_ms.max(at);
                        break;
                    }
                    Err(Error::RateLimited { retry_after, .. }) => {
                        http_429 += 1;
                        tokio::time::sleep(retry_after.unwrap_or(Duration::from_secs(1))).await;
                    }
                    Err(Error::Store { .. }) => {
                        store_refused += 1;
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                    Err(error) => panic!("{id}: {error}"),
                }
            }
        }
        json!({
            "approved": approved,
            "http_429": http_429,
            "store_refused": store_refused,
            "first_ms": first_ms,
            "last_ms": last_ms,
            "elapsed_ms": started.elapsed().as_millis() as u64,
        })
    });
    println!("{report}");
}
