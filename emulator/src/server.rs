//! The running emulator: the handle tests hold, the router, and the `/api/<method>` handler
//! that applies injected faults around the method pipeline.

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::config::EmulatorConfig;
use crate::context::Context;
use crate::control::{self, ControlError, NewInviteRequest};
use crate::delivery::{Deliveries, DeliveryReport};
use crate::events::EventSubscription;
use crate::faults::{Fault, Faults};
use crate::listener::{KillableListener, Peer};
use crate::methods::{self, Entry};
use crate::ratelimit::RateLimiter;
use crate::reply::{raw_response, Common, Reply};
use crate::socket_hub::{SocketFault, SocketHub, SocketModeReport, SocketSettings};
use crate::socket_link::LINK_PATH;
use crate::state::{Clock, Shared};
use crate::transport::Incoming;
use crate::world::World;

/// The largest request body read; a bigger one is refused as Slack refuses truncated posts.
const MAX_BODY_BYTES: usize = 1 << 20;

/// A running emulator on 127.0.0.1. It stops on [`Emulator::shutdown`] or when dropped.
#[derive(Debug)]
pub struct Emulator {
    addr: SocketAddr,
    world: World,
    context: Arc<Context>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
    worker: Option<JoinHandle<()>>,
}

impl Emulator {
    /// Starts an emulator with the default world on a free port.
    pub async fn start() -> io::Result<Emulator> {
        Emulator::start_with(EmulatorConfig::default()).await
    }

