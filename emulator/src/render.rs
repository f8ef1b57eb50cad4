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
    {
        let mut built = Team::default()
            .id(team_id.clone())
            .is_verified(false)
            .requires_sponsorship(false);
        built.name = found.map(|t| t.name.clone());
        built.domain = found.map(|t| t.domain.clone());
        built
    }
}

/// A user as Slack shows it in invites.
pub(crate) fn user(state: &State, user_id: &UserId) -> User {
    let found = state.world.user(user_id);
    {
        let mut built = User::default().id(user_id.clone());
        built.team_id = found.map(|u| TeamId::new(&u.team_id));
        built.name = found.map(|u| u.name.clone());
        built.profile = found.map(|u| {
            let mut built = UserProfile::default()
                .real_name(u.real_name.clone())
                .display_name(u.name.clone())
                .team(TeamId::new(&u.team_id));
            built.email = u.email.clone();
            built
        });
        built
    }
}

/// A channel, with the workspaces it is shared with (`detailed`) or just its identity.
pub(crate) fn channel(state: &State, channel_id: &ChannelId, detailed: bool) -> Channel {
    let found = state.world.channel(channel_id);
    let mut channel = {
        let mut built = Channel::default().id(channel_id.clone()).is_im(false);
        built.name = found.map(|c| c.name.clone());
        built.is_private = found.map(|c| c.is_private);
        built
    };
    if detailed {
        let connection = |team_id: &TeamId| {
            let mut built = Connection::new().team(team(state, team_id));
            built.is_private = channel.is_private;
            built
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
    ConnectInvite::default()
        .direction(direction)
        .status(status(invite.outcome))
        .date_created(invite.date_created)
        .date_invalid(invite.date_invalid)
        .date_last_updated(invite.date_last_updated)
        .invite_type(ConnectInvite::INVITE_TYPE_CHANNEL)
        .invite(details)
        .channel(channel_as_seen_by(state, invite, viewer_team))
        .acceptances(acceptances)
}

/// The `invite` object of `conversations.listConnectInvites` and of the invite events.
pub(crate) fn invite_details(state: &State, invite: &Invite) -> ConnectInviteDetails {
    let (recipient_email, recipient_user_id) = match &invite.recipient {
        Recipient::Email(email) => (Some(email.clone()), None),
        Recipient::User(user) => (None, Some(user.clone())),
    };
    {
        let mut built = ConnectInviteDetails::default()
            .id(invite.id.clone())
            .date_created(invite.date_created)
            .date_invalid(invite.date_invalid)
            .inviting_team(team(state, &invite.inviting_team))
            .inviting_user(user(state, &invite.inviting_user));
        built.link = invite.link.clone();
        built.recipient_user_id = recipient_user_id;
        built.recipient_email = recipient_email;
        built
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
        .map(|r| {
            let kind = if r.approved {
                ConnectInviteReview::TYPE_APPROVAL
            } else {
                ConnectInviteReview::TYPE_DECLINE
            };
            ConnectInviteReview::new()
                .r#type(kind)
                .date_review(r.date)
                .reviewing_team(team(state, &r.team))
        })
        .collect();
    ConnectInviteAcceptance::new()
        .approval_status(approval_status)
        .date_accepted(acceptance.date_accepted)
        .date_invalid(acceptance.date_invalid)
        .date_last_updated(invite.date_last_updated)
        .accepting_team(team(state, &acceptance.team))
        .accepting_user(user(state, &acceptance.user))
        .reviews(reviews)
}

/// An invite request as `conversations.requestSharedInvite.list` shows it.
pub(crate) fn invite_request(state: &State, request: &model::InviteRequest) -> InviteRequest {
    let decision = request.decision.as_ref();
    let mut target = InviteTargetUser::new();
    target.recipient_email = request.recipient_email.clone();
    target.recipient_user_id = request.recipient_user_id.clone();
    {
        let mut built = InviteRequest::new(
            request.id.clone(),
            request.date_created,
            request.expires_at,
            team(state, &request.inviting_team),
            user(state, &request.inviting_user),
            target,
        )
        .date_last_updated(request.date_last_updated)
        .channel(channel(state, &request.channel_id, true))
        .is_external_limited(request.is_external_limited)
        .is_sponsored(false);
        built.date_denied = decision.filter(|d| !d.approved).map(|d| d.date);
        built.reviewing_user = decision.map(|d| user(state, &d.reviewer));
        built.recipient_email = request.recipient_email.clone();
        built
    }
}
