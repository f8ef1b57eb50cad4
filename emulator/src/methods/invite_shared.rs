//! `conversations.inviteShared`: invites one external email address or user to a channel.

use slack_connect::conversations::invite_shared as spec;
use slack_connect::runtime::{InvalidArgument, Rule};
use slack_connect::{
    conversations::invite_shared::Error, conversations::invite_shared::Request,
    conversations::invite_shared::Response, ChannelId, TeamId,
};

use super::shared::{create_invite, NewInvite};
use super::Method;
use crate::auth::Caller;
use crate::model::Recipient;
use crate::reply::{Failure, Reply};
use crate::state::State;

pub(crate) struct InviteShared;

impl Method for InviteShared {
    type Request = Request;

    /// Slack documents `restricted_action` for a call with neither `emails` nor `user_ids`, and
    /// `too_many_emails` for more than one address.
    fn invalid(problem: &InvalidArgument) -> Failure {
        let error = match (&problem.rule, problem.argument.as_ref()) {
            (Rule::ExactlyOneOf { given: 0, .. }, _) => Error::RestrictedAction,
            (Rule::TooManyItems { .. }, spec::arguments::EMAILS) => Error::TooManyEmails,
            _ => Error::InvalidArguments,
        };
        Failure::of(error).explained(problem)
    }

    fn call(state: &mut State, caller: &Caller, request: Request) -> Result<Reply, Failure> {
        let channel = state
            .world
            .channel(request.channel.as_str())
            .ok_or(Error::ChannelNotFound)?;
        let hosted = caller.teams.iter().any(|t| t.as_str() == channel.team_id);
        // An external team of a shared channel may invite others only while the host lets it
        // (`conversations.externalInvitePermissions.set`): its invite is not external-limited.
        let joined = state.invites.values().find(|i| {
            i.channel_id == request.channel
                && i.outcome == crate::model::Outcome::Approved
                && i.disconnected.is_none()
                && i.acceptance
                    .as_ref()
                    .is_some_and(|a| caller.teams.contains(&a.team))
        });
        let inviting_team = match (hosted, joined) {
            (true, _) => TeamId::new(&channel.team_id),
            (false, Some(invite)) if invite.external_limited => {
                return Err(Error::NoExternalInvitePermission.into())
            }
            (false, Some(invite)) => invite
                .acceptance
                .as_ref()
                .map(|a| a.team.clone())
                .ok_or(Error::ChannelNotFound)?,
            (false, None) => return Err(Error::ChannelNotFound.into()),
        };
        if channel.is_general {
            return Err(Error::CannotShareMandatoryChannel.into());
        }
        if channel.is_archived {
            return Err(Error::ChannelArchived.into());
        }
        if hosted && !channel.app_is_member {
            return Err(Error::NotInChannel.into());
        }
        let channel_id = ChannelId::new(&channel.id);
        let recipient = recipient(state, &request)?;
        let connected = state.connections(&channel_id);
        if state
            .recipient_team(&recipient)
            .is_some_and(|t| connected.contains(&t))
        {
            return Err(Error::AlreadyInChannel.into());
        }
        let invite = create_invite(
            state,
            NewInvite {
                id: None,
                channel_id,
                inviting_team,
                inviting_user: caller.user(),
                recipient,
                external_limited: request
                    .external_limited
                    .unwrap_or(spec::EXTERNAL_LIMITED_DEFAULT),
            },
        );
        crate::events::invite_received(state, &invite.id);
        Ok(Reply::success(&{
            let mut built = Response::new(invite.id.clone()).is_legacy_shared_channel(false);
            built.url = invite.link;
            built.conf_code = invite.conf_code;
            built
        }))
    }
}

/// The one recipient `validate()` guarantees: a well-formed email or a known user.
fn recipient(state: &State, request: &Request) -> Result<Recipient, Error> {
    let email = request.emails.as_ref().and_then(|e| e.first());
    let user = request.user_ids.as_ref().and_then(|u| u.first());
    match (email, user) {
        (Some(email), _) if is_email(email) => Ok(Recipient::Email(email.clone())),
        (Some(_), _) => Err(Error::InvalidEmail),
        (None, Some(user)) if state.world.user(user.as_str()).is_some() => {
            Ok(Recipient::User(user.clone()))
        }
        (None, Some(_)) => Err(Error::UserNotFound),
        (None, None) => Err(Error::RestrictedAction),
    }
}

/// A plausible address: one `@`, a local part, and a dotted domain, without spaces.
fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.chars().any(char::is_whitespace)
}
