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

    /// The state, swept of what expired before `now` every [`SWEEP_EVERY`] operations.
    fn state(&self, now: u64) -> std::sync::MutexGuard<'_, State> {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        state.operations = state.operations.wrapping_add(1);
        if state.operations.is_multiple_of(SWEEP_EVERY) {
            state.buckets.retain(|_, bucket| bucket.expires > now);
            state.pauses.retain(|_, until| *until > now);
            state.events.retain(|_, event| event.expires > now);
        }
        state
    }

    /// Number of live records (buckets, pauses and events), for tests of boundedness.
    pub fn len(&self) -> usize {
        self.len_at(self.now())
    }

    fn len_at(&self, now: u64) -> usize {
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
        self.acquire_at(scope, method, limit, self.now())
    }

    /// [`acquire_now`](Self::acquire_now) at `now` (µs since the store was made).
    fn acquire_at(&self, scope: Scope<'_>, method: &str, limit: Limit, now: u64) -> Duration {
        let key = scope.key(DEFAULT_PREFIX, "rate", method);
        let mut state = self.state(now);
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
        while bucket.granted.front().is_some_and(|at| *at + window <= now) {
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
        self.pause_at(scope, method, duration, self.now());
    }

    fn pause_at(&self, scope: Scope<'_>, method: &str, duration: Duration, now: u64) {
        let key = scope.key(DEFAULT_PREFIX, "rate", method);
        let until = now + micros(duration);
        let mut state = self.state(now);
        let entry = state.pauses.entry(key).or_insert(0);
        *entry = (*entry).max(until);
    }

    pub(crate) fn claim_now(&self, scope: Scope<'_>, event_id: &str, lease: Duration) -> Claim {
        self.claim_at(scope, event_id, lease, self.now())
    }

    fn claim_at(&self, scope: Scope<'_>, event_id: &str, lease: Duration, now: u64) -> Claim {
        let key = scope.key(DEFAULT_PREFIX, "event", event_id);
        let mut state = self.state(now);
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
        self.finish_at(scope, event_id, keep, self.now());
    }

    fn finish_at(&self, scope: Scope<'_>, event_id: &str, keep: Duration, now: u64) {
        let key = scope.key(DEFAULT_PREFIX, "event", event_id);
        let expires = now + micros(keep);
        self.state(now).events.insert(
            key,
            Event {
                done: true,
                expires,
            },
        );
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
    const SECOND: u64 = 1_000_000;

    fn limit(per_window: u32, burst: u32) -> Limit {
        Limit {
            per_window,
            window: Duration::from_secs(60),
            burst,
        }
    }

    #[test]
    fn a_burst_then_one_call_per_interval_and_never_more_than_the_window_allows() {
        let store = MemoryStore::new();
        let limit = limit(20, 5);
        for _ in 0..5 {
            assert_eq!(store.acquire_at(SCOPE, "m", limit, 0), Duration::ZERO);
        }
        assert_eq!(
            store.acquire_at(SCOPE, "m", limit, 0),
            Duration::from_secs(3)
        );
        // Granted over three minutes, asking as soon as told: never more than 20 in any 60 s.
        let mut granted = vec![0; 5];
        let mut now = 0;
        while now < 180 * SECOND {
            let wait = store.acquire_at(SCOPE, "m", limit, now);
            if wait.is_zero() {
                granted.push(now);
            } else {
                now += micros(wait);
            }
        }
        for k in 20..granted.len() {
            assert!(granted[k] >= granted[k - 20] + 60 * SECOND, "call {k}");
        }
        assert!(granted.len() >= 60, "{}", granted.len());
    }

    #[test]
    fn a_pause_holds_every_caller_and_other_methods_and_teams_go_on() {
        let store = MemoryStore::new();
        let limit = limit(20, 20);
        store.pause_at(SCOPE, "m", Duration::from_secs(30), 0);
        store.pause_at(SCOPE, "m", Duration::from_secs(1), 0);
        assert_eq!(
            store.acquire_at(SCOPE, "m", limit, 0),
            Duration::from_secs(30)
        );
        assert_eq!(store.acquire_at(SCOPE, "other", limit, 0), Duration::ZERO);
        assert_eq!(
            store.acquire_at(Scope::new("A1", "T2"), "m", limit, 0),
            Duration::ZERO
        );
        assert_eq!(
            store.acquire_at(SCOPE, "m", limit, 30 * SECOND),
            Duration::ZERO
        );
    }

    #[test]
    fn claims_lease_then_done_then_forgotten() {
        let store = MemoryStore::new();
        let lease = Duration::from_secs(60);
        assert_eq!(store.claim_at(SCOPE, "Ev1", lease, 0), Claim::Claimed);
        assert_eq!(store.claim_at(SCOPE, "Ev1", lease, 0), Claim::Processing);
        // The lease ran out (its holder died): the next claim runs it.
        assert_eq!(
            store.claim_at(SCOPE, "Ev1", lease, 60 * SECOND),
            Claim::Claimed
        );
        store.finish_at(SCOPE, "Ev1", Duration::from_secs(3600), 60 * SECOND);
        assert_eq!(
            store.claim_at(SCOPE, "Ev1", lease, 61 * SECOND),
            Claim::Done
        );
        assert_eq!(store.len_at(61 * SECOND), 1);
        assert_eq!(store.len_at(3660 * SECOND), 0);
        assert_eq!(
            store.claim_at(SCOPE, "Ev1", lease, 3660 * SECOND),
            Claim::Claimed
        );
    }

    #[test]
    fn expired_records_are_swept() {
        let store = MemoryStore::new();
        for i in 0..SWEEP_EVERY * 2 {
            store.claim_at(SCOPE, &format!("Ev{i}"), Duration::from_secs(1), 0);
        }
        assert!(store.state.lock().unwrap().events.len() >= SWEEP_EVERY as usize);
        // Two seconds later the first claims' leases have run out: a sweep drops them.
        for i in 0..SWEEP_EVERY {
            store.claim_at(
                SCOPE,
                &format!("Late{i}"),
                Duration::from_secs(60),
                2 * SECOND,
            );
        }
        let left = store.state.lock().unwrap().events.len();
        assert!(left <= SWEEP_EVERY as usize, "{left}");
    }
}
