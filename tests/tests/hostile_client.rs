//! The client against a hostile server on 127.0.0.1 (`slack_connect_tests::hostile`): a server
//! that repeats cursors, echoes the token everywhere, redirects anywhere and sends bodies of
//! hundreds of megabytes. Nothing hangs, leaks, is sent twice or is buffered without bound.

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde_json::{json, Value};
use slack_connect::conversations::approve_shared_invite;
use slack_connect::conversations::request_shared_invite::list;
use slack_connect::*;
use slack_connect_tests::error_chain;
use slack_connect_tests::hostile::{dead_origin, Act, HostileServer, Seen};

const TOKEN: &str = "xoxb-1111-2222-TOPSECRETVALUE";
/// The part of the token that must never be printed, whole or in part.
const SECRET: &str = "TOPSECRETVALUE";

fn client(server: &HostileServer) -> Client {
    Client::builder(TOKEN)
        .base_url(&server.base_url)
        .retry_policy(RetryPolicy::default().connect_backoff(Duration::from_millis(5)))
        .timeout(Some(Duration::from_secs(20)))
        .build()
        .expect("client")
}

fn invite_request(id: &str) -> Value {
    json!({"id": id, "date_created": 1, "expires_at": 2, "inviting_team": {},
           "inviting_user": {}, "target_user": {}})
}

fn page(ids: &[&str], next_cursor: &str) -> Act {
    Act::json(json!({
        "ok": true,
        "invite_requests": ids.iter().map(|id| invite_request(id)).collect::<Vec<_>>(),
        "response_metadata": {"next_cursor": next_cursor},
    }))
}

