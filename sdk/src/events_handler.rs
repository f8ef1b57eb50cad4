//! The event handler both transports run: the HTTP [`Receiver`](crate::receiver::Receiver) and
//! [`SocketMode`](crate::socket_mode::SocketMode). It holds your async handler and the memory of
//! event IDs already handled, so an event Slack delivers twice (a retry, or a redelivery on
//! another Socket Mode connection) runs the handler once.
//!
//! The memory is an [`EventDedupe`]: [`MemoryDedupe`] (bounded, per process) by default; a
//! store shared by several processes implements the same two calls.
//!
//! Replicas share their memory through a [`Store`](crate::store::Store) given to
//! [`Receiver::store`](crate::receiver::Receiver::store) or
//! [`SocketMode::store`](crate::socket_mode::SocketMode::store): both transports then claim each
//! event in the store through the same code here, run its handler in its own task and record it
//! done when the handler ends (success, error or panic). What they answer Slack when the claim
//! is not theirs differs only in form: the receiver answers 503, Socket Mode leaves the envelope
//! unacknowledged; either way Slack delivers the event again later.

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::FutureExt;
use tokio::sync::watch;

use crate::generated::events::EventCallback;
#[cfg(any(feature = "receiver", feature = "socket-mode"))]
use crate::store::{SharedDedupe, Verdict};

/// How many event IDs [`MemoryDedupe`] remembers by default.
pub const DEFAULT_DEDUPE_CAPACITY: usize = 10_000;
/// How long [`MemoryDedupe`] remembers an event ID by default. Slack's last retry of an HTTP
/// delivery comes about six minutes after the first attempt.
pub const DEFAULT_DEDUPE_TTL: Duration = Duration::from_secs(60 * 60);

/// A handler's boxed future, its error as text for the log.
pub(crate) type BoxFuture = Pin<Box<dyn Future<Output = Result<(), String>> + Send>>;
type HandlerFn = dyn Fn(EventCallback) -> BoxFuture + Send + Sync;

/// What a handler may return: `()`, or a `Result` whose error is logged.
pub trait HandlerOutcome: Send + 'static {
    /// The outcome, with an error as text for the log.
    fn into_result(self) -> Result<(), String>;
}

impl HandlerOutcome for () {
    fn into_result(self) -> Result<(), String> {
        Ok(())
    }
}

impl<E: fmt::Display + Send + 'static> HandlerOutcome for Result<(), E> {
    fn into_result(self) -> Result<(), String> {
        self.map_err(|error| error.to_string())
    }
}

/// Remembers which events are being or have been handled, so each `event_id` runs the handler
/// once however often it is delivered.
pub trait EventDedupe: Send + Sync + 'static {
    /// Claims `event_id` for handling: `true` the first time (run the handler), `false` if it
    /// was already claimed (skip it).
    fn claim(&self, event_id: &str) -> bool;

    /// Says the handler for a claimed `event_id` has finished (whatever its outcome).
    fn finish(&self, event_id: &str);
}

/// An [`EventDedupe`] in this process's memory: at most `capacity` event IDs (the oldest are
/// forgotten first), each for at most `ttl`; an event delivered again after it was forgotten
/// runs the handler again.
#[derive(Debug)]
pub struct MemoryDedupe {
    seen: Mutex<SeenEvents>,
}

impl MemoryDedupe {
    /// Remembers at most `capacity` IDs, each for at most `ttl` (0 remembers nothing).
    pub fn new(capacity: usize, ttl: Duration) -> MemoryDedupe {
        MemoryDedupe {
            seen: Mutex::new(SeenEvents::new(capacity, ttl)),
        }
    }
}

impl Default for MemoryDedupe {
    fn default() -> MemoryDedupe {
        MemoryDedupe::new(DEFAULT_DEDUPE_CAPACITY, DEFAULT_DEDUPE_TTL)
    }
}

impl EventDedupe for MemoryDedupe {
    fn claim(&self, event_id: &str) -> bool {
        self.seen
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .first_time(event_id, Instant::now())
    }

    fn finish(&self, _event_id: &str) {}
}

/// Your async handler, the de-dup store, and the count of handlers still running. Cloning it
/// is cheap; clones share all three.
#[derive(Clone)]
pub struct EventsHandler {
    handler: Arc<HandlerFn>,
    dedupe: Arc<dyn EventDedupe>,
    running: watch::Sender<usize>,
}

impl fmt::Debug for EventsHandler {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventsHandler")
            .field("running", &*self.running.borrow())
            .finish_non_exhaustive()
    }
}

/// Whether [`EventsHandler::dispatch`] started the handler.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Dispatched {
    /// The handler was started for this event.
    Started,
    /// The event was already claimed; the handler was not run again.
    Duplicate,
}

