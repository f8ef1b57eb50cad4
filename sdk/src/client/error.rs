//! What a call can fail with. A method's own API errors stay in its generated enum; everything
//! about getting there (validation, transport, rate limits, undecodable bodies) lives here.

use std::fmt;
use std::time::Duration;

use super::paginate::PaginationError;
use super::redact::redacted_excerpt;
use crate::runtime::{ApiError, ApiFailure, DecodeError, InvalidArgument};

/// Why a call failed. `E` is the method's generated error enum (`approve::Error`).
///
/// Most code needs only [`Error::api_error`] (the typed code, to `match`), [`Error::code`] and
/// [`Error::is_retryable`]. Printed with `{:#}` (anyhow) or walked through
/// [`source`](std::error::Error::source), each fact appears once: `Display` says what happened
/// to the call, the source says why, when there is a lower-level cause.
///
/// `non_exhaustive`: a new kind of failure can be added in a minor release.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// Slack answered `ok: false` with one of the method's error codes (or an undocumented one),
    /// whatever the HTTP status (Slack sends some, like `service_unavailable`, with a 5xx).
    Api {
        /// The method's wire name.
        method: &'static str,
        /// The HTTP status the error came with (200 for most).
        status: u16,
        /// The error and the envelope's extras (`needed`/`provided`, messages).
        failure: ApiFailure<E>,
    },
    /// HTTP 429, and retrying was not allowed or did not help.
    RateLimited {
        /// The method's wire name.
        method: &'static str,
        /// The last `Retry-After` received, if it was present and readable.
        retry_after: Option<Duration>,
        /// How many requests were sent.
        attempts: u32,
    },
    /// An HTTP status other than 200 and 429.
    Http {
        /// The method's wire name.
        method: &'static str,
        /// The status code.
        status: u16,
        /// The start of the body, for diagnosis.
        snippet: String,
    },
    /// The request could not be sent, or the response could not be read.
    Transport {
        /// The method's wire name.
        method: &'static str,
        /// Whether Slack may have processed the request (a timeout or reset after sending).
        maybe_processed: bool,
        /// The underlying failure.
        source: super::TransportError,
    },
    /// The body is not the JSON Slack documents.
    Decode {
        /// The method's wire name.
        method: &'static str,
        /// The HTTP status.
        status: u16,
        /// The `Content-Type` received.
        content_type: Option<String>,
        /// The start of the body.
        snippet: String,
        /// What did not decode.
        source: DecodeError,
    },
    /// The server answered with a redirect (HTTP 3xx with a `Location`). Redirects are never
    /// followed: the server received the request (and may have acted on it), so it is not sent
    /// again, anywhere; nor could a token be carried to another host or to plain `http`.
    Redirect {
        /// The method's wire name.
        method: &'static str,
        /// The status code (301, 302, 303, 307, 308, ...).
        status: u16,
        /// Where the server pointed (tokens redacted, at most 200 characters).
        location: String,
    },
    /// The response body is larger than the client's
    /// [`max_response_size`](super::ClientBuilder::max_response_size); it was not read past the
    /// limit. The request reached the server and may have been processed.
    ResponseTooLarge {
        /// The method's wire name.
        method: &'static str,
        /// The limit, in bytes.
        limit: u64,
    },
    /// Following a paginated method's cursors was stopped because the server would have led
    /// it on forever: a cursor sent again, or too many empty pages in a row. The items before
    /// it were given.
    Pagination {
        /// The method's wire name.
        method: &'static str,
        /// What the server did.
        source: PaginationError,
    },
    /// An argument broke a documented rule; nothing was sent.
    InvalidArgument {
        /// The method's wire name.
        method: &'static str,
        /// The rule broken.
        source: InvalidArgument,
    },
    /// The request could not be encoded; nothing was sent.
    Encode {
        /// The method's wire name.
        method: &'static str,
        /// The encoder's error.
        source: serde_json::Error,
    },
    /// The throttle's shared store could not be used (it refuses while unreachable, see
    /// [`Unavailable::Refuse`](crate::store::Unavailable::Refuse)); nothing was sent.
    Store {
        /// The method's wire name.
        method: &'static str,
        /// What failed.
        source: crate::store::StoreError,
    },
}

impl<E: ApiError> Error<E> {
    /// The method's API error, if Slack returned one.
    pub fn api_error(&self) -> Option<&E> {
        match self {
            Error::Api { failure, .. } => Some(&failure.error),
            _ => None,
        }
    }

    /// The error code Slack returned (`invite_already_approved`), documented or not.
    pub fn code(&self) -> Option<&str> {
        self.api_error().map(ApiError::code)
    }

