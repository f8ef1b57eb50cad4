//! Slack's response envelope, decoded once for every method.
//!
//! Every Web API response is a JSON object with `ok`. On failure it carries `error` (the code)
//! and, for `missing_scope`, `needed`/`provided`; on success it may carry `warning` and
//! `response_metadata`. A success body is decoded once: the envelope's keys are picked out while
//! the method's response type reads the rest (see [`decode`]).

use serde::de::{DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::ApiError;
use crate::generated::objects::ResponseMetadata;

/// The envelope fields common to every response.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Envelope {
    /// Whether the call succeeded.
    pub ok: bool,
    /// The error code when `ok` is false.
    #[serde(default)]
    pub error: Option<String>,
    /// Warning code(s), comma-separated, on success.
    #[serde(default)]
    pub warning: Option<String>,
    /// Scope the call needed (on `missing_scope`).
    #[serde(default)]
    pub needed: Option<String>,
    /// Scopes the token has (on `missing_scope`).
    #[serde(default)]
    pub provided: Option<String>,
    /// Warnings, messages and the pagination cursor.
    #[serde(default)]
    pub response_metadata: Option<ResponseMetadata>,
}

impl Envelope {
    /// Every warning code: the comma-separated `warning` plus `response_metadata.warnings`, deduplicated.
    pub fn warnings(&self) -> Vec<String> {
        let mut all: Vec<String> = Vec::new();
        let top = self.warning.iter().flat_map(|w| w.split(','));
        let meta = self
            .response_metadata
            .iter()
            .flat_map(|m| m.warnings.iter().flatten())
            .map(String::as_str);
        for code in top.chain(meta) {
            let code = code.trim();
            if !code.is_empty() && !all.iter().any(|c| c == code) {
                all.push(code.to_owned());
            }
        }
        all
    }
}

/// A method's API error with the envelope's extras.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ApiFailure<E> {
    /// The method's error, by code.
    pub error: E,
    /// The whole envelope: `needed`/`provided`, `response_metadata.messages`, ...
    pub envelope: Envelope,
}

/// The outcome of decoding a response body.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Decoded<T, E> {
    /// `ok: true`: the typed response and the envelope (for warnings).
    Success(T, Envelope),
    /// `ok: false`: the method's error.
    Failure(ApiFailure<E>),
}

/// Why a body could not be decoded.
#[derive(Debug)]
#[non_exhaustive]
pub enum DecodeError {
    /// Not a JSON object with a boolean `ok`.
    Envelope(serde_json::Error),
    /// `ok: false` without an `error` code.
    MissingErrorCode,
    /// `ok: true` but the method's response type does not match the body.
    Response(serde_json::Error),
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Envelope(e) => write!(f, "not a Slack response envelope: {e}"),
            DecodeError::MissingErrorCode => {
                f.write_str("`ok` is false but there is no `error` code")
            }
            DecodeError::Response(e) => {
                write!(f, "the response does not match its documented shape: {e}")
            }
        }
    }
}

impl std::error::Error for DecodeError {}

/// Decodes a response body into the method's response or its error enum.
///
/// A success is decoded in a single pass: the envelope's fields are picked out of the top-level
/// object while the method's response type reads the rest. Anything else (a failure, or a body
/// that does not fit) is decoded again, field by field, to report exactly what it is; those
/// bodies are small or broken, and off the hot path.
pub fn decode<T: DeserializeOwned, E: ApiError>(body: &[u8]) -> Result<Decoded<T, E>, DecodeError> {
    // Checking UTF-8 once for the whole body (with its ASCII fast path) is cheaper than
    // serde_json checking every string separately, which it does when reading from bytes.
    if let Ok(text) = std::str::from_utf8(body) {
        let mut envelope = Envelope::default();
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let single_pass = T::deserialize(Intercept {
            inner: &mut deserializer,
            envelope: &mut envelope,
        });
        if let Ok(value) = single_pass {
            if envelope.ok && deserializer.end().is_ok() {
                return Ok(Decoded::Success(value, envelope));
            }
        }
    }
    let envelope: Envelope = serde_json::from_slice(body).map_err(DecodeError::Envelope)?;
    if !envelope.ok {
        let code = envelope
            .error
            .as_deref()
            .ok_or(DecodeError::MissingErrorCode)?;
        return Ok(Decoded::Failure(ApiFailure {
            error: E::from_code(code),
            envelope,
        }));
    }
    // Decoded again to say where the body departs from the documented shape.
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        DecodeError::Response(if path == "." {
            inner
        } else {
            <serde_json::Error as serde::de::Error>::custom(format_args!("at `{path}`: {inner}"))
        })
    })?;
    Ok(Decoded::Success(value, envelope))
}

/// A deserializer for the top-level object that hands the envelope's keys to an [`Envelope`]
/// and every other key to the response type. `response_metadata` goes to both.
struct Intercept<'a, D> {
    inner: D,
    envelope: &'a mut Envelope,
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Intercept<'_, D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_map(InterceptVisitor {
            visitor,
            envelope: self.envelope,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

