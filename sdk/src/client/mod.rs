//! The async client: one `call` that every generated method goes through.

mod body;
mod call;
mod dynamic;
mod error;
mod paginate;
mod redact;
mod retry;
mod throttle;
mod token;
mod transport;
mod transport_error;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;
use reqwest::Url;

pub use body::DEFAULT_MAX_RESPONSE_SIZE;
pub use dynamic::{DynamicError, DynamicErrorKind, JsonItems};
pub use error::Error;
pub use paginate::{Items, PaginationError, MAX_CONSECUTIVE_EMPTY_PAGES};
pub use redact::{redact_tokens, REDACTED};
pub use retry::RetryPolicy;
pub use throttle::{ThrottlePolicy, DEFAULT_THROTTLE_WINDOW};
pub use token::{AppToken, NotAnAppToken, Token};
pub use transport::Certificate;
pub use transport_error::TransportError;

/// The future of a fluent call (`client.conversations().invite_shared(..).await`): what
/// `IntoFuture` gives for every generated `Call`. Boxed, so the type can be named.
pub type CallFuture<'a, T, E> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<T, Error<E>>> + Send + 'a>>;

use crate::store::Store;
use throttle::Throttle;
use transport::TransportOptions;

/// Slack's Web API.
pub const DEFAULT_BASE_URL: &str = "https://slack.com/api/";

/// The user agent sent unless another is set.
pub const DEFAULT_USER_AGENT: &str = concat!("slack-connect-rust/", env!("CARGO_PKG_VERSION"));

/// An async Slack Connect client. Cheap to clone: clones share one connection pool, one token
/// and one throttle, so it can be handed to many tasks.
///
/// Methods are reached through namespaces named like Slack's (`client.conversations()`); a call
/// takes its required arguments, chains the optional ones, and is sent by `.await`:
///
/// ```
/// # use slack_connect_emulator::{seed, Emulator};
/// use slack_connect::conversations::invite_shared::Recipient;
/// use slack_connect::Client;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let emulator = Emulator::start().await?;
/// let client = Client::builder(seed::ACME_BOT_TOKEN) // `Client::new(token)` for Slack itself
///     .base_url(emulator.base_url())
///     .build()?;
/// let invite = client
///     .conversations()
///     .invite_shared(seed::ACME_PROJECT, Recipient::Email("dave@globex.example".into()))
///     .external_limited(false)
///     .await?;
/// println!("invite {} sent", invite.invite_id);
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: Url,
    token: Token,
    authorization: HeaderValue,
    timeout: Option<Duration>,
    retry: RetryPolicy,
    throttle: Option<Throttle>,
    max_response_size: u64,
}

impl Client {
    /// A client for `token` with the default settings.
    pub fn new(token: impl Into<Token>) -> Result<Client, BuildError> {
        Client::builder(token).build()
    }

    /// A builder for a client using `token`.
    pub fn builder(token: impl Into<Token>) -> ClientBuilder {
        ClientBuilder {
            token: token.into(),
            base_url: DEFAULT_BASE_URL.to_owned(),
            timeout: Some(Duration::from_secs(30)),
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            retry: RetryPolicy::default(),
            transport: TransportOptions::default(),
            allow_insecure_http: false,
            throttle: None,
            throttle_window: DEFAULT_THROTTLE_WINDOW,
            throttle_store: None,
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
        }
    }

    /// The base URL method names are appended to.
    pub fn base_url(&self) -> &str {
        self.inner.base_url.as_str()
    }

    /// The kind prefix of the client's token (`xoxb`, `xapp`, ...), which is not secret.
    pub fn token_kind(&self) -> &str {
        self.inner.token.kind()
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("token", &self.inner.token)
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .field("throttle", &self.inner.throttle.is_some())
            .field("max_response_size", &self.inner.max_response_size)
            .finish()
    }
}

/// Builds a [`Client`].
#[derive(Debug)]
pub struct ClientBuilder {
    token: Token,
    base_url: String,
    timeout: Option<Duration>,
    user_agent: String,
    retry: RetryPolicy,
    transport: TransportOptions,
    allow_insecure_http: bool,
    throttle: Option<ThrottlePolicy>,
    throttle_window: Duration,
    throttle_store: Option<(Arc<dyn Store>, String, String)>,
    max_response_size: u64,
}

