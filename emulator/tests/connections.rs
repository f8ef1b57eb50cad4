//! The five connection methods on the wire: `team.externalTeams.list` (counts, status,
//! filters, sort, cursor pages), `team.externalTeams.disconnect`,
//! `conversations.externalInvitePermissions.set` (and `conversations.inviteShared` from the
//! external team following it), `users.discoverableContacts.lookup` and
//! `admin.conversations.disconnectShared`, with the errors the emulator produces for each.

mod common;

use common::{emulator, Api};
use serde_json::{json, Value};
use slack_connect_emulator::seed::*;
use slack_connect_emulator::world::{Team, Token, TokenKind, User};
use slack_connect_emulator::{Emulator, EmulatorConfig, World};

const LIST: &str = "team.externalTeams.list";
const DISCONNECT: &str = "team.externalTeams.disconnect";
const PERMISSIONS: &str = "conversations.externalInvitePermissions.set";
const LOOKUP: &str = "users.discoverableContacts.lookup";
const DISCONNECT_SHARED: &str = "admin.conversations.disconnectShared";

/// Invites the bot-token holder `guest_user` of `guest_token`'s workspace to Acme's `channel`,
/// accepts it there as `name`, and approves it on Acme's side: the channel is then shared.
async fn connect(api: &Api, channel: &str, guest_user: &str, guest_token: &str, name: &str) {
    let invite = api
        .json(
            "conversations.inviteShared",
            ACME_BOT_TOKEN,
            json!({"channel": channel, "user_ids": [guest_user]}),
        )
        .await;
    assert_eq!(invite.code(), "ok", "{:?}", invite.body);
    let invite_id = invite.str("invite_id");
    let accept = api
        .json(
            "conversations.acceptSharedInvite",
            guest_token,
            json!({"invite_id": invite_id, "channel_name": name}),
        )
        .await;
    assert_eq!(accept.code(), "ok", "{:?}", accept.body);
    let guest_team = accept_team(api, guest_user);
    let approve = api
        .json(
            "conversations.approveSharedInvite",
            ACME_BOT_TOKEN,
            json!({"invite_id": invite_id, "target_team": guest_team}),
        )
        .await;
    assert_eq!(approve.code(), "ok", "{:?}", approve.body);
}

fn accept_team(_: &Api, user: &str) -> &'static str {
    match user {
        GLOBEX_CAROL | GLOBEX_DAVE => GLOBEX_TEAM,
        INITECH_PETER => INITECH_TEAM,
        _ => UMBRELLA_TEAM,
    }
}

const INITECH_TEAM: &str = "T0INITECH1";
const INITECH_PETER: &str = "U0PETER001";
const INITECH_TOKEN: &str = "xoxb-initech-bot";
const UMBRELLA_TEAM: &str = "T0UMBRELA1";
const UMBRELLA_ALICE: &str = "U0UMBALIC1";
const UMBRELLA_TOKEN: &str = "xoxb-umbrella-bot";

/// The seed plus two more standalone organizations, Initech and Umbrella, each with one person
/// and a bot token that may accept invites.
async fn three_partners() -> Emulator {
    let mut world = World::default();
    for (team, name, user, email, token) in [
        (
            INITECH_TEAM,
            "Initech",
            INITECH_PETER,
            "peter@initech.example",
            INITECH_TOKEN,
        ),
        (
            UMBRELLA_TEAM,
            "Umbrella",
            UMBRELLA_ALICE,
            "alice@umbrella.example",
            UMBRELLA_TOKEN,
        ),
    ] {
        world.teams.push(Team {
            id: team.into(),
            name: name.into(),
            domain: name.to_lowercase(),
            enterprise_id: None,
            requires_approval: false,
        });
        world.users.push(User {
            id: user.into(),
            team_id: team.into(),
            name: name.to_lowercase(),
            real_name: name.into(),
            email: Some(email.into()),
            is_bot: false,
            discoverable: true,
        });
        world.tokens.push(Token {
            token: token.into(),
            kind: TokenKind::Bot,
            team_id: Some(team.into()),
            enterprise_id: None,
            user_id: user.into(),
            scopes: vec![SCOPE_WRITE.into(), SCOPE_MANAGE.into()],
            is_admin: true,
        });
    }
    Emulator::start_with(EmulatorConfig::default().without_rate_limits().world(world))
        .await
        .expect("emulator starts")
}