struct InterceptVisitor<'a, V> {
    visitor: V,
    envelope: &'a mut Envelope,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for InterceptVisitor<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a Slack response object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_map(InterceptMap {
            map,
            envelope: self.envelope,
            metadata: None,
        })
    }
}

struct InterceptMap<'a, A> {
    map: A,
    envelope: &'a mut Envelope,
    /// `response_metadata`, already read for the envelope, waiting to be read by the response.
    metadata: Option<serde_json::Value>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for InterceptMap<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        loop {
            let Some(key) = self.map.next_key::<String>()? else {
                return Ok(None);
            };
            let envelope = &mut *self.envelope;
            match key.as_str() {
                "ok" => envelope.ok = self.map.next_value()?,
                "error" => envelope.error = self.map.next_value()?,
                "warning" => envelope.warning = self.map.next_value()?,
                "needed" => envelope.needed = self.map.next_value()?,
                "provided" => envelope.provided = self.map.next_value()?,
                "response_metadata" => {
                    let value: serde_json::Value = self.map.next_value()?;
                    envelope.response_metadata = ResponseMetadata::deserialize(&value).ok();
                    self.metadata = Some(value);
                    return seed.deserialize(key.into_deserializer()).map(Some);
                }
                _ => return seed.deserialize(key.into_deserializer()).map(Some),
            }
        }
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        match self.metadata.take() {
            Some(value) => seed.deserialize(value).map_err(serde::de::Error::custom),
            None => self.map.next_value_seed(seed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::PaginatedResponse;
    use crate::{
        conversations::request_shared_invite::list::Error as ListError,
        conversations::request_shared_invite::list::Response as List,
    };

    fn decode_list(body: &str) -> Decoded<List, ListError> {
        decode(body.as_bytes()).unwrap()
    }

    #[test]
    fn response_metadata_reaches_both_the_envelope_and_the_response() {
        let body = r#"{"invite_requests":[{"id":"I1","date_created":1,"expires_at":2,"inviting_team":{},
                       "inviting_user":{},"target_user":{}}],"ok":true,"warning":"w1",
                       "response_metadata":{"next_cursor":"c2","warnings":["w2"]}}"#;
        let Decoded::Success(list, envelope) = decode_list(body) else {
            panic!("a success")
        };
        assert_eq!(list.next_cursor(), Some("c2"));
        assert_eq!(list.invite_requests.len(), 1);
        assert_eq!(envelope.warnings(), ["w1", "w2"]);
    }

    #[test]
    fn failures_and_odd_bodies_take_the_careful_path() {
        let Decoded::Failure(failure) = decode_list(r#"{"error":"invalid_cursor","ok":false}"#)
        else {
            panic!("a failure")
        };
        assert_eq!(failure.error, ListError::InvalidCursor);
        let missing_ok = decode::<List, ListError>(br#"{"invite_requests":[]}"#).unwrap_err();
        assert!(matches!(missing_ok, DecodeError::Envelope(_)));
        let wrong_shape =
            decode::<List, ListError>(br#"{"ok":true,"invite_requests":{}}"#).unwrap_err();
        assert!(
            matches!(wrong_shape, DecodeError::Response(_)),
            "{wrong_shape}"
        );
        let trailing =
            decode::<List, ListError>(br#"{"ok":true,"invite_requests":[]} x"#).unwrap_err();
        assert!(matches!(trailing, DecodeError::Envelope(_)));
        let no_code = decode::<List, ListError>(br#"{"ok":false}"#).unwrap_err();
        assert!(matches!(no_code, DecodeError::MissingErrorCode));
    }
}

#[cfg(test)]
mod robustness {
    use super::*;
    use crate::{
        conversations::request_shared_invite::list::Error as ListError,
        conversations::request_shared_invite::list::Response as List,
    };

    /// Mutations of a valid body (truncations, flipped and inserted bytes) never panic, and a
    /// success is only reported for a body that still has `"ok":true`.
    #[test]
    fn mutated_bodies_never_panic() {
        let valid = br#"{"ok":true,"invite_requests":[{"id":"I1","inviting_team":{"id":"T1","name":"\u00e9"},"date_created":1}],"response_metadata":{"next_cursor":"c"}}"#;
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let mut body = valid.to_vec();
            for _ in 0..(next() % 4 + 1) {
                let at = (next() as usize) % body.len();
                match next() % 3 {
                    0 => body.truncate(at),
                    1 => body[at] = next() as u8,
                    _ => body.insert(at, next() as u8),
                }
                if body.is_empty() {
                    break;
                }
            }
            if let Ok(Decoded::Success(_, envelope)) = decode::<List, ListError>(&body) {
                assert!(envelope.ok);
            }
        }
    }
}
