//! Turns the world and the records into the generated response objects (`Team`, `User`,
//! `Channel`, `ConnectInvite`, `InviteRequest`), so responses have exactly the spec's shapes.

use slack_connect::objects::{
    Channel, ConnectInvite, ConnectInviteAcceptance, ConnectInviteDetails, ConnectInviteReview,
    Connection, InviteRequest, InviteTargetUser, Team, User, UserProfile,
};
use slack_connect::{ChannelId, TeamId, UserId};

use crate::model::{self, Invite, Outcome, Recipient};
use crate::state::State;

/// A workspace as Slack shows it in invites.
pub(crate) fn team(state: &State, team_id: &TeamId) -> Team {
    let found = state.world.team(team_id);
    Team {
        id: Some(team_id.clone()),
        name: found.map(|t| t.name.clone()),
        domain: found.map(|t| t.domain.clone()),
        is_verified: Some(false),
        requires_sponsorship: Some(false),
        ..Team::default()
    }
}

/// A user as Slack shows it in invites.
pub(crate) fn user(state: &State, user_id: &UserId) -> User {
    let found = state.world.user(user_id);
    User {
        id: Some(user_id.clone()),
        team_id: found.map(|u| TeamId::new(&u.team_id)),
        name: found.map(|u| u.name.clone()),
        profile: found.map(|u| UserProfile {
            real_name: Some(u.real_name.clone()),
            display_name: Some(u.name.clone()),
            team: Some(TeamId::new(&u.team_id)),
            email: u.email.clone(),
            ..UserProfile::default()
        }),
        ..User::default()
    }
}

/// A channel, with the workspaces it is shared with (`detailed`) or just its identity.
pub(crate) fn channel(state: &State, channel_id: &ChannelId, detailed: bool) -> Channel {
    let found = state.world.channel(channel_id);
    let mut channel = Channel {
        id: Some(channel_id.clone()),
        name: found.map(|c| c.name.clone()),
        is_private: found.map(|c| c.is_private),
        is_im: Some(false),
        ..Channel::default()
    };
    if detailed {
        let connection = |team_id: &TeamId| Connection {
            team: Some(team(state, team_id)),
            is_private: channel.is_private,
        };
        channel.connections = Some(
            state
                .connections(channel_id)
                .iter()
                .map(connection)
                .collect(),
        );
        channel.pending_connections = Some(Vec::new());
        channel.previous_connections = Some(Vec::new());
    }
    channel
}

/// An invite as `conversations.listConnectInvites` shows it to `viewer_team`.
pub(crate) fn connect_invite(
    state: &State,
    invite: &Invite,
    viewer_team: &TeamId,
) -> ConnectInvite {
    let direction = if invite.inviting_team == *viewer_team {
        ConnectInvite::DIRECTION_OUTGOING
    } else {
        ConnectInvite::DIRECTION_INCOMING
    };
    let details = invite_details(state, invite);
    let acceptances = invite
        .acceptance
        .iter()
        .map(|a| acceptance(state, invite, a))
        .collect();
    ConnectInvite {
        direction: Some(direction.into()),
        status: Some(status(invite.outcome).into()),
        date_created: Some(invite.date_created),
        date_invalid: Some(invite.date_invalid),
        date_last_updated: Some(invite.date_last_updated),
        invite_type: Some(ConnectInvite::INVITE_TYPE_CHANNEL.into()),
        invite: Some(details),
        channel: Some(channel_as_seen_by(state, invite, viewer_team)),
        acceptances: Some(acceptances),
        ..ConnectInvite::default()
    }
}

