//! TLS with a root certificate of one's own: a loopback HTTPS server holds a certificate from a
//! certificate authority generated here; a client given that root talks to it, and the same
//! client without it refuses the server before sending anything.

mod tls_support;

use std::error::Error as _;
use std::time::Duration;

use slack_connect::{BuildError, Certificate, Client, ClientBuilder, Error, RetryPolicy};
use tls_support::{TestRoot, TlsServer};

const TOKEN: &str = "xoxb-test-0123456789-SECRETVALUE";

fn builder(server: &TlsServer) -> ClientBuilder {
    Client::builder(TOKEN)
        .base_url(format!("https://localhost:{}/api/", server.port))
        .timeout(Some(Duration::from_secs(10)))
        // A refused certificate is a connection failure; one attempt is enough to see it.
        .retry_policy(RetryPolicy::never())
}

async fn approve(client: &Client) -> Result<(), String> {
    client
        .conversations()
        .approve_shared_invite("I1")
        .await
        .map(|_| ())
        .map_err(|error| match &error {
            Error::Transport {
                maybe_processed: false,
                source,
                ..
            } if source.is_connect() => slack_connect_tests::error_chain(&error),
            other => panic!("expected a refused connection, got {other:?}"),
        })
}

#[tokio::test]
async fn a_client_trusting_the_root_talks_tls_and_one_without_it_refuses() {
    let root = TestRoot::generate();
    let server = TlsServer::start(&root, "localhost").await;

    let trusting = builder(&server)
        .add_root_certificate(Certificate::from_pem(root.pem.clone()))
        .build()
        .unwrap();
    approve(&trusting).await.unwrap();
    assert_eq!(server.requests(), 1);

    let stranger = builder(&server).build().unwrap();
    let refusal = approve(&stranger).await.unwrap_err();
    assert!(
        refusal.contains("certificate"),
        "the reason should name the certificate: {refusal}"
    );
    assert_eq!(
        server.requests(),
        1,
        "nothing was sent to the untrusted server"
    );
}

#[tokio::test]
async fn a_der_root_alone_is_enough_without_the_built_in_roots() {
    let root = TestRoot::generate();
    let server = TlsServer::start(&root, "localhost").await;
    let client = builder(&server)
        .built_in_root_certificates(false)
        .add_root_certificate(Certificate::from_der(root.der.clone()))
        .build()
        .unwrap();
    approve(&client).await.unwrap();
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_root_from_another_authority_is_refused() {
    let server = TlsServer::start(&TestRoot::generate(), "localhost").await;
    let client = builder(&server)
        .add_root_certificate(Certificate::from_pem(TestRoot::generate().pem))
        .build()
        .unwrap();
    approve(&client).await.unwrap_err();
    assert_eq!(server.requests(), 0);
}

#[test]
fn a_certificate_that_does_not_parse_is_a_build_error() {
    let build = |certificate| {
        Client::builder(TOKEN)
            .add_root_certificate(certificate)
            .build()
            .unwrap_err()
    };
    assert!(matches!(
        build(Certificate::from_pem("not a certificate")),
        BuildError::InvalidCertificate(_)
    ));
    assert!(matches!(
        build(Certificate::from_der(vec![0x30, 0x03, 0x01])),
        BuildError::InvalidCertificate(_)
    ));
}

#[tokio::test]
async fn the_transport_error_names_its_kind_and_leaves_the_cause_to_its_source() {
    let server = TlsServer::start(&TestRoot::generate(), "localhost").await;
    let error = builder(&server)
        .build()
        .unwrap()
        .conversations()
        .approve_shared_invite("I1")
        .await
        .unwrap_err();
    let Error::Transport { source, .. } = &error else {
        panic!("{error:?}")
    };
    let cause = source.source().expect("the cause is kept").to_string();
    assert!(!cause.is_empty());
    assert!(
        !source.to_string().contains(&cause),
        "`{source}` repeats its cause `{cause}`"
    );
    // The whole chain (`{:#}` in anyhow) tells the story, each part once; `Display` alone leaves
    // the cause to `source()`.
    let text = slack_connect_tests::error_chain(&error);
    assert_eq!(text.matches(&cause).count(), 1, "{text}");
    assert!(!error.to_string().contains(&cause), "{error}");
    assert!(!text.contains("SECRETVALUE"));
}
