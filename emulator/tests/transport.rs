//! Slack's transport rules: where tokens come from, auth and scope errors, body encodings and
//! the common error each malformed request gets, and unknown methods.

mod common;

use common::{answer, emulator, Api};
use serde_json::json;
use slack_connect_emulator::seed::*;

const LIST: &str = "conversations.listConnectInvites";
const FORM: &str = "application/x-www-form-urlencoded";

#[tokio::test]
async fn tokens_come_from_the_bearer_header_or_a_form_field_never_the_query() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    let header = api.form(LIST, ACME_BOT_TOKEN, &[]).await;
    assert_eq!(header.code(), "ok");
    let field = api
        .raw(
            LIST,
            Some(FORM),
            format!("token={ACME_BOT_TOKEN}").into_bytes(),
        )
        .await;
    assert_eq!(field.code(), "ok");
    let query = answer(
        api.http()
            .post(format!("{}?token={ACME_BOT_TOKEN}", api.url(LIST))),
    )
    .await;
    assert_eq!(query.code(), "not_authed");
    let get_query = answer(
        api.http()
            .get(format!("{}?token={ACME_BOT_TOKEN}", api.url(LIST))),
    )
    .await;
    assert_eq!(get_query.code(), "not_authed");
    let in_json = api
        .raw(
            LIST,
            Some("application/json"),
            json!({"token": ACME_BOT_TOKEN}).to_string().into_bytes(),
        )
        .await;
    assert_eq!(in_json.code(), "not_authed", "JSON bodies need the header");
    let basic = answer(
        api.http()
            .post(api.url(LIST))
            .header("authorization", "Basic abc"),
    )
    .await;
    assert_eq!(basic.code(), "not_authed");
}

#[tokio::test]
async fn auth_and_scope_errors() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    let none = api.raw(LIST, None, Vec::new()).await;
    assert_eq!((none.status.as_u16(), none.code()), (200, "not_authed"));
    assert_eq!(
        api.form(LIST, "xoxb-who-knows", &[]).await.code(),
        "invalid_auth"
    );
    assert_eq!(
        api.form(LIST, ACME_USER_TOKEN, &[]).await.code(),
        "not_allowed_token_type"
    );
    let scope = api.form(LIST, ACME_WRITE_ONLY_TOKEN, &[]).await;
    assert_eq!(scope.code(), "missing_scope");
    assert_eq!(scope.body["needed"], SCOPE_MANAGE);
    assert_eq!(scope.body["provided"], SCOPE_WRITE);
    // The write scope is enough for inviteShared.
    let invite = api
        .form(
            "conversations.inviteShared",
            ACME_WRITE_ONLY_TOKEN,
            &[("channel", ACME_PROJECT), ("emails", "a@example.com")],
        )
        .await;
    assert_eq!(invite.code(), "ok");
}

