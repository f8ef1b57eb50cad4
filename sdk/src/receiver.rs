//! Receiving Events API deliveries over HTTP: an [`axum`] endpoint that checks Slack's
//! signature, answers `url_verification`, acknowledges at once and runs your handler in the
//! background, once per event. Enabled by the `receiver` cargo feature.
//!
//! ```no_run
//! use slack_connect::receiver::Receiver;
//! use slack_connect::signing::SigningSecret;
//! use slack_connect::{Event, EventCallback};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let secret = SigningSecret::new(std::env::var("SLACK_SIGNING_SECRET")?);
//! Receiver::new(secret, |delivery: EventCallback| async move {
//!     if let Event::SharedChannelInviteRequested(request) = *delivery.event {
//!         println!("{} wants to invite {:?}", delivery.team_id, request.target_users);
//!     }
//! })
//! .serve("0.0.0.0:3000") // POST /slack/events
//! .await?;
//! # Ok(())
//! # }
//! ```
//!
//! Or mount it in an existing app: `app.merge(receiver.router())`, or
//! `app.nest("/prefix", receiver.path("/").router())`.
//!
//! What each request gets, in order:
//!
//! | request | answer |
//! |---|---|
//! | body over [`Receiver::max_body_bytes`] | 413 |
//! | body not received whole within the body read timeout ([`Receiver::limits`]) | 408 |
//! | signature header or timestamp missing, malformed, stale (more than five minutes either way) or not matching; or the receiver's secret is empty | 401, handler not run |
//! | body that is not a delivery (not JSON, no `type`, a known event with missing fields) | 400 with `x-slack-no-retry: 1` |
//! | `url_verification` | 200, the challenge as `text/plain` |
//! | `event_callback` | 200 at once; the handler runs in a spawned task, unless this `event_id` was already received (a retry) |
//! | `app_rate_limited` | 200; [`Receiver::on_rate_limited`]'s callback runs, if set |
//! | any other delivery type | 200, logged and ignored |
//!
//! Every refusal is logged with its reason at `warn` level (target `slack_connect::receiver`);
//! nothing logged contains the signing secret, the body or its verification token. A handler
//! that returns an error or panics is logged at `error` level and the server carries on.
//!
//! Because the request is acknowledged before the handler runs, Slack will not retry an event
//! whose handler failed: retry inside the handler if it matters. Slack retries a delivery it
//! did not see acknowledged within three seconds (with `X-Slack-Retry-Num` and the same
//! `event_id`); the receiver remembers recent `event_id`s (bounded, see
//! [`Receiver::dedupe`]) and acknowledges such a retry without running the handler again.
//!
//! ## Across replicas
//!
//! The memory above is one process's. Several replicas behind a load balancer share it through a
//! [`Store`] ([`RedisStore`](crate::store::redis::RedisStore) with the `redis` feature) given
//! to [`Receiver::shared_store`] (or [`Receiver::store`] with other times). Each
//! `event_callback` is then **claimed** in the store before it is acknowledged:
//!
//! | the event's record | answer |
//! |---|---|
//! | none | recorded *processing* with a lease ([`DEFAULT_LEASE`], 60 s); 200; the handler runs; when it ends (success, error or panic) recorded *done*, kept [`DEFAULT_DONE_KEPT`] (1 h) |
//! | *processing* (its lease running) | 503, handler not run: Slack delivers the event again later |
//! | *done* | 200, handler not run |
//! | the store refuses ([`Unavailable::Refuse`](crate::store::Unavailable::Refuse)) | 503, handler not run |
//!
//! The guarantee is **at most once per `event_id` while its record is kept**: two replicas
//! never both run a handler for one event, whichever gets Slack's retries. Socket Mode replicas
//! given the store ([`SocketMode::store`](crate::socket_mode::SocketMode::store)) claim events
//! through the same code and give the same guarantee, with an unacknowledged envelope in place
//! of the 503 (and "acknowledging" for "the 200" below); both transports may share one store.
//! It is not *exactly* once:
//!
//! - a replica that dies *after* acknowledging, with its handler unfinished, loses that handler's
//!   work: Slack saw the 200 and does not deliver the event again, and the record stays
//!   *processing* until the lease runs out (then nothing re-runs it);
//! - a replica that dies *after claiming but before its 200 reached Slack* leaves the claim to
//!   run out: Slack's retries meanwhile get 503, and the first retry after the lease (Slack
//!   retries about 1 and 5 minutes after the first attempt) runs the handler on whichever
//!   replica receives it;
//! - a handler still running when its lease runs out (longer than 60 s) can be started again
//!   by a retry that arrives after that: give long work a longer lease, or hand it to a queue;
//! - a record is forgotten after its keep time (1 h); a retry later than that runs again;
//! - with [`Unavailable::FallBackToLocal`](crate::store::Unavailable::FallBackToLocal) (the
//!   default), while the store is down each replica de-duplicates alone, as without a store.
//!
//! So a handler must be idempotent where a second run would do harm *and* a run can be cut short:
//! its effects should be keyed by the `event_id` or by what the event names (approving an invite
//! request that is already approved answers `invite_already_approved`: treat that as success).

