//! The serde model of the spec files, exactly as a maintainer writes them.
//!
//! Every struct denies unknown keys so that a typo in a spec file is an error, not a silently
//! ignored fact. `spec/schema.json` is derived from these types (see [`crate::schema`]), so an
//! editor validates spec files against the same rules the loader applies.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use crate::types::TypeRef;

/// One Web API method: `spec/methods/<wire name>.json`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MethodFile {
    /// Optional pointer to the schema, for editors; ignored by the generator.
    #[serde(rename = "$schema", default)]
    pub schema: Option<String>,
    /// Wire name of the method, e.g. `conversations.inviteShared`. Must match the file name.
    pub name: String,
    /// One-line description, as documented.
    pub description: String,
    /// Longer usage notes from the method's documentation page.
    #[serde(default)]
    pub usage: Option<String>,
    /// Address of the method's reference page.
    pub docs_url: String,
    /// HTTP verb the SDK uses for this method (see `decisions` where the docs disagree).
    pub http_method: HttpMethod,
    /// Request body encodings the SDK relies on, most preferred first.
    pub content_types: Vec<ContentType>,
    /// Why the first content type is the one the SDK sends.
    pub encoding_reason: String,
    /// Rate-limit tier of the method.
    pub rate_limit_tier: RateLimitTier,
    /// OAuth scopes required, by token type.
    pub scopes: Scopes,
    /// Cursor pagination, when the method pages its results.
    #[serde(default)]
    pub pagination: Option<Pagination>,
    /// Arguments other than `token` (the token is transport, sent by the client as a header).
    #[serde(default)]
    pub arguments: Vec<Field>,
    /// Rules over several arguments.
    #[serde(default)]
    pub argument_rules: Vec<ArgumentRule>,
    /// Object shapes used only by this method.
    #[serde(default)]
    pub objects: Vec<ObjectDef>,
    /// The success response body (besides the envelope's `ok`).
    pub response: Response,
    /// Method-specific error codes. The shared common errors are added unless `common_errors` is false.
    pub errors: Vec<ErrorDef>,
    /// Whether the shared common errors (`spec/shared/errors.json`) apply to this method.
    #[serde(default = "yes")]
    pub common_errors: bool,
    /// Decisions taken where the sources disagree, each with its reasoning and sources.
    #[serde(default)]
    pub decisions: Vec<Decision>,
    /// Where the facts in this file come from.
    pub sources: Vec<String>,
}

fn yes() -> bool {
    true
}

/// HTTP verb.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum HttpMethod {
    /// `GET`: arguments in the query string.
    #[serde(rename = "GET")]
    Get,
    /// `POST`: arguments in the body.
    #[serde(rename = "POST")]
    Post,
}

/// A request body encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum ContentType {
    /// `application/x-www-form-urlencoded`
    #[serde(rename = "application/x-www-form-urlencoded")]
    Form,
    /// `application/json`
    #[serde(rename = "application/json")]
    Json,
}

/// Slack's rate-limit tiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RateLimitTier {
    /// Tier 1: 1+ per minute.
    Tier1,
    /// Tier 2: 20+ per minute.
    Tier2,
    /// Tier 3: 50+ per minute.
    Tier3,
    /// Tier 4: 100+ per minute.
    Tier4,
    /// A method-specific limit.
    Special,
}

/// Required OAuth scopes by token type.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scopes {
    /// Scopes for a bot token (`xoxb-`).
    #[serde(default)]
    pub bot: Vec<String>,
    /// Scopes for a user token (`xoxp-`).
    #[serde(default)]
    pub user: Vec<String>,
    /// Scopes for an app-level token (`xapp-`), e.g. `connections:write` for Socket Mode.
    #[serde(default)]
    pub app: Vec<String>,
}

/// How a method pages its results.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pagination {
    /// The argument carrying the cursor.
    pub cursor_argument: String,
    /// The argument carrying the page size.
    pub limit_argument: String,
    /// The response field holding the page's items (an array).
    pub items_field: String,
}

