//! An optional proactive throttle: paces calls to each method so a bulk job stays inside the
//! method's rate-limit tier and never sees a 429; with a shared [`Store`], several processes
//! stay inside one budget together.

use std::sync::Arc;
use std::time::Duration;

use crate::runtime::MethodMeta;
use crate::store::{Limit, MemoryStore, Scope, Store, StoreError};

/// The window a tier's calls are counted in unless [`ClientBuilder::throttle_window`] says
/// otherwise: Slack's minute, plus a second for the difference between clocks and for the time a
/// request takes to reach Slack.
///
/// [`ClientBuilder::throttle_window`]: super::ClientBuilder::throttle_window
pub const DEFAULT_THROTTLE_WINDOW: Duration = Duration::from_secs(61);

/// How fast calls to one method may go. The tier of each method comes from its generated
/// metadata ([`MethodMeta::rate_limit_tier`]); Slack counts calls per app, per workspace and per
/// method, and so does the throttle.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ThrottlePolicy {
    /// Each method at its documented tier's rate (Tier 2: 20 per minute, ...), one call every
    /// `window / rate`. Methods with a special limit are not throttled.
    ByTier,
    /// Each method at its tier's rate, with up to `burst` calls back to back (clamped to the
    /// tier's calls per minute) before calls are spaced; never more than the tier's calls in
    /// any window. Slack tolerates such bursts; `burst` equal to the tier's rate spends a whole
    /// minute's budget at once.
    ByTierWithBurst {
        /// Calls allowed back to back.
        burst: u32,
    },
    /// Every method at this many calls per window (for custom limits and tests), spaced.
    PerMinute(u32),
}

/// The throttle of one client: a policy, a window and the store its buckets live in.
#[derive(Debug)]
pub(crate) struct Throttle {
    policy: ThrottlePolicy,
    window: Duration,
    store: Arc<dyn Store>,
    app: String,
    team: String,
}

impl Throttle {
    /// A throttle keeping its buckets in `store` under `app` and `team`; without a store, in
    /// this client's own memory.
    pub(crate) fn new(
        policy: ThrottlePolicy,
        window: Duration,
        shared: Option<(Arc<dyn Store>, String, String)>,
    ) -> Self {
        let (store, app, team) = shared.unwrap_or_else(|| {
            (
                Arc::new(MemoryStore::new()) as Arc<dyn Store>,
                "local".to_owned(),
                "local".to_owned(),
            )
        });
        Throttle {
            policy,
            window,
            store,
            app,
            team,
        }
    }

    fn scope(&self) -> Scope<'_> {
        Scope::new(&self.app, &self.team)
    }

    /// The bucket limit of `method`, or `None` when it is not throttled.
    pub(crate) fn limit(&self, method: &MethodMeta) -> Option<Limit> {
        let (per_window, burst) = match self.policy {
            ThrottlePolicy::ByTier => (method.rate_limit_tier.per_minute()?, 1),
            ThrottlePolicy::ByTierWithBurst { burst } => {
                (method.rate_limit_tier.per_minute()?, burst)
            }
            ThrottlePolicy::PerMinute(n) => (n, 1),
        };
        (per_window > 0 && !self.window.is_zero()).then_some(Limit {
            per_window,
            window: self.window,
            burst,
        })
    }

    /// Waits until the store grants this call a slot; returns how long it waited.
    pub(crate) async fn acquire(&self, method: &MethodMeta) -> Result<Duration, StoreError> {
        let Some(limit) = self.limit(method) else {
            return Ok(Duration::ZERO);
        };
        let mut waited = Duration::ZERO;
        loop {
            let wait = self.store.acquire(self.scope(), method.name, limit).await?;
            if wait.is_zero() {
                return Ok(waited);
            }
            let wait = wait.max(Duration::from_millis(1));
            tokio::time::sleep(wait).await;
            waited += wait;
        }
    }

    /// Pauses `method` for every process sharing the store, after Slack answered 429.
    pub(crate) async fn pause(&self, method: &MethodMeta, retry_after: Duration) {
        if let Err(error) = self
            .store
            .pause(self.scope(), method.name, retry_after)
            .await
        {
            tracing::warn!(method = method.name, %error, "could not share a 429's pause");
        }
    }
}
