//! The default world and the IDs and tokens in it, as constants tests can name.
//!
//! Two organizations: **Acme**, an Enterprise org with two workspaces whose admins must approve
//! accepted invites, and **Globex**, a standalone workspace that approves implicitly. Each has a
//! bot token with both Slack Connect scopes (and `team:read`, for the connection listings); Acme
//! also has an org-level admin token, a token missing `conversations.connect:manage`, a token
//! installed by a non-admin, a user token, and an Org Admin's user token for the `admin.*`
//! methods; the app has an app-level token for Socket Mode.

use slack_connect::admin::conversations::disconnect_shared as admin_conversations_disconnect_shared;
use slack_connect::apps::connections::open as apps_connections_open;
use slack_connect::conversations::{
    invite_shared as conversations_invite_shared,
    list_connect_invites as conversations_list_connect_invites,
};
use slack_connect::runtime::MethodMeta;
use slack_connect::team::external_teams::list as team_external_teams_list;

use crate::world::{Channel, Enterprise, Team, Token, TokenKind, User, World};

/// Scope of `inviteShared` and `acceptSharedInvite`, from the spec.
pub const SCOPE_WRITE: &str = only_bot_scope(&conversations_invite_shared::METHOD);
/// Scope of the approval and listing methods, from the spec.
pub const SCOPE_MANAGE: &str = only_bot_scope(&conversations_list_connect_invites::METHOD);

/// Scope of `apps.connections.open` for an app-level token, from the spec.
pub const SCOPE_CONNECTIONS: &str = match apps_connections_open::METHOD.app_scopes {
    [scope] => scope,
    _ => panic!("the seed expects one app-level scope for apps.connections.open"),
};
/// The scope besides [`SCOPE_MANAGE`] that `team.externalTeams.list` and
/// `users.discoverableContacts.lookup` need (`team:read`), from the spec.
pub const SCOPE_TEAM_READ: &str = other_bot_scope(&team_external_teams_list::METHOD, SCOPE_MANAGE);
/// Scope of `admin.conversations.disconnectShared`, for user tokens, from the spec.
pub const SCOPE_ADMIN_CONVERSATIONS_WRITE: &str =
    only_user_scope(&admin_conversations_disconnect_shared::METHOD);

/// The bot scope of `method` besides `known`, whichever order the spec lists them in; a spec
/// listing another number of scopes fails the build here.
const fn other_bot_scope(method: &MethodMeta, known: &str) -> &'static str {
    match method.bot_scopes {
        [first, second] if same(first, known) => second,
        [first, second] if same(second, known) => first,
        _ => panic!("the seed expects the connection listings to need `manage` and one more scope"),
    }
}

/// String equality a `const fn` can use.
const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The one user-token scope of `method`.
const fn only_user_scope(method: &MethodMeta) -> &'static str {
    match method.user_scopes {
        [scope] => scope,
        _ => panic!("the seed expects one user scope per admin method"),
    }
}

/// The one scope a bot token needs for `method`; a spec listing several fails the build here,
/// since the seeded tokens grant scopes one per method family.
const fn only_bot_scope(method: &MethodMeta) -> &'static str {
    match method.bot_scopes {
        [scope] => scope,
        _ => panic!("the seed expects one bot scope per method"),
    }
}

/// Acme's Enterprise organization.
pub const ACME_ENTERPRISE: &str = "E0ACME0001";
/// Acme's main workspace.
pub const ACME_TEAM: &str = "T0ACMEHQ01";
/// Acme's second workspace (same organization: invites between the two are refused).
pub const ACME_LABS_TEAM: &str = "T0ACMELAB1";
/// Globex's standalone workspace.
pub const GLOBEX_TEAM: &str = "T0GLOBEX01";

/// Acme admin, `alice@acme.example`.
pub const ACME_ALICE: &str = "U0ALICE001";
/// Acme member, `bob@acme.example`.
pub const ACME_BOB: &str = "U0BOB00001";
/// Acme Labs member, `lena@acme.example`.
pub const ACME_LABS_LENA: &str = "U0LENA0001";
/// Acme's bot user.
pub const ACME_BOT_USER: &str = "U0ACMEBOT1";
/// Globex member, `carol@globex.example`.
pub const GLOBEX_CAROL: &str = "U0CAROL001";
/// Globex member, `dave@globex.example`.
pub const GLOBEX_DAVE: &str = "U0DAVE0001";
/// Globex's bot user.
pub const GLOBEX_BOT_USER: &str = "U0GLOBXBT1";