impl EventsHandler {
    /// Wraps `handler`: an async function or closure taking the [`EventCallback`] (its `event`
    /// is the typed [`Event`](crate::Event), `Event::Other` for types the spec does not
    /// describe) and returning `()` or a `Result<(), E: Display>`. De-dup: [`MemoryDedupe`]
    /// with its defaults.
    pub fn new<F, Fut>(handler: F) -> EventsHandler
    where
        F: Fn(EventCallback) -> Fut + Send + Sync + 'static,
        Fut: Future + Send + 'static,
        Fut::Output: HandlerOutcome,
    {
        EventsHandler {
            handler: Arc::new(move |delivery| {
                let future = handler(delivery);
                Box::pin(async move { future.await.into_result() })
            }),
            dedupe: Arc::new(MemoryDedupe::default()),
            running: watch::Sender::new(0),
        }
    }

    /// Uses `dedupe` to remember the events handled.
    #[must_use]
    pub fn dedupe(mut self, dedupe: impl EventDedupe) -> EventsHandler {
        self.dedupe = Arc::new(dedupe);
        self
    }

    /// Uses a shared `dedupe` store (e.g. one store for several transports).
    #[must_use]
    pub fn dedupe_shared(mut self, dedupe: Arc<dyn EventDedupe>) -> EventsHandler {
        self.dedupe = dedupe;
        self
    }

    /// Runs the handler for `delivery` in a spawned task unless its `event_id` was already
    /// claimed. A handler's error or panic is logged at `error` level.
    pub fn dispatch(&self, delivery: EventCallback) -> Dispatched {
        let event_id = delivery.event_id.clone();
        if !self.dedupe.claim(&event_id) {
            return Dispatched::Duplicate;
        }
        let event_type = delivery.event.event_type().to_owned();
        let future = (self.handler)(delivery);
        let dedupe = self.dedupe.clone();
        let guard = Running::new(&self.running);
        tokio::spawn(async move {
            let _guard = guard;
            log_outcome(future, &event_type, Some(&event_id)).await;
            dedupe.finish(&event_id);
        });
        Dispatched::Started
    }

    /// Claims `delivery` in the shared store (one round trip) and, when the claim is ours
    /// ([`Verdict::Run`]), runs the handler in a spawned task that records the event done in the
    /// store once the handler ends, whether it succeeded, failed or panicked (an error or panic
    /// is logged at `error` level). The other verdicts run nothing; the caller answers Slack.
    #[cfg(any(feature = "receiver", feature = "socket-mode"))]
    pub(crate) async fn dispatch_claimed(
        &self,
        shared: &SharedDedupe,
        delivery: EventCallback,
    ) -> Verdict {
        let (app, team) = (delivery.api_app_id.clone(), delivery.team_id.to_string());
        let event_id = delivery.event_id.clone();
        let verdict = shared.claim(&app, &team, &event_id).await;
        if verdict != Verdict::Run {
            return verdict;
        }
        let event_type = delivery.event.event_type().to_owned();
        // Counted as running until the record says done, so `idle` waits for the store too.
        let guard = Running::new(&self.running);
        let handler = (self.handler)(delivery);
        let shared = shared.clone();
        tokio::spawn(async move {
            let _guard = guard;
            let outcome = AssertUnwindSafe(handler).catch_unwind().await;
            shared.finish(&app, &team, &event_id).await;
            let outcome: BoxFuture = Box::pin(async move {
                match outcome {
                    Ok(result) => result,
                    Err(_) => Err("the handler panicked".to_owned()),
                }
            });
            log_outcome(outcome, &event_type, Some(&event_id)).await;
        });
        Verdict::Run
    }

    /// How many handlers are running now.
    pub fn running(&self) -> usize {
        *self.running.borrow()
    }

    /// Waits until no handler is running.
    pub async fn idle(&self) {
        let mut running = self.running.subscribe();
        let _ = running.wait_for(|n| *n == 0).await;
    }
}

/// Counts a handler as running until dropped.
struct Running(watch::Sender<usize>);

impl Running {
    fn new(running: &watch::Sender<usize>) -> Running {
        running.send_modify(|n| *n += 1);
        Running(running.clone())
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.0.send_modify(|n| *n = n.saturating_sub(1));
    }
}

/// Awaits a handler's future, logging an error or a panic.
pub(crate) async fn log_outcome(future: BoxFuture, what: &str, event_id: Option<&str>) {
    match AssertUnwindSafe(future).catch_unwind().await {
        Ok(Ok(())) => {}
        Ok(Err(error)) => {
            tracing::error!(event_id, event_type = %what, %error, "event handler failed");
        }
        Err(_) => {
            tracing::error!(event_id, event_type = %what, "event handler panicked");
        }
    }
}

/// The event IDs received recently: at most `capacity`, each for at most `ttl`.
#[derive(Debug)]
struct SeenEvents {
    capacity: usize,
    ttl: Duration,
    ids: HashSet<String>,
    /// The same IDs, oldest first, with when they arrived.
    order: VecDeque<(Instant, String)>,
}

