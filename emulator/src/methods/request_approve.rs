//! `conversations.requestSharedInvite.approve`: an admin approves an invite request, which
//! becomes a shared-channel invite with the same ID.

use slack_connect::conversations::request_shared_invite::approve as spec;
use slack_connect::objects::ApproveMessage;
use slack_connect::runtime::InvalidArgument;
use slack_connect::{
    conversations::request_shared_invite::approve::Error,
    conversations::request_shared_invite::approve::Request,
    conversations::request_shared_invite::approve::Response,
};

use super::shared::{
    create_invite, decide, reviewable_request, room_for_invite, NewInvite, RequestProblem,
};
use super::Method;
use crate::auth::Caller;
use crate::model::Recipient;
use crate::reply::{Failure, Reply};
use crate::state::State;

pub(crate) struct RequestApprove;

impl Method for RequestApprove {
    type Request = Request;

    /// `message.text` over the spec's limit is `message_too_long`.
    fn invalid(problem: &InvalidArgument) -> Failure {
        let error = if problem.argument.starts_with(spec::arguments::MESSAGE) {
            Error::MessageTooLong
        } else {
            Error::InvalidArguments
        };
        Failure::of(error).explained(problem)
    }

    fn call(state: &mut State, caller: &Caller, request: Request) -> Result<Reply, Failure> {
        let now = state.now();
        let pending = reviewable_request(state, caller, &request.invite_id)
            .map_err(request_error)?
            .clone();
        if let Some(message) = request.message.as_ref().filter(|m| !m.is_override) {
            // Appended to the requester's message, the total must stay under the limit.
            let total = message.text.chars().count() + pending.message.chars().count();
            if total >= ApproveMessage::TEXT_MAX_LENGTH {
                return Err(Error::MessageTooLong.into());
            }
        }
        let channel_id = match &request.channel_id {
            Some(id) => state
                .world
                .channel(id)
                .filter(|c| c.team_id == pending.inviting_team.as_str() && !c.is_archived)
                .map(|_| id.clone())
                .ok_or(Error::ChannelNotFound)?,
            None => pending.channel_id.clone(),
        };
        let recipient = match (&pending.recipient_user_id, &pending.recipient_email) {
            (Some(user), _) => Recipient::User(user.clone()),
            (None, Some(email)) => Recipient::Email(email.clone()),
            (None, None) => return Err(Error::UserNotFound.into()),
        };
        room_for_invite(state)
            .map_err(|why| Failure::of(Error::RestrictedAction).explained(why))?;
        let invite = create_invite(
            state,
            NewInvite {
                id: Some(pending.id.clone()),
                channel_id,
                inviting_team: pending.inviting_team.clone(),
                inviting_user: pending.inviting_user.clone(),
                recipient,
                external_limited: request
                    .is_external_limited
                    .unwrap_or(pending.is_external_limited),
            },
        );
        if let Some(stored) = state.requests.get_mut(&pending.id) {
            decide(stored, caller, true, now);
        }
        crate::events::invite_received(state, &invite.id);
        Ok(Reply::success(&{
            let mut built = Response::new(invite.id.clone());
            built.confirmation_code = invite.conf_code;
            built.url = invite.link;
            built
        }))
    }
}

fn request_error(problem: RequestProblem) -> Error {
    match problem {
        RequestProblem::Restricted => Error::RestrictedAction,
        RequestProblem::NotFound => Error::InviteNotFound,
        RequestProblem::AlreadyApproved => Error::InviteAlreadyApproved,
        RequestProblem::AlreadyDenied => Error::InviteAlreadyDenied,
        RequestProblem::Expired => Error::InviteExpired,
    }
}
