//! The small hand-written runtime that every generated method shares.
//!
//! Generated code refers to these items by path; nothing here knows about a particular method.

mod codes;
pub mod envelope;
pub mod form;
mod meta;
mod redacted;
mod server_limits;
pub mod tagged;
mod traits;
pub mod validation;

pub use codes::join_codes;
pub use envelope::{decode, ApiFailure, DecodeError, Decoded, Envelope};
pub use meta::{
    ArgumentMeta, CliMeta, ConstraintsMeta, ContentType, HttpMethod, MethodMeta, PaginationMeta,
    RateLimitTier, ValueKind,
};
pub use redacted::Redacted;
pub use server_limits::{
    ServerLimits, DEFAULT_BODY_READ_TIMEOUT, DEFAULT_HEADER_READ_TIMEOUT, DEFAULT_MAX_CONNECTIONS,
    MAX_READ_TIMEOUT,
};
pub use traits::{ApiError, ApiRequest, MethodVisitor, PaginatedRequest, PaginatedResponse};
pub use validation::{InvalidArgument, Rule};
