//! The Events API side of the emulator: where events go ([`EventSubscription`]) and the event
//! each state change makes, built from the generated event types and filled from the state.
//!
//! | change | event | delivered to the app in |
//! |---|---|---|
//! | an invite request is created (control endpoint) | `shared_channel_invite_requested` | the requesting workspace |
//! | `conversations.inviteShared`, or an approved invite request, invites a user the world knows | `shared_channel_invite_received` | the recipient's workspace |
//! | `conversations.acceptSharedInvite` | `shared_channel_invite_accepted` | the inviting workspace |
//! | `conversations.approveSharedInvite` | `shared_channel_invite_approved` | the inviting workspace |
//! | `conversations.declineSharedInvite` | `shared_channel_invite_declined` | the inviting workspace |
//! | `admin.conversations.disconnectShared`, `team.externalTeams.disconnect` (per channel) | `channel_unshared` | the host workspace and the one removed |
//!
//! An event goes only to a workspace where the app is installed (the world has a bot token for
//! it or for its organization).

use std::fmt;
use std::time::Duration;

use slack_connect::objects::InviteRequestTarget;
use slack_connect::signing::SigningSecret;
use slack_connect::{
    ChannelId, ChannelUnsharedEvent, Event, InviteId, SharedChannelInviteAcceptedEvent,
    SharedChannelInviteApprovedEvent, SharedChannelInviteDeclinedEvent,
    SharedChannelInviteReceivedEvent, SharedChannelInviteRequestedEvent, TeamId, UserId,
};

use crate::model::InviteRequest;
use crate::render;
use crate::state::State;

/// How long a receiver has to answer an attempt, as Slack allows.
pub const DEFAULT_ACK_TIMEOUT: Duration = Duration::from_secs(3);

/// Where the emulator delivers Events API events, like an app's "Request URL" and signing
/// secret in Slack's app settings. `Debug` does not show the secret.
#[derive(Clone)]
pub struct EventSubscription {
    /// The `http://` (or `https://`) URL deliveries are posted to.
    pub request_url: String,
    /// The secret deliveries are signed with.
    pub signing_secret: SigningSecret,
    /// How long the receiver has to answer before the attempt counts as `http_timeout`
    /// (Slack: three seconds). Real time, not scaled.
    pub ack_timeout: Duration,
}

impl fmt::Debug for EventSubscription {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventSubscription")
            .field("request_url", &self.request_url)
            .field("signing_secret", &self.signing_secret)
            .field("ack_timeout", &self.ack_timeout)
            .finish()
    }
}

impl EventSubscription {
    /// Deliveries to `request_url`, signed with `signing_secret`.
    pub fn new(request_url: impl Into<String>, signing_secret: SigningSecret) -> EventSubscription {
        EventSubscription {
            request_url: request_url.into(),
            signing_secret,
            ack_timeout: DEFAULT_ACK_TIMEOUT,
        }
    }

    /// Gives the receiver this long to answer each attempt.
    #[must_use]
    pub fn ack_timeout(mut self, timeout: Duration) -> EventSubscription {
        self.ack_timeout = timeout;
        self
    }

    /// Checks that the request URL is an absolute `http`/`https` URL.
    pub(crate) fn check(&self) -> Result<(), String> {
        let url = reqwest::Url::parse(&self.request_url)
            .map_err(|e| format!("request URL {:?}: {e}", self.request_url))?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(format!(
                "request URL {:?}: not an http(s) URL",
                self.request_url
            ));
        }
        if self.ack_timeout.is_zero() {
            return Err("the acknowledgement timeout must be positive".into());
        }
        Ok(())
    }
}

/// `shared_channel_invite_requested`, for a new invite request.
pub(crate) fn invite_requested(state: &mut State, request: &InviteRequest) {
    let request = request.clone();
    let team = request.inviting_team.clone();
    state.emit(&team, move |state, event_ts| {
        let email = request.recipient_email.clone().or_else(|| {
            let user = state.world.user(request.recipient_user_id.as_ref()?)?;
            user.email.clone()
        });
        Event::SharedChannelInviteRequested(
            SharedChannelInviteRequestedEvent::new(render::channel(
                state,
                &request.channel_id,
                false,
            ))
            .actor(render::user(state, &request.inviting_user))
            .is_external_limited(request.is_external_limited)
            .target_users(vec![{
                let mut built = InviteRequestTarget::new().invite_id(request.id.clone());
                built.email = email;
                built
            }])
            .teams_in_channel(render::teams_in_channel(state, &request.channel_id))
            .event_ts(event_ts),
        )
    });
}

