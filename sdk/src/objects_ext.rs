//! Hand-written conveniences on generated objects, where Slack spreads one idea over fields
//! whose meaning a name says better than a value: the fields themselves stay as generated.

use crate::generated::objects::{ApproveMessage, InviteRequest};
use crate::generated::UserId;

impl ApproveMessage {
    /// A message appended to the requester's own message on the invitation
    /// (`is_override: false`). Slack counts both together against the 560-character limit
    /// (`message_too_long`).
    pub fn append(text: impl Into<String>) -> Self {
        Self::new(text, false)
    }

    /// A message replacing the requester's own message on the invitation (`is_override: true`).
    pub fn replace(text: impl Into<String>) -> Self {
        Self::new(text, true)
    }
}

impl InviteRequest {
    /// The email address the request invites: `target_user.recipient_email`, or the top-level
    /// copy Slack also sends (`recipient_email`) when the target has none.
    pub fn invited_email(&self) -> Option<&str> {
        self.target_user
            .recipient_email
            .as_deref()
            .or(self.recipient_email.as_deref())
    }

    /// The user the request invites, when Slack knows their ID (`target_user.recipient_user_id`).
    pub fn invited_user_id(&self) -> Option<&UserId> {
        self.target_user.recipient_user_id.as_ref()
    }
}
