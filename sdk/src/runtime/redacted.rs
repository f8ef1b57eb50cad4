//! A string credential that never prints, for secrets that arrive inside payloads (the Events
//! API's deprecated verification token).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A secret string: `Debug` and `Display` print `[redacted]`; serde reads and writes the value
/// itself, so payloads round-trip unchanged.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Redacted(String);

impl Redacted {
    /// Wraps a secret.
    pub fn new(secret: impl Into<String>) -> Self {
        Redacted(secret.into())
    }

    /// The secret itself, for the one place that needs it (a comparison, say).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Redacted {
    fn from(secret: &str) -> Self {
        Redacted::new(secret)
    }
}

impl From<String> for Redacted {
    fn from(secret: String) -> Self {
        Redacted(secret)
    }
}

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Display for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl Serialize for Redacted {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Redacted {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Redacted)
    }
}

#[cfg(test)]
mod tests {
    use super::Redacted;

    #[test]
    fn never_prints_but_round_trips() {
        let secret: Redacted = serde_json::from_str("\"XXYYZZ\"").unwrap();
        assert_eq!(format!("{secret:?} {secret}"), "[redacted] [redacted]");
        assert_eq!(secret.expose(), "XXYYZZ");
        assert_eq!(serde_json::to_string(&secret).unwrap(), "\"XXYYZZ\"");
    }
}
