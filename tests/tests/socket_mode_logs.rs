//! What Socket Mode writes to the log, captured at `TRACE` level: malformed frames and envelope
//! types the SDK does not model are logged and skipped (never a panic), a half-open connection
//! is logged when replaced, and neither the app-level token nor a connection URL's ticket
//! appears in any log line, error or `Debug` output.
//!
//! The runtime is single-threaded so every task (the SDK's and the emulator's) logs to the
//! subscriber set for this test.

use slack_connect_tests::wait::until;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use slack_connect::socket_mode::{Backoff, SocketMode, SocketModeError};
use slack_connect::{AppToken, Client, EventCallback};
use slack_connect_emulator::{seed, Emulator, EmulatorConfig, NewInviteRequest, SocketFault};

/// The part of the seeded app token after its kind, which must never be printed.
fn secret_part(token: &str) -> &str {
    token.split_once('-').map_or(token, |(_, rest)| rest)
}

#[tokio::test]
async fn bad_frames_are_logged_and_skipped_and_no_secret_is_ever_printed() {
    let captured = slack_connect_tests::logs::capture();

    let emulator = Emulator::start_with(
        EmulatorConfig::default()
            .without_rate_limits()
            .time_scale(0.05),
    )
    .await
    .unwrap();
    let app = Client::builder(AppToken::new(seed::APP_LEVEL_TOKEN).unwrap())
        .base_url(emulator.base_url())
        .build()
        .unwrap();
    let handled = Arc::new(Mutex::new(0u32));
    let counter = handled.clone();
    let socket = SocketMode::new(app, move |_: EventCallback| {
        let counter = counter.clone();
        async move {
            *counter.lock().unwrap() += 1;
        }
    })
    .ping_interval(Duration::from_millis(100))
    .idle_timeout(Duration::from_millis(400))
    .backoff(Backoff::new(
        Duration::from_millis(50),
        Duration::from_millis(200),
        Duration::from_millis(300),
    ));
    let mut outputs = vec![format!("{socket:?}")];
    let handle = socket.start().unwrap();
    until(Duration::from_secs(10), "a connection", || {
        handle.stats().connects == 1
    })
    .await;

    emulator
        .inject_socket_fault(SocketFault::MalformedFrame)
        .unwrap();
    emulator
        .inject_socket_fault(SocketFault::UnknownEnvelope)
        .unwrap();
    emulator
        .create_invite_request(NewInviteRequest::by_email(
            seed::ACME_PROJECT,
            seed::ACME_ALICE,
            "pat@partner.example",
        ))
        .unwrap();
    until(Duration::from_secs(10), "the handler", || {
        *handled.lock().unwrap() == 1
    })
    .await;
    emulator
        .inject_socket_fault(SocketFault::SilentDrop)
        .unwrap();
    until(Duration::from_secs(10), "the replacement", || {
        handle.stats().connects == 2
    })
    .await;
    outputs.push(format!("{handle:?}"));
    handle.shutdown().await.unwrap();

    // A token the emulator never issued: the run ends with an error, which is printed too.
    let unknown = "xapp-1-A0EMULATOR1-7-neverissuedsecret";
    let refused = SocketMode::new(
        Client::builder(AppToken::new(unknown).unwrap())
            .base_url(emulator.base_url())
            .build()
            .unwrap(),
        |_: EventCallback| async {},
    )
    .run()
    .await
    .unwrap_err();
    assert!(matches!(refused, SocketModeError::Refused(_)));
    outputs.push(refused.to_string());
    outputs.push(format!("{refused:?}"));
    outputs.push(slack_connect_tests::error_chain(&refused));
    emulator.shutdown().await;

    let logs = captured.text();
    assert!(
        logs.contains("skipped a malformed Socket Mode frame"),
        "{logs}"
    );
    assert!(
        logs.contains("acknowledged and skipped a frame of another type")
            && logs.contains("frame_type=\"interactive\""),
        "{logs}"
    );
    assert!(
        logs.contains("nothing heard on the Socket Mode connection within the idle timeout"),
        "{logs}"
    );
    assert!(
        logs.contains("socket_mode_connect"),
        "connect spans: {logs}"
    );
    outputs.push(logs);
    for output in &outputs {
        for secret in [
            secret_part(seed::APP_LEVEL_TOKEN),
            secret_part(unknown),
            "ticket=",
        ] {
            assert!(!output.contains(secret), "`{secret}` printed in: {output}");
        }
    }
}
