//! Calling a method by its wire name with JSON arguments, for tools (a command line, a REPL)
//! that pick the method at run time. The typed request still validates everything first.

use std::fmt;

use futures_util::stream::{BoxStream, StreamExt};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use super::{Client, Error};
use crate::runtime::{ApiError, ApiRequest, PaginatedRequest, PaginatedResponse};

/// Every item of a paginated method, as JSON.
pub type JsonItems = BoxStream<'static, Result<Value, DynamicError>>;

/// A failed dynamic call, flattened to what a tool prints and how it exits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DynamicError {
    /// What kind of failure.
    pub kind: DynamicErrorKind,
    /// One line describing it.
    pub message: String,
}

/// Kinds of dynamic-call failures.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DynamicErrorKind {
    /// No method has this wire name.
    UnknownMethod,
    /// The arguments do not fit the method's request type, or break a documented rule.
    InvalidArguments,
    /// Slack returned an error code.
    Api {
        /// The code.
        code: String,
        /// Its documented description.
        description: String,
        /// False when the spec does not list the code for the method.
        documented: bool,
    },
    /// Rate limited, after the retries the policy allows.
    RateLimited,
    /// Transport failure, unexpected HTTP status (a redirect included), undecodable or
    /// oversized body, or a server leading pagination in circles.
    Transport,
}

impl fmt::Display for DynamicError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DynamicError {}

impl DynamicError {
    /// No method is called `method`.
    pub fn unknown_method(method: &str) -> Self {
        DynamicError {
            kind: DynamicErrorKind::UnknownMethod,
            message: format!("unknown method `{method}`"),
        }
    }
}

impl<E: ApiError> From<Error<E>> for DynamicError {
    fn from(error: Error<E>) -> Self {
        let message = match &error {
            // The one line a tool prints says why pagination stopped, not only that it did.
            Error::Pagination { source, .. } => format!("{error}: {source}"),
            _ => error.to_string(),
        };
        let kind = match &error {
            Error::Api { failure, .. } => DynamicErrorKind::Api {
                code: failure.error.code().to_owned(),
                description: failure.error.error_description().to_owned(),
                documented: failure.error.is_documented(),
            },
            Error::InvalidArgument { .. } | Error::Encode { .. } => {
                DynamicErrorKind::InvalidArguments
            }
            Error::RateLimited { .. } => DynamicErrorKind::RateLimited,
            Error::Http { .. }
            | Error::Transport { .. }
            | Error::Decode { .. }
            | Error::Store { .. }
            | Error::Redirect { .. }
            | Error::ResponseTooLarge { .. }
            | Error::Pagination { .. } => DynamicErrorKind::Transport,
        };
        DynamicError { kind, message }
    }
}

fn parse_request<R: ApiRequest + DeserializeOwned>(
    arguments: Map<String, Value>,
) -> Result<R, DynamicError> {
    serde_json::from_value(Value::Object(arguments)).map_err(|e| DynamicError {
        kind: DynamicErrorKind::InvalidArguments,
        message: format!("{}: invalid arguments: {e}", R::METHOD.name),
    })
}

fn to_json<T: Serialize>(method: &str, value: &T) -> Result<Value, DynamicError> {
    serde_json::to_value(value).map_err(|e| DynamicError {
        kind: DynamicErrorKind::Transport,
        message: format!("{method}: the response could not be re-encoded: {e}"),
    })
}

impl Client {
    /// Calls the method of request type `R` with JSON arguments; the response comes back as JSON.
    pub async fn call_json_as<R>(
        &self,
        arguments: Map<String, Value>,
    ) -> Result<Value, DynamicError>
    where
        R: ApiRequest + DeserializeOwned,
        R::Response: Serialize,
    {
        let request: R = parse_request(arguments)?;
        let response = self.call(&request).await?;
        to_json(R::METHOD.name, &response)
    }

    /// Every item of the paginated method of request type `R`, as JSON.
    pub fn items_json_as<R>(
        &self,
        arguments: Map<String, Value>,
        page_size: Option<i64>,
    ) -> JsonItems
    where
        R: PaginatedRequest + DeserializeOwned + 'static,
        <R::Response as PaginatedResponse>::Item: Serialize + Send + 'static,
    {
        match parse_request::<R>(arguments) {
            Ok(request) => self
                .items(request, page_size)
                .map(|item| match item {
                    Ok(item) => to_json(R::METHOD.name, &item),
                    Err(error) => Err(DynamicError::from(error)),
                })
                .boxed(),
            Err(error) => futures_util::stream::once(async move { Err(error) }).boxed(),
        }
    }
}
