//! The `signature` target: parsing and checking `X-Slack-Request-Timestamp` and
//! `X-Slack-Signature`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use slack_connect::signing::{SigningSecret, SIGNATURE_HEADER, TIMESTAMP_HEADER};

/// The secret of Slack's worked example ("Verifying requests from Slack").
const SECRET: &str = "8f742231b10e8888abcd99yyyzzz85a5";

/// Checks a request's signature in one of two ways, chosen by the low bit of `data[0]`:
///
/// - raw (even): `data[1..]` is `timestamp NUL signature NUL body`, checked as header values
///   (through a header map, and directly) at the timestamp's own time;
/// - forged (odd): `data[1]` is a position in the signature, `data[2]` a byte written there,
///   `data[3..]` the body. The body is signed correctly, then the signature is edited.
///
/// Either way a check that passes must have had the right signature (in either case of hex).
pub fn signature(data: &[u8]) {
    let secret = SigningSecret::new(SECRET);
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode & 1 == 0 {
        let mut parts = rest.splitn(3, |&b| b == 0);
        let timestamp = parts.next().unwrap_or_default();
        let signature = parts.next().unwrap_or_default();
        let body = parts.next().unwrap_or_default();
        check_headers(&secret, timestamp, signature, body);
    } else {
        let [position, byte, body @ ..] = rest else {
            return;
        };
        let timestamp = "1531420618";
        let mut signature = secret.sign(timestamp, body).into_bytes();
        let position = usize::from(*position) % (signature.len() + 1);
        if position == signature.len() {
            signature.push(*byte);
        } else {
            signature[position] = *byte;
        }
        check_headers(&secret, timestamp.as_bytes(), &signature, body);
    }
}

fn check_headers(secret: &SigningSecret, timestamp: &[u8], signature: &[u8], body: &[u8]) {
    let now = at(timestamp);
    let mut headers = http::HeaderMap::new();
    for (name, value) in [(TIMESTAMP_HEADER, timestamp), (SIGNATURE_HEADER, signature)] {
        if let Ok(value) = http::HeaderValue::from_bytes(value) {
            headers.insert(name, value);
        }
    }
    let through_headers = secret.verify_headers(&headers, body, now);
    if let Err(error) = &through_headers {
        let text = error.to_string();
        assert!(!text.is_empty() && !text.contains(SECRET), "{text}");
    }
    let (Ok(timestamp), Ok(signature)) = (
        std::str::from_utf8(timestamp),
        std::str::from_utf8(signature),
    ) else {
        assert!(
            through_headers.is_err(),
            "a header that is not text was accepted"
        );
        return;
    };
    let direct = secret.verify_request(Some(timestamp), Some(signature), body, now);
    if headers.len() == 2
        && headers
            .get(TIMESTAMP_HEADER)
            .and_then(|v| v.to_str().ok())
            .is_some()
        && headers
            .get(SIGNATURE_HEADER)
            .and_then(|v| v.to_str().ok())
            .is_some()
    {
        assert_eq!(
            through_headers, direct,
            "the header map and the values disagree"
        );
    }
    if direct.is_ok() {
        let expected = secret.sign(timestamp.trim(), body);
        assert_eq!(
            signature.to_ascii_lowercase(),
            expected,
            "a signature that is not the body's was accepted"
        );
    }
}

/// The time a timestamp claims, so that its age is zero when it parses; a fixed time otherwise.
fn at(timestamp: &[u8]) -> SystemTime {
    let seconds = std::str::from_utf8(timestamp)
        .ok()
        .and_then(|t| t.trim().parse::<u64>().ok())
        .unwrap_or(1_531_420_618);
    UNIX_EPOCH
        .checked_add(Duration::from_secs(seconds))
        .unwrap_or(UNIX_EPOCH)
}
