//! Waiting for a condition in a test without a fixed sleep.

use std::time::{Duration, Instant};

/// Polls `condition` every 10 ms until it holds, failing the test (naming `what`) after
/// `limit`.
pub async fn until(limit: Duration, what: &str, mut condition: impl FnMut() -> bool) {
    let start = Instant::now();
    while !condition() {
        assert!(
            start.elapsed() < limit,
            "timed out after {limit:?} waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}
