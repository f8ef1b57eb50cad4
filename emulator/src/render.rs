//! Turns the world and the records into the generated response objects (`Team`, `User`,
//! `Channel`, `ConnectInvite`, `InviteRequest`), so responses have exactly the spec's shapes.

use slack_connect::objects::{
    Channel, ConnectInvite, ConnectInviteAcceptance, ConnectInviteDetails, ConnectInviteReview,
    Connection, InviteRequest, InviteTargetUser, Team, User, UserProfile,
};
use slack_connect::{ChannelId, InviteId, TeamId, UserId};

use crate::model::{self, Invite, Outcome, Recipient};
use crate::state::State;

/// A workspace as Slack shows it in invites.
pub(crate) fn team(state: &State, team_id: &str) -> Team {
    let found = state.world.team(team_id);
    {
        let mut built = Team::default();
        built.id = Some(TeamId::new(team_id));
        built.name = found.map(|t| t.name.clone());
        built.domain = found.map(|t| t.domain.clone());
        built.is_verified = Some(false);
        built.requires_sponsorship = Some(false);
        built
    }
}

/// A user as Slack shows it in invites.
pub(crate) fn user(state: &State, user_id: &str) -> User {
    let found = state.world.user(user_id);
    {
        let mut built = User::default();
        built.id = Some(UserId::new(user_id));
        built.team_id = found.map(|u| TeamId::new(&u.team_id));
        built.name = found.map(|u| u.name.clone());
        built.who_can_share_contact_card = Some("EVERYONE".into());
        built.profile = found.map(|u| {
            let mut built = UserProfile::default();
            built.real_name = Some(u.real_name.clone());
            built.display_name = Some(u.name.clone());
            built.team = Some(TeamId::new(&u.team_id));
            built.email = u.email.clone();
            built
        });
        built
    }
}

/// A channel, with the workspaces it is shared with (`detailed`) or just its identity.
pub(crate) fn channel(state: &State, channel_id: &str, detailed: bool) -> Channel {
    let found = state.world.channel(channel_id);
    let mut channel = {
        let mut built = Channel::default();
        built.id = Some(ChannelId::new(channel_id));
        built.name = found.map(|c| c.name.clone());
        built.is_private = found.map(|c| c.is_private);
        built.is_im = Some(false);
        built
    };
    if detailed {
        let connection = |team_id: &String| {
            let mut built = Connection::new();
            built.team = Some(team(state, team_id));
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
pub(crate) fn connect_invite(state: &State, invite: &Invite, viewer_team: &str) -> ConnectInvite {
    let direction = if invite.inviting_team == viewer_team {
        "outgoing"
    } else {
        "incoming"
    };
    let details = invite_details(state, invite);
    let acceptances = invite
        .acceptance
        .iter()
        .map(|a| acceptance(state, invite, a))
        .collect();
    {
        let mut built = ConnectInvite::default();
        built.direction = Some(direction.into());
        built.status = Some(status(invite.outcome).into());
        built.date_created = Some(invite.date_created);
        built.date_invalid = Some(invite.date_invalid);
        built.date_last_updated = Some(invite.date_last_updated);
        built.invite_type = Some("channel".into());
        built.invite = Some(details);
        built.channel = Some(channel_as_seen_by(state, invite, viewer_team));
        built.acceptances = Some(acceptances);
        built
    }
}

/// The `invite` object of `conversations.listConnectInvites` and of the invite events.
pub(crate) fn invite_details(state: &State, invite: &Invite) -> ConnectInviteDetails {
    let (recipient_email, recipient_user_id) = match &invite.recipient {
        Recipient::Email(email) => (Some(email.clone()), None),
        Recipient::User(user) => (None, Some(UserId::new(user))),
    };
    {
        let mut built = ConnectInviteDetails::default();
        built.id = Some(InviteId::new(&invite.id));
        built.date_created = Some(invite.date_created);
        built.date_invalid = Some(invite.date_invalid);
        built.inviting_team = Some(team(state, &invite.inviting_team));
        built.inviting_user = Some(user(state, &invite.inviting_user));
        built.link = invite.link.clone();
        built.recipient_user_id = recipient_user_id;
        built.recipient_email = recipient_email;
        built
    }
}

/// The workspaces in a channel: its host and those it is shared with.
pub(crate) fn teams_in_channel(state: &State, channel_id: &str) -> Vec<Team> {
    let host = state.world.channel(channel_id).map(|c| c.team_id.clone());
    host.into_iter()
        .chain(state.connections(channel_id))
        .map(|t| team(state, &t))
        .collect()
}

/// The invite's channel under the name and privacy the viewing workspace gave it.
fn channel_as_seen_by(state: &State, invite: &Invite, viewer_team: &str) -> Channel {
    let mut seen = channel(state, &invite.channel_id, false);
    if let Some(acceptance) = invite.acceptance.as_ref().filter(|a| a.team == viewer_team) {
        seen.name = Some(acceptance.channel_name.clone());
        seen.is_private = Some(acceptance.is_private);
    }
    seen
}

fn status(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Open => "sent",
        Outcome::Approved => "approved",
        Outcome::Declined => "declined",
    }
}

fn acceptance(
    state: &State,
    invite: &Invite,
    acceptance: &model::Acceptance,
) -> ConnectInviteAcceptance {
    let approval_status = match invite.outcome {
        Outcome::Open => "pending_approval",
        Outcome::Approved => "approved",
        Outcome::Declined => "declined",
    };
    let reviews = acceptance
        .reviews
        .iter()
        .map(|r| {
            ConnectInviteReview::new()
                .r#type(if r.approved { "approval" } else { "decline" })
                .date_review(r.date)
                .reviewing_team(team(state, &r.team))
        })
        .collect();
    {
        let mut built = ConnectInviteAcceptance::new();
        built.approval_status = Some(approval_status.into());
        built.date_accepted = Some(acceptance.date_accepted);
        built.date_invalid = Some(acceptance.date_invalid);
        built.date_last_updated = Some(invite.date_last_updated);
        built.accepting_team = Some(team(state, &acceptance.team));
        built.accepting_user = Some(user(state, &acceptance.user));
        built.reviews = Some(reviews);
        built
    }
}

/// An invite request as `conversations.requestSharedInvite.list` shows it.
pub(crate) fn invite_request(state: &State, request: &model::InviteRequest) -> InviteRequest {
    let decision = request.decision.as_ref();
    let mut target = InviteTargetUser::new();
    target.recipient_email = request.recipient_email.clone();
    target.recipient_user_id = request.recipient_user_id.as_deref().map(UserId::new);
    {
        let mut built = InviteRequest::new(
            InviteId::new(&request.id),
            request.date_created,
            request.expires_at,
            team(state, &request.inviting_team),
            user(state, &request.inviting_user),
            target,
        );
        built.date_last_updated = Some(request.date_last_updated);
        built.date_denied = decision.filter(|d| !d.approved).map(|d| d.date);
        built.reviewing_user = decision.map(|d| user(state, &d.reviewer));
        built.channel = Some(channel(state, &request.channel_id, true));
        built.is_external_limited = Some(request.is_external_limited);
        built.is_sponsored = Some(false);
        built.recipient_email = request.recipient_email.clone();
        built
    }
}
