//! Event de-duplication across replicas: the records a receiver keeps in a shared [`Store`].

use std::sync::Arc;
use std::time::Duration;

use super::{Claim, Scope, Store};

/// How long a claim holds an event by default while its handler runs. A replica that dies
/// mid-handler holds it no longer than this.
pub const DEFAULT_LEASE: Duration = Duration::from_secs(60);

/// How long a finished event's record is kept by default. Slack's last retry comes about six
/// minutes after the first attempt.
pub const DEFAULT_DONE_KEPT: Duration = Duration::from_secs(60 * 60);

/// A store used for event de-duplication, with its lease and how long records of finished events
/// are kept.
#[derive(Clone, Debug)]
pub(crate) struct SharedDedupe {
    store: Arc<dyn Store>,
    lease: Duration,
    keep: Duration,
}

/// What to do with a delivery.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Run the handler, then [`SharedDedupe::finish`].
    Run,
    /// Its handler ran or runs elsewhere (or here): acknowledge without running it.
    AlreadyDone,
    /// A handler may be running on another replica: answer 503 so Slack delivers it later.
    Busy,
    /// The store refused: answer 503 so Slack delivers it later.
    StoreUnavailable(String),
}

impl SharedDedupe {
    pub(crate) fn new(store: Arc<dyn Store>, lease: Duration, keep: Duration) -> SharedDedupe {
        SharedDedupe { store, lease, keep }
    }

    /// Claims `event_id` of `app` in `team`.
    pub(crate) async fn claim(&self, app: &str, team: &str, event_id: &str) -> Verdict {
        match self
            .store
            .claim(Scope::new(app, team), event_id, self.lease)
            .await
        {
            Ok(Claim::Claimed) => Verdict::Run,
            Ok(Claim::Done) => Verdict::AlreadyDone,
            Ok(Claim::Processing) => Verdict::Busy,
            Err(error) => Verdict::StoreUnavailable(error.to_string()),
        }
    }

    /// Marks `event_id` done. A failure is logged: the lease then runs out and a later retry
    /// of the event, if Slack sends one, runs the handler again.
    pub(crate) async fn finish(&self, app: &str, team: &str, event_id: &str) {
        if let Err(error) = self
            .store
            .finish(Scope::new(app, team), event_id, self.keep)
            .await
        {
            tracing::warn!(event_id, %error, "could not record an event as done");
        }
    }
}
