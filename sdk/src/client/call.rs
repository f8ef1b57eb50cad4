//! The call pipeline every generated method shares: validate, encode, throttle, send, retry on
//! 429 or on connection failure, then decode the envelope and the method's response once.

use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderValue, AUTHORIZATION, CONTENT_TYPE, LOCATION};
use reqwest::StatusCode;
use tracing::{field, Instrument};

use super::body::{read_limited, BodyError};
use super::error::{snippet, Error};
use super::redact::{redact_owned, redact_tokens, redacted_excerpt};
use super::retry::retry_after;
use super::Client;
use crate::runtime::{
    decode, form, ApiError, ApiFailure, ApiRequest, ContentType, DecodeError, Decoded, Envelope,
    HttpMethod,
};

const JSON: HeaderValue = HeaderValue::from_static("application/json; charset=utf-8");
const FORM: HeaderValue = HeaderValue::from_static("application/x-www-form-urlencoded");

/// A request body ready to send, encoded once and reused across retries (`Bytes` clones share
/// the buffer instead of copying it).
enum Body {
    Json(Bytes),
    Form(Bytes),
    Query(String),
}

impl Client {
    /// Calls the method of `request`: the generic form of every generated method.
    pub async fn call<R: ApiRequest>(&self, request: &R) -> Result<R::Response, Error<R::Error>> {
        self.call_with_envelope(request)
            .await
            .map(|(response, _)| response)
    }

    /// Like [`Client::call`], also returning the envelope: `warning`, `response_metadata.warnings`
    /// and `messages` (see [`Envelope::warnings`]).
    pub async fn call_with_envelope<R: ApiRequest>(
        &self,
        request: &R,
    ) -> Result<(R::Response, Envelope), Error<R::Error>> {
        let method = R::METHOD.name;
        request
            .validate()
            .map_err(|source| Error::InvalidArgument { method, source })?;
        let body = encode(request).map_err(|source| Error::Encode { method, source })?;
        let span = tracing::debug_span!(
            "slack_connect.call",
            method,
            attempt = field::Empty,
            status = field::Empty,
            retry_wait_ms = field::Empty,
        );
        self.send_with_retries::<R>(&body).instrument(span).await
    }

    async fn send_with_retries<R: ApiRequest>(
        &self,
        body: &Body,
    ) -> Result<(R::Response, Envelope), Error<R::Error>> {
        let method = R::METHOD.name;
        let policy = &self.inner.retry;
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            let span = tracing::Span::current();
            span.record("attempt", attempt);
            if let Some(throttle) = &self.inner.throttle {
                let waited = throttle
                    .acquire(R::METHOD)
                    .await
                    .map_err(|source| Error::Store { method, source })?;
                if !waited.is_zero() {
                    tracing::debug!(wait_ms = waited.as_millis() as u64, "throttled");
                }
            }
            let response = match self.request::<R>(body).send().await {
                Ok(response) => response,
                Err(source) => {
                    // Only a failure to connect proves nothing was sent; anything later may
                    // have reached Slack, and these methods are not idempotent.
                    let nothing_sent = source.is_connect();
                    if nothing_sent && attempt <= policy.max_retries {
                        let wait = policy.connect_backoff * 2u32.saturating_pow(attempt - 1);
                        span.record("retry_wait_ms", wait.as_millis() as u64);
                        tracing::debug!(error = %source, "connection failed; retrying");
                        tokio::time::sleep(wait).await;
                        continue;
                    }
                    return Err(Error::Transport {
                        method,
                        maybe_processed: !nothing_sent,
                        source: super::TransportError::new(source),
                    });
                }
            };
            let status = response.status();
            span.record("status", status.as_u16());
            if status == StatusCode::TOO_MANY_REQUESTS {
                let wait = retry_after(response.headers());
                if let (Some(throttle), Some(wait)) = (&self.inner.throttle, wait) {
                    throttle.pause(R::METHOD, wait).await;
                }
                match wait {
                    Some(wait) if attempt <= policy.max_retries && wait <= policy.max_wait => {
                        span.record("retry_wait_ms", wait.as_millis() as u64);
                        tracing::debug!("rate limited; waiting as Retry-After says");
                        tokio::time::sleep(wait.max(Duration::from_millis(1))).await;
                        continue;
                    }
                    _ => {
                        return Err(Error::RateLimited {
                            method,
                            retry_after: wait,
                            attempts: attempt,
                        })
                    }
                }
            }
            // Redirects are never followed (the HTTP client's policy is `none`): the server
            // received the request, so it is neither sent again nor sent elsewhere.
            if status.is_redirection() {
                if let Some(location) = response.headers().get(LOCATION) {
                    let location = String::from_utf8_lossy(location.as_bytes());
                    return Err(Error::Redirect {
                        method,
                        status: status.as_u16(),
                        location: redacted_excerpt(&location, self.inner.token.secret(), 200),
                    });
                }
            }
            return self.read::<R>(response).await;
        }
    }

    fn request<R: ApiRequest>(&self, body: &Body) -> reqwest::RequestBuilder {
        let inner = &self.inner;
        // The base URL ends in '/', and method names are URL-safe.
        let url = format!("{}{}", inner.base_url, R::METHOD.name);
        let builder = match (R::METHOD.http_method, body) {
            (HttpMethod::Get, Body::Query(query)) => inner.http.get(format!("{url}?{query}")),
            (_, Body::Json(bytes)) => inner
                .http
                .post(url)
                .header(CONTENT_TYPE, JSON)
                .body(bytes.clone()),
            (_, Body::Form(bytes)) => inner
                .http
                .post(url)
                .header(CONTENT_TYPE, FORM)
                .body(bytes.clone()),
            // A GET-only encoding on a POST method cannot be chosen by `encode`; sent as a form.
            (_, Body::Query(text)) => inner
                .http
                .post(url)
                .header(CONTENT_TYPE, FORM)
                .body(text.clone()),
        };
        let builder = builder.header(AUTHORIZATION, inner.authorization.clone());
        match inner.timeout {
            Some(timeout) => builder.timeout(timeout),
            None => builder,
        }
    }

    async fn read<R: ApiRequest>(
        &self,
        response: reqwest::Response,
    ) -> Result<(R::Response, Envelope), Error<R::Error>> {
        let method = R::METHOD.name;
        let status = response.status();
        // Kept as a header value; turned into text only if an error report needs it.
        let content_type = response.headers().get(CONTENT_TYPE).cloned();
        let limit = self.inner.max_response_size;
        let bytes = read_limited(response, limit)
            .await
            .map_err(|error| match error {
                BodyError::TooLarge => Error::ResponseTooLarge { method, limit },
                BodyError::Transport(source) => Error::Transport {
                    method,
                    maybe_processed: true,
                    source: super::TransportError::new(source),
                },
            })?;
        let secret = self.inner.token.secret();
        if status != StatusCode::OK {
            // Slack sends its JSON error envelope with some non-200 statuses too (a 503 with
            // `service_unavailable`): the typed error says more than the status alone.
            if let Ok(Decoded::Failure(failure)) = decode::<serde::de::IgnoredAny, R::Error>(&bytes)
            {
                return Err(Error::Api {
                    method,
                    status: status.as_u16(),
                    failure: redact_failure(failure, secret),
                });
            }
            return Err(Error::Http {
                method,
                status: status.as_u16(),
                snippet: snippet(&bytes, secret),
            });
        }
        match decode::<R::Response, R::Error>(&bytes) {
            Ok(Decoded::Success(response, mut envelope)) => {
                redact_envelope(&mut envelope, secret);
                let warnings = envelope.warnings();
                if !warnings.is_empty() {
                    tracing::warn!(method, warnings = %warnings.join(","), "Slack returned warnings");
                }
                Ok((response, envelope))
            }
            Ok(Decoded::Failure(failure)) => Err(Error::Api {
                method,
                status: status.as_u16(),
                failure: redact_failure(failure, secret),
            }),
            Err(source) => Err(Error::Decode {
                method,
                status: status.as_u16(),
                content_type: content_type
                    .map(|v| redacted_excerpt(&String::from_utf8_lossy(v.as_bytes()), secret, 100)),
                snippet: snippet(&bytes, secret),
                source: redact_decode_error(source, secret),
            }),
        }
    }
}

