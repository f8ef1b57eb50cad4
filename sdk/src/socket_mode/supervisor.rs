//! The slots: each keeps one Socket Mode connection open, replacing it when Slack asks for a
//! refresh (new connection first, then the old one drained) and reconnecting with backoff when
//! it fails.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{mpsc, oneshot, watch};
use tokio::time::Instant;
use tracing::Instrument;

use super::backoff::Backoff;
use super::connection::{self, Ended, Report};
use super::frames::DisconnectReason;
use super::SocketModeError;
use crate::apps::connections::open;
use crate::events_handler::EventsHandler;
use crate::store::SharedDedupe;
use crate::Client;

/// The settings every connection reads.
#[derive(Clone, Debug)]
pub(crate) struct Settings {
    pub connections: usize,
    pub ping_interval: Duration,
    pub idle_timeout: Duration,
    pub connect_timeout: Duration,
    pub backoff: Backoff,
    /// The store events are claimed in across replicas, if any.
    pub shared: Option<SharedDedupe>,
}

/// What every slot and connection shares.
#[derive(Debug)]
pub(crate) struct Shared {
    pub client: Client,
    pub handler: EventsHandler,
    pub settings: Settings,
    pub stats: Stats,
    next_id: AtomicU64,
}

impl Shared {
    pub fn new(client: Client, handler: EventsHandler, settings: Settings) -> Shared {
        Shared {
            client,
            handler,
            settings,
            stats: Stats::default(),
            next_id: AtomicU64::new(1),
        }
    }
}

/// Counters, read through [`super::SocketModeStats`].
#[derive(Debug, Default)]
pub(crate) struct Stats {
    pub connects: AtomicU64,
    pub failed_attempts: AtomicU64,
    pub refreshes: AtomicU64,
    pub idle_timeouts: AtomicU64,
    pub events: AtomicU64,
    pub duplicates: AtomicU64,
    pub acks: AtomicU64,
    pub malformed: AtomicU64,
    pub unacknowledged: AtomicU64,
    pub reconnect_latencies: Mutex<Vec<Duration>>,
    pub refresh_latencies: Mutex<Vec<Duration>>,
}

impl Stats {
    pub fn record_idle(&self) {
        self.idle_timeouts.fetch_add(1, Ordering::Relaxed);
    }
    pub fn record_event(&self) {
        self.events.fetch_add(1, Ordering::Relaxed);
    }
    pub fn record_duplicate(&self) {
        self.duplicates.fetch_add(1, Ordering::Relaxed);
    }
    pub fn record_ack(&self) {
        self.acks.fetch_add(1, Ordering::Relaxed);
    }
    pub fn record_unacknowledged(&self) {
        self.unacknowledged.fetch_add(1, Ordering::Relaxed);
    }
    pub fn record_malformed(&self) {
        self.malformed.fetch_add(1, Ordering::Relaxed);
    }
    fn record_reconnect(&self, latency: Duration) {
        self.reconnect_latencies
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(latency);
    }
    fn record_refresh(&self, latency: Duration) {
        self.refresh_latencies
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(latency);
    }
}

/// A connection the slot started.
struct Live {
    id: u64,
    drain: Option<oneshot::Sender<()>>,
    /// When `hello` arrived.
    ready_at: Option<Instant>,
}

impl Live {
    fn drain(&mut self) {
        if let Some(drain) = self.drain.take() {
            let _ = drain.send(());
        }
    }
}

/// Why opening a connection failed.
enum OpenError {
    /// Retrying cannot help.
    Fatal(SocketModeError),
    /// Retry after the backoff.
    Retry(String),
}