/// An argument, a response field or an object property.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// Wire name.
    pub name: String,
    /// Type expression: `string`, `integer`, `number`, `boolean`, `json`, an ID or object name, or `array<T>`.
    #[serde(rename = "type")]
    pub ty: TypeRef,
    /// Whether the field must be present. Absent fields are optional.
    #[serde(default)]
    pub required: bool,
    /// Description, as documented.
    pub description: String,
    /// Documented default value.
    #[serde(default)]
    pub default: Option<serde_json::Value>,
    /// Documented example value.
    #[serde(default)]
    pub example: Option<serde_json::Value>,
    /// Constraints checked before a request is sent.
    #[serde(default)]
    pub constraints: Constraints,
    /// A credential (such as the Events API's verification token): held in a type that never
    /// prints its value. Strings only.
    #[serde(default)]
    pub secret: bool,
    /// Maintainer notes: disagreements between sources, quirks.
    #[serde(default)]
    pub notes: Option<String>,
    /// Attributes in which this item deliberately differs from Slack's method reference, each
    /// with the upstream value that was reviewed, explained by `notes`; `cargo xtask docs-audit`
    /// acknowledges exactly these differences, and only while upstream still says the same.
    #[serde(default)]
    pub differs_from_upstream: Vec<UpstreamDifference>,
}

/// A deliberate difference from Slack's method reference, pinned to the upstream value it
/// accepted: a different upstream value later is drift again, not silently acknowledged.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpstreamDifference {
    /// What differs.
    pub attribute: UpstreamAttribute,
    /// Upstream's value of the attribute when the difference was accepted, as
    /// `cargo xtask docs-audit` reads it (`null` when upstream gives none; `false` for an item
    /// upstream does not have, with `presence`).
    pub upstream: serde_json::Value,
}

/// What an item may differ from Slack's method reference in: `presence` (on one side only),
/// `required`, `type`, `default`, `description`, or a constraint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum UpstreamAttribute {
    /// The item exists on one side only.
    Presence,
    /// Whether the item is required.
    Required,
    /// Its type.
    Type,
    /// Its default value.
    Default,
    /// Its description.
    Description,
    /// The `max_length` constraint (upstream `maxLength`).
    MaxLength,
    /// The `min_length` constraint (upstream `minLength`).
    MinLength,
    /// The `minimum` constraint.
    Minimum,
    /// The `maximum` constraint.
    Maximum,
    /// The `min_items` constraint (upstream `minItems`).
    MinItems,
    /// The `max_items` constraint (upstream `maxItems`).
    MaxItems,
    /// The `allowed_values` constraint (upstream `enum`).
    AllowedValues,
}

impl UpstreamAttribute {
    /// Every attribute, in the order reports list them.
    pub const ALL: [UpstreamAttribute; 12] = [
        UpstreamAttribute::Presence,
        UpstreamAttribute::Required,
        UpstreamAttribute::Type,
        UpstreamAttribute::Default,
        UpstreamAttribute::Description,
        UpstreamAttribute::MaxLength,
        UpstreamAttribute::MinLength,
        UpstreamAttribute::Minimum,
        UpstreamAttribute::Maximum,
        UpstreamAttribute::MinItems,
        UpstreamAttribute::MaxItems,
        UpstreamAttribute::AllowedValues,
    ];

    /// The name the spec writes.
    pub fn name(self) -> &'static str {
        match self {
            UpstreamAttribute::Presence => "presence",
            UpstreamAttribute::Required => "required",
            UpstreamAttribute::Type => "type",
            UpstreamAttribute::Default => "default",
            UpstreamAttribute::Description => "description",
            UpstreamAttribute::MaxLength => "max_length",
            UpstreamAttribute::MinLength => "min_length",
            UpstreamAttribute::Minimum => "minimum",
            UpstreamAttribute::Maximum => "maximum",
            UpstreamAttribute::MinItems => "min_items",
            UpstreamAttribute::MaxItems => "max_items",
            UpstreamAttribute::AllowedValues => "allowed_values",
        }
    }
}

impl std::fmt::Display for UpstreamAttribute {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Constraints on a single value.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Constraints {
    /// Most characters a string may have.
    #[serde(default)]
    pub max_length: Option<u64>,
    /// Fewest characters a string may have.
    #[serde(default)]
    pub min_length: Option<u64>,
    /// Smallest allowed integer.
    #[serde(default)]
    pub minimum: Option<i64>,
    /// Largest allowed integer.
    #[serde(default)]
    pub maximum: Option<i64>,
    /// Fewest items an array may have.
    #[serde(default)]
    pub min_items: Option<u64>,
    /// Most items an array may have.
    #[serde(default)]
    pub max_items: Option<u64>,
    /// The only values a string may take.
    #[serde(default)]
    pub allowed_values: Option<Vec<String>>,
}

/// A rule over several arguments.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ArgumentRule {
    /// The kind of rule.
    pub rule: RuleKind,
    /// The arguments it covers (wire names).
    pub arguments: Vec<String>,
    /// The documented wording of the rule.
    pub description: String,
    /// For `exactly_one_of`: a name for the choice (e.g. `recipient`). The generator then emits
    /// an enum with one variant per argument and a setter that sets one and clears the others.
    #[serde(default)]
    pub choice: Option<String>,
}