/// `shared_channel_invite_received`, when a new invite's recipient is someone the world knows.
pub(crate) fn invite_received(state: &mut State, invite_id: &InviteId) {
    let Some(invite) = state.invites.get(invite_id).cloned() else {
        return;
    };
    let Some(team) = state.recipient_team(&invite.recipient) else {
        return;
    };
    state.emit(&team, move |state, event_ts| {
        Event::SharedChannelInviteReceived(
            SharedChannelInviteReceivedEvent::new(
                render::invite_details(state, &invite),
                render::channel(state, &invite.channel_id, false),
            )
            .event_ts(event_ts),
        )
    });
}

/// `shared_channel_invite_accepted`, after `accepting_user` accepted.
pub(crate) fn invite_accepted(state: &mut State, invite_id: &InviteId, accepting_user: &UserId) {
    let Some(invite) = state.invites.get(invite_id).cloned() else {
        return;
    };
    let accepting_user = accepting_user.clone();
    let team = invite.inviting_team.clone();
    state.emit(&team, move |state, event_ts| {
        let approval_required = invite
            .acceptance
            .as_ref()
            .is_some_and(|a| !a.pending.is_empty());
        Event::SharedChannelInviteAccepted(
            SharedChannelInviteAcceptedEvent::new(
                render::invite_details(state, &invite),
                render::channel(state, &invite.channel_id, false),
            )
            .approval_required(approval_required)
            .teams_in_channel(render::teams_in_channel(state, &invite.channel_id))
            .accepting_user(render::user(state, &accepting_user))
            .event_ts(event_ts),
        )
    });
}

/// `shared_channel_invite_approved` or `shared_channel_invite_declined`, after `user` of
/// `reviewing_team` reviewed an accepted invite.
pub(crate) fn invite_reviewed(
    state: &mut State,
    invite_id: &InviteId,
    reviewing_team: &TeamId,
    user: &UserId,
    approved: bool,
) {
    let Some(invite) = state.invites.get(invite_id).cloned() else {
        return;
    };
    let (reviewing_team, user) = (reviewing_team.clone(), user.clone());
    let team = invite.inviting_team.clone();
    state.emit(&team, move |state, event_ts| {
        let details = render::invite_details(state, &invite);
        let channel = render::channel(state, &invite.channel_id, false);
        let teams_in_channel = Some(render::teams_in_channel(state, &invite.channel_id));
        let user = Some(render::user(state, &user));
        let event_ts = Some(event_ts);
        if approved {
            Event::SharedChannelInviteApproved({
                let mut built = SharedChannelInviteApprovedEvent::new(details, channel)
                    .approving_team_id(reviewing_team);
                built.teams_in_channel = teams_in_channel;
                built.approving_user = user;
                built.event_ts = event_ts;
                built
            })
        } else {
            Event::SharedChannelInviteDeclined({
                let mut built = SharedChannelInviteDeclinedEvent::new(details, channel)
                    .declining_team_id(reviewing_team);
                built.teams_in_channel = teams_in_channel;
                built.declining_user = user;
                built.event_ts = event_ts;
                built
            })
        }
    });
}

/// `channel_unshared`, after workspace `leaving` was removed from `channel`: to the app in the
/// workspace that stays (`staying`) and in the one that left.
pub(crate) fn channel_unshared(
    state: &mut State,
    channel: &ChannelId,
    staying: &TeamId,
    leaving: &TeamId,
) {
    let still_shared = !state.connections(channel).is_empty();
    for team in [staying, leaving] {
        let (channel, leaving) = (channel.clone(), leaving.clone());
        state.emit(team, move |_, event_ts| {
            Event::ChannelUnshared(
                ChannelUnsharedEvent::new(leaving, channel)
                    .is_ext_shared(still_shared)
                    .event_ts(event_ts),
            )
        });
    }
}
