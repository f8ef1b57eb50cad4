//! The intermediate representation between the spec and `quote!`.
//!
//! Every identifier is computed here, once, and stored beside its wire name; emitters read only
//! the IR and never re-interpret spec strings. Lowering assumes a validated spec.

use std::collections::BTreeSet;

use crate::model::{
    Constraints, ContentType, Field, HttpMethod, MethodFile, ObjectDef, RateLimitTier, RuleKind,
    Spec,
};
use crate::naming;
use crate::types::TypeRef;

/// Where an item is declared: the spec file and the JSON path inside it. Every item that gets a
/// Rust name carries one, so a collision between names is reported where the spec can fix it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SpecAt {
    /// File path relative to the spec directory.
    pub file: String,
    /// JSON path of the item inside the file, e.g. `arguments[2]`.
    pub path: String,
}

impl SpecAt {
    /// The item at `path` in `file`.
    pub fn new(file: &str, path: impl Into<String>) -> SpecAt {
        SpecAt {
            file: file.to_owned(),
            path: path.into(),
        }
    }

    /// A location inside this one: `arguments[2]` + `name` -> `arguments[2].name`.
    pub fn child(&self, key: &str) -> SpecAt {
        let path = if self.path.is_empty() || self.path == "." {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        };
        SpecAt::new(&self.file, path)
    }
}

/// The whole SDK to generate.
#[derive(Debug, Clone)]
pub struct Ir {
    /// Slack ID newtypes.
    pub ids: Vec<IdIr>,
    /// Shared object shapes.
    pub objects: Vec<ObjectIr>,
    /// Methods, ordered by wire name.
    pub methods: Vec<MethodIr>,
    /// Client namespaces (`conversations`, `conversations.requestSharedInvite`), ordered by path.
    pub namespaces: Vec<NamespaceIr>,
    /// Events API events, ordered by type.
    pub events: Vec<EventIr>,
    /// Events API envelopes, in spec order.
    pub envelopes: Vec<EnvelopeIr>,
    /// Socket Mode frames, when the spec has them.
    pub socket_mode: Option<SocketModeIr>,
    /// The spec's common errors, ordered by code: the one `CommonError` enum. (Each method's
    /// `errors` also lists the common codes it accepts.)
    pub common_errors: Vec<ErrorIr>,
}

/// An Events API envelope: one kind of delivery to a request URL.
#[derive(Debug, Clone)]
pub struct EnvelopeIr {
    /// Where it is declared.
    pub at: SpecAt,
    /// The envelope's `type`.
    pub wire: String,
    /// Struct name and `Envelope` variant, e.g. `EventCallback`.
    pub ident: String,
    /// Description.
    pub description: String,
    /// Documentation page.
    pub docs_url: String,
    /// Fields besides `type`.
    pub fields: Vec<FieldIr>,
}

/// The Socket Mode frames: what Slack sends over the WebSocket and the app's acknowledgement.
#[derive(Debug, Clone)]
pub struct SocketModeIr {
    /// The frames, in spec order (`Hello`, `EventsApi`, ...).
    pub frames: Vec<EnvelopeIr>,
    /// The acknowledgement the app sends for each envelope.
    pub acknowledgement: PayloadIr,
    /// The documented `reason`s of a `disconnect` frame.
    pub disconnect_reasons: Vec<CodeIr>,
    /// Objects the frames use (emitted with the other objects).
    pub objects: Vec<ObjectIr>,
}

/// A documented string value and its enum variant.
#[derive(Debug, Clone)]
pub struct CodeIr {
    /// Where it is declared.
    pub at: SpecAt,
    /// The value on the wire.
    pub wire: String,
    /// Variant name, e.g. `RefreshRequested`.
    pub variant: String,
    /// Description.
    pub description: String,
}

/// A second payload shape of an event (the workflow-trigger payload).
#[derive(Debug, Clone)]
pub struct PayloadIr {
    /// Where it is declared.
    pub at: SpecAt,
    /// Struct name, e.g. `SharedChannelInviteRequestedWorkflowTrigger`.
    pub ident: String,
    /// Description.
    pub description: String,
    /// Fields.
    pub fields: Vec<FieldIr>,
}

