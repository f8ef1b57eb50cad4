//! Verifying that a request (an Events API delivery, say) comes from Slack.
//!
//! Slack signs each request with the app's signing secret: `X-Slack-Signature` is
//! `v0=` + hex(HMAC-SHA256(secret, "v0:" + X-Slack-Request-Timestamp + ":" + raw body)). A request
//! older than five minutes is refused, so a captured one cannot be replayed later. The
//! comparison is constant-time.
//!
//! [`SigningSecret::verify_headers`] checks a whole request (its headers and raw body), with a
//! distinct [`SignatureError`] for a missing header, a malformed one, a stale timestamp and a
//! signature that does not match. `now` is a parameter, so tests control the clock.
//!
//! ```
//! use std::time::{Duration, UNIX_EPOCH};
//! use slack_connect::signing::{SignatureError, SigningSecret};
//!
//! let secret = SigningSecret::new("8f742231b10e8888abcd99yyyzzz85a5");
//! let body = br#"{"type":"url_verification","challenge":"abc"}"#;
//! let signature = secret.sign("1531420618", body);
//! let now = UNIX_EPOCH + Duration::from_secs(1531420618 + 10);
//! assert_eq!(secret.verify_request(Some("1531420618"), Some(&signature), body, now), Ok(()));
//! assert_eq!(
//!     secret.verify_request(Some("1531420618"), None, body, now),
//!     Err(SignatureError::MissingHeader { header: "X-Slack-Signature" })
//! );
//! ```

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The header carrying the signature.
pub const SIGNATURE_HEADER: &str = "X-Slack-Signature";
/// The header carrying the request's Unix timestamp.
pub const TIMESTAMP_HEADER: &str = "X-Slack-Request-Timestamp";
/// The header Slack numbers an Events API delivery's retries with (`1`, `2`, `3`).
pub const RETRY_NUM_HEADER: &str = "X-Slack-Retry-Num";
/// The header with the reason of a retry (`http_timeout`, `http_error`, ...).
pub const RETRY_REASON_HEADER: &str = "X-Slack-Retry-Reason";
/// The response header that asks Slack not to retry a delivery.
pub const NO_RETRY_HEADER: &str = "X-Slack-No-Retry";
/// How old a signed request may be.
pub const MAX_AGE: Duration = Duration::from_secs(5 * 60);

/// An app's signing secret. Neither `Debug` nor `Display` shows it, and no error carries it.
#[derive(Clone)]
pub struct SigningSecret(String);

/// Why a request's signature was refused. None of them carries the secret or the body.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignatureError {
    /// A header the check needs is absent: [`SIGNATURE_HEADER`] or [`TIMESTAMP_HEADER`].
    MissingHeader {
        /// The header's name.
        header: &'static str,
    },
    /// The timestamp is not a Unix time in seconds (ASCII digits only: no sign, no fraction).
    BadTimestamp,
    /// The request is more than five minutes from now (a replay, or a wrong clock).
    Stale {
        /// How far from now it is, in seconds.
        age_secs: u64,
    },
    /// The signature is not `v0=` followed by exactly 64 lower-case hex digits (`[0-9a-f]`, as
    /// Slack sends them; upper case and signs are refused).
    Malformed,
    /// The signature does not match the body.
    Mismatch,
}

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignatureError::MissingHeader { header } => {
                write!(f, "the `{header}` header is missing")
            }
            SignatureError::BadTimestamp => f.write_str("the request timestamp is not a Unix time"),
            SignatureError::Stale { age_secs } => write!(
                f,
                "the request is {age_secs}s old; at most 300s are allowed"
            ),
            SignatureError::Malformed => {
                f.write_str("the signature is not `v0=` and 64 lower-case hex digits")
            }
            SignatureError::Mismatch => {
                f.write_str("the signature does not match the request body")
            }
        }
    }
}

impl std::error::Error for SignatureError {}

impl fmt::Debug for SigningSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningSecret([redacted])")
    }
}

impl fmt::Display for SigningSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl SigningSecret {
    /// Wraps the app's signing secret.
    pub fn new(secret: impl Into<String>) -> Self {
        SigningSecret(secret.into())
    }