use std::fmt;
use std::future::Future;
use std::io;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;

use crate::events_handler::{log_outcome, BoxFuture, Dispatched, EventsHandler, MemoryDedupe};
pub use crate::events_handler::{HandlerOutcome, DEFAULT_DEDUPE_CAPACITY, DEFAULT_DEDUPE_TTL};
use crate::generated::events::{AppRateLimited, Delivery, EventCallback};
use crate::runtime::ServerLimits;
use crate::server::BodyReadTimeout;
use crate::signing::SigningSecret;
use crate::store::{SharedDedupe, Store, Verdict, DEFAULT_DONE_KEPT, DEFAULT_LEASE};

/// The path [`Receiver::router`] serves unless [`Receiver::path`] says otherwise.
pub const DEFAULT_PATH: &str = "/slack/events";
pub use crate::signing::{NO_RETRY_HEADER, RETRY_NUM_HEADER, RETRY_REASON_HEADER};
/// The largest body read by default; Slack's deliveries are a few kilobytes.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1 << 20;

type RateLimitHandler = dyn Fn(AppRateLimited) -> BoxFuture + Send + Sync;
type Clock = dyn Fn() -> SystemTime + Send + Sync;

/// An Events API endpoint: the signing secret, the handler and how deliveries are checked.
/// Cloning it is cheap, and clones share the memory of event IDs already received.
#[derive(Clone)]
pub struct Receiver {
    secret: SigningSecret,
    handler: EventsHandler,
    on_rate_limited: Option<Arc<RateLimitHandler>>,
    clock: Arc<Clock>,
    path: String,
    max_body_bytes: usize,
    limits: ServerLimits,
    shared: Option<SharedDedupe>,
}

impl fmt::Debug for Receiver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Receiver")
            .field("secret", &self.secret)
            .field("path", &self.path)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("limits", &self.limits)
            .field("shared", &self.shared)
            .finish_non_exhaustive()
    }
}

impl Receiver {
    /// A receiver checking signatures with `secret` and running `handler` once per event.
    /// The handler is an async function or closure taking the [`EventCallback`] (its `event` is
    /// the typed [`Event`](crate::Event), `Event::Other` for types the spec does not describe)
    /// and returning `()` or a `Result<(), E: Display>`.
    pub fn new<F, Fut>(secret: SigningSecret, handler: F) -> Receiver
    where
        F: Fn(EventCallback) -> Fut + Send + Sync + 'static,
        Fut: Future + Send + 'static,
        Fut::Output: HandlerOutcome,
    {
        Receiver::with_handler(secret, EventsHandler::new(handler))
    }