/// An Events API event.
#[derive(Debug, Clone)]
pub struct EventIr {
    /// Where it is declared (the file's `name`).
    pub at: SpecAt,
    /// The event's `type`.
    pub wire: String,
    /// Struct name, e.g. `SharedChannelInviteAcceptedEvent`.
    pub ident: String,
    /// Variant of the `Event` enum, e.g. `SharedChannelInviteAccepted`.
    pub variant: String,
    /// Description.
    pub description: String,
    /// Reference page.
    pub docs_url: String,
    /// Fields besides `type`.
    pub fields: Vec<FieldIr>,
    /// Objects local to the event.
    pub objects: Vec<ObjectIr>,
    /// The workflow-trigger shape of the same event, when documented.
    pub workflow_trigger: Option<PayloadIr>,
}

/// A client namespace: a struct whose methods call the API methods under one name prefix.
#[derive(Debug, Clone)]
pub struct NamespaceIr {
    /// Wire prefix, e.g. `conversations.requestSharedInvite`.
    pub wire: String,
    /// Struct name, e.g. `ConversationsRequestSharedInvite`.
    pub ident: String,
    /// Module path from the generated root, e.g. `["conversations", "request_shared_invite"]`.
    pub path: Vec<String>,
    /// Generated file of the module, e.g. `conversations/request_shared_invite/mod.rs`.
    pub file: String,
    /// Its subcommand on the command line, e.g. `request-shared-invite`.
    pub cli_name: String,
    /// Accessor name in the parent (or on the client, for a family), e.g. `request_shared_invite`.
    pub accessor: String,
    /// Whether this is a top-level family, reached from the client itself.
    pub is_family: bool,
    /// Child namespaces: indexes into [`Ir::namespaces`].
    pub children: Vec<usize>,
    /// Methods called from here: indexes into [`Ir::methods`], with the Rust method name.
    pub methods: Vec<(usize, String)>,
}

/// A Slack ID newtype.
#[derive(Debug, Clone)]
pub struct IdIr {
    /// Where it is declared.
    pub at: SpecAt,
    /// Spec name, e.g. `channel_id`.
    pub wire: String,
    /// Rust type name, e.g. `ChannelId`.
    pub ident: String,
    /// Description.
    pub description: String,
    /// Documented prefixes.
    pub prefixes: Vec<String>,
    /// Example value.
    pub example: String,
}

/// A Rust type for a spec type expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustType {
    /// `String`
    String,
    /// `i64`
    I64,
    /// `f64`
    F64,
    /// `bool`
    Bool,
    /// `serde_json::Value`
    Json,
    /// The generated `Event` enum, boxed.
    Event,
    /// A string that never prints: the runtime's `Redacted`.
    Secret,
    /// `Vec<T>`
    Vec(Box<RustType>),
    /// A generated ID newtype, by Rust name.
    Id(String),
    /// A generated object struct, by Rust name; `validated` when it has a `validate_at` method.
    Object {
        /// Rust name.
        ident: String,
        /// Whether the object carries constraints to check.
        validated: bool,
    },
}

impl RustType {
    /// True when values of this type (or items of it) are objects with checks of their own.
    pub fn has_nested_checks(&self) -> bool {
        match self {
            RustType::Vec(inner) => inner.has_nested_checks(),
            RustType::Object { validated, .. } => *validated,
            _ => false,
        }
    }
}

/// An argument, response field or object property.
#[derive(Debug, Clone)]
pub struct FieldIr {
    /// Where it is declared.
    pub at: SpecAt,
    /// Wire name.
    pub wire: String,
    /// Rust field name (escaped), e.g. `r#type`.
    pub ident: String,
    /// Spec type expression, for docs.
    pub spec_type: String,
    /// Rust type (without the `Option` of an optional field).
    pub ty: RustType,
    /// Whether the field is required.
    pub required: bool,
    /// Description.
    pub description: String,
    /// Documented default, as JSON text.
    pub default: Option<String>,
    /// Documented example, as JSON text.
    pub example: Option<String>,
    /// Constraints.
    pub constraints: Constraints,
    /// Stem of the constants generated for this field, e.g. `APPROVAL_STATUS` (for
    /// `APPROVAL_STATUS_PENDING_APPROVAL`, `TEXT_MAX_LENGTH`, `COUNT_DEFAULT`).
    pub constant: String,
    /// Each allowed value with its constant's name, e.g. (`pending_approval`,
    /// `APPROVAL_STATUS_PENDING_APPROVAL`), in spec order.
    pub value_constants: Vec<(String, String)>,
    /// The names of the constants for its documented default and constraint values, for the
    /// facts it has (`COUNT_DEFAULT`, `TEXT_MAX_LENGTH`, ...).
    pub fact_constants: FactConstants,
}

