//! Receiving events over **Socket Mode**: the app opens WebSockets to Slack (no public request
//! URL), with the same handler as the HTTP [`Receiver`](crate::receiver::Receiver). Enabled by
//! the `socket-mode` cargo feature; TLS follows the crate's `rustls` / `native-tls` features.
//! The WebSocket itself trusts that TLS's roots only: root certificates added to the [`Client`]
//! and its proxy settings apply to `apps.connections.open`, not yet to the WebSocket, so behind
//! a proxy or a private root CA the connection must reach Slack's `wss://` host directly.
//!
//! ```no_run
//! use slack_connect::socket_mode::SocketMode;
//! use slack_connect::{AppToken, Client, Event, EventCallback};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let token = AppToken::new(std::env::var("SLACK_APP_TOKEN")?)?; // xapp-..., never printed
//! SocketMode::new(Client::new(token)?, |delivery: EventCallback| async move {
//!     if let Event::SharedChannelInviteRequested(request) = *delivery.event {
//!         println!("{} wants to invite {:?}", delivery.team_id, request.target_users);
//!     }
//! })
//! .run()
//! .await?;
//! # Ok(())
//! # }
//! ```
//!
//! What the client does:
//!
//! - every envelope is acknowledged as soon as it is read, before its handler runs; each
//!   `event_id` runs the handler once, however often it is redelivered and on whichever
//!   connection (the [`EventsHandler`]'s de-dup, shared with the HTTP receiver); with a shared
//!   store, an event is claimed first (see [Across replicas](#across-replicas));
//! - on a `disconnect` with `warning` or `refresh_requested` (or a reason it does not know), it
//!   opens a new connection first (a fresh `apps.connections.open`: URLs are single-use) and only
//!   then drains and closes the old one, so no envelope falls into a gap;
//! - it pings, and replaces a connection on which nothing arrived within the idle timeout (a
//!   half-open link after a NAT timeout);
//! - it reconnects after failures with capped, jittered exponential backoff ([`Backoff`]), reset
//!   once a connection has stayed up; `link_disabled` and an `apps.connections.open` error no
//!   retry can fix (`invalid_auth`, a revoked token, a missing scope...) end [`SocketMode::run`]
//!   with a [`SocketModeError`] instead of looping;
//! - it keeps up to [`SocketMode::connections`] connections (Slack allows ten per app);
//! - [`SocketModeHandle::shutdown`] stops reading, closes the connections cleanly and waits for
//!   the handlers in flight.
//!
//! Malformed frames and envelope types other than `events_api` (interactivity, slash commands)
//! are logged and skipped, after their envelope is acknowledged. The app token and the
//! connection URLs (whose ticket authenticates a connection) never appear in logs, errors or
//! `Debug`. Spans: `socket_mode_connect` (each attempt), `socket_mode_connection` (each
//! connection's life), `socket_mode_envelope` (each event).
//!
//! ## Across replicas
//!
//! The de-dup above is one process's. Several processes running Socket Mode for one app (Slack
//! spreads envelopes over all their connections, and redelivers an unacknowledged one on any of
//! them) share it through a [`Store`] ([`RedisStore`](crate::store::redis::RedisStore) with the
//! `redis` feature) given to [`SocketMode::shared_store`] (or [`SocketMode::store`] with other
//! times), as the HTTP receiver's replicas do. Each `events_api` envelope's event is then
//! **claimed** in the store (one round trip, during which its connection reads nothing else)
//! **before** the envelope is acknowledged:
//!
//! | the event's record | envelope |
//! |---|---|
//! | none | recorded *processing* with a lease ([`DEFAULT_LEASE`], 60 s); acknowledged; the handler runs; when it ends (success, error or panic) recorded *done*, kept [`DEFAULT_DONE_KEPT`] (1 h) |
//! | *processing* (its lease running) | **not** acknowledged, handler not run: Slack delivers it again later |
//! | *done* | acknowledged, handler not run |
//! | the store refuses ([`Unavailable::Refuse`](crate::store::Unavailable::Refuse)) | **not** acknowledged, handler not run |
//!
//! Leaving an envelope unacknowledged is Socket Mode's 503: the guarantee, and its limits, are
//! the receiver's, word for word ([at most once per `event_id` while its record is
//! kept](crate::receiver#across-replicas)); replicas may mix both transports on one store.
//! One difference in degree: Slack redelivers an unacknowledged envelope only a few times, a
//! few seconds apart, so a replica that dies after claiming an event but before its
//! acknowledgement reached Slack can hold the claim past the last redelivery, and the event is
//! then not handled; a shorter lease narrows that window, at the cost of long handlers (see the
//! receiver's list). Envelopes of other types (`hello`, `disconnect`, interactivity) are
//! acknowledged at once as without a store. [`SocketModeStats::unacknowledged`] counts the envelopes left for a
//! redelivery.

