//! Rules several methods share: which workspace a call acts for, who may see an invite,
//! creating invites, and the review rules of approvals and invite requests.
//!
//! Each rule reports a small problem enum; every handler maps it to its own generated error
//! enum, so the logic is written once and each method still emits only its documented codes.

use slack_connect::{ChannelId, InviteId, TeamId, UserId};

use crate::auth::Caller;
use crate::model::{Decision, Invite, InviteRequest, Outcome, Recipient, Review};
use crate::state::{State, VALIDITY_SECONDS};

/// Why a call cannot act for the workspace it named (or failed to name).
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum TeamProblem {
    /// An org-level token without `team_id`.
    Missing,
    /// No such workspace.
    Unknown,
    /// A workspace the token is not installed in.
    NotAccessible,
}

/// The workspace a call acts for: the token's own, or for an org-level token the required
/// `team_id`, which must be one of the organization's workspaces.
pub(crate) fn acting_team(
    state: &State,
    caller: &Caller,
    requested: Option<&TeamId>,
) -> Result<TeamId, TeamProblem> {
    match requested {
        None if caller.is_org_level() => Err(TeamProblem::Missing),
        None => caller.teams.first().cloned().ok_or(TeamProblem::Unknown),
        Some(team) if caller.teams.contains(team) => Ok(team.clone()),
        Some(team) if state.world.team(team).is_none() => Err(TeamProblem::Unknown),
        Some(_) => Err(TeamProblem::NotAccessible),
    }
}

/// Whether an invite involves the workspace `team`: it sent it, accepted it, or is its recipient.
pub(crate) fn involves_team(state: &State, invite: &Invite, team: &TeamId) -> bool {
    invite.inviting_team == *team
        || invite.acceptance.as_ref().is_some_and(|a| a.team == *team)
        || state.recipient_team(&invite.recipient).as_ref() == Some(team)
}

/// Whether an invite is still waiting (not approved, declined or expired) at time `now`.
pub(crate) fn is_pending(invite: &Invite, now: i64) -> bool {
    let valid_until = invite
        .acceptance
        .as_ref()
        .map_or(invite.date_invalid, |a| a.date_invalid);
    invite.outcome == Outcome::Open && now < valid_until
}

/// What a new invite is made from.
pub(crate) struct NewInvite {
    /// Reuse this ID (an approved invite request becomes an invite with the request's ID).
    pub id: Option<InviteId>,
    pub channel_id: ChannelId,
    pub inviting_team: TeamId,
    pub inviting_user: UserId,
    pub recipient: Recipient,
    pub external_limited: bool,
}

/// Records a new invite and returns it. Only invites that are not external-limited get a join
/// link and confirmation code, as Slack returns them only then.
pub(crate) fn create_invite(state: &mut State, new: NewInvite) -> Invite {
    let now = state.now();
    let id = new.id.unwrap_or_else(|| state.next_invite_id());
    let (link, conf_code) = if new.external_limited {
        (None, None)
    } else {
        (
            Some(format!(
                "https://join.slack.com/share/{}",
                id.as_str().to_lowercase()
            )),
            Some(format!("{:06}", conf_code_of(&id))),
        )
    };
    let invite = Invite {
        id: id.clone(),
        channel_id: new.channel_id,
        inviting_team: new.inviting_team,
        inviting_user: new.inviting_user,
        recipient: new.recipient,
        external_limited: new.external_limited,
        date_created: now,
        date_invalid: now + VALIDITY_SECONDS,
        date_last_updated: now,
        link,
        conf_code,
        acceptance: None,
        outcome: Outcome::Open,
        disconnected: None,
    };
    state.invites.insert(id, invite.clone());
    invite
}

/// A stable six-digit code derived from the invite ID.
fn conf_code_of(id: &InviteId) -> u32 {
    id.as_str()
        .bytes()
        .fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)))
        % 1_000_000
}

/// Why an approval or decline of an accepted invite (`approveSharedInvite`,
/// `declineSharedInvite`) cannot be recorded.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum ReviewProblem {
    /// The token's installer may not approve Slack Connect channels.
    Restricted,
    /// No such invite, or not one the caller's organization is party to.
    NotFound,
    /// Nobody has accepted the invite yet, or `target_team` names another party.
    NoApproval,
    /// The inviting side must say whose acceptance it reviews.
    MissingTargetTeam,
    /// The invite was declined, or (for a decline) already approved by every side.
    Inactive,
    /// The acceptance expired before it was reviewed.
    Expired,
    /// This side already approved.
    AlreadyApproved,
    /// This side approves implicitly; there is nothing to approve.
    NotRequired,
}

