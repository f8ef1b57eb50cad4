//! The emulator's mutable state: the world, the clock, invites and invite requests.
//!
//! All of it sits behind one mutex ([`Shared`]); every API call holds the lock for its whole
//! check-then-change, so racing calls see each other's effects in some order and none is lost.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use slack_connect::objects::Authorization;
use slack_connect::{ChannelId, EnterpriseId, Event, EventCallback, InviteId, TeamId, UserId};

use crate::limits::StateLimits;
use crate::model::{Invite, InviteRequest, PrefOverride, Recipient};
use crate::world::{TokenKind, World};

/// The app ID of the one app the emulator delivers events for.
pub const APP_ID: &str = "A0EMULATOR1";

/// The emulator's clock, shared by the state, the rate limiter and the event deliveries.
///
/// It has two readings. [`Clock::now`] is Unix time plus what tests advanced: records carry it and
/// deliveries are signed with it, so it stays close to the wall clock a receiver checks
/// signatures against. [`Clock::elapsed`] is the emulator's running time, scaled: with a time
/// scale of 1/60 an emulated minute passes in one real second, so rate-limit windows can be
/// waited out in tests. Advancing the clock moves both.
#[derive(Debug)]
pub(crate) struct Clock {
    offset_nanos: AtomicU64,
    /// How long an emulated second lasts in real seconds.
    scale: f64,
    started: Instant,
}

impl Clock {
    /// A clock whose emulated second lasts `scale` real seconds (1.0: real time); a scale that
    /// is not a positive number counts as 1.0.
    pub fn new(scale: f64) -> Clock {
        Clock {
            offset_nanos: AtomicU64::new(0),
            scale: if scale.is_finite() && scale > 0.0 {
                scale
            } else {
                1.0
            },
            started: Instant::now(),
        }
    }

    /// Emulated time since the emulator started: real time divided by the scale, plus what
    /// tests advanced. It never goes back.
    pub fn elapsed(&self) -> Duration {
        let real = self.started.elapsed().as_secs_f64() / self.scale;
        Duration::from_secs_f64(real.min(1e12)) + self.offset()
    }

    /// How long `emulated` lasts in real time.
    pub fn real(&self, emulated: Duration) -> Duration {
        Duration::from_secs_f64((emulated.as_secs_f64() * self.scale).min(1e12))
    }

    fn offset(&self) -> Duration {
        Duration::from_nanos(self.offset_nanos.load(Ordering::Relaxed))
    }

    /// The emulator's time in Unix seconds.
    pub fn now(&self) -> i64 {
        let real = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        i64::try_from((real + self.offset()).as_secs()).unwrap_or(i64::MAX)
    }

    pub fn advance(&self, by: Duration) {
        let by = u64::try_from(by.as_nanos()).unwrap_or(u64::MAX);
        let _ = self
            .offset_nanos
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |offset| {
                Some(offset.saturating_add(by))
            });
    }
}

/// How long an invite or an invite request stays valid (Slack's examples show 14 days).
pub(crate) const VALIDITY_SECONDS: i64 = 14 * 24 * 60 * 60;

/// Everything an API call may read or change.
#[derive(Debug)]
pub(crate) struct State {
    pub world: World,
    /// Real time plus how far tests have moved it.
    pub clock: Arc<Clock>,
    next_id: u64,
    next_event: u64,
    /// Whether an event subscription is set: only then do state changes queue events.
    pub emitting: bool,
    /// Whether the app has opened Socket Mode connections: events go over them then.
    pub socket_mode: bool,
    /// Where Socket Mode connects (`ws://127.0.0.1:PORT/link/`), once the server is bound.
    pub socket_link: String,
    /// Unused connection tickets handed out by `apps.connections.open`.
    pub socket_tickets: std::collections::BTreeSet<String>,
    /// Events queued by the change in progress, sent once the lock is released.
    outbox: Vec<EventCallback>,
    /// Invites by ID; IDs sort in creation order.
    pub invites: BTreeMap<InviteId, Invite>,
    /// Invite requests by ID; IDs sort in creation order.
    pub requests: BTreeMap<InviteId, InviteRequest>,
    /// How many invites and invite requests may be held.
    pub limits: StateLimits,
    /// Slack Connect preference overrides, by (organization, external organization), then by
    /// preference name.
    pub prefs: BTreeMap<(String, String), BTreeMap<String, PrefOverride>>,
    /// Organizations disconnected with `team.externalTeams.disconnect`, by (organization,
    /// external organization): when.
    pub org_disconnects: BTreeMap<(String, String), i64>,
}

impl State {
    pub fn new(world: World, clock: Arc<Clock>, limits: StateLimits) -> State {
        State {
            limits,
            world,
            clock,
            next_id: 0,
            next_event: 0,
            emitting: false,
            socket_mode: false,
            socket_link: String::new(),
            socket_tickets: std::collections::BTreeSet::new(),
            outbox: Vec::new(),
            invites: BTreeMap::new(),
            requests: BTreeMap::new(),
            prefs: BTreeMap::new(),
            org_disconnects: BTreeMap::new(),
        }
    }

    /// The emulator's time in Unix seconds: real time plus what tests advanced.
    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    pub fn advance_clock(&mut self, by: Duration) {
        self.clock.advance(by);
    }

