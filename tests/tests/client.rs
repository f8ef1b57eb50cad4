//! The client against a real server on 127.0.0.1: encodings as received, each error class,
//! retries, timeouts, pagination, validation that sends nothing, and connection reuse.

mod support;

use std::time::{Duration, Instant};

use futures_util::TryStreamExt;
use serde_json::json;
use slack_connect::conversations::request_shared_invite::{approve, deny, list};
use slack_connect::conversations::{
    accept_shared_invite, approve_shared_invite, decline_shared_invite, invite_shared,
    list_connect_invites,
};
use slack_connect::runtime::ApiError;
use slack_connect::*;
use support::{Recorded, Reply, TestServer};

const TOKEN: &str = "xoxb-test-0123456789-SECRETVALUE";

fn client(server: &TestServer) -> Client {
    Client::builder(TOKEN)
        .base_url(&server.base_url)
        .retry_policy(
            RetryPolicy::default()
                .max_retries(2)
                .max_wait(Duration::from_secs(5))
                .connect_backoff(Duration::from_millis(10)),
        )
        .build()
        .expect("client")
}

fn ok(extra: serde_json::Value) -> Reply {
    let mut body = json!({"ok": true});
    body.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    Reply::json(body)
}

#[tokio::test]
async fn json_methods_send_a_json_body_with_the_token_only_in_the_header() {
    let server = TestServer::always(ok(json!({"invite_requests": []}))).await;
    let request = list::Request::new()
        .include_denied(true)
        .invite_ids(["I1", "I2"])
        .limit(50);
    client(&server).call(&request).await.unwrap();

    let received = &server.requests()[0];
    assert_eq!(received.method, "POST");
    assert_eq!(received.path, "/api/conversations.requestSharedInvite.list");
    assert_eq!(
        received.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    assert_eq!(
        received.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(
        received.json(),
        json!({"include_denied": true, "invite_ids": ["I1", "I2"], "limit": 50})
    );
    assert!(received
        .header("user-agent")
        .unwrap()
        .starts_with("slack-connect-rust/"));
}

#[tokio::test]
async fn form_methods_follow_slack_form_conventions() {
    let server = TestServer::always(ok(json!({"invite_id": "I9"}))).await;
    let client = client(&server);
    let request = invite_shared::Request::new("C1")
        .emails(["a@example.com"])
        .external_limited(false);
    let response = client.call(&request).await.unwrap();
    assert_eq!(response.invite_id, InviteId::from("I9"));

    let received = &server.requests()[0];
    assert_eq!(
        received.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        received.form(),
        [
            ("channel".into(), "C1".into()),
            ("emails".into(), "a@example.com".into()),
            ("external_limited".into(), "false".into())
        ]
    );
    assert!(!received.body_text().contains("token"));
}

#[tokio::test]
async fn api_errors_decode_into_the_method_enum_with_the_envelope_extras() {
    let server = TestServer::always(Reply::json(json!({
        "ok": false, "error": "missing_scope", "needed": "conversations.connect:manage", "provided": "chat:write"
    })))
    .await;
    let error = client(&server)
        .call(&deny::Request::new("I1"))
        .await
        .unwrap_err();
    assert_eq!(error.api_error(), Some(&deny::Error::MissingScope));
    let Error::Api { failure, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(failure.envelope.provided.as_deref(), Some("chat:write"));
    assert_eq!(
        error.to_string(),
        "conversations.requestSharedInvite.deny: Slack returned `missing_scope`: The token used is not granted the specific \
         scope permissions required to complete this request. (needed: conversations.connect:manage; provided: chat:write)"
    );
}

#[tokio::test]
async fn warnings_are_visible_on_success() {
    let server = TestServer::always(ok(json!({
        "invite_id": "I1", "warning": "missing_charset,superfluous_charset",
        "response_metadata": {"warnings": ["missing_charset"], "messages": ["[WARN] careful"]}
    })))
    .await;
    let (response, envelope) = client(&server)
        .call_with_envelope(&deny::Request::new("I1"))
        .await
        .unwrap();
    assert_eq!(response.invite_id, Some(InviteId::from("I1")));
    assert_eq!(
        envelope.warnings(),
        ["missing_charset", "superfluous_charset"]
    );
    assert_eq!(
        envelope.response_metadata.unwrap().messages.unwrap(),
        ["[WARN] careful"]
    );
}

#[tokio::test]
async fn a_429_is_retried_after_retry_after_then_succeeds() {
    let server = TestServer::start(|_, n| {
        if n == 0 {
            Reply::rate_limited(Some("1"))
        } else {
            ok(json!({}))
        }
    })
    .await;
    let started = Instant::now();
    client(&server)
        .call(&approve_shared_invite::Request::new("I1"))
        .await
        .unwrap();
    assert_eq!(server.requests().len(), 2);
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "waited as Retry-After said"
    );
}

#[tokio::test]
async fn retries_on_429_are_bounded() {
    let server = TestServer::always(Reply::rate_limited(Some("0"))).await;
    let error = client(&server)
        .call(&approve_shared_invite::Request::new("I1"))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::RateLimited { attempts: 3, retry_after: Some(d), .. } if d.is_zero()),
        "{error:?}"
    );
    assert_eq!(server.requests().len(), 3);
    assert!(error
        .to_string()
        .contains("rate limited (HTTP 429) after 3 attempt(s)"));
}