fn team_ids(body: &Value) -> Vec<String> {
    body["organizations"]
        .as_array()
        .unwrap_or_else(|| panic!("no organizations in {body}"))
        .iter()
        .map(|o| o["team_id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn an_approved_invite_connects_the_two_organizations() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    let before = api.json(LIST, ACME_BOT_TOKEN, json!({})).await;
    assert_eq!(before.code(), "ok");
    assert_eq!(before.body["organizations"], json!([]));
    assert_eq!(before.body["total_count"], 0);

    connect(
        &api,
        ACME_PROJECT,
        GLOBEX_CAROL,
        GLOBEX_BOT_TOKEN,
        "acme-project",
    )
    .await;
    connect(
        &api,
        ACME_LAUNCH,
        GLOBEX_DAVE,
        GLOBEX_BOT_TOKEN,
        "acme-launch",
    )
    .await;
    let listed = api.json(LIST, ACME_BOT_TOKEN, json!({})).await;
    assert_eq!(listed.code(), "ok", "{:?}", listed.body);
    let globex = &listed.body["organizations"][0];
    assert_eq!(globex["team_id"], GLOBEX_TEAM);
    assert_eq!(globex["team_name"], "Globex");
    assert_eq!(globex["connection_status"], "CONNECTED");
    assert_eq!(globex["public_channel_count"], 2);
    assert_eq!(globex["private_channel_count"], 0);
    assert_eq!(
        globex["connected_workspaces"],
        json!([{"workspace_id": ACME_TEAM, "workspace_name": "Acme HQ"}])
    );
    assert!(globex["last_active_timestamp"].as_i64().unwrap() > 0);
    assert_eq!(listed.body["total_count"], 1);
    assert_eq!(listed.body["response_metadata"]["next_cursor"], "");

    // Globex is a standalone workspace: the method is for Enterprise organizations.
    let globex_side = api.json(LIST, GLOBEX_BOT_TOKEN, json!({})).await;
    assert_eq!(globex_side.code(), "not_allowed");
}

#[tokio::test]
async fn listing_pages_by_team_id_and_filters_and_sorts() {
    let emulator = three_partners().await;
    let api = Api::new(&emulator);
    connect(
        &api,
        ACME_PROJECT,
        GLOBEX_CAROL,
        GLOBEX_BOT_TOKEN,
        "acme-project",
    )
    .await;
    connect(
        &api,
        ACME_PROJECT,
        INITECH_PETER,
        INITECH_TOKEN,
        "acme-project",
    )
    .await;
    connect(
        &api,
        ACME_LAUNCH,
        UMBRELLA_ALICE,
        UMBRELLA_TOKEN,
        "acme-launch",
    )
    .await;

    // By name (the default): Globex, Initech, Umbrella; two per page, the cursor is a team ID.
    let first = api.json(LIST, ACME_BOT_TOKEN, json!({"limit": 2})).await;
    assert_eq!(team_ids(&first.body), [GLOBEX_TEAM, INITECH_TEAM]);
    assert_eq!(first.body["total_count"], 3);
    let cursor = first.str_at("response_metadata", "next_cursor");
    assert_eq!(cursor, UMBRELLA_TEAM);
    let second = api
        .json(LIST, ACME_BOT_TOKEN, json!({"limit": 2, "cursor": cursor}))
        .await;
    assert_eq!(team_ids(&second.body), [UMBRELLA_TEAM]);
    assert_eq!(second.str_at("response_metadata", "next_cursor"), "");

    let descending = api
        .json(LIST, ACME_BOT_TOKEN, json!({"sort_direction": "desc"}))
        .await;
    assert_eq!(
        team_ids(&descending.body),
        [UMBRELLA_TEAM, INITECH_TEAM, GLOBEX_TEAM]
    );
    let by_activity = api
        .json(
            LIST,
            ACME_BOT_TOKEN,
            json!({"sort_field": "last_active_timestamp", "sort_direction": "desc"}),
        )
        .await;
    assert_eq!(team_ids(&by_activity.body).len(), 3);

    let bad_cursor = api
        .json(LIST, ACME_BOT_TOKEN, json!({"cursor": "T0NOBODY01"}))
        .await;
    assert_eq!(bad_cursor.code(), "invalid_arguments");
    let bad_sort = api
        .json(LIST, ACME_BOT_TOKEN, json!({"sort_field": "size"}))
        .await;
    assert_eq!(bad_sort.code(), "invalid_arguments");

    // Workspace filter: all three are connected on Acme HQ, none on Acme Labs.
    let on_labs = api
        .json(
            LIST,
            ACME_ADMIN_TOKEN,
            json!({"workspace_filter": [ACME_LABS_TEAM]}),
        )
        .await;
    assert_eq!(on_labs.code(), "ok", "{:?}", on_labs.body);
    assert_eq!(team_ids(&on_labs.body), Vec::<String>::new());
    let errors = [
        (
            ACME_BOT_TOKEN,
            json!({"workspace_filter": [GLOBEX_TEAM]}),
            "invalid_workspace_filter",
        ),
        (
            ACME_BOT_TOKEN,
            json!({"workspace_filter": [ACME_LABS_TEAM]}),
            "user_cannot_manage_workspace",
        ),
        (ACME_NON_ADMIN_TOKEN, json!({}), "restricted_action"),
        (
            ACME_BOT_TOKEN,
            json!({"slack_connect_pref_filter": ["profile_visibility", "colour"]}),
            "invalid_arguments",
        ),
        (ACME_WRITE_ONLY_TOKEN, json!({}), "missing_scope"),
    ];
    for (token, body, code) in errors {
        let answer = api.json(LIST, token, body.clone()).await;
        assert_eq!(answer.code(), code, "{body}: {:?}", answer.body);
    }

    // Only the organizations with an invite-permission override.
    let upgraded = api
        .json(
            PERMISSIONS,
            ACME_BOT_TOKEN,
            json!({"action": "upgrade", "channel": ACME_PROJECT, "target_team": INITECH_TEAM}),
        )
        .await;
    assert_eq!(upgraded.code(), "ok");
    let overridden = api
        .json(
            LIST,
            ACME_BOT_TOKEN,
            json!({"slack_connect_pref_filter": ["away_team_sc_invite_permissions"]}),
        )
        .await;
    assert_eq!(team_ids(&overridden.body), [INITECH_TEAM]);
    let pref = &overridden.body["organizations"][0]["slack_connect_prefs"]
        ["away_team_sc_invite_permissions"];
    assert_eq!(pref["type"], "upgrade");
    assert_eq!(pref["actor"], ACME_BOT_USER);
}

#[tokio::test]
async fn invite_permissions_decide_whether_the_external_team_may_invite() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    connect(
        &api,
        ACME_PROJECT,
        GLOBEX_CAROL,
        GLOBEX_BOT_TOKEN,
        "acme-project",
    )
    .await;
    let invite_from_globex = || {
        api.json(
            "conversations.inviteShared",
            GLOBEX_BOT_TOKEN,
            json!({"channel": ACME_PROJECT, "emails": ["pat@initech.example"]}),
        )
    };
    // Invites are external-limited by default: Globex may post, not invite.
    assert_eq!(
        invite_from_globex().await.code(),
        "no_external_invite_permission"
    );
    let set = |action: &'static str, channel: &'static str, team: &'static str| {
        api.json(
            PERMISSIONS,
            ACME_BOT_TOKEN,
            json!({"action": action, "channel": channel, "target_team": team}),
        )
    };
    assert_eq!(set("upgrade", ACME_PROJECT, GLOBEX_TEAM).await.code(), "ok");
    assert_eq!(
        set("upgrade", ACME_PROJECT, GLOBEX_TEAM).await.code(),
        "not_supported"
    );
    let invited = invite_from_globex().await;
    assert_eq!(invited.code(), "ok", "{:?}", invited.body);
    assert_eq!(
        set("downgrade", ACME_PROJECT, GLOBEX_TEAM).await.code(),
        "ok"
    );
    assert_eq!(
        invite_from_globex().await.code(),
        "no_external_invite_permission"
    );

    let errors = [
        (
            set("sideways", ACME_PROJECT, GLOBEX_TEAM).await,
            "invalid_action",
        ),
        (
            set("upgrade", "C0NOPE0001", GLOBEX_TEAM).await,
            "channel_not_found",
        ),
        (
            set("upgrade", ACME_LAUNCH, GLOBEX_TEAM).await,
            "invalid_target_team",
        ),
        (
            set("upgrade", ACME_PROJECT, ACME_LABS_TEAM).await,
            "invalid_target_team",
        ),
        (
            set("upgrade", GLOBEX_PARTNERS, ACME_TEAM).await,
            "channel_not_found",
        ),
    ];
    for (answer, code) in errors {
        assert_eq!(answer.code(), code, "{:?}", answer.body);
    }
    let not_admin = api
        .json(
            PERMISSIONS,
            ACME_NON_ADMIN_TOKEN,
            json!({"action": "upgrade", "channel": ACME_PROJECT, "target_team": GLOBEX_TEAM}),
        )
        .await;
    assert_eq!(not_admin.code(), "restricted_action");
    // The external side cannot change the host's setting.
    let from_globex = api
        .json(
            PERMISSIONS,
            GLOBEX_BOT_TOKEN,
            json!({"action": "upgrade", "channel": ACME_PROJECT, "target_team": GLOBEX_TEAM}),
        )
        .await;
    assert_eq!(from_globex.code(), "restricted_action");
}

