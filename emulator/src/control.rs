//! What tests control besides the Slack API: invite requests (which Slack users create in the
//! client, not through the API), injected faults, and the clock. Both the Rust API on
//! [`Emulator`](crate::Emulator) and the `/emulator/...` HTTP endpoints call these.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use slack_connect::objects::ApproveMessage;
use slack_connect::{ChannelId, TeamId, UserId};

use crate::context::Context;
pub use crate::control_error::ControlError;
use crate::faults::Fault;
use crate::limits::{
    MAX_FAULT_DELAY, MAX_FAULT_RETRY_AFTER_SECONDS, MAX_FAULT_TIMES, MAX_QUEUED_FAULTS,
    MAX_RECIPIENT_BYTES, MAX_REQUEST_LIFETIME_SECONDS,
};
use crate::model::InviteRequest;
use crate::state::VALIDITY_SECONDS;

/// A member's request to invite an external person to a channel, as an admin will review it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewInviteRequest {
    /// The channel the member wants to share.
    pub channel_id: String,
    /// The requesting member (the inviting user).
    pub user_id: String,
    /// The external person's email; give this or `recipient_user_id`.
    #[serde(default)]
    pub recipient_email: Option<String>,
    /// The external person's user ID; give this or `recipient_email`.
    #[serde(default)]
    pub recipient_user_id: Option<String>,
    /// Whether the invite would be external-limited (post-only).
    #[serde(default = "yes")]
    pub is_external_limited: bool,
    /// The requester's message to the invitee.
    #[serde(default)]
    pub message: String,
    /// Seconds until the request expires; Slack's requests last 14 days.
    #[serde(default)]
    pub expires_in_seconds: Option<i64>,
}

fn yes() -> bool {
    true
}

impl NewInviteRequest {
    /// A request by `user_id` to invite `recipient_email` to `channel_id`.
    pub fn by_email(channel_id: &str, user_id: &str, recipient_email: &str) -> NewInviteRequest {
        NewInviteRequest {
            channel_id: channel_id.to_owned(),
            user_id: user_id.to_owned(),
            recipient_email: Some(recipient_email.to_owned()),
            recipient_user_id: None,
            is_external_limited: true,
            message: String::new(),
            expires_in_seconds: None,
        }
    }

    /// Sets the requester's message.
    #[must_use]
    pub fn message(mut self, message: &str) -> NewInviteRequest {
        self.message = message.to_owned();
        self
    }

    /// Sets when the request expires.
    #[must_use]
    pub fn expires_in(mut self, after: Duration) -> NewInviteRequest {
        self.expires_in_seconds = Some(i64::try_from(after.as_secs()).unwrap_or(i64::MAX));
        self
    }
}

/// Records an invite request and returns its ID; with an event subscription, delivers
/// `shared_channel_invite_requested`.
pub(crate) fn create_invite_request(
    context: &Context,
    new: NewInviteRequest,
) -> Result<String, ControlError> {
    let mut state = context.state.lock();
    let channel = state
        .world
        .channel(&new.channel_id)
        .ok_or_else(|| ControlError::UnknownChannel(new.channel_id.clone()))?;
    let team = channel.team_id.clone();
    if state.world.user(&new.user_id).map(|u| &u.team_id) != Some(&team) {
        return Err(ControlError::UnknownUser(new.user_id));
    }
    if new.recipient_email.is_some() == new.recipient_user_id.is_some() {
        return Err(ControlError::RecipientRequired);
    }
    check_new_request(&new)?;
    let limit = state.limits.max_invite_requests;
    if state.requests.len() >= limit {
        return Err(ControlError::LimitReached {
            what: "invite requests",
            limit,
        });
    }
    let now = state.now();
    let id = state.next_invite_id();
    let request = InviteRequest {
        id: id.clone(),
        channel_id: ChannelId::new(new.channel_id),
        inviting_team: TeamId::new(team),
        inviting_user: UserId::new(new.user_id),
        recipient_email: new.recipient_email,
        recipient_user_id: new.recipient_user_id.map(UserId::new),
        is_external_limited: new.is_external_limited,
        message: new.message,
        date_created: now,
        date_last_updated: now,
        expires_at: now.saturating_add(new.expires_in_seconds.unwrap_or(VALIDITY_SECONDS)),
        decision: None,
    };
    crate::events::invite_requested(&mut state, &request);
    state.requests.insert(id.clone(), request);
    let events = state.take_outbox();
    drop(state);
    context.deliver(events);
    Ok(id.into_string())
}

/// The bounds on an invite request's own fields (see [`crate::limits`]).
fn check_new_request(new: &NewInviteRequest) -> Result<(), ControlError> {
    for (argument, value) in [
        ("recipient_email", &new.recipient_email),
        ("recipient_user_id", &new.recipient_user_id),
    ] {
        if let Some(value) = value.as_ref().filter(|v| v.len() > MAX_RECIPIENT_BYTES) {
            return Err(ControlError::OutOfRange {
                argument,
                why: format!(
                    "{} bytes is over the longest, {MAX_RECIPIENT_BYTES}",
                    value.len()
                ),
            });
        }
    }
    let length = new.message.chars().count();
    if length > ApproveMessage::TEXT_MAX_LENGTH {
        return Err(ControlError::OutOfRange {
            argument: "message",
            why: format!(
                "{length} characters is over the longest, {}",
                ApproveMessage::TEXT_MAX_LENGTH
            ),
        });
    }
    if let Some(seconds) = new.expires_in_seconds {
        if !(0..=MAX_REQUEST_LIFETIME_SECONDS).contains(&seconds) {
            return Err(ControlError::OutOfRange {
                argument: "expires_in_seconds",
                why: format!("{seconds} is not between 0 and {MAX_REQUEST_LIFETIME_SECONDS}"),
            });
        }
    }
    Ok(())
}

/// Queues `fault` for the next `times` calls of `method`.
pub(crate) fn inject_fault(
    context: &Context,
    method: &str,
    fault: Fault,
    times: u32,
) -> Result<(), ControlError> {
    let entry = crate::methods::lookup(method)
        .ok_or_else(|| ControlError::UnknownMethod(method.to_owned()))?;
    fault.check().map_err(ControlError::InvalidFault)?;
    if !(1..=MAX_FAULT_TIMES).contains(&times) {
        return Err(ControlError::OutOfRange {
            argument: "times",
            why: format!("{times} is not between 1 and {MAX_FAULT_TIMES}"),
        });
    }
    match fault {
        Fault::Delay { millis } if u128::from(millis) > MAX_FAULT_DELAY.as_millis() => {
            return Err(ControlError::OutOfRange {
                argument: "fault.millis",
                why: format!(
                    "{millis} is over the longest delay, {} ms",
                    MAX_FAULT_DELAY.as_millis()
                ),
            });
        }
        Fault::RateLimited { retry_after } if retry_after > MAX_FAULT_RETRY_AFTER_SECONDS => {
            return Err(ControlError::OutOfRange {
                argument: "fault.retry_after",
                why: format!(
                    "{retry_after} is over the longest wait, {MAX_FAULT_RETRY_AFTER_SECONDS} s"
                ),
            });
        }
        _ => {}
    }
    context
        .faults
        .push(entry.meta.name, fault, times)
        .map_err(|_| ControlError::LimitReached {
            what: "queued faults for this method",
            limit: MAX_QUEUED_FAULTS,
        })
}