    /// Whether the secret is empty (a configuration mistake: anyone can sign with it).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn mac(&self, timestamp: &str, body: &[u8]) -> Hmac<Sha256> {
        // HMAC accepts keys of any length, so this cannot fail.
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.0.as_bytes())
            .expect("HMAC takes any key length");
        mac.update(b"v0:");
        mac.update(timestamp.as_bytes());
        mac.update(b":");
        mac.update(body);
        mac
    }

    /// The signature Slack would send for this timestamp and raw body (`v0=<hex>`).
    pub fn sign(&self, timestamp: &str, body: &[u8]) -> String {
        let digest = self.mac(timestamp, body).finalize().into_bytes();
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        format!("v0={hex}")
    }

    /// Checks a request from its two headers' values (`None` when a header is absent) and its
    /// raw body, at time `now`: a missing header is [`SignatureError::MissingHeader`], then the
    /// checks of [`SigningSecret::verify`].
    pub fn verify_request(
        &self,
        timestamp: Option<&str>,
        signature: Option<&str>,
        body: &[u8],
        now: SystemTime,
    ) -> Result<(), SignatureError> {
        let timestamp = timestamp.ok_or(SignatureError::MissingHeader {
            header: TIMESTAMP_HEADER,
        })?;
        let signature = signature.ok_or(SignatureError::MissingHeader {
            header: SIGNATURE_HEADER,
        })?;
        self.verify(timestamp, body, signature, now)
    }

    /// Checks a request from its headers and raw body, at time `now`. A header that is not
    /// visible ASCII counts as malformed ([`SignatureError::BadTimestamp`] or
    /// [`SignatureError::Malformed`]); a header sent twice counts by its first value.
    pub fn verify_headers(
        &self,
        headers: &http::HeaderMap,
        body: &[u8],
        now: SystemTime,
    ) -> Result<(), SignatureError> {
        let timestamp = match headers.get(TIMESTAMP_HEADER) {
            None => None,
            Some(value) => Some(value.to_str().map_err(|_| SignatureError::BadTimestamp)?),
        };
        let signature = match headers.get(SIGNATURE_HEADER) {
            None => None,
            Some(value) => Some(value.to_str().map_err(|_| SignatureError::Malformed)?),
        };
        self.verify_request(timestamp, signature, body, now)
    }

    /// Checks a request's signature against its raw body, at time `now`.
    pub fn verify(
        &self,
        timestamp: &str,
        body: &[u8],
        signature: &str,
        now: SystemTime,
    ) -> Result<(), SignatureError> {
        let sent = parse_timestamp(timestamp.trim()).ok_or(SignatureError::BadTimestamp)?;
        let now = now
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let age_secs = now.abs_diff(sent);
        if age_secs > MAX_AGE.as_secs() {
            return Err(SignatureError::Stale { age_secs });
        }
        let expected = signature
            .strip_prefix("v0=")
            .and_then(decode_hex)
            .ok_or(SignatureError::Malformed)?;
        self.mac(timestamp.trim(), body)
            .verify_slice(&expected)
            .map_err(|_| SignatureError::Mismatch)
    }
}

