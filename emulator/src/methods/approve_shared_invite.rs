//! `conversations.approveSharedInvite`: one side's admin approves an accepted invite; once every
//! side that requires approval has, the channel is shared.

use slack_connect::{
    conversations::approve_shared_invite::Error, conversations::approve_shared_invite::Request,
    conversations::approve_shared_invite::Response,
};

use super::shared::{review_invite, ReviewProblem};
use super::Method;
use crate::auth::Caller;
use crate::reply::{Failure, Reply};
use crate::state::State;

pub(crate) struct ApproveSharedInvite;

impl Method for ApproveSharedInvite {
    type Request = Request;

    fn call(state: &mut State, caller: &Caller, request: Request) -> Result<Reply, Failure> {
        let target = request.target_team.as_ref();
        let invite_id = &request.invite_id;
        let team =
            review_invite(state, caller, invite_id, target, true).map_err(
                |problem| match problem {
                    ReviewProblem::Restricted => Error::RestrictedAction,
                    ReviewProblem::NotFound => Error::InviteNotFound,
                    ReviewProblem::NoApproval => Error::ApprovalNotFound,
                    ReviewProblem::MissingTargetTeam => Error::MissingTargetTeam,
                    ReviewProblem::Inactive | ReviewProblem::Expired => Error::ApprovalInactive,
                    ReviewProblem::AlreadyApproved => Error::AlreadyApproved,
                    ReviewProblem::NotRequired => Error::InvalidAction,
                },
            )?;
        crate::events::invite_reviewed(state, invite_id, &team, &caller.user(), true);
        Ok(Reply::success(&Response::new()))
    }
}
