//! Triage every pending invite request: approve those whose email domain is on an allow-list,
//! deny the rest with a reason, and report what Slack refused.
//!
//! ```sh
//! cargo run --example triage                       # offline, against the bundled emulator
//! SLACK_TOKEN=xoxb-... cargo run --example triage  # against Slack
//! ```

use slack_connect::conversations::request_shared_invite::approve;
use slack_connect::prelude::*;
use slack_connect_emulator::{seed, Emulator, NewInviteRequest};

const ALLOWED: &[&str] = &["globex.example", "initech.example"];

/// The job proper: approve requests to invite allowed partners, deny the rest with a reason.
pub async fn triage(client: &Client) -> Result<(), Box<dyn std::error::Error>> {
    let admin = client.conversations().request_shared_invite();
    let pending = admin.list().limit(200).items().collect_all().await?;
    for request in &pending {
        let email = request.invited_email().unwrap_or_default();
        let domain = email.rsplit_once('@').map_or("", |(_, domain)| domain);
        if ALLOWED.contains(&domain) {
            match admin.approve(&request.id).await {
                Ok(approved) => println!("approved {email}: invite {}", approved.invite_id),
                Err(e) if matches!(e.api_error(), Some(approve::Error::InviteAlreadyApproved)) => {}
                Err(e) => eprintln!("{}: {e:#}", request.id),
            }
        } else {
            let reason = format!("{domain} is not an approved partner");
            match admin.deny(&request.id).message(reason).await {
                Ok(_) => println!("denied {email}"),
                Err(e) if e.is_retryable() => eprintln!("{}: try again later", request.id),
                Err(e) => eprintln!("{}: {e:#}", request.id),
            }
        }
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    if let Ok(token) = std::env::var("SLACK_TOKEN") {
        return triage(&Client::new(token)?).await;
    }
    // Offline: three requests in the emulator, made by Alice for #project-x.
    let emulator = Emulator::start().await?;
    for email in [
        "dave@globex.example",
        "eve@rival.example",
        "ivy@initech.example",
    ] {
        let request = NewInviteRequest::by_email(seed::ACME_PROJECT, seed::ACME_ALICE, email);
        emulator.create_invite_request(request)?;
    }
    let client = Client::builder(seed::ACME_ADMIN_TOKEN)
        .base_url(emulator.base_url())
        .build()?;
    triage(&client).await?;
    emulator.shutdown().await;
    Ok(())
}
