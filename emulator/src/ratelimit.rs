//! Per-method tier limits, counted per workspace as Slack does, in fixed windows of one
//! (possibly scaled) minute.
//!
//! Tier N allows the tier's documented number of calls per minute (`RateLimitTier::per_minute`
//! from the spec); the call after that gets HTTP 429 with `Retry-After` until the window ends.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use slack_connect::runtime::MethodMeta;

/// Counts calls per (method, workspace).
#[derive(Debug)]
pub(crate) struct RateLimiter {
    /// `None` when rate limiting is off.
    minute: Option<Duration>,
    windows: Mutex<HashMap<(&'static str, String), Window>>,
}

#[derive(Debug)]
struct Window {
    started: Instant,
    calls: u32,
}

impl RateLimiter {
    /// A limiter whose minute lasts `minute`, or one that never limits.
    pub fn new(minute: Option<Duration>) -> RateLimiter {
        RateLimiter {
            minute,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts a call; `Err(seconds)` when over the limit, with the whole seconds until the window
    /// resets (at least 1, since `Retry-After` is an integer).
    pub fn check(&self, method: &MethodMeta, key: &str) -> Result<(), u64> {
        let (Some(minute), Some(limit)) = (self.minute, method.rate_limit_tier.per_minute()) else {
            return Ok(());
        };
        let now = Instant::now();
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        let window = windows
            .entry((method.name, key.to_owned()))
            .or_insert(Window {
                started: now,
                calls: 0,
            });
        if now.duration_since(window.started) >= minute {
            *window = Window {
                started: now,
                calls: 0,
            };
        }
        if window.calls >= limit {
            let left = minute.saturating_sub(now.duration_since(window.started));
            return Err(left.as_secs_f64().ceil().max(1.0) as u64);
        }
        window.calls += 1;
        Ok(())
    }
}
