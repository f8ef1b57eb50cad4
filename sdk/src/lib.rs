//! # slack-connect
//!
//! A typed Rust SDK for Slack's Slack Connect APIs: inviting external organizations to shared
//! channels, accepting invites, and approving or denying invites and invite requests.
//!
//! ```no_run
//! use slack_connect::{ApproveMessage, Client, ConversationsRequestSharedInviteApproveRequest};
//! use slack_connect::ConversationsRequestSharedInviteApproveError as ApproveError;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::new(std::env::var("SLACK_TOKEN")?)?;
//! let request = ConversationsRequestSharedInviteApproveRequest::new("I012345ABCD")
//!     .message(ApproveMessage::new("Welcome aboard", false));
//! match client.conversations().request_shared_invite().approve(request).await {
//!     Ok(response) => println!("invite {} sent", response.invite_id),
//!     Err(error) => match error.api_error() {
//!         Some(ApproveError::InviteAlreadyApproved) => println!("nothing to do"),
//!         _ => return Err(error.into()),
//!     },
//! }
//! # Ok(())
//! # }
//! ```
//!
//! ## Generated from the spec
//!
//! Everything in [`generated`] (re-exported at the crate root) is generated from the JSON spec
//! in the repository's `spec/` directory by `cargo xtask codegen`:
//!
//! - a request struct per method: required arguments go to `new`, optional ones to builder
//!   methods, and `validate()` checks every documented constraint before anything is sent;
//! - a response struct per method: fields Slack may leave out are `Option`;
//! - an exhaustive error enum per method: one variant per documented error code, plus `Unknown`
//!   for any code the documentation does not list;
//! - distinct ID types ([`ChannelId`], [`UserId`], [`TeamId`], [`EnterpriseId`], [`InviteId`]);
//! - for an exactly-one-of rule the spec names, an enum and a setter that cannot break it, e.g.
//!   `.recipient(ConversationsInviteSharedRecipient::Email(..))` for `conversations.inviteShared`;
//! - each method's metadata (verb, encoding, rate-limit tier, scopes), and [`METHODS`];
//! - the `shared_channel_invite_*` Events API events, decoded by type with [`Event::from_value`];
//! - the client's namespaces: `client.conversations().request_shared_invite().approve(..)`.
//!
//! ## Calls
//!
//! Every call validates its arguments first ([`Error::InvalidArgument`]; nothing is sent), then
//! encodes them as its method's spec says: a JSON body, or a form body following Slack's
//! conventions (arrays comma-joined, objects as JSON strings, booleans as `true`/`false`). The
//! token travels only in the `Authorization: Bearer` header. The response envelope is decoded
//! once for all methods: `ok: false` becomes [`Error::Api`] with the method's error enum and the
//! envelope's extras (`needed`/`provided`); warnings on success are logged and returned by
//! [`Client::call_with_envelope`]. A [`Client`] is cheap to clone and reuses its connections.
//!
//! ## Retries
//!
//! The client retries on its own only when Slack certainly did not process the request:
//!
//! - HTTP 429: it waits as `Retry-After` says and tries again, up to
//!   [`RetryPolicy::max_retries`] times and never longer than [`RetryPolicy::max_wait`]; a 429
//!   without a readable `Retry-After` is returned at once as [`Error::RateLimited`];
//! - a failure to connect: nothing was sent, so it retries with a short backoff.
//!
//! A timeout, a connection reset after sending, or a 5xx is **never** retried: these methods are
//! not idempotent (accepting or approving twice is not approving once), and such a failure is
//! returned as [`Error::Transport`] with `maybe_processed: true` (or [`Error::Http`]) so the
//! caller can check the state before trying again. To avoid 429s in bulk jobs, enable the
//! proactive throttle: [`ClientBuilder::throttle`] with [`ThrottlePolicy::ByTier`].
//!
//! ## Security and logs
//!
//! [`Token`] never shows its secret in `Debug` or `Display`, errors never contain it (a body
//! that echoes it is redacted), and the `tracing` span of each call (`slack_connect.call`:
//! method, attempt, HTTP status, retry wait) carries no token and no request body. A plain
//! `http` base URL is refused unless its host is loopback or [`ClientBuilder::allow_insecure_http`]
//! is set.
//!
//! ## Transport and cargo features
//!
//! TLS is rustls with Mozilla's roots by default (feature `rustls`, whose `ring` crate needs a C
//! compiler to build); `os-trust-store` adds the operating system's store, `native-tls` uses the
//! platform's TLS library instead, and `http2` offers HTTP/2. A private root certificate goes to
//! [`ClientBuilder::add_root_certificate`], a proxy to [`ClientBuilder::proxy`] (by default the
//! `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` variables are followed, never for a
//! loopback base URL). The HTTP library is not part of the API: a failed exchange is
//! [`Error::Transport`] holding a [`TransportError`]. `signing` (verifying Events API
//! deliveries) and `receiver` (an axum endpoint for them, with `signing`) are features too.
//!
//! ## Receiving events
//!
//! [`signing`] verifies that an Events API delivery comes from Slack (the signing secret, the
//! five-minute window either way, a constant-time comparison), with a distinct error for a
//! missing header, a malformed one, a stale timestamp and a mismatch; [`Delivery`] and
//! [`Event`] then decode the body and its `event` object. With the `receiver` cargo feature,
//! `slack_connect::receiver::Receiver` does all of it as an axum endpoint: it verifies the
//! signature before parsing, answers `url_verification`, acknowledges at once, runs your async
//! handler in the background once per `event_id` (Slack's retries are acknowledged, not run
//! again), and answers a bad body with a 4xx and a logged reason.
//!
//! ```no_run
//! # #[cfg(feature = "receiver")]
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use slack_connect::receiver::Receiver;
//! use slack_connect::signing::SigningSecret;
//! use slack_connect::{Event, EventCallback};
//!
//! let secret = SigningSecret::new(std::env::var("SLACK_SIGNING_SECRET")?);
//! let receiver = Receiver::new(secret, |delivery: EventCallback| async move {
//!     if let Event::SharedChannelInviteRequested(request) = *delivery.event {
//!         println!("invite requested: {:?}", request.target_users);
//!     }
//! });
//! receiver.serve("0.0.0.0:3000").await?; // POST /slack/events; or app.merge(receiver.router())
//! # Ok(())
//! # }
//! ```
//!
//! The [`runtime`] module holds the few hand-written pieces every generated method shares.
#![deny(missing_docs)]

// Generated code is formatted by the generator (prettyplease); rustfmt must not reformat it,
// or the drift check would see a difference.
#[rustfmt::skip]
pub mod generated;
pub mod client;
#[cfg(feature = "receiver")]
pub mod receiver;
pub mod runtime;
#[cfg(feature = "signing")]
pub mod signing;

pub use client::{
    BuildError, Certificate, Client, ClientBuilder, DynamicError, DynamicErrorKind, Error, Items,
    JsonItems, RetryPolicy, ThrottlePolicy, Token, TransportError,
};
pub use generated::*;
