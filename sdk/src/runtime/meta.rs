//! Method metadata, as recorded in the spec: verb, encoding, tier, scopes, pagination.

use std::fmt;

/// HTTP verb a method is called with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HttpMethod {
    /// `GET`
    Get,
    /// `POST`
    Post,
}

impl HttpMethod {
    /// The verb as written on the wire.
    pub const fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
        }
    }
}

/// A request body encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ContentType {
    /// `application/x-www-form-urlencoded`
    Form,
    /// `application/json`
    Json,
}

impl ContentType {
    /// The media type.
    pub const fn as_str(self) -> &'static str {
        match self {
            ContentType::Form => "application/x-www-form-urlencoded",
            ContentType::Json => "application/json",
        }
    }
}

/// Slack's rate-limit tiers, evaluated per method, per workspace, per app.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RateLimitTier {
    /// Tier 1: 1+ requests per minute.
    Tier1,
    /// Tier 2: 20+ requests per minute.
    Tier2,
    /// Tier 3: 50+ requests per minute.
    Tier3,
    /// Tier 4: 100+ requests per minute.
    Tier4,
    /// A limit specific to the method.
    Special,
}

impl RateLimitTier {
    /// The documented minimum number of requests per minute, if the tier has one.
    pub const fn per_minute(self) -> Option<u32> {
        match self {
            RateLimitTier::Tier1 => Some(1),
            RateLimitTier::Tier2 => Some(20),
            RateLimitTier::Tier3 => Some(50),
            RateLimitTier::Tier4 => Some(100),
            RateLimitTier::Special => None,
        }
    }
}

impl fmt::Display for RateLimitTier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tier = match self {
            RateLimitTier::Tier1 => 1,
            RateLimitTier::Tier2 => 2,
            RateLimitTier::Tier3 => 3,
            RateLimitTier::Tier4 => 4,
            RateLimitTier::Special => return f.write_str("Special"),
        };
        let per_minute = self.per_minute().unwrap_or_default();
        write!(f, "Tier {tier} ({per_minute}+ per minute)")
    }
}

/// How a method pages its results.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PaginationMeta {
    /// Argument carrying the cursor.
    pub cursor_argument: &'static str,
    /// Argument carrying the page size.
    pub limit_argument: &'static str,
    /// Response field holding the items.
    pub items_field: &'static str,
    /// JSON pointer to the next page's cursor in a response, e.g.
    /// `/response_metadata/next_cursor`; an empty or absent cursor means the last page.
    pub next_cursor_pointer: &'static str,
}

/// Everything the spec says about a method besides its arguments, response and errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MethodMeta {
    /// Wire name, e.g. `conversations.inviteShared`.
    pub name: &'static str,
    /// One-line description.
    pub description: &'static str,
    /// Reference page.
    pub docs_url: &'static str,
    /// Verb the SDK uses.
    pub http_method: HttpMethod,
    /// Encodings the SDK relies on, the one it sends first.
    pub content_types: &'static [ContentType],
    /// Why the first content type is the one sent.
    pub encoding_reason: &'static str,
    /// Rate-limit tier.
    pub rate_limit_tier: RateLimitTier,
    /// Scopes a bot token needs.
    pub bot_scopes: &'static [&'static str],
    /// Scopes a user token needs.
    pub user_scopes: &'static [&'static str],
    /// Scopes an app-level token (`xapp-`) needs.
    pub app_scopes: &'static [&'static str],
    /// Cursor pagination, if any.
    pub pagination: Option<PaginationMeta>,
    /// The arguments (besides the token), in spec order.
    pub arguments: &'static [ArgumentMeta],
    /// The `slack-connect` command line's subcommand path, e.g.
    /// `["conversations", "request-shared-invite", "list"]`.
    pub cli_command: &'static [&'static str],
}

impl MethodMeta {
    /// The argument with this wire name.
    pub fn argument(&self, name: &str) -> Option<&'static ArgumentMeta> {
        self.arguments.iter().find(|a| a.name == name)
    }
}

/// The shape of an argument's value on the wire, enough to encode or parse a form field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ValueKind {
    /// Text (including Slack IDs).
    String,
    /// A whole number.
    Integer,
    /// A floating-point number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// An array of the given scalar kind; comma-joined in a form body.
    Array(&'static ValueKind),
    /// A JSON object; a JSON string in a form body.
    Object,
    /// Any JSON value.
    Json,
}

impl ValueKind {
    /// What a value of this kind looks like as text, for error messages ("an integer").
    pub fn expected(self) -> &'static str {
        match self {
            ValueKind::String => "a string",
            ValueKind::Integer => "an integer",
            ValueKind::Number => "a number",
            ValueKind::Boolean => "a boolean (true, false, 1 or 0)",
            ValueKind::Array(_) => "a comma-separated list or a JSON array",
            ValueKind::Object => "a JSON object",
            ValueKind::Json => "JSON",
        }
    }
}

/// An argument of a method, from the spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ArgumentMeta {
    /// Wire name.
    pub name: &'static str,
    /// Documented description.
    pub description: &'static str,
    /// Spec type expression, e.g. `array<user_id>`.
    pub spec_type: &'static str,
    /// Shape on the wire.
    pub kind: ValueKind,
    /// Whether the argument is required.
    pub required: bool,
    /// The documented default, as JSON text (`100`, `true`), if the spec records one.
    pub default: Option<&'static str>,
    /// The constraints the spec records (checked by the request's `validate()`).
    pub constraints: ConstraintsMeta,
    /// For an object argument, its properties (required ones marked); empty otherwise.
    pub fields: &'static [ArgumentMeta],
    /// How the `slack-connect` command line spells it.
    pub cli: CliMeta,
}

/// The command-line flags of an argument, computed by the generator with the SDK's other names
/// and checked there for collisions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CliMeta {
    /// The flag, without `--`: `include-denied`; for a property of a flattened object,
    /// `message-text`.
    pub flag: &'static str,
    /// For a boolean argument, the flag sending false: `no-include-denied`.
    pub negated: Option<&'static str>,
    /// For an array argument, the singular alias (`email` for `emails`).
    pub alias: Option<&'static str>,
    /// For an object whose properties are all scalars: each property has its own flag (its
    /// `fields`' `cli.flag`), besides the JSON one.
    pub flattened: bool,
}

/// Constraints on one value, as recorded in the spec.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ConstraintsMeta {
    /// Fewest characters of a string.
    pub min_length: Option<u64>,
    /// Most characters of a string.
    pub max_length: Option<u64>,
    /// Smallest integer.
    pub minimum: Option<i64>,
    /// Largest integer.
    pub maximum: Option<i64>,
    /// Fewest array items.
    pub min_items: Option<u64>,
    /// Most array items.
    pub max_items: Option<u64>,
    /// The only values a string may take; empty when any value is allowed.
    pub allowed_values: &'static [&'static str],
}

impl ArgumentMeta {
    /// The property of an object argument with this wire name.
    pub fn field(&self, name: &str) -> Option<&'static ArgumentMeta> {
        self.fields.iter().find(|f| f.name == name)
    }
}

impl MethodMeta {
    /// The encoding the SDK sends the request body in.
    pub fn encoding(&self) -> ContentType {
        self.content_types
            .first()
            .copied()
            .unwrap_or(ContentType::Form)
    }
}