    /// Whether sending the same request again later may succeed, because Slack certainly did
    /// not act on it: rate limited, a connection that never carried the request, or an API error
    /// the spec marks `retryable` (`service_unavailable`, `ratelimited`, `request_timeout`).
    /// A timeout or a 5xx without Slack's error body is *not* retryable: the request may have
    /// been processed, and these methods are not idempotent.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api { failure, .. } => failure.error.is_retryable(),
            Error::RateLimited { .. } | Error::Store { .. } => true,
            Error::Transport {
                maybe_processed, ..
            } => !maybe_processed,
            _ => false,
        }
    }

    /// The wire name of the method called.
    pub fn method(&self) -> &'static str {
        match self {
            Error::Api { method, .. }
            | Error::RateLimited { method, .. }
            | Error::Http { method, .. }
            | Error::Transport { method, .. }
            | Error::Decode { method, .. }
            | Error::Redirect { method, .. }
            | Error::ResponseTooLarge { method, .. }
            | Error::Pagination { method, .. }
            | Error::InvalidArgument { method, .. }
            | Error::Encode { method, .. }
            | Error::Store { method, .. } => method,
        }
    }

    /// True when nothing reached Slack (invalid arguments or an encoding failure).
    pub fn is_client_side(&self) -> bool {
        matches!(self, Error::InvalidArgument { .. } | Error::Encode { .. })
    }
}

impl<E: ApiError> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api { method, failure, .. } => {
                write!(f, "{method}: Slack returned `{}`: {}", failure.error.code(), failure.error.error_description())?;
                if let (Some(needed), Some(provided)) = (&failure.envelope.needed, &failure.envelope.provided) {
                    write!(f, " (needed: {needed}; provided: {provided})")?;
                }
                Ok(())
            }
            Error::RateLimited { method, retry_after, attempts } => {
                write!(f, "{method}: rate limited (HTTP 429) after {attempts} attempt(s)")?;
                match retry_after {
                    Some(wait) => write!(f, "; Retry-After: {}s", wait.as_secs()),
                    None => write!(f, "; no usable Retry-After"),
                }
            }
            Error::Http { method, status, snippet } => {
                write!(f, "{method}: unexpected HTTP status {status}; body starts: {snippet:?}")
            }
            // The lower-level cause is the `source()`, not repeated here: `{:#}` prints it next.
            Error::Transport { method, maybe_processed, .. } => {
                let note = if *maybe_processed { " (the request may have been processed)" } else { "" };
                write!(f, "{method}: transport failure{note}")
            }
            Error::Decode { method, status, content_type, snippet, .. } => write!(
                f,
                "{method}: undecodable response (HTTP {status}, content type {}; body starts: {snippet:?})",
                content_type.as_deref().unwrap_or("none")
            ),
            Error::Redirect { method, status, location } => write!(
                f,
                "{method}: the server redirected (HTTP {status}) to {location:?}; redirects are not followed, and the request may have been processed"
            ),
            Error::ResponseTooLarge { method, limit } => write!(
                f,
                "{method}: the response body is larger than the {limit}-byte limit (max_response_size); the request may have been processed"
            ),
            Error::Pagination { method, .. } => write!(f, "{method}: pagination stopped"),
            Error::InvalidArgument { method, source } => write!(f, "{method}: {source}; nothing was sent"),
            Error::Encode { method, .. } => {
                write!(f, "{method}: the request could not be encoded; nothing was sent")
            }
            Error::Store { method, .. } => {
                write!(f, "{method}: the throttle's store failed; nothing was sent")
            }
        }
    }
}

impl<E: ApiError> std::error::Error for Error<E> {
    // `Display` already names the API error and the broken argument rule (they are the
    // failure, not a cause of it); the others have a lower-level cause, given here only.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source, .. } => Some(source),
            Error::Decode { source, .. } => Some(source),
            Error::Encode { source, .. } => Some(source),
            Error::Store { source, .. } => Some(source),
            Error::Pagination { source, .. } => Some(source),
            Error::Api { .. }
            | Error::Redirect { .. }
            | Error::ResponseTooLarge { .. }
            | Error::InvalidArgument { .. }
            | Error::RateLimited { .. }
            | Error::Http { .. } => None,
        }
    }
}

/// The start of a body, as text safe to print on one line. Tokens (the client's own, and any
/// token-shaped text) are cut out of a window longer than what is kept, before it is shortened,
/// so a token straddling the cut cannot leave its first characters behind.
pub(crate) fn snippet(body: &[u8], secret: &str) -> String {
    const MAX: usize = 200;
    // At most 4 bytes a character, plus room for a whole token (or the start of a token-shaped
    // one) beginning just before the cut.
    let window = MAX * 4 + secret.len() + 16;
    let text = String::from_utf8_lossy(&body[..body.len().min(window)]);
    redacted_excerpt(&text, secret, MAX)
}