#[tokio::test]
async fn disconnecting_a_channel_or_an_organization_removes_the_connection() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    let shared = |channel: &'static str, leaving: Option<&'static str>| {
        let body = match leaving {
            Some(team) => json!({"channel_id": channel, "leaving_team_ids": [team]}),
            None => json!({"channel_id": channel}),
        };
        api.json(DISCONNECT_SHARED, ACME_ADMIN_USER_TOKEN, body)
    };
    assert_eq!(
        shared(ACME_PROJECT, None).await.code(),
        "no_teams_to_disconnect"
    );
    connect(
        &api,
        ACME_PROJECT,
        GLOBEX_CAROL,
        GLOBEX_BOT_TOKEN,
        "acme-project",
    )
    .await;
    connect(
        &api,
        ACME_LAUNCH,
        GLOBEX_DAVE,
        GLOBEX_BOT_TOKEN,
        "acme-launch",
    )
    .await;
    let errors = [
        (shared("C0NOPE0001", None).await, "channel_not_found"),
        (
            shared(ACME_GENERAL, None).await,
            "channel_type_not_supported",
        ),
        (
            shared(ACME_PROJECT, Some(ACME_TEAM)).await,
            "cannot_kick_home_team",
        ),
        (
            shared(ACME_PROJECT, Some("T0NOBODY01")).await,
            "team_not_found",
        ),
        (
            shared(ACME_PROJECT, Some(ACME_LABS_TEAM)).await,
            "leaving_team_not_in_channel",
        ),
        (shared(GLOBEX_PARTNERS, None).await, "channel_not_found"),
    ];
    for (answer, code) in errors {
        assert_eq!(answer.code(), code, "{:?}", answer.body);
    }
    let two = api
        .json(
            DISCONNECT_SHARED,
            ACME_ADMIN_USER_TOKEN,
            json!({"channel_id": ACME_PROJECT, "leaving_team_ids": [GLOBEX_TEAM, ACME_LABS_TEAM]}),
        )
        .await;
    assert_eq!(two.code(), "invalid_arguments");
    // Only user tokens of Org Admins: a bot token is the wrong kind.
    let bot = api
        .json(
            DISCONNECT_SHARED,
            ACME_BOT_TOKEN,
            json!({"channel_id": ACME_PROJECT}),
        )
        .await;
    assert_eq!(bot.code(), "not_allowed_token_type");

    assert_eq!(shared(ACME_PROJECT, Some(GLOBEX_TEAM)).await.code(), "ok");
    assert_eq!(
        shared(ACME_PROJECT, None).await.code(),
        "no_teams_to_disconnect"
    );
    let set = api
        .json(
            PERMISSIONS,
            ACME_BOT_TOKEN,
            json!({"action": "upgrade", "channel": ACME_PROJECT, "target_team": GLOBEX_TEAM}),
        )
        .await;
    assert_eq!(set.code(), "invalid_target_team");
    let listed = api.json(LIST, ACME_BOT_TOKEN, json!({})).await;
    assert_eq!(listed.body["organizations"][0]["public_channel_count"], 1);
    assert_eq!(
        listed.body["organizations"][0]["connection_status"],
        "CONNECTED"
    );

    // Disconnecting the organization removes the rest.
    let not_admin = api
        .json(
            DISCONNECT,
            ACME_NON_ADMIN_TOKEN,
            json!({"target_team": GLOBEX_TEAM}),
        )
        .await;
    assert_eq!(not_admin.code(), "restricted_action");
    let gone = api
        .json(
            DISCONNECT,
            ACME_BOT_TOKEN,
            json!({"target_team": GLOBEX_TEAM}),
        )
        .await;
    assert_eq!(gone.code(), "ok", "{:?}", gone.body);
    let again = api
        .json(
            DISCONNECT,
            ACME_BOT_TOKEN,
            json!({"target_team": GLOBEX_TEAM}),
        )
        .await;
    assert_eq!(again.code(), "invalid_target_team");
    let unknown = api
        .json(
            DISCONNECT,
            ACME_BOT_TOKEN,
            json!({"target_team": "T0NOBODY01"}),
        )
        .await;
    assert_eq!(unknown.code(), "invalid_target_team");
    let listed = api.json(LIST, ACME_BOT_TOKEN, json!({})).await;
    let globex = &listed.body["organizations"][0];
    assert_eq!(globex["connection_status"], "DISCONNECTED");
    assert_eq!(globex["public_channel_count"], 0);
    assert_eq!(globex["connected_workspaces"], json!([]));
    let connected_only = api
        .json(
            LIST,
            ACME_BOT_TOKEN,
            json!({"connection_status_filter": "CONNECTED"}),
        )
        .await;
    assert_eq!(connected_only.body["organizations"], json!([]));
    assert_eq!(
        shared(ACME_LAUNCH, None).await.code(),
        "no_teams_to_disconnect"
    );
    // Globex can no longer invite through the channel either.
    let invite = api
        .json(
            "conversations.inviteShared",
            GLOBEX_BOT_TOKEN,
            json!({"channel": ACME_LAUNCH, "emails": ["pat@initech.example"]}),
        )
        .await;
    assert_eq!(invite.code(), "channel_not_found");
}

