//! Proxies: a loopback HTTPS server for `slack.test` (a name no DNS resolves) behind a loopback
//! CONNECT proxy that routes every tunnel to 127.0.0.1. A call that reaches the server by that
//! name came through the proxy; one that skips the proxy fails to resolve it.
//!
//! The proxy environment variables are process-wide, so the cases that read them run in a child
//! process (this test binary again, running `child_calls_with_its_environment`) given exactly the
//! variables the case needs; this process never changes its own environment.

mod proxy_support;
mod tls_support;

use std::process::Command;
use std::time::Duration;

use proxy_support::ConnectProxy;
use slack_connect::{BuildError, Certificate, Client, ClientBuilder, Error, RetryPolicy};
use tls_support::{TestRoot, TlsServer};

const TOKEN: &str = "xoxb-test-0123456789-SECRETVALUE";
/// The host the server's certificate names; only the proxy can route to it.
const HOST: &str = "slack.test";
const PASSWORD: &str = "s3cret";
/// `user:s3cret` in base64, as `Proxy-Authorization: Basic` carries it.
const PROXY_CREDENTIALS: &str = "dXNlcjpzM2NyZXQ=";

fn builder(root: &TestRoot, base_url: &str) -> ClientBuilder {
    Client::builder(TOKEN)
        .base_url(base_url)
        .add_root_certificate(Certificate::from_pem(root.pem.clone()))
        .timeout(Some(Duration::from_secs(10)))
        .retry_policy(RetryPolicy::never())
}

fn base_url(host: &str, server: &TlsServer) -> String {
    format!("https://{host}:{}/api/", server.port)
}

/// What a failed call showed.
struct Failure {
    /// A transport error saying no connection could be made.
    connect: bool,
    /// `Display` with every source, as anyhow's `{:#}` prints it.
    chain: String,
    debug: String,
}

async fn approve(client: &Client) -> Result<(), Failure> {
    client
        .conversations()
        .approve_shared_invite("I1")
        .await
        .map(|_| ())
        .map_err(|error| Failure {
            connect: matches!(&error, Error::Transport { source, .. } if source.is_connect()),
            chain: slack_connect_tests::error_chain(&error),
            debug: format!("{error:?}"),
        })
}

