//! `conversations.externalInvitePermissions.set`: the host organization lets an external team
//! of a shared channel invite others (`upgrade`) or only post (`downgrade`). A later
//! `conversations.inviteShared` from that team follows the setting.

use slack_connect::conversations::external_invite_permissions::set as spec;
use slack_connect::runtime::{InvalidArgument, Rule};
use slack_connect::team::external_teams::list as listing;
use slack_connect::{
    conversations::external_invite_permissions::set::Error,
    conversations::external_invite_permissions::set::Request,
    conversations::external_invite_permissions::set::Response,
};

use super::connections::live_invite_mut;
use super::Method;
use crate::auth::Caller;
use crate::model::PrefOverride;
use crate::reply::{Failure, Reply};
use crate::state::State;

pub(crate) struct ExternalInvitePermissionsSet;

impl Method for ExternalInvitePermissionsSet {
    type Request = Request;

    /// Slack documents `invalid_action` for an action other than `upgrade` or `downgrade`.
    fn invalid(problem: &InvalidArgument) -> Failure {
        let error = match (&problem.rule, problem.argument.as_ref()) {
            (Rule::NotAllowed { .. }, spec::arguments::ACTION) => Error::InvalidAction,
            _ => Error::InvalidArguments,
        };
        Failure::of(error).explained(problem)
    }

    fn call(state: &mut State, caller: &Caller, request: Request) -> Result<Reply, Failure> {
        let host = state
            .world
            .channel(request.channel.as_str())
            .map(|c| c.team_id.clone());
        let Some(host) = host else {
            return Err(Error::ChannelNotFound.into());
        };
        let hosted = caller.teams.iter().any(|t| t.as_str() == host);
        let joined = state
            .connections(&request.channel)
            .iter()
            .any(|t| caller.teams.contains(t));
        if !hosted && !joined {
            return Err(Error::ChannelNotFound.into());
        }
        if !hosted || !caller.token.is_admin {
            return Err(Error::RestrictedAction.into());
        }
        let upgrade = request.action == spec::ACTION_UPGRADE;
        let actor = caller.user();
        let now = state.now();
        let Some(invite) = live_invite_mut(state, &request.channel, &request.target_team) else {
            return Err(Error::InvalidTargetTeam.into());
        };
        if upgrade && !invite.external_limited {
            return Err(Failure::of(Error::NotSupported)
                .explained("the team may already post and invite in this channel"));
        }
        invite.external_limited = !upgrade;
        invite.date_last_updated = now;
        let Some(external_team) = invite.acceptance.as_ref().map(|a| a.team.clone()) else {
            return Err(Error::InvalidTargetTeam.into());
        };
        let external = state.world.organization_of(&external_team);
        state
            .prefs
            .entry((caller.organization.clone(), external))
            .or_default()
            .insert(
                listing::SLACK_CONNECT_PREF_FILTER_AWAY_TEAM_SC_INVITE_PERMISSIONS.to_owned(),
                PrefOverride {
                    setting: request.action.clone(),
                    actor,
                    date: now,
                },
            );
        Ok(Reply::success(&Response::new()))
    }
}
