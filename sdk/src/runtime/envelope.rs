//! Slack's response envelope, decoded once for every method.
//!
//! Every Web API response is a JSON object with `ok`. On failure it carries `error` (the code)
//! and, for `missing_scope`, `needed`/`provided`; on success it may carry `warning` and
//! `response_metadata`. The envelope is read with a struct whose other fields are skipped
//! without being built, then the method's own response type is decoded from the same bytes.

use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::ApiError;
use crate::generated::objects::ResponseMetadata;

/// The envelope fields common to every response.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
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
pub struct ApiFailure<E> {
    /// The method's error, by code.
    pub error: E,
    /// The whole envelope: `needed`/`provided`, `response_metadata.messages`, ...
    pub envelope: Envelope,
}

/// The outcome of decoding a response body.
#[derive(Clone, Debug, PartialEq)]
pub enum Decoded<T, E> {
    /// `ok: true`: the typed response and the envelope (for warnings).
    Success(T, Envelope),
    /// `ok: false`: the method's error.
    Failure(ApiFailure<E>),
}

/// Why a body could not be decoded.
#[derive(Debug)]
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
pub fn decode<T: DeserializeOwned, E: ApiError>(body: &[u8]) -> Result<Decoded<T, E>, DecodeError> {
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
    let value = serde_json::from_slice(body).map_err(DecodeError::Response)?;
    Ok(Decoded::Success(value, envelope))
}
