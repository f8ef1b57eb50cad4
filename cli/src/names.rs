//! Command-line spellings of Slack's names: kebab case for commands and flags, so that the
//! spec's wire names map to the command line by rule rather than by a hand-written table.

/// `requestSharedInvite` -> `request-shared-invite`, `include_denied` -> `include-denied`.
pub fn kebab(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c == '_' {
            out.push('-');
        } else if c.is_ascii_uppercase() {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The subcommand path of a wire name: `conversations.requestSharedInvite.list` ->
/// `["conversations", "request-shared-invite", "list"]`.
pub fn command_path(method: &str) -> Vec<String> {
    method.split('.').map(kebab).collect()
}

/// The singular of a plural argument name (`emails` -> `email`, `user_ids` -> `user_id`), used
/// as an alias for repeatable flags; `None` when the name is not a plain plural.
pub fn singular(name: &str) -> Option<&str> {
    let stem = name.strip_suffix('s')?;
    (!stem.is_empty() && !stem.ends_with('s')).then_some(stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kebab_cases_camel_and_snake_names() {
        assert_eq!(kebab("requestSharedInvite"), "request-shared-invite");
        assert_eq!(kebab("include_denied"), "include-denied");
        assert_eq!(kebab("conversations"), "conversations");
        assert_eq!(
            command_path("conversations.inviteShared"),
            ["conversations", "invite-shared"]
        );
    }

    #[test]
    fn singular_only_for_plain_plurals() {
        assert_eq!(singular("emails"), Some("email"));
        assert_eq!(singular("user_ids"), Some("user_id"));
        assert_eq!(singular("address"), None);
        assert_eq!(singular("s"), None);
        assert_eq!(singular("limit"), None);
    }
}
