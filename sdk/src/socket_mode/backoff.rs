//! Reconnect delays: capped exponential backoff with jitter, reset after a healthy connection.

use std::time::Duration;

/// How long to wait before reconnecting after a failure: `initial * 2^(attempt-1)`, capped at
/// `max`, of which a random part (up to half) is taken off so that many clients restarting at
/// once do not reconnect in step. A connection that stayed up for `healthy_after` resets the
/// count, so the next failure waits `initial` again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Backoff {
    /// The first delay (before jitter).
    pub initial: Duration,
    /// The largest delay.
    pub max: Duration,
    /// How long a connection must stay up to count as healthy and reset the backoff.
    pub healthy_after: Duration,
}

impl Default for Backoff {
    fn default() -> Backoff {
        Backoff {
            initial: Duration::from_secs(1),
            max: Duration::from_secs(60),
            healthy_after: Duration::from_secs(30),
        }
    }
}

impl Backoff {
    /// A backoff from `initial` up to `max`, reset by a connection up for `healthy_after`.
    pub fn new(initial: Duration, max: Duration, healthy_after: Duration) -> Backoff {
        Backoff {
            initial,
            max: max.max(initial),
            healthy_after,
        }
    }

    /// The delay before the uncapped, unjittered value for failure number `attempt` (1 for the
    /// first failure; 0 means no wait).
    pub fn ceiling(&self, attempt: u32) -> Duration {
        if attempt == 0 {
            return Duration::ZERO;
        }
        let factor = 1u32.checked_shl(attempt - 1).unwrap_or(u32::MAX);
        self.initial.saturating_mul(factor).min(self.max)
    }

    /// The delay for failure number `attempt`: between half of [`Backoff::ceiling`] and all of it.
    pub fn delay(&self, attempt: u32) -> Duration {
        let ceiling = self.ceiling(attempt);
        let half = ceiling / 2;
        let spread = u64::try_from((ceiling - half).as_micros()).unwrap_or(u64::MAX);
        half + Duration::from_micros(fastrand::u64(0..=spread))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_up_to_the_cap_and_stay_within_the_jitter() {
        let backoff = Backoff::new(
            Duration::from_millis(100),
            Duration::from_millis(1000),
            Duration::from_secs(1),
        );
        assert_eq!(backoff.ceiling(0), Duration::ZERO);
        assert_eq!(backoff.ceiling(1), Duration::from_millis(100));
        assert_eq!(backoff.ceiling(2), Duration::from_millis(200));
        assert_eq!(backoff.ceiling(4), Duration::from_millis(800));
        assert_eq!(backoff.ceiling(5), Duration::from_millis(1000));
        assert_eq!(backoff.ceiling(u32::MAX), Duration::from_millis(1000));
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..200 {
            let delay = backoff.delay(3);
            assert!(delay >= Duration::from_millis(200) && delay <= Duration::from_millis(400));
            seen.insert(delay);
        }
        assert!(seen.len() > 10, "jitter varies the delay");
    }
}
