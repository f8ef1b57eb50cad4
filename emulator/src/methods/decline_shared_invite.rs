//! `conversations.declineSharedInvite`: either side's admin declines an accepted invite.

use slack_connect::{
    conversations::decline_shared_invite::Error, conversations::decline_shared_invite::Request,
    conversations::decline_shared_invite::Response,
};

use super::shared::{review_invite, ReviewProblem};
use super::Method;
use crate::auth::Caller;
use crate::reply::{Failure, Reply};
use crate::state::State;

pub(crate) struct DeclineSharedInvite;

impl Method for DeclineSharedInvite {
    type Request = Request;

    fn call(state: &mut State, caller: &Caller, request: Request) -> Result<Reply, Failure> {
        let target = request.target_team.as_ref();
        let invite_id = &request.invite_id;
        let team =
            review_invite(state, caller, invite_id, target, false).map_err(
                |problem| match problem {
                    ReviewProblem::Restricted => Error::RestrictedAction,
                    ReviewProblem::NotFound => Error::InviteNotFound,
                    ReviewProblem::NoApproval => Error::ApprovalNotFound,
                    ReviewProblem::MissingTargetTeam => Error::MissingTargetTeam,
                    ReviewProblem::Inactive
                    | ReviewProblem::AlreadyApproved
                    | ReviewProblem::NotRequired => Error::ApprovalInactive,
                    ReviewProblem::Expired => Error::InactiveInvite,
                },
            )?;
        crate::events::invite_reviewed(state, invite_id, &team, &caller.user(), false);
        Ok(Reply::success(&Response::new()))
    }
}