/// Acme `#general`: mandatory, cannot be shared.
pub const ACME_GENERAL: &str = "C0GENERAL1";
/// Acme `#project-x`: shareable, the app is a member.
pub const ACME_PROJECT: &str = "C0PROJECT1";
/// Acme `#launch`: shareable, the app is a member.
pub const ACME_LAUNCH: &str = "C0LAUNCH01";
/// Acme `#old-plans`: archived.
pub const ACME_ARCHIVED: &str = "C0ARCHIVE1";
/// Acme `#secret-plans`: private, the app is not a member.
pub const ACME_NOT_MEMBER: &str = "C0NOTMEMB1";
/// Acme Labs `#experiments`: shareable.
pub const ACME_LABS_EXPERIMENTS: &str = "C0LABEXP01";
/// Globex `#general`.
pub const GLOBEX_GENERAL: &str = "C0GXGENRL1";
/// Globex `#partners`: shareable; its name is taken when accepting into Globex.
pub const GLOBEX_PARTNERS: &str = "C0GXPARTN1";

/// Acme bot token: both scopes, installed by an admin.
pub const ACME_BOT_TOKEN: &str = "xoxb-acme-bot";
/// Acme Labs bot token: both scopes, installed by an admin.
pub const ACME_LABS_BOT_TOKEN: &str = "xoxb-acme-labs-bot";
/// Acme org-level admin token: both scopes; methods with `team_id` need it with this token.
pub const ACME_ADMIN_TOKEN: &str = "xoxb-acme-org-admin";
/// Acme bot token with only `conversations.connect:write`.
pub const ACME_WRITE_ONLY_TOKEN: &str = "xoxb-acme-write-only";
/// Acme bot token with both scopes, installed by a user who may not approve.
pub const ACME_NON_ADMIN_TOKEN: &str = "xoxb-acme-not-admin";
/// Acme user token: the methods allow only bot tokens.
pub const ACME_USER_TOKEN: &str = "xoxp-acme-bob";
/// The app's app-level token (`connections:write`): opens Socket Mode connections.
pub const APP_LEVEL_TOKEN: &str = "xapp-1-A0EMULATOR1-1-emulatorappsecret";
/// Globex bot token: both scopes, installed by an admin.
pub const GLOBEX_BOT_TOKEN: &str = "xoxb-globex-bot";
/// Acme Org Admin user token (Alice), installed on the whole organization, with
/// `admin.conversations:write`: for the `admin.*` methods.
pub const ACME_ADMIN_USER_TOKEN: &str = "xoxp-acme-org-admin";

