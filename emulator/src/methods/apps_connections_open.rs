//! `apps.connections.open`: a single-use WebSocket URL for a Socket Mode connection. Calling
//! it turns Socket Mode on: from then on events go over the app's WebSockets, not to a request
//! URL.

use slack_connect::apps::connections::open::{Request, Response};

use super::Method;
use crate::auth::Caller;
use crate::reply::{Failure, Reply};
use crate::state::State;

pub(crate) struct AppsConnectionsOpen;

impl Method for AppsConnectionsOpen {
    type Request = Request;

    fn call(state: &mut State, _caller: &Caller, _request: Request) -> Result<Reply, Failure> {
        let url = state.new_socket_url();
        Ok(Reply::success(&Response::new(url)))
    }
}