/// Names of a field's fact constants; `None` where the spec records no such fact.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FactConstants {
    /// `<FIELD>_DEFAULT`.
    pub default: Option<String>,
    /// `<FIELD>_MIN_LENGTH`.
    pub min_length: Option<String>,
    /// `<FIELD>_MAX_LENGTH`.
    pub max_length: Option<String>,
    /// `<FIELD>_MIN_ITEMS`.
    pub min_items: Option<String>,
    /// `<FIELD>_MAX_ITEMS`.
    pub max_items: Option<String>,
    /// `<FIELD>_MINIMUM`.
    pub minimum: Option<String>,
    /// `<FIELD>_MAXIMUM`.
    pub maximum: Option<String>,
}

impl FactConstants {
    /// Every name, for collision checks.
    pub fn names(&self) -> impl Iterator<Item = &String> {
        [
            &self.default,
            &self.min_length,
            &self.max_length,
            &self.min_items,
            &self.max_items,
            &self.minimum,
            &self.maximum,
        ]
        .into_iter()
        .flatten()
    }
}

impl MethodIr {
    /// The required arguments, in spec order: parameters of the call.
    pub fn required_arguments(&self) -> impl Iterator<Item = &FieldIr> {
        self.arguments.iter().filter(|a| a.required)
    }

    /// The choices (`exactly_one_of` rules offered as an enum; validation allows no other
    /// kind): one must be made, so the call takes each as a parameter after the required
    /// arguments.
    pub fn choices(&self) -> impl Iterator<Item = &ChoiceIr> {
        self.rules.iter().filter_map(|r| r.choice.as_ref())
    }

    /// The optional arguments a call sets one by one: those no choice covers.
    pub fn call_setters(&self) -> impl Iterator<Item = &FieldIr> {
        let chosen: Vec<&str> = self
            .rules
            .iter()
            .filter(|r| r.choice.is_some())
            .flat_map(|r| r.arguments.iter().map(|(wire, _)| wire.as_str()))
            .collect();
        self.arguments
            .iter()
            .filter(move |a| !a.required && !chosen.contains(&a.wire.as_str()))
    }
}

impl FieldIr {
    /// Whether `#[serde(rename)]` is needed: the Rust name, unraw, differs from the wire name.
    pub fn needs_rename(&self) -> bool {
        naming::unraw(&self.ident) != self.wire
    }

    /// Whether `validate` has anything to check on this field.
    pub fn has_checks(&self) -> bool {
        self.constraints != Constraints::default() || self.ty.has_nested_checks()
    }
}

/// An object shape.
#[derive(Debug, Clone)]
pub struct ObjectIr {
    /// Where it is declared.
    pub at: SpecAt,
    /// Spec name.
    pub wire: String,
    /// Rust type name.
    pub ident: String,
    /// Description.
    pub description: String,
    /// Properties.
    pub fields: Vec<FieldIr>,
    /// Whether it gets a `validate_at` method.
    pub validated: bool,
}

/// A rule over several arguments.
#[derive(Debug, Clone)]
pub struct RuleIr {
    /// Kind.
    pub kind: RuleKind,
    /// Covered arguments: (wire name, Rust field name).
    pub arguments: Vec<(String, String)>,
    /// Documented wording.
    pub description: String,
    /// For a named choice: the enum's name and the setter's name.
    pub choice: Option<ChoiceIr>,
}

/// An `exactly_one_of` rule offered as an enum: one variant per argument.
#[derive(Debug, Clone)]
pub struct ChoiceIr {
    /// Where it is declared (the rule's `choice`).
    pub at: SpecAt,
    /// Enum name in the method's module, e.g. `Recipient` (`invite_shared::Recipient`).
    pub ident: String,
    /// Setter name, e.g. `recipient`.
    pub setter: String,
    /// Spec name of the choice, for docs.
    pub wire: String,
    /// One variant per argument of the rule, in rule order.
    pub variants: Vec<ChoiceVariantIr>,
}

