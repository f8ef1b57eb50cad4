//! The whole Slack Connect lifecycle through the SDK, offline, against the embedded emulator:
//!
//! ```sh
//! cargo run --example quickstart
//! ```
//!
//! Acme shares a channel with Globex, Globex accepts, Acme's admin approves; then Acme's admin
//! reviews the requests its members made to invite outsiders: approves one, denies one with a
//! message, and handles the typed error of approving a denied request.

use futures_util::TryStreamExt;
use slack_connect::{
    ApproveMessage, Client, ConversationsAcceptSharedInviteRequest,
    ConversationsApproveSharedInviteRequest, ConversationsInviteSharedRecipient as Recipient,
    ConversationsInviteSharedRequest, ConversationsListConnectInvitesRequest,
    ConversationsRequestSharedInviteApproveError as ApproveError,
    ConversationsRequestSharedInviteApproveRequest, ConversationsRequestSharedInviteDenyRequest,
    ConversationsRequestSharedInviteListRequest, Error,
};
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
            ConversationsInviteSharedRequest::new(seed::ACME_PROJECT)
                .recipient(Recipient::UserId(seed::GLOBEX_CAROL.into()))
                .external_limited(false),
        )
        .await?;
    println!(
        "Acme's app invites Carol from Globex to #project-x: invite {}.",
        invite.invite_id
    );

    // 2. Globex accepts it, naming the channel on its side.
    let accepted = globex
        .conversations()
        .accept_shared_invite(
            ConversationsAcceptSharedInviteRequest::new("acme-project-x")
                .invite_id(invite.invite_id.clone()),
        )
        .await?;
    println!(
        "Globex accepts it as #acme-project-x ({}); approved implicitly on Globex's side: {}.",
        accepted.channel_id,
        accepted.implicit_approval.unwrap_or(false)
    );

    // 3. Acme requires an admin's approval: the invite waits in Acme's list until then.
    let pending = acme
        .conversations()
        .list_connect_invites(ConversationsListConnectInvitesRequest::new())
        .await?;
    println!(
        "Acme has {} shared-channel invite(s) awaiting approval.",
        pending.invites.len()
    );
    acme.conversations()
        .approve_shared_invite(
            // The inviting side names the other party.
            ConversationsApproveSharedInviteRequest::new(invite.invite_id.clone())
                .target_team(seed::GLOBEX_TEAM),
        )
        .await?;
    println!("Acme's admin approves it: #project-x is now shared with Globex.\n");

    // 4. Acme members ask to invite outsiders; admins review the requests.
    let to_dave =
        NewInviteRequest::by_email(seed::ACME_PROJECT, seed::ACME_ALICE, "dave@globex.example")
            .message("Dave runs Globex's launch.");
    let to_eve = NewInviteRequest::by_email(seed::ACME_LAUNCH, seed::ACME_BOB, "eve@rival.example");
    emulator.create_invite_request(to_dave)?;
    emulator.create_invite_request(to_eve)?;
    let requests: Vec<_> = acme
        .conversations()
        .request_shared_invite()
        .list_stream(ConversationsRequestSharedInviteListRequest::new().limit(100))
        .try_collect()
        .await?;
    println!(
        "Acme's members have {} pending request(s) to invite outsiders:",
        requests.len()
    );
    for request in &requests {
        let id = request.id.as_ref().map(|id| id.as_str()).unwrap_or("?");
        let who = request
            .target_user
            .as_ref()
            .and_then(|t| t.recipient_email.as_deref())
            .unwrap_or("?");
        let by = request
            .inviting_user
            .as_ref()
            .and_then(|u| u.name.as_deref())
            .unwrap_or("?");
        println!("  - {id}: {by} wants to invite {who}");
    }
    let (Some(first), Some(second)) = (requests.first(), requests.get(1)) else {
        return Err("expected two pending requests".into());
    };
    let (dave_request, eve_request) = (
        first.id.clone().ok_or("no id")?,
        second.id.clone().ok_or("no id")?,
    );

    // 5. Approve Dave's, with a note appended to Alice's message; deny Eve's, saying why.
    let approved = acme
        .conversations()
        .request_shared_invite()
        .approve(
            ConversationsRequestSharedInviteApproveRequest::new(dave_request)
                .message(ApproveMessage::new("Welcome aboard!", false)),
        )
        .await?;
    println!(
        "\nThe admin approves the request for Dave: invite {} is on its way.",
        approved.invite_id
    );
    acme.conversations()
        .request_shared_invite()
        .deny(
            ConversationsRequestSharedInviteDenyRequest::new(eve_request.clone())
                .message("Not with competitors."),
        )
        .await?;
    println!("The admin denies the request for Eve: \"Not with competitors.\"");

    // 6. Approving Eve's request now fails with a typed error, matched exhaustively.
    let again = acme
        .conversations()
        .request_shared_invite()
        .approve(ConversationsRequestSharedInviteApproveRequest::new(
            eve_request,
        ))
        .await;
    match again {
        Ok(_) => println!("Unexpectedly, the denied request was approved."),
        Err(Error::Api { failure, .. }) => match failure.error {
            ApproveError::InviteAlreadyDenied => {
                println!("A second admin tries to approve Eve's request; Slack says `invite_already_denied`, so it stays denied.")
            }
            ApproveError::InviteAlreadyApproved => println!("Someone approved it first."),
            ApproveError::InviteExpired => {
                println!("The request expired before anyone looked at it.")
            }
            ApproveError::Ratelimited => println!("Slow down and try again later."),
            other => println!("Slack refused: {other}"),
        },
        Err(other) => return Err(other.into()),
    }

    emulator.shutdown().await;
    println!("\nThe emulator shuts down. That is the whole lifecycle.");
    Ok(())
}
