//! `slack-connect-emulator`: runs the emulator as a standalone server.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use slack_connect::signing::SigningSecret;
use slack_connect_emulator::{Emulator, EmulatorConfig, EventSubscription, World};

/// An offline emulator of Slack's Slack Connect invite API.
#[derive(Parser)]
#[command(version, about)]
struct Args {
    /// Port to listen on at 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 3000)]
    port: u16,
    /// A world to load instead of the default one (JSON).
    #[arg(long)]
    world: Option<PathBuf>,
    /// Turn tier rate limits off.
    #[arg(long)]
    no_rate_limits: bool,
    /// Real seconds per emulated second for rate-limit windows and event retries (e.g. 0.01).
    #[arg(long, default_value_t = 1.0)]
    time_scale: f64,
    /// Deliver Events API events to this URL (signed with SLACK_SIGNING_SECRET or --signing-secret).
    #[arg(long)]
    request_url: Option<String>,
    /// The signing secret for event deliveries (prefer the SLACK_SIGNING_SECRET variable: a
    /// command line is visible to other users).
    #[arg(long)]
    signing_secret: Option<String>,
}

/// The variable holding the signing secret for event deliveries.
const SIGNING_SECRET_VAR: &str = "SLACK_SIGNING_SECRET";

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("slack-connect-emulator: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), String> {
    let world = match &args.world {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            World::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))?
        }
        None => World::default(),
    };
    let mut config = EmulatorConfig::default()
        .world(world)
        .port(args.port)
        .time_scale(args.time_scale);
    if args.no_rate_limits {
        config = config.without_rate_limits();
    }
    if let Some(url) = &args.request_url {
        let secret = args
            .signing_secret
            .clone()
            .or_else(|| std::env::var(SIGNING_SECRET_VAR).ok())
            .filter(|s| !s.is_empty())
            .ok_or_else(|| {
                format!("--request-url needs a signing secret: set {SIGNING_SECRET_VAR} or pass --signing-secret")
            })?;
        config = config.events(EventSubscription::new(url, SigningSecret::new(secret)));
    }
    let emulator = Emulator::start_with(config)
        .await
        .map_err(|e| format!("cannot start: {e}"))?;
    println!("Slack Connect emulator: {}", emulator.base_url());
    if let Some(url) = &args.request_url {
        println!("Delivering events to {url} (signed with the signing secret given).");
    }
    println!("Tokens:");
    for token in &emulator.world().tokens {
        let acts_for = token
            .team_id
            .as_deref()
            .or(token.enterprise_id.as_deref())
            .unwrap_or("?");
        println!(
            "  {:<24} {:?} for {acts_for}, scopes: {}{}",
            token.token,
            token.kind,
            token.scopes.join(","),
            if token.is_admin { " (admin)" } else { "" }
        );
    }
    println!("Press Ctrl-C to stop.");
    tokio::signal::ctrl_c()
        .await
        .map_err(|e| format!("cannot wait for Ctrl-C: {e}"))?;
    emulator.shutdown().await;
    Ok(())
}
