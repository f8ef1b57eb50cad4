//! Comparing one method of the spec with its upstream reference: every fact both state,
//! whether or not they agree, as observations of upstream's value. Whether a difference is
//! acknowledged is decided afterwards (see `acknowledge`).

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::kind::Kind;
use super::topic::Topic;
use super::upstream::{bound, strings, tier_name, tier_of, Scopes};
use super::values::{normalize, same, show};
use crate::model::{ContentType, Field, HttpMethod, MethodFile, Spec, UpstreamAttribute};
use crate::types::TypeRef;

/// One compared fact: upstream's value of it, and whether the spec says otherwise.
#[derive(Debug, Clone)]
pub struct Observation {
    /// What was compared.
    pub topic: Topic,
    /// Upstream's value, as an acknowledgement pins it (`null` when upstream gives none).
    pub upstream: Value,
    /// Whether the spec differs.
    pub differs: bool,
    /// Both sides, briefly.
    pub detail: String,
}

/// Every fact of `method` compared with `upstream`.
pub fn method(method: &MethodFile, upstream: &Value, spec: &Spec) -> Vec<Observation> {
    let mut compare = Compare {
        spec,
        observed: Vec::new(),
    };
    compare.description(Topic::Description, &method.description, upstream);
    compare.verb(method, upstream);
    compare.tier(method, upstream);
    compare.scopes(method, upstream);
    compare.json_support(method, upstream);
    compare.arguments(method, &upstream["args"]);
    compare.errors(method, &upstream["errors"]);
    compare.output(method, &upstream["output"]);
    compare.observed
}

/// The facts of `method` SlackKit's docs state (see [`super::upstream::read_slackkit`]):
/// description, tier, scopes, arguments and errors; not the HTTP verb, the content types or the
/// response, which they do not carry.
pub fn method_from_slackkit(
    method: &MethodFile,
    upstream: &Value,
    spec: &Spec,
) -> Vec<Observation> {
    let mut compare = Compare {
        spec,
        observed: Vec::new(),
    };
    compare.description(Topic::Description, &method.description, upstream);
    compare.tier(method, upstream);
    compare.scopes(method, upstream);
    compare.arguments(method, &upstream["args"]);
    compare.errors(method, &upstream["errors"]);
    compare.observed
}

struct Compare<'a> {
    spec: &'a Spec,
    observed: Vec<Observation>,
}

/// Which kind of item a list of fields holds, to name their topics.
#[derive(Clone, Copy)]
enum Items {
    Argument,
    Response,
}

impl Items {
    fn topic(self, name: &str, attribute: UpstreamAttribute) -> Topic {
        let name = name.to_owned();
        match self {
            Items::Argument => Topic::Argument { name, attribute },
            Items::Response => Topic::Response { name, attribute },
        }
    }
}