#[tokio::test]
async fn discoverability_follows_the_worlds_users() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    let lookup = |token: &'static str, email: &'static str| {
        api.json(LOOKUP, token, json!({ "email": email }))
    };
    let carol = lookup(ACME_BOT_TOKEN, "Carol@Globex.example").await;
    assert_eq!(carol.code(), "ok");
    assert_eq!(carol.body["is_discoverable"], true);
    let nobody = lookup(ACME_BOT_TOKEN, "nobody@nowhere.example").await;
    assert_eq!(nobody.body["is_discoverable"], false);
    assert_eq!(
        lookup(GLOBEX_BOT_TOKEN, "alice@acme.example").await.code(),
        "not_an_enterprise"
    );
    assert_eq!(
        lookup(ACME_NON_ADMIN_TOKEN, "carol@globex.example")
            .await
            .code(),
        "restricted_action"
    );
    assert_eq!(
        lookup(ACME_WRITE_ONLY_TOKEN, "carol@globex.example")
            .await
            .code(),
        "missing_scope"
    );
    assert_eq!(lookup(ACME_BOT_TOKEN, "").await.code(), "invalid_arguments");

    // A person who turned discoverability off is not found.
    let mut world = World::default();
    for user in &mut world.users {
        if user.id == GLOBEX_CAROL {
            user.discoverable = false;
        }
    }
    let hidden = Emulator::start_with(EmulatorConfig::default().without_rate_limits().world(world))
        .await
        .unwrap();
    let answer = Api::new(&hidden)
        .json(
            LOOKUP,
            ACME_BOT_TOKEN,
            json!({"email": "carol@globex.example"}),
        )
        .await;
    assert_eq!(answer.body["is_discoverable"], false);
}

