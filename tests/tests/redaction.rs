//! The token never appears in `Debug`, `Display`, errors or tracing output.

mod support;

use std::time::Duration;

use serde_json::json;
use slack_connect::conversations::{approve_shared_invite, invite_shared};
use slack_connect::*;
use support::{Reply, TestServer};

const TOKEN: &str = "xoxb-1111-2222-TOPSECRETVALUE";
const SECRET: &str = "TOPSECRETVALUE";

#[tokio::test]
async fn no_output_of_any_kind_contains_the_token() {
    let captured = slack_connect_tests::logs::capture();

    // One server answering with every kind of outcome in turn, one of which echoes the token.
    let server = TestServer::start(|request, n| {
        let echoed = request
            .header("authorization")
            .unwrap_or_default()
            .to_owned();
        match n {
            0 => Reply::json(json!({"ok": true, "warning": "superfluous_charset"})),
            1 => Reply::json(json!({"ok": false, "error": "invalid_auth"})),
            2 => Reply::status(500, "text/plain", &format!("echo: {echoed}")),
            3 => Reply::status(200, "text/html", &format!("<p>{echoed}</p>")),
            4 => Reply::rate_limited(None),
            _ => Reply::Close,
        }
    })
    .await;
    let client = Client::builder(TOKEN)
        .base_url(&server.base_url)
        .retry_policy(RetryPolicy::never())
        .timeout(Some(Duration::from_secs(5)))
        .build()
        .unwrap();
    let mut outputs = vec![
        format!("{client:?}"),
        format!("{:?}", Token::new(TOKEN)),
        Token::new(TOKEN).to_string(),
    ];
    for _ in 0..6 {
        let result = client
            .call(&approve_shared_invite::Request::new("I1"))
            .await;
        if let Err(error) = result {
            outputs.push(error.to_string());
            outputs.push(format!("{error:?}"));
            outputs.push(format!("{:?}", std::error::Error::source(&error)));
        }
    }
    let invalid = client
        .call(&invite_shared::Request::new("C1"))
        .await
        .unwrap_err();
    outputs.push(format!("{invalid:?} {invalid}"));

    assert_eq!(server.requests().len(), 6, "every outcome was exercised");
    assert!(
        outputs.iter().any(|o| o.contains("[redacted]")),
        "the echoed token was found and cut"
    );
    for output in &outputs {
        assert!(!output.contains(SECRET), "token leaked in: {output}");
    }
    let logs = captured.text();
    assert!(
        logs.contains("slack_connect.call"),
        "the call span was logged: {logs}"
    );
    assert!(
        logs.contains("method=\"conversations.approveSharedInvite\"")
            || logs.contains("method=conversations.approveSharedInvite")
    );
    assert!(!logs.contains(SECRET), "token leaked in the logs");
}
