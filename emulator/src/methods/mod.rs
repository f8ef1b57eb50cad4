//! The methods, and the pipeline every call goes through.
//!
//! A call is parsed ([`transport`]), authenticated ([`auth`]), rate limited, deserialized into
//! the method's generated request type and checked with its generated `validate()`; only then
//! does the method's handler run, under the state lock. Everything up to the handler is written
//! once, generically over [`Method`], so the handlers hold only Slack Connect behaviour.

mod accept_shared_invite;
mod approve_shared_invite;
mod apps_connections_open;
pub(crate) mod connections;
mod decline_shared_invite;
mod disconnect_shared;
mod discoverable_lookup;
mod external_invite_permissions;
mod external_teams_disconnect;
mod external_teams_list;
mod invite_shared;
mod list_connect_invites;
mod request_approve;
mod request_deny;
mod request_list;
pub(crate) mod shared;

use serde::de::DeserializeOwned;
use serde_json::Value;
use slack_connect::runtime::{ApiRequest, InvalidArgument, MethodMeta};

use crate::auth::{self, Caller};
use crate::context::Context;
use crate::reply::{Common, Failure, Reply};
use crate::state::State;
use crate::transport::{self, Incoming, Rejection};

/// One method's behaviour.
pub(crate) trait Method {
    /// The generated request type: it brings the method's metadata, error enum and validation.
    type Request: ApiRequest + DeserializeOwned;

    /// The error for a request that fails `validate()`; `invalid_arguments` unless the method
    /// documents a more specific code for that rule.
    fn invalid(problem: &InvalidArgument) -> Failure {
        Failure::common::<ErrorOf<Self>>(Common::InvalidArguments).explained(problem)
    }

    /// Runs a valid request for an authenticated caller.
    fn call(state: &mut State, caller: &Caller, request: Self::Request) -> Result<Reply, Failure>;
}

/// A method's generated error enum.
pub(crate) type ErrorOf<M> = <<M as Method>::Request as ApiRequest>::Error;

/// A method in the dispatch table.
pub(crate) struct Entry {
    /// Metadata from the spec.
    pub meta: &'static MethodMeta,
    /// Runs a call through the whole pipeline.
    pub run: fn(&Context, &Incoming) -> Reply,
    /// A common error through this method's enum (for injected faults).
    pub common: fn(Common) -> Failure,
}

const fn entry<M: Method>() -> Entry {
    Entry {
        meta: <M::Request as ApiRequest>::METHOD,
        run: run::<M>,
        common: Failure::common::<ErrorOf<M>>,
    }
}

/// Every method the emulator serves.
pub(crate) const TABLE: &[Entry] = &[
    entry::<disconnect_shared::DisconnectShared>(),
    entry::<apps_connections_open::AppsConnectionsOpen>(),
    entry::<accept_shared_invite::AcceptSharedInvite>(),
    entry::<approve_shared_invite::ApproveSharedInvite>(),
    entry::<decline_shared_invite::DeclineSharedInvite>(),
    entry::<external_invite_permissions::ExternalInvitePermissionsSet>(),
    entry::<invite_shared::InviteShared>(),
    entry::<list_connect_invites::ListConnectInvites>(),
    entry::<request_approve::RequestApprove>(),
    entry::<request_deny::RequestDeny>(),
    entry::<request_list::RequestList>(),
    entry::<external_teams_disconnect::ExternalTeamsDisconnect>(),
    entry::<external_teams_list::ExternalTeamsList>(),
    entry::<discoverable_lookup::DiscoverableLookup>(),
];

/// The method with this wire name.
pub(crate) fn lookup(name: &str) -> Option<&'static Entry> {
    TABLE.iter().find(|e| e.meta.name == name)
}

fn run<M: Method>(context: &Context, incoming: &Incoming) -> Reply {
    match pipeline::<M>(context, incoming) {
        Ok(reply) | Err(reply) => reply,
    }
}

fn pipeline<M: Method>(context: &Context, incoming: &Incoming) -> Result<Reply, Reply> {
    let meta = <M::Request as ApiRequest>::METHOD;
    let parsed = transport::parse(incoming, meta).map_err(rejected::<M>)?;
    let caller = {
        let state = context.state.lock();
        auth::authenticate(&state.world, parsed.token.as_deref(), meta)
    }
    .map_err(rejected::<M>)?;
    context
        .limiter
        .check(meta, caller.rate_limit_key())
        .map_err(Reply::rate_limited::<ErrorOf<M>>)?;
    let request: M::Request =
        serde_json::from_value(Value::Object(parsed.arguments)).map_err(|e| {
            Reply::failure(Failure::common::<ErrorOf<M>>(Common::InvalidArguments).explained(e))
        })?;
    request
        .validate()
        .map_err(|problem| Reply::failure(M::invalid(&problem)))?;
    let mut state = context.state.lock();
    let result = M::call(&mut state, &caller, request);
    let events = state.take_outbox();
    drop(state);
    if result.is_ok() {
        context.deliver(events);
    }
    result.map_err(Reply::failure)
}

/// The reply to a request refused before its method ran.
fn rejected<M: Method>(rejection: Rejection) -> Reply {
    let mut failure = Failure::common::<ErrorOf<M>>(rejection.error());
    if let Rejection::MissingScope { needed, provided } = &rejection {
        failure = failure
            .with("needed", needed.as_str())
            .with("provided", provided.as_str());
    }
    if let Some(explanation) = rejection.explanation() {
        failure = failure.explained(explanation);
    }
    Reply::failure(failure)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spec_method_is_served() {
        let served: Vec<&str> = TABLE.iter().map(|e| e.meta.name).collect();
        let specified: Vec<&str> = slack_connect::METHODS.iter().map(|m| m.name).collect();
        assert_eq!(served, specified);
    }

    #[test]
    fn every_method_documents_every_common_code_the_emulator_sends() {
        let rejections = Rejection::every_kind();
        let rejections = rejections.iter().map(Rejection::error);
        let faults = [
            Common::Ratelimited,
            Common::InternalError,
            Common::ServiceUnavailable,
            Common::RequestTimeout,
            Common::InvalidArguments,
        ];
        for error in rejections.chain(faults) {
            for entry in TABLE {
                // An undocumented code would come back as `internal_error`.
                assert_eq!(
                    (entry.common)(error).code(),
                    error.code(),
                    "{} does not document {}",
                    entry.meta.name,
                    error.code()
                );
            }
        }
    }
}
