//! Slack's response envelope on the way out: success bodies, error bodies, status and headers.
//!
//! Error codes enter only through a method's generated error enum ([`Failure::of`] and
//! [`Failure::common`]), so the emulator cannot emit a code the spec does not document, and are
//! named by variant, never written out.

use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Map, Value};
use slack_connect::objects::ResponseMetadata;
use slack_connect::runtime::ApiError;

/// Slack's common errors, by variant: the SDK's generated [`CommonError`](slack_connect::CommonError).
/// [`Failure::common`] turns one into the calling method's own variant (`methods::tests` checks
/// each method documents every common code the emulator sends).
pub(crate) type Common = slack_connect::CommonError;

/// An answer to an API call: an HTTP status, extra headers and a JSON envelope.
#[derive(Clone, Debug)]
pub(crate) struct Reply {
    pub status: StatusCode,
    pub retry_after: Option<u64>,
    pub body: Value,
}

impl Reply {
    /// `{"ok": true, ...}` with the fields of a generated response struct.
    pub fn success<T: Serialize>(response: &T) -> Reply {
        let mut body = match serde_json::to_value(response) {
            Ok(Value::Object(map)) => map,
            _ => Map::new(),
        };
        body.insert("ok".into(), Value::Bool(true));
        Reply {
            status: StatusCode::OK,
            retry_after: None,
            body: Value::Object(body),
        }
    }

    /// `{"ok": false, "error": ...}`, with HTTP 200 as Slack sends for API errors.
    pub fn failure(failure: Failure) -> Reply {
        let mut body = failure.extra;
        body.insert("ok".into(), Value::Bool(false));
        body.insert("error".into(), Value::String(failure.code));
        if !failure.messages.is_empty() {
            let metadata = ResponseMetadata::new().messages(failure.messages);
            // The envelope's `response_metadata`, which Slack may attach to any response.
            body.insert(
                "response_metadata".into(),
                serde_json::to_value(metadata).unwrap_or_default(),
            );
        }
        Reply {
            status: StatusCode::OK,
            retry_after: None,
            body: Value::Object(body),
        }
    }

    /// HTTP 429 with `Retry-After` and `{"ok": false, "error": "ratelimited"}`.
    pub fn rate_limited<E: ApiError>(retry_after_seconds: u64) -> Reply {
        Reply::failure(Failure::common::<E>(Common::Ratelimited)).throttled(retry_after_seconds)
    }

    /// The same reply as HTTP 429 with `Retry-After` (at least one second).
    pub fn throttled(self, retry_after_seconds: u64) -> Reply {
        Reply {
            status: StatusCode::TOO_MANY_REQUESTS,
            retry_after: Some(retry_after_seconds.max(1)),
            ..self
        }
    }

    /// The same reply with another status (injected server errors).
    pub fn with_status(self, status: StatusCode) -> Reply {
        Reply { status, ..self }
    }

    /// The serialized body.
    pub fn body_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(&self.body).unwrap_or_else(|_| b"{\"ok\":false}".to_vec())
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let bytes = self.body_bytes();
        raw_response(
            self.status,
            self.retry_after,
            "application/json; charset=utf-8",
            bytes,
        )
    }
}

/// A response with exactly these bytes (also used for deliberately broken bodies).
pub(crate) fn raw_response(
    status: StatusCode,
    retry_after: Option<u64>,
    content_type: &'static str,
    bytes: Vec<u8>,
) -> Response {
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Some(seconds) = retry_after {
        headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

/// A refused control request (`/emulator/...`): HTTP 400 and a Slack-style envelope,
/// `{"ok": false, "error": code, <name>: <value>, "response_metadata": {"messages": [...]}}`.
pub(crate) fn control_refusal(
    code: &str,
    field: Option<(&str, &str)>,
    message: Option<String>,
) -> Response {
    let mut failure = Failure {
        code: code.to_owned(),
        extra: Map::new(),
        messages: Vec::new(),
    };
    if let Some((name, value)) = field {
        failure = failure.with(name, value);
    }
    if let Some(message) = message {
        failure = failure.explained(message);
    }
    Reply::failure(failure)
        .with_status(StatusCode::BAD_REQUEST)
        .into_response()
}

/// An API error on its way to the wire: a documented code plus optional extra fields.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Failure {
    code: String,
    extra: Map<String, Value>,
    messages: Vec<String>,
}

impl Failure {
    /// The failure for one of a method's documented errors. An undocumented (`Unknown`) code
    /// would be a bug in the emulator; it is replaced by `internal_error` rather than sent.
    pub fn of<E: ApiError>(error: E) -> Failure {
        let code = if error.is_documented() {
            error.code().to_owned()
        } else {
            tracing::error!(code = error.code(), "undocumented error code suppressed");
            E::from_code(Common::InternalError.code()).code().to_owned()
        };
        Failure {
            code,
            extra: Map::new(),
            messages: Vec::new(),
        }
    }

    /// A common error (shared by every method), through the method's enum `E`.
    pub fn common<E: ApiError>(error: Common) -> Failure {
        Failure::of(E::from_code(error.code()))
    }

    /// Adds a top-level field, e.g. `needed`/`provided` on `missing_scope` or `arg`.
    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Failure {
        self.extra.insert(key.to_owned(), value.into());
        self
    }

    /// Adds a human-readable `response_metadata.messages` line, as Slack does for bad arguments.
    pub fn explained(mut self, message: impl std::fmt::Display) -> Failure {
        self.messages.push(format!("[ERROR] {message}"));
        self
    }

    /// The wire code.
    #[cfg(test)]
    pub fn code(&self) -> &str {
        &self.code
    }
}

/// Lets handlers write `Err(SomeMethodError::Variant)?`.
impl<E: ApiError> From<E> for Failure {
    fn from(error: E) -> Failure {
        Failure::of(error)
    }
}
