//! How an emulator is started: its world, port, how rate limits behave, and where events go.

use std::time::Duration;

use slack_connect::runtime::ServerLimits;

use crate::events::EventSubscription;
use crate::limits::StateLimits;
use crate::world::World;

/// Settings for [`Emulator::start_with`](crate::Emulator::start_with).
#[derive(Clone, Debug)]
pub struct EmulatorConfig {
    /// The seeded world.
    pub world: World,
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Whether tier rate limits apply.
    pub rate_limits: bool,
    /// How long an emulated second lasts in real time, for the emulator's running clock (rate-limit
    /// windows) and the waits between event delivery retries: 1.0 is real time, 0.01 makes a rate-limit minute (or the
    /// minute before a delivery's second retry) last 0.6 s so tests can wait for it.
    pub time_scale: f64,
    /// Where Events API events are delivered; `None` (the default) delivers none.
    pub events: Option<EventSubscription>,
    /// How many invites and invite requests the emulator holds at most.
    pub state_limits: StateLimits,
    /// Read deadlines and the connection cap of the HTTP server (the SDK's shared
    /// [`ServerLimits`]: 10 s for a request head, 10 s for a body, 512 connections).
    pub limits: ServerLimits,
    /// Socket Mode: emulated time after which Slack refreshes a connection (`warning`, then
    /// `refresh_requested`). Default: one hour.
    pub socket_lifetime: Duration,
    /// Socket Mode: ask for a refresh after every this many envelopes. Default: never.
    pub socket_refresh_every: Option<u32>,
}

impl Default for EmulatorConfig {
    /// The default world on a free port, with real-time rate limits.
    fn default() -> EmulatorConfig {
        EmulatorConfig {
            world: World::default(),
            port: 0,
            rate_limits: true,
            time_scale: 1.0,
            events: None,
            state_limits: StateLimits::default(),
            limits: ServerLimits::default(),
            socket_lifetime: Duration::from_secs(60 * 60),
            socket_refresh_every: None,
        }
    }
}

impl EmulatorConfig {
    /// Uses this world.
    #[must_use]
    pub fn world(mut self, world: World) -> EmulatorConfig {
        self.world = world;
        self
    }

    /// Listens on this port.
    #[must_use]
    pub fn port(mut self, port: u16) -> EmulatorConfig {
        self.port = port;
        self
    }

    /// Turns tier rate limits off, e.g. for load tests.
    #[must_use]
    pub fn without_rate_limits(mut self) -> EmulatorConfig {
        self.rate_limits = false;
        self
    }

    /// Scales emulated time for rate-limit windows (see [`EmulatorConfig::time_scale`]).
    #[must_use]
    pub fn time_scale(mut self, scale: f64) -> EmulatorConfig {
        self.time_scale = scale;
        self
    }

    /// Delivers Events API events to `subscription` (see [`EventSubscription`]).
    #[must_use]
    pub fn events(mut self, subscription: EventSubscription) -> EmulatorConfig {
        self.events = Some(subscription);
        self
    }

    /// Holds at most this many invites and invite requests (see [`StateLimits`]).
    #[must_use]
    pub fn state_limits(mut self, limits: StateLimits) -> EmulatorConfig {
        self.state_limits = limits;
        self
    }

    /// Serves with these read deadlines and connection cap (see [`ServerLimits`]).
    #[must_use]
    pub fn limits(mut self, limits: ServerLimits) -> EmulatorConfig {
        self.limits = limits;
        self
    }

    /// Refreshes each Socket Mode connection after `lifetime` of emulated time.
    #[must_use]
    pub fn socket_lifetime(mut self, lifetime: Duration) -> EmulatorConfig {
        self.socket_lifetime = lifetime;
        self
    }

    /// Asks for a Socket Mode refresh after every `envelopes` envelopes (first deliveries).
    #[must_use]
    pub fn socket_refresh_every(mut self, envelopes: u32) -> EmulatorConfig {
        self.socket_refresh_every = Some(envelopes).filter(|n| *n > 0);
        self
    }

    /// The time scale, or 1.0 if it is not a positive number.
    pub(crate) fn scale(&self) -> f64 {
        if self.time_scale.is_finite() && self.time_scale > 0.0 {
            self.time_scale
        } else {
            1.0
        }
    }

    /// How long an emulated second lasts, for the waits between delivery retries.
    pub(crate) fn emulated_second(&self) -> Duration {
        Duration::from_secs_f64(self.scale().min(1e6))
    }
}
