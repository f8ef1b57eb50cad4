//! One WebSocket connection: connect to a URL from `apps.connections.open`, acknowledge every
//! envelope as it arrives, hand events to the handler, ping, and end when Slack closes it, the
//! link goes quiet for longer than the idle timeout, or the supervisor drains it.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, oneshot, watch};
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use tracing::Instrument;

use super::frames::{self, Action, DisconnectReason, MAX_FRAME_BYTES};
use super::supervisor::Shared;
use crate::generated::events::EventCallback;
use crate::store::{SharedDedupe, Verdict};

pub(crate) type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// The longest a drained connection keeps reading before it closes.
const DRAIN_GRACE: Duration = Duration::from_secs(2);
/// A drained connection closes once nothing has arrived for this long.
const DRAIN_QUIET: Duration = Duration::from_millis(100);

/// What a connection tells its slot.
#[derive(Debug)]
pub(crate) enum Report {
    /// `hello` arrived: the connection carries envelopes now.
    Hello,
    /// Slack announced it will close the connection.
    Disconnect(DisconnectReason),
    /// The connection is over.
    Ended(Ended),
}

/// Why a connection ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Ended {
    /// Slack closed it (a close frame or the end of the stream).
    Closed,
    /// Nothing arrived within the idle timeout: a half-open link.
    Idle,
    /// Reading or writing failed.
    Failed(String),
    /// The supervisor drained it (after a replacement was up, or at shutdown).
    Drained,
}

/// Connects to `url` (single-use; never logged: its ticket authenticates the connection).
pub(crate) async fn connect(url: &str, timeout: Duration) -> Result<Socket, String> {
    let config = WebSocketConfig::default()
        .max_message_size(Some(MAX_FRAME_BYTES))
        .max_frame_size(Some(MAX_FRAME_BYTES));
    // Nagle off: acknowledgements are small and must not wait for a delayed ACK.
    let connecting = tokio_tungstenite::connect_async_with_config(url, Some(config), true);
    match tokio::time::timeout(timeout, connecting).await {
        Ok(Ok((socket, _response))) => Ok(socket),
        Ok(Err(error)) => Err(redact_url(&error.to_string(), url)),
        Err(_) => Err(format!("no WebSocket handshake within {timeout:?}")),
    }
}

/// `text` with the URL (and its ticket) taken out.
fn redact_url(text: &str, url: &str) -> String {
    let mut text = text.replace(url, "[socket url]");
    if let Some((_, query)) = url.split_once('?') {
        text = text.replace(query, "[redacted]");
    }
    text
}

/// Reads `socket` until it ends; reports `hello`, `disconnect` and the end to `reports`.
pub(crate) async fn run(
    id: u64,
    socket: Socket,
    shared: std::sync::Arc<Shared>,
    reports: mpsc::UnboundedSender<(u64, Report)>,
    drain: oneshot::Receiver<()>,
    shutdown: watch::Receiver<bool>,
) {
    let span = tracing::info_span!("socket_mode_connection", connection = id);
    let ended = read_loop(id, socket, &shared, &reports, drain, shutdown)
        .instrument(span.clone())
        .await;
    span.in_scope(|| tracing::debug!(?ended, "connection ended"));
    let _ = reports.send((id, Report::Ended(ended)));
}

async fn read_loop(
    id: u64,
    socket: Socket,
    shared: &Shared,
    reports: &mpsc::UnboundedSender<(u64, Report)>,
    mut drain: oneshot::Receiver<()>,
    mut shutdown: watch::Receiver<bool>,
) -> Ended {
    let (mut sink, mut stream) = socket.split();
    let settings = &shared.settings;
    let mut ping = tokio::time::interval_at(
        Instant::now() + settings.ping_interval,
        settings.ping_interval,
    );
    let mut last_heard = Instant::now();
    let mut ping_count: u64 = 0;
    // Once drained (no new envelopes come to a connection after its `disconnect`): what is
    // still in flight is read and acknowledged until the link has been quiet for a moment,
    // then the close frame is sent.
    let mut draining: Option<Instant> = None;
    let mut drain_quiet_at = Instant::now();
    loop {
        let deadline = match draining {
            Some(hard) => hard.min(drain_quiet_at),
            None => last_heard + settings.idle_timeout,
        };
        tokio::select! {
            biased;
            _ = &mut drain, if draining.is_none() => {
                draining = Some(Instant::now() + DRAIN_GRACE);
                drain_quiet_at = Instant::now() + DRAIN_QUIET;
            }
            () = super::shutdown::stopped(&mut shutdown), if draining.is_none() => {
                draining = Some(Instant::now() + DRAIN_GRACE);
                drain_quiet_at = Instant::now() + DRAIN_QUIET;
            }
            () = tokio::time::sleep_until(deadline) => {
                if draining.is_some() {
                    close(&mut sink, &mut stream).await;
                    return Ended::Drained;
                }
                tracing::warn!(
                    idle_timeout = ?settings.idle_timeout,
                    "nothing heard on the Socket Mode connection within the idle timeout; replacing it"
                );
                shared.stats.record_idle();
                return Ended::Idle;
            }
            _ = ping.tick(), if draining.is_none() => {
                ping_count += 1;
                let payload = ping_count.to_be_bytes().to_vec();
                if let Err(error) = sink.send(Message::Ping(payload.into())).await {
                    return Ended::Failed(error.to_string());
                }
            }
            message = stream.next() => {
                last_heard = Instant::now();
                drain_quiet_at = last_heard + DRAIN_QUIET;
                let ended = if draining.is_some() { Ended::Drained } else { Ended::Closed };
                match message {
                    None => return ended,
                    Some(Err(error)) if draining.is_some() => {
                        tracing::debug!(%error, "error while draining");
                        return ended;
                    }
                    Some(Err(error)) => return Ended::Failed(error.to_string()),
                    Some(Ok(Message::Close(_))) => return ended,
                    Some(Ok(Message::Text(text))) => {
                        if let Err(error) = on_text(id, text.as_str(), &mut sink, shared, reports).await {
                            return if draining.is_some() { ended } else { Ended::Failed(error) };
                        }
                    }
                    Some(Ok(Message::Binary(bytes))) => {
                        shared.stats.record_malformed();
                        tracing::warn!(len = bytes.len(), "skipped a binary Socket Mode frame");
                    }
                    // Pings are answered by the WebSocket library; pongs only prove the link.
                    Some(Ok(_)) => {}
                }
            }
        }
    }
}

