//! When the client retries on its own, and when it never does.

use std::time::Duration;

/// The retry policy.
///
/// Only requests Slack certainly did not process are retried: an HTTP 429 (Slack refused it, and
/// says when to come back with `Retry-After`) and a failure to connect (nothing was sent). A
/// timeout or a connection reset after the request was sent is never retried, because the
/// methods here are not idempotent: accepting or approving twice is not the same as once.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Most retries of one call (so at most `max_retries + 1` requests).
    pub max_retries: u32,
    /// The longest `Retry-After` the client will wait for; a longer one is returned as an error.
    pub max_wait: Duration,
    /// Delay before retrying a failed connection, doubled each time.
    pub connect_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            max_wait: Duration::from_secs(120),
            connect_backoff: Duration::from_millis(200),
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn never() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// The same policy with at most `retries` retries of one call.
    #[must_use]
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// The same policy waiting at most `wait` for a `Retry-After`.
    #[must_use]
    pub fn max_wait(mut self, wait: Duration) -> Self {
        self.max_wait = wait;
        self
    }

    /// The same policy with `backoff` before the first retry of a failed connection.
    #[must_use]
    pub fn connect_backoff(mut self, backoff: Duration) -> Self {
        self.connect_backoff = backoff;
        self
    }
}

/// Reads `Retry-After` as whole seconds, as Slack sends it.
pub(crate) fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}
