//! `conversations.requestSharedInvite.deny`: an admin denies an invite request.

use slack_connect::conversations::request_shared_invite::deny as spec;
use slack_connect::runtime::{InvalidArgument, Rule};
use slack_connect::{
    conversations::request_shared_invite::deny::Error,
    conversations::request_shared_invite::deny::Request,
    conversations::request_shared_invite::deny::Response,
};

use super::shared::{decide, reviewable_request, RequestProblem};
use super::Method;
use crate::auth::Caller;
use crate::reply::{Failure, Reply};
use crate::state::State;

pub(crate) struct RequestDeny;

impl Method for RequestDeny {
    type Request = Request;

    /// A `message` over 560 characters is `message_too_long`.
    fn invalid(problem: &InvalidArgument) -> Failure {
        let error = match (&problem.rule, problem.argument.as_ref()) {
            (Rule::TooLong { .. }, spec::arguments::MESSAGE) => Error::MessageTooLong,
            _ => Error::InvalidArguments,
        };
        Failure::of(error).explained(problem)
    }

    fn call(state: &mut State, caller: &Caller, request: Request) -> Result<Reply, Failure> {
        let now = state.now();
        let pending =
            reviewable_request(state, caller, &request.invite_id).map_err(
                |problem| match problem {
                    RequestProblem::Restricted => Error::RestrictedAction,
                    RequestProblem::NotFound => Error::InviteNotFound,
                    RequestProblem::AlreadyApproved => Error::InviteAlreadyApproved,
                    RequestProblem::AlreadyDenied => Error::InviteAlreadyDenied,
                    RequestProblem::Expired => Error::InviteExpired,
                },
            )?;
        decide(pending, caller, false, now);
        Ok(Reply::success(
            &Response::new().invite_id(request.invite_id),
        ))
    }
}