/// One argument of a choice.
#[derive(Debug, Clone)]
pub struct ChoiceVariantIr {
    /// The argument's wire name.
    pub wire: String,
    /// The variant's name: the argument's, singular when the argument is an array limited to one
    /// item (`emails` -> `Email`).
    pub ident: String,
    /// Whether the variant carries the one item of an array limited to one item.
    pub single_item: bool,
}

/// A documented error code.
#[derive(Debug, Clone)]
pub struct ErrorIr {
    /// Where it is declared: the method's `errors`, or the shared common errors.
    pub at: SpecAt,
    /// Wire code.
    pub code: String,
    /// Variant name.
    pub variant: String,
    /// Description.
    pub description: String,
    /// Whether it comes from the shared common errors.
    pub common: bool,
    /// Whether the request may succeed if sent again later.
    pub retryable: bool,
}

/// Cursor pagination of a method.
#[derive(Debug, Clone)]
pub struct PaginationIr {
    /// Cursor argument.
    pub cursor: FieldIr,
    /// Page size argument.
    pub limit: FieldIr,
    /// The response's items field.
    pub items: FieldIr,
    /// Rust field name of the response's `response_metadata`.
    pub metadata_ident: String,
    /// JSON pointer to the next page's cursor in a response, e.g.
    /// `/response_metadata/next_cursor`.
    pub next_cursor_pointer: String,
}

/// A method.
#[derive(Debug, Clone)]
pub struct MethodIr {
    /// Where it is declared (the file's `name`).
    pub at: SpecAt,
    /// Wire name.
    pub wire: String,
    /// Module path from the generated root, one segment per part of the wire name
    /// (`["conversations", "request_shared_invite", "approve"]`); the last segment is also the
    /// name of the call on its namespace.
    pub path: Vec<String>,
    /// Generated file, relative to the generated root: `conversations/request_shared_invite/approve.rs`.
    pub file: String,
    /// Request struct name, in the method's module (`Request`).
    pub request: String,
    /// Response struct name, in the method's module (`Response`).
    pub response: String,
    /// Error enum name, in the method's module (`Error`).
    pub error: String,
    /// Fluent call builder name, in the method's module (`Call`).
    pub call: String,
    /// Description.
    pub description: String,
    /// Usage notes.
    pub usage: Option<String>,
    /// Reference page.
    pub docs_url: String,
    /// Verb.
    pub http_method: HttpMethod,
    /// Content types.
    pub content_types: Vec<ContentType>,
    /// Why the first content type.
    pub encoding_reason: String,
    /// Tier.
    pub tier: RateLimitTier,
    /// Bot scopes.
    pub bot_scopes: Vec<String>,
    /// User scopes.
    pub user_scopes: Vec<String>,
    /// App-level token scopes.
    pub app_scopes: Vec<String>,
    /// Arguments.
    pub arguments: Vec<FieldIr>,
    /// Multi-argument rules.
    pub rules: Vec<RuleIr>,
    /// Objects local to the method.
    pub objects: Vec<ObjectIr>,
    /// Response fields.
    pub response_fields: Vec<FieldIr>,
    /// Errors, by code: the method's own plus the common ones it does not override.
    pub errors: Vec<ErrorIr>,
    /// Pagination.
    pub pagination: Option<PaginationIr>,
    /// How the command line spells it.
    pub cli: MethodCliIr,
}

/// How the `slack-connect` command line spells a method: its subcommand path and its flags.
#[derive(Debug, Clone, Default)]
pub struct MethodCliIr {
    /// Subcommand path, e.g. `["conversations", "request-shared-invite", "list"]`.
    pub command: Vec<String>,
    /// One entry per argument, in spec order.
    pub arguments: Vec<CliFlagIr>,
}

/// The flags of one argument (or of one property of a flattened object argument).
#[derive(Debug, Clone)]
pub struct CliFlagIr {
    /// The argument's (or property's) wire name.
    pub wire: String,
    /// Where it is declared.
    pub at: SpecAt,
    /// The flag, without `--`: `include-denied`.
    pub flag: String,
    /// For a boolean argument, the flag sending false: `no-include-denied`.
    pub negated: Option<String>,
    /// For an array argument, the singular alias (`email` for `emails`), unless the method has
    /// an argument of that name.
    pub alias: Option<String>,
    /// For an object of scalars, one flag per property (`message-text`); empty otherwise.
    pub properties: Vec<CliFlagIr>,
}

