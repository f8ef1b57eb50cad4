//! The `slack-connect` binary against the emulator over loopback: every command's success path,
//! each class of failure with its exit code, pagination, tables, the catalog and try-out mode.

mod support;

use std::io::ErrorKind;
use std::net::TcpListener;

use serde_json::{json, Value};
use slack_connect_emulator::{seed, Fault};
use support::{run_with, Harness, TempFile};

const API_ERROR: i32 = 1;
const INVALID_ARGUMENTS: i32 = 2;
const RATE_LIMITED: i32 = 3;
const TRANSPORT: i32 = 4;

#[test]
fn invites_are_sent_listed_accepted_approved_and_declined() {
    let h = Harness::start();
    let invite = |channel: &str| {
        let sent = h
            .acme(&[
                "conversations",
                "invite-shared",
                "--channel",
                channel,
                "--user-ids",
                seed::GLOBEX_CAROL,
            ])
            .json();
        sent["invite_id"].as_str().unwrap().to_owned()
    };

    // Sent by email, not limited: the open invite has a URL and a confirmation code.
    let open = h
        .acme(&[
            "conversations",
            "invite-shared",
            "--channel",
            seed::ACME_LAUNCH,
            "--email",
            "dave@globex.example",
            "--no-external-limited",
        ])
        .json();
    assert!(
        open["url"].is_string() && open["conf_code"].is_string(),
        "{open}"
    );

    let first = invite(seed::ACME_PROJECT);
    let listed = h.acme(&["conversations", "list-connect-invites"]).json();
    let ids: Vec<&str> = listed["invites"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["invite"]["id"].as_str())
        .collect();
    assert!(ids.contains(&first.as_str()), "{listed}");

    let accepted = h
        .globex(&[
            "conversations",
            "accept-shared-invite",
            "--invite-id",
            &first,
            "--channel-name",
            "acme-project-x",
        ])
        .json();
    assert_eq!(accepted["invite_id"], json!(first));
    let approved = h
        .acme(&[
            "conversations",
            "approve-shared-invite",
            "--invite-id",
            &first,
            "--target-team",
            seed::GLOBEX_TEAM,
        ])
        .json();
    assert_eq!(approved, json!({}));

    let second = invite(seed::ACME_LAUNCH);
    h.globex(&[
        "conversations",
        "accept-shared-invite",
        "--invite-id",
        &second,
        "--channel-name",
        "acme-launch",
    ])
    .json();
    let declined = h
        .acme(&[
            "conversations",
            "decline-shared-invite",
            "--invite-id",
            &second,
            "--target-team",
            seed::GLOBEX_TEAM,
        ])
        .json();
    assert_eq!(declined, json!({}));
    // Declined means gone: declining again is Slack's error, with its exit code.
    let again = h.acme(&[
        "conversations",
        "decline-shared-invite",
        "--invite-id",
        &second,
        "--target-team",
        seed::GLOBEX_TEAM,
    ]);
    assert!(again.failure(API_ERROR).contains("approval_inactive"));
}

