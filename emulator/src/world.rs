//! The seeded world: organizations, workspaces, users, channels and tokens.
//!
//! A world is plain data that loads from JSON (`--world world.json`), so a test or a demo can
//! describe exactly the organizations it needs; [`World::default`] is the seed in [`crate::seed`].
//! The emulator never changes the seed itself: invites and invite requests live in
//! the emulator's state, next to a copy of the world.

use serde::{Deserialize, Serialize};

/// Everything that exists before the first API call.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct World {
    /// Enterprise organizations (Enterprise Grid); a workspace outside any is its own organization.
    #[serde(default)]
    pub enterprises: Vec<Enterprise>,
    /// Workspaces (teams).
    pub teams: Vec<Team>,
    /// People and bot users.
    pub users: Vec<User>,
    /// Channels, each in one workspace.
    pub channels: Vec<Channel>,
    /// Tokens the emulator accepts.
    pub tokens: Vec<Token>,
}

/// An Enterprise organization.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enterprise {
    /// `E...` ID.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Subdomain.
    pub domain: String,
}

/// A workspace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Team {
    /// `T...` ID.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Subdomain.
    pub domain: String,
    /// The Enterprise organization the workspace belongs to, if any.
    #[serde(default)]
    pub enterprise_id: Option<String>,
    /// Whether an admin of this side must approve accepted invites
    /// (`conversations.approveSharedInvite`); otherwise this side approves implicitly.
    #[serde(default)]
    pub requires_approval: bool,
}

/// A person or a bot user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// `U...` or `W...` ID.
    pub id: String,
    /// The user's workspace.
    pub team_id: String,
    /// Handle.
    pub name: String,
    /// Full name.
    #[serde(default)]
    pub real_name: String,
    /// Email address; bots have none.
    #[serde(default)]
    pub email: Option<String>,
    /// Whether the user is a bot.
    #[serde(default)]
    pub is_bot: bool,
    /// Whether others may find the user by email for Slack Connect
    /// (`users.discoverableContacts.lookup`).
    #[serde(default = "yes")]
    pub discoverable: bool,
}

/// A channel in one workspace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Channel {
    /// `C...` ID.
    pub id: String,
    /// The workspace that hosts the channel.
    pub team_id: String,
    /// Name without `#`.
    pub name: String,
    /// `#general` or another mandatory channel, which cannot be shared.
    #[serde(default)]
    pub is_general: bool,
    /// Archived channels cannot be shared.
    #[serde(default)]
    pub is_archived: bool,
    /// Private channel.
    #[serde(default)]
    pub is_private: bool,
    /// Whether the app (every bot token of the workspace) is a member; sharing needs it.
    #[serde(default = "yes")]
    pub app_is_member: bool,
}

fn yes() -> bool {
    true
}

/// What kind of token a string is; decides `not_allowed_token_type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// A bot token (`xoxb-`), the only kind the Slack Connect methods document.
    Bot,
    /// A user token (`xoxp-`).
    User,
    /// An app-level token (`xapp-`), for `apps.connections.open` (Socket Mode).
    App,
}

/// A token and what it may do.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    /// The secret itself.
    pub token: String,
    /// Bot or user token.
    pub kind: TokenKind,
    /// The workspace of a workspace-level token; `None` for an org-level token.
    #[serde(default)]
    pub team_id: Option<String>,
    /// The organization of an org-level token (installed on the whole Enterprise).
    #[serde(default)]
    pub enterprise_id: Option<String>,
    /// The user the token acts as (the bot user, or the installing user).
    pub user_id: String,
    /// Granted OAuth scopes.
    pub scopes: Vec<String>,
    /// Whether the installing user may approve Slack Connect channels and invite requests;
    /// without it the approval methods answer `restricted_action`.
    #[serde(default)]
    pub is_admin: bool,
}