impl ClientBuilder {
    /// The base URL (default `https://slack.com/api/`), e.g. an emulator's.
    #[must_use]
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Time limit for a whole request, response included (default 30 s); `None` for no limit.
    #[must_use]
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = timeout;
        self
    }

    /// The `User-Agent` header.
    #[must_use]
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// The retry policy (default: up to 3 retries on 429 and on connection failures).
    #[must_use]
    pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Trust this root certificate too, e.g. a company's private certificate authority. Add
    /// as many as needed; a bad one fails [`build`](Self::build) with
    /// [`BuildError::InvalidCertificate`].
    #[must_use]
    pub fn add_root_certificate(mut self, certificate: Certificate) -> Self {
        self.transport.root_certificates.push(certificate);
        self
    }

    /// Whether to trust the built-in roots as well as those added (default `true`): Mozilla's
    /// with the `rustls` feature, the operating system's with `os-trust-store` or `native-tls`.
    /// `false` trusts only [`add_root_certificate`](Self::add_root_certificate)'s.
    #[must_use]
    pub fn built_in_root_certificates(mut self, trust: bool) -> Self {
        self.transport.built_in_roots = trust;
        self
    }

    /// Send every request through this `http` or `https` proxy, e.g.
    /// `http://proxy.internal:3128` (credentials may go in the URL:
    /// `http://user:password@host:port`; they are never printed). Without it the client follows
    /// `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` (either case), except for a
    /// loopback base URL, which is always reached directly.
    #[must_use]
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.transport.proxy = Some(url.into());
        self
    }

    /// Ignore the proxy environment variables (and no [`proxy`](Self::proxy)): always connect
    /// directly.
    #[must_use]
    pub fn no_proxy(mut self) -> Self {
        self.transport.proxy = None;
        self.transport.proxy_from_environment = false;
        self
    }

    /// Speak only HTTP/1.1, even when the `http2` feature is on (it lets the client offer
    /// HTTP/2 in the TLS handshake; without it the client speaks only HTTP/1.1).
    #[must_use]
    pub fn http1_only(mut self) -> Self {
        self.transport.http1_only = true;
        self
    }

    /// Allow a plain-`http` base URL on a host other than loopback. Tokens then travel unencrypted.
    #[must_use]
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Space calls to each method so they stay within its rate limit (off by default).
    #[must_use]
    pub fn throttle(mut self, policy: ThrottlePolicy) -> Self {
        self.throttle = Some(policy);
        self
    }

    /// Keep the throttle's buckets in `store`, counted for app `app_id` in workspace `team_id`
    /// (the workspace whose budget this client's token spends), instead of in this client alone.
    /// Every process (or client) given the same store, app and team shares one budget per
    /// method: together they stay inside the method's tier, and a 429 seen by one pauses that
    /// method for that team in all of them until its `Retry-After`. Turns the throttle on with
    /// [`ThrottlePolicy::ByTier`] unless [`throttle`](Self::throttle) chose a policy. A store
    /// that cannot be reached follows its own [`Unavailable`](crate::store::Unavailable) policy;
    /// refusing fails the call with [`Error::Store`] before anything is sent.
    #[must_use]
    pub fn throttle_store(
        mut self,
        store: Arc<dyn Store>,
        app_id: impl Into<String>,
        team_id: impl Into<String>,
    ) -> Self {
        self.throttle_store = Some((store, app_id.into(), team_id.into()));
        self.throttle.get_or_insert(ThrottlePolicy::ByTier);
        self
    }

    /// The window a tier's calls are counted in (default [`DEFAULT_THROTTLE_WINDOW`]); shorter
    /// against an emulator whose clock runs faster than real time.
    #[must_use]
    pub fn throttle_window(mut self, window: Duration) -> Self {
        self.throttle_window = window;
        self
    }

    /// The largest response body accepted, in bytes (default
    /// [`DEFAULT_MAX_RESPONSE_SIZE`], 16 MiB). A larger body is read no further than the limit
    /// (refused at once when its `Content-Length` says so) and the call fails with
    /// [`Error::ResponseTooLarge`], so a server cannot make the client buffer without bound.
    #[must_use]
    pub fn max_response_size(mut self, bytes: u64) -> Self {
        self.max_response_size = bytes;
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, BuildError> {
        let mut base = self.base_url.clone();
        if !base.ends_with('/') {
            base.push('/');
        }
        let base_url =
            Url::parse(&base).map_err(|e| BuildError::InvalidBaseUrl(format!("{base}: {e}")))?;
        match base_url.scheme() {
            "https" => {}
            "http" if self.allow_insecure_http || is_loopback(&base_url) => {}
            "http" => return Err(BuildError::InsecureHttp(base_url.to_string())),
            other => {
                return Err(BuildError::InvalidBaseUrl(format!(
                    "{base}: unsupported scheme `{other}`"
                )))
            }
        }
        let mut authorization = HeaderValue::from_str(&format!("Bearer {}", self.token.secret()))
            .map_err(|_| BuildError::InvalidToken)?;
        // Marked sensitive so HTTP-level debug output never prints it.
        authorization.set_sensitive(true);
        let http = self.transport.http_client(&self.user_agent, &base_url)?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                token: self.token,
                authorization,
                timeout: self.timeout,
                retry: self.retry,
                throttle: self
                    .throttle
                    .map(|policy| Throttle::new(policy, self.throttle_window, self.throttle_store)),
                max_response_size: self.max_response_size,
            }),
        })
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Why a client could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BuildError {
    /// The base URL does not parse or has an unsupported scheme.
    InvalidBaseUrl(String),
    /// A plain-`http` base URL on a non-loopback host, without `allow_insecure_http(true)`.
    InsecureHttp(String),
    /// The token contains characters that cannot go in an HTTP header.
    InvalidToken,
    /// A root certificate given to [`ClientBuilder::add_root_certificate`] does not parse.
    InvalidCertificate(String),
    /// The proxy URL given to [`ClientBuilder::proxy`] does not parse or is unsupported.
    InvalidProxy(String),
    /// An `https` base URL or a root certificate, but the crate was built without a TLS
    /// feature (`rustls`, `os-trust-store` or `native-tls`).
    TlsUnavailable,
    /// The HTTP client could not be created.
    Http(String),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::InvalidBaseUrl(why) => write!(f, "invalid base URL {why}"),
            BuildError::InsecureHttp(url) => write!(
                f,
                "refusing plain-http base URL {url}: the token would travel unencrypted; use https, a loopback host, or allow_insecure_http(true)"
            ),
            BuildError::InvalidToken => f.write_str("the token contains characters not allowed in an HTTP header"),
            BuildError::InvalidCertificate(why) => write!(f, "invalid root certificate: {why}"),
            BuildError::InvalidProxy(why) => write!(f, "invalid proxy URL: {why}"),
            BuildError::TlsUnavailable => f.write_str(
                "TLS is needed but slack-connect was built without a TLS feature (enable `rustls`, `os-trust-store` or `native-tls`)",
            ),
            BuildError::Http(why) => write!(f, "cannot create the HTTP client: {why}"),
        }
    }
}

impl std::error::Error for BuildError {}
