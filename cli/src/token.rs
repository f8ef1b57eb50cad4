//! Where the token comes from: `--token-file`, else `SLACK_TOKEN`, else (with `--emulator`
//! only) the emulator's seeded bot token. Messages name the source, never the token.

use std::path::Path;

use slack_connect::Token;

use crate::exit::Failure;
use crate::options::TOKEN_VAR;

/// The token to use; `fallback` is the emulator's default token in try-out mode.
pub fn resolve(file: Option<&Path>, fallback: Option<&str>) -> Result<Token, Failure> {
    if let Some(path) = file {
        return from_file(path);
    }
    match std::env::var(TOKEN_VAR) {
        Ok(token) if !token.trim().is_empty() => Ok(Token::new(token.trim())),
        _ => fallback.map(Token::new).ok_or_else(|| {
            Failure::invalid(format!(
                "no token: set {TOKEN_VAR} or pass --token-file PATH (or try --emulator)"
            ))
        }),
    }
}

/// The token in `path`: its content without surrounding whitespace (a trailing newline is usual).
fn from_file(path: &Path) -> Result<Token, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Failure::invalid(format!(
            "cannot read the token file {}: {e}",
            path.display()
        ))
    })?;
    let token = text.trim();
    if token.is_empty() {
        return Err(Failure::invalid(format!(
            "the token file {} is empty",
            path.display()
        )));
    }
    Ok(Token::new(token))
}
