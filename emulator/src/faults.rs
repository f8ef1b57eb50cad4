//! Faults tests can inject per method: rate limiting, server errors, delays, broken bodies and
//! dropped connections, so a client's retry and error handling can be exercised on demand.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::limits::MAX_QUEUED_FAULTS;

/// One injected fault, applied to one call of a method.
///
/// In JSON (`POST /emulator/faults`) a fault is tagged by `type`, e.g.
/// `{"type": "rate_limited", "retry_after": 3}` or `{"type": "delay", "millis": 200}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Fault {
    /// HTTP 429 with this `Retry-After` (seconds) and `{"ok":false,"error":"ratelimited"}`.
    RateLimited {
        /// Seconds to wait, sent in `Retry-After`.
        retry_after: u64,
    },
    /// This HTTP status (e.g. 500 or 503) with an `internal_error` / `service_unavailable` body.
    ServerError {
        /// The status code, 400 to 599.
        status: u16,
    },
    /// Waits this long, then answers normally.
    Delay {
        /// Milliseconds to wait.
        millis: u64,
    },
    /// HTTP 200 with a body that is not JSON.
    MalformedBody,
    /// The call runs normally, but only the first half of its JSON body is sent.
    TruncatedBody,
    /// The connection is closed without any response.
    CloseConnection,
}

impl Fault {
    /// A delay of `duration`.
    pub fn delay(duration: Duration) -> Fault {
        Fault::Delay {
            millis: u64::try_from(duration.as_millis()).unwrap_or(u64::MAX),
        }
    }

    /// Whether the fault's parameters make sense (the emulator's [limits](crate::limits) are
    /// checked when it is queued).
    pub fn check(&self) -> Result<(), String> {
        match self {
            Fault::ServerError { status } if !(400..=599).contains(status) => Err(format!(
                "status {status} is not an HTTP error status (400-599)"
            )),
            _ => Ok(()),
        }
    }
}

/// Faults waiting to be applied, in order, per method wire name: each fault once, with the
/// number of calls it still applies to.
#[derive(Debug, Default)]
pub(crate) struct Faults(Mutex<HashMap<String, VecDeque<(Fault, u32)>>>);

/// Why a fault could not be queued.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum QueueFull {
    /// The method already has [`MAX_QUEUED_FAULTS`] faults waiting.
    Full,
}

impl Faults {
    /// Queues `fault` for the next `times` calls of `method` (after any already queued);
    /// `times` is checked by the caller. Refused when the method's queue is full.
    pub fn push(&self, method: &str, fault: Fault, times: u32) -> Result<(), QueueFull> {
        let mut queues = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let queue = queues.entry(method.to_owned()).or_default();
        if queue.len() >= MAX_QUEUED_FAULTS {
            return Err(QueueFull::Full);
        }
        if times > 0 {
            queue.push_back((fault, times));
        }
        Ok(())
    }

    /// The fault for this call of `method`, if any, consuming one of its calls.
    pub fn take(&self, method: &str) -> Option<Fault> {
        let mut queues = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let queue = queues.get_mut(method)?;
        let (fault, left) = queue.front_mut()?;
        let fault = fault.clone();
        *left -= 1;
        if *left == 0 {
            queue.pop_front();
        }
        Some(fault)
    }

    /// Forgets every queued fault.
    pub fn clear(&self) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }
}