#[test]
fn invite_requests_are_listed_approved_and_denied() {
    let h = Harness::start();
    let ids = h.invite_requests(3);
    let listed = h
        .acme(&["conversations", "request-shared-invite", "list"])
        .json();
    let listed: Vec<&str> = listed["invite_requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert_eq!(listed, ids);

    // The object argument from convenience flags, then as JSON.
    let approved = h
        .acme(&[
            "conversations",
            "request-shared-invite",
            "approve",
            "--invite-id",
            &ids[0],
            "--message-text",
            "Welcome",
            "--message-override",
            "--no-is-external-limited",
        ])
        .json();
    assert_eq!(approved["invite_id"], json!(ids[0]));
    let message = r#"{"text":"Welcome aboard","is_override":false}"#;
    h.acme(&[
        "conversations",
        "request-shared-invite",
        "approve",
        "--invite-id",
        &ids[1],
        "--message",
        message,
    ])
    .json();

    // `message` is a string for deny: the same flag name, typed per method.
    let denied = h
        .acme(&[
            "conversations",
            "request-shared-invite",
            "deny",
            "--invite-id",
            &ids[2],
            "--message",
            "Not this quarter",
        ])
        .json();
    assert_eq!(denied["invite_id"], json!(ids[2]));

    let everything = h
        .acme(&[
            "conversations",
            "request-shared-invite",
            "list",
            "--include-approved",
            "--include-denied",
            "--invite-id",
            &ids[2],
        ])
        .json();
    let denied = &everything["invite_requests"][0];
    assert_eq!(denied["id"], json!(ids[2]));
    assert!(
        denied["date_denied"].as_i64().is_some_and(|date| date > 0),
        "{denied}"
    );
    let pending = h
        .acme(&["conversations", "request-shared-invite", "list"])
        .json();
    assert_eq!(pending["invite_requests"], json!([]));
}

#[test]
fn api_errors_exit_1_naming_the_code_and_its_description() {
    let h = Harness::start();
    let out = h.acme(&[
        "conversations",
        "invite-shared",
        "--channel",
        seed::ACME_GENERAL,
        "--email",
        "x@globex.example",
    ]);
    let line = out.failure(API_ERROR);
    assert!(line.contains("cannot_share_mandatory_channel"), "{line}");
    assert!(
        line.contains("You cannot share #general or mandatory channels."),
        "{line}"
    );

    let scope = h.run(
        seed::ACME_WRITE_ONLY_TOKEN,
        &["conversations", "list-connect-invites"],
    );
    assert!(scope.failure(API_ERROR).contains("missing_scope"));
}

#[test]
fn invalid_arguments_exit_2_and_send_nothing() {
    // Not an emulator: a socket that records whether anything connected.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}/api/", listener.local_addr().unwrap());
    let env = [
        ("SLACK_TOKEN", seed::ACME_BOT_TOKEN),
        ("SLACK_API_URL", url.as_str()),
    ];
    let too_long = "x".repeat(561);
    let cases: [(&[&str], &str); 6] = [
        // The SDK's checks from the spec: exactly one recipient, ranges, lengths.
        (
            &["conversations", "invite-shared", "--channel", "C0PROJECT1"],
            "exactly one of emails, user_ids",
        ),
        (
            &[
                "conversations",
                "invite-shared",
                "--channel",
                "C0PROJECT1",
                "--emails",
                "a@x.example,b@x.example",
            ],
            "emails",
        ),
        (
            &[
                "conversations",
                "request-shared-invite",
                "list",
                "--limit",
                "0",
            ],
            "limit",
        ),
        (
            &[
                "conversations",
                "request-shared-invite",
                "approve",
                "--invite-id",
                "I1",
                "--message-text",
                &too_long,
            ],
            "message.text",
        ),
        // Usage errors, caught while parsing the command line.
        (
            &[
                "conversations",
                "request-shared-invite",
                "list",
                "--limit",
                "many",
            ],
            "expected an integer",
        ),
        (
            &[
                "conversations",
                "request-shared-invite",
                "approve",
                "--invite-id",
                "I1",
                "--message-override",
            ],
            "--message-text",
        ),
    ];
    for (args, expected) in cases {
        let out = run_with(&env, args);
        let line = out.failure(INVALID_ARGUMENTS);
        assert!(line.contains(expected), "{args:?}: {line}");
    }
    let usage = run_with(
        &env,
        &[
            "conversations",
            "request-shared-invite",
            "list",
            "--lmit",
            "2",
        ],
    );
    assert!(
        usage.failure(INVALID_ARGUMENTS).contains("'--limit'"),
        "clap's suggestion is kept"
    );
    assert_eq!(
        run_with(&env, &["conversations", "invite-shared"]).code,
        INVALID_ARGUMENTS
    );
    let accepted = listener.accept().map(|_| ()).map_err(|e| e.kind());
    assert_eq!(accepted, Err(ErrorKind::WouldBlock), "a request was sent");
}

#[test]
fn a_missing_token_exits_2_and_a_token_file_works() {
    let h = Harness::start();
    let base = h.emulator().base_url();
    let list = ["conversations", "list-connect-invites"];
    let missing = run_with(&[("SLACK_API_URL", &base)], &list);
    assert!(missing.failure(INVALID_ARGUMENTS).contains("SLACK_TOKEN"));

    let file = TempFile::new("token", &format!("{}\n", seed::ACME_BOT_TOKEN));
    let with_file = run_with(
        &[("SLACK_API_URL", &base)],
        &["--token-file", file.arg(), list[0], list[1]],
    );
    assert_eq!(with_file.json()["invites"], json!([]));
    let unreadable = run_with(
        &[("SLACK_API_URL", &base)],
        &[list[0], list[1], "--token-file", "/nonexistent/token"],
    );
    assert!(unreadable
        .failure(INVALID_ARGUMENTS)
        .contains("/nonexistent/token"));
}

#[test]
fn the_token_never_appears_in_output() {
    let h = Harness::start();
    let secret = "xoxb-0000-secret-do-not-print";
    for args in [
        &["conversations", "list-connect-invites"][..],
        &[
            "conversations",
            "invite-shared",
            "--channel",
            seed::ACME_PROJECT,
            "--email",
            "a@globex.example",
        ],
        &[
            "conversations",
            "invite-shared",
            "--channel",
            seed::ACME_PROJECT,
        ],
    ] {
        let out = h.run(secret, args);
        assert_ne!(out.code, 0);
        assert!(
            !out.stdout.contains(secret) && !out.stderr.contains(secret),
            "{}",
            out.stderr
        );
    }
    assert!(h
        .run(secret, &["conversations", "list-connect-invites"])
        .failure(API_ERROR)
        .contains("invalid_auth"));
}

#[test]
fn rate_limits_exit_3_and_broken_responses_exit_4() {
    let h = Harness::start();
    let list = ["conversations", "list-connect-invites"];
    // A Retry-After beyond the client's longest wait (120 s) is returned at once.
    let too_long = Fault::RateLimited { retry_after: 600 };
    h.fault("conversations.listConnectInvites", too_long, 1);
    assert!(h.acme(&list).failure(RATE_LIMITED).contains("rate limited"));
    // A short one is waited out (the emulator's shortest is 1 s).
    let short = Fault::RateLimited { retry_after: 1 };
    h.fault("conversations.listConnectInvites", short, 1);
    assert_eq!(h.acme(&list).json()["invites"], json!([]), "retried");

    h.fault("conversations.listConnectInvites", Fault::MalformedBody, 1);
    assert!(h.acme(&list).failure(TRANSPORT).contains("undecodable"));
    h.fault(
        "conversations.listConnectInvites",
        Fault::ServerError { status: 503 },
        1,
    );
    // Slack's JSON error body on a 503 is the API error it names (exit 1), not a bare status.
    assert!(h
        .acme(&list)
        .failure(API_ERROR)
        .contains("service_unavailable"));
}

#[test]
fn all_follows_every_page() {
    let h = Harness::start();
    let ids = h.invite_requests(7);
    let list = ["conversations", "request-shared-invite", "list"];
    let all = h.acme(&[list[0], list[1], list[2], "--all", "--limit", "2"]);
    let items = all.json();
    let found: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert_eq!(found, ids, "four pages of two, in order");
    assert_eq!(all.stderr, "", "no progress when stderr is not a terminal");

    // One page, and a note on stderr about the next one.
    let page = h.acme(&[list[0], list[1], list[2], "--limit", "2"]);
    assert_eq!(
        page.json()["invite_requests"].as_array().map(Vec::len),
        Some(2)
    );
    let cursor = page.json()["response_metadata"]["next_cursor"]
        .as_str()
        .unwrap()
        .to_owned();
    let next = h
        .acme(&[
            list[0], list[1], list[2], "--limit", "2", "--cursor", &cursor,
        ])
        .json();
    assert_eq!(next["invite_requests"][0]["id"], json!(ids[2]));

    // The other paginated method pages by `count`.
    for channel in [seed::ACME_PROJECT, seed::ACME_LAUNCH, seed::ACME_PROJECT] {
        let to_carol = ["--channel", channel, "--user-id", seed::GLOBEX_CAROL];
        h.acme(&[&["conversations", "invite-shared"][..], &to_carol].concat())
            .json();
    }
    let all_invites = [
        "conversations",
        "list-connect-invites",
        "--all",
        "--count",
        "1",
    ];
    let invites = h.acme(&all_invites).json();
    assert_eq!(invites.as_array().map(Vec::len), Some(3), "{invites}");
}

#[test]
fn tables_show_one_row_per_item_with_readable_columns() {
    let h = Harness::start();
    let ids = h.invite_requests(5);
    let out = h.acme(&[
        "conversations",
        "request-shared-invite",
        "list",
        "--all",
        "--limit",
        "2",
        "--format",
        "table",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 1 + ids.len(), "{}", out.stdout);
    let header: Vec<&str> = lines[0].split_whitespace().collect();
    assert_eq!(header[0], "id");
    for column in [
        "date_created",
        "inviting_team",
        "inviting_user",
        "channel",
        "recipient_email",
    ] {
        assert!(header.contains(&column), "{column} in {header:?}");
    }
    for (line, id) in lines[1..].iter().zip(&ids) {
        assert!(line.starts_with(id.as_str()), "{line}");
        assert!(
            line.contains("Acme HQ") && line.contains("alice") && line.contains("project-x"),
            "{line}"
        );
    }

    let page = h.acme(&[
        "conversations",
        "request-shared-invite",
        "list",
        "--limit",
        "2",
        "--format",
        "table",
    ]);
    assert_eq!(page.stdout.lines().count(), 3);
    assert!(page.stderr.contains("--cursor"), "{}", page.stderr);

    let empty = h.acme(&["conversations", "list-connect-invites", "--format", "table"]);
    assert_eq!(empty.stdout, "(no items)\n");
    let fields = h.acme(&[
        "conversations",
        "request-shared-invite",
        "deny",
        "--invite-id",
        &ids[0],
        "--format",
        "table",
    ]);
    assert_eq!(
        fields.stdout,
        format!("field      value\ninvite_id  {}\n", ids[0])
    );
}

#[test]
fn methods_lists_every_method_from_the_metadata() {
    let out = run_with(&[], &["methods"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout.lines().count(), slack_connect::METHODS.len() + 1);
    for method in slack_connect::METHODS {
        let line = out
            .stdout
            .lines()
            .find(|l| l.contains(method.name))
            .unwrap();
        assert!(line.contains(&method.rate_limit_tier.to_string()), "{line}");
        assert!(
            method
                .bot_scopes
                .iter()
                .chain(method.app_scopes)
                .all(|scope| line.contains(scope)),
            "{line}"
        );
        assert!(line.contains(method.description), "{line}");
    }
    let json: Value =
        serde_json::from_str(&run_with(&[], &["methods", "--format", "json"]).stdout).unwrap();
    assert_eq!(
        json[0]["command"],
        json!(slack_connect::METHODS[0].cli_command.join(" "))
    );
    assert!(json
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["command"] == json!("conversations accept-shared-invite")));
}

#[test]
fn emulator_mode_runs_without_a_token_or_url() {
    // A URL in the environment is ignored: the embedded emulator answers.
    let out = run_with(
        &[("SLACK_API_URL", "http://127.0.0.1:9/api/")],
        &[
            "--emulator",
            "conversations",
            "request-shared-invite",
            "list",
        ],
    );
    let listed = out.json();
    assert_eq!(
        listed["invite_requests"].as_array().map(Vec::len),
        Some(3),
        "sample requests"
    );
    for token in [seed::ACME_BOT_TOKEN, seed::GLOBEX_BOT_TOKEN] {
        assert!(
            out.stderr.contains(token),
            "seeded tokens are listed: {}",
            out.stderr
        );
    }
    let globex = run_with(
        &[("SLACK_TOKEN", seed::GLOBEX_BOT_TOKEN)],
        &[
            "conversations",
            "invite-shared",
            "--emulator",
            "--channel",
            seed::GLOBEX_PARTNERS,
            "--email",
            "alice@acme.example",
        ],
    );
    assert!(
        globex.json()["invite_id"].is_string(),
        "SLACK_TOKEN still wins"
    );
}

#[test]
fn help_documents_exit_codes_and_succeeds() {
    let out = run_with(&[], &["--help"]);
    assert_eq!(out.code, 0);
    for code in [
        "0  success",
        "1  Slack returned an error code",
        "2  invalid",
        "3  rate limited",
        "4  transport",
    ] {
        assert!(out.stdout.contains(code), "{code}");
    }
    let method = run_with(
        &[],
        &["conversations", "request-shared-invite", "list", "--help"],
    );
    assert!(method.stdout.contains("--no-include-denied") && method.stdout.contains("Tier 2"));
    let incomplete = run_with(&[], &["conversations"]);
    assert_eq!(incomplete.code, INVALID_ARGUMENTS);
    assert!(incomplete.stderr.contains("request-shared-invite"));
}

/// The five connection methods are commands with no code of their own in the binary: their
/// names and flags come from the generated metadata, and they run against the emulator.
#[test]
fn the_connection_methods_are_commands_from_the_metadata() {
    use slack_connect::admin::conversations::disconnect_shared;
    use slack_connect::conversations::external_invite_permissions::set;
    use slack_connect::team::external_teams::{disconnect, list};
    use slack_connect::users::discoverable_contacts::lookup;

    let catalog = run_with(&[], &["methods"]).stdout;
    let commands: Vec<String> = [
        &disconnect_shared::METHOD,
        &set::METHOD,
        &disconnect::METHOD,
        &list::METHOD,
        &lookup::METHOD,
    ]
    .iter()
    .map(|m| m.cli_command.join(" "))
    .collect();
    for command in &commands {
        assert!(catalog.contains(command.as_str()), "{command} in {catalog}");
    }
    assert_eq!(commands[3], "team external-teams list");

    let h = Harness::start();
    // Connect Globex: invite Carol to #project-x, she accepts, Acme approves.
    let invite = h
        .acme(&[
            "conversations",
            "invite-shared",
            "--channel",
            seed::ACME_PROJECT,
            "--user-id",
            seed::GLOBEX_CAROL,
        ])
        .json();
    let invite = invite["invite_id"].as_str().unwrap().to_owned();
    h.globex(&[
        "conversations",
        "accept-shared-invite",
        "--invite-id",
        &invite,
        "--channel-name",
        "acme-project-x",
    ])
    .json();
    h.acme(&[
        "conversations",
        "approve-shared-invite",
        "--invite-id",
        &invite,
        "--target-team",
        seed::GLOBEX_TEAM,
    ])
    .json();

    let listed = h
        .acme(&["team", "external-teams", "list", "--all", "--limit", "1"])
        .json();
    assert_eq!(listed[0]["team_id"], json!(seed::GLOBEX_TEAM), "{listed}");
    assert_eq!(listed[0]["connection_status"], json!("CONNECTED"));
    let found = h
        .acme(&[
            "users",
            "discoverable-contacts",
            "lookup",
            "--email",
            "carol@globex.example",
        ])
        .json();
    assert_eq!(found, json!({"is_discoverable": true}));
    let set_permission = |action: &str| {
        h.acme(&[
            "conversations",
            "external-invite-permissions",
            "set",
            "--action",
            action,
            "--channel",
            seed::ACME_PROJECT,
            "--target-team",
            seed::GLOBEX_TEAM,
        ])
    };
    assert_eq!(set_permission("upgrade").json(), json!({}));
    let again = set_permission("upgrade");
    assert!(again.failure(API_ERROR).contains("not_supported"));
    // Checked before sending, from the spec's value lists.
    let sideways = set_permission("sideways");
    assert!(sideways.failure(INVALID_ARGUMENTS).contains("action"));
    let bad_pref = h.acme(&[
        "team",
        "external-teams",
        "list",
        "--slack-connect-pref-filter",
        "profile_visibility,colour",
    ]);
    assert!(bad_pref
        .failure(INVALID_ARGUMENTS)
        .contains("slack_connect_pref_filter[1]"));

    let disconnected = h
        .run(
            seed::ACME_ADMIN_USER_TOKEN,
            &[
                "admin",
                "conversations",
                "disconnect-shared",
                "--channel-id",
                seed::ACME_PROJECT,
                "--leaving-team-ids",
                seed::GLOBEX_TEAM,
            ],
        )
        .json();
    assert_eq!(disconnected, json!({}));
    h.acme(&[
        "team",
        "external-teams",
        "disconnect",
        "--target-team",
        seed::GLOBEX_TEAM,
    ])
    .json();
    let status = h
        .acme(&[
            "team",
            "external-teams",
            "list",
            "--connection-status-filter",
            "DISCONNECTED",
        ])
        .json();
    assert_eq!(
        status["organizations"][0]["team_id"],
        json!(seed::GLOBEX_TEAM)
    );
}
