//! The transport failure inside [`Error::Transport`](super::Error::Transport): opaque, so the
//! HTTP library underneath is not part of this crate's public API and can change in a minor
//! release.

use std::fmt;

/// Why a request could not be sent or its response could not be read.
///
/// Ask it what happened with [`is_timeout`](Self::is_timeout) and
/// [`is_connect`](Self::is_connect); the underlying cause is its
/// [`source`](std::error::Error::source). Its `Display` names only the kind of failure, not the
/// cause, so printing the chain of sources (as `{:#}` does with error-reporting crates) shows
/// each cause once.
pub struct TransportError {
    kind: Kind,
    source: reqwest::Error,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Timeout,
    Connect,
    Body,
    Other,
}

impl TransportError {
    pub(crate) fn new(source: reqwest::Error) -> TransportError {
        // A timeout while connecting is both; it is reported as the timeout it was.
        let kind = if source.is_timeout() {
            Kind::Timeout
        } else if source.is_connect() {
            Kind::Connect
        } else if source.is_body() || source.is_decode() {
            Kind::Body
        } else {
            Kind::Other
        };
        TransportError { kind, source }
    }

    /// The request or the response took longer than the client's timeout.
    pub fn is_timeout(&self) -> bool {
        self.source.is_timeout()
    }

    /// No connection could be made (refused, unreachable, DNS, TLS handshake, proxy): the
    /// request was not sent.
    pub fn is_connect(&self) -> bool {
        self.source.is_connect()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.kind {
            Kind::Timeout => "the request timed out",
            Kind::Connect => "could not connect to the server",
            Kind::Body => "the response body could not be read",
            Kind::Other => "the HTTP exchange failed",
        })
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The source's Debug shows the URL (never the token: that travels only in a header).
        f.debug_struct("TransportError")
            .field("kind", &self.kind)
            .field("source", &self.source)
            .finish()
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}
