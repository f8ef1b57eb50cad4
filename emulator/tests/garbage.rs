//! Any request body, however malformed, gets a Slack-style JSON error and never brings the
//! server down.

mod common;

use common::{emulator, Api};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use slack_connect_emulator::seed::ACME_BOT_TOKEN;

const CONTENT_TYPES: &[Option<&str>] = &[
    None,
    Some("application/json"),
    Some("application/json; charset=utf-8"),
    Some("application/x-www-form-urlencoded"),
    Some("text/plain"),
    Some("multipart/form-data"),
    Some("application/x-www-form-urlencoded; charset=bogus"),
    Some("image/png"),
];

/// Bodies that look almost right are more interesting than uniform noise.
fn bodies() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..200),
        "[a-z_\\[\\]=&%0-9,{}\":]{0,80}".prop_map(String::into_bytes),
        "\\{(\"[a-z_]{1,12}\": ?(null|true|[0-9]{1,4}|\"[^\"]{0,20}\"|\\[\\]|\\{\\}), ?){0,4}\\}"
            .prop_map(String::into_bytes),
    ]
}

#[test]
fn garbage_bodies_get_slack_errors() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let emulator = runtime.block_on(emulator());
    let api = Api::new(&emulator);
    let methods: Vec<&str> = slack_connect::METHODS.iter().map(|m| m.name).collect();
    let strategy = (
        proptest::sample::select(methods),
        proptest::sample::select(CONTENT_TYPES),
        bodies(),
        any::<bool>(),
    );
    let mut runner = TestRunner::new(Config {
        cases: 300,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&strategy, |(method, content_type, body, authed)| {
            runtime.block_on(async {
                let mut request = api.http().post(api.url(method)).body(body);
                if let Some(content_type) = content_type {
                    request = request.header("content-type", content_type);
                }
                if authed {
                    request = request.bearer_auth(ACME_BOT_TOKEN);
                }
                let answer = common::answer(request).await;
                prop_assert_eq!(answer.status.as_u16(), 200);
                prop_assert!(answer.body["ok"].is_boolean(), "{}", answer.body);
                if answer.body["ok"] == false {
                    prop_assert!(answer.body["error"].is_string(), "{}", answer.body);
                }
                Ok(())
            })
        })
        .unwrap();
    // Still serving.
    let answer =
        runtime.block_on(api.form("conversations.listConnectInvites", ACME_BOT_TOKEN, &[]));
    assert_eq!(answer.code(), "ok");
}

#[tokio::test]
async fn oversized_bodies_are_refused_as_truncated_posts() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    let body = format!("channel_name={}", "a".repeat(2 << 20));
    let answer = api
        .raw_authed(
            "conversations.acceptSharedInvite",
            ACME_BOT_TOKEN,
            "application/x-www-form-urlencoded",
            &body,
        )
        .await;
    assert_eq!(answer.code(), "request_timeout");
}
