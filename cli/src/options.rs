//! Options shared by every command: where to connect, which token, how to print.
//!
//! There is no `--token` flag: a token on the command line lands in shell history and in the
//! process list. It comes from `SLACK_TOKEN` or a file instead. The environment is read here
//! rather than by clap, whose help would otherwise print the variables' values.

use std::path::PathBuf;

use clap::{Arg, ArgAction, ArgMatches};

/// The environment variable holding the token.
pub const TOKEN_VAR: &str = "SLACK_TOKEN";
/// The environment variable holding the base URL.
pub const BASE_URL_VAR: &str = "SLACK_API_URL";

/// The "Environment" section of `--help`.
pub const ENVIRONMENT: &str = "Environment:
  SLACK_TOKEN    the token (a bot token, xoxb-...); --token-file overrides it
  SLACK_API_URL  the Web API base URL (default https://slack.com/api/); --base-url overrides it
";

const TOKEN_FILE: &str = "token-file";
const BASE_URL: &str = "base-url";
const EMULATOR: &str = "emulator";
const FORMAT: &str = "format";

/// How a result is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Pretty JSON: the typed response, or the items with `--all`.
    Json,
    /// A text table of the items (list methods) or of the response's fields.
    Table,
}

/// The global options, as given.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `--token-file`.
    pub token_file: Option<PathBuf>,
    /// `--base-url`, else `SLACK_API_URL`.
    pub base_url: Option<String>,
    /// `--emulator`.
    pub emulator: bool,
    /// `--format`, if given (each command has its own default).
    pub format: Option<Format>,
}

/// The global option flags; `global` so they may follow the subcommand, under their own
/// heading so a method's own flags stay together in its help.
pub fn global_args() -> [Arg; 4] {
    [
        Arg::new(TOKEN_FILE)
            .long(TOKEN_FILE)
            .value_name("PATH")
            .value_parser(clap::value_parser!(PathBuf))
            .global(true)
            .help_heading("Global options")
            .help("Read the token from this file (instead of SLACK_TOKEN)"),
        Arg::new(BASE_URL)
            .long(BASE_URL)
            .value_name("URL")
            .global(true)
            .help_heading("Global options")
            .help("Web API base URL (instead of SLACK_API_URL), e.g. an emulator's"),
        Arg::new(EMULATOR)
            .long(EMULATOR)
            .action(ArgAction::SetTrue)
            .conflicts_with(BASE_URL)
            .global(true)
            .help_heading("Global options")
            .help(format!(
                "Try it out: run against an embedded emulator with its default world, started for this command (token defaults to {})",
                crate::tryout::DEFAULT_TOKEN
            )),
        Arg::new(FORMAT)
            .long(FORMAT)
            .value_name("FORMAT")
            .value_parser(["json", "table"])
            .global(true)
            .help_heading("Global options")
            .help("Output: json (default for calls) or table"),
    ]
}

/// Reads the global options from the leaf subcommand's matches, and `SLACK_API_URL`.
pub fn read(matches: &ArgMatches) -> Options {
    let base_url = matches.get_one::<String>(BASE_URL).cloned().or_else(|| {
        std::env::var(BASE_URL_VAR)
            .ok()
            .filter(|url| !url.is_empty())
    });
    let format = matches
        .get_one::<String>(FORMAT)
        .map(|format| match format.as_str() {
            "table" => Format::Table,
            _ => Format::Json,
        });
    Options {
        token_file: matches.get_one::<PathBuf>(TOKEN_FILE).cloned(),
        base_url,
        emulator: matches.get_flag(EMULATOR),
        format,
    }
}
