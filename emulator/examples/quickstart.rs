//! The whole Slack Connect lifecycle through the SDK, offline, against the embedded emulator:
//!
//! ```sh
//! cargo run --example quickstart
//! ```
//!
//! Acme shares a channel with Globex, Globex accepts, Acme's admin approves; then Acme's admin
//! reviews the requests its members made to invite outsiders: approves one, denies one with a
//! message, and handles the typed error of approving a denied request.

use slack_connect::conversations::invite_shared::Recipient;
use slack_connect::conversations::request_shared_invite::approve;
use slack_connect::prelude::*;
use slack_connect_emulator::{seed, Emulator, NewInviteRequest};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let emulator = Emulator::start().await?;
    println!(
        "An offline Slack is listening at {}.\n",
        emulator.base_url()
    );
    let acme = Client::builder(seed::ACME_BOT_TOKEN)
        .base_url(emulator.base_url())
        .build()?;
    let globex = Client::builder(seed::GLOBEX_BOT_TOKEN)
        .base_url(emulator.base_url())
        .build()?;

    // 1. Acme invites Carol, at Globex, to #project-x.
    let invite = acme
        .conversations()
        .invite_shared(
            seed::ACME_PROJECT,
            Recipient::UserId(seed::GLOBEX_CAROL.into()),
        )
        .external_limited(false)
        .await?;
    println!(
        "Acme's app invites Carol from Globex to #project-x: invite {}.",
        invite.invite_id
    );

    // 2. Globex accepts it, naming the channel on its side.
    let accepted = globex
        .conversations()
        .accept_shared_invite("acme-project-x")
        .invite_id(&invite.invite_id)
        .await?;
    println!(
        "Globex accepts it as #acme-project-x ({}); approved implicitly on Globex's side: {}.",
        accepted.channel_id, accepted.implicit_approval
    );

    // 3. Acme requires an admin's approval: the invite waits in Acme's list until then.
    let pending = acme.conversations().list_connect_invites().await?;
    println!(
        "Acme has {} shared-channel invite(s) awaiting approval.",
        pending.invites.len()
    );
    acme.conversations()
        .approve_shared_invite(&invite.invite_id)
        .target_team(seed::GLOBEX_TEAM) // the inviting side names the other party
        .await?;
    println!("Acme's admin approves it: #project-x is now shared with Globex.\n");

    // 4. Acme members ask to invite outsiders; admins review the requests.
    let to_dave =
        NewInviteRequest::by_email(seed::ACME_PROJECT, seed::ACME_ALICE, "dave@globex.example")
            .message("Dave runs Globex's launch.");
    let to_eve = NewInviteRequest::by_email(seed::ACME_LAUNCH, seed::ACME_BOB, "eve@rival.example");
    emulator.create_invite_request(to_dave)?;
    emulator.create_invite_request(to_eve)?;
    let admin = acme.conversations().request_shared_invite();
    let requests = admin.list().limit(100).items().collect_all().await?;
    println!(
        "Acme's members have {} pending request(s) to invite outsiders:",
        requests.len()
    );
    for request in &requests {
        let who = request.invited_email().unwrap_or("?");
        let by = request.inviting_user.name.as_deref().unwrap_or("?");
        println!("  - {}: {by} wants to invite {who}", request.id);
    }
    let [dave_request, eve_request] = &requests[..] else {
        return Err("expected two pending requests".into());
    };

    // 5. Approve Dave's, with a note appended to Alice's message; deny Eve's, saying why.
    let approved = admin
        .approve(&dave_request.id)
        .message(ApproveMessage::append("Welcome aboard!"))
        .await?;
    println!(
        "\nThe admin approves the request for Dave: invite {} is on its way.",
        approved.invite_id
    );
    admin
        .deny(&eve_request.id)
        .message("Not with competitors.")
        .await?;
    println!("The admin denies the request for Eve: \"Not with competitors.\"");

    // 6. Approving Eve's request now fails with a typed error.
    match admin.approve(&eve_request.id).await {
        Ok(_) => println!("Unexpectedly, the denied request was approved."),
        Err(error) => match error.api_error() {
            Some(approve::Error::InviteAlreadyDenied) => {
                println!("A second admin tries to approve Eve's request; Slack says `invite_already_denied`, so it stays denied.")
            }
            Some(approve::Error::InviteAlreadyApproved) => println!("Someone approved it first."),
            Some(approve::Error::InviteExpired) => {
                println!("The request expired before anyone looked at it.")
            }
            Some(other) if other.is_retryable() => println!("Slow down and try again later."),
            _ => return Err(error.into()),
        },
    }

    emulator.shutdown().await;
    println!("\nThe emulator shuts down. That is the whole lifecycle.");
    Ok(())
}
