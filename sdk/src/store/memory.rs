//! The store in this process's memory: the default, and the fallback of a shared store.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

use super::{micros, Claim, Limit, Scope, Store, StoreFuture, DEFAULT_PREFIX};

/// How many operations pass between two sweeps of expired records.
const SWEEP_EVERY: u32 = 1024;

/// A [`Store`] in this process's memory, shared by the clients and receivers it is given to
/// (clones of an `Arc`). Expired records are swept as operations go, so memory stays bounded by
/// what is live.
#[derive(Debug)]
pub struct MemoryStore {
    started: Instant,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    buckets: HashMap<String, Bucket>,
    /// Pause end per bucket key, in microseconds since `started`.
    pauses: HashMap<String, u64>,
    events: HashMap<String, Event>,
    operations: u32,
}

#[derive(Debug, Default)]
struct Bucket {
    /// When each call of the last window was granted (µs), oldest first.
    granted: VecDeque<u64>,
    /// The burst schedule's next theoretical arrival time (µs).
    next: u64,
    /// When the bucket can be forgotten (µs).
    expires: u64,
}

#[derive(Debug)]
struct Event {
    done: bool,
    expires: u64,
}

impl Default for MemoryStore {
    fn default() -> MemoryStore {
        MemoryStore::new()
    }
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> MemoryStore {
        MemoryStore {
            started: Instant::now(),
            state: Mutex::new(State::default()),
        }
    }

    fn now(&self) -> u64 {
        micros(self.started.elapsed())
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        state.operations = state.operations.wrapping_add(1);
        if state.operations % SWEEP_EVERY == 0 {
            let now = self.now();
            state.buckets.retain(|_, bucket| bucket.expires > now);
            state.pauses.retain(|_, until| *until > now);
            state.events.retain(|_, event| event.expires > now);
        }
        state
    }

    /// Number of live records (buckets, pauses and events), for tests of boundedness.
    pub fn len(&self) -> usize {
        let now = self.now();
        let state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        state.buckets.values().filter(|b| b.expires > now).count()
            + state.pauses.values().filter(|until| **until > now).count()
            + state.events.values().filter(|e| e.expires > now).count()
    }

    /// Whether the store holds no live record.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub(crate) fn acquire_now(&self, scope: Scope<'_>, method: &str, limit: Limit) -> Duration {
        let key = scope.key(DEFAULT_PREFIX, "rate", method);
        let now = self.now();
        let mut state = self.state();
        if let Some(until) = state.pauses.get(&key) {
            if *until > now {
                return Duration::from_micros(until - now);
            }
        }
        let window = micros(limit.window);
        let interval = micros(limit.interval());
        let per_window = limit.per_window.max(1) as usize;
        let burst = u64::from(limit.clamped_burst());
        let bucket = state.buckets.entry(key).or_default();
        while bucket
            .granted
            .front()
            .is_some_and(|at| *at + window <= now)
        {
            bucket.granted.pop_front();
        }
        let mut wait = 0;
        if bucket.granted.len() >= per_window {
            let oldest = bucket.granted[bucket.granted.len() - per_window];
            wait = (oldest + window).saturating_sub(now);
        }
        let next = bucket.next.max(now);
        wait = wait.max((next - now).saturating_sub((burst - 1) * interval));
        if wait > 0 {
            return Duration::from_micros(wait);
        }
        bucket.granted.push_back(now);
        bucket.next = next + interval;
        bucket.expires = now + window + interval * burst;
        Duration::ZERO
    }

    pub(crate) fn pause_now(&self, scope: Scope<'_>, method: &str, duration: Duration) {
        let key = scope.key(DEFAULT_PREFIX, "rate", method);
        let until = self.now() + micros(duration);
        let mut state = self.state();
        let entry = state.pauses.entry(key).or_insert(0);
        *entry = (*entry).max(until);
    }

    pub(crate) fn claim_now(&self, scope: Scope<'_>, event_id: &str, lease: Duration) -> Claim {
        let key = scope.key(DEFAULT_PREFIX, "event", event_id);
        let now = self.now();
        let mut state = self.state();
        match state.events.get(&key) {
            Some(event) if event.expires > now && event.done => Claim::Done,
            Some(event) if event.expires > now => Claim::Processing,
            _ => {
                state.events.insert(
                    key,
                    Event {
                        done: false,
                        expires: now + micros(lease),
                    },
                );
                Claim::Claimed
            }
        }
    }

    pub(crate) fn finish_now(&self, scope: Scope<'_>, event_id: &str, keep: Duration) {
        let key = scope.key(DEFAULT_PREFIX, "event", event_id);
        let expires = self.now() + micros(keep);
        self.state()
            .events
            .insert(key, Event { done: true, expires });
    }
}