/// Keeps slot `slot`'s connection open until shutdown or a fatal error.
pub(crate) async fn slot(
    slot: usize,
    shared: Arc<Shared>,
    mut shutdown: watch::Receiver<bool>,
) -> Result<(), SocketModeError> {
    let (reports_tx, mut reports) = mpsc::unbounded_channel::<(u64, Report)>();
    let backoff = shared.settings.backoff;
    let mut attempt: u32 = 0;
    let mut current: Option<Live> = None;
    let mut pending: Option<Live> = None;
    let mut want_new = true;
    // Since when the slot has had no ready connection (for the reconnect latency).
    let mut gap_since: Option<Instant> = Some(Instant::now());
    let mut first = true;
    // Since when a refresh has been asked for (for the refresh latency).
    let mut refresh_since: Option<Instant> = None;
    let mut live_ids: Vec<u64> = Vec::new();
    let result = loop {
        if *shutdown.borrow() {
            break Ok(());
        }
        if want_new && pending.is_none() {
            if attempt > 0 {
                let delay = backoff.delay(attempt);
                tracing::info!(slot, attempt, ?delay, "reconnecting after a delay");
                tokio::select! {
                    () = tokio::time::sleep(delay) => {}
                    () = super::shutdown::stopped(&mut shutdown) => break Ok(()),
                }
            }
            let span =
                tracing::info_span!("socket_mode_connect", slot, attempt, reconnect = !first);
            match open_connection(&shared, &reports_tx, &shutdown)
                .instrument(span)
                .await
            {
                Ok(live) => {
                    live_ids.push(live.id);
                    pending = Some(live);
                    want_new = false;
                }
                Err(OpenError::Fatal(error)) => break Err(error),
                Err(OpenError::Retry(reason)) => {
                    shared.stats.failed_attempts.fetch_add(1, Ordering::Relaxed);
                    tracing::warn!(slot, attempt, %reason, "could not open a Socket Mode connection");
                    attempt = attempt.saturating_add(1);
                    continue;
                }
            }
        }
        let (id, report) = tokio::select! {
            report = reports.recv() => match report {
                Some(report) => report,
                None => break Ok(()),
            },
            () = super::shutdown::stopped(&mut shutdown) => break Ok(()),
        };
        match report {
            Report::Hello => {
                if pending.as_ref().is_some_and(|p| p.id == id) {
                    let mut ready = pending.take().expect("checked above");
                    ready.ready_at = Some(Instant::now());
                    shared.stats.connects.fetch_add(1, Ordering::Relaxed);
                    if let Some(since) = gap_since.take() {
                        if !first {
                            shared.stats.record_reconnect(since.elapsed());
                        }
                    }
                    first = false;
                    if let Some(since) = refresh_since.take() {
                        shared.stats.record_refresh(since.elapsed());
                    }
                    if let Some(mut old) = current.replace(ready) {
                        tracing::info!(
                            slot,
                            old = old.id,
                            new = id,
                            "replacement ready; draining the old connection"
                        );
                        old.drain();
                    }
                }
            }
            Report::Disconnect(DisconnectReason::LinkDisabled) => {
                break Err(SocketModeError::LinkDisabled);
            }
            Report::Disconnect(DisconnectReason::TooManyWebsockets) => {
                // The connection is refused; its end is counted as a failure.
                tracing::warn!(slot, "Slack refused the connection: too many WebSockets");
            }
            Report::Disconnect(reason) => {
                if current.as_ref().is_some_and(|c| c.id == id) && pending.is_none() {
                    tracing::info!(slot, %reason, "opening a replacement connection first");
                    shared.stats.refreshes.fetch_add(1, Ordering::Relaxed);
                    refresh_since = Some(Instant::now());
                    want_new = true;
                }
            }
            Report::Ended(ended) => {
                live_ids.retain(|live| *live != id);
                if let Some(ended_current) = current.take_if(|c| c.id == id) {
                    let up_for = ended_current.ready_at.map(|at| at.elapsed());
                    let healthy = up_for.is_some_and(|up| up >= backoff.healthy_after);
                    if gap_since.is_none() {
                        gap_since = Some(Instant::now());
                    }
                    if pending.is_none() {
                        if healthy || ended == Ended::Drained {
                            attempt = 0;
                        } else {
                            attempt = attempt.saturating_add(1);
                        }
                        want_new = true;
                    }
                    tracing::info!(slot, connection = id, ?ended, healthy, "connection ended");
                } else if pending.as_ref().is_some_and(|p| p.id == id) {
                    pending = None;
                    shared.stats.failed_attempts.fetch_add(1, Ordering::Relaxed);
                    attempt = attempt.saturating_add(1);
                    want_new = true;
                    tracing::warn!(
                        slot,
                        connection = id,
                        ?ended,
                        "connection ended before hello"
                    );
                }
            }
        }
    };
    // Shut down or failed: drain what is still open and wait for those connections to end.
    for live in current.iter_mut().chain(pending.iter_mut()) {
        live.drain();
    }
    drop(reports_tx);
    let waiting = async {
        while !live_ids.is_empty() {
            match reports.recv().await {
                Some((id, Report::Ended(_))) => live_ids.retain(|live| *live != id),
                Some(_) => {}
                None => break,
            }
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(5), waiting).await;
    result
}

/// Asks for a URL, connects, and starts the connection's reader.
async fn open_connection(
    shared: &Arc<Shared>,
    reports: &mpsc::UnboundedSender<(u64, Report)>,
    shutdown: &watch::Receiver<bool>,
) -> Result<Live, OpenError> {
    let opened = shared.client.apps().connections().open().await;
    let url = match opened {
        Ok(response) => response.url,
        Err(error) => {
            return Err(match error.api_error() {
                Some(code) if fatal(code) => {
                    OpenError::Fatal(SocketModeError::Refused(Box::new(error)))
                }
                _ => OpenError::Retry(error.to_string()),
            })
        }
    };
    let socket = connection::connect(url.expose(), shared.settings.connect_timeout)
        .await
        .map_err(OpenError::Retry)?;
    let id = shared.next_id.fetch_add(1, Ordering::Relaxed);
    let (drain, drained) = oneshot::channel();
    tokio::spawn(connection::run(
        id,
        socket,
        shared.clone(),
        reports.clone(),
        drained,
        shutdown.clone(),
    ));
    Ok(Live {
        id,
        drain: Some(drain),
        ready_at: None,
    })
}

/// Errors of `apps.connections.open` that no retry fixes: the token is wrong, revoked or not
/// allowed, or the app or team may not use Socket Mode.
fn fatal(code: &open::Error) -> bool {
    matches!(
        code,
        open::Error::InvalidAuth
            | open::Error::NotAuthed
            | open::Error::AccountInactive
            | open::Error::TokenRevoked
            | open::Error::TokenExpired
            | open::Error::NotAllowedTokenType
            | open::Error::MissingScope
            | open::Error::MissingArgs
            | open::Error::ForbiddenTeam
            | open::Error::NoPermission
            | open::Error::AccessDenied
    )
}
