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

#[cfg(test)]
mod tests {
    use super::Token;

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