    /// Queues an Events API delivery of `event` to the app's installation in workspace `team`,
    /// if events are on and the app (a bot token) is installed there. `build` makes the event
    /// with the delivery's `event_ts`; it runs only when the event will be sent.
    pub fn emit(&mut self, team: &TeamId, build: impl FnOnce(&State, String) -> Event) {
        if !self.emitting && !self.socket_mode {
            return;
        }
        let Some(installation) = self.installation(team) else {
            return;
        };
        self.next_event += 1;
        let now = self.now();
        let event = build(self, format!("{now}.{:06}", self.next_event));
        let enterprise = self.world.team(team).and_then(|t| t.enterprise_id.clone());
        let is_ext_shared_channel = matches!(
            &event,
            Event::SharedChannelInviteAccepted(_)
                | Event::SharedChannelInviteApproved(_)
                | Event::SharedChannelInviteDeclined(_)
        );
        let mut delivery = EventCallback::new(
            team,
            APP_ID,
            Box::new(event),
            format!("Ev{:09X}", self.next_event),
            now,
        )
        .authorizations(vec![installation])
        .is_ext_shared_channel(is_ext_shared_channel)
        .context_team_id(team);
        delivery.context_enterprise_id = enterprise.as_deref().map(EnterpriseId::new);
        self.outbox.push(delivery);
    }

    /// A single-use Socket Mode URL, and Socket Mode on from now on.
    pub fn new_socket_url(&mut self) -> String {
        self.socket_mode = true;
        let nonce = self.next_nonce();
        let ticket = format!(
            "{:016x}{:08x}",
            nonce.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ self.clock.elapsed().as_nanos() as u64,
            nonce
        );
        self.socket_tickets.insert(ticket.clone());
        format!("{}?ticket={ticket}&app_id={APP_ID}", self.socket_link)
    }

    /// Uses up a ticket; `false` if it was never handed out or already used.
    pub fn take_socket_ticket(&mut self, ticket: &str) -> bool {
        self.socket_tickets.remove(ticket)
    }

    /// A number used once, e.g. for a `url_verification` challenge.
    pub fn next_nonce(&mut self) -> u64 {
        self.next_event += 1;
        self.next_event
    }

    /// The events queued since the last call.
    pub fn take_outbox(&mut self) -> Vec<EventCallback> {
        std::mem::take(&mut self.outbox)
    }

    /// The app's installation in `team`: its workspace bot token, else an org-level bot token of
    /// its organization.
    fn installation(&self, team: &TeamId) -> Option<Authorization> {
        let enterprise = self.world.team(team)?.enterprise_id.clone();
        let bots = || {
            self.world
                .tokens
                .iter()
                .filter(|t| t.kind == TokenKind::Bot)
        };
        let (token, org_level) = match bots().find(|t| t.team_id.as_deref() == Some(team.as_str()))
        {
            Some(token) => (token, false),
            None => (
                bots().find(|t| {
                    t.team_id.is_none() && enterprise.is_some() && t.enterprise_id == enterprise
                })?,
                true,
            ),
        };
        let mut authorization = Authorization::new()
            .team_id(team)
            .user_id(UserId::new(&token.user_id))
            .is_bot(true)
            .is_enterprise_install(org_level);
        authorization.enterprise_id = enterprise.as_deref().map(EnterpriseId::new);
        Some(authorization)
    }

    /// A fresh invite ID. Invites and invite requests share one sequence because an approved
    /// request becomes an invite with the same ID. Fixed width keeps string order = creation order.
    pub fn next_invite_id(&mut self) -> InviteId {
        self.next_id += 1;
        InviteId::new(format!("I0{:09X}", self.next_id))
    }

    /// Whether `name` is already a channel name in workspace `team`, either a channel of its own or
    /// a shared channel it accepted under that name.
    pub fn name_taken(&self, team: &TeamId, name: &str) -> bool {
        let own = self
            .world
            .channels
            .iter()
            .any(|c| c.team_id == team.as_str() && c.name == name);
        let accepted = self.invites.values().any(|invite| {
            invite.outcome != crate::model::Outcome::Declined
                && invite
                    .acceptance
                    .as_ref()
                    .is_some_and(|a| a.team == *team && a.channel_name == name)
        });
        own || accepted
    }

    /// The workspace a recipient belongs to, when the world knows them.
    pub fn recipient_team(&self, recipient: &Recipient) -> Option<TeamId> {
        let user = match recipient {
            Recipient::User(id) => self.world.user(id),
            Recipient::Email(email) => self.world.user_by_email(email),
        };
        user.map(|u| TeamId::new(&u.team_id))
    }

    /// Workspaces a channel is shared with (invites approved by every side).
    pub fn connections(&self, channel_id: &ChannelId) -> Vec<TeamId> {
        self.invites
            .values()
            .filter(|i| {
                i.channel_id == *channel_id
                    && i.outcome == crate::model::Outcome::Approved
                    && i.disconnected.is_none()
            })
            .filter_map(|i| i.acceptance.as_ref().map(|a| a.team.clone()))
            .collect()
    }
}

/// The state shared by the server's tasks and the handle.
#[derive(Debug)]
pub(crate) struct Shared(Mutex<State>);

impl Shared {
    pub fn new(world: World, clock: Arc<Clock>, limits: StateLimits) -> Shared {
        Shared(Mutex::new(State::new(world, clock, limits)))
    }

    /// Locks the state. A panic while holding the lock cannot leave it half-changed in a way
    /// later calls must not see (each call validates before it mutates), so poisoning is ignored.
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
