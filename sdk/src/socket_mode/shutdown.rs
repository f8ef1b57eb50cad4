//! Starting the slots and stopping them: the handle an app keeps.

use std::sync::Arc;

use tokio::sync::watch;
use tokio::task::JoinSet;

use super::supervisor::{self, Shared};
use super::{SocketModeError, SocketModeStats};

/// A running Socket Mode client. Dropping it leaves the client running in the background;
/// [`SocketModeHandle::shutdown`] stops it.
#[derive(Debug)]
pub struct SocketModeHandle {
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
    slots: JoinSet<Result<(), SocketModeError>>,
    outcome: Option<Result<(), SocketModeError>>,
}

pub(super) fn start(shared: Arc<Shared>) -> SocketModeHandle {
    let (stop, stopped) = watch::channel(false);
    let mut slots = JoinSet::new();
    for slot in 0..shared.settings.connections {
        slots.spawn(supervisor::slot(slot, shared.clone(), stopped.clone()));
    }
    SocketModeHandle {
        shared,
        stop,
        slots,
        outcome: None,
    }
}

impl SocketModeHandle {
    /// The client's counters so far.
    pub fn stats(&self) -> SocketModeStats {
        self.shared.stats_snapshot()
    }

    /// Waits until the client stops by itself: a fatal error (every slot is then stopped), or
    /// never.
    pub async fn wait(&mut self) -> Result<(), SocketModeError> {
        if let Some(outcome) = self.outcome.take() {
            return outcome;
        }
        while let Some(joined) = self.slots.join_next().await {
            let result =
                joined.unwrap_or_else(|error| Err(SocketModeError::Task(error.to_string())));
            if let Err(error) = result {
                let _ = self.stop.send(true);
                while self.slots.join_next().await.is_some() {}
                self.shared.handler.idle().await;
                return Err(error);
            }
        }
        Ok(())
    }

    /// Runs until the client stops by itself (see [`SocketModeHandle::wait`]).
    pub async fn join(mut self) -> Result<(), SocketModeError> {
        self.wait().await
    }

    /// Stops reading, closes every connection cleanly, and waits for the handlers in flight.
    /// Returns a fatal error that stopped the client earlier, if any.
    pub async fn shutdown(mut self) -> Result<(), SocketModeError> {
        let _ = self.stop.send(true);
        let mut outcome = self.outcome.take().unwrap_or(Ok(()));
        while let Some(joined) = self.slots.join_next().await {
            let result =
                joined.unwrap_or_else(|error| Err(SocketModeError::Task(error.to_string())));
            if outcome.is_ok() {
                outcome = result;
            }
        }
        self.shared.handler.idle().await;
        outcome
    }
}

/// Completes once a stop is requested; never, if the handle was dropped without one.
pub(crate) async fn stopped(stop: &mut watch::Receiver<bool>) {
    if stop.wait_for(|stop| *stop).await.is_err() {
        std::future::pending::<()>().await;
    }
}
