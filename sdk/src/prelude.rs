//! What a typical program needs, in one import: `use slack_connect::prelude::*;`.
//!
//! The client and its error, the method families (`conversations::request_shared_invite::approve`
//! and so on, for their `Error` enums), the ID types and the objects passed as arguments.

pub use crate::client::{Client, Error, Items, RetryPolicy, ThrottlePolicy};
pub use crate::generated::families::*;
pub use crate::generated::ids::*;
pub use crate::generated::objects::{ApproveMessage, InviteRequest};
pub use crate::generated::{Event, EventCallback};