fn cursor_of(seen: &Seen) -> String {
    seen.json()["cursor"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Everything a stream of items gave, within `limit` (a stream still going then is a failure).
async fn drain(
    items: Items<list::Request>,
    limit: Duration,
) -> Vec<Result<InviteRequest, Error<list::Error>>> {
    tokio::time::timeout(limit, items.collect::<Vec<_>>())
        .await
        .expect("pagination ended")
}

/// Every way an error can be printed.
fn printed<E: std::error::Error>(error: &E) -> String {
    format!("{error}\n{error:?}\n{}", error_chain(error))
}

// Case 3: a server that repeats a cursor, or sends empty pages forever.

#[tokio::test]
async fn a_cursor_repeated_at_once_ends_pagination_with_an_error() {
    let server = HostileServer::always(page(&[], "same")).await;
    let results = drain(
        client(&server).items(list::Request::new(), None),
        Duration::from_secs(10),
    )
    .await;
    assert_eq!(results.len(), 1, "no item, one error");
    let error = results[0].as_ref().unwrap_err();
    assert!(
        matches!(error, Error::Pagination { source: PaginationError::RepeatedCursor { cursor, page: 2 }, .. } if cursor == "same"),
        "{error:?}"
    );
    assert!(printed(error).contains("`same`"), "{error}");
    assert!(!error.is_retryable());
    assert_eq!(server.request_count(), 2, "the first page and its repeat");
}

#[tokio::test]
async fn a_cursor_seen_pages_ago_ends_pagination_with_an_error() {
    // "" -> a -> b -> c -> a: every item is given once, then the cycle is named.
    let server = HostileServer::start(|seen| match cursor_of(seen).as_str() {
        "" => page(&["I1"], "a"),
        "a" => page(&["I2"], "b"),
        "b" => page(&["I3"], "c"),
        _ => page(&["I4"], "a"),
    })
    .await;
    let results = drain(
        client(&server).items(list::Request::new(), None),
        Duration::from_secs(10),
    )
    .await;
    let ids: Vec<&str> = results
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(ids, ["I1", "I2", "I3", "I4"]);
    assert_eq!(results.len(), 5, "four items, then the error");
    let error = results[4].as_ref().unwrap_err();
    assert!(
        matches!(error, Error::Pagination { source: PaginationError::RepeatedCursor { cursor, page: 4 }, .. } if cursor == "a"),
        "{error:?}"
    );
    assert!(printed(error).contains("`a`"), "{error}");
    assert_eq!(server.request_count(), 4);
}

#[tokio::test]
async fn endless_empty_pages_with_new_cursors_end_with_an_error() {
    let server = HostileServer::start(|seen| page(&[], &format!("c{}", seen.index))).await;
    let results = drain(
        client(&server).items(list::Request::new(), None),
        Duration::from_secs(20),
    )
    .await;
    assert_eq!(results.len(), 1, "no item, one error");
    let error = results[0].as_ref().unwrap_err();
    assert!(printed(error).contains("empty pages"), "{error}");
    let Error::Pagination {
        source: PaginationError::EmptyPages { count },
        ..
    } = error
    else {
        panic!("{error:?}")
    };
    assert_eq!(*count, client::MAX_CONSECUTIVE_EMPTY_PAGES);
    assert_eq!(server.request_count(), *count as usize);
}

#[tokio::test]
async fn a_page_with_items_resets_the_empty_page_count() {
    // Every other page is empty, for more pages than the cap: nothing is wrong.
    let pages = 3 * client::MAX_CONSECUTIVE_EMPTY_PAGES as usize;
    let server = HostileServer::start(move |seen| {
        let next = if seen.index + 1 < pages {
            format!("c{}", seen.index)
        } else {
            String::new()
        };
        let id = format!("I{}", seen.index);
        let ids = if seen.index % 2 == 0 {
            vec![id.as_str()]
        } else {
            vec![]
        };
        page(&ids, &next)
    })
    .await;
    let results = drain(
        client(&server).items(list::Request::new(), None),
        Duration::from_secs(20),
    )
    .await;
    assert!(results.iter().all(Result::is_ok));
    assert_eq!(results.len(), pages / 2);
    assert_eq!(server.request_count(), pages);
}

// Case 4: a server that echoes the token everywhere.

#[tokio::test]
async fn an_echoed_token_is_redacted_from_every_error_and_log() {
    let captured = slack_connect_tests::logs::capture();

    // Another token-shaped string (not this client's) is cut out too.
    let other = "xoxp-9999-OTHERSECRET";
    let server = HostileServer::start(move |seen| {
        let token = seen.token().unwrap_or_default().to_owned();
        match seen.index {
            0 => Act::json(json!({
                "ok": false,
                "error": format!("invalid_auth_{token}"),
                "needed": token,
                "provided": format!("{other},{token}"),
                "response_metadata": {"messages": [format!("[ERROR] {token}")],
                                      "warnings": [token.clone()]},
                "warning": token,
            })),
            1 => Act::json(json!({"ok": true, "warning": token,
                                  "response_metadata": {"warnings": [other], "messages": [token]}})),
            2 => Act::status(500, "text/plain", format!("echo {token} {other}")),
            3 => Act::status(200, &format!("text/html; x={token}"), format!("<p>{token}</p>")),
            // serde_json quotes the value it did not expect in its message.
            _ => Act::json(json!({"ok": true, "invite_requests": token})),
        }
    })
    .await;
    let client = client(&server);
    let mut outputs = Vec::new();
    for _ in 0..3 {
        match client
            .call_with_envelope(&approve_shared_invite::Request::new("I1"))
            .await
        {
            Ok((_, envelope)) => outputs.push(format!("{envelope:?}")),
            Err(error) => outputs.push(printed(&error)),
        }
    }
    for _ in 0..2 {
        let error = client.call(&list::Request::new()).await.unwrap_err();
        outputs.push(printed(&error));
    }
    assert_eq!(server.request_count(), 5);
    let logs = captured.text();
    outputs.push(logs);
    assert!(
        outputs.iter().any(|o| o.contains("[redacted]")),
        "{outputs:#?}"
    );
    for output in &outputs {
        assert!(!output.contains(SECRET), "the token leaked in: {output}");
        assert!(
            !output.contains("OTHERSECRET"),
            "a token leaked in: {output}"
        );
    }
}

#[tokio::test]
async fn a_token_straddling_the_snippet_boundary_leaks_no_prefix() {
    // The body snippet keeps 200 characters; the token starts 15 characters before the cut,
    // after text of multi-byte characters (the cut is in characters, not bytes).
    for padding in ["é".repeat(185), "x".repeat(185), "€".repeat(199)] {
        let body = format!("{padding}{TOKEN} and more");
        let server = HostileServer::always(Act::status(502, "text/plain", body)).await;
        let error = client(&server)
            .call(&approve_shared_invite::Request::new("I1"))
            .await
            .unwrap_err();
        let shown = printed(&error);
        assert!(
            !shown.contains("xoxb-1"),
            "a prefix of the token leaked: {shown}"
        );
        assert!(
            !shown.contains("-2222"),
            "a prefix of the token leaked: {shown}"
        );
    }
}

// Case 6: redirects are not followed, never cause a re-send, and say where they pointed.

#[tokio::test]
async fn a_redirect_to_a_dead_host_is_not_followed_or_resent() {
    let location = format!("{}/api/conversations.approveSharedInvite", dead_origin());
    let server = HostileServer::always(Act::redirect(307, location.clone())).await;
    let error = client(&server)
        .call(&approve_shared_invite::Request::new("I1"))
        .await
        .unwrap_err();
    assert_eq!(server.request_count(), 1, "sent once, never again");
    assert!(!error.is_retryable(), "{error:?}");
    assert!(
        matches!(&error, Error::Redirect { status: 307, location: l, .. } if *l == location),
        "{error:?}"
    );
    let shown = printed(&error);
    assert!(shown.contains("redirect"), "{shown}");
    assert!(shown.contains(&location), "{shown}");
}

#[tokio::test]
async fn no_redirect_status_is_followed() {
    let elsewhere = HostileServer::always(Act::json(json!({"ok": true}))).await;
    for status in [301, 302, 303, 307, 308] {
        let location = format!("{}conversations.approveSharedInvite", elsewhere.base_url);
        let server = HostileServer::always(Act::redirect(status, location)).await;
        let error = client(&server)
            .call(&approve_shared_invite::Request::new("I1"))
            .await
            .unwrap_err();
        assert_eq!(server.request_count(), 1, "{status}");
        assert!(
            matches!(&error, Error::Redirect { status: s, .. } if *s == status),
            "{error:?}"
        );
        assert!(printed(&error).contains(&status.to_string()), "{error}");
    }
    assert_eq!(
        elsewhere.request_count(),
        0,
        "nothing reached the redirect's target"
    );
}

#[tokio::test]
async fn a_redirect_to_plain_http_elsewhere_sends_nothing_there() {
    // A host name that never resolves: following it would be a connection failure (and,
    // before, a retry of the whole call).
    let location = "http://hostile-host.invalid/api/conversations.approveSharedInvite";
    let server = HostileServer::always(Act::redirect(302, location)).await;
    let error = client(&server)
        .call(&approve_shared_invite::Request::new("I1"))
        .await
        .unwrap_err();
    assert_eq!(server.request_count(), 1);
    let shown = printed(&error);
    assert!(shown.contains(location), "{shown}");
    assert!(
        !shown.contains("connect"),
        "nothing was attempted there: {shown}"
    );
}

#[tokio::test]
async fn a_redirect_location_carrying_the_token_is_redacted() {
    let server = HostileServer::start(|seen| {
        let token = seen.token().unwrap_or_default();
        Act::redirect(302, format!("http://127.0.0.1:9/loop?token={token}"))
    })
    .await;
    let error = client(&server)
        .call(&approve_shared_invite::Request::new("I1"))
        .await
        .unwrap_err();
    let shown = printed(&error);
    assert!(shown.contains("loop?token=[redacted]"), "{shown}");
    assert!(!shown.contains(SECRET), "{shown}");
}

// Case 9, the client's half: a response body is read up to a limit, never buffered whole.

/// 200 MB of JSON: a valid, empty list page padded with a long string.
fn two_hundred_megabytes(announce_length: bool) -> Act {
    Act::Stream {
        head: br#"{"ok":true,"invite_requests":[],"padding":""#.to_vec(),
        unit: vec![b'a'; 1000],
        count: 200_000,
        tail: br#""}"#.to_vec(),
        announce_length,
    }
}

#[tokio::test]
async fn a_huge_body_is_refused_past_the_limit_without_reading_it_all() {
    for announce in [true, false] {
        let server = HostileServer::always(two_hundred_megabytes(announce)).await;
        let started = Instant::now();
        let result = client(&server).call(&list::Request::new()).await;
        let error = result.expect_err("a 200 MB body is refused");
        assert!(
            matches!(
                error,
                Error::ResponseTooLarge {
                    limit: client::DEFAULT_MAX_RESPONSE_SIZE,
                    ..
                }
            ),
            "{error:?}"
        );
        assert!(printed(&error).contains("16777216"), "{error}");
        assert!(
            server.body_bytes_written() < 64 << 20,
            "the client stopped reading: {} bytes written",
            server.body_bytes_written()
        );
        assert!(started.elapsed() < Duration::from_secs(15));
        assert_eq!(server.request_count(), 1, "never retried");
    }
}

#[tokio::test]
async fn the_limit_is_exact_and_configurable() {
    let limit: u64 = 4096;
    // `{"ok":true,"invite_requests":[],"padding":"` is 43 bytes, `"}` two more.
    let body = |length: u64, announce_length: bool| Act::Stream {
        head: br#"{"ok":true,"invite_requests":[],"padding":""#.to_vec(),
        unit: b"a".to_vec(),
        count: length - 45,
        tail: br#""}"#.to_vec(),
        announce_length,
    };
    for announce in [true, false] {
        let at_limit = HostileServer::always(body(limit, announce)).await;
        let accepted = Client::builder(TOKEN)
            .base_url(&at_limit.base_url)
            .max_response_size(limit)
            .build()
            .unwrap()
            .call(&list::Request::new())
            .await;
        assert!(accepted.is_ok(), "{accepted:?}");
        let over = HostileServer::always(body(limit + 1, announce)).await;
        let refused = Client::builder(TOKEN)
            .base_url(&over.base_url)
            .max_response_size(limit)
            .build()
            .unwrap()
            .call(&list::Request::new())
            .await
            .unwrap_err();
        assert!(
            matches!(refused, Error::ResponseTooLarge { limit: 4096, .. }),
            "{refused:?}"
        );
        assert!(!refused.is_retryable());
    }
}

#[tokio::test]
async fn a_trickled_body_ends_at_the_timeout_and_is_not_resent() {
    let server = HostileServer::always(Act::Trickle {
        status: 200,
        body: br#"{"ok":true,"invite_requests":[]}"#.to_vec(),
        chunk: 1,
        every: Duration::from_millis(200),
    })
    .await;
    let error = Client::builder(TOKEN)
        .base_url(&server.base_url)
        .timeout(Some(Duration::from_millis(700)))
        .build()
        .unwrap()
        .call(&list::Request::new())
        .await
        .unwrap_err();
    let Error::Transport {
        maybe_processed,
        source,
        ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert!(source.is_timeout() && *maybe_processed, "{error:?}");
    assert_eq!(server.request_count(), 1);
}

// Case 8: signature headers are parsed strictly.

#[test]
fn a_signature_or_timestamp_with_a_sign_or_odd_hex_is_malformed() {
    use slack_connect::signing::{SignatureError, SigningSecret};
    use std::time::UNIX_EPOCH;
    let secret = SigningSecret::new("8f742231b10e8888abcd99yyyzzz85a5");
    let body = b"{}";
    let now = UNIX_EPOCH + Duration::from_secs(1_531_420_618);
    let good = secret.sign("1531420618", body);
    assert_eq!(secret.verify("1531420618", body, &good, now), Ok(()));
    let hex = good.strip_prefix("v0=").unwrap();
    // `u8::from_str_radix` reads "+a" as 10: a sign must not pass for a digit.
    let signed = format!("v0=+{}", &hex[1..]);
    let upper = format!("v0={}", hex.to_uppercase());
    let longer = format!("{good}0");
    for bad in [
        signed.as_str(),
        upper.as_str(),
        longer.as_str(),
        &good[..good.len() - 1],
    ] {
        assert_eq!(
            secret.verify("1531420618", body, bad, now),
            Err(SignatureError::Malformed),
            "{bad}"
        );
    }
    // A signature made over "+1531420618" would match that text; the timestamp is refused first.
    let plus = secret.sign("+1531420618", body);
    assert_eq!(
        secret.verify("+1531420618", body, &plus, now),
        Err(SignatureError::BadTimestamp)
    );
}
