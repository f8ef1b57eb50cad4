//! `--emulator`: the embedded emulator with its default world, for trying commands without a
//! Slack workspace. It lives as long as the command, so every command starts from the same
//! world; a few invite requests are seeded so the approval commands have something to act on.

use slack_connect_emulator::{seed, Emulator, NewInviteRequest};

use crate::exit::{say, Failure};

/// The token used in try-out mode unless one is given: Acme's bot token, installed by an admin.
pub const DEFAULT_TOKEN: &str = seed::ACME_BOT_TOKEN;

/// Invite requests seeded for the approval commands: channel, requesting member, recipient.
const SAMPLE_REQUESTS: &[(&str, &str, &str)] = &[
    (seed::ACME_PROJECT, seed::ACME_ALICE, "carol@globex.example"),
    (seed::ACME_PROJECT, seed::ACME_BOB, "dave@globex.example"),
    (seed::ACME_LAUNCH, seed::ACME_ALICE, "pat@example.com"),
];

/// Starts the emulator, seeds the sample invite requests, and describes both on stderr.
pub async fn start() -> Result<Emulator, Failure> {
    let emulator = Emulator::start()
        .await
        .map_err(|e| Failure::transport(format!("cannot start the emulator: {e}")))?;
    say(&format!(
        "emulator: {} (default world; it stops when this command ends)",
        emulator.base_url()
    ));
    say("emulator tokens:");
    for token in &emulator.world().tokens {
        let acts_for = token
            .team_id
            .as_deref()
            .or(token.enterprise_id.as_deref())
            .unwrap_or("?");
        let note = if token.token == DEFAULT_TOKEN {
            " (default)"
        } else {
            ""
        };
        say(&format!(
            "  {:<22} {:?} for {acts_for}, scopes: {}{}{note}",
            token.token,
            token.kind,
            token.scopes.join(","),
            if token.is_admin { ", admin" } else { "" }
        ));
    }
    let mut ids = Vec::new();
    for (channel, user, recipient) in SAMPLE_REQUESTS {
        let request = NewInviteRequest::by_email(channel, user, recipient);
        let id = emulator
            .create_invite_request(request)
            .map_err(|e| Failure::transport(format!("cannot seed the emulator: {e}")))?;
        ids.push(id);
    }
    say(&format!("emulator invite requests: {}", ids.join(", ")));
    Ok(emulator)
}