/// Records `caller`'s approval (or decline) of accepted invite `invite_id`, and returns the
/// workspace it was recorded for.
pub(crate) fn review_invite(
    state: &mut State,
    caller: &Caller,
    invite_id: &InviteId,
    target_team: Option<&TeamId>,
    approve: bool,
) -> Result<TeamId, ReviewProblem> {
    if !caller.token.is_admin {
        return Err(ReviewProblem::Restricted);
    }
    let now = state.now();
    let invite = state
        .invites
        .get(invite_id)
        .ok_or(ReviewProblem::NotFound)?;
    let inviting_org = state.world.organization_of(&invite.inviting_team);
    let accepting_team = invite.acceptance.as_ref().map(|a| a.team.clone());
    let accepting_org = accepting_team
        .as_ref()
        .map(|t| state.world.organization_of(t));
    let reviewing_team = if caller.organization == inviting_org {
        let accepted = accepting_team.as_ref().ok_or(ReviewProblem::NoApproval)?;
        let target = target_team.ok_or(ReviewProblem::MissingTargetTeam)?;
        if target != accepted && Some(target.as_str()) != accepting_org.as_deref() {
            return Err(ReviewProblem::NoApproval);
        }
        invite.inviting_team.clone()
    } else if accepting_org.as_deref() == Some(caller.organization.as_str()) {
        accepting_team.clone().ok_or(ReviewProblem::NoApproval)?
    } else if state
        .recipient_team(&invite.recipient)
        .is_some_and(|t| state.world.organization_of(&t) == caller.organization)
    {
        return Err(ReviewProblem::NoApproval);
    } else {
        return Err(ReviewProblem::NotFound);
    };
    let invite = state
        .invites
        .get_mut(invite_id)
        .ok_or(ReviewProblem::NotFound)?;
    let acceptance = invite
        .acceptance
        .as_mut()
        .ok_or(ReviewProblem::NoApproval)?;
    let already_approved = acceptance
        .reviews
        .iter()
        .any(|r| r.approved && r.team == reviewing_team);
    match invite.outcome {
        Outcome::Declined => return Err(ReviewProblem::Inactive),
        Outcome::Approved if !approve => return Err(ReviewProblem::Inactive),
        _ if already_approved && approve => return Err(ReviewProblem::AlreadyApproved),
        Outcome::Approved => return Err(ReviewProblem::NotRequired),
        Outcome::Open if now >= acceptance.date_invalid => return Err(ReviewProblem::Expired),
        Outcome::Open => {}
    }
    let pending = acceptance.pending.iter().position(|t| *t == reviewing_team);
    if approve && pending.is_none() {
        return Err(ReviewProblem::NotRequired);
    }
    acceptance.reviews.push(Review {
        approved: approve,
        team: reviewing_team.clone(),
        date: now,
    });
    if let Some(index) = pending {
        acceptance.pending.remove(index);
    }
    invite.outcome = match (approve, acceptance.pending.is_empty()) {
        (false, _) => Outcome::Declined,
        (true, true) => Outcome::Approved,
        (true, false) => Outcome::Open,
    };
    invite.date_last_updated = now;
    Ok(reviewing_team)
}

/// Why an invite request cannot be approved or denied.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum RequestProblem {
    /// Not an Enterprise organization, or the token's installer is not an admin.
    Restricted,
    /// No such request in the caller's organization.
    NotFound,
    AlreadyApproved,
    AlreadyDenied,
    Expired,
}

/// Whether `caller` may review invite requests: an admin of an Enterprise organization.
pub(crate) fn may_review_requests(state: &State, caller: &Caller) -> bool {
    caller.token.is_admin && state.world.enterprise(&caller.organization).is_some()
}

/// The pending invite request `id` of the caller's organization, ready to be decided.
pub(crate) fn reviewable_request<'s>(
    state: &'s mut State,
    caller: &Caller,
    id: &InviteId,
) -> Result<&'s mut InviteRequest, RequestProblem> {
    if !may_review_requests(state, caller) {
        return Err(RequestProblem::Restricted);
    }
    let now = state.now();
    let organization = state
        .requests
        .get(id)
        .map(|r| state.world.organization_of(&r.inviting_team));
    if organization.as_deref() != Some(caller.organization.as_str()) {
        return Err(RequestProblem::NotFound);
    }
    let request = state.requests.get_mut(id).ok_or(RequestProblem::NotFound)?;
    match &request.decision {
        Some(Decision { approved: true, .. }) => Err(RequestProblem::AlreadyApproved),
        Some(Decision {
            approved: false, ..
        }) => Err(RequestProblem::AlreadyDenied),
        None if request.is_expired(now) => Err(RequestProblem::Expired),
        None => Ok(request),
    }
}

/// Records the caller's decision on a request already checked by [`reviewable_request`].
pub(crate) fn decide(request: &mut InviteRequest, caller: &Caller, approved: bool, now: i64) {
    request.decision = Some(Decision {
        approved,
        reviewer: caller.user(),
        date: now,
    });
    request.date_last_updated = now;
}