impl SeenEvents {
    fn new(capacity: usize, ttl: Duration) -> SeenEvents {
        SeenEvents {
            capacity,
            ttl,
            ids: HashSet::new(),
            order: VecDeque::new(),
        }
    }

    /// Records `id` at `now`; `false` if it was already there.
    fn first_time(&mut self, id: &str, now: Instant) -> bool {
        while let Some((at, _)) = self.order.front() {
            if now.saturating_duration_since(*at) < self.ttl {
                break;
            }
            if let Some((_, old)) = self.order.pop_front() {
                self.ids.remove(&old);
            }
        }
        if self.ids.contains(id) {
            return false;
        }
        if self.capacity == 0 {
            return true;
        }
        while self.order.len() >= self.capacity {
            if let Some((_, old)) = self.order.pop_front() {
                self.ids.remove(&old);
            }
        }
        self.ids.insert(id.to_owned());
        self.order.push_back((now, id.to_owned()));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_id_is_seen_once_until_forgotten() {
        let start = Instant::now();
        let mut seen = SeenEvents::new(2, Duration::from_secs(60));
        assert!(seen.first_time("Ev1", start));
        assert!(!seen.first_time("Ev1", start + Duration::from_secs(59)));
        assert!(seen.first_time("Ev2", start + Duration::from_secs(1)));
        // Past the TTL, Ev1 is forgotten.
        assert!(seen.first_time("Ev1", start + Duration::from_secs(60)));
        // Capacity: Ev3 pushes out the oldest (Ev2).
        assert!(seen.first_time("Ev3", start + Duration::from_secs(61)));
        assert_eq!(seen.order.len(), 2);
        assert!(!seen.first_time("Ev1", start + Duration::from_secs(61)));
        assert!(seen.first_time("Ev2", start + Duration::from_secs(62)));
        assert!(seen.ids.len() <= 2);
    }

    #[test]
    fn no_memory_means_no_dedupe() {
        let mut seen = SeenEvents::new(0, Duration::from_secs(60));
        let now = Instant::now();
        assert!(seen.first_time("Ev1", now));
        assert!(seen.first_time("Ev1", now));
    }

    #[tokio::test]
    async fn a_claimed_event_runs_once_and_finish_is_called() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        #[derive(Default)]
        struct Counting {
            inner: Mutex<HashSet<String>>,
            finished: AtomicUsize,
        }
        impl EventDedupe for Arc<Counting> {
            fn claim(&self, event_id: &str) -> bool {
                self.inner.lock().unwrap().insert(event_id.to_owned())
            }
            fn finish(&self, _event_id: &str) {
                self.finished.fetch_add(1, Ordering::SeqCst);
            }
        }
        let store = Arc::new(Counting::default());
        let runs = Arc::new(AtomicUsize::new(0));
        let counted = runs.clone();
        let handler = EventsHandler::new(move |_delivery: EventCallback| {
            let counted = counted.clone();
            async move {
                counted.fetch_add(1, Ordering::SeqCst);
            }
        })
        .dedupe(store.clone());
        let delivery: EventCallback = serde_json::from_value(serde_json::json!({
            "team_id": "T1", "api_app_id": "A1", "event_id": "Ev1", "event_time": 1,
            "event": {"type": "something_else"}
        }))
        .unwrap();
        assert_eq!(handler.dispatch(delivery.clone()), Dispatched::Started);
        assert_eq!(handler.dispatch(delivery), Dispatched::Duplicate);
        handler.idle().await;
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        assert_eq!(store.finished.load(Ordering::SeqCst), 1);
    }

    #[cfg(any(feature = "receiver", feature = "socket-mode"))]
    #[tokio::test]
    async fn a_claimed_event_is_recorded_done_after_its_handler_fails_or_panics() {
        use crate::store::MemoryStore;
        let shared = SharedDedupe::new(
            Arc::new(MemoryStore::new()),
            Duration::from_secs(60),
            Duration::from_secs(60),
        );
        let handler = EventsHandler::new(|delivery: EventCallback| async move {
            match delivery.event_id.as_str() {
                "EvPanic" => panic!("the handler panicked on purpose"),
                _ => Err::<(), _>("the handler failed on purpose"),
            }
        });
        for event_id in ["EvPanic", "EvFail"] {
            let delivery: EventCallback = serde_json::from_value(serde_json::json!({
                "team_id": "T1", "api_app_id": "A1", "event_id": event_id, "event_time": 1,
                "event": {"type": "something_else"}
            }))
            .unwrap();
            assert_eq!(
                handler.dispatch_claimed(&shared, delivery.clone()).await,
                Verdict::Run
            );
            handler.idle().await;
            assert_eq!(
                handler.dispatch_claimed(&shared, delivery).await,
                Verdict::AlreadyDone,
                "{event_id}"
            );
        }
        assert_eq!(handler.running(), 0);
    }
}
