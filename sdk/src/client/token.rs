//! The API token, kept out of every `Debug`, `Display`, error and log line.

use std::fmt;

/// A Slack token (`xoxb-...`, `xoxp-...`). Its `Debug` and `Display` show only the kind of token.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// Wraps a token.
    pub fn new(token: impl Into<String>) -> Self {
        Token(token.into())
    }

    /// The token's kind prefix (`xoxb`, `xoxp`, ...), which is not secret.
    pub fn kind(&self) -> &str {
        match self.0.split_once('-') {
            // Slack's token kinds: xoxb, xoxp, xapp, xwfp, ...
            Some((kind, _))
                if kind.len() == 4
                    && kind.starts_with('x')
                    && kind.bytes().all(|b| b.is_ascii_lowercase()) =>
            {
                kind
            }
            _ => "unknown",
        }
    }

    /// The secret itself. Crate-private so it cannot end up anywhere but the request header.
    pub(crate) fn secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Token({}-[redacted])", self.kind())
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-[redacted]", self.kind())
    }
}

impl From<&str> for Token {
    fn from(token: &str) -> Self {
        Token::new(token)
    }
}

impl From<String> for Token {
    fn from(token: String) -> Self {
        Token::new(token)
    }
}

/// An app-level token (`xapp-...`), the credential Socket Mode opens connections with. Like
/// [`Token`], its `Debug` and `Display` show only its kind; `Client::new(app_token)` makes a
/// client that calls `apps.connections.open` with it.
#[derive(Clone, PartialEq, Eq)]
pub struct AppToken(Token);

/// The kind prefix of an app-level token.
const APP_TOKEN_KIND: &str = "xapp";

/// A string that is not an app-level token; names the kind it has instead, never the secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotAnAppToken {
    kind: String,
}

impl NotAnAppToken {
    /// The kind of token given instead (`xoxb`, `xoxp`, or `unknown`).
    pub fn kind(&self) -> &str {
        &self.kind
    }
}

impl fmt::Display for NotAnAppToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "not an app-level token: expected an `{APP_TOKEN_KIND}-` token, got a token of kind `{}`",
            self.kind
        )
    }
}

impl std::error::Error for NotAnAppToken {}

impl AppToken {
    /// Wraps an app-level token, refusing any other kind of token.
    pub fn new(token: impl Into<String>) -> Result<AppToken, NotAnAppToken> {
        let token = Token::new(token);
        if token.kind() == APP_TOKEN_KIND {
            Ok(AppToken(token))
        } else {
            Err(NotAnAppToken {
                kind: token.kind().to_owned(),
            })
        }
    }

    /// Whether `token` is an app-level token.
    pub fn is_app_token(token: &Token) -> bool {
        token.kind() == APP_TOKEN_KIND
    }
}

impl fmt::Debug for AppToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AppToken({}-[redacted])", self.0.kind())
    }
}

impl fmt::Display for AppToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl From<AppToken> for Token {
    fn from(token: AppToken) -> Token {
        token.0
    }
}

#[cfg(test)]
mod tests {
    use super::{AppToken, Token};

    #[test]
    fn app_tokens_are_checked_and_never_shown() {
        let token = AppToken::new("xapp-1-A0EMULATOR1-secret-part").unwrap();
        assert_eq!(format!("{token:?}"), "AppToken(xapp-[redacted])");
        assert_eq!(token.to_string(), "xapp-[redacted]");
        let refused = AppToken::new("xoxb-bot-secret-part").unwrap_err();
        assert_eq!(refused.kind(), "xoxb");
        assert!(!refused.to_string().contains("secret"), "{refused}");
        assert!(AppToken::is_app_token(&Token::from(token)));
    }

    #[test]
    fn debug_and_display_never_show_the_secret() {
        let token = Token::new("xoxb-1234-secret-part");
        assert_eq!(format!("{token:?}"), "Token(xoxb-[redacted])");
        assert_eq!(token.to_string(), "xoxb-[redacted]");
        assert_eq!(Token::new("no-prefix-here-at-all!").kind(), "unknown");
        assert_eq!(
            format!("{:?}", Token::new("secret")),
            "Token(unknown-[redacted])"
        );
    }
}
