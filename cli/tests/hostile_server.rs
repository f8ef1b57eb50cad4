//! The `slack-connect` binary against a hostile server on 127.0.0.1
//! (`slack_connect_tests::hostile`): `--all` ends when the server repeats a cursor, printing what
//! it got and then the error, and no token a server echoes reaches stderr.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use slack_connect_tests::hostile::{Act, HostileServer, Seen};

const BINARY: &str = env!("CARGO_BIN_EXE_slack-connect");
const TOKEN: &str = "xoxb-1111-2222-TOPSECRETVALUE";
const SECRET: &str = "TOPSECRETVALUE";
const TRANSPORT: i32 = 4;
const API_ERROR: i32 = 1;

/// The server runs on its own runtime's threads while the test waits for the binary.
fn serve(
    script: impl Fn(&Seen) -> Act + Send + Sync + 'static,
) -> (HostileServer, tokio::runtime::Runtime) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let server = runtime.block_on(HostileServer::start(script));
    (server, runtime)
}

struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs the binary against `server`, killing it if it is still running after `limit`.
fn run(server: &HostileServer, args: &[&str], limit: Duration) -> Outcome {
    let mut command = Command::new(BINARY);
    command
        .env_clear()
        .env("SLACK_TOKEN", TOKEN)
        .env("SLACK_API_URL", &server.base_url)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            child.kill().unwrap();
            let output = child.wait_with_output().unwrap();
            panic!(
                "still running after {limit:?}; stdout: {}; stderr: {}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    Outcome {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn page(id: &str, next_cursor: &str) -> Act {
    Act::json(json!({
        "ok": true,
        "invite_requests": [{"id": id, "date_created": 1, "expires_at": 2, "inviting_team": {},
                             "inviting_user": {}, "target_user": {}}],
        "response_metadata": {"next_cursor": next_cursor},
    }))
}

const LIST: [&str; 3] = ["conversations", "request-shared-invite", "list"];

#[test]
fn all_prints_what_it_got_then_the_repeated_cursor() {
    // "" -> a -> b -> a: three items, then the cycle.
    let (server, _runtime) =
        serve(
            |seen| match seen.json()["cursor"].as_str().unwrap_or_default() {
                "" => page("I1", "a"),
                "a" => page("I2", "b"),
                _ => page("I3", "a"),
            },
        );
    let outcome = run(
        &server,
        &[&LIST[..], &["--all"]].concat(),
        Duration::from_secs(30),
    );
    assert_eq!(outcome.code, TRANSPORT, "stderr: {}", outcome.stderr);
    let items: Value = serde_json::from_str(&outcome.stdout).expect("the items got, as JSON");
    let ids: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["I1", "I2", "I3"]);
    let lines: Vec<&str> = outcome.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{}", outcome.stderr);
    assert!(lines[0].starts_with("error: "), "{}", lines[0]);
    assert!(lines[0].contains("cursor `a`"), "{}", lines[0]);
    assert_eq!(server.request_count(), 3);
}

#[test]
fn no_echoed_token_reaches_stderr() {
    // An error code, `needed` and `provided` echoing the token; then, on a table's "more
    // follow" note, a cursor that is a token.
    let (server, _runtime) = serve(|seen| {
        let token = seen.token().unwrap_or_default();
        match seen.index {
            0 => Act::json(
                json!({"ok": false, "error": format!("invalid_auth_{token}"),
                                  "needed": token, "provided": token}),
            ),
            _ => page("I1", token),
        }
    });
    let error = run(&server, &LIST, Duration::from_secs(30));
    assert_eq!(error.code, API_ERROR, "{}", error.stderr);
    assert!(error.stderr.contains("[redacted]"), "{}", error.stderr);
    let table = run(
        &server,
        &[&LIST[..], &["--format", "table"]].concat(),
        Duration::from_secs(30),
    );
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert!(table.stderr.contains("[redacted]"), "{}", table.stderr);
    for outcome in [&error, &table] {
        assert!(
            !outcome.stderr.contains(SECRET),
            "the token leaked: {}",
            outcome.stderr
        );
    }
}