/// Builds the IR from a spec that passed [`crate::validate::validate`].
pub fn lower(spec: &Spec) -> Ir {
    let all_objects: Vec<&ObjectDef> = spec
        .objects
        .iter()
        .chain(spec.methods.values().flat_map(|m| m.value.objects.iter()))
        .chain(spec.events.values().flat_map(|e| e.value.objects.iter()))
        .chain(spec.socket_mode.iter().flat_map(|s| s.value.objects.iter()))
        .collect();
    let validated = validated_objects(&all_objects);
    let ids: BTreeSet<&str> = spec.ids.iter().map(|id| id.name.as_str()).collect();
    let lowerer = Lowerer {
        ids: &ids,
        validated: &validated,
    };
    let methods: Vec<MethodIr> = spec
        .methods
        .values()
        .map(|m| lowerer.method(spec, &m.file, &m.value))
        .collect();
    let namespaces = namespaces(&methods);
    let events = spec
        .events
        .values()
        .map(|located| {
            let event = &located.value;
            let file = SpecAt::new(&located.file, "");
            let variant = naming::type_name(&event.name);
            EventIr {
                at: file.child("name"),
                wire: event.name.clone(),
                ident: format!("{variant}Event"),
                description: event.description.clone(),
                docs_url: event.docs_url.clone(),
                fields: lowerer.fields(&event.fields, &file.child("fields")),
                objects: lowerer.objects(&event.objects, &file.child("objects")),
                workflow_trigger: event.workflow_trigger.as_ref().map(|trigger| PayloadIr {
                    at: file.child("workflow_trigger"),
                    ident: format!("{variant}WorkflowTrigger"),
                    description: trigger.description.clone(),
                    fields: lowerer.fields(&trigger.fields, &file.child("workflow_trigger.fields")),
                }),
                variant,
            }
        })
        .collect();
    let envelopes = spec
        .envelopes
        .iter()
        .flat_map(|located| {
            located
                .value
                .envelopes
                .iter()
                .enumerate()
                .map(|(i, envelope)| {
                    let at = SpecAt::new(&located.file, format!("envelopes[{i}]"));
                    EnvelopeIr {
                        wire: envelope.name.clone(),
                        ident: naming::type_name(&envelope.name),
                        description: envelope.description.clone(),
                        docs_url: envelope.docs_url.clone(),
                        fields: lowerer.fields(&envelope.fields, &at.child("fields")),
                        at,
                    }
                })
        })
        .collect();
    let socket_mode = spec.socket_mode.as_ref().map(|located| {
        let socket = &located.value;
        let file = SpecAt::new(&located.file, "");
        SocketModeIr {
            frames: socket
                .frames
                .iter()
                .enumerate()
                .map(|(i, frame)| {
                    let at = SpecAt::new(&located.file, format!("frames[{i}]"));
                    EnvelopeIr {
                        wire: frame.name.clone(),
                        ident: naming::type_name(&frame.name),
                        description: frame.description.clone(),
                        docs_url: frame.docs_url.clone(),
                        fields: lowerer.fields(&frame.fields, &at.child("fields")),
                        at,
                    }
                })
                .collect(),
            acknowledgement: PayloadIr {
                at: file.child("acknowledgement"),
                ident: "Acknowledgement".to_owned(),
                description: socket.acknowledgement.description.clone(),
                fields: lowerer.fields(
                    &socket.acknowledgement.fields,
                    &file.child("acknowledgement.fields"),
                ),
            },
            disconnect_reasons: socket
                .disconnect_reasons
                .iter()
                .enumerate()
                .map(|(i, reason)| CodeIr {
                    at: SpecAt::new(&located.file, format!("disconnect_reasons[{i}].code")),
                    wire: reason.code.clone(),
                    variant: naming::type_name(&reason.code),
                    description: reason.description.clone(),
                })
                .collect(),
            objects: lowerer.objects(&socket.objects, &file.child("objects")),
        }
    });
    let mut methods = methods;
    let shared_objects =
        lowerer.objects(&spec.objects, &SpecAt::new(&spec.objects_file, "objects"));
    for method in &mut methods {
        method.cli = method_cli(method, &shared_objects);
    }
    Ir {
        common_errors: crate::common_errors::lower(spec),
        namespaces,
        events,
        envelopes,
        socket_mode,
        ids: spec
            .ids
            .iter()
            .enumerate()
            .map(|(i, id)| IdIr {
                at: SpecAt::new(&spec.ids_file, format!("ids[{i}]")),
                wire: id.name.clone(),
                ident: naming::type_name(&id.name),
                description: id.description.clone(),
                prefixes: id.prefixes.clone(),
                example: id.example.clone(),
            })
            .collect(),
        objects: shared_objects,
        methods,
    }
}