/// Kinds of multi-argument rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// Exactly one of the arguments must be given.
    ExactlyOneOf,
    /// At least one of the arguments must be given.
    AtLeastOneOf,
}

/// A named object shape.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectDef {
    /// Name used in type expressions, e.g. `team`.
    pub name: String,
    /// What the object is.
    pub description: String,
    /// Its properties; `required` marks the required properties.
    pub fields: Vec<Field>,
    /// Maintainer notes.
    #[serde(default)]
    pub notes: Option<String>,
}

/// The success response of a method.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// Fields besides `ok`; unknown fields are tolerated when decoding.
    pub fields: Vec<Field>,
    /// Maintainer notes.
    #[serde(default)]
    pub notes: Option<String>,
}

/// A documented error code.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorDef {
    /// The wire code, e.g. `channel_not_found`.
    pub code: String,
    /// Description, as documented.
    pub description: String,
    /// Set when a method-specific error reuses a common code: this description replaces the common one.
    #[serde(default)]
    pub overrides_common: bool,
    /// Whether the same request may succeed if sent again later, because Slack did not act on it
    /// (rate limited, service unavailable, a truncated body). The SDK's `is_retryable()` reads it;
    /// it never retries API errors on its own.
    #[serde(default)]
    pub retryable: bool,
    /// Maintainer notes.
    #[serde(default)]
    pub notes: Option<String>,
    /// Attributes in which this error deliberately differs from Slack's method reference
    /// (`presence`, `description`), each with the upstream value reviewed, explained by `notes`.
    #[serde(default)]
    pub differs_from_upstream: Vec<UpstreamDifference>,
}

/// A decision taken where sources disagree.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// What was in question, e.g. `http_method`.
    pub topic: String,
    /// What the spec does and why.
    pub decision: String,
    /// The sources weighed.
    pub sources: Vec<String>,
    /// When the topic is one `cargo xtask docs-audit` compares (`http_method`,
    /// `rate_limit_tier`, `argument limit maximum`, ...): upstream's value when the decision was
    /// taken (`null` when upstream gave none). The audit accepts the decision only while
    /// upstream still says this; a decision on a compared topic must record it.
    #[serde(default, deserialize_with = "present")]
    #[schemars(with = "Option<serde_json::Value>")]
    pub upstream: Option<serde_json::Value>,
}

/// A key that is present is `Some`, even when its value is `null`: for pins, where `null` means
/// "upstream gave none" and a missing key means "no pin".
fn present<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<serde_json::Value>, D::Error> {
    serde_json::Value::deserialize(deserializer).map(Some)
}

/// `spec/shared/ids.json`: the Slack ID types.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IdsFile {
    /// Pointer to the schema, for editors.
    #[serde(rename = "$schema", default)]
    pub schema: Option<String>,
    /// The ID types.
    pub ids: Vec<IdDef>,
}

/// A Slack ID type, e.g. `channel_id`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IdDef {
    /// Name used in type expressions.
    pub name: String,
    /// What it identifies.
    pub description: String,
    /// Prefixes the IDs are documented to carry (informative; not enforced, as Slack adds new ones).
    pub prefixes: Vec<String>,
    /// An example value.
    pub example: String,
}

/// `spec/shared/objects.json`: object shapes shared by several methods.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectsFile {
    /// Pointer to the schema, for editors.
    #[serde(rename = "$schema", default)]
    pub schema: Option<String>,
    /// The shapes.
    pub objects: Vec<ObjectDef>,
}

/// `spec/shared/errors.json`: errors every method can return.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorsFile {
    /// Pointer to the schema, for editors.
    #[serde(rename = "$schema", default)]
    pub schema: Option<String>,
    /// The common errors.
    pub common_errors: Vec<ErrorDef>,
    /// Decisions about the list.
    #[serde(default)]
    pub decisions: Vec<Decision>,
    /// Where the list comes from.
    pub sources: Vec<String>,
}

/// One Events API event: `spec/events/<type>.json`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EventFile {
    /// Pointer to the schema, for editors.
    #[serde(rename = "$schema", default)]
    pub schema: Option<String>,
    /// The event's `type`, e.g. `shared_channel_invite_accepted`. Must match the file name.
    pub name: String,
    /// One-line description, as documented.
    pub description: String,
    /// Address of the event's reference page.
    pub docs_url: String,
    /// The inner event's fields besides `type`.
    pub fields: Vec<Field>,
    /// Object shapes used only by this event.
    #[serde(default)]
    pub objects: Vec<ObjectDef>,
    /// A second documented shape of the same event, delivered to workflow triggers rather than
    /// through the Events API; generates its own struct.
    #[serde(default)]
    pub workflow_trigger: Option<PayloadDef>,
    /// Decisions taken where the sources disagree.
    #[serde(default)]
    pub decisions: Vec<Decision>,
    /// Where the facts come from.
    pub sources: Vec<String>,
}