impl Default for World {
    fn default() -> World {
        World {
            enterprises: vec![Enterprise {
                id: ACME_ENTERPRISE.into(),
                name: "Acme".into(),
                domain: "acme".into(),
            }],
            teams: vec![
                team(ACME_TEAM, "Acme HQ", "acme-hq", Some(ACME_ENTERPRISE), true),
                team(
                    ACME_LABS_TEAM,
                    "Acme Labs",
                    "acme-labs",
                    Some(ACME_ENTERPRISE),
                    true,
                ),
                team(GLOBEX_TEAM, "Globex", "globex", None, false),
            ],
            users: vec![
                person(
                    ACME_ALICE,
                    ACME_TEAM,
                    "alice",
                    "Alice Admin",
                    "alice@acme.example",
                ),
                person(
                    ACME_BOB,
                    ACME_TEAM,
                    "bob",
                    "Bob Builder",
                    "bob@acme.example",
                ),
                person(
                    ACME_LABS_LENA,
                    ACME_LABS_TEAM,
                    "lena",
                    "Lena Lab",
                    "lena@acme.example",
                ),
                bot(ACME_BOT_USER, ACME_TEAM, "acme-connect"),
                person(
                    GLOBEX_CAROL,
                    GLOBEX_TEAM,
                    "carol",
                    "Carol Globex",
                    "carol@globex.example",
                ),
                person(
                    GLOBEX_DAVE,
                    GLOBEX_TEAM,
                    "dave",
                    "Dave Globex",
                    "dave@globex.example",
                ),
                bot(GLOBEX_BOT_USER, GLOBEX_TEAM, "globex-connect"),
            ],
            channels: vec![
                Channel {
                    is_general: true,
                    ..channel(ACME_GENERAL, ACME_TEAM, "general")
                },
                channel(ACME_PROJECT, ACME_TEAM, "project-x"),
                channel(ACME_LAUNCH, ACME_TEAM, "launch"),
                Channel {
                    is_archived: true,
                    ..channel(ACME_ARCHIVED, ACME_TEAM, "old-plans")
                },
                Channel {
                    is_private: true,
                    app_is_member: false,
                    ..channel(ACME_NOT_MEMBER, ACME_TEAM, "secret-plans")
                },
                channel(ACME_LABS_EXPERIMENTS, ACME_LABS_TEAM, "experiments"),
                Channel {
                    is_general: true,
                    ..channel(GLOBEX_GENERAL, GLOBEX_TEAM, "general")
                },
                channel(GLOBEX_PARTNERS, GLOBEX_TEAM, "partners"),
            ],
            tokens: vec![
                token(
                    ACME_BOT_TOKEN,
                    ACME_TEAM,
                    ACME_BOT_USER,
                    &[SCOPE_WRITE, SCOPE_MANAGE, SCOPE_TEAM_READ],
                    true,
                ),
                token(
                    ACME_LABS_BOT_TOKEN,
                    ACME_LABS_TEAM,
                    ACME_BOT_USER,
                    &[SCOPE_WRITE, SCOPE_MANAGE, SCOPE_TEAM_READ],
                    true,
                ),
                Token {
                    team_id: None,
                    enterprise_id: Some(ACME_ENTERPRISE.into()),
                    ..token(
                        ACME_ADMIN_TOKEN,
                        ACME_TEAM,
                        ACME_ALICE,
                        &[SCOPE_WRITE, SCOPE_MANAGE, SCOPE_TEAM_READ],
                        true,
                    )
                },
                token(
                    ACME_WRITE_ONLY_TOKEN,
                    ACME_TEAM,
                    ACME_BOT_USER,
                    &[SCOPE_WRITE],
                    false,
                ),
                token(
                    ACME_NON_ADMIN_TOKEN,
                    ACME_TEAM,
                    ACME_BOT_USER,
                    &[SCOPE_WRITE, SCOPE_MANAGE, SCOPE_TEAM_READ],
                    false,
                ),
                Token {
                    kind: TokenKind::User,
                    ..token(
                        ACME_USER_TOKEN,
                        ACME_TEAM,
                        ACME_BOB,
                        &[SCOPE_WRITE, SCOPE_MANAGE],
                        false,
                    )
                },
                Token {
                    kind: TokenKind::User,
                    team_id: None,
                    enterprise_id: Some(ACME_ENTERPRISE.into()),
                    ..token(
                        ACME_ADMIN_USER_TOKEN,
                        ACME_TEAM,
                        ACME_ALICE,
                        &[SCOPE_ADMIN_CONVERSATIONS_WRITE],
                        true,
                    )
                },
                Token {
                    kind: TokenKind::App,
                    ..token(
                        APP_LEVEL_TOKEN,
                        ACME_TEAM,
                        ACME_BOT_USER,
                        &[SCOPE_CONNECTIONS],
                        false,
                    )
                },
                token(
                    GLOBEX_BOT_TOKEN,
                    GLOBEX_TEAM,
                    GLOBEX_BOT_USER,
                    &[SCOPE_WRITE, SCOPE_MANAGE, SCOPE_TEAM_READ],
                    true,
                ),
            ],
        }
    }
}

fn team(id: &str, name: &str, domain: &str, enterprise: Option<&str>, approval: bool) -> Team {
    Team {
        id: id.into(),
        name: name.into(),
        domain: domain.into(),
        enterprise_id: enterprise.map(Into::into),
        requires_approval: approval,
    }
}

fn person(id: &str, team: &str, name: &str, real_name: &str, email: &str) -> User {
    User {
        id: id.into(),
        team_id: team.into(),
        name: name.into(),
        real_name: real_name.into(),
        email: Some(email.into()),
        is_bot: false,
        discoverable: true,
    }
}

fn bot(id: &str, team: &str, name: &str) -> User {
    User {
        id: id.into(),
        team_id: team.into(),
        name: name.into(),
        real_name: name.into(),
        email: None,
        is_bot: true,
        discoverable: false,
    }
}

fn channel(id: &str, team: &str, name: &str) -> Channel {
    Channel {
        id: id.into(),
        team_id: team.into(),
        name: name.into(),
        is_general: false,
        is_archived: false,
        is_private: false,
        app_is_member: true,
    }
}

fn token(secret: &str, team: &str, user: &str, scopes: &[&str], is_admin: bool) -> Token {
    Token {
        token: secret.into(),
        kind: TokenKind::Bot,
        team_id: Some(team.into()),
        enterprise_id: None,
        user_id: user.into(),
        scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
        is_admin,
    }
}