#[tokio::test]
async fn a_429_without_usable_retry_after_or_with_too_long_a_wait_is_not_retried() {
    for retry_after in [None, Some("soon"), Some("3600")] {
        let server = TestServer::always(Reply::rate_limited(retry_after)).await;
        let error = client(&server)
            .call(&approve_shared_invite::Request::new("I1"))
            .await
            .unwrap_err();
        assert!(
            matches!(error, Error::RateLimited { attempts: 1, .. }),
            "{retry_after:?}: {error:?}"
        );
        assert_eq!(server.requests().len(), 1);
    }
}

#[tokio::test]
async fn other_http_statuses_are_http_errors() {
    let server = TestServer::always(Reply::status(503, "text/plain", "upstream unavailable")).await;
    let error = client(&server)
        .call(&decline_shared_invite::Request::new("I1"))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Http { status: 503, snippet, .. } if snippet == "upstream unavailable"),
        "{error:?}"
    );
    assert_eq!(
        server.requests().len(),
        1,
        "a 5xx after sending is not retried"
    );
}

#[tokio::test]
async fn undecodable_bodies_are_decode_errors_with_status_type_and_snippet() {
    let cases = [
        Reply::status(200, "text/html", "<html><body>Gateway</body></html>"),
        Reply::status(200, "application/json", "{\"ok\": tru"),
        Reply::status(200, "application/json", "[1, 2, 3]"),
        Reply::status(200, "application/json", "{\"ok\": false}"),
        Reply::status(200, "application/json", "{\"ok\": true, \"invite_id\": 42}"),
    ];
    for reply in cases {
        let server = TestServer::always(reply).await;
        let error = client(&server)
            .call(&approve::Request::new("I1"))
            .await
            .unwrap_err();
        let Error::Decode {
            status: 200,
            content_type,
            snippet,
            ..
        } = &error
        else {
            panic!("{error:?}")
        };
        assert!(content_type.is_some());
        assert!(!snippet.is_empty());
        assert!(!error.to_string().contains('\n'), "one line: {error}");
    }
}

#[tokio::test]
async fn a_connection_dropped_mid_response_is_a_transport_error_and_not_retried() {
    for reply in [
        Reply::ShortBody {
            announced: 500,
            body: b"{\"ok\":tr".to_vec(),
        },
        Reply::Close,
    ] {
        let server = TestServer::always(reply).await;
        let error = client(&server)
            .call(&accept_shared_invite::Request::new("chan").invite_id("I1"))
            .await
            .unwrap_err();
        assert!(
            matches!(
                error,
                Error::Transport {
                    maybe_processed: true,
                    ..
                }
            ),
            "{error:?}"
        );
        assert_eq!(
            server.requests().len(),
            1,
            "it may have been processed: never retried"
        );
    }
}

