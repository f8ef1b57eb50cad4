//! Why a request to control the emulator (not a Slack API call) was refused.

use std::fmt;

/// Why a control request was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ControlError {
    /// No such channel.
    UnknownChannel(String),
    /// No such user, or not a member of the channel's workspace.
    UnknownUser(String),
    /// Neither or both of `recipient_email` and `recipient_user_id`.
    RecipientRequired,
    /// Not one of the emulated methods.
    UnknownMethod(String),
    /// A fault with parameters that make no sense.
    InvalidFault(String),
    /// An event subscription whose request URL (or timeout) cannot be used.
    InvalidSubscription(String),
    /// An argument outside the emulator's [limits](crate::limits).
    OutOfRange {
        /// The argument, as named in the control request's JSON.
        argument: &'static str,
        /// What the bound is.
        why: String,
    },
    /// The emulator already holds as many of these as its [limits](crate::limits) allow.
    LimitReached {
        /// What is full, e.g. `invite requests`.
        what: &'static str,
        /// The bound.
        limit: usize,
    },
    /// A Socket Mode fault or command that cannot apply now (e.g. no connection is open).
    SocketMode(String),
}

impl ControlError {
    /// The argument the error is about, when it is about one.
    pub fn argument(&self) -> Option<&'static str> {
        match self {
            ControlError::OutOfRange { argument, .. } => Some(argument),
            _ => None,
        }
    }
}

impl fmt::Display for ControlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ControlError::UnknownChannel(id) => write!(f, "unknown channel {id}"),
            ControlError::UnknownUser(id) => {
                write!(f, "unknown user {id}, or not in the channel's workspace")
            }
            ControlError::RecipientRequired => {
                f.write_str("give exactly one of recipient_email and recipient_user_id")
            }
            ControlError::UnknownMethod(name) => write!(f, "unknown method {name}"),
            ControlError::InvalidFault(why) => write!(f, "invalid fault: {why}"),
            ControlError::InvalidSubscription(why) => {
                write!(f, "invalid event subscription: {why}")
            }
            ControlError::OutOfRange { argument, why } => {
                write!(f, "argument `{argument}` is out of range: {why}")
            }
            ControlError::LimitReached { what, limit } => {
                write!(f, "the emulator already holds {limit} {what}, its limit")
            }
            ControlError::SocketMode(why) => write!(f, "Socket Mode: {why}"),
        }
    }
}

impl std::error::Error for ControlError {}