/// The command-line names of a method, from the same rules as every other name.
fn method_cli(method: &MethodIr, shared_objects: &[ObjectIr]) -> MethodCliIr {
    let object = |ident: &str| {
        shared_objects
            .iter()
            .chain(&method.objects)
            .find(|o| o.ident == ident)
    };
    let scalar = |ty: &RustType| {
        matches!(
            ty,
            RustType::String | RustType::I64 | RustType::F64 | RustType::Bool | RustType::Id(_)
        )
    };
    let arguments = method
        .arguments
        .iter()
        .map(|argument| {
            let flag = naming::kebab(&argument.wire);
            let properties = match &argument.ty {
                RustType::Object { ident, .. } => object(ident)
                    .filter(|o| !o.fields.is_empty() && o.fields.iter().all(|f| scalar(&f.ty)))
                    .map(|o| {
                        o.fields
                            .iter()
                            .map(|f| CliFlagIr {
                                wire: f.wire.clone(),
                                at: f.at.clone(),
                                flag: naming::cli_property_flag(
                                    &flag,
                                    &f.wire,
                                    f.ty == RustType::Bool,
                                ),
                                negated: None,
                                alias: None,
                                properties: Vec::new(),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                _ => Vec::new(),
            };
            let alias = match &argument.ty {
                RustType::Vec(_) => naming::singular(&argument.wire)
                    .filter(|one| !method.arguments.iter().any(|a| a.wire == *one))
                    .map(naming::kebab),
                _ => None,
            };
            CliFlagIr {
                wire: argument.wire.clone(),
                at: argument.at.clone(),
                negated: (argument.ty == RustType::Bool).then(|| format!("no-{flag}")),
                alias,
                properties,
                flag,
            }
        })
        .collect();
    MethodCliIr {
        command: method.wire.split('.').map(naming::kebab).collect(),
        arguments,
    }
}

/// The namespace tree of the methods' wire names: every proper prefix of a method's name.
fn namespaces(methods: &[MethodIr]) -> Vec<NamespaceIr> {
    let mut by_wire: std::collections::BTreeMap<String, NamespaceIr> = Default::default();
    for method in methods {
        let segments: Vec<&str> = method.wire.split('.').collect();
        for depth in 1..segments.len() {
            let wire = segments[..depth].join(".");
            by_wire.entry(wire.clone()).or_insert_with(|| NamespaceIr {
                ident: naming::method_type_prefix(&wire),
                path: method.path[..depth].to_vec(),
                file: naming::module_file(&method.path[..depth], true),
                cli_name: naming::kebab(segments[depth - 1]),
                accessor: method.path[depth - 1].clone(),
                is_family: depth == 1,
                wire,
                children: Vec::new(),
                methods: Vec::new(),
            });
        }
    }
    let order: Vec<String> = by_wire.keys().cloned().collect();
    let index_of = |wire: &str| order.iter().position(|w| w == wire);
    let mut namespaces: Vec<NamespaceIr> = by_wire.into_values().collect();
    for i in 0..namespaces.len() {
        if let Some((parent, _)) = namespaces[i].wire.rsplit_once('.') {
            if let Some(p) = index_of(parent) {
                namespaces[p].children.push(i);
            }
        }
    }
    for (m, method) in methods.iter().enumerate() {
        if let Some((parent, _)) = method.wire.rsplit_once('.') {
            if let Some(p) = index_of(parent) {
                let name = method.path.last().cloned().unwrap_or_default();
                namespaces[p].methods.push((m, name));
            }
        }
    }
    namespaces
}

/// Names of objects that have constraints, directly or through the objects they contain.
fn validated_objects(objects: &[&ObjectDef]) -> BTreeSet<String> {
    let mut validated: BTreeSet<String> = BTreeSet::new();
    loop {
        let before = validated.len();
        for object in objects {
            let checks = object.fields.iter().any(|f| {
                f.constraints != Constraints::default()
                    || f.ty.named().is_some_and(|n| validated.contains(n))
            });
            if checks {
                validated.insert(object.name.clone());
            }
        }
        if validated.len() == before {
            return validated;
        }
    }
}

struct Lowerer<'a> {
    ids: &'a BTreeSet<&'a str>,
    validated: &'a BTreeSet<String>,
}

impl Lowerer<'_> {
    fn rust_type(&self, ty: &TypeRef) -> RustType {
        match ty {
            TypeRef::String => RustType::String,
            TypeRef::Integer => RustType::I64,
            TypeRef::Number => RustType::F64,
            TypeRef::Boolean => RustType::Bool,
            TypeRef::Json => RustType::Json,
            TypeRef::Event => RustType::Event,
            TypeRef::Array(inner) => RustType::Vec(Box::new(self.rust_type(inner))),
            TypeRef::Named(name) if self.ids.contains(name.as_str()) => {
                RustType::Id(naming::type_name(name))
            }
            TypeRef::Named(name) => RustType::Object {
                ident: naming::type_name(name),
                validated: self.validated.contains(name),
            },
        }
    }

    /// The fields of a list at `at` (`arguments`, `response.fields`, ...).
    fn fields(&self, fields: &[Field], at: &SpecAt) -> Vec<FieldIr> {
        fields
            .iter()
            .enumerate()
            .map(|(i, f)| self.field(f, SpecAt::new(&at.file, format!("{}[{i}]", at.path))))
            .collect()
    }

    /// The objects of a list at `at`.
    fn objects(&self, objects: &[ObjectDef], at: &SpecAt) -> Vec<ObjectIr> {
        objects
            .iter()
            .enumerate()
            .map(|(i, o)| self.object(o, SpecAt::new(&at.file, format!("{}[{i}]", at.path))))
            .collect()
    }

    fn field(&self, field: &Field, at: SpecAt) -> FieldIr {
        FieldIr {
            at,
            wire: field.name.clone(),
            ident: naming::field(&field.name),
            spec_type: field.ty.to_string(),
            ty: if field.secret {
                RustType::Secret
            } else {
                self.rust_type(&field.ty)
            },
            required: field.required,
            description: field.description.clone(),
            default: field.default.as_ref().map(|v| v.to_string()),
            example: field.example.as_ref().map(|v| v.to_string()),
            constraints: field.constraints.clone(),
            fact_constants: {
                let stem = constant_name(&field.name);
                let c = &field.constraints;
                let name =
                    |present: bool, suffix: &str| present.then(|| format!("{stem}_{suffix}"));
                FactConstants {
                    default: name(field.default.is_some(), "DEFAULT"),
                    min_length: name(c.min_length.is_some(), "MIN_LENGTH"),
                    max_length: name(c.max_length.is_some(), "MAX_LENGTH"),
                    min_items: name(c.min_items.is_some(), "MIN_ITEMS"),
                    max_items: name(c.max_items.is_some(), "MAX_ITEMS"),
                    minimum: name(c.minimum.is_some(), "MINIMUM"),
                    maximum: name(c.maximum.is_some(), "MAXIMUM"),
                }
            },
            constant: constant_name(&field.name),
            value_constants: field
                .constraints
                .allowed_values
                .iter()
                .flatten()
                .map(|value| {
                    let name = format!("{}_{}", constant_name(&field.name), constant_name(value));
                    (value.clone(), name)
                })
                .collect(),
        }
    }

    fn object(&self, object: &ObjectDef, at: SpecAt) -> ObjectIr {
        ObjectIr {
            fields: self.fields(&object.fields, &at.child("fields")),
            at,
            wire: object.name.clone(),
            ident: naming::type_name(&object.name),
            description: object.description.clone(),
            validated: self.validated.contains(&object.name),
        }
    }

    fn method(&self, spec: &Spec, file: &str, method: &MethodFile) -> MethodIr {
        let at = SpecAt::new(file, "");
        let arguments = self.fields(&method.arguments, &at.child("arguments"));
        let response_fields = self.fields(&method.response.fields, &at.child("response.fields"));
        let find = |fields: &[FieldIr], wire: &str| fields.iter().find(|f| f.wire == wire).cloned();
        let pagination = method.pagination.as_ref().and_then(|p| {
            Some(PaginationIr {
                cursor: find(&arguments, &p.cursor_argument)?,
                limit: find(&arguments, &p.limit_argument)?,
                items: find(&response_fields, &p.items_field)?,
                metadata_ident: find(&response_fields, "response_metadata")?.ident,
                next_cursor_pointer: next_cursor_pointer(spec, &method.response.fields)?,
            })
        });
        let rules = method
            .argument_rules
            .iter()
            .enumerate()
            .map(|(i, rule)| RuleIr {
                kind: rule.rule,
                arguments: rule
                    .arguments
                    .iter()
                    .map(|a| (a.clone(), naming::field(a)))
                    .collect(),
                description: rule.description.clone(),
                choice: rule.choice.as_ref().map(|choice| ChoiceIr {
                    at: at.child(&format!("argument_rules[{i}].choice")),
                    ident: naming::type_name(choice),
                    setter: naming::field(choice),
                    wire: choice.clone(),
                    variants: rule
                        .arguments
                        .iter()
                        .map(|wire| {
                            let single_item = method.arguments.iter().any(|a| {
                                &a.name == wire
                                    && matches!(a.ty, TypeRef::Array(_))
                                    && a.constraints.max_items == Some(1)
                            });
                            ChoiceVariantIr {
                                ident: naming::choice_variant(wire, single_item),
                                wire: wire.clone(),
                                single_item,
                            }
                        })
                        .collect(),
                }),
            })
            .collect();
        let mut errors: Vec<ErrorIr> = method
            .errors
            .iter()
            .enumerate()
            .map(|(i, e)| ErrorIr {
                at: at.child(&format!("errors[{i}]")),
                code: e.code.clone(),
                variant: naming::type_name(&e.code),
                description: e.description.clone(),
                common: false,
                retryable: e.retryable,
            })
            .collect();
        if method.common_errors {
            errors.extend(
                spec.common_errors
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| !method.errors.iter().any(|e| e.code == c.code))
                    .map(|(i, e)| ErrorIr {
                        at: SpecAt::new(&spec.errors_file, format!("common_errors[{i}]")),
                        code: e.code.clone(),
                        variant: naming::type_name(&e.code),
                        description: e.description.clone(),
                        common: true,
                        retryable: e.retryable,
                    }),
            );
        }
        // Alphabetical, like the documentation's error tables; stable for review diffs.
        errors.sort_by(|a, b| a.code.cmp(&b.code));
        let path = naming::method_path(&method.name);
        MethodIr {
            at: at.child("name"),
            wire: method.name.clone(),
            file: naming::module_file(&path, false),
            path,
            request: naming::REQUEST_TYPE.to_owned(),
            response: naming::RESPONSE_TYPE.to_owned(),
            error: naming::ERROR_TYPE.to_owned(),
            call: naming::CALL_TYPE.to_owned(),
            description: method.description.clone(),
            usage: method.usage.clone(),
            docs_url: method.docs_url.clone(),
            http_method: method.http_method,
            content_types: method.content_types.clone(),
            encoding_reason: method.encoding_reason.clone(),
            tier: method.rate_limit_tier,
            bot_scopes: method.scopes.bot.clone(),
            user_scopes: method.scopes.user.clone(),
            app_scopes: method.scopes.app.clone(),
            arguments,
            rules,
            objects: self.objects(&method.objects, &at.child("objects")),
            response_fields,
            errors,
            pagination,
            cli: MethodCliIr::default(),
        }
    }
}

/// The constant name for a wire name or value: `approval_status` -> `APPROVAL_STATUS`,
/// `2fa` -> `_2FA`.
fn constant_name(wire: &str) -> String {
    use heck::ToShoutySnakeCase;
    let name = wire.to_shouty_snake_case();
    if name.starts_with(|c: char| c.is_ascii_digit()) || name.is_empty() {
        format!("_{name}")
    } else {
        name
    }
}

/// Where a paged response carries the next cursor: Slack's `response_metadata.next_cursor`, as a
/// JSON pointer, when the response's `response_metadata` object has that field.
fn next_cursor_pointer(spec: &Spec, response: &[Field]) -> Option<String> {
    let metadata = response.iter().find(|f| f.name == "response_metadata")?;
    let object = spec
        .objects
        .iter()
        .find(|o| metadata.ty.named() == Some(o.name.as_str()))?;
    let cursor = object.fields.iter().find(|f| f.name == "next_cursor")?;
    Some(format!("/{}/{}", metadata.name, cursor.name))
}