impl Compare<'_> {
    fn observe(&mut self, topic: Topic, upstream: Value, differs: bool, detail: String) {
        self.observed.push(Observation {
            topic,
            upstream,
            differs,
            detail,
        });
    }

    /// A description, when upstream has one (`desc`), compared as read.
    fn description(&mut self, topic: Topic, ours: &str, upstream: &Value) {
        let Some(theirs) = upstream["desc"].as_str() else {
            return;
        };
        let theirs = theirs.trim();
        let detail = format!("upstream {theirs:?}, spec {ours:?}");
        let differs = normalize(theirs) != normalize(ours);
        self.observe(topic, Value::from(theirs), differs, detail);
    }

    fn verb(&mut self, method: &MethodFile, upstream: &Value) {
        let ours = match method.http_method {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
        };
        let theirs = upstream["http_method"]
            .as_str()
            .map(str::to_ascii_uppercase);
        let detail = format!(
            "upstream {}, spec {ours}",
            theirs.as_deref().unwrap_or("(none)")
        );
        let differs = theirs.as_deref() != Some(ours);
        self.observe(
            Topic::HttpMethod,
            theirs.map_or(Value::Null, Value::from),
            differs,
            detail,
        );
    }

    fn tier(&mut self, method: &MethodFile, upstream: &Value) {
        let ours = tier_name(method.rate_limit_tier);
        let (shown, value) = match &upstream["rate_limits"] {
            Value::String(text) => (
                text.clone(),
                Value::from(tier_of(text).unwrap_or(text.as_str())),
            ),
            Value::Null => ("(none)".to_owned(), Value::Null),
            other => (other.to_string(), other.clone()),
        };
        let differs = value.as_str() != Some(ours);
        let detail = format!("upstream {shown}, spec {ours}");
        self.observe(Topic::RateLimitTier, value, differs, detail);
    }

    fn scopes(&mut self, method: &MethodFile, upstream: &Value) {
        let scopes = Scopes::read(upstream);
        let detail = match &scopes.legacy_format {
            Some(format) => format!(
                "upstream gives scopes in a legacy form, {format}; today's form is \
                 `scope: {{\"bot\": [...]}}`"
            ),
            None => "upstream gives scopes in today's form".to_owned(),
        };
        let format = scopes
            .legacy_format
            .clone()
            .map_or(Value::Null, Value::from);
        self.observe(
            Topic::ScopeFormat,
            format,
            scopes.legacy_format.is_some(),
            detail,
        );
        let ours = [
            ("bot", &method.scopes.bot),
            ("user", &method.scopes.user),
            ("app", &method.scopes.app),
        ];
        for (token, ours) in ours {
            let ours: BTreeSet<String> = ours.iter().cloned().collect();
            let theirs = scopes.by_token.get(token).cloned().unwrap_or_default();
            let detail = format!("upstream {}, spec {}", list(&theirs), list(&ours));
            self.observe(
                Topic::Scopes {
                    token: token.to_owned(),
                },
                Value::from(theirs.iter().cloned().collect::<Vec<_>>()),
                theirs != ours,
                detail,
            );
        }
        for (token, theirs) in &scopes.by_token {
            if !["bot", "user", "app"].contains(&token.as_str()) {
                let detail = format!(
                    "upstream lists {} for `{token}` tokens, which the spec does not model",
                    list(theirs)
                );
                self.observe(
                    Topic::Scopes {
                        token: token.clone(),
                    },
                    Value::from(theirs.iter().cloned().collect::<Vec<_>>()),
                    true,
                    detail,
                );
            }
        }
    }

    fn json_support(&mut self, method: &MethodFile, upstream: &Value) {
        let ours = method.content_types.contains(&ContentType::Json);
        let value = upstream["json_input_supported"].clone();
        let theirs = match &value {
            Value::Bool(b) => *b,
            Value::Null => false,
            other => {
                let detail = format!("upstream json_input_supported is {other}, not a boolean");
                self.observe(Topic::ContentTypes, value, true, detail);
                return;
            }
        };
        let detail = format!(
            "upstream json_input_supported: {theirs}, spec content_types {} application/json",
            if ours { "list" } else { "do not list" }
        );
        self.observe(Topic::ContentTypes, value, theirs != ours, detail);
    }

    fn arguments(&mut self, method: &MethodFile, args: &Value) {
        let empty = Map::new();
        let properties = args["properties"].as_object().unwrap_or(&empty);
        let required = strings(&args["required"]);
        let properties: Vec<(&String, &Value)> = properties
            .iter()
            .filter(|(name, _)| name.as_str() != "token")
            .collect();
        self.fields(method, "", &method.arguments, &properties, &required, true);
    }

    /// Compares the spec's `fields` with upstream JSON-schema `properties` (arguments, or the
    /// properties of an object argument): presence both ways, required, type, constraints,
    /// default and description. Object arguments are compared property by property.
    fn fields(
        &mut self,
        method: &MethodFile,
        prefix: &str,
        fields: &[Field],
        properties: &[(&String, &Value)],
        required: &BTreeSet<&str>,
        nested: bool,
    ) {
        // By name, whatever order serde_json keeps keys in.
        let mut properties = properties.to_vec();
        properties.sort_by_key(|(name, _)| name.as_str());
        for (wire, property) in &properties {
            let name = format!("{prefix}{wire}");
            let upstream_required = required.contains(wire.as_str());
            let Some(field) = fields.iter().find(|f| &f.name == *wire) else {
                let topic = Items::Argument.topic(&name, UpstreamAttribute::Presence);
                self.upstream_only(topic, property, upstream_required);
                continue;
            };
            self.both(Items::Argument, &name, field, property, upstream_required);
            self.constraints(&name, field, property);
            self.default(&name, field, property);
            if nested {
                self.object(method, &name, field, property);
            }
        }
        for field in fields {
            if !properties.iter().any(|(name, _)| **name == field.name) {
                let name = format!("{prefix}{}", field.name);
                self.spec_only(
                    Items::Argument.topic(&name, UpstreamAttribute::Presence),
                    field,
                );
            }
        }
    }

    /// An item upstream lists and the spec lacks.
    fn upstream_only(&mut self, topic: Topic, property: &Value, upstream_required: bool) {
        let detail = format!(
            "upstream ({}, {}), not in the spec",
            Kind::upstream(property, self.spec),
            required_word(upstream_required)
        );
        self.observe(topic, Value::Bool(true), true, detail);
    }

    /// An item the spec has and upstream does not.
    fn spec_only(&mut self, topic: Topic, field: &Field) {
        let detail = format!("in the spec ({}), not upstream", field.ty);
        self.observe(topic, Value::Bool(false), true, detail);
    }

    /// Presence, required, type and description of an item on both sides.
    fn both(
        &mut self,
        items: Items,
        name: &str,
        field: &Field,
        property: &Value,
        upstream_required: bool,
    ) {
        let topic = |attribute| items.topic(name, attribute);
        self.observe(
            topic(UpstreamAttribute::Presence),
            Value::Bool(true),
            false,
            "upstream and in the spec".to_owned(),
        );
        let detail = format!(
            "upstream {}, spec {}",
            required_word(upstream_required),
            required_word(field.required)
        );
        self.observe(
            topic(UpstreamAttribute::Required),
            Value::Bool(upstream_required),
            upstream_required != field.required,
            detail,
        );
        self.kind(topic(UpstreamAttribute::Type), &field.ty, property);
        self.description(
            topic(UpstreamAttribute::Description),
            &field.description,
            property,
        );
    }

    /// An object argument whose upstream schema lists `properties`, compared with the object
    /// shape the spec names.
    fn object(&mut self, method: &MethodFile, name: &str, field: &Field, property: &Value) {
        let (Some(properties), TypeRef::Named(object)) =
            (property["properties"].as_object(), &field.ty)
        else {
            return;
        };
        let Some(object) = method
            .objects
            .iter()
            .chain(&self.spec.objects)
            .find(|o| &o.name == object)
        else {
            return;
        };
        let properties: Vec<(&String, &Value)> = properties.iter().collect();
        let required = strings(&property["required"]);
        self.fields(
            method,
            &format!("{name}."),
            &object.fields,
            &properties,
            &required,
            false,
        );
    }

    fn kind(&mut self, topic: Topic, ours: &TypeRef, property: &Value) {
        let theirs = Kind::upstream(property, self.spec);
        let differs = !theirs.agrees_with(&Kind::spec(ours, self.spec));
        let detail = format!("upstream {theirs}, spec {ours}");
        self.observe(topic, Value::from(theirs.to_string()), differs, detail);
    }

    fn constraints(&mut self, name: &str, field: &Field, property: &Value) {
        let c = &field.constraints;
        let theirs = |key: &str| property.get(key).map(bound).unwrap_or(Value::Null);
        let ours = |value: Option<u64>| value.map_or(Value::Null, Value::from);
        let ours_i = |value: Option<i64>| value.map_or(Value::Null, Value::from);
        let sorted = |values: Vec<String>| {
            let values: BTreeSet<String> = values.into_iter().collect();
            Value::from(values.into_iter().collect::<Vec<_>>())
        };
        let upstream_enum = property.get("enum").map_or(Value::Null, |values| {
            let values = values.as_array().into_iter().flatten();
            sorted(
                values
                    .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                    .collect(),
            )
        });
        let pairs = [
            (
                UpstreamAttribute::MaxLength,
                theirs("maxLength"),
                ours(c.max_length),
            ),
            (
                UpstreamAttribute::MinLength,
                theirs("minLength"),
                ours(c.min_length),
            ),
            (
                UpstreamAttribute::Minimum,
                theirs("minimum"),
                ours_i(c.minimum),
            ),
            (
                UpstreamAttribute::Maximum,
                theirs("maximum"),
                ours_i(c.maximum),
            ),
            (
                UpstreamAttribute::MinItems,
                theirs("minItems"),
                ours(c.min_items),
            ),
            (
                UpstreamAttribute::MaxItems,
                theirs("maxItems"),
                ours(c.max_items),
            ),
            (
                UpstreamAttribute::AllowedValues,
                upstream_enum,
                c.allowed_values.clone().map_or(Value::Null, sorted),
            ),
        ];
        for (attribute, theirs, ours) in pairs {
            let detail = format!("upstream {}, spec {}", show(&theirs), show(&ours));
            let differs = !same(&theirs, &ours);
            self.observe(
                Items::Argument.topic(name, attribute),
                theirs,
                differs,
                detail,
            );
        }
    }

    fn default(&mut self, name: &str, field: &Field, property: &Value) {
        let theirs = property.get("default");
        let json = |v: Option<&Value>| v.map_or_else(|| "none".to_owned(), Value::to_string);
        let detail = format!(
            "upstream {}, spec {}",
            json(theirs),
            json(field.default.as_ref())
        );
        self.observe(
            Items::Argument.topic(name, UpstreamAttribute::Default),
            theirs.cloned().unwrap_or(Value::Null),
            theirs != field.default.as_ref(),
            detail,
        );
    }

    /// Error codes both ways, and descriptions. Upstream lists a method's own codes; the spec's
    /// common errors (`spec/shared/errors.json`) are not expected there.
    fn errors(&mut self, method: &MethodFile, errors: &Value) {
        let empty = Map::new();
        let upstream = errors.as_object().unwrap_or(&empty);
        let mut codes: Vec<(&String, &Value)> = upstream.iter().collect();
        codes.sort_by_key(|(code, _)| code.as_str());
        let topic = |code: &str, attribute| Topic::Error {
            code: code.to_owned(),
            attribute,
        };
        for (code, error) in codes {
            let presence = topic(code, UpstreamAttribute::Presence);
            match method.errors.iter().find(|e| &e.code == code) {
                None if method.common_errors
                    && self.spec.common_errors.iter().any(|e| &e.code == code) =>
                {
                    let detail =
                        "upstream a method error, in the spec only a common error".to_owned();
                    self.observe(presence, Value::Bool(true), true, detail);
                }
                None => {
                    let detail = "upstream, not in the spec".to_owned();
                    self.observe(presence, Value::Bool(true), true, detail);
                }
                Some(ours) => {
                    let detail = "upstream and in the spec".to_owned();
                    self.observe(presence, Value::Bool(true), false, detail);
                    self.description(
                        topic(code, UpstreamAttribute::Description),
                        &ours.description,
                        error,
                    );
                }
            }
        }
        for error in &method.errors {
            if !upstream.contains_key(&error.code) {
                let detail = "in the spec, not upstream".to_owned();
                self.observe(
                    topic(&error.code, UpstreamAttribute::Presence),
                    Value::Bool(false),
                    true,
                    detail,
                );
            }
        }
    }

    /// Response fields both ways: presence, required, type, description. `ok` is the envelope.
    fn output(&mut self, method: &MethodFile, output: &Value) {
        let empty = Map::new();
        let properties = output["properties"].as_object().unwrap_or(&empty);
        let required = strings(&output["required"]);
        let mut fields: Vec<(&String, &Value)> = properties
            .iter()
            .filter(|(name, _)| name.as_str() != "ok")
            .collect();
        fields.sort_by_key(|(name, _)| name.as_str());
        for (name, property) in fields {
            let upstream_required = required.contains(name.as_str());
            match method.response.fields.iter().find(|f| &f.name == name) {
                None => self.upstream_only(
                    Items::Response.topic(name, UpstreamAttribute::Presence),
                    property,
                    upstream_required,
                ),
                Some(field) => self.both(Items::Response, name, field, property, upstream_required),
            }
        }
        for field in &method.response.fields {
            if !properties.contains_key(&field.name) {
                let topic = Items::Response.topic(&field.name, UpstreamAttribute::Presence);
                self.spec_only(topic, field);
            }
        }
    }
}

fn required_word(required: bool) -> &'static str {
    if required {
        "required"
    } else {
        "optional"
    }
}

fn list(scopes: &BTreeSet<String>) -> String {
    if scopes.is_empty() {
        "none".to_owned()
    } else {
        scopes.iter().cloned().collect::<Vec<_>>().join(", ")
    }
}