/// Every server-supplied string of an envelope, redacted (see [`super::redact`]).
fn redact_envelope(envelope: &mut Envelope, secret: &str) {
    let Envelope {
        error,
        warning,
        needed,
        provided,
        response_metadata,
        ..
    } = envelope;
    let metadata = response_metadata.iter_mut().flat_map(|m| {
        let lists = m.messages.iter_mut().chain(m.warnings.iter_mut()).flatten();
        m.next_cursor.iter_mut().chain(lists)
    });
    for text in [error, warning, needed, provided]
        .into_iter()
        .flatten()
        .chain(metadata)
    {
        redact_owned(text, secret);
    }
}

/// An API failure with its envelope redacted, and its code too: an undocumented code is kept
/// as the server sent it, and a server may have put a token in it.
fn redact_failure<E: ApiError>(mut failure: ApiFailure<E>, secret: &str) -> ApiFailure<E> {
    redact_envelope(&mut failure.envelope, secret);
    if let std::borrow::Cow::Owned(code) = redact_tokens(failure.error.code(), Some(secret)) {
        failure.error = E::from_code(&code);
    }
    failure
}

/// A decoding error whose message quotes a server-supplied value (serde_json quotes the value
/// it did not expect) with that value redacted.
fn redact_decode_error(error: DecodeError, secret: &str) -> DecodeError {
    use serde::de::Error as _;
    let rebuilt = |e: &serde_json::Error| match redact_tokens(&e.to_string(), Some(secret)) {
        std::borrow::Cow::Owned(text) => Some(serde_json::Error::custom(text)),
        std::borrow::Cow::Borrowed(_) => None,
    };
    match error {
        DecodeError::Envelope(e) => DecodeError::Envelope(rebuilt(&e).unwrap_or(e)),
        DecodeError::Response(e) => DecodeError::Response(rebuilt(&e).unwrap_or(e)),
        other => other,
    }
}

/// Encodes the request the way its method's spec says it is sent.
fn encode<R: ApiRequest>(request: &R) -> Result<Body, serde_json::Error> {
    Ok(match (R::METHOD.http_method, R::METHOD.encoding()) {
        (HttpMethod::Get, _) => Body::Query(form::encode(request)?),
        (HttpMethod::Post, ContentType::Json) => {
            Body::Json(Bytes::from(serde_json::to_vec(request)?))
        }
        (HttpMethod::Post, ContentType::Form) => Body::Form(Bytes::from(form::encode(request)?)),
    })
}
