//! `conversations.acceptSharedInvite`: the other organization accepts an invite, naming the
//! channel in its workspace; the invite then waits for the approvals its sides require.

use slack_connect::conversations::accept_shared_invite as spec;
use slack_connect::conversations::list_connect_invites;
use slack_connect::{
    conversations::accept_shared_invite::Error, conversations::accept_shared_invite::Request,
    conversations::accept_shared_invite::Response, TeamId,
};

use super::shared::{acting_team, is_pending, TeamProblem};
use super::Method;
use crate::auth::Caller;
use crate::model::{Acceptance, Invite, Outcome, Recipient};
use crate::reply::{Failure, Reply};
use crate::state::{State, VALIDITY_SECONDS};

pub(crate) struct AcceptSharedInvite;

/// Slack's limit on channel names.
const MAX_NAME_CHARS: usize = 80;

impl Method for AcceptSharedInvite {
    type Request = Request;

    fn call(state: &mut State, caller: &Caller, request: Request) -> Result<Reply, Failure> {
        let team = acting_team(state, caller, request.team_id.as_ref()).map_err(|p| match p {
            // Slack names the missing argument in `arg`, a field the spec documents on
            // `conversations.listConnectInvites`' responses.
            TeamProblem::Missing => Failure::of(Error::InvalidArguments)
                .with(list_connect_invites::fields::ARG, spec::arguments::TEAM_ID)
                .explained(format_args!(
                    "{} is required with an org-level token",
                    spec::arguments::TEAM_ID
                )),
            TeamProblem::Unknown => Error::TeamNotFound.into(),
            TeamProblem::NotAccessible => Error::TeamAccessNotGranted.into(),
        })?;
        check_channel_name(&request.channel_name)?;
        let invite = find_invite(state, &request, &team)?;
        check_acceptable(state, invite, &team, request.is_private)?;
        if state.name_taken(&team, &request.channel_name) {
            return Err(Error::NameTaken.into());
        }
        let invite_id = invite.id.clone();
        let host_team = invite.inviting_team.clone();
        let is_private = request.is_private.unwrap_or(invite.external_limited);
        let needs_approval = |t: &TeamId| state.world.team(t).is_some_and(|t| t.requires_approval);
        let pending: Vec<TeamId> = [host_team, team.clone()]
            .into_iter()
            .filter(|t| needs_approval(t))
            .collect();
        let implicit_approval = !needs_approval(&team);
        let now = state.now();
        let Some(invite) = state.invites.get_mut(&invite_id) else {
            return Err(Error::InviteNotFound.into());
        };
        if pending.is_empty() {
            invite.outcome = Outcome::Approved;
        }
        invite.date_last_updated = now;
        invite.acceptance = Some(Acceptance {
            team,
            user: caller.user(),
            channel_name: request.channel_name.clone(),
            is_private,
            date_accepted: now,
            date_invalid: now + VALIDITY_SECONDS,
            pending,
            reviews: Vec::new(),
        });
        let response = Response::new(
            implicit_approval,
            invite.channel_id.clone(),
            invite.id.clone(),
        )
        .can_open_scdm(false);
        crate::events::invite_accepted(state, &invite_id, &caller.user());
        Ok(Reply::success(&response))
    }
}

/// Slack's channel-name rules: present, at most 80 characters, lowercase letters, digits,
/// hyphens and underscores, no emoji, and not only punctuation.
fn check_channel_name(name: &str) -> Result<(), Error> {
    if name.trim().is_empty() {
        return Err(Error::InvalidNameRequired);
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(Error::InvalidNameMaxlength);
    }
    if name.chars().any(is_emoji) {
        return Err(Error::InvalidEmojiNotAllowed);
    }
    if name.chars().all(|c| c.is_ascii_punctuation()) {
        return Err(Error::InvalidNamePunctuation);
    }
    let allowed =
        |c: char| c.is_lowercase() || c.is_ascii_digit() || c == '-' || c == '_' || c.is_numeric();
    if !name.chars().all(allowed) {
        return Err(Error::InvalidNameSpecials);
    }
    Ok(())
}

fn is_emoji(c: char) -> bool {
    matches!(u32::from(c), 0x1F000..=0x1FAFF | 0x2600..=0x27BF)
}

/// The invite named by `invite_id` (in `channel_id`, if given too), or else the open invite of
/// `channel_id` whose recipient may be in `team`.
fn find_invite<'s>(
    state: &'s State,
    request: &Request,
    team: &TeamId,
) -> Result<&'s Invite, Error> {
    let channel = request.channel_id.as_ref();
    let found = match &request.invite_id {
        Some(id) => state
            .invites
            .get(id)
            .filter(|i| channel.is_none_or(|c| *c == i.channel_id)),
        None => {
            let now = state.now();
            state.invites.values().find(|i| {
                Some(&i.channel_id) == channel
                    && i.acceptance.is_none()
                    && is_pending(i, now)
                    && state
                        .recipient_team(&i.recipient)
                        .is_none_or(|t| t == *team)
            })
        }
    };
    found.ok_or(Error::InviteNotFound)
}

/// Checks that `team` may accept `invite` now.
fn check_acceptable(
    state: &State,
    invite: &Invite,
    team: &TeamId,
    is_private: Option<bool>,
) -> Result<(), Error> {
    if invite.acceptance.is_some() {
        return Err(Error::InviteUsed);
    }
    if !is_pending(invite, state.now()) {
        return Err(Error::InvalidLink);
    }
    if state.world.organization_of(team) == state.world.organization_of(&invite.inviting_team) {
        return Err(Error::InviteFromSameOrg);
    }
    let team_org = state.world.organization_of(team);
    match &invite.recipient {
        Recipient::User(user) => {
            if state.world.user(user).map(|u| u.team_id.as_str()) != Some(team.as_str()) {
                return Err(Error::InvalidRecipientTeam);
            }
        }
        Recipient::Email(email) => {
            let owner = state.world.user_by_email(email);
            if owner.is_some_and(|u| state.world.organization_of(&u.team_id) != team_org) {
                return Err(Error::EmailDoesNotMatch);
            }
        }
    }
    if invite.external_limited && is_private == Some(false) {
        return Err(Error::InvalidPrivacy);
    }
    Ok(())
}