#[tokio::test]
async fn body_encodings_and_their_errors() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    let send = |content_type: &'static str, body: &'static str| {
        api.raw_authed(LIST, ACME_BOT_TOKEN, content_type, body)
    };
    assert_eq!(
        send("application/json", "{\"count\": 5}").await.code(),
        "ok"
    );
    assert_eq!(
        send("application/json; charset=utf-8", "{}").await.code(),
        "ok"
    );
    assert_eq!(
        send("application/json", "{\"count\": \"5\"}").await.code(),
        "ok"
    );
    assert_eq!(
        send("application/json", "{\"count\": null}").await.code(),
        "ok"
    );
    assert_eq!(send("text/plain", "count=5").await.code(), "ok");
    assert_eq!(
        send(
            "application/x-www-form-urlencoded; charset=ISO-8859-1",
            "count=5"
        )
        .await
        .code(),
        "ok"
    );
    assert_eq!(
        send("application/json", "{\"count\": 5").await.code(),
        "invalid_json"
    );
    // No body means no arguments, whatever the content type: Slack's official Python SDK sends
    // an empty body with `application/json` for calls without arguments.
    assert_eq!(send("application/json", "").await.code(), "ok");
    assert_eq!(send("application/json", "  ").await.code(), "ok");
    assert_eq!(
        send("application/json", "[1, 2]").await.code(),
        "json_not_object"
    );
    assert_eq!(
        send("application/json", "\"text\"").await.code(),
        "json_not_object"
    );
    assert_eq!(
        send("application/json", "{\"count\": true}").await.code(),
        "invalid_arguments"
    );
    assert_eq!(
        send("application/xml", "<count>5</count>").await.code(),
        "invalid_post_type"
    );
    assert_eq!(
        send("application/json; charset=klingon", "{}").await.code(),
        "invalid_charset"
    );
    assert_eq!(
        send(FORM, "count=5&count=6").await.code(),
        "invalid_array_arg"
    );
    assert_eq!(send(FORM, "count[]=5").await.code(), "invalid_array_arg");
    assert_eq!(send(FORM, "co-unt=5").await.code(), "invalid_arg_name");
    assert_eq!(send(FORM, "count=five").await.code(), "invalid_arguments");
    assert_eq!(send(FORM, "count=5\u{1}").await.code(), "invalid_form_data");
    // multipart/form-data is one of Slack's POST types: read with the form conventions.
    assert_eq!(
        send("multipart/form-data; boundary=x", "--x--")
            .await
            .code(),
        "ok"
    );
    assert_eq!(
        send(
            "multipart/form-data; boundary=x",
            "--x\r\nContent-Disposition: form-data; name=\"count\"\r\n\r\n5\r\n--x--"
        )
        .await
        .code(),
        "ok"
    );
    assert_eq!(
        send(
            "multipart/form-data; boundary=x",
            "--x\r\nContent-Disposition: form-data; name=\"count\"\r\n\r\nfive\r\n--x--"
        )
        .await
        .code(),
        "invalid_arguments"
    );
    assert_eq!(
        send("multipart/form-data; boundary=x", "--x\r\nunterminated")
            .await
            .code(),
        "invalid_form_data"
    );
    assert_eq!(
        send(
            "multipart/form-data",
            "--x\r\nContent-Disposition: form-data; name=\"count\"\r\n\r\n5\r\n--x--"
        )
        .await
        .code(),
        "invalid_form_data",
        "no boundary"
    );
    let latin1 = api
        .raw(LIST, Some(FORM), vec![b'c', b'=', 0xff, 0xfe])
        .await;
    assert_eq!(latin1.code(), "invalid_form_data", "not UTF-8");
    let untyped = api.raw(LIST, None, b"count=5".to_vec()).await;
    assert_eq!(untyped.code(), "missing_post_type");
}

#[tokio::test]
async fn errors_explain_themselves_in_response_metadata() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    let answer = api.form(LIST, ACME_BOT_TOKEN, &[("count", "0")]).await;
    assert_eq!(answer.code(), "invalid_arguments");
    let message = answer.body["response_metadata"]["messages"][0]
        .as_str()
        .unwrap();
    assert!(
        message.starts_with("[ERROR]") && message.contains("count"),
        "{message}"
    );
}

#[tokio::test]
async fn get_takes_arguments_from_the_query_string() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    let request = api
        .http()
        .get(format!("{}?count=0", api.url(LIST)))
        .bearer_auth(ACME_BOT_TOKEN);
    assert_eq!(answer(request).await.code(), "invalid_arguments");
    let request = api
        .http()
        .get(format!("{}?count=3", api.url(LIST)))
        .bearer_auth(ACME_BOT_TOKEN);
    assert_eq!(answer(request).await.code(), "ok");
}

#[tokio::test]
async fn unknown_methods_get_a_404_with_unknown_method() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    for method in ["chat.postMessage", "", "conversations.inviteShared/extra"] {
        let answer = api.form(method, ACME_BOT_TOKEN, &[]).await;
        assert_eq!(answer.status, 404, "{method}");
        assert_eq!(answer.code(), "unknown_method");
        assert_eq!(answer.body["req_method"], method);
    }
}

#[tokio::test]
async fn every_method_answers_ok_false_with_http_200_for_api_errors() {
    let emulator = emulator().await;
    let api = Api::new(&emulator);
    for method in slack_connect::METHODS {
        let answer = api.form(method.name, "xoxb-nobody", &[]).await;
        assert_eq!(
            (answer.status.as_u16(), answer.code()),
            (200, "invalid_auth"),
            "{}",
            method.name
        );
        assert_eq!(answer.body["ok"], false);
    }
}
