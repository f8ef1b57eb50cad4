//! Connections between organizations, as the five connection methods see them: which channels
//! an organization shares with which external organization, on which of its workspaces, and
//! with what permission.
//!
//! A connection is an invite every side approved and nobody has disconnected since. From the
//! host's side, the external workspace is the one that accepted; from the accepting side, it is
//! the host's. An organization is named by its Enterprise ID, or a standalone workspace's ID.

use std::collections::{BTreeMap, BTreeSet};

use slack_connect::{ChannelId, InviteId, TeamId};

use crate::model::{Invite, Outcome};
use crate::state::State;

/// One shared channel seen from one organization.
#[derive(Debug, Clone)]
pub(crate) struct Link {
    /// The invite that made the connection.
    pub invite: InviteId,
    pub channel: ChannelId,
    /// The organization's own workspace in the channel.
    pub mine: TeamId,
    /// The external workspace in the channel.
    pub theirs: TeamId,
    /// Whether the channel is private on the organization's side.
    pub is_private: bool,
    /// Whether the connection has been removed.
    pub live: bool,
    /// When the invite last changed.
    pub last_active: i64,
}

/// Every channel `organization` shares or shared with another organization, in invite order.
pub(crate) fn links(state: &State, organization: &str) -> Vec<Link> {
    state
        .invites
        .values()
        .filter(|i| i.outcome == Outcome::Approved)
        .filter_map(|invite| {
            let accepting = invite.acceptance.as_ref()?.team.clone();
            let host = invite.inviting_team.clone();
            let (mine, theirs) = if state.world.organization_of(&host) == organization {
                (host, accepting)
            } else if state.world.organization_of(&accepting) == organization {
                (accepting, host)
            } else {
                return None;
            };
            let hosted = mine == invite.inviting_team;
            Some(Link {
                invite: invite.id.clone(),
                channel: invite.channel_id.clone(),
                mine,
                theirs,
                // Private as the organization sees it: the host's own channel, or the channel
                // the accepting side made.
                is_private: if hosted {
                    state
                        .world
                        .channel(&invite.channel_id)
                        .is_some_and(|c| c.is_private)
                } else {
                    invite.acceptance.as_ref().is_some_and(|a| a.is_private)
                },
                live: invite.disconnected.is_none(),
                last_active: invite.date_last_updated,
            })
        })
        .collect()
}

/// The organizations `organization` is or was connected to, with its links to each.
pub(crate) fn by_organization(state: &State, organization: &str) -> BTreeMap<String, Vec<Link>> {
    let mut grouped: BTreeMap<String, Vec<Link>> = BTreeMap::new();
    for link in links(state, organization) {
        grouped
            .entry(state.world.organization_of(&link.theirs))
            .or_default()
            .push(link);
    }
    grouped
}

/// Whether `team` names `workspace` itself or its organization.
pub(crate) fn names(state: &State, team: &TeamId, workspace: &TeamId) -> bool {
    team == workspace || state.world.organization_of(workspace) == team.as_str()
}

/// The live connection of `channel` with the workspace (or organization) `team`, from the
/// host's side: the invite whose acceptance connected it.
pub(crate) fn live_invite_mut<'s>(
    state: &'s mut State,
    channel: &ChannelId,
    team: &TeamId,
) -> Option<&'s mut Invite> {
    let id = state
        .invites
        .values()
        .find(|i| {
            i.channel_id == *channel
                && i.outcome == Outcome::Approved
                && i.disconnected.is_none()
                && i.acceptance
                    .as_ref()
                    .is_some_and(|a| names(state, team, &a.team))
        })?
        .id
        .clone();
    state.invites.get_mut(&id)
}

/// The external workspaces connected to `channel` now.
pub(crate) fn connected_teams(state: &State, channel: &ChannelId) -> BTreeSet<TeamId> {
    state.connections(channel).into_iter().collect()
}
