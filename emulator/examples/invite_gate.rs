//! A policy bot for Slack Connect invite requests: it receives `shared_channel_invite_requested`
//! events, approves requests whose external email domain is on an allow-list and denies the
//! rest, saying why.
//!
//! ```sh
//! cargo run --example invite_gate                       # a complete offline demo, then exits
//! cargo run --example invite_gate -- --allow globex.example,initech.example --external-limited false
//! SLACK_TOKEN=xoxb-... SLACK_SIGNING_SECRET=... \
//!   cargo run --example invite_gate -- --serve 0.0.0.0:3000 --allow partner.example
//! SLACK_TOKEN=xoxb-... SLACK_APP_TOKEN=xapp-... \
//!   cargo run --example invite_gate -- --socket-mode --allow partner.example
//! ```
//!
//! Without `--serve` or `--socket-mode` it runs against the bundled emulator, once over each
//! transport: the emulator delivers signed events to the gate's receiver, then the same events
//! over Socket Mode to the same gate; the gate calls `conversations.requestSharedInvite.approve`/`.deny`
//! through the SDK, and the result is read back with `conversations.requestSharedInvite.list`.
//! With `--serve ADDR` it receives Slack's events at `http://ADDR/slack/events` (the app's
//! Request URL) and acts with `SLACK_TOKEN` (an org-level admin token with
//! `conversations.connect:manage`); `SLACK_API_URL` points it at another base URL, such as a
//! standalone emulator started with `--request-url`. With `--socket-mode` it opens Socket Mode
//! connections with `SLACK_APP_TOKEN` (an app-level token with `connections:write`) instead of
//! serving a Request URL, behind a firewall; the gate itself is the same handler.
//!
//! Options: `--allow DOMAINS` (comma-separated; also `INVITE_GATE_ALLOW`; default
//! `globex.example`), `--external-limited true|false` (override the request's choice when
//! approving), `--serve ADDR`, `--socket-mode`.

use std::error::Error as StdError;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use slack_connect::conversations::request_shared_invite::deny;
use slack_connect::events_handler::EventsHandler;
use slack_connect::receiver::{Receiver, DEFAULT_PATH};
use slack_connect::signing::SigningSecret;
use slack_connect::socket_mode::SocketMode;
use slack_connect::{
    AppToken, Client, Event, EventCallback, InviteId, SharedChannelInviteRequestedEvent,
};
use slack_connect_emulator::{seed, Emulator, EventSubscription, NewInviteRequest};
use tokio::sync::mpsc;

/// The allow-list used when none is given.
pub const DEFAULT_ALLOWED: &str = "globex.example";

/// What the gate approves, and how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// Email domains whose invitations are approved, lower-case.
    pub allowed_domains: Vec<String>,
    /// When set, approvals override the request's `is_external_limited` with this.
    pub is_external_limited: Option<bool>,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy::allowing(DEFAULT_ALLOWED)
    }
}

impl Policy {
    /// A policy allowing a comma-separated list of domains.
    pub fn allowing(domains: &str) -> Policy {
        Policy {
            allowed_domains: domains
                .split(',')
                .map(|d| d.trim().trim_start_matches('@').to_ascii_lowercase())
                .filter(|d| !d.is_empty())
                .collect(),
            is_external_limited: None,
        }
    }

    /// Whether an invitation to `email` is approved: its domain (after the last `@`) is on the
    /// allow-list, compared case-insensitively.
    pub fn allows(&self, email: &str) -> bool {
        domain_of(email)
            .is_some_and(|domain| self.allowed_domains.contains(&domain.to_ascii_lowercase()))
    }
}

/// The domain of an email address: what follows its last `@`, if anything does.
pub fn domain_of(email: &str) -> Option<&str> {
    email
        .rsplit_once('@')
        .map(|(_, domain)| domain.trim())
        .filter(|d| !d.is_empty())
}

