//! The emulator accepts the exact requests Slack's official clients send (`tests/data/wire/`,
//! see its README): Python's `WebClient` (form POST, booleans `1`/`0`, comma-joined arrays),
//! Python's `AsyncWebClient` (every argument in the query string of a POST with no body), Node's
//! `WebClient` (form POST, JSON-stringified arrays and objects, `true`/`false`) and
//! `multipart/form-data`. Each request drives one step of the invite lifecycle, sent as raw bytes
//! over a loopback socket, and each step's effect is checked.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{json, Value};
use slack_connect_emulator::{seed, Emulator, EmulatorConfig, NewInviteRequest};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A fixture's request, with placeholders filled in, CRLF line endings and `Content-Length`
/// set to the body's length.
fn request(name: &str, values: &BTreeMap<&str, String>) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/wire")
        .join(name);
    let mut text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    for (key, value) in values {
        text = text.replace(&format!("{{{{{key}}}}}"), value);
    }
    assert!(!text.contains("{{"), "{name}: a placeholder is left");
    let (head, body) = text.split_once("\n\n").expect("a blank line ends the head");
    let body = body
        .strip_suffix('\n')
        .unwrap_or(body)
        .replace('\n', "\r\n");
    let head: Vec<String> = head
        .lines()
        .map(|line| {
            if line.to_ascii_lowercase().starts_with("content-length:") {
                format!("Content-Length: {}", body.len())
            } else {
                line.to_owned()
            }
        })
        .collect();
    format!("{}\r\n\r\n{body}", head.join("\r\n")).into_bytes()
}

/// Sends `bytes` on a fresh connection and returns the response's status and JSON body.
async fn send(emulator: &Emulator, bytes: &[u8]) -> (u16, Value) {
    let mut stream = TcpStream::connect(emulator.addr()).await.unwrap();
    stream.write_all(bytes).await.unwrap();
    let mut received = Vec::new();
    let mut buffer = [0u8; 8192];
    loop {
        let n = stream.read(&mut buffer).await.unwrap();
        if n == 0 {
            break;
        }
        received.extend_from_slice(&buffer[..n]);
        if let Some(response) = complete(&received) {
            return response;
        }
    }
    complete(&received).unwrap_or_else(|| {
        panic!(
            "incomplete response: {}",
            String::from_utf8_lossy(&received)
        )
    })
}

/// The status and JSON body, once the whole response (by `Content-Length`) is in `received`.
fn complete(received: &[u8]) -> Option<(u16, Value)> {
    let text = std::str::from_utf8(received).ok()?;
    let (head, body) = text.split_once("\r\n\r\n")?;
    let status = head.split(' ').nth(1)?.parse().ok()?;
    let length: usize = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(body.len());
    (body.len() >= length).then(|| (status, serde_json::from_str(body).expect("a JSON body")))
}

/// Runs one fixture and returns its body, asserting `ok: true`.
async fn step(emulator: &Emulator, name: &str, values: &BTreeMap<&str, String>) -> Value {
    let (status, body) = send(emulator, &request(name, values)).await;
    assert_eq!(status, 200, "{name}: {body}");
    assert_eq!(body["ok"], json!(true), "{name}: {body}");
    body
}

fn ids(body: &Value, list: &str) -> Vec<String> {
    body[list]
        .as_array()
        .unwrap_or_else(|| panic!("no `{list}` in {body}"))
        .iter()
        .map(|item| {
            item["id"]
                .as_str()
                .or(item["invite"]["id"].as_str())
                .unwrap_or("")
                .to_owned()
        })
        .collect()
}

