//! # slack-connect
//!
//! A typed Rust SDK for Slack's Slack Connect APIs: sharing channels with other organizations,
//! accepting invites, and approving or denying invites and invite requests. Every request,
//! response and error type is generated from a JSON spec that transcribes Slack's documentation.
//!
//! ```
//! use slack_connect::prelude::*;
//! # use slack_connect_emulator::{seed, Emulator, NewInviteRequest};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let emulator = Emulator::start().await?;
//! # emulator.create_invite_request(NewInviteRequest::by_email(seed::ACME_PROJECT, seed::ACME_ALICE, "dave@globex.example"))?;
//! # let token = seed::ACME_ADMIN_TOKEN;
//! let client = Client::builder(token).base_url(emulator.base_url()).build()?; // or Client::new(token)
//! let admin = client.conversations().request_shared_invite();
//! let pending = admin.list().limit(200).items().collect_all().await?;
//! for request in &pending {
//!     match admin.approve(&request.id).message(ApproveMessage::append("Welcome")).await {
//!         Ok(approved) => println!("invite {} sent", approved.invite_id),
//!         Err(error) if error.code() == Some("invite_already_approved") => {}
//!         Err(error) => return Err(error.into()),
//!     }
//! }
//! # assert_eq!(pending.len(), 1);
//! # Ok(())
//! # }
//! ```
//!
//! ## Calls
//!
//! Calls are namespaced like Slack's method names: `conversations.requestSharedInvite.approve`
//! is `client.conversations().request_shared_invite().approve(invite_id)`. Required arguments
//! are parameters (an ID may be passed by value, as `&str`, or by reference), optional ones
//! are chained, and `.await` sends the call (`.send()` is the same, spelled out). Before anything
//! is sent, every documented constraint is checked ([`Error::InvalidArgument`]); the body is
//! then encoded as the method's spec says (JSON, or a form following Slack's conventions).
//!
//! Each method has a module named like its call, holding short names:
//! [`conversations::request_shared_invite::approve`] has `Request` (the arguments as a value,
//! for [`Client::call`], the CLI or a server), `Response`, `Error` (its documented codes),
//! `Call` (the fluent builder) and `METHOD` (its metadata: verb, encoding, tier, scopes,
//! constraints). [`METHODS`] lists every method's metadata.
//!
//! ## Pagination
//!
//! A paginated call's `.items()` is a [`Stream`](futures_util::Stream) of every item across
//! pages, following `next_cursor`, one page in memory at a time. [`Items::try_next`] and
//! [`Items::collect_all`] need no trait import; with `futures` in scope every stream adapter works.
//!
//! ## Errors
//!
//! A call fails with [`Error<E>`](Error), where `E` is the method's error enum: one variant per
//! documented code, plus `Unknown(code)`. [`Error::api_error`] gives the typed code to `match`
//! (with a wildcard arm: the enums are `non_exhaustive`), [`Error::code`] the wire code,
//! [`Error::is_retryable`] whether sending again later may succeed. Slack's `ok: false` body is
//! decoded into the typed error whatever the HTTP status (a 503 with `service_unavailable`
//! is [`Error::Api`], with the status kept). Printed with `{:#}` or walked through `source()`,
//! each fact appears once. The codes every method shares (`invalid_auth`, `ratelimited`, ...)
//! are also a [`CommonError`]: a method error's `common()` gives it, to handle them in one place.
//!
//! ```
//! # use slack_connect::prelude::*;
//! # use slack_connect::conversations::request_shared_invite::approve;
//! # use slack_connect_emulator::{seed, Emulator};
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let emulator = Emulator::start().await?;
//! # let client = Client::builder(seed::ACME_ADMIN_TOKEN).base_url(emulator.base_url()).build()?;
//! let error = client.conversations().request_shared_invite().approve("I0NOSUCH01").await.unwrap_err();
//! match error.api_error() {
//!     Some(approve::Error::InviteNotFound) => println!("already gone"),
//!     Some(other) if other.is_retryable() => println!("try again later"),
//!     _ => return Err(error.into()),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! ## Retries and throttling
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
//! caller can check the state before trying again. Redirects are never followed: a 3xx is
//! [`Error::Redirect`], not retried, since the server received the request. To avoid 429s in bulk jobs, enable the
//! proactive throttle: [`ClientBuilder::throttle`] with [`ThrottlePolicy::ByTier`], which paces
//! each method at its documented tier (from its metadata). Several processes spending one
//! workspace's budget share it through a [`store`] ([`ClientBuilder::throttle_store`]; Redis with
//! the `redis` feature).
//!
//! ## Runtime
//!
//! Calls are `async` and need a [tokio](https://tokio.rs) runtime (reqwest's). A [`Client`] is
//! cheap to clone and reuses its connections; share one per token.
//!
//! ## Testing against the emulator
//!
//! The `slack-connect-emulator` crate is an offline Slack for these methods, driven by the
//! same spec: `Emulator::start().await?` listens on loopback with seeded workspaces, tokens
//! and channels; point a client at `emulator.base_url()`. The examples above run against it.
//! Generated structs are `non_exhaustive`: build them with `new` (required fields) and the
//! setters, or decode them from JSON, in tests as in code.
//!
//! ## Security and logs
//!
//! [`Token`] never shows its secret in `Debug` or `Display`, and errors and logs never contain
//! it: every string a server supplies (error codes, `needed`/`provided`, messages, warnings, body
//! snippets, redirect locations) goes through [`redact_tokens`] before it is kept or shortened,
//! which cuts the client's token and anything shaped like a Slack token. The `tracing` span of each call (`slack_connect.call`:
//! method, attempt, HTTP status, retry wait) carries no token and no request body. A plain
//! `http` base URL is refused unless its host is loopback or [`ClientBuilder::allow_insecure_http`]
//! is set.
//!
//! A hostile or broken server cannot make a call hang or grow without bound: a response body is
//! read up to [`ClientBuilder::max_response_size`] (16 MiB by default, then
//! [`Error::ResponseTooLarge`]), and [`Items`] ends with [`Error::Pagination`] when a server sends
//! a cursor it sent before or [`client::MAX_CONSECUTIVE_EMPTY_PAGES`] empty pages in a row.
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
//! deliveries), `receiver` (an axum endpoint for them, with `signing`) and `socket-mode` (the
//! same handler over Socket Mode WebSockets, `slack_connect::socket_mode`) are features too.
//!
//! ## Receiving events
//!
//! `signing` verifies that an Events API delivery comes from Slack (the signing secret, the
//! five-minute window either way, a constant-time comparison); [`Delivery`] and [`Event`] then
//! decode the body and its `event` object. With the `receiver` cargo feature,
//! `slack_connect::receiver::Receiver` does all of it as an axum endpoint: it verifies the
//! signature before parsing, answers `url_verification`, acknowledges at once, runs your async
//! handler in the background once per `event_id` (Slack's retries are acknowledged, not run
//! again), and answers a bad body with a 4xx and a logged reason. `Receiver::serve` faces the
//! internet with read deadlines and a connection cap ([`runtime::ServerLimits`]), so clients
//! that trickle their request cannot hold it open or exhaust its file descriptors.
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
//! ## Releases: what is major, what is minor
//!
//! The crate follows SemVer as Cargo applies it, and Slack's additions are **minor** releases:
//! a new error code (a variant of a `non_exhaustive` enum), a new event type, a new response,
//! object or event field (`non_exhaustive` structs), a new optional argument (a setter), a new
//! method. **Major** releases are for what breaks code that compiles today: a removed method,
//! argument or field, a new *required* argument, a changed type, a field that becomes optional.
//! Each spec change's verdict is computed from the generated code (`cargo xtask spec-diff`).
//!
//! The [`runtime`] module holds the few hand-written pieces every generated method shares.
#![deny(missing_docs)]

// Generated code is formatted by the generator (prettyplease); rustfmt must not reformat it,
// or the drift check would see a difference.
#[rustfmt::skip]
pub mod generated;
pub mod client;
#[cfg(any(feature = "receiver", feature = "socket-mode"))]
pub mod events_handler;
mod objects_ext;
pub mod prelude;
#[cfg(feature = "receiver")]
pub mod receiver;
pub mod runtime;
#[cfg(feature = "server")]
pub mod server;
#[cfg(feature = "signing")]
pub mod signing;
#[cfg(feature = "socket-mode")]
pub mod socket_mode;
pub mod store;

pub use client::{redact_tokens, PaginationError};
pub use client::{
    AppToken, BuildError, CallFuture, Certificate, Client, ClientBuilder, DynamicError,
    DynamicErrorKind, Error, Items, JsonItems, NotAnAppToken, RetryPolicy, ThrottlePolicy, Token,
    TransportError,
};
pub use generated::*;
