//! `admin.conversations.disconnectShared`: an Org Admin of the channel's originating
//! organization removes an external workspace from a shared channel.

use slack_connect::{
    admin::conversations::disconnect_shared::Error,
    admin::conversations::disconnect_shared::Request,
    admin::conversations::disconnect_shared::Response, TeamId,
};

use super::connections::{connected_teams, live_invite_mut};
use super::Method;
use crate::auth::Caller;
use crate::reply::{Failure, Reply};
use crate::state::State;

pub(crate) struct DisconnectShared;

impl Method for DisconnectShared {
    type Request = Request;

    fn call(state: &mut State, caller: &Caller, request: Request) -> Result<Reply, Failure> {
        if state.world.enterprise(&caller.organization).is_none() {
            return Err(Error::NotAnEnterprise.into());
        }
        if !caller.token.is_admin {
            return Err(Error::NotAnAdmin.into());
        }
        let channel_id = &request.channel_id;
        let Some(channel) = state.world.channel(channel_id.as_str()).cloned() else {
            return Err(Error::ChannelNotFound.into());
        };
        let home = TeamId::new(&channel.team_id);
        let connected = connected_teams(state, channel_id);
        let home_org = state.world.organization_of(&home);
        let member = connected
            .iter()
            .any(|t| state.world.organization_of(t) == caller.organization);
        if home_org != caller.organization {
            return Err(if member {
                Error::CannotKickTeam
            } else {
                Error::ChannelNotFound
            }
            .into());
        }
        if channel.is_general {
            return Err(Error::ChannelTypeNotSupported.into());
        }
        if connected.is_empty() {
            return Err(Error::NoTeamsToDisconnect.into());
        }
        let leaving = match request.leaving_team_ids.as_deref() {
            Some([team, ..]) => team.clone(),
            Some([]) | None if connected.len() == 1 => {
                connected.iter().next().cloned().unwrap_or(home.clone())
            }
            Some([]) | None => return Err(Error::LeavingTeamRequired.into()),
        };
        if leaving == home {
            return Err(Error::CannotKickHomeTeam.into());
        }
        if state.world.team(&leaving).is_none() {
            return Err(Error::TeamNotFound.into());
        }
        let now = state.now();
        let Some(invite) = live_invite_mut(state, channel_id, &leaving) else {
            return Err(Error::LeavingTeamNotInChannel.into());
        };
        invite.disconnected = Some(now);
        invite.date_last_updated = now;
        let leaving_team = invite
            .acceptance
            .as_ref()
            .map_or(leaving.clone(), |a| a.team.clone());
        crate::events::channel_unshared(state, channel_id, &home, &leaving_team);
        Ok(Reply::success(&Response::new()))
    }
}
