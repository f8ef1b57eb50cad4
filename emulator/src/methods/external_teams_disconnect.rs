//! `team.externalTeams.disconnect`: removes every connection between the caller's organization
//! and an external one. Slack does it in the background; the emulator does it at once, so the
//! next call already sees the channels disconnected and the organization `DISCONNECTED`.

use slack_connect::{
    team::external_teams::disconnect::Error, team::external_teams::disconnect::Request,
    team::external_teams::disconnect::Response,
};

use super::connections::{links, names};
use super::Method;
use crate::auth::Caller;
use crate::reply::{Failure, Reply};
use crate::state::State;

pub(crate) struct ExternalTeamsDisconnect;

impl Method for ExternalTeamsDisconnect {
    type Request = Request;

    fn call(state: &mut State, caller: &Caller, request: Request) -> Result<Reply, Failure> {
        if !caller.token.is_admin {
            return Err(Error::RestrictedAction.into());
        }
        if request.target_team.as_str().is_empty() {
            return Err(Error::MissingArgument.into());
        }
        let target = &request.target_team;
        // Organizations the caller is connected to, with or without shared channels left.
        let links: Vec<_> = links(state, &caller.organization)
            .into_iter()
            .filter(|l| names(state, target, &l.theirs))
            .collect();
        let external = links
            .first()
            .map(|l| state.world.organization_of(&l.theirs))
            .filter(|external| {
                let again = (caller.organization.clone(), external.clone());
                links.iter().any(|l| l.live) || !state.org_disconnects.contains_key(&again)
            });
        let Some(external) = external else {
            return Err(
                Failure::of(Error::InvalidTargetTeam).explained(format_args!(
                    "the organization is not connected to {target}"
                )),
            );
        };
        let now = state.now();
        for link in links.iter().filter(|l| l.live) {
            if let Some(invite) = state.invites.get_mut(&link.invite) {
                invite.disconnected = Some(now);
                invite.date_last_updated = now;
            }
            crate::events::channel_unshared(state, &link.channel, &link.mine, &link.theirs);
        }
        state
            .org_disconnects
            .insert((caller.organization.clone(), external.clone()), now);
        state
            .org_disconnects
            .insert((external, caller.organization.clone()), now);
        Ok(Reply::success(&Response::new()))
    }
}