/// Tokens are secrets: `Debug` shows only their prefix.
impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let prefix: String = self.token.chars().take(5).collect();
        f.debug_struct("Token")
            .field("token", &format_args!("{prefix}…"))
            .field("kind", &self.kind)
            .field("team_id", &self.team_id)
            .field("enterprise_id", &self.enterprise_id)
            .field("user_id", &self.user_id)
            .field("scopes", &self.scopes)
            .field("is_admin", &self.is_admin)
            .finish()
    }
}

impl World {
    /// Loads a world from JSON.
    pub fn from_json(text: &str) -> Result<World, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// The workspace with this ID.
    pub fn team(&self, id: impl AsRef<str>) -> Option<&Team> {
        let id = id.as_ref();
        self.teams.iter().find(|t| t.id == id)
    }

    /// The organization with this ID.
    pub fn enterprise(&self, id: &str) -> Option<&Enterprise> {
        self.enterprises.iter().find(|e| e.id == id)
    }

    /// The user with this ID.
    pub fn user(&self, id: impl AsRef<str>) -> Option<&User> {
        let id = id.as_ref();
        self.users.iter().find(|u| u.id == id)
    }

    /// The (non-bot) user with this email address, compared case-insensitively.
    pub fn user_by_email(&self, email: &str) -> Option<&User> {
        self.users.iter().find(|u| {
            u.email
                .as_deref()
                .is_some_and(|e| e.eq_ignore_ascii_case(email))
        })
    }

    /// The channel with this ID.
    pub fn channel(&self, id: impl AsRef<str>) -> Option<&Channel> {
        let id = id.as_ref();
        self.channels.iter().find(|c| c.id == id)
    }

    /// The record of a token string.
    pub fn token(&self, token: &str) -> Option<&Token> {
        self.tokens.iter().find(|t| t.token == token)
    }

    /// The organization a workspace belongs to: its Enterprise, or itself when standalone.
    /// Two workspaces of one organization cannot share channels with each other.
    pub fn organization_of(&self, team_id: impl AsRef<str>) -> String {
        let team_id = team_id.as_ref();
        self.team(team_id)
            .and_then(|t| t.enterprise_id.clone())
            .unwrap_or_else(|| team_id.to_owned())
    }

    /// Workspaces of an organization (an Enterprise ID, or a standalone workspace's own ID).
    pub fn teams_of(&self, organization: &str) -> Vec<&Team> {
        self.teams
            .iter()
            .filter(|t| t.id == organization || t.enterprise_id.as_deref() == Some(organization))
            .collect()
    }

    /// Checks that every reference points at something that exists, so handlers can rely on it.
    pub fn check(&self) -> Result<(), String> {
        let mut problems = Vec::new();
        for team in &self.teams {
            if let Some(e) = &team.enterprise_id {
                if self.enterprise(e).is_none() {
                    problems.push(format!("team {}: unknown enterprise {e}", team.id));
                }
            }
        }
        for user in &self.users {
            if self.team(&user.team_id).is_none() {
                problems.push(format!("user {}: unknown team {}", user.id, user.team_id));
            }
        }
        for channel in &self.channels {
            if self.team(&channel.team_id).is_none() {
                problems.push(format!(
                    "channel {}: unknown team {}",
                    channel.id, channel.team_id
                ));
            }
        }
        for (index, token) in self.tokens.iter().enumerate() {
            let place = format!("tokens[{index}]");
            match (&token.team_id, &token.enterprise_id) {
                (Some(team), _) if self.team(team).is_none() => {
                    problems.push(format!("{place}: unknown team {team}"))
                }
                (None, Some(e)) if self.enterprise(e).is_none() => {
                    problems.push(format!("{place}: unknown enterprise {e}"))
                }
                (None, None) => problems.push(format!("{place}: needs team_id or enterprise_id")),
                _ => {}
            }
            if self.user(&token.user_id).is_none() {
                problems.push(format!("{place}: unknown user {}", token.user_id));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("; "))
        }
    }
}
