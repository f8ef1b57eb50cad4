//! Where the client's throttle and the receiver's event de-duplication keep their state.
//!
//! A [`Store`] holds two kinds of records, both scoped by app and workspace (team) and both
//! expiring, so nothing grows without bound:
//!
//! - **rate-limit buckets**, one per app, team and method: the calls granted in the last
//!   window and the next slot of a burst-tolerant schedule ([`Limit`]), plus a pause set when
//!   Slack answered a call with HTTP 429;
//! - **event records**, one per app, team and `event_id`: *processing* (with a lease) while a
//!   handler runs, *done* (kept for a while) once it has finished ([`Claim`]).
//!
//! Two implementations: [`MemoryStore`] (the default: one process, what a client or receiver
//! without a store uses) and, with the `redis` feature, `redis::RedisStore`, which
//! several replicas share so that together they stay inside one Slack budget and run each
//! event's handler once. The Redis store decides each call in one atomic round trip (a Lua
//! script) and follows an [`Unavailable`] policy while Redis cannot be reached.

#[cfg_attr(
    not(any(feature = "receiver", feature = "socket-mode")),
    allow(dead_code, unused_imports)
)]
mod dedupe;
mod memory;
#[cfg(feature = "redis")]
pub mod redis;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

#[cfg(any(feature = "receiver", feature = "socket-mode"))]
pub(crate) use dedupe::{SharedDedupe, Verdict};
pub use dedupe::{DEFAULT_DONE_KEPT, DEFAULT_LEASE};
pub use memory::MemoryStore;

/// The prefix every key starts with unless a store is given another.
pub const DEFAULT_PREFIX: &str = "slack-connect";

/// The future a [`Store`] operation returns.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

/// Whose records: one app in one workspace. Keys are `prefix:app:team:...`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Scope<'a> {
    /// The app's ID (`A0...`), as Slack sends it in `api_app_id`.
    pub app: &'a str,
    /// The workspace's ID (`T0...`) whose budget calls spend, or whose events are received.
    pub team: &'a str,
}

impl<'a> Scope<'a> {
    /// The records of `app` in workspace `team`.
    pub fn new(app: &'a str, team: &'a str) -> Scope<'a> {
        Scope { app, team }
    }

    /// The key of one record: `prefix:app:team:kind:name`.
    pub(crate) fn key(&self, prefix: &str, kind: &str, name: &str) -> String {
        format!("{prefix}:{}:{}:{kind}:{name}", self.app, self.team)
    }
}

/// The limit of one rate-limit bucket: at most `per_window` calls in any `window`, of which at
/// most `burst` back to back; after a burst, one call every `window / per_window`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    /// Calls allowed in any window.
    pub per_window: u32,
    /// The window's length (a minute for Slack's tiers).
    pub window: Duration,
    /// Calls allowed back to back before calls are spaced (at least 1, at most `per_window`).
    pub burst: u32,
}

impl Limit {
    /// The spacing between calls once a burst is spent.
    pub fn interval(&self) -> Duration {
        self.window / self.per_window.max(1)
    }

    /// `burst` within `1..=per_window`.
    pub(crate) fn clamped_burst(&self) -> u32 {
        self.burst.clamp(1, self.per_window.max(1))
    }
}

/// What [`Store::claim`] found for an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Claim {
    /// No record: it is now *processing*, held by the caller for the lease. Run the handler.
    Claimed,
    /// Another claim's lease is running: a handler may be running elsewhere. Do not run it;
    /// the receiver answers 503 so Slack delivers it again later.
    Processing,
    /// Its handler has finished. Do not run it again.
    Done,
}

/// What a store does while its back end cannot be reached.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Unavailable {
    /// Use a store in this process's memory (logged at `warn` level once per outage), and go back
    /// to the shared store as soon as it answers again. Calls keep going, but replicas no
    /// longer share a budget or see each other's events until it is back.
    #[default]
    FallBackToLocal,
    /// Fail the operation with [`StoreError::Unavailable`]: a call fails with
    /// [`Error::Store`](crate::Error::Store) before anything is sent; the receiver answers a
    /// delivery with 503, so Slack delivers it again later.
    Refuse,
}

/// Why a store operation failed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum StoreError {
    /// The store could not be reached (the policy was [`Unavailable::Refuse`]).
    Unavailable {
        /// Which store: its address, without credentials.
        store: String,
        /// What failed.
        reason: String,
    },
    /// The store answered something this crate does not understand.
    Protocol {
        /// Which store: its address, without credentials.
        store: String,
        /// What was wrong with the answer.
        reason: String,
    },
    /// A store address that does not parse or is not supported.
    InvalidAddress(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Unavailable { store, reason } => {
                write!(f, "store {store} is unavailable: {reason}")
            }
            StoreError::Protocol { store, reason } => {
                write!(f, "store {store} gave an unexpected answer: {reason}")
            }
            StoreError::InvalidAddress(why) => write!(f, "invalid store address: {why}"),
        }
    }
}

impl std::error::Error for StoreError {}

/// Shared state for the throttle and the receiver's de-duplication. Every record expires.
///
/// Implementations must decide each operation atomically: two processes calling
/// [`acquire`](Store::acquire) at once never both get the last slot, and two calling
/// [`claim`](Store::claim) for one event never both get [`Claim::Claimed`].
pub trait Store: fmt::Debug + Send + Sync + 'static {
    /// Takes a slot in `method`'s bucket for `scope` if `limit` allows one now (returning
    /// zero), or returns how long to wait before asking again (nothing is taken). A pause set by
    /// [`pause`](Store::pause) counts as a wait.
    fn acquire<'a>(
        &'a self,
        scope: Scope<'a>,
        method: &'a str,
        limit: Limit,
    ) -> StoreFuture<'a, Duration>;

    /// Pauses `method` for `scope` for `duration` (Slack's `Retry-After`), for every process
    /// sharing the store. A longer pause already set is kept.
    fn pause<'a>(
        &'a self,
        scope: Scope<'a>,
        method: &'a str,
        duration: Duration,
    ) -> StoreFuture<'a, ()>;

    /// Records `event_id` as *processing* for `lease` unless a record exists; see [`Claim`].
    fn claim<'a>(
        &'a self,
        scope: Scope<'a>,
        event_id: &'a str,
        lease: Duration,
    ) -> StoreFuture<'a, Claim>;

    /// Records `event_id` as *done*, kept for `keep`.
    fn finish<'a>(
        &'a self,
        scope: Scope<'a>,
        event_id: &'a str,
        keep: Duration,
    ) -> StoreFuture<'a, ()>;
}

/// A duration in whole milliseconds, at least 1 (Redis refuses a zero expiry).
#[cfg(feature = "redis")]
pub(crate) fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis())
        .unwrap_or(u64::MAX)
        .max(1)
}

/// A duration in whole microseconds.
pub(crate) fn micros(duration: Duration) -> u64 {
    u64::try_from(duration.as_micros()).unwrap_or(u64::MAX)
}
