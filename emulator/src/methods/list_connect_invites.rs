//! `conversations.listConnectInvites`: the invites a workspace sent or received that are still
//! waiting for acceptance or approval, `count` at a time.

use slack_connect::conversations::list_connect_invites as spec;
use slack_connect::{
    conversations::list_connect_invites::Error, conversations::list_connect_invites::Request,
    conversations::list_connect_invites::Response, ResponseMetadata,
};

use super::shared::{acting_team, involves_team, is_pending, TeamProblem};
use super::Method;
use crate::auth::Caller;
use crate::cursor;
use crate::render;
use crate::reply::{Failure, Reply};
use crate::state::State;

pub(crate) struct ListConnectInvites;

impl Method for ListConnectInvites {
    type Request = Request;

    fn call(state: &mut State, caller: &Caller, request: Request) -> Result<Reply, Failure> {
        // Slack names the missing or bad argument in `arg` for this method.
        let team = acting_team(state, caller, request.team_id.as_ref()).map_err(|p| match p {
            TeamProblem::Missing | TeamProblem::Unknown => Failure::of(Error::InvalidArguments)
                .with(spec::fields::ARG, spec::arguments::TEAM_ID),
            TeamProblem::NotAccessible => Error::TeamAccessNotGranted.into(),
        })?;
        if !caller.token.is_admin {
            return Err(Error::RestrictedAction.into());
        }
        let now = state.now();
        let invites = state
            .invites
            .values()
            .filter(|i| is_pending(i, now) && involves_team(state, i, &team))
            .map(|i| (i.id.to_string(), render::connect_invite(state, i, &team)))
            .collect();
        let count = usize::try_from(request.count.unwrap_or(spec::COUNT_DEFAULT)).unwrap_or(1);
        // This method documents no `invalid_cursor`; a bad cursor is a bad argument.
        let page = cursor::page(invites, request.cursor.as_deref(), count).map_err(|_| {
            Failure::of(Error::InvalidArguments)
                .with(spec::fields::ARG, spec::arguments::CURSOR)
                .explained("invalid cursor")
        })?;
        Ok(Reply::success(&{
            let mut built = Response::new(page.items)
                .response_metadata(ResponseMetadata::new().next_cursor(page.next_cursor));
            built.arg = None;
            built
        }))
    }
}