/// What the gate does with one invite request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Approve it (with the policy's `is_external_limited` override, if any).
    Approve {
        /// The invite request.
        invite_id: InviteId,
        /// Whom it invites.
        email: String,
    },
    /// Deny it with `message`.
    Deny {
        /// The invite request.
        invite_id: InviteId,
        /// Whom it invites, if the event says.
        email: Option<String>,
        /// Why, within Slack's limit on the message.
        message: String,
    },
}

impl Verdict {
    /// The invite request it is about.
    pub fn invite_id(&self) -> &InviteId {
        match self {
            Verdict::Approve { invite_id, .. } | Verdict::Deny { invite_id, .. } => invite_id,
        }
    }
}

/// One verdict per person named in the event (each has its own invite request).
pub fn verdicts(policy: &Policy, event: &SharedChannelInviteRequestedEvent) -> Vec<Verdict> {
    let targets = event.target_users.as_deref().unwrap_or_default();
    targets
        .iter()
        .filter_map(|target| {
            let invite_id = target.invite_id.clone()?;
            let email = target.email.clone();
            Some(match email {
                Some(email) if policy.allows(&email) => Verdict::Approve { invite_id, email },
                email => Verdict::Deny {
                    message: deny_message(policy, email.as_deref()),
                    invite_id,
                    email,
                },
            })
        })
        .collect()
}

/// The most characters Slack accepts in a denial's message: the spec's `max_length` of
/// `conversations.requestSharedInvite.deny`'s `message` (`deny::MESSAGE_MAX_LENGTH`).
pub fn max_message_chars() -> usize {
    deny::MESSAGE_MAX_LENGTH
}

/// `text` cut to at most `max` characters (not bytes), on a character boundary, ending in `…`
/// when cut.
pub fn truncate_chars(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_owned(),
        Some(_) if max == 0 => String::new(),
        Some(_) => {
            let keep = text
                .char_indices()
                .nth(max - 1)
                .map_or(text.len(), |(i, _)| i);
            format!("{}…", &text[..keep])
        }
    }
}

/// Why a request is denied, within [`max_message_chars`].
pub fn deny_message(policy: &Policy, email: Option<&str>) -> String {
    let allowed = policy.allowed_domains.join(", ");
    let text = match email.and_then(domain_of) {
        Some(domain) => format!(
            "Invitations to {domain} are not pre-approved: this organization only shares channels \
             with {allowed}. Ask the Slack admins for a review if you need this partner."
        ),
        None => format!(
            "This request names nobody by email, so it cannot be checked against the partners \
             this organization shares channels with ({allowed}). Ask the Slack admins."
        ),
    };
    truncate_chars(&text, max_message_chars())
}

/// What the gate did with one request.
#[derive(Clone, Debug)]
pub struct Decision {
    /// The verdict it reached.
    pub verdict: Verdict,
    /// Whether Slack took it, or the error it answered.
    pub result: Result<(), String>,
}

/// Carries out a verdict.
pub async fn apply(client: &Client, policy: &Policy, verdict: &Verdict) -> Result<(), String> {
    let requests = client.conversations().request_shared_invite();
    match verdict {
        Verdict::Approve { invite_id, .. } => {
            let approve = requests.approve(invite_id);
            let approve = match policy.is_external_limited {
                Some(limited) => approve.is_external_limited(limited),
                None => approve,
            };
            approve.await.map(drop).map_err(|e| format!("{e:#}"))
        }
        Verdict::Deny {
            invite_id, message, ..
        } => requests
            .deny(invite_id)
            .message(message)
            .await
            .map(drop)
            .map_err(|e| format!("{e:#}")),
    }
}

/// The gate: a receiver checking signatures with `secret`, deciding each
/// `shared_channel_invite_requested` by `policy` and acting through `client`. Each decision is
/// also sent to `decisions`, if given.
pub fn gate(
    secret: SigningSecret,
    client: Client,
    policy: Policy,
    decisions: Option<mpsc::UnboundedSender<Decision>>,
) -> Receiver {
    Receiver::with_handler(secret, gate_handler(client, policy, decisions))
}

