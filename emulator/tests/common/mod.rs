//! Helpers shared by the emulator's tests: a small reqwest wrapper that speaks Slack's wire
//! conventions, over real loopback sockets.
#![allow(dead_code)] // each test binary uses a different subset

use reqwest::StatusCode;
use serde_json::Value;
use slack_connect_emulator::{Emulator, EmulatorConfig};

/// An emulator without rate limits, for tests that are not about them.
pub async fn emulator() -> Emulator {
    Emulator::start_with(EmulatorConfig::default().without_rate_limits())
        .await
        .expect("emulator starts")
}

/// A response: status, `Retry-After` and the JSON body.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub retry_after: Option<String>,
    pub body: Value,
}

impl Answer {
    /// The `error` code, or `"ok"` for a success (so asserts read as one string).
    pub fn code(&self) -> &str {
        if self.body["ok"] == Value::Bool(true) {
            "ok"
        } else {
            self.body["error"].as_str().unwrap_or("<no error field>")
        }
    }

    /// A string nested one level down, e.g. `response_metadata.next_cursor`.
    pub fn str_at(&self, object: &str, field: &str) -> String {
        self.body[object][field]
            .as_str()
            .unwrap_or_else(|| panic!("no string `{object}.{field}` in {}", self.body))
            .to_owned()
    }

    pub fn str(&self, field: &str) -> String {
        self.body[field]
            .as_str()
            .unwrap_or_else(|| panic!("no string `{field}` in {}", self.body))
            .to_owned()
    }
}

/// Talks to one emulator.
pub struct Api {
    base: String,
    http: reqwest::Client,
}

impl Api {
    pub fn new(emulator: &Emulator) -> Api {
        Api {
            base: emulator.base_url(),
            http: reqwest::Client::new(),
        }
    }

    pub fn url(&self, method: &str) -> String {
        format!("{}{method}", self.base)
    }

    /// Base URL of the control endpoints.
    pub fn control(&self, path: &str) -> String {
        format!("{}{path}", self.base.trim_end_matches("api/"))
    }

    /// POSTs a form body with the token as a bearer header.
    pub async fn form(&self, method: &str, token: &str, args: &[(&str, &str)]) -> Answer {
        let request = self
            .http
            .post(self.url(method))
            .bearer_auth(token)
            .form(args);
        answer(request).await
    }

    /// POSTs a JSON body with the token as a bearer header.
    pub async fn json(&self, method: &str, token: &str, body: Value) -> Answer {
        answer(
            self.http
                .post(self.url(method))
                .bearer_auth(token)
                .json(&body),
        )
        .await
    }

    /// POSTs raw bytes with an optional content type and no authorization header.
    pub async fn raw(&self, method: &str, content_type: Option<&str>, body: Vec<u8>) -> Answer {
        let mut request = self.http.post(self.url(method)).body(body);
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        answer(request).await
    }

    /// POSTs raw bytes with a bearer token.
    pub async fn raw_authed(
        &self,
        method: &str,
        token: &str,
        content_type: &str,
        body: &str,
    ) -> Answer {
        let request = self
            .http
            .post(self.url(method))
            .bearer_auth(token)
            .header("content-type", content_type)
            .body(body.to_owned());
        answer(request).await
    }

    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }
}

pub async fn answer(request: reqwest::RequestBuilder) -> Answer {
    let response = request.send().await.expect("request is answered");
    let status = response.status();
    let retry_after = response
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap_or("").to_owned());
    let text = response.text().await.expect("body is read");
    let body = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    Answer {
        status,
        retry_after,
        body,
    }
}

/// Creates an invite from Acme `#project-x` to `email` and returns its ID.
pub async fn invite_by_email(api: &Api, email: &str) -> String {
    use slack_connect_emulator::seed::*;
    let answer = api
        .form(
            "conversations.inviteShared",
            ACME_BOT_TOKEN,
            &[("channel", ACME_PROJECT), ("emails", email)],
        )
        .await;
    assert_eq!(answer.code(), "ok", "{:?}", answer.body);
    answer.str("invite_id")
}
