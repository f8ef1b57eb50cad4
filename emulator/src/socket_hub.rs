//! Socket Mode delivery, as Slack does it: once the app has called `apps.connections.open`,
//! events go out as `events_api` envelopes over its open WebSockets, round-robin; an envelope not
//! acknowledged within three emulated seconds is sent again (`retry_attempt`, `retry_reason`),
//! on whichever connection is next, up to three times. At most ten connections; Slack asks for
//! a refresh on its own schedule, on demand, or every N envelopes.
//!
//! The hub holds the queue and the connections' outboxes; each connection's task
//! (`socket_link`) writes what the hub hands it and reports acknowledgements back.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use slack_connect::socket_frames::{DisconnectReason, EventsApi, Frame};
use slack_connect::{Delivery, EventCallback};
use tokio::sync::{mpsc, watch, Notify};
use tokio::time::Instant;

use crate::state::Clock;

/// The `host` the emulator reports in `debug_info`.
pub(crate) const HOST: &str = "emulator-applink";
/// Slack keeps at most this many Socket Mode connections per app.
pub const MAX_SOCKET_CONNECTIONS: usize = 10;
/// How long Slack waits for an acknowledgement, in emulated seconds.
const ACK_DEADLINE_SECONDS: u64 = 3;
/// How many times an unacknowledged envelope is sent again.
const MAX_REDELIVERIES: u32 = 3;
/// Why an envelope is sent again.
const RETRY_REASON_TIMEOUT: &str = "timeout";

/// A fault on the Socket Mode link, applied at once to the next connection in turn.
///
/// In JSON (`POST /emulator/socket_mode/faults`) tagged by `type`, e.g.
/// `{"type": "silent_drop"}` or `{"type": "delay_acks", "millis": 5000, "times": 3}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum SocketFault {
    /// The connection goes quiet without closing: nothing is read or written on it any more
    /// (pings go unanswered), a half-open link. The hub keeps sending to it for one ack
    /// deadline, as Slack would before noticing, and those envelopes are redelivered.
    SilentDrop,
    /// The TCP connection is closed without a WebSocket close frame.
    AbruptClose,
    /// A text frame that is not JSON.
    MalformedFrame,
    /// An envelope of a type the SDK does not model (`interactive`), which must still be
    /// acknowledged.
    UnknownEnvelope,
    /// The next `times` acknowledgements are processed only after `millis`, so their envelopes
    /// are redelivered although the app acknowledged them.
    DelayAcks {
        /// How long each acknowledgement is held, in real milliseconds.
        millis: u64,
        /// How many acknowledgements are held.
        times: u32,
    },
}

/// What happened on the Socket Mode link so far.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SocketModeReport {
    /// Connections that got `hello`.
    pub connections_opened: u64,
    /// Connections open now.
    pub connections_open: usize,
    /// Connections refused with `too_many_websockets`.
    pub refused: u64,
    /// Events queued for delivery.
    pub events: u64,
    /// `events_api` frames written, redeliveries included.
    pub envelopes_sent: u64,
    /// Redeliveries after a missed acknowledgement deadline.
    pub redeliveries: u64,
    /// Envelopes acknowledged (each counted once).
    pub acknowledged: u64,
    /// Acknowledgement frames received, of any envelope (duplicates and other types included).
    pub acks_received: u64,
    /// Envelopes given up on after every redelivery.
    pub failed: u64,
    /// `disconnect` frames sent, by reason.
    pub disconnects: BTreeMap<String, u64>,
}

/// What a connection's task is told to do.
#[derive(Debug)]
pub(crate) enum Out {
    /// Write this text frame.
    Text(String),
    /// Send a close frame and end.
    Close,
    /// End without a close frame.
    Abrupt,
    /// Stop reading and writing, but keep the TCP connection open.
    Silent,
}

/// Settings from the emulator's configuration.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SocketSettings {
    /// Emulated time after which a connection is refreshed (`warning`, then
    /// `refresh_requested`, then closed).
    pub lifetime: Duration,
    /// Ask for a refresh after every this many envelopes (first attempts), if set.
    pub refresh_every: Option<u32>,
}

struct Conn {
    tx: mpsc::UnboundedSender<Out>,
    /// Whether new envelopes may go to it (not after a `disconnect` or a drop).
    usable: bool,
}

#[derive(Clone, Debug)]
struct Envelope {
    id: String,
    payload: Value,
    retry_attempt: u32,
}

struct Sent {
    envelope: Envelope,
    deadline: Instant,
}

