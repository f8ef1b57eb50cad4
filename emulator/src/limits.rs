//! Every bound the emulator applies, in one place: what a caller can make it hold (invites,
//! invite requests, queued faults, message text) and how far a control request can push it
//! (fault counts, delays, clock moves, timeouts). Past a bound the emulator answers with a
//! Slack-style error naming the argument, and holds nothing of the refused request.
//!
//! How long a connection may take to send its request, and how many connections are served at
//! once, are the SDK's [`ServerLimits`](slack_connect::runtime::ServerLimits), set with
//! [`EmulatorConfig::limits`](crate::EmulatorConfig::limits).

use std::time::Duration;

/// The most calls one injected fault applies to (`times` of `POST /emulator/faults`). A fault
/// is stored once with its count, whatever the count.
pub const MAX_FAULT_TIMES: u32 = 1_000;

/// The most faults queued per method at once; more are refused until some are applied or
/// cleared.
pub const MAX_QUEUED_FAULTS: usize = 1_000;

/// The longest injected delay (`{"type": "delay", "millis": ...}`).
pub const MAX_FAULT_DELAY: Duration = Duration::from_secs(60);

/// The largest `retry_after` of an injected rate limit, in seconds.
pub const MAX_FAULT_RETRY_AFTER_SECONDS: u64 = 24 * 60 * 60;

/// The furthest one clock move goes (`advance_seconds`): about a hundred years.
pub const MAX_CLOCK_ADVANCE_SECONDS: u64 = 100 * 366 * 24 * 60 * 60;

/// The longest lifetime of an invite request created through the control endpoint
/// (`expires_in_seconds`), the same hundred years.
pub const MAX_REQUEST_LIFETIME_SECONDS: i64 = 100 * 366 * 24 * 60 * 60;

/// The longest acknowledgement timeout of an event subscription.
pub const MAX_ACK_TIMEOUT: Duration = Duration::from_secs(60);

/// The longest event request URL, in bytes.
pub const MAX_REQUEST_URL_BYTES: usize = 2_048;

/// The longest signing secret, in bytes.
pub const MAX_SIGNING_SECRET_BYTES: usize = 1_024;

/// The longest email address or user ID stored with an invite request, in bytes: well over a
/// deliverable address (254), so tests can try long domains.
pub const MAX_RECIPIENT_BYTES: usize = 2_048;

/// The largest body a control endpoint (`/emulator/...`) reads.
pub const MAX_CONTROL_BODY_BYTES: usize = 64 * 1024;

/// The most invite requests held by default (see [`StateLimits`]).
pub const DEFAULT_MAX_INVITE_REQUESTS: usize = 10_000;

/// The most invites held by default (see [`StateLimits`]).
pub const DEFAULT_MAX_INVITES: usize = 10_000;

/// How much state an emulator holds at most. Past a bound, creating an invite request is
/// refused by the control endpoint, and an API call that would create an invite answers with
/// one of its documented errors (`conversations.inviteShared`: `connection_limit_exceeded_pending`;
/// `conversations.requestSharedInvite.approve`: `restricted_action`), with the reason in
/// `response_metadata.messages`.
///
/// The length of an invite request's message is bounded by the spec's limit on an approval
/// message ([`ApproveMessage::TEXT_MAX_LENGTH`](slack_connect::objects::ApproveMessage::TEXT_MAX_LENGTH)),
/// since an approval appends to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct StateLimits {
    /// The most invite requests held (pending or decided).
    pub max_invite_requests: usize,
    /// The most invites held (open, accepted or closed).
    pub max_invites: usize,
}

impl Default for StateLimits {
    fn default() -> StateLimits {
        StateLimits {
            max_invite_requests: DEFAULT_MAX_INVITE_REQUESTS,
            max_invites: DEFAULT_MAX_INVITES,
        }
    }
}

impl StateLimits {
    /// Holds at most `count` invite requests.
    #[must_use]
    pub fn max_invite_requests(mut self, count: usize) -> StateLimits {
        self.max_invite_requests = count;
        self
    }

    /// Holds at most `count` invites.
    #[must_use]
    pub fn max_invites(mut self, count: usize) -> StateLimits {
        self.max_invites = count;
        self
    }
}