/// The `invite` object of `conversations.listConnectInvites` and of the invite events.
pub(crate) fn invite_details(state: &State, invite: &Invite) -> ConnectInviteDetails {
    let (recipient_email, recipient_user_id) = match &invite.recipient {
        Recipient::Email(email) => (Some(email.clone()), None),
        Recipient::User(user) => (None, Some(user.clone())),
    };
    ConnectInviteDetails {
        id: Some(invite.id.clone()),
        date_created: Some(invite.date_created),
        date_invalid: Some(invite.date_invalid),
        inviting_team: Some(team(state, &invite.inviting_team)),
        inviting_user: Some(user(state, &invite.inviting_user)),
        link: invite.link.clone(),
        recipient_user_id,
        recipient_email,
        ..ConnectInviteDetails::default()
    }
}

/// The workspaces in a channel: its host and those it is shared with.
pub(crate) fn teams_in_channel(state: &State, channel_id: &ChannelId) -> Vec<Team> {
    let host = state
        .world
        .channel(channel_id)
        .map(|c| TeamId::new(&c.team_id));
    host.into_iter()
        .chain(state.connections(channel_id))
        .map(|t| team(state, &t))
        .collect()
}

/// The invite's channel under the name and privacy the viewing workspace gave it.
fn channel_as_seen_by(state: &State, invite: &Invite, viewer_team: &TeamId) -> Channel {
    let mut seen = channel(state, &invite.channel_id, false);
    if let Some(acceptance) = invite
        .acceptance
        .as_ref()
        .filter(|a| a.team == *viewer_team)
    {
        seen.name = Some(acceptance.channel_name.clone());
        seen.is_private = Some(acceptance.is_private);
    }
    seen
}

fn status(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Open => ConnectInvite::STATUS_SENT,
        Outcome::Approved => ConnectInvite::STATUS_APPROVED,
        Outcome::Declined => ConnectInvite::STATUS_DECLINED,
    }
}

fn acceptance(
    state: &State,
    invite: &Invite,
    acceptance: &model::Acceptance,
) -> ConnectInviteAcceptance {
    let approval_status = match invite.outcome {
        Outcome::Open => ConnectInviteAcceptance::APPROVAL_STATUS_PENDING_APPROVAL,
        Outcome::Approved => ConnectInviteAcceptance::APPROVAL_STATUS_APPROVED,
        Outcome::Declined => ConnectInviteAcceptance::APPROVAL_STATUS_DECLINED,
    };
    let reviews = acceptance
        .reviews
        .iter()
        .map(|r| ConnectInviteReview {
            r#type: Some(
                if r.approved {
                    ConnectInviteReview::TYPE_APPROVAL
                } else {
                    ConnectInviteReview::TYPE_DECLINE
                }
                .into(),
            ),
            date_review: Some(r.date),
            reviewing_team: Some(team(state, &r.team)),
        })
        .collect();
    ConnectInviteAcceptance {
        approval_status: Some(approval_status.into()),
        date_accepted: Some(acceptance.date_accepted),
        date_invalid: Some(acceptance.date_invalid),
        date_last_updated: Some(invite.date_last_updated),
        accepting_team: Some(team(state, &acceptance.team)),
        accepting_user: Some(user(state, &acceptance.user)),
        reviews: Some(reviews),
    }
}

/// An invite request as `conversations.requestSharedInvite.list` shows it.
pub(crate) fn invite_request(state: &State, request: &model::InviteRequest) -> InviteRequest {
    let decision = request.decision.as_ref();
    InviteRequest {
        id: Some(request.id.clone()),
        date_created: Some(request.date_created),
        date_last_updated: Some(request.date_last_updated),
        expires_at: Some(request.expires_at),
        date_denied: decision.filter(|d| !d.approved).map(|d| d.date),
        inviting_team: Some(team(state, &request.inviting_team)),
        inviting_user: Some(user(state, &request.inviting_user)),
        reviewing_user: decision.map(|d| user(state, &d.reviewer)),
        channel: Some(channel(state, &request.channel_id, true)),
        is_external_limited: Some(request.is_external_limited),
        is_sponsored: Some(false),
        recipient_email: request.recipient_email.clone(),
        target_user: Some(InviteTargetUser {
            recipient_email: request.recipient_email.clone(),
            recipient_user_id: request.recipient_user_id.clone(),
        }),
    }
}