#[derive(Default)]
struct Hub {
    next_conn: u64,
    next_envelope: u64,
    conns: BTreeMap<u64, Conn>,
    rotation: u64,
    queue: VecDeque<Envelope>,
    unacked: HashMap<String, Sent>,
    first_sends: u64,
    refresh_every: Option<u32>,
    held_acks: Option<(Duration, u32)>,
    report: SocketModeReport,
}

/// The hub: shared by the API (which turns Socket Mode on), the link endpoint and the pump.
pub(crate) struct SocketHub {
    hub: Mutex<Hub>,
    wake: Notify,
    settled: watch::Sender<usize>,
    clock: Arc<Clock>,
    pub settings: SocketSettings,
}

impl std::fmt::Debug for SocketHub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SocketHub").finish_non_exhaustive()
    }
}

/// A connection refused because the app has [`MAX_SOCKET_CONNECTIONS`] already.
pub(crate) struct TooMany;

impl SocketHub {
    pub fn new(clock: Arc<Clock>, settings: SocketSettings) -> SocketHub {
        SocketHub {
            hub: Mutex::new(Hub {
                refresh_every: settings.refresh_every,
                ..Hub::default()
            }),
            wake: Notify::new(),
            settled: watch::Sender::new(0),
            clock,
            settings,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Hub> {
        self.hub
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// How long the app has to acknowledge, in real time.
    pub fn ack_deadline(&self) -> Duration {
        self.clock.real(Duration::from_secs(ACK_DEADLINE_SECONDS))
    }

    /// How long `emulated` lasts in real time.
    pub fn real(&self, emulated: Duration) -> Duration {
        self.clock.real(emulated)
    }

    /// Queues `events` for delivery over the app's connections.
    pub fn enqueue(&self, events: Vec<EventCallback>) {
        let mut hub = self.lock();
        for event in events {
            let payload = match Delivery::EventCallback(event).to_value() {
                Ok(payload) => payload,
                Err(error) => {
                    tracing::error!(%error, "cannot encode an event");
                    continue;
                }
            };
            hub.next_envelope += 1;
            let id = format!(
                "env-{:08x}-{:06}",
                hub.next_envelope.wrapping_mul(0x2545_F491),
                hub.next_envelope
            );
            hub.queue.push_back(Envelope {
                id,
                payload,
                retry_attempt: 0,
            });
            hub.report.events += 1;
        }
        self.update_settled(&hub);
        drop(hub);
        self.wake.notify_one();
    }

    /// Adds a connection; refused past [`MAX_SOCKET_CONNECTIONS`].
    pub fn register(&self) -> Result<(u64, usize, mpsc::UnboundedReceiver<Out>), TooMany> {
        let mut hub = self.lock();
        if hub.conns.len() >= MAX_SOCKET_CONNECTIONS {
            hub.report.refused += 1;
            return Err(TooMany);
        }
        let (tx, rx) = mpsc::unbounded_channel();
        hub.next_conn += 1;
        let id = hub.next_conn;
        hub.conns.insert(id, Conn { tx, usable: false });
        Ok((id, hub.conns.len(), rx))
    }

    /// The connection has sent `hello`: envelopes may go to it.
    pub fn ready(&self, id: u64) {
        let mut hub = self.lock();
        if let Some(conn) = hub.conns.get_mut(&id) {
            conn.usable = true;
            hub.report.connections_opened += 1;
        }
        drop(hub);
        self.wake.notify_one();
    }

    /// The connection is gone. Its unacknowledged envelopes are redelivered when their
    /// deadline passes, as Slack does.
    pub fn unregister(&self, id: u64) {
        self.lock().conns.remove(&id);
    }

    /// Takes `id` out of the rotation (after a `disconnect`, or once a dropped link would be
    /// noticed).
    pub fn retire(&self, id: u64) {
        if let Some(conn) = self.lock().conns.get_mut(&id) {
            conn.usable = false;
        }
    }

    /// Counts a `disconnect` frame sent.
    pub fn count_disconnect(&self, reason: &DisconnectReason) {
        *self
            .lock()
            .report
            .disconnects
            .entry(reason.code().to_owned())
            .or_default() += 1;
    }

    /// An acknowledgement arrived on a connection.
    pub fn acknowledge(self: &Arc<Self>, envelope_id: String) {
        let held = {
            let mut hub = self.lock();
            hub.report.acks_received += 1;
            match &mut hub.held_acks {
                Some((delay, times)) if *times > 0 => {
                    *times -= 1;
                    let delay = *delay;
                    if *times == 0 {
                        hub.held_acks = None;
                    }
                    Some(delay)
                }
                _ => None,
            }
        };
        match held {
            Some(delay) => {
                let hub = self.clone();
                tokio::spawn(async move {
                    tokio::time::sleep(delay).await;
                    hub.settle_ack(&envelope_id);
                });
            }
            None => self.settle_ack(&envelope_id),
        }
    }

    fn settle_ack(&self, envelope_id: &str) {
        let mut hub = self.lock();
        if hub.unacked.remove(envelope_id).is_some() {
            hub.report.acknowledged += 1;
        }
        self.update_settled(&hub);
    }

    /// Sends `reason` to every usable connection (or only `only`), taking them out of the
    /// rotation unless it is only a `warning`.
    pub fn disconnect_all(&self, reason: &DisconnectReason) -> usize {
        let ids: Vec<u64> = {
            let hub = self.lock();
            hub.conns
                .iter()
                .filter(|(_, c)| c.usable)
                .map(|(id, _)| *id)
                .collect()
        };
        for id in &ids {
            self.disconnect(*id, reason);
        }
        ids.len()
    }

    /// Sends a `disconnect` frame with `reason` on connection `id`.
    pub fn disconnect(&self, id: u64, reason: &DisconnectReason) {
        let text = disconnect_frame(reason);
        let mut hub = self.lock();
        let retire = *reason != DisconnectReason::Warning;
        if let Some(conn) = hub.conns.get_mut(&id) {
            let _ = conn.tx.send(Out::Text(text));
            if retire {
                conn.usable = false;
            }
            if *reason == DisconnectReason::LinkDisabled {
                let _ = conn.tx.send(Out::Close);
            }
            *hub.report
                .disconnects
                .entry(reason.code().to_owned())
                .or_default() += 1;
        }
        drop(hub);
        self.wake.notify_one();
    }

    /// Applies `fault` to the next usable connection; `Err` when none is open.
    pub fn inject(self: &Arc<Self>, fault: SocketFault) -> Result<(), String> {
        if let SocketFault::DelayAcks { millis, times } = fault {
            let delay = Duration::from_millis(millis);
            if delay > crate::limits::MAX_FAULT_DELAY
                || !(1..=crate::limits::MAX_FAULT_TIMES).contains(&times)
            {
                return Err(format!(
                    "delay_acks takes `millis` up to {} and `times` from 1 to {}",
                    crate::limits::MAX_FAULT_DELAY.as_millis(),
                    crate::limits::MAX_FAULT_TIMES
                ));
            }
            self.lock().held_acks = Some((delay, times));
            return Ok(());
        }
        let mut hub = self.lock();
        let id = next_usable(&mut hub).ok_or("no open Socket Mode connection")?;
        let conn = hub
            .conns
            .get_mut(&id)
            .ok_or("no open Socket Mode connection")?;
        let out = match fault {
            SocketFault::SilentDrop => Out::Silent,
            SocketFault::AbruptClose => {
                conn.usable = false;
                Out::Abrupt
            }
            SocketFault::MalformedFrame => Out::Text("{\"type\":\"events_api\",\"envelope".into()),
            SocketFault::UnknownEnvelope => {
                hub.next_envelope += 1;
                // An envelope of a type the spec leaves to `Frame::Other`.
                let id = format!("env-interactive-{}", hub.next_envelope);
                let payload = serde_json::json!({"type": "block_actions"});
                let mut frame = serde_json::to_value(
                    EventsApi::new(id, payload).accepts_response_payload(false),
                )
                .unwrap_or_default();
                frame["type"] = Value::from("interactive");
                Out::Text(frame.to_string())
            }
            SocketFault::DelayAcks { .. } => return Ok(()),
        };
        let silent = matches!(out, Out::Silent);
        let _ = hub.conns.get(&id).map(|c| c.tx.send(out));
        drop(hub);
        if silent {
            // Slack keeps writing to a half-open link until it notices, one deadline later.
            let hub = self.clone();
            let notice = self.ack_deadline();
            tokio::spawn(async move {
                tokio::time::sleep(notice).await;
                hub.retire(id);
                hub.wake.notify_one();
            });
        }
        Ok(())
    }

    /// Sets (or clears) the refresh every N envelopes.
    pub fn refresh_every(&self, every: Option<u32>) {
        self.lock().refresh_every = every.filter(|n| *n > 0);
    }

    /// The report so far.
    pub fn report(&self) -> SocketModeReport {
        let hub = self.lock();
        let mut report = hub.report.clone();
        report.connections_open = hub.conns.len();
        report
    }

    /// Waits until every queued envelope was acknowledged or given up on.
    pub async fn settled(&self) {
        let mut pending = self.settled.subscribe();
        let _ = pending.wait_for(|n| *n == 0).await;
    }

    fn update_settled(&self, hub: &Hub) {
        let pending = hub.queue.len() + hub.unacked.len();
        self.settled.send_if_modified(|n| {
            let changed = *n != pending;
            *n = pending;
            changed
        });
    }

    /// Sends what can be sent and redelivers what timed out; returns when to look again.
    fn pump(&self) -> Option<Instant> {
        let now = Instant::now();
        let deadline = self.ack_deadline();
        let mut hub = self.lock();
        let expired: Vec<String> = hub
            .unacked
            .iter()
            .filter(|(_, sent)| sent.deadline <= now)
            .map(|(id, _)| id.clone())
            .collect();
        for id in expired {
            let Some(sent) = hub.unacked.remove(&id) else {
                continue;
            };
            let mut envelope = sent.envelope;
            if envelope.retry_attempt >= MAX_REDELIVERIES {
                hub.report.failed += 1;
                tracing::warn!(envelope_id = %envelope.id, "envelope never acknowledged; given up");
                continue;
            }
            envelope.retry_attempt += 1;
            hub.report.redeliveries += 1;
            hub.queue.push_front(envelope);
        }
        while let Some(envelope) = hub.queue.pop_front() {
            let Some(id) = next_usable(&mut hub) else {
                hub.queue.push_front(envelope);
                break;
            };
            let frame = envelope_frame(&envelope);
            let sent = hub
                .conns
                .get(&id)
                .is_some_and(|conn| conn.tx.send(Out::Text(frame)).is_ok());
            if !sent {
                hub.conns.remove(&id);
                hub.queue.push_front(envelope);
                continue;
            }
            hub.report.envelopes_sent += 1;
            let first = envelope.retry_attempt == 0;
            hub.unacked.insert(
                envelope.id.clone(),
                Sent {
                    envelope,
                    deadline: now + deadline,
                },
            );
            if first {
                hub.first_sends += 1;
                if let Some(every) = hub.refresh_every {
                    if hub.first_sends.is_multiple_of(u64::from(every)) {
                        let reason = DisconnectReason::RefreshRequested;
                        if let Some(conn) = hub.conns.get_mut(&id) {
                            let _ = conn.tx.send(Out::Text(disconnect_frame(&reason)));
                            conn.usable = false;
                        }
                        *hub.report
                            .disconnects
                            .entry(reason.code().to_owned())
                            .or_default() += 1;
                    }
                }
            }
        }
        self.update_settled(&hub);
        hub.unacked.values().map(|sent| sent.deadline).min()
    }

    /// Delivers until the emulator stops.
    pub async fn work(self: Arc<Self>) {
        loop {
            let next = self.pump();
            let wait = next.unwrap_or_else(|| Instant::now() + Duration::from_secs(1));
            tokio::select! {
                () = self.wake.notified() => {}
                () = tokio::time::sleep_until(wait) => {}
            }
        }
    }
}

/// The next usable connection in round-robin order.
fn next_usable(hub: &mut Hub) -> Option<u64> {
    let usable: Vec<u64> = hub
        .conns
        .iter()
        .filter(|(_, c)| c.usable)
        .map(|(id, _)| *id)
        .collect();
    if usable.is_empty() {
        return None;
    }
    let pick = usable
        .iter()
        .find(|id| **id > hub.rotation)
        .copied()
        .unwrap_or(usable[0]);
    hub.rotation = pick;
    Some(pick)
}

fn envelope_frame(envelope: &Envelope) -> String {
    let mut frame = EventsApi::new(envelope.id.clone(), envelope.payload.clone())
        .accepts_response_payload(false)
        .retry_attempt(i64::from(envelope.retry_attempt));
    if envelope.retry_attempt > 0 {
        frame = frame.retry_reason(RETRY_REASON_TIMEOUT);
    } else {
        frame = frame.retry_reason("");
    }
    Frame::EventsApi(frame)
        .to_value()
        .map(|value| value.to_string())
        .unwrap_or_default()
}

/// A `disconnect` frame's text.
pub(crate) fn disconnect_frame(reason: &DisconnectReason) -> String {
    let frame = slack_connect::socket_frames::Disconnect::new(reason.code())
        .debug_info(slack_connect::objects::SocketDebugInfo::new().host(HOST));
    Frame::Disconnect(frame)
        .to_value()
        .map(|value| value.to_string())
        .unwrap_or_default()
}
