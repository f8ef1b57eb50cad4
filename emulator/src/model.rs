//! Records of what the API creates: shared-channel invites and invite requests.
//!
//! They hold IDs into the [`World`](crate::world::World) rather than copies, typed with the
//! SDK's ID types so a team cannot stand where a user belongs, and know nothing about the wire;
//! [`crate::render`] turns them into the generated response objects.

use slack_connect::{ChannelId, InviteId, TeamId, UserId};

/// Who an invite is for: exactly one email address or one user, as Slack allows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Recipient {
    /// Invited by email (the address may belong to nobody in the world).
    Email(String),
    /// Invited by user ID.
    User(UserId),
}

/// A shared-channel invite, from `conversations.inviteShared` or an approved invite request.
#[derive(Clone, Debug)]
pub(crate) struct Invite {
    pub id: InviteId,
    pub channel_id: ChannelId,
    pub inviting_team: TeamId,
    pub inviting_user: UserId,
    pub recipient: Recipient,
    pub external_limited: bool,
    pub date_created: i64,
    pub date_invalid: i64,
    pub date_last_updated: i64,
    /// The join link; Slack returns it only for invites that are not external-limited.
    pub link: Option<String>,
    pub conf_code: Option<String>,
    pub acceptance: Option<Acceptance>,
    pub outcome: Outcome,
    /// When the connection this invite made was removed (`team.externalTeams.disconnect`,
    /// `admin.conversations.disconnectShared`): the channel is no longer shared with the
    /// accepting workspace.
    pub disconnected: Option<i64>,
}

/// A Slack Connect preference an organization overrode for one external organization
/// (`conversations.externalInvitePermissions.set` records `away_team_sc_invite_permissions`).
#[derive(Clone, Debug)]
pub(crate) struct PrefOverride {
    /// The setting, e.g. `upgrade` or `downgrade`.
    pub setting: String,
    /// Who changed it.
    pub actor: UserId,
    /// When.
    pub date: i64,
}

/// How an invite ended, once every required side approved or one side declined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Waiting for acceptance or approval.
    Open,
    /// Every side approved: the channel is shared.
    Approved,
    /// A side declined.
    Declined,
}

/// The other organization's acceptance of an invite, and the approvals it still waits for.
#[derive(Clone, Debug)]
pub(crate) struct Acceptance {
    pub team: TeamId,
    pub user: UserId,
    pub channel_name: String,
    pub is_private: bool,
    pub date_accepted: i64,
    pub date_invalid: i64,
    /// Workspaces whose admins must still approve.
    pub pending: Vec<TeamId>,
    /// Approvals and declines so far.
    pub reviews: Vec<Review>,
}

/// One side's decision on an accepted invite.
#[derive(Clone, Debug)]
pub(crate) struct Review {
    pub approved: bool,
    pub team: TeamId,
    pub date: i64,
}

/// A request by a member to invite an external person, waiting for an admin
/// (`conversations.requestSharedInvite.*`).
#[derive(Clone, Debug)]
pub(crate) struct InviteRequest {
    pub id: InviteId,
    pub channel_id: ChannelId,
    pub inviting_team: TeamId,
    pub inviting_user: UserId,
    pub recipient_email: Option<String>,
    pub recipient_user_id: Option<UserId>,
    pub is_external_limited: bool,
    /// The requester's own message; an approval's text is appended to it unless it overrides it.
    pub message: String,
    pub date_created: i64,
    pub date_last_updated: i64,
    pub expires_at: i64,
    pub decision: Option<Decision>,
}

/// An admin's decision on an invite request.
#[derive(Clone, Debug)]
pub(crate) struct Decision {
    pub approved: bool,
    pub reviewer: UserId,
    pub date: i64,
}

impl InviteRequest {
    /// Pending and past its expiry: it can no longer be approved or denied.
    pub fn is_expired(&self, now: i64) -> bool {
        self.decision.is_none() && now >= self.expires_at
    }
}
