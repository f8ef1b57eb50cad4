//! `slack-connect-emulator`: runs the emulator as a standalone server.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use slack_connect_emulator::{Emulator, EmulatorConfig, World};

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
    /// Real seconds per emulated second for rate-limit windows (e.g. 0.01).
    #[arg(long, default_value_t = 1.0)]
    time_scale: f64,
}

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
    let emulator = Emulator::start_with(config)
        .await
        .map_err(|e| format!("cannot start: {e}"))?;
    println!("Slack Connect emulator: {}", emulator.base_url());
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