mod backoff;
mod connection;
pub mod frames;
mod shutdown;
mod supervisor;

use std::future::Future;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

pub use backoff::Backoff;
pub use shutdown::SocketModeHandle;

use crate::apps::connections::open;
use crate::events_handler::{EventsHandler, HandlerOutcome};
use crate::generated::events::EventCallback;
use crate::store::{SharedDedupe, Store, DEFAULT_DONE_KEPT, DEFAULT_LEASE};
use crate::Client;
use supervisor::{Settings, Shared};

/// The most connections Slack keeps open for one app; more are refused with
/// `too_many_websockets`.
pub const MAX_CONNECTIONS: usize = 10;
/// How often a ping is sent by default.
pub const DEFAULT_PING_INTERVAL: Duration = Duration::from_secs(10);
/// How long a connection may stay silent (no frame, no pong) by default before it is replaced.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// Why Socket Mode stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SocketModeError {
    /// The client's token is not an app-level token.
    #[error("Socket Mode needs an app-level token (`xapp-`); the client has a `{kind}` token")]
    NotAnAppToken {
        /// The kind of the client's token.
        kind: String,
    },
    /// A setting is out of range.
    #[error("invalid Socket Mode setting: {0}")]
    InvalidSetting(String),
    /// Slack sent `disconnect` with `link_disabled`: Socket Mode is turned off for the app.
    #[error(
        "Socket Mode is disabled for this app (disconnect reason `{}`)",
        frames::DisconnectReason::LinkDisabled
    )]
    LinkDisabled,
    /// `apps.connections.open` failed in a way no retry fixes.
    #[error("apps.connections.open refused the app-level token: {0}")]
    Refused(#[source] Box<crate::Error<open::Error>>),
    /// The supervisor task stopped unexpectedly.
    #[error("the Socket Mode task failed: {0}")]
    Task(String),
}

/// Counters of a running client, for monitoring and tests.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SocketModeStats {
    /// Connections that reached `hello`.
    pub connects: u64,
    /// Attempts that failed before `hello` (URL, handshake, refusal).
    pub failed_attempts: u64,
    /// Replacements opened because Slack asked for a refresh.
    pub refreshes: u64,
    /// Connections replaced because they went silent.
    pub idle_timeouts: u64,
    /// `events_api` envelopes read (duplicates included).
    pub events: u64,
    /// Envelopes whose event had already been handled.
    pub duplicates: u64,
    /// Acknowledgements sent.
    pub acks: u64,
    /// Frames skipped as malformed.
    pub malformed: u64,
    /// `events_api` envelopes left unacknowledged on purpose (with a [shared
    /// store](SocketMode::store): another replica was handling the event, or the store refused),
    /// so that Slack delivers them again later.
    pub unacknowledged: u64,
    /// For each reconnect, the time from losing a ready connection (or being asked to refresh)
    /// to the next `hello`.
    pub reconnect_latencies: Vec<Duration>,
    /// For each refresh Slack asked for, the time from its `disconnect` frame to the
    /// replacement's `hello` (the old connection still open meanwhile).
    pub refresh_latencies: Vec<Duration>,
}

/// A Socket Mode client: the Web API client holding the app-level token, the handler, and the
/// connection settings.
pub struct SocketMode {
    client: Client,
    handler: EventsHandler,
    settings: Settings,
}

