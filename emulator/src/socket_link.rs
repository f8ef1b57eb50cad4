//! The Socket Mode WebSocket endpoint, `GET /link/?ticket=...`: the URL `apps.connections.open`
//! hands out, usable once. A connection gets `hello`, then the envelopes the hub gives it; its
//! acknowledgements go back to the hub. Past its lifetime (emulated) it gets `warning`, then
//! `refresh_requested`, and is closed shortly after.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use slack_connect::objects::{SocketConnectionInfo, SocketDebugInfo};
use slack_connect::socket_frames::{Acknowledgement, DisconnectReason, Frame, Hello};

use crate::context::Context;
use crate::socket_hub::{disconnect_frame, Out, SocketHub, HOST};
use crate::state::APP_ID;

/// The path of the WebSocket endpoint.
pub(crate) const LINK_PATH: &str = "/link/";
/// How long after `refresh_requested` a connection is closed, in emulated seconds.
const CLOSE_GRACE_SECONDS: u64 = 10;
/// The largest frame read from the app; acknowledgements are tiny.
const MAX_FRAME_BYTES: usize = 64 * 1024;

pub(crate) fn routes() -> Router<Arc<Context>> {
    Router::new().route(LINK_PATH, get(link))
}

#[derive(Deserialize)]
struct LinkQuery {
    #[serde(default)]
    ticket: String,
}

async fn link(
    State(context): State<Arc<Context>>,
    query: Result<Query<LinkQuery>, axum::extract::rejection::QueryRejection>,
    upgrade: Result<WebSocketUpgrade, axum::extract::ws::rejection::WebSocketUpgradeRejection>,
) -> Response {
    let Ok(upgrade) = upgrade else {
        return (StatusCode::BAD_REQUEST, "expected a WebSocket upgrade").into_response();
    };
    let ticket = query.map(|q| q.0.ticket).unwrap_or_default();
    if !context.state.lock().take_socket_ticket(&ticket) {
        tracing::warn!("refused a Socket Mode connection: unknown or used ticket");
        return (StatusCode::UNAUTHORIZED, "invalid or expired ticket").into_response();
    }
    let hub = context.socket.clone();
    upgrade
        .max_message_size(MAX_FRAME_BYTES)
        .on_upgrade(move |socket| serve(hub, socket))
}

async fn serve(hub: Arc<SocketHub>, mut socket: WebSocket) {
    let (id, count, mut outbox) = match hub.register() {
        Ok(registered) => registered,
        Err(_) => {
            let reason = DisconnectReason::TooManyWebsockets;
            hub.count_disconnect(&reason);
            let _ = socket
                .send(Message::Text(disconnect_frame(&reason).into()))
                .await;
            let _ = socket.send(Message::Close(None)).await;
            return;
        }
    };
    let lifetime = hub.settings.lifetime;
    let hello = Hello::new()
        .num_connections(i64::try_from(count).unwrap_or(i64::MAX))
        .debug_info(
            SocketDebugInfo::new()
                .host(HOST)
                .approximate_connection_time(i64::try_from(lifetime.as_secs()).unwrap_or(i64::MAX)),
        )
        .connection_info(SocketConnectionInfo::new(APP_ID));
    let hello = Frame::Hello(hello)
        .to_value()
        .map(|v| v.to_string())
        .unwrap_or_default();
    if socket.send(Message::Text(hello.into())).await.is_err() {
        hub.unregister(id);
        return;
    }
    hub.ready(id);
    let refresh_at = tokio::time::Instant::now() + hub.real(lifetime);
    let refresh = tokio::time::sleep_until(refresh_at);
    tokio::pin!(refresh);
    let mut stage = 0u8;
    let silent = loop {
        tokio::select! {
            () = &mut refresh => {
                // warning, then refresh_requested, then closed.
                let (reason, next) = match stage {
                    0 => (Some(DisconnectReason::Warning), CLOSE_GRACE_SECONDS / 2),
                    1 => (Some(DisconnectReason::RefreshRequested), CLOSE_GRACE_SECONDS),
                    _ => (None, 0),
                };
                stage += 1;
                match reason {
                    Some(reason) => {
                        hub.disconnect(id, &reason);
                        let wait = hub.real(Duration::from_secs(next));
                        refresh.as_mut().reset(tokio::time::Instant::now() + wait);
                    }
                    None => {
                        let _ = socket.send(Message::Close(None)).await;
                        break false;
                    }
                }
            }
            out = outbox.recv() => match out {
                Some(Out::Text(text)) => {
                    if socket.send(Message::Text(text.into())).await.is_err() {
                        break false;
                    }
                }
                Some(Out::Close) | None => {
                    let _ = socket.send(Message::Close(None)).await;
                    break false;
                }
                Some(Out::Abrupt) => break false,
                Some(Out::Silent) => break true,
            },
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Text(text))) => {
                    match serde_json::from_str::<Acknowledgement>(text.as_str()) {
                        Ok(ack) => hub.acknowledge(ack.envelope_id),
                        Err(error) => tracing::warn!(%error, "ignored a frame from the app that is not an acknowledgement"),
                    }
                }
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break false,
                Some(Ok(_)) => {}
            },
        }
    };
    if silent {
        // Half-open: hold the connection without reading or writing, so pings go unanswered;
        // the hub keeps handing it envelopes (lost, then redelivered) until it notices.
        tracing::info!(connection = id, "Socket Mode connection silently dropped");
        tokio::time::sleep(Duration::from_secs(120)).await;
        drop(outbox);
        drop(socket);
    }
    hub.unregister(id);
}
