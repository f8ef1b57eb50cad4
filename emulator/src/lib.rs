//! An offline emulator of Slack's Slack Connect invite API, for testing clients without Slack.
//!
//! It is a stateful HTTP server on 127.0.0.1 that answers the spec's methods (the eight
//! `conversations.*SharedInvite*` invite methods and the five that list, change and remove the
//! connections they make) as Slack documents them. Arguments, validation, error
//! codes and response shapes all come from the `slack-connect` crate, which is generated from the
//! spec: requests are parsed with its form decoder and generated request types, checked with their
//! `validate()`, and answered with its generated response structs and error enums, so the
//! emulator cannot drift from the spec or emit an undocumented code.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use slack_connect_emulator::{seed, Emulator};
//!
//! let emulator = Emulator::start().await?;
//! let url = format!("{}conversations.inviteShared", emulator.base_url());
//! // POST `channel=C0PROJECT1&emails=pat@example.com` with
//! // `Authorization: Bearer xoxb-acme-bot` (seed::ACME_BOT_TOKEN) to `url`.
//! # let _ = (url, seed::ACME_BOT_TOKEN);
//! emulator.shutdown().await;
//! # Ok(())
//! # }
//! ```
//!
//! Beyond the API, tests control the emulator through [`Emulator`] (or `/emulator/...` HTTP
//! endpoints, see `control_routes`): create invite requests, inject [`Fault`]s, move the clock.
//!
//! Given an [`EventSubscription`] (a request URL and a signing secret), the emulator also
//! delivers the `shared_channel_invite_*` Events API events as its state changes, signed and
//! retried as Slack does; see [`Emulator::subscribe_events`] and [`DeliveryReport`].
#![deny(missing_docs)]

mod auth;
mod config;
mod context;
mod control;
mod control_error;
mod control_routes;
mod cursor;
mod delivery;
mod events;
mod faults;
pub mod limits;
mod listener;
mod methods;
mod model;
mod multipart;
mod ratelimit;
mod render;
mod reply;
pub mod seed;
mod server;
mod socket_hub;
mod socket_link;
mod state;
mod transport;
pub mod world;

pub use config::EmulatorConfig;
pub use control::{ControlError, NewInviteRequest};
pub use delivery::{DeliveryAttempt, DeliveryOutcome, DeliveryReport};
pub use events::{EventSubscription, DEFAULT_ACK_TIMEOUT};
pub use faults::Fault;
pub use limits::StateLimits;
pub use server::Emulator;
pub use socket_hub::{SocketFault, SocketModeReport, MAX_SOCKET_CONNECTIONS};
pub use state::APP_ID;
pub use world::World;