#[tokio::test]
async fn a_timeout_is_a_transport_error_and_not_retried() {
    let server = TestServer::always(Reply::Delayed(
        Duration::from_secs(3),
        Box::new(ok(json!({}))),
    ))
    .await;
    let client = Client::builder(TOKEN)
        .base_url(&server.base_url)
        .timeout(Some(Duration::from_millis(200)))
        .build()
        .unwrap();
    let error = client
        .call(&approve_shared_invite::Request::new("I1"))
        .await
        .unwrap_err();
    let Error::Transport {
        maybe_processed: true,
        source,
        ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert!(source.is_timeout());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_refused_connection_is_retried_then_reported_as_unsent() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let client = Client::builder(TOKEN)
        .base_url(format!("http://{address}/api/"))
        .retry_policy(
            RetryPolicy::default()
                .max_retries(2)
                .max_wait(Duration::from_secs(1))
                .connect_backoff(Duration::from_millis(5)),
        )
        .build()
        .unwrap();
    let error = client
        .call(&approve_shared_invite::Request::new("I1"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Transport {
                maybe_processed: false,
                ..
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn invalid_arguments_send_nothing() {
    let server = TestServer::always(ok(json!({}))).await;
    let client = client(&server);
    let error = client
        .call(&invite_shared::Request::new("C1"))
        .await
        .unwrap_err();
    assert!(error.is_client_side());
    assert_eq!(
        error.to_string(),
        "conversations.inviteShared: invalid argument `emails|user_ids`: exactly one of emails, user_ids must be given (got 0); nothing was sent"
    );
    let error = client
        .call(&list::Request::new().limit(1001))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidArgument { .. }));
    assert!(server.requests().is_empty());
}

fn page_reply(request: &Recorded) -> Reply {
    // Three pages of two items, then a last page of one; the cursor is the page number.
    let body = request.json();
    assert_eq!(body["limit"], 2, "the page size reaches the server");
    let page: usize = body
        .get("cursor")
        .and_then(|c| c.as_str())
        .map_or(0, |c| c.parse().unwrap());
    let ids: Vec<String> = if page < 3 {
        vec![format!("I{}", page * 2), format!("I{}", page * 2 + 1)]
    } else {
        vec!["I6".into()]
    };
    let next = if page < 3 {
        (page + 1).to_string()
    } else {
        String::new()
    };
    ok(json!({
        "invite_requests": ids.iter().map(|id| invite_request(id)).collect::<Vec<_>>(),
        "response_metadata": {"next_cursor": next}
    }))
}

#[tokio::test]
async fn pagination_follows_cursors_across_pages_until_the_empty_cursor() {
    let server = TestServer::start(|request, _| page_reply(request)).await;
    let items: Vec<InviteRequest> = client(&server)
        .items(list::Request::new().limit(2), None)
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<&str> = items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["I0", "I1", "I2", "I3", "I4", "I5", "I6"]);
    let cursors: Vec<serde_json::Value> = server
        .requests()
        .iter()
        .map(|r| r.json()["cursor"].clone())
        .collect();
    assert_eq!(cursors, [json!(null), json!("1"), json!("2"), json!("3")]);
}

#[tokio::test]
async fn pagination_stops_at_the_first_error() {
    let server = TestServer::start(|request, n| {
        if n == 1 {
            Reply::json(json!({"ok": false, "error": "invalid_cursor"}))
        } else {
            page_reply(request)
        }
    })
    .await;
    let results: Vec<_> = futures_util::StreamExt::collect::<Vec<_>>(
        client(&server).items(list::Request::new(), Some(2)),
    )
    .await;
    assert_eq!(results.len(), 3, "two items, then the error, then the end");
    let error = results[2].as_ref().unwrap_err();
    assert_eq!(error.api_error(), Some(&list::Error::InvalidCursor));
}

#[tokio::test]
async fn connections_are_reused_across_calls() {
    let server = TestServer::always(ok(json!({}))).await;
    let client = client(&server);
    for _ in 0..20 {
        client
            .call(&approve_shared_invite::Request::new("I1"))
            .await
            .unwrap();
    }
    assert_eq!(server.requests().len(), 20);
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn the_throttle_spaces_calls_to_a_method() {
    let server = TestServer::always(ok(json!({}))).await;
    let client = Client::builder(TOKEN)
        .base_url(&server.base_url)
        .throttle(ThrottlePolicy::PerMinute(600))
        .build()
        .unwrap();
    let started = Instant::now();
    for _ in 0..4 {
        client
            .call(&approve_shared_invite::Request::new("I1"))
            .await
            .unwrap();
    }
    // 600 per minute is one per 100 ms: the 4th call starts no earlier than 300 ms in.
    assert!(
        started.elapsed() >= Duration::from_millis(290),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn plain_http_is_refused_unless_loopback_or_opted_in() {
    let error = Client::builder(TOKEN)
        .base_url("http://slack.example.com/api/")
        .build()
        .unwrap_err();
    assert!(matches!(error, BuildError::InsecureHttp(_)));
    assert!(error.to_string().contains("allow_insecure_http"));
    assert!(Client::builder(TOKEN)
        .base_url("http://slack.example.com/api")
        .allow_insecure_http(true)
        .build()
        .is_ok());
    assert!(Client::builder(TOKEN)
        .base_url("http://127.0.0.1:9/api")
        .build()
        .is_ok());
    assert!(Client::builder(TOKEN)
        .base_url("http://localhost:9/api")
        .build()
        .is_ok());
    assert!(Client::builder(TOKEN)
        .base_url("http://[::1]:9/api")
        .build()
        .is_ok());
    assert!(matches!(
        Client::builder(TOKEN).base_url("ftp://x/").build(),
        Err(BuildError::InvalidBaseUrl(_))
    ));
    assert_eq!(
        Client::new(TOKEN).unwrap().base_url(),
        "https://slack.com/api/"
    );
    assert_eq!(
        Client::builder("xoxb-\nbad").build().unwrap_err(),
        BuildError::InvalidToken
    );
}

#[tokio::test]
async fn unknown_error_codes_keep_their_code() {
    let server = TestServer::always(Reply::json(
        json!({"ok": false, "error": "shiny_new_error"}),
    ))
    .await;
    let error = client(&server)
        .call(&list_connect_invites::Request::new())
        .await
        .unwrap_err();
    let api = error.api_error().unwrap();
    assert!(!api.is_documented());
    assert_eq!(api.code(), "shiny_new_error");
}

#[tokio::test]
async fn dynamic_calls_by_wire_name_go_through_the_typed_request() {
    use slack_connect::dynamic::{call_json, items_json};
    let server = TestServer::start(|request, _| {
        if request.path.ends_with(".list") {
            page_reply(request)
        } else {
            ok(json!({"invite_id": "I1"}))
        }
    })
    .await;
    let client = client(&server);
    let args = |value: serde_json::Value| value.as_object().unwrap().clone();

    let response = call_json(
        &client,
        "conversations.requestSharedInvite.deny",
        args(json!({"invite_id": "I1"})),
    )
    .await;
    assert_eq!(response.unwrap(), json!({"invite_id": "I1"}));

    let unknown = call_json(&client, "conversations.nope", args(json!({})))
        .await
        .unwrap_err();
    assert_eq!(unknown.kind, DynamicErrorKind::UnknownMethod);
    let missing = call_json(
        &client,
        "conversations.requestSharedInvite.deny",
        args(json!({})),
    )
    .await
    .unwrap_err();
    assert_eq!(missing.kind, DynamicErrorKind::InvalidArguments);
    assert!(
        missing.message.contains("missing field `invite_id`"),
        "{}",
        missing.message
    );
    let long = json!({"invite_id": "I1", "message": "x".repeat(561)});
    let too_long = call_json(
        &client,
        "conversations.requestSharedInvite.deny",
        args(long),
    )
    .await
    .unwrap_err();
    assert_eq!(too_long.kind, DynamicErrorKind::InvalidArguments);
    assert_eq!(server.requests().len(), 1, "invalid calls sent nothing");

    let stream = items_json(
        &client,
        "conversations.requestSharedInvite.list",
        args(json!({})),
        Some(2),
    )
    .unwrap();
    let items: Vec<serde_json::Value> = stream.try_collect().await.unwrap();
    assert_eq!(items.len(), 7);
    assert_eq!(items[6], invite_request("I6"));
    assert!(items_json(&client, "conversations.inviteShared", args(json!({})), None).is_none());
}

/// An invite request with the fields Slack always sends.
fn invite_request(id: &str) -> serde_json::Value {
    json!({
        "id": id,
        "date_created": 1,
        "expires_at": 2,
        "inviting_team": {},
        "inviting_user": {},
        "target_user": {},
    })
}
