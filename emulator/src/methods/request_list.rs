//! `conversations.requestSharedInvite.list`: invite requests of the caller's Enterprise
//! organization, filtered and `limit` at a time. Pending requests are always listed; expired,
//! approved and denied ones only when asked for.

use slack_connect::conversations::request_shared_invite::list as spec;
use slack_connect::{
    conversations::request_shared_invite::list::Error,
    conversations::request_shared_invite::list::Request,
    conversations::request_shared_invite::list::Response, ResponseMetadata,
};

use super::shared::may_review_requests;
use super::Method;
use crate::auth::Caller;
use crate::cursor;
use crate::model::InviteRequest;
use crate::render;
use crate::reply::{Failure, Reply};
use crate::state::State;

pub(crate) struct RequestList;

impl Method for RequestList {
    type Request = Request;

    fn call(state: &mut State, caller: &Caller, request: Request) -> Result<Reply, Failure> {
        if !may_review_requests(state, caller) {
            return Err(Error::RestrictedAction.into());
        }
        let now = state.now();
        let listed = |r: &&InviteRequest| {
            state.world.organization_of(&r.inviting_team) == caller.organization
                && wanted(&request, r, now)
        };
        let requests = state
            .requests
            .values()
            .filter(listed)
            .map(|r| (r.id.to_string(), render::invite_request(state, r)))
            .collect();
        let limit = usize::try_from(request.limit.unwrap_or(spec::LIMIT_DEFAULT)).unwrap_or(1);
        let page = cursor::page(requests, request.cursor.as_deref(), limit)
            .map_err(|_| Error::InvalidCursor)?;
        Ok(Reply::success(
            &Response::new(page.items)
                .response_metadata(ResponseMetadata::new().next_cursor(page.next_cursor)),
        ))
    }
}

/// Whether the filters of `request` keep invite request `r`.
fn wanted(request: &Request, r: &InviteRequest, now: i64) -> bool {
    let by_user = request
        .user_id
        .as_ref()
        .is_none_or(|u| *u == r.inviting_user);
    let by_id = request
        .invite_ids
        .as_ref()
        .is_none_or(|ids| ids.contains(&r.id));
    let by_state = match &r.decision {
        Some(d) if d.approved => request
            .include_approved
            .unwrap_or(spec::INCLUDE_APPROVED_DEFAULT),
        Some(_) => request
            .include_denied
            .unwrap_or(spec::INCLUDE_DENIED_DEFAULT),
        None if r.is_expired(now) => request
            .include_expired
            .unwrap_or(spec::INCLUDE_EXPIRED_DEFAULT),
        None => true,
    };
    by_user && by_id && by_state
}