impl std::fmt::Debug for SocketMode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SocketMode")
            .field("client", &self.client)
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl SocketMode {
    /// A client calling `apps.connections.open` through `client` (made with an
    /// [`AppToken`](crate::AppToken)) and running `handler` once per event: the same handler
    /// [`Receiver::new`](crate::receiver::Receiver::new) takes.
    pub fn new<F, Fut>(client: Client, handler: F) -> SocketMode
    where
        F: Fn(EventCallback) -> Fut + Send + Sync + 'static,
        Fut: Future + Send + 'static,
        Fut::Output: HandlerOutcome,
    {
        SocketMode::with_handler(client, EventsHandler::new(handler))
    }

    /// A client running an [`EventsHandler`] built beforehand (its de-dup store included).
    pub fn with_handler(client: Client, handler: EventsHandler) -> SocketMode {
        SocketMode {
            client,
            handler,
            settings: Settings {
                connections: 1,
                ping_interval: DEFAULT_PING_INTERVAL,
                idle_timeout: DEFAULT_IDLE_TIMEOUT,
                connect_timeout: Duration::from_secs(10),
                backoff: Backoff::default(),
                shared: None,
            },
        }
    }

    /// Keeps `count` connections open (1 to [`MAX_CONNECTIONS`]; default 1). Slack spreads
    /// envelopes over them.
    #[must_use]
    pub fn connections(mut self, count: usize) -> SocketMode {
        self.settings.connections = count;
        self
    }

    /// Sends a ping this often (default [`DEFAULT_PING_INTERVAL`]).
    #[must_use]
    pub fn ping_interval(mut self, interval: Duration) -> SocketMode {
        self.settings.ping_interval = interval;
        self
    }

    /// Replaces a connection on which nothing arrived for `timeout` (default
    /// [`DEFAULT_IDLE_TIMEOUT`]); keep it above the ping interval.
    #[must_use]
    pub fn idle_timeout(mut self, timeout: Duration) -> SocketMode {
        self.settings.idle_timeout = timeout;
        self
    }

    /// Gives up on a WebSocket handshake after `timeout` (default ten seconds).
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> SocketMode {
        self.settings.connect_timeout = timeout;
        self
    }

    /// The reconnect backoff (default: [`Backoff::default`]).
    #[must_use]
    pub fn backoff(mut self, backoff: Backoff) -> SocketMode {
        self.settings.backoff = backoff;
        self
    }

    /// De-duplicates events across every client (and [`Receiver`](crate::receiver::Receiver))
    /// sharing `store` (replicas of one app), instead of in this process's memory: each event is
    /// claimed in the store **before** its envelope is acknowledged; see [the
    /// guarantee](self#across-replicas). An event is claimed for `lease` (default
    /// [`DEFAULT_LEASE`]) when its handler starts and recorded as done for `keep` (default
    /// [`DEFAULT_DONE_KEPT`]) when it ends.
    #[must_use]
    pub fn store(mut self, store: Arc<dyn Store>, lease: Duration, keep: Duration) -> SocketMode {
        self.settings.shared = Some(SharedDedupe::new(store, lease, keep));
        self
    }

    /// [`store`](Self::store) with the default lease and keep times.
    #[must_use]
    pub fn shared_store(self, store: Arc<dyn Store>) -> SocketMode {
        self.store(store, DEFAULT_LEASE, DEFAULT_DONE_KEPT)
    }

    /// Checks the settings and starts the connections in the background.
    pub fn start(self) -> Result<SocketModeHandle, SocketModeError> {
        let kind = self.client.token_kind();
        if !crate::AppToken::is_app_token(&crate::Token::new(format!("{kind}-"))) {
            return Err(SocketModeError::NotAnAppToken {
                kind: kind.to_owned(),
            });
        }
        let settings = &self.settings;
        if settings.connections == 0 || settings.connections > MAX_CONNECTIONS {
            return Err(SocketModeError::InvalidSetting(format!(
                "connections must be 1 to {MAX_CONNECTIONS}, not {}",
                settings.connections
            )));
        }
        if settings.ping_interval.is_zero() || settings.idle_timeout <= settings.ping_interval {
            return Err(SocketModeError::InvalidSetting(format!(
                "the idle timeout ({:?}) must be longer than the ping interval ({:?}), which must not be zero",
                settings.idle_timeout, settings.ping_interval
            )));
        }
        if settings.backoff.initial.is_zero() {
            return Err(SocketModeError::InvalidSetting(
                "the backoff's initial delay must not be zero".to_owned(),
            ));
        }
        let shared = Arc::new(Shared::new(self.client, self.handler, self.settings));
        Ok(shutdown::start(shared))
    }

    /// Runs until a fatal error (the process ending stops it otherwise).
    pub async fn run(self) -> Result<(), SocketModeError> {
        self.start()?.join().await
    }

    /// Runs until `signal` completes, then shuts down gracefully; or until a fatal error.
    pub async fn run_until(
        self,
        signal: impl Future<Output = ()> + Send,
    ) -> Result<(), SocketModeError> {
        let mut handle = self.start()?;
        tokio::select! {
            result = handle.wait() => result,
            () = signal => handle.shutdown().await,
        }
    }
}

impl Shared {
    fn stats_snapshot(&self) -> SocketModeStats {
        let stats = &self.stats;
        let get = |counter: &std::sync::atomic::AtomicU64| counter.load(Ordering::Relaxed);
        SocketModeStats {
            connects: get(&stats.connects),
            failed_attempts: get(&stats.failed_attempts),
            refreshes: get(&stats.refreshes),
            idle_timeouts: get(&stats.idle_timeouts),
            events: get(&stats.events),
            duplicates: get(&stats.duplicates),
            acks: get(&stats.acks),
            malformed: get(&stats.malformed),
            unacknowledged: get(&stats.unacknowledged),
            reconnect_latencies: stats
                .reconnect_latencies
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .clone(),
            refresh_latencies: stats
                .refresh_latencies
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .clone(),
        }
    }
}