/// A Unix time in seconds: ASCII digits only (no sign, which `u64::from_str` would accept).
fn parse_timestamp(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// The 32 bytes of a signature written as exactly 64 lower-case hex digits, as Slack sends
/// them. Anything else (upper case, a sign, which `u8::from_str_radix` would accept, another
/// length) is malformed rather than a mismatch.
fn decode_hex(text: &str) -> Option<Vec<u8>> {
    fn digit(b: u8) -> Option<u8> {
        match b {
            b'0'..=b'9' => Some(b - b'0'),
            b'a'..=b'f' => Some(b - b'a' + 10),
            _ => None,
        }
    }
    let bytes = text.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    bytes
        .chunks_exact(2)
        .map(|pair| Some(digit(pair[0])? << 4 | digit(pair[1])?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Slack's worked example from "Verifying requests from Slack".
    const SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";
    const TIMESTAMP: &str = "1531420618";
    const BODY: &str = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    const SIGNATURE: &str = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds)
    }

    #[test]
    fn the_documented_example_verifies() {
        let secret = SigningSecret::new(SECRET);
        assert_eq!(secret.sign(TIMESTAMP, BODY.as_bytes()), SIGNATURE);
        assert_eq!(
            secret.verify(TIMESTAMP, BODY.as_bytes(), SIGNATURE, at(1531420618 + 60)),
            Ok(())
        );
    }

    #[test]
    fn tampering_replays_and_garbage_are_refused() {
        let secret = SigningSecret::new(SECRET);
        let now = at(1531420618);
        let tampered = BODY.replace("roadrunner", "coyote");
        assert_eq!(
            secret.verify(TIMESTAMP, tampered.as_bytes(), SIGNATURE, now),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            SigningSecret::new("other").verify(TIMESTAMP, BODY.as_bytes(), SIGNATURE, now),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            secret.verify(TIMESTAMP, BODY.as_bytes(), SIGNATURE, at(1531420618 + 301)),
            Err(SignatureError::Stale { age_secs: 301 })
        );
        for bad in ["soon", "+1531420618", "-1531420618", "", "1531420618.0"] {
            assert_eq!(
                secret.verify(bad, BODY.as_bytes(), SIGNATURE, now),
                Err(SignatureError::BadTimestamp),
                "{bad}"
            );
        }
        for bad in [
            "a2114d57",
            "v1=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
            "v0=zz",
            "v0=é2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b50",
            "v0=+2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
            "v0=A2114D57B48EAC39B9AD189DD8316235A7B4A8D21A10BD27519666489C69B503",
            "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b5030",
        ] {
            assert_eq!(
                secret.verify(TIMESTAMP, BODY.as_bytes(), bad, now),
                Err(SignatureError::Malformed),
                "{bad}"
            );
        }
        assert_eq!(format!("{secret:?}"), "SigningSecret([redacted])");
        assert_eq!(format!("{secret}"), "[redacted]");
    }

    fn headers(timestamp: Option<&str>, signature: Option<&str>) -> http::HeaderMap {
        let mut headers = http::HeaderMap::new();
        if let Some(timestamp) = timestamp {
            headers.insert(TIMESTAMP_HEADER, timestamp.parse().unwrap());
        }
        if let Some(signature) = signature {
            headers.insert(SIGNATURE_HEADER, signature.parse().unwrap());
        }
        headers
    }

    #[test]
    fn a_whole_request_verifies_and_each_tampering_is_named() {
        let secret = SigningSecret::new(SECRET);
        let now = at(1531420618 + 299);
        let body = BODY.as_bytes();
        let check =
            |headers: &http::HeaderMap, body: &[u8]| secret.verify_headers(headers, body, now);
        assert_eq!(
            check(&headers(Some(TIMESTAMP), Some(SIGNATURE)), body),
            Ok(())
        );
        // The body: one character changed.
        let tampered = BODY.replace("text=&", "text=x&");
        assert_eq!(
            check(
                &headers(Some(TIMESTAMP), Some(SIGNATURE)),
                tampered.as_bytes()
            ),
            Err(SignatureError::Mismatch)
        );
        // The timestamp: moved within the window, it no longer matches the signature; moved
        // out of it, the request is stale before the signature is looked at.
        assert_eq!(
            check(&headers(Some("1531420619"), Some(SIGNATURE)), body),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            secret.verify_headers(
                &headers(Some(TIMESTAMP), Some(SIGNATURE)),
                body,
                at(1531420618 - 301)
            ),
            Err(SignatureError::Stale { age_secs: 301 })
        );
        assert_eq!(
            check(&headers(Some("1531420618.5"), Some(SIGNATURE)), body),
            Err(SignatureError::BadTimestamp)
        );
        // The secret.
        assert_eq!(
            SigningSecret::new("8f742231b10e8888abcd99yyyzzz85a6").verify_headers(
                &headers(Some(TIMESTAMP), Some(SIGNATURE)),
                body,
                now
            ),
            Err(SignatureError::Mismatch)
        );
        // The headers.
        assert_eq!(
            check(&headers(None, Some(SIGNATURE)), body),
            Err(SignatureError::MissingHeader {
                header: TIMESTAMP_HEADER
            })
        );
        assert_eq!(
            check(&headers(Some(TIMESTAMP), None), body),
            Err(SignatureError::MissingHeader {
                header: SIGNATURE_HEADER
            })
        );
        assert_eq!(
            check(&headers(Some(TIMESTAMP), Some("sha256=abc")), body),
            Err(SignatureError::Malformed)
        );
        let mut opaque = headers(Some(TIMESTAMP), None);
        opaque.insert(
            SIGNATURE_HEADER,
            http::HeaderValue::from_bytes(b"v0=\xff").unwrap(),
        );
        assert_eq!(check(&opaque, body), Err(SignatureError::Malformed));
        // Lower-case header names (as HTTP/2 and most servers give them) are the same headers.
        let mut lower = http::HeaderMap::new();
        lower.insert("x-slack-request-timestamp", TIMESTAMP.parse().unwrap());
        lower.insert("x-slack-signature", SIGNATURE.parse().unwrap());
        assert_eq!(check(&lower, body), Ok(()));
    }

    #[test]
    fn errors_never_carry_the_secret() {
        let secret = SigningSecret::new(SECRET);
        let errors = [
            secret.verify_request(None, None, b"", at(0)),
            secret.verify_request(Some(TIMESTAMP), None, b"", at(0)),
            secret.verify_request(Some(TIMESTAMP), Some(SIGNATURE), b"", at(0)),
            secret.verify_request(Some(TIMESTAMP), Some(SIGNATURE), b"", at(1531420618)),
        ];
        for error in errors {
            let error = error.unwrap_err();
            let shown = format!("{error} {error:?}");
            assert!(!shown.contains(SECRET), "{shown}");
        }
    }
}
