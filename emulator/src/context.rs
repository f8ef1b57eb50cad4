//! What every request handler shares: the state, the rate limiter, the injected faults and the
//! event deliveries. It sits apart from the server so that the server, the control endpoints and
//! the methods all depend on it, and none of them on each other in a cycle.

use crate::control_error::ControlError;
use crate::delivery::Deliveries;
use crate::events::EventSubscription;
use crate::faults::Faults;
use crate::ratelimit::RateLimiter;
use crate::state::Shared;

/// Everything the request handlers share.
#[derive(Debug)]
pub(crate) struct Context {
    pub state: Shared,
    pub limiter: RateLimiter,
    pub faults: Faults,
    pub deliveries: Deliveries,
    /// Socket Mode: the app's WebSockets and what is sent over them.
    pub socket: std::sync::Arc<crate::socket_hub::SocketHub>,
}

impl Context {
    /// Sets (or clears) the event subscription; state changes queue events only while one is set.
    pub fn subscribe(&self, subscription: Option<EventSubscription>) -> Result<(), ControlError> {
        if let Some(subscription) = &subscription {
            subscription
                .check()
                .map_err(ControlError::InvalidSubscription)?;
            tracing::info!(request_url = %subscription.request_url, "delivering events");
        }
        let mut state = self.state.lock();
        state.emitting = subscription.is_some();
        self.deliveries.subscribe(subscription);
        Ok(())
    }

    /// Sends the request URL a `url_verification` challenge and checks the answer.
    pub async fn verify_request_url(&self) -> Result<(), String> {
        let (now, nonce) = {
            let mut state = self.state.lock();
            (state.now(), state.next_nonce())
        };
        self.deliveries.verify_request_url(now, nonce).await
    }

    /// Delivers the events the last change queued; call it after releasing the state lock.
    /// Sends events over Socket Mode once the app has turned it on, else to the request URL.
    pub fn deliver(&self, events: Vec<slack_connect::EventCallback>) {
        if events.is_empty() {
            return;
        }
        if self.state.lock().socket_mode {
            self.socket.enqueue(events);
        } else {
            self.deliveries.send(events);
        }
    }
}
