//! `users.discoverableContacts.lookup`: whether an email address belongs to someone in the
//! world who may be found for Slack Connect (a person, not a bot, who has not turned
//! discoverability off). Only Enterprise organizations may ask.

use slack_connect::{
    users::discoverable_contacts::lookup::Error, users::discoverable_contacts::lookup::Request,
    users::discoverable_contacts::lookup::Response,
};

use super::Method;
use crate::auth::Caller;
use crate::reply::{Failure, Reply};
use crate::state::State;

pub(crate) struct DiscoverableLookup;

impl Method for DiscoverableLookup {
    type Request = Request;

    fn call(state: &mut State, caller: &Caller, request: Request) -> Result<Reply, Failure> {
        if state.world.enterprise(&caller.organization).is_none() {
            return Err(Error::NotAnEnterprise.into());
        }
        if !caller.token.is_admin {
            return Err(Error::RestrictedAction.into());
        }
        let discoverable = state
            .world
            .user_by_email(request.email.trim())
            .is_some_and(|u| !u.is_bot && u.discoverable);
        Ok(Reply::success(&Response::new(discoverable)))
    }
}
