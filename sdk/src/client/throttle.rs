//! An optional proactive throttle: spaces calls to each method so a bulk job stays inside the
//! method's rate-limit tier and never sees a 429.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

use crate::runtime::MethodMeta;

/// How fast calls to one method may go.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ThrottlePolicy {
    /// Each method at its documented tier's rate (Tier 2: 20 per minute, ...). Methods with a
    /// special limit are not throttled.
    ByTier,
    /// Every method at this many calls per minute (for custom limits and tests).
    PerMinute(u32),
}

/// Per-method schedule of the next free slot.
#[derive(Debug)]
pub(crate) struct Throttle {
    policy: ThrottlePolicy,
    next_slot: Mutex<HashMap<&'static str, Instant>>,
}

impl Throttle {
    pub(crate) fn new(policy: ThrottlePolicy) -> Self {
        Throttle {
            policy,
            next_slot: Mutex::new(HashMap::new()),
        }
    }

    fn interval(&self, method: &MethodMeta) -> Option<Duration> {
        let per_minute = match self.policy {
            ThrottlePolicy::ByTier => method.rate_limit_tier.per_minute()?,
            ThrottlePolicy::PerMinute(n) => n,
        };
        (per_minute > 0).then(|| Duration::from_secs(60) / per_minute)
    }

    /// Waits for this call's slot. Slots are handed out in call order, so concurrent tasks queue.
    pub(crate) async fn acquire(&self, method: &MethodMeta) -> Duration {
        let Some(interval) = self.interval(method) else {
            return Duration::ZERO;
        };
        let wait = {
            let mut slots = self
                .next_slot
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let now = Instant::now();
            let slot = slots.get(method.name).copied().unwrap_or(now).max(now);
            slots.insert(method.name, slot + interval);
            slot - now
        };
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
        wait
    }
}