    /// A receiver running an [`EventsHandler`] built beforehand: the same value
    /// [`SocketMode`](crate::socket_mode::SocketMode) takes, de-dup store included.
    pub fn with_handler(secret: SigningSecret, handler: EventsHandler) -> Receiver {
        Receiver {
            secret,
            handler,
            on_rate_limited: None,
            clock: Arc::new(SystemTime::now),
            path: DEFAULT_PATH.to_owned(),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            limits: ServerLimits::default(),
            shared: None,
        }
    }

    /// Serves deliveries at `path` instead of [`DEFAULT_PATH`].
    #[must_use]
    pub fn path(mut self, path: impl Into<String>) -> Receiver {
        self.path = path.into();
        if !self.path.starts_with('/') {
            self.path.insert(0, '/');
        }
        self
    }

    /// Runs `callback` (in a spawned task) on each `app_rate_limited` delivery, which Slack
    /// sends while it drops this app's events.
    #[must_use]
    pub fn on_rate_limited<F, Fut>(mut self, callback: F) -> Receiver
    where
        F: Fn(AppRateLimited) -> Fut + Send + Sync + 'static,
        Fut: Future + Send + 'static,
        Fut::Output: HandlerOutcome,
    {
        self.on_rate_limited = Some(Arc::new(move |notice| {
            let future = callback(notice);
            Box::pin(async move { future.await.into_result() })
        }));
        self
    }

    /// Reads the time from `clock` instead of the system clock, for the five-minute window
    /// (tests, or a host whose clock is known to be off).
    #[must_use]
    pub fn clock(mut self, clock: impl Fn() -> SystemTime + Send + Sync + 'static) -> Receiver {
        self.clock = Arc::new(clock);
        self
    }

    /// Remembers at most `capacity` event IDs (the oldest are forgotten first), each for at
    /// most `ttl`; a retry arriving after its event was forgotten runs the handler again.
    /// Defaults: [`DEFAULT_DEDUPE_CAPACITY`], [`DEFAULT_DEDUPE_TTL`].
    #[must_use]
    pub fn dedupe(mut self, capacity: usize, ttl: Duration) -> Receiver {
        self.handler = self.handler.dedupe(MemoryDedupe::new(capacity, ttl));
        self
    }

    /// De-duplicates events across every receiver sharing `store` (replicas behind a load
    /// balancer), instead of in this process's memory: see [the guarantee](self#across-replicas).
    /// An event is claimed for `lease` (default [`DEFAULT_LEASE`]) when its handler starts and
    /// recorded as done for `keep` (default [`DEFAULT_DONE_KEPT`]) when it ends.
    #[must_use]
    pub fn store(mut self, store: Arc<dyn Store>, lease: Duration, keep: Duration) -> Receiver {
        self.shared = Some(SharedDedupe::new(store, lease, keep));
        self
    }

    /// [`store`](Self::store) with the default lease and keep times.
    #[must_use]
    pub fn shared_store(self, store: Arc<dyn Store>) -> Receiver {
        self.store(store, DEFAULT_LEASE, DEFAULT_DONE_KEPT)
    }

    /// Refuses bodies over `bytes` with 413. Default: [`DEFAULT_MAX_BODY_BYTES`].
    #[must_use]
    pub fn max_body_bytes(mut self, bytes: usize) -> Receiver {
        self.max_body_bytes = bytes;
        self
    }

    /// Serves with these read deadlines and connection cap (see [`ServerLimits`]; defaults:
    /// 10 s for a request head, 10 s for a body, 512 connections). They apply to
    /// [`Receiver::serve`] and [`Receiver::serve_on`]; a [`Receiver::router`] mounted in your own
    /// server gets that server's limits (serve it with [`crate::server::serve`] for these).
    #[must_use]
    pub fn limits(mut self, limits: ServerLimits) -> Receiver {
        self.limits = limits;
        self
    }

    /// The path deliveries are served at.
    pub fn served_path(&self) -> &str {
        &self.path
    }

    /// An axum router serving `POST` at the receiver's path, to `merge` into an app (or
    /// `nest`, with the path set to `/`).
    pub fn router(&self) -> Router {
        Router::new()
            .route(&self.path, post(receive))
            .with_state(Arc::new(self.clone()))
    }