#[tokio::test]
async fn the_invite_lifecycle_runs_on_what_each_official_client_sends() {
    let emulator = Emulator::start_with(EmulatorConfig::default().without_rate_limits())
        .await
        .unwrap();
    let mut values = BTreeMap::new();
    values.insert("host", emulator.addr().to_string());

    // Python (sync): a form, `external_limited=0` read as false, so the invite has a link.
    let invite = step(&emulator, "01_python_sync_invite_shared.http", &values).await;
    assert!(invite["url"].as_str().is_some(), "{invite}");
    values.insert("invite_a", invite["invite_id"].as_str().unwrap().to_owned());

    // Python (async): `count` in the query string of an empty POST.
    let listed = step(
        &emulator,
        "02_python_async_list_connect_invites.http",
        &values,
    )
    .await;
    assert!(
        ids(&listed, "invites").contains(&values["invite_a"]),
        "{listed}"
    );

    // Node: `is_private=false` and `free_trial_accepted=false`.
    let accepted = step(&emulator, "03_node_accept_shared_invite.http", &values).await;
    assert_eq!(accepted["invite_id"], json!(values["invite_a"]));

    // multipart/form-data.
    step(
        &emulator,
        "04_multipart_approve_shared_invite.http",
        &values,
    )
    .await;

    // Python (async): `channel`, `user_ids` and `external_limited=1` all in the query string.
    let second = step(&emulator, "05_python_async_invite_shared.http", &values).await;
    assert!(second.get("url").is_none(), "external-limited: {second}");
    values.insert("invite_b", second["invite_id"].as_str().unwrap().to_owned());
    step(
        &emulator,
        "06_python_sync_accept_shared_invite.http",
        &values,
    )
    .await;
    step(
        &emulator,
        "07_python_async_decline_shared_invite.http",
        &values,
    )
    .await;

    // The invite requests members made in Slack's client.
    for (key, email) in [
        ("request_1", "pat@partner.example"),
        ("request_2", "sam@partner.example"),
    ] {
        let id = emulator
            .create_invite_request(NewInviteRequest::by_email(
                seed::ACME_PROJECT,
                seed::ACME_ALICE,
                email,
            ))
            .unwrap();
        values.insert(key, id);
    }
    // Python (sync): `invite_ids` comma-joined, booleans `1`/`0`.
    let both = step(&emulator, "08_python_sync_request_list.http", &values).await;
    let mut listed = ids(&both, "invite_requests");
    listed.sort();
    let mut expected = vec![values["request_1"].clone(), values["request_2"].clone()];
    expected.sort();
    assert_eq!(listed, expected, "{both}");
    // Node: `invite_ids` as a JSON array.
    let one = step(&emulator, "09_node_request_list.http", &values).await;
    assert_eq!(
        ids(&one, "invite_requests"),
        vec![values["request_1"].clone()]
    );
    // Node: `message` as a JSON object.
    let approved = step(&emulator, "10_node_request_approve.http", &values).await;
    assert_eq!(approved["invite_id"], json!(values["request_1"]));
    // Python (async): the denial's message in the query string.
    step(&emulator, "11_python_async_request_deny.http", &values).await;
    // multipart/form-data: both decisions are listed.
    let decided = step(&emulator, "12_multipart_request_list.http", &values).await;
    assert_eq!(ids(&decided, "invite_requests").len(), 2, "{decided}");
}

#[tokio::test]
async fn the_body_wins_over_the_query_string_and_json_is_read_alone() {
    let emulator = Emulator::start_with(EmulatorConfig::default().without_rate_limits())
        .await
        .unwrap();
    let host = emulator.addr();
    let post = |target: &str, content_type: &str, body: &str| {
        format!(
            "POST /api/{target} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            seed::ACME_BOT_TOKEN,
            body.len()
        )
        .into_bytes()
    };
    // The query names an archived channel, the body a shareable one: the body's is used.
    let (_, mixed) = send(
        &emulator,
        &post(
            &format!(
                "conversations.inviteShared?channel={}&emails=q%40example.com",
                seed::ACME_ARCHIVED
            ),
            "application/x-www-form-urlencoded",
            &format!("channel={}", seed::ACME_PROJECT),
        ),
    )
    .await;
    assert_eq!(mixed["ok"], json!(true), "{mixed}");
    // With a JSON body the query string is not read: `channel` is missing.
    let (_, json_body) = send(
        &emulator,
        &post(
            &format!("conversations.inviteShared?channel={}", seed::ACME_PROJECT),
            "application/json",
            r#"{"emails":["j@example.com"]}"#,
        ),
    )
    .await;
    assert_eq!(
        json_body["error"],
        json!("invalid_arguments"),
        "{json_body}"
    );
    // A token in the query string is still refused, on a POST as on a GET.
    let (_, token) = send(
        &emulator,
        format!(
            "POST /api/conversations.listConnectInvites?token={} HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            seed::ACME_BOT_TOKEN
        )
        .as_bytes(),
    )
    .await;
    assert_eq!(token["error"], json!("not_authed"), "{token}");
    // A broken multipart body is `invalid_form_data`, saying why.
    let (_, broken) = send(
        &emulator,
        &post(
            "conversations.listConnectInvites",
            "multipart/form-data; boundary=b",
            "--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--",
        ),
    )
    .await;
    assert_eq!(broken["error"], json!("invalid_form_data"), "{broken}");
    assert!(broken.to_string().contains("no name"), "{broken}");
}
