//! The triage example (`emulator/examples/triage.rs`) against the emulator: every pending request is
//! decided by the allow-list, across pages, and a second run finds nothing left to decide.

#[allow(dead_code)]
#[path = "../../emulator/examples/triage.rs"]
mod triage;

use slack_connect::prelude::*;
use slack_connect_emulator::{seed, Emulator, EmulatorConfig, NewInviteRequest};

#[tokio::test]
async fn triage_approves_allowed_domains_and_denies_the_rest_across_pages() {
    // Hundreds of approvals would wait out Tier 2's 20 a minute; the limits have their own tests.
    let config = EmulatorConfig::default().without_rate_limits();
    let emulator = Emulator::start_with(config).await.unwrap();
    // More requests than one page of the example's `limit(200)` would need: 205 in all.
    let mut expected = std::collections::BTreeMap::new();
    for i in 0..205 {
        let email = match i % 3 {
            0 => format!("p{i}@globex.example"),
            1 => format!("p{i}@initech.example"),
            _ => format!("p{i}@rival.example"),
        };
        let request = NewInviteRequest::by_email(seed::ACME_PROJECT, seed::ACME_ALICE, &email);
        let id = emulator.create_invite_request(request).unwrap();
        expected.insert(id, !email.ends_with("@rival.example"));
    }
    let client = Client::builder(seed::ACME_ADMIN_TOKEN)
        .base_url(emulator.base_url())
        .build()
        .unwrap();
    triage::triage(&client).await.unwrap();

    let admin = client.conversations().request_shared_invite();
    let decided = admin
        .list()
        .include_approved(true)
        .include_denied(true)
        .items()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(decided.len(), expected.len());
    for request in &decided {
        let approved = request.date_denied.is_none() && request.reviewing_user.is_some();
        let denied = request.date_denied.is_some();
        assert_eq!(
            (approved, denied),
            (
                expected[request.id.as_str()],
                !expected[request.id.as_str()]
            ),
            "{} ({:?})",
            request.id,
            request.invited_email()
        );
    }
    // Nothing is pending any more, so a second run has nothing to do.
    assert!(admin.list().items().collect_all().await.unwrap().is_empty());
    triage::triage(&client).await.unwrap();
    emulator.shutdown().await;
}
