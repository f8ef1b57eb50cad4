//! `team.externalTeams.list`: the external organizations the caller's Enterprise organization
//! is (or was) connected to, with channel counts, the workspaces they are connected on, the
//! connection status and preference overrides; filtered, sorted and paged by team ID.

use slack_connect::objects::{
    ConnectedOrganization, ConnectedWorkspace, SlackConnectPref, SlackConnectPrefs,
};
use slack_connect::team::external_teams::list as spec;
use slack_connect::{
    team::external_teams::list::Error, team::external_teams::list::Request,
    team::external_teams::list::Response, ResponseMetadata, TeamId,
};

use super::connections::{by_organization, Link};
use super::Method;
use crate::auth::Caller;
use crate::reply::{Failure, Reply};
use crate::state::State;

pub(crate) struct ExternalTeamsList;

/// The connection status of an organization with live or removed channels.
pub(crate) const CONNECTED: &str = spec::CONNECTION_STATUS_FILTER_CONNECTED;
/// The status after `team.externalTeams.disconnect`.
pub(crate) const DISCONNECTED: &str = spec::CONNECTION_STATUS_FILTER_DISCONNECTED;

impl Method for ExternalTeamsList {
    type Request = Request;

    fn call(state: &mut State, caller: &Caller, request: Request) -> Result<Reply, Failure> {
        if state.world.enterprise(&caller.organization).is_none() {
            return Err(Error::NotAllowed.into());
        }
        if !caller.token.is_admin {
            return Err(Error::RestrictedAction.into());
        }
        for workspace in request.workspace_filter.iter().flatten() {
            let in_org = state
                .world
                .team(workspace)
                .is_some_and(|t| state.world.organization_of(&t.id) == caller.organization);
            if !in_org {
                return Err(
                    Failure::of(Error::InvalidWorkspaceFilter).explained(format_args!(
                        "{workspace} is not a workspace of the organization"
                    )),
                );
            }
            if !caller.teams.contains(workspace) {
                return Err(Error::UserCannotManageWorkspace.into());
            }
        }
        let mut organizations: Vec<(Summary, ConnectedOrganization)> =
            by_organization(state, &caller.organization)
                .into_iter()
                .map(|(org, links)| summarize(state, caller, &org, &links))
                .filter(|(summary, _)| wanted(&request, summary))
                .collect();
        let field = request
            .sort_field
            .as_deref()
            .unwrap_or(spec::SORT_FIELD_DEFAULT);
        let descending = request.sort_direction.as_deref() == Some(spec::SORT_DIRECTION_DESC);
        organizations.sort_by(|(a, _), (b, _)| {
            let order = match field {
                spec::SORT_FIELD_LAST_ACTIVE_TIMESTAMP => a.last_active.cmp(&b.last_active),
                spec::SORT_FIELD_CONNECTION_STATUS => a.status.cmp(b.status),
                _ => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
            };
            let order = if descending { order.reverse() } else { order };
            order.then_with(|| a.id.cmp(&b.id))
        });
        let total = organizations.len();
        let start = match request.cursor.as_deref().filter(|c| !c.is_empty()) {
            None => 0,
            Some(cursor) => organizations
                .iter()
                .position(|(s, _)| s.id == cursor)
                .ok_or_else(|| {
                    Failure::of(Error::InvalidArguments).explained(format_args!(
                        "{}: {cursor:?} is not the team ID of a listed organization",
                        spec::arguments::CURSOR
                    ))
                })?,
        };
        let limit = usize::try_from(request.limit.unwrap_or(spec::LIMIT_DEFAULT)).unwrap_or(1);
        let mut rest = organizations.into_iter().skip(start);
        let page: Vec<ConnectedOrganization> = rest
            .by_ref()
            .take(limit.max(1))
            .map(|(_, org)| org)
            .collect();
        let next_cursor = rest.next().map(|(s, _)| s.id).unwrap_or_default();
        Ok(Reply::success(
            &Response::new(page)
                .total_count(i64::try_from(total).unwrap_or(i64::MAX))
                .response_metadata(ResponseMetadata::new().next_cursor(next_cursor)),
        ))
    }
}