/// A payload shape: a description and its fields.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PayloadDef {
    /// What the payload is and where it is delivered.
    pub description: String,
    /// Its fields.
    pub fields: Vec<Field>,
    /// Anything a reader should know.
    #[serde(default)]
    pub notes: Option<String>,
}

/// `spec/shared/envelopes.json`: the outer payloads the Events API posts to a request URL.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnvelopesFile {
    /// Pointer to the schema, for editors.
    #[serde(rename = "$schema", default)]
    pub schema: Option<String>,
    /// The envelopes, each told apart by its `type`.
    pub envelopes: Vec<EnvelopeDef>,
    /// Decisions taken where the sources disagree.
    #[serde(default)]
    pub decisions: Vec<Decision>,
    /// Where the facts come from.
    pub sources: Vec<String>,
}

/// One kind of Events API delivery, e.g. `event_callback`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnvelopeDef {
    /// The delivery's `type`, e.g. `url_verification`.
    pub name: String,
    /// One-line description.
    pub description: String,
    /// Address of the documentation.
    pub docs_url: String,
    /// Fields besides `type`; at most one of type `event`.
    pub fields: Vec<Field>,
    /// Anything a reader should know.
    #[serde(default)]
    pub notes: Option<String>,
}

/// `spec/shared/socket_mode.json`: the frames of a Socket Mode WebSocket.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SocketModeFile {
    /// Pointer to the schema, for editors.
    #[serde(rename = "$schema", default)]
    pub schema: Option<String>,
    /// The frames Slack sends, each told apart by its `type`.
    pub frames: Vec<EnvelopeDef>,
    /// The frame the app sends back for each envelope: its `envelope_id`.
    pub acknowledgement: PayloadDef,
    /// The documented `reason`s of a `disconnect` frame.
    pub disconnect_reasons: Vec<CodeDef>,
    /// Object shapes used by the frames.
    #[serde(default)]
    pub objects: Vec<ObjectDef>,
    /// Decisions taken where the sources disagree.
    #[serde(default)]
    pub decisions: Vec<Decision>,
    /// Where the facts come from.
    pub sources: Vec<String>,
}

/// A documented string value with its meaning, e.g. a `disconnect` frame's `reason`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeDef {
    /// The value on the wire, e.g. `refresh_requested`.
    pub code: String,
    /// What it means, as documented.
    pub description: String,
    /// Maintainer notes.
    #[serde(default)]
    pub notes: Option<String>,
}

/// Any spec file; used only to derive `spec/schema.json`.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code, clippy::large_enum_variant)]
pub(crate) enum AnySpecFile {
    Method(MethodFile),
    Ids(IdsFile),
    Objects(ObjectsFile),
    Errors(ErrorsFile),
    Event(EventFile),
    Envelopes(EnvelopesFile),
    SocketMode(SocketModeFile),
}

/// The whole spec as loaded, before validation. Ordered maps keep output deterministic.
#[derive(Debug, Clone, Default)]
pub struct Spec {
    /// Methods by wire name.
    pub methods: BTreeMap<String, Located<MethodFile>>,
    /// Events by type.
    pub events: BTreeMap<String, Located<EventFile>>,
    /// The Events API envelopes, when the spec has them.
    pub envelopes: Option<Located<EnvelopesFile>>,
    /// The Socket Mode frames, when the spec has them.
    pub socket_mode: Option<Located<SocketModeFile>>,
    /// ID types.
    pub ids: Vec<IdDef>,
    /// Shared object shapes.
    pub objects: Vec<ObjectDef>,
    /// Common errors.
    pub common_errors: Vec<ErrorDef>,
    /// Relative paths of the shared files, for error messages.
    pub ids_file: String,
    /// See `ids_file`.
    pub objects_file: String,
    /// See `ids_file`.
    pub errors_file: String,
}

/// A value with the spec-relative path of the file it came from.
#[derive(Debug, Clone)]
pub struct Located<T> {
    /// Path relative to the spec directory, e.g. `methods/conversations.inviteShared.json`.
    pub file: String,
    /// The value.
    pub value: T,
}