/// The same gate over Socket Mode: connections opened with `app` (an app-level token's
/// client), decisions acted on through `client`.
pub fn gate_over_socket_mode(
    app: Client,
    client: Client,
    policy: Policy,
    decisions: Option<mpsc::UnboundedSender<Decision>>,
) -> SocketMode {
    SocketMode::with_handler(app, gate_handler(client, policy, decisions))
}

/// The gate's handler, whichever transport brings the events.
pub fn gate_handler(
    client: Client,
    policy: Policy,
    decisions: Option<mpsc::UnboundedSender<Decision>>,
) -> EventsHandler {
    EventsHandler::new(move |delivery: EventCallback| {
        let (client, policy, decisions) = (client.clone(), policy.clone(), decisions.clone());
        async move {
            let Event::SharedChannelInviteRequested(event) = *delivery.event else {
                return; // other events are not the gate's business
            };
            for verdict in verdicts(&policy, &event) {
                let result = apply(&client, &policy, &verdict).await;
                if let Err(error) = &result {
                    eprintln!("invite_gate: {}: {error}", verdict.invite_id());
                }
                if let Some(decisions) = &decisions {
                    let _ = decisions.send(Decision { verdict, result });
                }
            }
        }
    })
}

/// How the example was asked to run.
#[derive(Debug, PartialEq, Eq)]
pub struct Options {
    /// The policy.
    pub policy: Policy,
    /// `--serve ADDR`: receive Slack's events there; otherwise run the offline demo.
    pub serve: Option<String>,
    /// `--socket-mode`: receive Slack's events over Socket Mode.
    pub socket_mode: bool,
}

/// Reads the command line (without the program name) and `INVITE_GATE_ALLOW`.
pub fn parse_args(
    args: impl IntoIterator<Item = String>,
    allow_env: Option<String>,
) -> Result<Options, String> {
    let mut policy = Policy::allowing(allow_env.as_deref().unwrap_or(DEFAULT_ALLOWED));
    let mut serve = None;
    let mut socket_mode = false;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--socket-mode" {
            socket_mode = true;
            continue;
        }
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) => (flag.to_owned(), Some(value.to_owned())),
            None => (arg, None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--allow" => policy.allowed_domains = Policy::allowing(&value()?).allowed_domains,
            "--external-limited" => {
                policy.is_external_limited = Some(match value()?.as_str() {
                    "true" => true,
                    "false" => false,
                    other => {
                        return Err(format!(
                            "--external-limited: `{other}` is not true or false"
                        ))
                    }
                })
            }
            "--serve" => serve = Some(value()?),
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    if policy.allowed_domains.is_empty() {
        return Err("the allow-list is empty".to_owned());
    }
    if serve.is_some() && socket_mode {
        return Err("--serve and --socket-mode are two ways to receive events: choose one".into());
    }
    Ok(Options {
        policy,
        serve,
        socket_mode,
    })
}

const USAGE: &str = "usage: invite_gate [--allow DOMAINS] [--external-limited true|false] [--serve ADDR | --socket-mode]";

#[tokio::main]
async fn main() {
    let options = match parse_args(
        std::env::args().skip(1),
        std::env::var("INVITE_GATE_ALLOW").ok(),
    ) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    let outcome = match &options.serve {
        Some(address) => serve(options.policy.clone(), address).await,
        None if options.socket_mode => socket_mode(options.policy.clone()).await,
        None => demo(options.policy.clone()).await,
    };
    if let Err(error) = outcome {
        eprintln!("invite_gate: {error}");
        std::process::exit(1);
    }
}