impl Store for MemoryStore {
    fn acquire<'a>(
        &'a self,
        scope: Scope<'a>,
        method: &'a str,
        limit: Limit,
    ) -> StoreFuture<'a, Duration> {
        let wait = self.acquire_now(scope, method, limit);
        Box::pin(async move { Ok(wait) })
    }

    fn pause<'a>(
        &'a self,
        scope: Scope<'a>,
        method: &'a str,
        duration: Duration,
    ) -> StoreFuture<'a, ()> {
        self.pause_now(scope, method, duration);
        Box::pin(async { Ok(()) })
    }

    fn claim<'a>(
        &'a self,
        scope: Scope<'a>,
        event_id: &'a str,
        lease: Duration,
    ) -> StoreFuture<'a, Claim> {
        let claim = self.claim_now(scope, event_id, lease);
        Box::pin(async move { Ok(claim) })
    }

    fn finish<'a>(
        &'a self,
        scope: Scope<'a>,
        event_id: &'a str,
        keep: Duration,
    ) -> StoreFuture<'a, ()> {
        self.finish_now(scope, event_id, keep);
        Box::pin(async { Ok(()) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCOPE: Scope<'static> = Scope {
        app: "A1",
        team: "T1",
    };

    fn limit(per_window: u32, burst: u32) -> Limit {
        Limit {
            per_window,
            window: Duration::from_secs(60),
            burst,
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_burst_then_one_call_per_interval_and_never_more_than_the_window_allows() {
        let store = MemoryStore::new();
        let limit = limit(20, 5);
        for _ in 0..5 {
            assert_eq!(store.acquire_now(SCOPE, "m", limit), Duration::ZERO);
        }
        let wait = store.acquire_now(SCOPE, "m", limit);
        assert_eq!(wait, Duration::from_secs(3));
        // Granted over the next minute: never more than 20 in any 60 s.
        let mut granted = vec![Duration::ZERO; 5];
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(180) {
            let wait = store.acquire_now(SCOPE, "m", limit);
            if wait.is_zero() {
                granted.push(start.elapsed());
            } else {
                tokio::time::advance(wait).await;
            }
        }
        for (i, at) in granted.iter().enumerate().skip(20) {
            assert!(
                *at >= granted[i - 20] + Duration::from_secs(60),
                "call {i} at {at:?}"
            );
        }
        assert!(granted.len() >= 60, "{}", granted.len());
    }

    #[tokio::test(start_paused = true)]
    async fn a_pause_holds_every_caller_and_other_methods_and_teams_go_on() {
        let store = MemoryStore::new();
        let limit = limit(20, 20);
        store.pause_now(SCOPE, "m", Duration::from_secs(30));
        assert_eq!(
            store.acquire_now(SCOPE, "m", limit),
            Duration::from_secs(30)
        );
        assert_eq!(store.acquire_now(SCOPE, "other", limit), Duration::ZERO);
        assert_eq!(
            store.acquire_now(Scope::new("A1", "T2"), "m", limit),
            Duration::ZERO
        );
        tokio::time::advance(Duration::from_secs(30)).await;
        assert_eq!(store.acquire_now(SCOPE, "m", limit), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn claims_lease_then_done_then_forgotten() {
        let store = MemoryStore::new();
        let lease = Duration::from_secs(60);
        assert_eq!(store.claim_now(SCOPE, "Ev1", lease), Claim::Claimed);
        assert_eq!(store.claim_now(SCOPE, "Ev1", lease), Claim::Processing);
        tokio::time::advance(lease).await;
        // The lease ran out (its holder died): the next claim runs it.
        assert_eq!(store.claim_now(SCOPE, "Ev1", lease), Claim::Claimed);
        store.finish_now(SCOPE, "Ev1", Duration::from_secs(3600));
        assert_eq!(store.claim_now(SCOPE, "Ev1", lease), Claim::Done);
        tokio::time::advance(Duration::from_secs(3600)).await;
        assert!(store.is_empty());
        assert_eq!(store.claim_now(SCOPE, "Ev1", lease), Claim::Claimed);
    }
}
