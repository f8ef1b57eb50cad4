//! Socket Mode reconnect latency against the emulator on loopback, as ratios to one
//! `apps.connections.open` call measured in the same run:
//!
//! - refresh: from Slack's `disconnect` (`refresh_requested`) to the replacement's `hello`,
//!   the old connection still open meanwhile;
//! - lost connection: from an abrupt close to the next `hello` (backoff reset, as after a
//!   healthy connection);
//! - half-open: from a silent drop to the next `hello`, which the idle timeout bounds.
//!
//! Usage: `cargo bench -p slack-connect-tests --bench socket_mode_reconnect [-- ROUNDS]`.

use std::time::{Duration, Instant};

use slack_connect::socket_frames::DisconnectReason;
use slack_connect::socket_mode::{Backoff, SocketMode, SocketModeHandle};
use slack_connect::{AppToken, Client, EventCallback};
use slack_connect_emulator::{seed, Emulator, EmulatorConfig, SocketFault};

const IDLE_TIMEOUT: Duration = Duration::from_millis(300);

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// Waits (bounded) until the client has made `connects` connections; the time taken.
async fn next_hello(handle: &SocketModeHandle, connects: u64) -> Duration {
    let started = Instant::now();
    while handle.stats().connects < connects {
        assert!(started.elapsed() < Duration::from_secs(10), "no reconnect");
        tokio::time::sleep(Duration::from_micros(200)).await;
    }
    started.elapsed()
}

fn main() {
    let rounds: u32 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(30)
        .clamp(3, 1_000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let emulator = Emulator::start_with(
            EmulatorConfig::default()
                .without_rate_limits()
                .time_scale(0.05),
        )
        .await
        .unwrap();
        let app = Client::builder(AppToken::new(seed::APP_LEVEL_TOKEN).unwrap())
            .base_url(emulator.base_url())
            .build()
            .unwrap();

        let mut open = Vec::new();
        for _ in 0..rounds {
            let started = Instant::now();
            app.apps().connections().open().await.unwrap();
            open.push(started.elapsed());
        }
        let baseline = median(open);

        let handle = SocketMode::new(app, |_: EventCallback| async {})
            .ping_interval(Duration::from_millis(100))
            .idle_timeout(IDLE_TIMEOUT)
            .backoff(Backoff::new(
                Duration::from_millis(50),
                Duration::from_secs(1),
                Duration::from_millis(1),
            ))
            .start()
            .unwrap();
        let mut connects = 1;
        next_hello(&handle, connects).await;

        let mut refresh = Vec::new();
        for _ in 0..rounds {
            tokio::time::sleep(Duration::from_millis(5)).await;
            connects += 1;
            emulator.socket_disconnect(&DisconnectReason::RefreshRequested);
            refresh.push(next_hello(&handle, connects).await);
        }
        let mut lost = Vec::new();
        for _ in 0..rounds {
            tokio::time::sleep(Duration::from_millis(5)).await;
            connects += 1;
            emulator.inject_socket_fault(SocketFault::AbruptClose).unwrap();
            lost.push(next_hello(&handle, connects).await);
        }
        let mut half_open = Vec::new();
        for _ in 0..rounds.min(5) {
            tokio::time::sleep(Duration::from_millis(5)).await;
            connects += 1;
            emulator.inject_socket_fault(SocketFault::SilentDrop).unwrap();
            half_open.push(next_hello(&handle, connects).await);
        }
        handle.shutdown().await.unwrap();
        emulator.shutdown().await;

        let ratio = |d: Duration| d.as_secs_f64() / baseline.as_secs_f64();
        println!("socket_mode_reconnect ({rounds} rounds; medians)");
        println!("  baseline apps.connections.open call: {baseline:?}");
        for (what, samples) in [
            ("refresh (disconnect -> replacement hello)", refresh),
            ("lost connection (abrupt close -> hello)", lost),
        ] {
            let m = median(samples);
            println!("  {what}: {m:?} = {:.1}x baseline", ratio(m));
        }
        let m = median(half_open);
        println!(
            "  half-open (silent drop -> hello, idle timeout {IDLE_TIMEOUT:?}): {m:?} = {:.2}x the idle timeout",
            m.as_secs_f64() / IDLE_TIMEOUT.as_secs_f64()
        );
    });
}