    /// Serves deliveries at `address` (e.g. `"0.0.0.0:3000"`) until the process ends.
    pub async fn serve(self, address: impl tokio::net::ToSocketAddrs) -> io::Result<()> {
        let listener = tokio::net::TcpListener::bind(address).await?;
        self.serve_on(listener, std::future::pending()).await
    }

    /// Serves deliveries on `listener` until `shutdown` completes, then finishes the requests
    /// in flight (handlers already spawned keep running on the runtime), with the receiver's
    /// [`ServerLimits`].
    pub async fn serve_on(
        self,
        listener: tokio::net::TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> io::Result<()> {
        if let Ok(address) = listener.local_addr() {
            tracing::info!(%address, path = %self.path, "receiving Slack events");
        }
        let router = self.router();
        crate::server::serve(listener, router, self.limits, shutdown).await
    }

    /// Decides what one request gets; see the module documentation.
    async fn handle(&self, headers: &HeaderMap, body: Body) -> Response {
        let body: Bytes = match to_bytes(body, self.max_body_bytes).await {
            Ok(body) => body,
            Err(error) if BodyReadTimeout::is_in(&error) => {
                tracing::warn!(reason = %error, "refused an Events API request: body too slow");
                return StatusCode::REQUEST_TIMEOUT.into_response();
            }
            Err(error) => {
                tracing::warn!(
                    limit = self.max_body_bytes,
                    reason = %error,
                    "refused an Events API request: body too large or unreadable"
                );
                return StatusCode::PAYLOAD_TOO_LARGE.into_response();
            }
        };
        if self.secret.is_empty() {
            // Anyone can sign with an empty key: refuse rather than accept forgeries.
            tracing::warn!("refused an Events API request: the receiver's signing secret is empty");
            return StatusCode::UNAUTHORIZED.into_response();
        }
        if let Err(error) = self.secret.verify_headers(headers, &body, (self.clock)()) {
            tracing::warn!(reason = %error, "refused an Events API request: bad signature");
            return StatusCode::UNAUTHORIZED.into_response();
        }
        let delivery = match decode(&body) {
            Ok(delivery) => delivery,
            Err(reason) => {
                tracing::warn!(%reason, "refused an Events API request: not a delivery");
                return (
                    StatusCode::BAD_REQUEST,
                    [(NO_RETRY_HEADER, HeaderValue::from_static("1"))],
                )
                    .into_response();
            }
        };
        let retry = Retry::of(headers);
        match delivery {
            Delivery::UrlVerification(verification) => {
                tracing::info!("answered Slack's url_verification challenge");
                (
                    [(
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("text/plain; charset=utf-8"),
                    )],
                    verification.challenge,
                )
                    .into_response()
            }
            Delivery::EventCallback(delivery) => match &self.shared {
                Some(shared) => self.dispatch_shared(shared, delivery, &retry).await,
                None => {
                    self.dispatch(delivery, &retry);
                    StatusCode::OK.into_response()
                }
            },
            Delivery::AppRateLimited(notice) => {
                tracing::warn!(
                    team_id = %notice.team_id,
                    minute_rate_limited = notice.minute_rate_limited,
                    "Slack is dropping this app's events (app_rate_limited)"
                );
                if let Some(callback) = &self.on_rate_limited {
                    spawn_logged(callback(notice), "app_rate_limited", None);
                }
                StatusCode::OK.into_response()
            }
            Delivery::Other(value) => {
                let kind = value.get("type").and_then(|t| t.as_str()).unwrap_or("");
                tracing::info!(delivery_type = kind, "ignored a delivery of unknown type");
                StatusCode::OK.into_response()
            }
        }
    }

    /// Spawns the handler for `delivery`, unless its event was already received.
    fn dispatch(&self, delivery: EventCallback, retry: &Retry) {
        let event_id = delivery.event_id.clone();
        let event_type = delivery.event.event_type().to_owned();
        let team_id = delivery.team_id.clone();
        match self.handler.dispatch(delivery) {
            Dispatched::Duplicate => tracing::info!(
                event_id = %event_id,
                event_type,
                retry_num = retry.num.as_deref(),
                retry_reason = retry.reason.as_deref(),
                "acknowledged a repeated delivery; its handler already ran"
            ),
            _ => tracing::debug!(
                event_id = %event_id,
                event_type,
                team_id = %team_id,
                retry_num = retry.num.as_deref(),
                retry_reason = retry.reason.as_deref(),
                "event received"
            ),
        }
    }
}

impl Receiver {
    /// Claims `delivery` in the shared store through the handler (which runs it, then records
    /// it done, when the claim is ours), and answers 503 while another replica holds it or the
    /// store refuses.
    async fn dispatch_shared(
        &self,
        shared: &SharedDedupe,
        delivery: EventCallback,
        retry: &Retry,
    ) -> Response {
        let event_type = delivery.event.event_type().to_owned();
        let team = delivery.team_id.to_string();
        let event_id = delivery.event_id.clone();
        let retry_num = retry.num.as_deref();
        match self.handler.dispatch_claimed(shared, delivery).await {
            Verdict::Run => {
                tracing::debug!(%event_id, event_type, team_id = %team, retry_num, "event claimed");
                StatusCode::OK.into_response()
            }
            Verdict::AlreadyDone => {
                tracing::info!(%event_id, event_type, retry_num, "acknowledged a repeated delivery; its handler already ran");
                StatusCode::OK.into_response()
            }
            Verdict::Busy => {
                tracing::info!(%event_id, event_type, retry_num, "refused a repeated delivery with 503: its handler is running on another replica");
                StatusCode::SERVICE_UNAVAILABLE.into_response()
            }
            Verdict::StoreUnavailable(reason) => {
                tracing::warn!(%event_id, event_type, %reason, "refused a delivery with 503: the shared store is unavailable");
                StatusCode::SERVICE_UNAVAILABLE.into_response()
            }
        }
    }
}

/// Runs a callback's future in its own task, logging an error or a panic.
fn spawn_logged(future: BoxFuture, what: &str, event_id: Option<String>) {
    let what = what.to_owned();
    tokio::spawn(async move { log_outcome(future, &what, event_id.as_deref()).await });
}

async fn receive(
    State(receiver): State<Arc<Receiver>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    receiver.handle(&headers, body).await
}

/// Decodes a verified body, with a reason fit for the log when it is not a delivery: the
/// verification token, if the body has one, is blanked out of the decoder's message.
fn decode(body: &[u8]) -> Result<Delivery, String> {
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|error| format!("not JSON: {error}"))?;
    let token = value
        .get("token")
        .and_then(|t| t.as_str())
        .filter(|t| !t.is_empty())
        .map(str::to_owned);
    Delivery::from_value(value).map_err(|error| {
        let reason = error.to_string();
        match token {
            Some(token) => reason.replace(&token, "[redacted]"),
            None => reason,
        }
    })
}

/// Slack's retry headers, for the log.
struct Retry {
    num: Option<String>,
    reason: Option<String>,
}

impl Retry {
    fn of(headers: &HeaderMap) -> Retry {
        let text = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.chars().take(40).collect::<String>())
        };
        Retry {
            num: text(RETRY_NUM_HEADER),
            reason: text(RETRY_REASON_HEADER),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_errors_do_not_echo_the_token() {
        let body = br#"{"type":"event_callback","token":"TOPSECRETTOKEN","team_id":"T1",
            "api_app_id":"A1","event_id":"Ev1","event":{"type":"x"},"event_time":"TOPSECRETTOKEN"}"#;
        let reason = decode(body).unwrap_err();
        assert!(reason.contains("[redacted]"), "{reason}");
        assert!(!reason.contains("TOPSECRETTOKEN"), "{reason}");
        assert!(decode(b"not json").unwrap_err().starts_with("not JSON"));
    }
}