/// Receives Slack's events at `address` until the process is stopped.
async fn serve(policy: Policy, address: &str) -> Result<(), Box<dyn StdError>> {
    let token = std::env::var("SLACK_TOKEN").map_err(|_| "set SLACK_TOKEN")?;
    let secret = std::env::var("SLACK_SIGNING_SECRET").map_err(|_| "set SLACK_SIGNING_SECRET")?;
    let mut client = Client::builder(token);
    if let Ok(base_url) = std::env::var("SLACK_API_URL") {
        client = client.base_url(base_url);
    }
    let receiver = gate(SigningSecret::new(secret), client.build()?, policy, None);
    println!("invite_gate: receiving events at http://{address}{DEFAULT_PATH}");
    receiver.serve(address).await?;
    Ok(())
}

/// Receives Slack's events over Socket Mode until the process is stopped or Slack disables
/// the app's Socket Mode.
async fn socket_mode(policy: Policy) -> Result<(), Box<dyn StdError>> {
    let token = std::env::var("SLACK_TOKEN").map_err(|_| "set SLACK_TOKEN")?;
    let app_token = std::env::var("SLACK_APP_TOKEN").map_err(|_| "set SLACK_APP_TOKEN")?;
    let mut client = Client::builder(token);
    let mut app = Client::builder(AppToken::new(app_token)?);
    if let Ok(base_url) = std::env::var("SLACK_API_URL") {
        client = client.base_url(&base_url);
        app = app.base_url(base_url);
    }
    println!("invite_gate: receiving events over Socket Mode");
    gate_over_socket_mode(app.build()?, client.build()?, policy, None)
        .run()
        .await?;
    Ok(())
}

/// How the demo's events reach the gate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transport {
    /// Signed HTTP requests to the gate's Request URL.
    Http,
    /// Envelopes over a Socket Mode connection the gate opens.
    SocketMode,
}

/// The whole loop offline, once over each transport: an emulator delivering events to the
/// gate, which approves and denies through the SDK; then the list shows what it decided.
pub async fn demo(policy: Policy) -> Result<(), Box<dyn StdError>> {
    for transport in [Transport::Http, Transport::SocketMode] {
        demo_over(policy.clone(), transport).await?;
        println!();
    }
    Ok(())
}

