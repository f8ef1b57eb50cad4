//! Exit codes and the one-line failure report.
//!
//! Scripts branch on the exit code, so each class of failure gets its own: an API error is worth
//! inspecting, invalid arguments need a fix before retrying, rate limiting means "later", and a
//! transport failure may have left the request half-done (these methods are not idempotent).

use std::io::Write;
use std::process::ExitCode;

use slack_connect::{redact_tokens, DynamicError, DynamicErrorKind};

use crate::text::one_line;

/// The command succeeded.
pub const SUCCESS: u8 = 0;
/// Slack answered with an error code.
pub const API_ERROR: u8 = 1;
/// The command line or the arguments are invalid (including usage errors); nothing was sent.
pub const INVALID_ARGUMENTS: u8 = 2;
/// Still rate limited (HTTP 429) after the retries allowed.
pub const RATE_LIMITED: u8 = 3;
/// A transport, HTTP or decoding failure, or local I/O; the request may have been processed.
pub const TRANSPORT: u8 = 4;

/// Every exit code with its meaning, for `--help`.
const CODES: &[(u8, &str)] = &[
    (SUCCESS, "success"),
    (
        API_ERROR,
        "Slack returned an error code (stderr names the code and its description)",
    ),
    (
        INVALID_ARGUMENTS,
        "invalid command line or arguments, missing token; nothing was sent",
    ),
    (RATE_LIMITED, "rate limited (HTTP 429) after retries"),
    (
        TRANSPORT,
        "transport, HTTP or decoding failure (the request may have been processed)",
    ),
];

/// The "Exit codes" section appended to `--help`.
pub fn help_section() -> String {
    let mut text = String::from("Exit codes:\n");
    for (code, meaning) in CODES {
        text.push_str(&format!("  {code}  {meaning}\n"));
    }
    text
}

/// A failed command: its exit code and the one line printed on stderr.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// One of the exit codes above.
    pub code: u8,
    /// What went wrong, without the `error:` prefix.
    pub message: String,
}

impl Failure {
    /// A failure with exit code [`INVALID_ARGUMENTS`].
    pub fn invalid(message: impl Into<String>) -> Failure {
        Failure {
            code: INVALID_ARGUMENTS,
            message: message.into(),
        }
    }

    /// A failure with exit code [`TRANSPORT`].
    pub fn transport(message: impl Into<String>) -> Failure {
        Failure {
            code: TRANSPORT,
            message: message.into(),
        }
    }

    /// Prints the failure on stderr and returns its exit code.
    pub fn report(&self) -> ExitCode {
        warn(&format!("error: {}", self.message));
        ExitCode::from(self.code)
    }
}

impl From<DynamicError> for Failure {
    fn from(error: DynamicError) -> Failure {
        let code = match error.kind {
            DynamicErrorKind::Api { .. } => API_ERROR,
            DynamicErrorKind::UnknownMethod | DynamicErrorKind::InvalidArguments => {
                INVALID_ARGUMENTS
            }
            DynamicErrorKind::RateLimited => RATE_LIMITED,
            DynamicErrorKind::Transport => TRANSPORT,
            // A kind added to the SDK later: nothing reached a verdict the CLI knows.
            _ => TRANSPORT,
        };
        // The SDK's message names the method, the code and its description, and never the token.
        Failure {
            code,
            message: one_line(&error.message),
        }
    }
}

/// Writes one line to stderr, with anything shaped like a Slack token cut out (the SDK's
/// [`redact_tokens`]): a server may echo a token into a code, a message or a cursor. A closed
/// stderr is ignored rather than turned into a panic.
pub fn warn(line: &str) {
    say(&redact_tokens(line, None));
}

/// Writes one line of the command line's own text to stderr, unredacted: only for text with no
/// server-supplied part (the try-out mode's list of the emulator's made-up tokens).
pub fn say(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_and_documented() {
        let mut codes: Vec<u8> = CODES.iter().map(|(code, _)| *code).collect();
        codes.dedup();
        assert_eq!(codes, [0, 1, 2, 3, 4]);
        assert!(help_section().contains("  3  rate limited"));
    }

    #[test]
    fn dynamic_errors_map_to_their_exit_codes() {
        let failure = |kind| {
            Failure::from(DynamicError {
                kind,
                message: "m:\nx\u{1b}[31m".into(),
            })
        };
        let api = DynamicErrorKind::Api {
            code: "invalid_auth".into(),
            description: "d".into(),
            documented: true,
        };
        assert_eq!(failure(api).code, API_ERROR);
        assert_eq!(
            failure(DynamicErrorKind::InvalidArguments).code,
            INVALID_ARGUMENTS
        );
        assert_eq!(failure(DynamicErrorKind::RateLimited).code, RATE_LIMITED);
        let transport = failure(DynamicErrorKind::Transport);
        assert_eq!(transport.code, TRANSPORT);
        assert_eq!(transport.message, "m: x [31m");
    }
}