/// Sends a close frame and waits briefly for Slack's.
async fn close(
    sink: &mut futures_util::stream::SplitSink<Socket, Message>,
    stream: &mut futures_util::stream::SplitStream<Socket>,
) {
    let _ = sink.send(Message::Close(None)).await;
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        while let Some(Ok(message)) = stream.next().await {
            if matches!(message, Message::Close(_)) {
                break;
            }
        }
    })
    .await;
}

/// Handles one text frame: acknowledge first, then act; with a shared store, an event is
/// claimed first and its envelope acknowledged only if the claim is ours or the event is done.
async fn on_text(
    id: u64,
    text: &str,
    sink: &mut futures_util::stream::SplitSink<Socket, Message>,
    shared: &Shared,
    reports: &mpsc::UnboundedSender<(u64, Report)>,
) -> Result<(), String> {
    let (envelope_id, action) = match frames::decode(text) {
        Ok(decoded) => decoded,
        Err(malformed) => {
            shared.stats.record_malformed();
            tracing::warn!(reason = %malformed.reason, "skipped a malformed Socket Mode frame");
            if let Some(envelope_id) = malformed.envelope_id {
                acknowledge(sink, &envelope_id, shared).await?;
            }
            return Ok(());
        }
    };
    let action = match (action, &shared.settings.shared) {
        (Action::Event(delivery), Some(store)) => {
            let span = envelope_span(envelope_id.as_deref(), &delivery);
            return on_claimed_event(envelope_id.as_deref(), *delivery, store, sink, shared)
                .instrument(span)
                .await;
        }
        (action, _) => action,
    };
    if let Some(envelope_id) = &envelope_id {
        acknowledge(sink, envelope_id, shared).await?;
    }
    match action {
        Action::Hello(hello) => {
            tracing::info!(
                num_connections = hello.num_connections,
                "Socket Mode connection ready"
            );
            let _ = reports.send((id, Report::Hello));
        }
        Action::Disconnect(reason) => {
            tracing::info!(%reason, "Slack will close this Socket Mode connection");
            let _ = reports.send((id, Report::Disconnect(reason)));
        }
        Action::Event(delivery) => {
            let span = envelope_span(envelope_id.as_deref(), &delivery);
            let _entered = span.enter();
            shared.stats.record_event();
            match shared.handler.dispatch(*delivery) {
                crate::events_handler::Dispatched::Duplicate => {
                    shared.stats.record_duplicate();
                    tracing::info!("acknowledged a repeated envelope; its handler already ran");
                }
                _ => tracing::debug!("event received"),
            }
        }
        Action::Skip { frame_type } => {
            tracing::info!(
                frame_type,
                "acknowledged and skipped a frame of another type"
            );
        }
    }
    Ok(())
}

fn envelope_span(envelope_id: Option<&str>, delivery: &EventCallback) -> tracing::Span {
    tracing::debug_span!(
        "socket_mode_envelope",
        envelope_id,
        event_id = %delivery.event_id,
        event_type = delivery.event.event_type(),
    )
}

/// An event with a shared store: claim it (one round trip), then acknowledge its envelope if
/// the claim is ours (the handler is running) or the event is done; leave it unacknowledged,
/// so Slack redelivers it, while another replica holds it or the store refuses.
async fn on_claimed_event(
    envelope_id: Option<&str>,
    delivery: EventCallback,
    store: &SharedDedupe,
    sink: &mut futures_util::stream::SplitSink<Socket, Message>,
    shared: &Shared,
) -> Result<(), String> {
    shared.stats.record_event();
    let acknowledged = match shared.handler.dispatch_claimed(store, delivery).await {
        Verdict::Run => {
            tracing::debug!("event claimed");
            true
        }
        Verdict::AlreadyDone => {
            shared.stats.record_duplicate();
            tracing::info!("acknowledged a repeated envelope; its handler already ran");
            true
        }
        Verdict::Busy => {
            tracing::info!(
                "left a repeated envelope unacknowledged: its handler is running on another replica"
            );
            false
        }
        Verdict::StoreUnavailable(reason) => {
            tracing::warn!(%reason, "left an envelope unacknowledged: the shared store is unavailable");
            false
        }
    };
    match (acknowledged, envelope_id) {
        (true, Some(envelope_id)) => acknowledge(sink, envelope_id, shared).await,
        (false, Some(_)) => {
            shared.stats.record_unacknowledged();
            Ok(())
        }
        (_, None) => Ok(()),
    }
}

async fn acknowledge(
    sink: &mut futures_util::stream::SplitSink<Socket, Message>,
    envelope_id: &str,
    shared: &Shared,
) -> Result<(), String> {
    sink.send(Message::text(frames::acknowledgement(envelope_id)))
        .await
        .map_err(|error| error.to_string())?;
    shared.stats.record_ack();
    Ok(())
}
