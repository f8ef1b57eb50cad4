//! Per-method tier limits, counted per workspace as Slack does, in fixed windows of one minute of
//! the emulator's clock.
//!
//! A method allows its tier's documented number of calls per minute (`RateLimitTier::per_minute`
//! of the tier in the method's generated metadata, never a table kept here); the call after that
//! gets HTTP 429 with `Retry-After` until the window ends. Windows run on the emulator's scaled
//! clock ([`Clock::elapsed`]), so a time scale of 1/60 makes a minute last a real second, and
//! advancing the clock ends them.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use slack_connect::runtime::MethodMeta;

use crate::state::Clock;

/// The length of a window: Slack's tiers are counted per minute.
const MINUTE: Duration = Duration::from_secs(60);

/// Counts calls per (method, workspace).
#[derive(Debug)]
pub(crate) struct RateLimiter {
    enabled: bool,
    clock: Arc<Clock>,
    windows: Mutex<HashMap<(&'static str, String), Window>>,
}

#[derive(Debug)]
struct Window {
    /// When the window opened, on the clock's emulated time line.
    started: Duration,
    calls: u32,
}

impl RateLimiter {
    /// A limiter on `clock`, or one that never limits when `enabled` is false.
    pub fn new(enabled: bool, clock: Arc<Clock>) -> RateLimiter {
        RateLimiter {
            enabled,
            clock,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts a call of `method` for workspace `team`; `Err(seconds)` when over the limit, with
    /// the whole real seconds until the window ends (at least 1, since `Retry-After` is an
    /// integer): what a client has to wait, whatever the time scale.
    pub fn check(&self, method: &MethodMeta, team: &str) -> Result<(), u64> {
        let Some(limit) = method.rate_limit_tier.per_minute().filter(|_| self.enabled) else {
            return Ok(());
        };
        let now = self.clock.elapsed();
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        let window = windows
            .entry((method.name, team.to_owned()))
            .or_insert(Window {
                started: now,
                calls: 0,
            });
        if now.saturating_sub(window.started) >= MINUTE {
            *window = Window {
                started: now,
                calls: 0,
            };
        }
        if window.calls >= limit {
            let left = MINUTE.saturating_sub(now.saturating_sub(window.started));
            let wait = self.clock.real(left).as_secs_f64().ceil().max(1.0);
            return Err(wait as u64);
        }
        window.calls += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use slack_connect::conversations::list_connect_invites as tier_1;
    use slack_connect::conversations::request_shared_invite::list as tier_2;
    use slack_connect::runtime::RateLimitTier;

    const ACME: &str = "T0ACME";
    const GLOBEX: &str = "T0GLOBEX";

    fn limiter(scale: f64) -> (RateLimiter, Arc<Clock>) {
        let clock = Arc::new(Clock::new(scale));
        (RateLimiter::new(true, clock.clone()), clock)
    }

    /// Calls `method` for `team` until it is refused; the number allowed and the `Retry-After`.
    fn exhaust(limiter: &RateLimiter, method: &MethodMeta, team: &str) -> (u32, u64) {
        let mut allowed = 0;
        loop {
            match limiter.check(method, team) {
                Ok(()) => allowed += 1,
                Err(retry_after) => return (allowed, retry_after),
            }
            assert!(allowed <= 1000, "{} is never limited", method.name);
        }
    }

    #[test]
    fn each_method_allows_its_tiers_calls_per_minute() {
        assert_eq!(tier_1::METHOD.rate_limit_tier, RateLimitTier::Tier1);
        assert_eq!(tier_2::METHOD.rate_limit_tier, RateLimitTier::Tier2);
        let (limiter, _) = limiter(1.0);
        assert_eq!(exhaust(&limiter, &tier_1::METHOD, ACME).0, 1);
        assert_eq!(exhaust(&limiter, &tier_2::METHOD, ACME).0, 20);
    }

    #[test]
    fn windows_are_per_team_and_per_method() {
        let (limiter, _) = limiter(1.0);
        exhaust(&limiter, &tier_1::METHOD, ACME);
        assert!(limiter.check(&tier_1::METHOD, ACME).is_err());
        assert_eq!(limiter.check(&tier_1::METHOD, GLOBEX), Ok(()));
        assert_eq!(limiter.check(&tier_2::METHOD, ACME), Ok(()));
    }

    #[test]
    fn retry_after_counts_the_real_seconds_left_in_the_window() {
        let (real_time, _) = limiter(1.0);
        let (_, retry_after) = exhaust(&real_time, &tier_1::METHOD, ACME);
        assert!((59..=60).contains(&retry_after), "{retry_after}");
        let (fast, _) = limiter(1.0 / 60.0);
        assert_eq!(exhaust(&fast, &tier_1::METHOD, ACME).1, 1);
    }

    #[test]
    fn advancing_the_clock_by_a_minute_ends_the_window() {
        let (limiter, clock) = limiter(1.0);
        exhaust(&limiter, &tier_2::METHOD, ACME);
        clock.advance(Duration::from_secs(59));
        assert!(limiter.check(&tier_2::METHOD, ACME).is_err());
        clock.advance(Duration::from_secs(1));
        assert_eq!(exhaust(&limiter, &tier_2::METHOD, ACME).0, 20);
    }

    #[test]
    fn with_a_time_scale_of_one_sixtieth_a_tier_2_minute_passes_in_a_second() {
        let (limiter, _) = limiter(1.0 / 60.0);
        assert_eq!(exhaust(&limiter, &tier_2::METHOD, ACME).0, 20);
        std::thread::sleep(Duration::from_millis(1050));
        assert_eq!(exhaust(&limiter, &tier_2::METHOD, ACME).0, 20);
    }

    #[test]
    fn a_disabled_limiter_never_limits() {
        let limiter = RateLimiter::new(false, Arc::new(Clock::new(1.0)));
        for _ in 0..100 {
            assert_eq!(limiter.check(&tier_1::METHOD, ACME), Ok(()));
        }
    }
}
