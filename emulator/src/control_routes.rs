//! The `/emulator/...` HTTP endpoints, for tests and tools that drive the emulator over HTTP:
//!
//! - `POST /emulator/invite_requests` with a [`NewInviteRequest`] as JSON: creates an invite
//!   request; answers `{"ok": true, "invite_id": "I..."}`;
//! - `POST /emulator/faults` with `{"method": "...", "fault": {"type": ...}, "times": N}`
//!   (`times` defaults to 1); `DELETE /emulator/faults` clears them;
//! - `POST /emulator/clock` with `{"advance_seconds": N}`; `GET /emulator/clock`: `{"now": ...}`;
//! - `GET /emulator/world`: the seeded world as JSON;
//! - `POST /emulator/events` with `{"request_url": "...", "signing_secret": "...",
//!   "ack_timeout_millis": N}` (the timeout is optional): delivers events there from now on;
//!   `DELETE /emulator/events` stops; `GET /emulator/events`: the request URL and a report of
//!   every delivery (never the secret); `POST /emulator/events/url_verification`: sends the
//!   request URL Slack's `url_verification` challenge and says whether it was answered.
//! - `POST /emulator/socket_mode/faults` with `{"fault": {"type": "silent_drop"}}` (or
//!   `abrupt_close`, `malformed_frame`, `unknown_envelope`, `delay_acks` with `millis` and
//!   `times`): applies a Socket Mode fault now; `POST /emulator/socket_mode/disconnect` with
//!   `{"reason": "refresh_requested"}`: sends that `disconnect` on every open connection;
//!   `POST /emulator/socket_mode/refresh_every` with `{"envelopes": 50}` (or `null`);
//!   `GET /emulator/socket_mode`: the Socket Mode report.
//!
//! Refusals are HTTP 400 with `{"ok": false, "error": "<reason>"}`. An argument outside the
//! emulator's [limits](crate::limits) is `{"ok": false, "error": "invalid_arguments",
//! "argument": "<name>", "response_metadata": {"messages": ["[ERROR] ..."]}}`, and a request
//! that would hold more than they allow is `"error": "limit_reached"`, with the reason in
//! `response_metadata.messages`. Bodies over [`MAX_CONTROL_BODY_BYTES`] are refused.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

use slack_connect::signing::SigningSecret;
use slack_connect::socket_frames::DisconnectReason;

use crate::context::Context;
use crate::control::{self, ControlError, NewInviteRequest};
use crate::events::EventSubscription;
use crate::faults::Fault;
use crate::limits::{
    MAX_ACK_TIMEOUT, MAX_CLOCK_ADVANCE_SECONDS, MAX_CONTROL_BODY_BYTES, MAX_REQUEST_URL_BYTES,
    MAX_SIGNING_SECRET_BYTES,
};
use crate::reply::{control_refusal, Common};
use crate::socket_hub::SocketFault;

pub(crate) fn routes() -> Router<Arc<Context>> {
    Router::new()
        .route("/emulator/invite_requests", post(create_invite_request))
        .route("/emulator/faults", post(inject_fault).delete(clear_faults))
        .route("/emulator/clock", get(clock).post(advance_clock))
        .route("/emulator/world", get(world))
        .route(
            "/emulator/events",
            post(subscribe).delete(unsubscribe).get(deliveries),
        )
        .route(
            "/emulator/events/url_verification",
            post(verify_request_url),
        )
        .route("/emulator/socket_mode", get(socket_report))
        .route("/emulator/socket_mode/faults", post(socket_fault))
        .route("/emulator/socket_mode/disconnect", post(socket_disconnect))
        .route(
            "/emulator/socket_mode/refresh_every",
            post(socket_refresh_every),
        )
}

async fn socket_report(State(context): State<Arc<Context>>) -> Json<Value> {
    let report = serde_json::to_value(context.socket.report()).unwrap_or(Value::Null);
    Json(json!({ "ok": true, "socket_mode": report }))
}

#[derive(Deserialize)]
struct SocketFaultBody {
    fault: SocketFault,
}

async fn socket_fault(State(context): State<Arc<Context>>, body: Body) -> Response {
    let request: SocketFaultBody = match parse(body).await {
        Ok(request) => request,
        Err(response) => return *response,
    };
    match context.socket.inject(request.fault) {
        Ok(()) => Json(json!({ "ok": true })).into_response(),
        Err(error) => refused(&error),
    }
}

#[derive(Deserialize)]
struct DisconnectBody {
    reason: String,
}

async fn socket_disconnect(State(context): State<Arc<Context>>, body: Body) -> Response {
    let request: DisconnectBody = match parse(body).await {
        Ok(request) => request,
        Err(response) => return *response,
    };
    let reason = DisconnectReason::from_code(&request.reason);
    let connections = context.socket.disconnect_all(&reason);
    Json(json!({ "ok": true, "disconnected": connections })).into_response()
}

#[derive(Deserialize)]
struct RefreshEveryBody {
    envelopes: Option<u32>,
}

async fn socket_refresh_every(State(context): State<Arc<Context>>, body: Body) -> Response {
    let request: RefreshEveryBody = match parse(body).await {
        Ok(request) => request,
        Err(response) => return *response,
    };
    context.socket.refresh_every(request.envelopes);
    Json(json!({ "ok": true })).into_response()
}

#[derive(Deserialize)]
struct SubscribeBody {
    request_url: String,
    signing_secret: String,
    #[serde(default)]
    ack_timeout_millis: Option<u64>,
}