#[tokio::test]
async fn an_explicit_proxy_carries_calls_to_a_host_only_it_can_reach() {
    let root = TestRoot::generate();
    let server = TlsServer::start(&root, HOST).await;
    let proxy = ConnectProxy::start().await;

    let client = builder(&root, &base_url(HOST, &server))
        .proxy(proxy.url())
        .build()
        .unwrap();
    assert!(approve(&client).await.is_ok());

    assert_eq!(proxy.tunnels(), [format!("{HOST}:{}", server.port)]);
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn an_explicit_proxy_is_used_even_for_a_loopback_base_url() {
    // `proxy(url)` sends every request through it; only the environment's proxy spares loopback.
    let root = TestRoot::generate();
    let server = TlsServer::start(&root, "localhost").await;
    let proxy = ConnectProxy::start().await;

    let client = builder(&root, &base_url("localhost", &server))
        .proxy(proxy.url())
        .build()
        .unwrap();
    assert!(approve(&client).await.is_ok());

    assert_eq!(proxy.tunnels(), [format!("localhost:{}", server.port)]);
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn the_proxy_variables_in_the_environment_are_followed() {
    let root = TestRoot::generate();
    let server = TlsServer::start(&root, HOST).await;
    for variable in ["HTTPS_PROXY", "https_proxy", "ALL_PROXY"] {
        let proxy = ConnectProxy::start().await;
        let outcome = call_in_child(
            &root,
            &base_url(HOST, &server),
            ChildBuilder::Default,
            &[(variable, &proxy.url())],
        )
        .await;
        assert_eq!(outcome, "reached", "with {variable}");
        assert_eq!(
            proxy.tunnels(),
            [format!("{HOST}:{}", server.port)],
            "with {variable}"
        );
    }
    assert_eq!(server.requests(), 3);
}

#[tokio::test]
async fn no_proxy_the_builder_switch_and_a_loopback_base_url_each_skip_the_proxy() {
    let root = TestRoot::generate();
    let server = TlsServer::start(&root, HOST).await;
    let proxy = ConnectProxy::start().await;
    let proxy_url = proxy.url();

    // A `NO_PROXY` naming another host leaves the proxy in use: the control for the cases below.
    let outcome = call_in_child(
        &root,
        &base_url(HOST, &server),
        ChildBuilder::Default,
        &[("HTTPS_PROXY", &proxy_url), ("NO_PROXY", "elsewhere.test")],
    )
    .await;
    assert_eq!(outcome, "reached");
    assert_eq!(proxy.tunnels().len(), 1);

    // Skipping the proxy, the client looks `slack.test` up itself, and no DNS knows it.
    let cases: [(ChildBuilder, &[(&str, &str)]); 3] = [
        (
            ChildBuilder::Default,
            &[("HTTPS_PROXY", &proxy_url), ("NO_PROXY", HOST)],
        ),
        (
            ChildBuilder::Default,
            &[("https_proxy", &proxy_url), ("no_proxy", ".test")],
        ),
        (ChildBuilder::NoProxy, &[("HTTPS_PROXY", &proxy_url)]),
    ];
    for (child_builder, environment) in cases {
        let outcome =
            call_in_child(&root, &base_url(HOST, &server), child_builder, environment).await;
        assert!(
            outcome.starts_with("refused: ") && outcome.contains("dns error"),
            "{child_builder:?} {environment:?}: {outcome}"
        );
        assert_eq!(
            proxy.tunnels().len(),
            1,
            "{child_builder:?} {environment:?}"
        );
    }

    // A server on this machine is reached directly although `HTTPS_PROXY` is set.
    let local = TlsServer::start(&root, "localhost").await;
    let outcome = call_in_child(
        &root,
        &base_url("localhost", &local),
        ChildBuilder::Default,
        &[("HTTPS_PROXY", &proxy_url), ("ALL_PROXY", &proxy_url)],
    )
    .await;
    assert_eq!(outcome, "reached");
    assert_eq!(local.requests(), 1);
    assert_eq!(proxy.tunnels().len(), 1);
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn proxy_credentials_are_sent_to_the_proxy_and_shown_nowhere() {
    let root = TestRoot::generate();
    let server = TlsServer::start(&root, HOST).await;
    let with_credentials =
        |proxy: &ConnectProxy| format!("http://user:{PASSWORD}@127.0.0.1:{}", proxy.port);

    let proxy = ConnectProxy::start().await;
    let builder = builder(&root, &base_url(HOST, &server)).proxy(with_credentials(&proxy));
    assert_hidden(&format!("{builder:?}"));
    let client = builder.build().unwrap();
    assert_hidden(&format!("{client:?}"));
    assert!(approve(&client).await.is_ok());
    let requests = proxy.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].proxy_authorization.as_deref(),
        Some(format!("Basic {PROXY_CREDENTIALS}").as_str())
    );

    // A proxy that turns the credentials down.
    let refusing = ConnectProxy::refusing().await;
    let client = Client::builder(TOKEN)
        .base_url(base_url(HOST, &server))
        .retry_policy(RetryPolicy::never())
        .proxy(with_credentials(&refusing))
        .build()
        .unwrap();
    let failure = approve(&client).await.err().unwrap();
    assert!(failure.connect, "{}", failure.chain);
    assert_hidden(&failure.chain);
    assert_hidden(&failure.debug);
    assert_eq!(refusing.tunnels().len(), 1);

    // A proxy that is not there.
    let gone = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed = format!(
        "http://user:{PASSWORD}@127.0.0.1:{}",
        gone.local_addr().unwrap().port()
    );
    drop(gone);
    let client = Client::builder(TOKEN)
        .base_url(base_url(HOST, &server))
        .retry_policy(RetryPolicy::never())
        .proxy(closed)
        .build()
        .unwrap();
    let failure = approve(&client).await.err().unwrap();
    assert!(failure.connect, "{}", failure.chain);
    assert_hidden(&failure.chain);
    assert_hidden(&failure.debug);

    // Proxy URLs that cannot be used.
    for url in [
        format!("http://user:{PASSWORD}@proxy example:3128"),
        format!("http://user:{PASSWORD}@proxy.example:99999"),
        format!("ftp://user:{PASSWORD}@proxy.example:3128"),
    ] {
        let error = Client::builder(TOKEN)
            .proxy(url.clone())
            .build()
            .unwrap_err();
        assert!(
            matches!(error, BuildError::InvalidProxy(_)),
            "{url}: {error:?}"
        );
        assert_hidden(&error.to_string());
        assert_hidden(&format!("{error:?}"));
    }
}

fn assert_hidden(text: &str) {
    assert!(!text.contains(PASSWORD), "the proxy password shows: {text}");
    assert!(
        !text.contains(PROXY_CREDENTIALS),
        "the proxy credentials show: {text}"
    );
    assert!(!text.contains("SECRETVALUE"), "the token shows: {text}");
}

// The child process.

/// Every variable that could steer the child's proxy choice; all are cleared before a case sets
/// its own. (`REQUEST_METHOD` makes the HTTP client ignore `HTTP_PROXY`, as in CGI.)
const PROXY_VARIABLES: [&str; 9] = [
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
    "REQUEST_METHOD",
];
const CHILD_BASE_URL: &str = "SLACK_CONNECT_PROXY_TEST_BASE_URL";
const CHILD_ROOT: &str = "SLACK_CONNECT_PROXY_TEST_ROOT";
const CHILD_NO_PROXY: &str = "SLACK_CONNECT_PROXY_TEST_NO_PROXY";
const OUTCOME: &str = "proxy-test-outcome: ";

/// How the child builds its client.
#[derive(Clone, Copy, Debug)]
enum ChildBuilder {
    /// Default proxy settings: the environment is followed.
    Default,
    /// With `no_proxy()`.
    NoProxy,
}

/// Runs `child_calls_with_its_environment` in a child process with `environment` as its only
/// proxy settings; returns `reached`, or `refused: ` and the error's chain.
async fn call_in_child(
    root: &TestRoot,
    base_url: &str,
    builder: ChildBuilder,
    environment: &[(&str, &str)],
) -> String {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command.args([
        "child_calls_with_its_environment",
        "--exact",
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ]);
    for variable in PROXY_VARIABLES {
        command.env_remove(variable);
    }
    command
        .envs(environment.iter().copied())
        .env(CHILD_BASE_URL, base_url)
        .env(CHILD_ROOT, &root.pem);
    if let ChildBuilder::NoProxy = builder {
        command.env(CHILD_NO_PROXY, "1");
    }
    // Waited for off the runtime's thread, which the proxy and the server need meanwhile.
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .unwrap()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the child failed: {stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
        .lines()
        .find_map(|line| line.split_once(OUTCOME).map(|(_, outcome)| outcome))
        .unwrap_or_else(|| panic!("the child ran no call: {stdout}"))
        .to_owned()
}

/// The child's side of `call_in_child`: one call with the client built from the environment it
/// was given, its outcome printed for the parent. Run on its own (without that environment) it
/// has nothing to do.
#[tokio::test]
#[ignore = "run in a child process by the environment-variable tests"]
async fn child_calls_with_its_environment() {
    let (Ok(base_url), Ok(root)) = (std::env::var(CHILD_BASE_URL), std::env::var(CHILD_ROOT))
    else {
        return;
    };
    let mut builder = Client::builder(TOKEN)
        .base_url(base_url)
        .add_root_certificate(Certificate::from_pem(root))
        .timeout(Some(Duration::from_secs(10)))
        .retry_policy(RetryPolicy::never());
    if std::env::var_os(CHILD_NO_PROXY).is_some() {
        builder = builder.no_proxy();
    }
    let client = builder.build().unwrap();
    let outcome = match approve(&client).await {
        Ok(()) => "reached".to_owned(),
        Err(failure) if failure.connect => format!("refused: {}", failure.chain),
        Err(failure) => format!("failed: {}", failure.chain),
    };
    println!("{OUTCOME}{outcome}");
}
