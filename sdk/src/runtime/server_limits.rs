//! How long a connection may take to send a request, and how many are served at once: one
//! configuration for every HTTP server the project runs (the SDK's event receiver and the
//! emulator), applied by their shared serving loop.

use std::time::Duration;

/// The header read timeout used unless configured otherwise.
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// The body read timeout used unless configured otherwise.
pub const DEFAULT_BODY_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// The connection cap used unless configured otherwise.
pub const DEFAULT_MAX_CONNECTIONS: usize = 512;

/// The longest read deadline applied: a longer one (up to `Duration::MAX`) is cut to a day, as
/// a deadline must be a point in time the clock can represent.
pub const MAX_READ_TIMEOUT: Duration = Duration::from_secs(24 * 60 * 60);

/// Read deadlines and a connection cap for a server facing untrusted clients.
///
/// - a connection must send a request's whole head (request line and headers) within
///   `header_read_timeout` of starting it, or of its previous response (an idle keep-alive
///   connection is closed after the same time); otherwise it is closed;
/// - a request's body must arrive whole within `body_read_timeout` of its head; otherwise the
///   request is answered `408` (the receiver) or `request_timeout` (the emulator);
/// - at most `max_connections` connections are open at once; more wait, unaccepted, until one
///   closes, so trickling clients cannot take every file descriptor.
///
/// ```
/// use std::time::Duration;
/// use slack_connect::runtime::ServerLimits;
///
/// let limits = ServerLimits::default()
///     .header_read_timeout(Duration::from_secs(5))
///     .max_connections(128);
/// assert_eq!(limits.body_read_timeout, Duration::from_secs(10));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServerLimits {
    /// How long a connection may take to send a request head. Default: 10 s.
    pub header_read_timeout: Duration,
    /// How long a request's body may take to arrive after its head. Default: 10 s.
    pub body_read_timeout: Duration,
    /// The most connections served at once (at least one). Default: 512.
    pub max_connections: usize,
}

impl Default for ServerLimits {
    fn default() -> ServerLimits {
        ServerLimits {
            header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
            body_read_timeout: DEFAULT_BODY_READ_TIMEOUT,
            max_connections: DEFAULT_MAX_CONNECTIONS,
        }
    }
}

impl ServerLimits {
    /// The limits as applied: each deadline at most [`MAX_READ_TIMEOUT`], at least one
    /// connection.
    pub fn effective(self) -> ServerLimits {
        ServerLimits {
            header_read_timeout: self.header_read_timeout.min(MAX_READ_TIMEOUT),
            body_read_timeout: self.body_read_timeout.min(MAX_READ_TIMEOUT),
            max_connections: self.max_connections.max(1),
        }
    }

    /// Sets how long a connection may take to send a request head.
    #[must_use]
    pub fn header_read_timeout(mut self, timeout: Duration) -> ServerLimits {
        self.header_read_timeout = timeout;
        self
    }

    /// Sets how long a request's body may take to arrive after its head.
    #[must_use]
    pub fn body_read_timeout(mut self, timeout: Duration) -> ServerLimits {
        self.body_read_timeout = timeout;
        self
    }

    /// Sets the most connections served at once (zero counts as one).
    #[must_use]
    pub fn max_connections(mut self, count: usize) -> ServerLimits {
        self.max_connections = count.max(1);
        self
    }
}