#[tokio::test]
async fn a_disconnected_organization_is_connected_again_by_a_new_shared_channel() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    connect(
        &api,
        ACME_PROJECT,
        GLOBEX_CAROL,
        GLOBEX_BOT_TOKEN,
        "acme-project",
    )
    .await;
    let gone = api
        .json(
            DISCONNECT,
            ACME_BOT_TOKEN,
            json!({"target_team": GLOBEX_TEAM}),
        )
        .await;
    assert_eq!(gone.code(), "ok");
    connect(
        &api,
        ACME_LAUNCH,
        GLOBEX_DAVE,
        GLOBEX_BOT_TOKEN,
        "acme-launch",
    )
    .await;
    let listed = api.json(LIST, ACME_BOT_TOKEN, json!({})).await;
    let globex = &listed.body["organizations"][0];
    assert_eq!(globex["connection_status"], "CONNECTED");
    assert_eq!(globex["public_channel_count"], 1);
    let again = api
        .json(
            DISCONNECT,
            ACME_BOT_TOKEN,
            json!({"target_team": GLOBEX_TEAM}),
        )
        .await;
    assert_eq!(again.code(), "ok");
}

/// The Org Admin checks of `admin.conversations.disconnectShared`, with user tokens the seed does
/// not have: Globex's (not an Enterprise) and an Acme member's (not an admin), both with the
/// method's scope; and a channel Acme joined but does not host.
#[tokio::test]
async fn only_the_originating_organizations_admins_disconnect_shared_channels() {
    let mut world = World::default();
    for (token, team, enterprise, user) in [
        ("xoxp-globex-carol", Some(GLOBEX_TEAM), None, GLOBEX_CAROL),
        (
            "xoxp-acme-bob-admin-scope",
            None,
            Some(ACME_ENTERPRISE),
            ACME_BOB,
        ),
    ] {
        world.tokens.push(Token {
            token: token.into(),
            kind: TokenKind::User,
            team_id: team.map(Into::into),
            enterprise_id: enterprise.map(Into::into),
            user_id: user.into(),
            scopes: vec![SCOPE_ADMIN_CONVERSATIONS_WRITE.into()],
            is_admin: false,
        });
    }
    let emulator =
        Emulator::start_with(EmulatorConfig::default().without_rate_limits().world(world))
            .await
            .unwrap();
    let api = Api::new(&emulator);
    let body = json!({"channel_id": GLOBEX_PARTNERS});
    let globex = api
        .json(DISCONNECT_SHARED, "xoxp-globex-carol", body.clone())
        .await;
    assert_eq!(globex.code(), "not_an_enterprise");
    let member = api
        .json(DISCONNECT_SHARED, "xoxp-acme-bob-admin-scope", body.clone())
        .await;
    assert_eq!(member.code(), "not_an_admin");

    // Globex shares #partners with Acme Labs: Acme may not remove anyone from it.
    let invite = api
        .json(
            "conversations.inviteShared",
            GLOBEX_BOT_TOKEN,
            json!({"channel": GLOBEX_PARTNERS, "user_ids": [ACME_LABS_LENA]}),
        )
        .await
        .str("invite_id");
    let accept = json!({"invite_id": invite, "channel_name": "globex-partners"});
    let accepted = api
        .json(
            "conversations.acceptSharedInvite",
            ACME_LABS_BOT_TOKEN,
            accept,
        )
        .await;
    assert_eq!(accepted.code(), "ok", "{:?}", accepted.body);
    let approved = api
        .json(
            "conversations.approveSharedInvite",
            ACME_LABS_BOT_TOKEN,
            json!({"invite_id": invite}),
        )
        .await;
    assert_eq!(approved.code(), "ok", "{:?}", approved.body);
    let kick = api
        .json(DISCONNECT_SHARED, ACME_ADMIN_USER_TOKEN, body)
        .await;
    assert_eq!(kick.code(), "cannot_kick_team");
    // Acme sees Globex as connected on Acme Labs.
    let listed = api.json(LIST, ACME_ADMIN_TOKEN, json!({})).await;
    assert_eq!(
        listed.body["organizations"][0]["connected_workspaces"][0]["workspace_id"],
        ACME_LABS_TEAM
    );
}