/// What the filters and the sort look at.
struct Summary {
    id: String,
    name: String,
    status: &'static str,
    last_active: i64,
    workspaces: Vec<TeamId>,
    prefs: Vec<String>,
}

fn summarize(
    state: &State,
    caller: &Caller,
    organization: &str,
    links: &[Link],
) -> (Summary, ConnectedOrganization) {
    let (name, domain) = match state.world.enterprise(organization) {
        Some(e) => (e.name.clone(), e.domain.clone()),
        None => state
            .world
            .team(organization)
            .map(|t| (t.name.clone(), t.domain.clone()))
            .unwrap_or_default(),
    };
    let live: Vec<&Link> = links.iter().filter(|l| l.live).collect();
    let count = |private: bool| {
        let channels: std::collections::BTreeSet<_> = live
            .iter()
            .filter(|l| l.is_private == private)
            .map(|l| &l.channel)
            .collect();
        i64::try_from(channels.len()).unwrap_or(i64::MAX)
    };
    let mut workspaces: Vec<TeamId> = live.iter().map(|l| l.mine.clone()).collect();
    workspaces.sort();
    workspaces.dedup();
    let key = (caller.organization.clone(), organization.to_owned());
    // Disconnected until a channel is shared with it again.
    let status = if live.is_empty() && state.org_disconnects.contains_key(&key) {
        DISCONNECTED
    } else {
        CONNECTED
    };
    let last_active = links.iter().map(|l| l.last_active).max().unwrap_or(0);
    let overrides = state.prefs.get(&key);
    let mut prefs = SlackConnectPrefs::default();
    if let Some(change) = overrides
        .and_then(|o| o.get(spec::SLACK_CONNECT_PREF_FILTER_AWAY_TEAM_SC_INVITE_PERMISSIONS))
    {
        prefs.away_team_sc_invite_permissions = Some(
            SlackConnectPref::default()
                .r#type(serde_json::Value::from(change.setting.clone()))
                .team_ids(vec![TeamId::new(organization)])
                .actor(change.actor.to_string())
                .date_update(change.date),
        );
    }
    let connected_workspaces = workspaces
        .iter()
        .map(|w| {
            let mut built = ConnectedWorkspace::default().workspace_id(w.clone());
            built.workspace_name = state.world.team(w).map(|t| t.name.clone());
            built
        })
        .collect();
    let org = ConnectedOrganization::new(TeamId::new(organization))
        .team_name(name.clone())
        .team_domain(domain)
        .public_channel_count(count(false))
        .private_channel_count(count(true))
        .im_channel_count(0)
        .mpim_channel_count(0)
        .connected_workspaces(connected_workspaces)
        .slack_connect_prefs(prefs)
        .connection_status(status)
        .last_active_timestamp(last_active)
        .is_sponsored(false);
    let summary = Summary {
        id: organization.to_owned(),
        name,
        status,
        last_active,
        workspaces,
        prefs: overrides
            .into_iter()
            .flatten()
            .map(|(k, _)| k.clone())
            .collect(),
    };
    (summary, org)
}

/// Whether the filters of `request` keep an organization.
fn wanted(request: &Request, summary: &Summary) -> bool {
    let by_status = request
        .connection_status_filter
        .as_deref()
        .is_none_or(|s| s == summary.status);
    let by_workspace = request
        .workspace_filter
        .as_ref()
        .is_none_or(|ws| ws.iter().any(|w| summary.workspaces.contains(w)));
    let by_pref = request
        .slack_connect_pref_filter
        .as_ref()
        .is_none_or(|ps| ps.iter().any(|p| summary.prefs.contains(p)));
    by_status && by_workspace && by_pref
}
