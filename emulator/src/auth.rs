//! Who is calling: the token's record, its organization and workspaces, checked against the
//! method's token types and scopes from the spec.

use slack_connect::runtime::MethodMeta;
use slack_connect::{TeamId, UserId};

use crate::transport::Rejection;
use crate::world::{Token, TokenKind, World};

/// An authenticated caller.
#[derive(Clone, Debug)]
pub(crate) struct Caller {
    pub token: Token,
    /// The caller's organization: an Enterprise ID, or a standalone workspace's ID.
    pub organization: String,
    /// Workspaces the token acts for: one, or every workspace of the org for an org-level token.
    pub teams: Vec<TeamId>,
}

impl Caller {
    /// An org-level token, which must name a workspace where the method has `team_id`.
    pub fn is_org_level(&self) -> bool {
        self.token.team_id.is_none()
    }

    /// The key rate limits are counted under: Slack limits per method, per workspace, per app.
    pub fn rate_limit_key(&self) -> &str {
        self.token
            .team_id
            .as_deref()
            .unwrap_or(self.organization.as_str())
    }

    /// The user the token acts as.
    pub fn user(&self) -> UserId {
        UserId::new(&self.token.user_id)
    }
}

/// Resolves a token for a call to `method`: `not_authed`, `invalid_auth`,
/// `not_allowed_token_type` (a user token where the spec lists no user scopes) or `missing_scope`.
pub(crate) fn authenticate(
    world: &World,
    token: Option<&str>,
    method: &MethodMeta,
) -> Result<Caller, Rejection> {
    let token = token
        .filter(|t| !t.is_empty())
        .ok_or(Rejection::NotAuthed)?;
    let record = world.token(token).ok_or(Rejection::InvalidAuth)?;
    let needed = match record.kind {
        TokenKind::Bot => method.bot_scopes,
        TokenKind::User => method.user_scopes,
        TokenKind::App => method.app_scopes,
    };
    if needed.is_empty() {
        return Err(Rejection::NotAllowedTokenType);
    }
    if !needed.iter().all(|s| record.scopes.iter().any(|g| g == s)) {
        return Err(Rejection::MissingScope {
            needed: needed.join(","),
            provided: record.scopes.join(","),
        });
    }
    let (organization, teams) = match (&record.team_id, &record.enterprise_id) {
        (Some(team), _) => (world.organization_of(team), vec![TeamId::new(team)]),
        (None, Some(enterprise)) => (
            enterprise.clone(),
            world
                .teams_of(enterprise)
                .into_iter()
                .map(|t| TeamId::new(&t.id))
                .collect(),
        ),
        (None, None) => return Err(Rejection::InvalidAuth),
    };
    Ok(Caller {
        token: record.clone(),
        organization,
        teams,
    })
}