async fn subscribe(State(context): State<Arc<Context>>, body: Body) -> Response {
    let request: SubscribeBody = match parse(body).await {
        Ok(request) => request,
        Err(response) => return *response,
    };
    if request.request_url.len() > MAX_REQUEST_URL_BYTES {
        return out_of_range(
            "request_url",
            format!("longer than {MAX_REQUEST_URL_BYTES} bytes"),
        );
    }
    if request.signing_secret.len() > MAX_SIGNING_SECRET_BYTES {
        return out_of_range(
            "signing_secret",
            format!("longer than {MAX_SIGNING_SECRET_BYTES} bytes"),
        );
    }
    if let Some(millis) = request
        .ack_timeout_millis
        .filter(|m| u128::from(*m) > MAX_ACK_TIMEOUT.as_millis())
    {
        return out_of_range(
            "ack_timeout_millis",
            format!(
                "{millis} is over the longest, {} ms",
                MAX_ACK_TIMEOUT.as_millis()
            ),
        );
    }
    let mut subscription = EventSubscription::new(
        request.request_url,
        SigningSecret::new(request.signing_secret),
    );
    if let Some(millis) = request.ack_timeout_millis {
        subscription = subscription.ack_timeout(Duration::from_millis(millis));
    }
    match context.subscribe(Some(subscription)) {
        Ok(()) => Json(json!({ "ok": true })).into_response(),
        Err(error) => control_error(&error),
    }
}

async fn unsubscribe(State(context): State<Arc<Context>>) -> Json<Value> {
    let _ = context.subscribe(None);
    Json(json!({ "ok": true }))
}

async fn deliveries(State(context): State<Arc<Context>>) -> Json<Value> {
    let request_url = context.deliveries.subscription().map(|s| s.request_url);
    let reports = serde_json::to_value(context.deliveries.reports()).unwrap_or(Value::Null);
    Json(json!({ "ok": true, "request_url": request_url, "deliveries": reports }))
}

async fn verify_request_url(State(context): State<Arc<Context>>) -> Json<Value> {
    match context.verify_request_url().await {
        Ok(()) => Json(json!({ "ok": true })),
        Err(error) => Json(json!({ "ok": false, "error": error })),
    }
}

async fn create_invite_request(State(context): State<Arc<Context>>, body: Body) -> Response {
    let new: NewInviteRequest = match parse(body).await {
        Ok(new) => new,
        Err(response) => return *response,
    };
    match control::create_invite_request(&context, new) {
        Ok(id) => Json(json!({ "ok": true, "invite_id": id })).into_response(),
        Err(error) => control_error(&error),
    }
}

#[derive(Deserialize)]
struct FaultBody {
    method: String,
    fault: Fault,
    #[serde(default = "once")]
    times: u32,
}

fn once() -> u32 {
    1
}

async fn inject_fault(State(context): State<Arc<Context>>, body: Body) -> Response {
    let request: FaultBody = match parse(body).await {
        Ok(request) => request,
        Err(response) => return *response,
    };
    match control::inject_fault(&context, &request.method, request.fault, request.times) {
        Ok(()) => Json(json!({ "ok": true })).into_response(),
        Err(error) => control_error(&error),
    }
}

async fn clear_faults(State(context): State<Arc<Context>>) -> Json<Value> {
    context.faults.clear();
    Json(json!({ "ok": true }))
}

#[derive(Deserialize)]
struct AdvanceBody {
    advance_seconds: u64,
}

async fn advance_clock(State(context): State<Arc<Context>>, body: Body) -> Response {
    let request: AdvanceBody = match parse(body).await {
        Ok(request) => request,
        Err(response) => return *response,
    };
    if request.advance_seconds > MAX_CLOCK_ADVANCE_SECONDS {
        return out_of_range(
            "advance_seconds",
            format!(
                "{} is over the furthest move, {MAX_CLOCK_ADVANCE_SECONDS}",
                request.advance_seconds
            ),
        );
    }
    let mut state = context.state.lock();
    state.advance_clock(Duration::from_secs(request.advance_seconds));
    Json(json!({ "ok": true, "now": state.now() })).into_response()
}

async fn clock(State(context): State<Arc<Context>>) -> Json<Value> {
    Json(json!({ "ok": true, "now": context.state.lock().now() }))
}

async fn world(State(context): State<Arc<Context>>) -> Json<Value> {
    let world = serde_json::to_value(&context.state.lock().world).unwrap_or(Value::Null);
    Json(json!({ "ok": true, "world": world }))
}

/// Reads a JSON body of at most [`MAX_CONTROL_BODY_BYTES`].
async fn parse<T: DeserializeOwned>(body: Body) -> Result<T, Box<Response>> {
    let bytes = to_bytes(body, MAX_CONTROL_BODY_BYTES).await.map_err(|_| {
        Box::new(refused(&format!(
            "the body is unreadable or larger than {MAX_CONTROL_BODY_BYTES} bytes"
        )))
    })?;
    serde_json::from_slice(&bytes)
        .map_err(|e| Box::new(refused(&format!("invalid JSON body: {e}"))))
}

/// The answer to a refused control request.
fn control_error(error: &ControlError) -> Response {
    match error {
        ControlError::OutOfRange { argument, why } => out_of_range(argument, why.clone()),
        ControlError::LimitReached { .. } => {
            control_refusal("limit_reached", None, Some(error.to_string()))
        }
        other => refused(&other.to_string()),
    }
}

/// `invalid_arguments` naming `argument`, with why in `response_metadata.messages`.
fn out_of_range(argument: &str, why: String) -> Response {
    control_refusal(
        Common::InvalidArguments.code(),
        Some(("argument", argument)),
        Some(format!("argument `{argument}` is out of range: {why}")),
    )
}

fn refused(reason: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({ "ok": false, "error": reason })),
    )
        .into_response()
}
