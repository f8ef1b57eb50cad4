//! Reading a request the way Slack does: where the token comes from, which bodies are accepted,
//! and which common error each malformed request gets.
//!
//! Form bodies are parsed by the SDK's [`form::decode`], with the method's argument metadata from
//! the spec, so the emulator and the client share one definition of the wire conventions.

use axum::http::{header, HeaderMap, Method};
use serde_json::{Map, Value};
use slack_connect::runtime::form::{self, FormError};
use slack_connect::runtime::{MethodMeta, ValueKind};

use crate::reply::Common;

/// A request as received, before anything is interpreted.
#[derive(Debug)]
pub(crate) struct Incoming {
    pub verb: Method,
    pub headers: HeaderMap,
    pub query: Option<String>,
    pub body: Vec<u8>,
}

/// The token (if any) and the arguments as JSON, ready to deserialize into a request type.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    pub token: Option<String>,
    pub arguments: Map<String, Value>,
}

/// Why a request was refused before the method ran; each is one of Slack's common errors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Rejection {
    InvalidJson(String),
    JsonNotObject,
    InvalidFormData(&'static str),
    InvalidPostType,
    MissingPostType,
    InvalidCharset,
    Form(FormError),
    NotAuthed,
    InvalidAuth,
    NotAllowedTokenType,
    MissingScope { needed: String, provided: String },
}

impl Rejection {
    /// The common error.
    pub fn error(&self) -> Common {
        match self {
            Rejection::InvalidJson(_) => Common::InvalidJson,
            Rejection::JsonNotObject => Common::JsonNotObject,
            Rejection::InvalidFormData(_) => Common::InvalidFormData,
            Rejection::InvalidPostType => Common::InvalidPostType,
            Rejection::MissingPostType => Common::MissingPostType,
            Rejection::InvalidCharset => Common::InvalidCharset,
            // The SDK's form parser names the common error of each problem it finds.
            Rejection::Form(error) => error.common(),
            Rejection::NotAuthed => Common::NotAuthed,
            Rejection::InvalidAuth => Common::InvalidAuth,
            Rejection::NotAllowedTokenType => Common::NotAllowedTokenType,
            Rejection::MissingScope { .. } => Common::MissingScope,
        }
    }

    /// One rejection of every kind, for the check that each method documents every code a
    /// rejection can carry. [`Rejection::error`]'s exhaustive match lists the same kinds.
    #[cfg(test)]
    pub fn every_kind() -> Vec<Rejection> {
        vec![
            Rejection::InvalidJson(String::new()),
            Rejection::JsonNotObject,
            Rejection::InvalidFormData(""),
            Rejection::InvalidPostType,
            Rejection::MissingPostType,
            Rejection::InvalidCharset,
            Rejection::Form(FormError::InvalidArgName(String::new())),
            Rejection::Form(FormError::InvalidArrayArg(String::new())),
            Rejection::Form(FormError::InvalidValue {
                argument: String::new(),
                expected: "",
            }),
            Rejection::Form(FormError::TooLarge { bytes: 0 }),
            Rejection::Form(FormError::TooManyFields),
            Rejection::NotAuthed,
            Rejection::InvalidAuth,
            Rejection::NotAllowedTokenType,
            Rejection::MissingScope {
                needed: String::new(),
                provided: String::new(),
            },
        ]
    }

    /// A human-readable explanation for `response_metadata.messages`, when there is one.
    pub fn explanation(&self) -> Option<String> {
        match self {
            Rejection::InvalidJson(why) => Some(why.clone()),
            Rejection::InvalidFormData(why) => Some((*why).to_owned()),
            Rejection::Form(error) => Some(error.to_string()),
            _ => None,
        }
    }
}

/// Reads the token and arguments of a request to `method`.
///
/// GET (and HEAD) take arguments from the query string. Other verbs take them from the body
/// (JSON, a URL-encoded form or `multipart/form-data`) and, unless the body is JSON, from the
/// query string too: Slack accepts "a mix of both GET and POST parameters", and Slack's Python
/// `AsyncWebClient` sends every argument in the query string of a POST with no body. An
/// argument given in both places takes the body's value, as a body is the POST's own payload
/// (and PHP-style servers, Slack's included, let POST fields override query fields). A JSON body
/// is read alone: Slack's docs say not to mix JSON with query or form arguments.
///
/// A token is taken from `Authorization: Bearer`, else from a form field; Slack refuses tokens
/// in the query string and in JSON bodies, so those are ignored.
pub(crate) fn parse(incoming: &Incoming, method: &MethodMeta) -> Result<Parsed, Rejection> {
    let bearer = bearer_token(&incoming.headers);
    let query = || -> Result<Parsed, Rejection> {
        let query = incoming.query.as_deref().unwrap_or("");
        let mut parsed = parse_form(query.as_bytes(), method)?;
        parsed.token = None;
        Ok(parsed)
    };
    let mut parsed = if incoming.verb == Method::GET || incoming.verb == Method::HEAD {
        query()?
    } else {
        let (body, is_json) = parse_body(&incoming.headers, &incoming.body, method)?;
        if is_json {
            body
        } else {
            let mut merged = query()?;
            merged.arguments.extend(body.arguments);
            merged.token = body.token;
            merged
        }
    };
    if bearer.is_some() {
        parsed.token = bearer;
    }
    Ok(parsed)
}

