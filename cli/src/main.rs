//! `slack-connect`: Slack's Slack Connect invite API from the command line.
//!
//! The commands, their flags and their help are built at run time from the SDK's metadata
//! (`slack_connect::METHODS`, generated from the spec), one subcommand per method nested like
//! its wire name: `conversations.requestSharedInvite.list` is
//! `slack-connect conversations request-shared-invite list`. Calls go through
//! `slack_connect::dynamic`, so the typed request validates every argument before anything is
//! sent, exactly as in Rust code.
//!
//! ```text
//! export SLACK_TOKEN=xoxb-...
//! slack-connect conversations invite-shared --channel C0PROJECT1 --email carol@globex.example
//! slack-connect conversations request-shared-invite list --include-denied --all --format table
//! slack-connect --emulator conversations list-connect-invites   # try it offline
//! slack-connect methods
//! ```
//!
//! The token comes from `SLACK_TOKEN` or `--token-file PATH`, never from a flag (it would land
//! in shell history); the base URL from `SLACK_API_URL` or `--base-url`.
//!
//! # Exit codes
//!
//! | code | meaning |
//! |------|---------|
//! | 0 | success |
//! | 1 | Slack returned an error code; stderr names it and its description |
//! | 2 | invalid command line or arguments (usage errors, failed validation, no token); nothing was sent |
//! | 3 | rate limited (HTTP 429) after the client's retries |
//! | 4 | transport, HTTP or decoding failure, or local I/O; the request may have been processed |
//!
//! Every failure is one line on stderr starting with `error:`. With `--all`, the items fetched
//! before a failure (a page's error, or a server repeating a cursor) are printed on stdout first.
//! Anything shaped like a Slack token is cut out of stderr, wherever a server echoed it.
#![deny(missing_docs)]

mod arguments;
mod call;
mod catalog;
mod commands;
mod connect;
mod exit;
mod flatten;
mod objects;
mod options;
mod output;
mod table;
mod text;
mod token;
mod tryout;
mod usage;

use std::process::ExitCode;

use clap::ArgMatches;

use commands::Request;
use exit::Failure;
use options::Format;

#[tokio::main]
async fn main() -> ExitCode {
    let matches = match commands::command().try_get_matches() {
        Ok(matches) => matches,
        Err(error) => return usage::exit(&error),
    };
    match run(&matches).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    }
}

/// Runs the command the matches describe and prints its result.
async fn run(matches: &ArgMatches) -> Result<(), Failure> {
    let (method, leaf) = match commands::resolve(matches) {
        Some(Request::Call(method, leaf)) => (method, leaf),
        Some(Request::Catalog(leaf)) => {
            return output::print(&catalog::render(options::read(leaf).format));
        }
        None => return Err(Failure::invalid("no such command (see --help)")),
    };
    let options = options::read(leaf);
    let format = options.format.unwrap_or(Format::Json);
    let arguments = arguments::collect(method, leaf);
    let all = method.pagination.is_some() && leaf.get_flag(commands::ALL);
    let connection = connect::connect(&options).await?;
    let text = if all {
        let (items, failure) = call::all(&connection.client, method, arguments).await?;
        // What was fetched before a failure is printed, then the failure reported.
        if let Some(failure) = failure {
            if !items.is_empty() {
                output::print(&output::items(&items, format))?;
            }
            return Err(failure);
        }
        output::items(&items, format)
    } else {
        let response = call::once(&connection.client, method, arguments).await?;
        output::response(method, &response, format)
    };
    output::print(&text)
}
