//! The emulator's mutable state: the world, the clock, invites and invite requests.
//!
//! All of it sits behind one mutex ([`Shared`]); every API call holds the lock for its whole
//! check-then-change, so racing calls see each other's effects in some order and none is lost.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::model::{Invite, InviteRequest};
use crate::world::World;

/// How long an invite or an invite request stays valid (Slack's examples show 14 days).
pub(crate) const VALIDITY_SECONDS: i64 = 14 * 24 * 60 * 60;

/// Everything an API call may read or change.
#[derive(Debug)]
pub(crate) struct State {
    pub world: World,
    /// How far tests have moved the clock ahead of real time.
    clock_offset: Duration,
    next_id: u64,
    /// Invites by ID; IDs sort in creation order.
    pub invites: BTreeMap<String, Invite>,
    /// Invite requests by ID; IDs sort in creation order.
    pub requests: BTreeMap<String, InviteRequest>,
}

impl State {
    pub fn new(world: World) -> State {
        State {
            world,
            clock_offset: Duration::ZERO,
            next_id: 0,
            invites: BTreeMap::new(),
            requests: BTreeMap::new(),
        }
    }

    /// The emulator's time in Unix seconds: real time plus what tests advanced.
    pub fn now(&self) -> i64 {
        let real = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        i64::try_from((real + self.clock_offset).as_secs()).unwrap_or(i64::MAX)
    }

    pub fn advance_clock(&mut self, by: Duration) {
        self.clock_offset = self.clock_offset.saturating_add(by);
    }

    /// A fresh invite ID. Invites and invite requests share one sequence because an approved
    /// request becomes an invite with the same ID. Fixed width keeps string order = creation order.
    pub fn next_invite_id(&mut self) -> String {
        self.next_id += 1;
        format!("I0{:09X}", self.next_id)
    }

    /// Whether `name` is already a channel name in workspace `team`, either a channel of its own or
    /// a shared channel it accepted under that name.
    pub fn name_taken(&self, team: &str, name: &str) -> bool {
        let own = self
            .world
            .channels
            .iter()
            .any(|c| c.team_id == team && c.name == name);
        let accepted = self.invites.values().any(|invite| {
            invite.outcome != crate::model::Outcome::Declined
                && invite
                    .acceptance
                    .as_ref()
                    .is_some_and(|a| a.team == team && a.channel_name == name)
        });
        own || accepted
    }

    /// Workspaces a channel is shared with (invites approved by every side).
    pub fn connections(&self, channel_id: &str) -> Vec<String> {
        self.invites
            .values()
            .filter(|i| i.channel_id == channel_id && i.outcome == crate::model::Outcome::Approved)
            .filter_map(|i| i.acceptance.as_ref().map(|a| a.team.clone()))
            .collect()
    }
}

/// The state shared by the server's tasks and the handle.
#[derive(Debug)]
pub(crate) struct Shared(Mutex<State>);

impl Shared {
    pub fn new(world: World) -> Shared {
        Shared(Mutex::new(State::new(world)))
    }

    /// Locks the state. A panic while holding the lock cannot leave it half-changed in a way
    /// later calls must not see (each call validates before it mutates), so poisoning is ignored.
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