    /// Starts an emulator with `config`. Fails if the world refers to things it does not
    /// define, or the port cannot be bound.
    pub async fn start_with(config: EmulatorConfig) -> io::Result<Emulator> {
        config
            .world
            .check()
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
        let tcp = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, config.port)).await?;
        let listener = KillableListener(tcp);
        let addr = listener.socket_addr()?;
        let clock = Arc::new(Clock::new(config.scale()));
        let state = Shared::new(config.world.clone(), clock.clone(), config.state_limits);
        let (deliveries, work) = Deliveries::new(clock.clone(), config.emulated_second());
        let socket = Arc::new(SocketHub::new(
            clock.clone(),
            SocketSettings {
                lifetime: config.socket_lifetime,
                refresh_every: config.socket_refresh_every,
            },
        ));
        state.lock().socket_link = format!("ws://{addr}{LINK_PATH}");
        let context = Arc::new(Context {
            state,
            limiter: RateLimiter::new(config.rate_limits, clock),
            faults: Faults::default(),
            deliveries,
            socket: socket.clone(),
        });
        context
            .subscribe(config.events.clone())
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e.to_string()))?;
        let worker = tokio::spawn(async move {
            tokio::join!(work, socket.work());
        });
        let app = router(context.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        let limits = config.limits;
        let task = tokio::spawn(async move {
            let stopped = async {
                let _ = stopped.await;
            };
            if let Err(error) = slack_connect::server::serve(listener, app, limits, stopped).await {
                tracing::error!(%error, "emulator server stopped");
            }
        });
        tracing::info!(%addr, "emulator listening");
        Ok(Emulator {
            addr,
            world: config.world,
            context,
            stop: Some(stop),
            task: Some(task),
            worker: Some(worker),
        })
    }

    /// The Web API base URL, e.g. `http://127.0.0.1:PORT/api/`; append a method name.
    pub fn base_url(&self) -> String {
        format!("http://{}/api/", self.addr)
    }

    /// The socket address the emulator listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The seeded world (tokens, IDs, ...).
    pub fn world(&self) -> &World {
        &self.world
    }

    /// Creates an invite request (members make these in Slack's client, not through the API)
    /// and returns its ID, for `conversations.requestSharedInvite.*` to list and review.
    pub fn create_invite_request(&self, request: NewInviteRequest) -> Result<String, ControlError> {
        control::create_invite_request(&self.context, request)
    }

    /// Makes the next `times` calls of `method` (a wire name) fail with `fault`.
    pub fn inject_fault(&self, method: &str, fault: Fault, times: u32) -> Result<(), ControlError> {
        control::inject_fault(&self.context, method, fault, times)
    }

    /// Forgets every injected fault not yet applied.
    pub fn clear_faults(&self) {
        self.context.faults.clear();
    }

    /// Moves the emulator's clock forward, e.g. past an invite request's expiry or to the end
    /// of a rate-limit window.
    pub fn advance_clock(&self, by: Duration) {
        self.context.state.lock().advance_clock(by);
    }

    /// The emulator's time, in Unix seconds.
    pub fn now(&self) -> i64 {
        self.context.state.lock().now()
    }

    /// Delivers Events API events to `subscription` from now on (replacing any earlier one):
    /// the emulator's equivalent of saving a Request URL in Slack's app settings.
    pub fn subscribe_events(&self, subscription: EventSubscription) -> Result<(), ControlError> {
        self.context.subscribe(Some(subscription))
    }

    /// Stops delivering events (deliveries already under way still finish their retries).
    pub fn unsubscribe_events(&self) {
        let _ = self.context.subscribe(None);
    }

    /// Sends the subscription's request URL a signed `url_verification` request, as Slack does
    /// when the URL is saved, and checks that it answers with the challenge.
    pub async fn verify_request_url(&self) -> Result<(), String> {
        self.context.verify_request_url().await
    }

    /// What happened to every event delivery so far, oldest first.
    pub fn deliveries(&self) -> Vec<DeliveryReport> {
        self.context.deliveries.reports()
    }

    /// Waits until every delivery has succeeded or given up (retries included).
    pub async fn deliveries_settled(&self) {
        self.context.deliveries.settled().await;
    }

    /// Socket Mode: applies `fault` now (to the next connection in turn, or to the next
    /// acknowledgements); fails when no connection is open.
    pub fn inject_socket_fault(&self, fault: SocketFault) -> Result<(), ControlError> {
        self.context
            .socket
            .inject(fault)
            .map_err(ControlError::SocketMode)
    }

    /// Socket Mode: sends a `disconnect` frame with `reason` (e.g. `warning`,
    /// `refresh_requested`, `link_disabled`) on every usable connection; returns how many.
    pub fn socket_disconnect(
        &self,
        reason: &slack_connect::socket_frames::DisconnectReason,
    ) -> usize {
        self.context.socket.disconnect_all(reason)
    }

    /// Socket Mode: asks for a refresh after every `envelopes` envelopes (`None`: never).
    pub fn socket_refresh_every(&self, envelopes: Option<u32>) {
        self.context.socket.refresh_every(envelopes);
    }

    /// Socket Mode: what happened on the app's WebSockets so far.
    pub fn socket_mode_report(&self) -> SocketModeReport {
        self.context.socket.report()
    }

    /// Socket Mode: waits until every envelope was acknowledged or given up on.
    pub async fn socket_settled(&self) {
        self.context.socket.settled().await;
    }

    /// Stops accepting connections and waits (briefly) for calls in flight to finish; pending
    /// event deliveries are abandoned.
    pub async fn shutdown(mut self) {
        if let Some(worker) = self.worker.take() {
            worker.abort();
        }
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take() {
            if tokio::time::timeout(Duration::from_secs(5), &mut task)
                .await
                .is_err()
            {
                task.abort();
            }
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(worker) = self.worker.take() {
            worker.abort();
        }
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

fn router(context: Arc<Context>) -> Router {
    Router::new()
        .route("/api", any(api))
        .route("/api/", any(api))
        .route("/api/{*method}", any(api))
        .merge(crate::control_routes::routes())
        .merge(crate::socket_link::routes())
        .with_state(context)
}

/// `/api/<method>`: faults first, then the method pipeline.
async fn api(
    State(context): State<Arc<Context>>,
    ConnectInfo(peer): ConnectInfo<Peer>,
    verb: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let path = uri.path();
    let name = path
        .strip_prefix("/api/")
        .or_else(|| path.strip_prefix("/api"))
        .unwrap_or("");
    let Some(entry) = methods::lookup(name) else {
        return unknown_method(name);
    };
    let fault = context.faults.take(entry.meta.name);
    if let Some(response) = fault.as_ref().and_then(|f| early_fault(entry, f, &peer)) {
        return response;
    }
    if let Some(Fault::Delay { millis }) = fault {
        tokio::time::sleep(Duration::from_millis(millis)).await;
    }
    let body = match to_bytes(body, MAX_BODY_BYTES).await {
        Ok(bytes) => bytes.to_vec(),
        Err(_) => return Reply::failure((entry.common)(Common::RequestTimeout)).into_response(),
    };
    let incoming = Incoming {
        verb,
        headers,
        query: uri.query().map(str::to_owned),
        body,
    };
    let reply = (entry.run)(&context, &incoming);
    tracing::debug!(
        method = entry.meta.name,
        status = reply.status.as_u16(),
        error = reply.body.get("error").and_then(|e| e.as_str()),
        "api call"
    );
    match fault {
        Some(Fault::MalformedBody) => raw_response(
            StatusCode::OK,
            None,
            "text/html; charset=utf-8",
            b"<html><body>502 Bad Gateway</body></html>".to_vec(),
        ),
        Some(Fault::TruncatedBody) => {
            let mut bytes = reply.body_bytes();
            bytes.truncate(bytes.len() / 2);
            raw_response(
                reply.status,
                reply.retry_after,
                "application/json; charset=utf-8",
                bytes,
            )
        }
        _ => reply.into_response(),
    }
}

/// A fault that answers without running the method, if `fault` is one.
fn early_fault(entry: &Entry, fault: &Fault, peer: &Peer) -> Option<Response> {
    match fault {
        Fault::CloseConnection => {
            peer.close_connection();
            Some(StatusCode::OK.into_response())
        }
        Fault::RateLimited { retry_after } => Some(
            Reply::failure((entry.common)(Common::Ratelimited))
                .throttled(*retry_after)
                .into_response(),
        ),
        Fault::ServerError { status } => {
            let error = if *status == StatusCode::SERVICE_UNAVAILABLE.as_u16() {
                Common::ServiceUnavailable
            } else {
                Common::InternalError
            };
            let status = StatusCode::from_u16(*status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            Some(
                Reply::failure((entry.common)(error))
                    .with_status(status)
                    .into_response(),
            )
        }
        Fault::Delay { .. } | Fault::MalformedBody | Fault::TruncatedBody => None,
    }
}

/// Slack's answer to a method it does not have: HTTP 404 and `unknown_method`. No method's
/// error enum applies, so this is the one code written here by hand.
fn unknown_method(name: &str) -> Response {
    let body = serde_json::json!({
        "ok": false,
        "error": "unknown_method",
        "req_method": name,
    });
    raw_response(
        StatusCode::NOT_FOUND,
        None,
        "application/json; charset=utf-8",
        body.to_string().into_bytes(),
    )
}