/// The token of an `Authorization: Bearer <token>` header; other schemes count as no token.
fn bearer_token(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then(|| token.to_owned())
}

/// The body kinds Slack accepts.
enum BodyKind {
    Json,
    Form,
    Multipart,
}

/// The body's token and arguments, and whether it was JSON.
fn parse_body(
    headers: &HeaderMap,
    body: &[u8],
    method: &MethodMeta,
) -> Result<(Parsed, bool), Rejection> {
    let Some(content_type) = headers.get(header::CONTENT_TYPE) else {
        return if body.is_empty() {
            Ok((Parsed::default(), false))
        } else {
            Err(Rejection::MissingPostType)
        };
    };
    let content_type = content_type
        .to_str()
        .map_err(|_| Rejection::InvalidPostType)?;
    let (kind, latin1) = body_kind(content_type)?;
    let is_json = matches!(kind, BodyKind::Json);
    // A call without arguments may arrive with a content type and no body (Slack's Python SDK
    // sends exactly that); it means "no arguments", as on Slack.
    if body.trim_ascii().is_empty() {
        return Ok((Parsed::default(), is_json));
    }
    let parsed = match kind {
        BodyKind::Multipart => {
            let boundary =
                crate::multipart::boundary(content_type).map_err(Rejection::InvalidFormData)?;
            if body.len() > form::MAX_FORM_BYTES {
                return Err(Rejection::Form(FormError::TooLarge { bytes: body.len() }));
            }
            let fields =
                crate::multipart::fields(body, &boundary).map_err(Rejection::InvalidFormData)?;
            let form = form::decode_fields(fields, method).map_err(Rejection::Form)?;
            Parsed {
                token: form.token,
                arguments: form.arguments,
            }
        }
        BodyKind::Form => parse_form(decode_text(body, latin1)?.as_bytes(), method)?,
        BodyKind::Json => parse_json(&decode_text(body, latin1)?, method)?,
    };
    Ok((parsed, is_json))
}

/// The body kind and whether the charset is ISO-8859-1, from a `Content-Type` header.
fn body_kind(content_type: &str) -> Result<(BodyKind, bool), Rejection> {
    let mut parts = content_type.split(';');
    let media = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    let mut latin1 = false;
    for parameter in parts {
        let Some((name, value)) = parameter.split_once('=') else {
            continue;
        };
        if !name.trim().eq_ignore_ascii_case("charset") {
            continue;
        }
        let charset = value.trim().trim_matches('"').to_ascii_lowercase();
        match charset.as_str() {
            "utf-8" | "utf8" => {}
            "iso-8859-1" | "latin1" => latin1 = true,
            _ => return Err(Rejection::InvalidCharset),
        }
    }
    let kind = match media.as_str() {
        "application/json" => BodyKind::Json,
        // Slack reads text/plain bodies as forms.
        "application/x-www-form-urlencoded" | "text/plain" => BodyKind::Form,
        "multipart/form-data" => BodyKind::Multipart,
        _ => return Err(Rejection::InvalidPostType),
    };
    Ok((kind, latin1))
}

/// The body as text: ISO-8859-1 maps byte for byte; otherwise it must be UTF-8.
fn decode_text(body: &[u8], latin1: bool) -> Result<String, Rejection> {
    if latin1 {
        return Ok(body.iter().map(|&b| char::from(b)).collect());
    }
    String::from_utf8(body.to_vec())
        .map_err(|_| Rejection::InvalidFormData("the body is not valid UTF-8"))
}

fn parse_form(body: &[u8], method: &MethodMeta) -> Result<Parsed, Rejection> {
    let body = body.trim_ascii();
    if body.iter().any(|b| b.is_ascii_control()) {
        return Err(Rejection::InvalidFormData(
            "the form body contains control characters",
        ));
    }
    let form = form::decode(body, method).map_err(Rejection::Form)?;
    Ok(Parsed {
        token: form.token,
        arguments: form.arguments,
    })
}

fn parse_json(text: &str, method: &MethodMeta) -> Result<Parsed, Rejection> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| Rejection::InvalidJson(e.to_string()))?;
    let Value::Object(object) = value else {
        return Err(Rejection::JsonNotObject);
    };
    let mut arguments = Map::new();
    for (name, value) in object {
        let Some(argument) = method.argument(&name) else {
            continue; // unknown arguments, and `token`, are ignored as Slack does
        };
        let value = match value {
            Value::String(text) if argument.kind != ValueKind::String => {
                coerce(&name, &text, argument.kind)?
            }
            other => other,
        };
        arguments.insert(name, value);
    }
    Ok(Parsed {
        token: None,
        arguments,
    })
}

/// A string given in JSON for a non-string argument (`"invite_ids": "I1,I2"`, `"limit": "50"`)
/// is read with the form conventions, as Slack accepts it, by the SDK's own parser.
fn coerce(name: &str, text: &str, kind: ValueKind) -> Result<Value, Rejection> {
    form::parse_value(text, kind).ok_or_else(|| {
        Rejection::Form(form::FormError::InvalidValue {
            argument: name.to_owned(),
            expected: kind.expected(),
        })
    })
}