/// The demo over one transport; returns the gate's decisions, by invite ID.
pub async fn demo_over(
    policy: Policy,
    transport: Transport,
) -> Result<Vec<Decision>, Box<dyn StdError>> {
    let emulator = Emulator::start().await?;
    let admin = Client::builder(seed::ACME_BOT_TOKEN)
        .base_url(emulator.base_url())
        .build()?;
    let (decided, mut decisions) = mpsc::unbounded_channel();
    println!("An offline Slack is listening at {}.", emulator.base_url());
    let running = match transport {
        Transport::Http => {
            let secret = demo_secret();
            let receiver = gate(
                SigningSecret::new(&secret),
                admin.clone(),
                policy.clone(),
                Some(decided),
            );
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
            let request_url = format!("http://{}{DEFAULT_PATH}", listener.local_addr()?);
            let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
            let server = tokio::spawn(receiver.serve_on(listener, async {
                let _ = stopped.await;
            }));
            emulator.subscribe_events(EventSubscription::new(
                &request_url,
                SigningSecret::new(&secret),
            ))?;
            emulator.verify_request_url().await?;
            println!("The gate receives its events at {request_url}; it answered Slack's url_verification challenge.");
            Running::Http(stop, server)
        }
        Transport::SocketMode => {
            let app = Client::builder(AppToken::new(seed::APP_LEVEL_TOKEN)?)
                .base_url(emulator.base_url())
                .build()?;
            let handle =
                gate_over_socket_mode(app, admin.clone(), policy.clone(), Some(decided)).start()?;
            let waited = std::time::Instant::now();
            while handle.stats().connects == 0 {
                if waited.elapsed() > Duration::from_secs(10) {
                    return Err("no Socket Mode connection within 10 s".into());
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            println!("The gate opened a Socket Mode connection: no Request URL, events come over the WebSocket.");
            Running::SocketMode(handle)
        }
    };
    println!(
        "Policy: approve invitations to {}{}; deny the rest.\n",
        policy.allowed_domains.join(", "),
        match policy.is_external_limited {
            Some(true) => " (as external-limited)",
            Some(false) => " (with full access)",
            None => "",
        }
    );

    let long_domain = format!("{}example", "filiale-très-éloignée-".repeat(30));
    let asks = [
        (
            seed::ACME_PROJECT,
            seed::ACME_ALICE,
            "dave@globex.example".to_owned(),
        ),
        (
            seed::ACME_LAUNCH,
            seed::ACME_BOB,
            "eve@rival.example".to_owned(),
        ),
        (
            seed::ACME_PROJECT,
            seed::ACME_BOB,
            format!("zoe@{long_domain}"),
        ),
    ];
    for (channel, member, email) in &asks {
        emulator.create_invite_request(NewInviteRequest::by_email(channel, member, email))?;
        println!("A member asks to invite {}.", shorten(email));
    }

    let mut decided = Vec::new();
    for _ in 0..asks.len() {
        let decision = tokio::time::timeout(Duration::from_secs(10), decisions.recv())
            .await
            .map_err(|_| "no decision within 10 s")?
            .ok_or("the gate stopped")?;
        decided.push(decision);
    }
    decided.sort_by(|a, b| {
        a.verdict
            .invite_id()
            .as_str()
            .cmp(b.verdict.invite_id().as_str())
    });
    println!("\nThe gate received one event per request and decided:");
    for decision in &decided {
        let outcome = match &decision.result {
            Ok(()) => "done".to_owned(),
            Err(error) => format!("Slack refused: {error}"),
        };
        match &decision.verdict {
            Verdict::Approve { invite_id, email } => {
                println!("  approve {invite_id} ({}): {outcome}", shorten(email));
            }
            Verdict::Deny {
                invite_id,
                email,
                message,
            } => println!(
                "  deny    {invite_id} ({}): {outcome}; message of {} characters: \"{}\"",
                shorten(email.as_deref().unwrap_or("?")),
                message.chars().count(),
                shorten(message)
            ),
        }
    }

    let listed = admin
        .conversations()
        .request_shared_invite()
        .list()
        .include_approved(true)
        .include_denied(true)
        .items()
        .collect_all()
        .await?;
    println!("\nconversations.requestSharedInvite.list now shows:");
    for request in &listed {
        let status = match (&request.reviewing_user, request.date_denied) {
            (_, Some(_)) => "denied",
            (Some(_), None) => "approved",
            (None, None) => "pending",
        };
        println!(
            "  {} {:<8} {}",
            request.id,
            status,
            shorten(request.invited_email().unwrap_or("?"))
        );
    }

    match running {
        Running::Http(stop, server) => {
            emulator.unsubscribe_events();
            let _ = stop.send(());
            let _ = server.await;
        }
        Running::SocketMode(handle) => handle.shutdown().await?,
    }
    emulator.shutdown().await;
    let over = match transport {
        Transport::Http => "HTTP",
        Transport::SocketMode => "Socket Mode",
    };
    println!("\nEvery request was decided by policy over {over}.");
    Ok(decided)
}

/// The gate's transport while the demo runs.
enum Running {
    Http(
        tokio::sync::oneshot::Sender<()>,
        tokio::task::JoinHandle<std::io::Result<()>>,
    ),
    SocketMode(slack_connect::socket_mode::SocketModeHandle),
}

/// A signing secret for the demo's run (the demo's emulator and gate share it).
fn demo_secret() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!("invite-gate-demo-{nanos:09}")
}

/// At most 60 characters of `text`, for printing.
fn shorten(text: &str) -> String {
    truncate_chars(text, 60)
}
