//! `cargo xtask docs-audit`: the spec compared with Slack's machine-readable method reference.
//!
//! Slack publishes a JSON document per method (`docs.slack.dev/reference/methods/<m>.json`:
//! `desc`, `http_method`, `scope`, `rate_limits`, `json_input_supported`, `args` as a JSON
//! schema, `output`, `errors`). The snapshot the spec was last audited against lives in
//! `spec/upstream/`. This audit lists every difference between the two, method by method, and
//! whether the spec acknowledges it:
//!
//! - a method `decisions` entry whose `topic` is the finding's topic (`http_method`,
//!   `rate_limit_tier`, `scopes`, `content_types`, `description`, `argument user_id type`,
//!   `response invite_id required`, ...) acknowledges that finding, with the decision as reason;
//! - an argument, object property, error or response field whose `differs_from_upstream` lists
//!   the finding's attribute (`required`, `max_items`, `presence`, ...) acknowledges it, with
//!   the item's `notes` as reason.
//!
//! Nothing else does: notes alone acknowledge nothing, so a new difference on a noted item is
//! drift; and an argument or error code that upstream has and the spec lacks has no item to
//! list it, so it is reported as drift unless a decision names it.
//!
//! The upstream files are read loosely (as `serde_json::Value`), because their format changes:
//! scopes were `scope_by_token_type: {"granular_bot": "a,b"}` (or a plain string) and are now
//! `scope: {"bot": [...]}`. The older format is read, and reported as a `scope format` finding.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::model::{ContentType, ErrorDef, Field, HttpMethod, MethodFile, RateLimitTier, Spec};
use crate::types::TypeRef;
use crate::GenerateError;

/// The snapshot directory, relative to the workspace root.
pub const UPSTREAM_DIR: &str = "spec/upstream";

/// One difference between the spec and the upstream reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The method concerned.
    pub method: String,
    /// What differs, e.g. `argument limit maximum`; a decision with this topic acknowledges it.
    pub topic: String,
    /// Both sides, briefly.
    pub detail: String,
    /// Why the spec differs, when it says so: the decision's text or the item's notes.
    pub reason: Option<String>,
}

impl Finding {
    /// True when the spec records why it differs.
    pub fn acknowledged(&self) -> bool {
        self.reason.is_some()
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mark = if self.acknowledged() {
            "acknowledged"
        } else {
            "DRIFT"
        };
        write!(
            f,
            "{mark}: {}: {}: {}",
            self.method, self.topic, self.detail
        )
    }
}

/// The result of one audit.
#[derive(Debug, Clone)]
pub struct Report {
    /// The snapshot directory compared with.
    pub upstream_dir: PathBuf,
    /// Every method in the spec or the snapshot, sorted.
    pub methods: Vec<String>,
    /// Every difference, grouped by method in `methods` order.
    pub findings: Vec<Finding>,
}

impl Report {
    /// The findings the spec does not acknowledge.
    pub fn drift(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| !f.acknowledged())
    }

    /// True when every difference is acknowledged.
    pub fn is_clean(&self) -> bool {
        self.drift().next().is_none()
    }

    /// The report for a reader: grouped by method, each difference marked `acknowledged` (with
    /// the reason) or `DRIFT`, then a summary line.
    pub fn render(&self) -> String {
        let mut out = format!(
            "docs-audit: spec/ against {} ({} methods)\n",
            self.upstream_dir.display(),
            self.methods.len()
        );
        for method in &self.methods {
            let findings: Vec<&Finding> = self
                .findings
                .iter()
                .filter(|f| &f.method == method)
                .collect();
            if findings.is_empty() {
                out.push_str(&format!("\n{method}: no differences\n"));
                continue;
            }
            out.push_str(&format!("\n{method}\n"));
            let mut previous: Option<&str> = None;
            for finding in findings {
                let mark = if finding.acknowledged() {
                    "acknowledged"
                } else {
                    "DRIFT"
                };
                let text = format!("{}: {}", finding.topic, finding.detail);
                for (i, line) in wrap(&text, WIDTH).iter().enumerate() {
                    let mark = if i == 0 { mark } else { "" };
                    out.push_str(&format!("  {mark:<12}  {line}\n"));
                }
                let reason = finding.reason.as_deref();
                match reason {
                    Some(reason) if previous == Some(reason) => {
                        out.push_str(&format!("{:16}reason: as above\n", ""));
                    }
                    Some(reason) => {
                        for line in wrap(&format!("reason: {reason}"), WIDTH) {
                            out.push_str(&format!("{:16}{line}\n", ""));
                        }
                    }
                    None => {}
                }
                previous = reason;
            }
        }
        let drift = self.drift().count();
        out.push_str(&format!(
            "\n{} difference(s): {} acknowledged, {drift} drift\n",
            self.findings.len(),
            self.findings.len() - drift
        ));
        out
    }
}

/// Width of the text after the 16-column margin of the report.
const WIDTH: usize = 84;

/// `text` in lines of at most `width` characters (longer words stand alone).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Loads and validates the spec in `spec_dir`, then audits it against `upstream_dir`.
pub fn run(spec_dir: &Path, upstream_dir: &Path) -> Result<Report, GenerateError> {
    let spec = crate::load::load(spec_dir)?;
    crate::validate::validate(&spec)?;
    audit(&spec, upstream_dir)
}

/// Compares `spec` with every `<method>.json` in `upstream_dir`.
///
/// Fails, naming the file, when the directory cannot be read, holds no method file, or a file
/// is not a JSON object.
pub fn audit(spec: &Spec, upstream_dir: &Path) -> Result<Report, GenerateError> {
    let upstream = read_snapshot(upstream_dir)?;
    let methods: BTreeSet<String> = spec
        .methods
        .keys()
        .cloned()
        .chain(upstream.keys().cloned())
        .collect();
    let mut findings = Vec::new();
    for name in &methods {
        let mut audit = MethodAudit {
            method: name,
            findings: &mut findings,
        };
        match (spec.methods.get(name), upstream.get(name)) {
            (Some(ours), Some(theirs)) => audit.compare(&ours.value, theirs, spec),
            (Some(ours), None) => {
                let reason = decision(&ours.value, "method");
                audit.report("method", "in the spec, not upstream".into(), reason);
            }
            (None, _) => audit.report("method", "upstream, not in the spec".into(), None),
        }
    }
    Ok(Report {
        upstream_dir: upstream_dir.to_path_buf(),
        methods: methods.into_iter().collect(),
        findings,
    })
}

/// Every `<method>.json` of the snapshot, parsed, by method name.
fn read_snapshot(dir: &Path) -> Result<BTreeMap<String, Value>, GenerateError> {
    let entries = fs::read_dir(dir).map_err(|error| GenerateError::Io {
        path: dir.display().to_string(),
        error,
    })?;
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(GenerateError::Config(format!(
            "{}: no <method>.json files: not an upstream snapshot",
            dir.display()
        )));
    }
    let mut snapshot = BTreeMap::new();
    for path in files {
        let text = fs::read_to_string(&path).map_err(|error| GenerateError::Io {
            path: path.display().to_string(),
            error,
        })?;
        let value: Value = serde_json::from_str(&text)
            .map_err(|e| GenerateError::Config(format!("{}: not JSON: {e}", path.display())))?;
        if !value.is_object() {
            return Err(GenerateError::Config(format!(
                "{}: not a method reference: expected a JSON object",
                path.display()
            )));
        }
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        snapshot.insert(name, value);
    }
    Ok(snapshot)
}

/// The text of the method's decision on `topic`, if it records one.
fn decision(method: &MethodFile, topic: &str) -> Option<String> {
    method
        .decisions
        .iter()
        .find(|d| d.topic == topic)
        .map(|d| d.decision.clone())
}

struct MethodAudit<'a> {
    method: &'a str,
    findings: &'a mut Vec<Finding>,
}

/// What an item-level finding may be acknowledged by, besides a decision on its topic: the
/// item's `differs_from_upstream` list naming the finding's attribute, with its `notes` as the
/// reason. Notes alone acknowledge nothing, so a new difference on a noted item is still drift.
#[derive(Clone, Copy)]
struct Notes<'a> {
    notes: Option<&'a str>,
    differs: &'a [String],
}

impl<'a> Notes<'a> {
    const NONE: Notes<'static> = Notes {
        notes: None,
        differs: &[],
    };

    fn of(field: &'a Field) -> Notes<'a> {
        Notes {
            notes: field.notes.as_deref(),
            differs: &field.differs_from_upstream,
        }
    }

    fn of_error(error: &'a ErrorDef) -> Notes<'a> {
        Notes {
            notes: error.notes.as_deref(),
            differs: &error.differs_from_upstream,
        }
    }

    /// The reason, when the item lists the attribute `topic` is about.
    fn reason(&self, topic: &str) -> Option<String> {
        let attribute = attribute_of(topic);
        self.differs
            .iter()
            .any(|listed| listed == attribute)
            .then(|| {
                self.notes
                    .unwrap_or("listed in differs_from_upstream")
                    .to_owned()
            })
    }
}

/// The attribute a finding is about: the last word of its topic when that is one of
/// [`crate::model::UPSTREAM_ATTRIBUTES`], else `presence` (on one side only).
fn attribute_of(topic: &str) -> &str {
    let last = topic.rsplit(' ').next().unwrap_or("");
    if crate::model::UPSTREAM_ATTRIBUTES.contains(&last) && last != "presence" {
        last
    } else {
        "presence"
    }
}

impl MethodAudit<'_> {
    fn report(&mut self, topic: &str, detail: String, reason: Option<String>) {
        self.findings.push(Finding {
            method: self.method.to_owned(),
            topic: topic.to_owned(),
            detail,
            reason,
        });
    }

    /// Reports a finding acknowledged by a decision on `topic`, else by `notes`.
    fn item(&mut self, method: &MethodFile, topic: &str, detail: String, notes: Notes<'_>) {
        let reason = decision(method, topic).or_else(|| notes.reason(topic));
        self.report(topic, detail, reason);
    }

    fn compare(&mut self, method: &MethodFile, upstream: &Value, spec: &Spec) {
        self.compare_description(
            method,
            "description",
            &method.description,
            upstream,
            Notes::NONE,
        );
        self.compare_verb(method, upstream);
        self.compare_tier(method, upstream);
        self.compare_scopes(method, upstream);
        self.compare_json_support(method, upstream);
        self.compare_arguments(method, &upstream["args"], spec);
        self.compare_errors(method, &upstream["errors"], spec);
        self.compare_output(method, &upstream["output"], spec);
    }

    /// Compares a description when upstream has one (`desc`), normalized.
    fn compare_description(
        &mut self,
        method: &MethodFile,
        topic: &str,
        ours: &str,
        upstream: &Value,
        notes: Notes<'_>,
    ) {
        let Some(theirs) = upstream["desc"].as_str() else {
            return;
        };
        if normalize(theirs) != normalize(ours) {
            let detail = format!("upstream {:?}, spec {:?}", theirs.trim(), ours);
            self.item(method, topic, detail, notes);
        }
    }

    fn compare_verb(&mut self, method: &MethodFile, upstream: &Value) {
        let ours = match method.http_method {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
        };
        let theirs = upstream["http_method"].as_str().unwrap_or("(none)");
        if !theirs.eq_ignore_ascii_case(ours) {
            let detail = format!("upstream {theirs}, spec {ours}");
            self.item(method, "http_method", detail, Notes::NONE);
        }
    }

    fn compare_tier(&mut self, method: &MethodFile, upstream: &Value) {
        let ours = tier_name(method.rate_limit_tier);
        let theirs = match &upstream["rate_limits"] {
            Value::String(text) => text.clone(),
            Value::Null => "(none)".to_owned(),
            other => other.to_string(),
        };
        if tier_of(&theirs) != Some(ours) {
            let detail = format!("upstream {theirs}, spec {ours}");
            self.item(method, "rate_limit_tier", detail, Notes::NONE);
        }
    }

    fn compare_scopes(&mut self, method: &MethodFile, upstream: &Value) {
        let scopes = Scopes::read(upstream);
        if let Some(format) = &scopes.legacy_format {
            let detail = format!(
                "upstream gives scopes in a legacy form, {format}; today's form is \
                 `scope: {{\"bot\": [...]}}`"
            );
            self.item(method, "scope format", detail, Notes::NONE);
        }
        let ours = [("bot", &method.scopes.bot), ("user", &method.scopes.user)];
        for (token, ours) in ours {
            let ours: BTreeSet<String> = ours.iter().cloned().collect();
            let theirs = scopes.by_token.get(token).cloned().unwrap_or_default();
            if theirs != ours {
                let detail = format!("{token}: upstream {}, spec {}", list(&theirs), list(&ours));
                self.item(method, "scopes", detail, Notes::NONE);
            }
        }
        for (token, theirs) in &scopes.by_token {
            if token != "bot" && token != "user" {
                let detail = format!(
                    "upstream lists {} for `{token}` tokens, which the spec does not model",
                    list(theirs)
                );
                self.item(method, "scopes", detail, Notes::NONE);
            }
        }
    }

    fn compare_json_support(&mut self, method: &MethodFile, upstream: &Value) {
        let ours = method.content_types.contains(&ContentType::Json);
        let theirs = match &upstream["json_input_supported"] {
            Value::Bool(b) => *b,
            Value::Null => false,
            other => {
                let detail = format!("upstream json_input_supported is {other}, not a boolean");
                self.item(method, "content_types", detail, Notes::NONE);
                return;
            }
        };
        if theirs != ours {
            let detail = format!(
                "upstream json_input_supported: {theirs}, spec content_types {} application/json",
                if ours { "list" } else { "do not list" }
            );
            self.item(method, "content_types", detail, Notes::NONE);
        }
    }

    fn compare_arguments(&mut self, method: &MethodFile, args: &Value, spec: &Spec) {
        let empty = Map::new();
        let properties = args["properties"].as_object().unwrap_or(&empty);
        let required = strings(&args["required"]);
        let properties: Vec<(&String, &Value)> = properties
            .iter()
            .filter(|(name, _)| name.as_str() != "token")
            .collect();
        self.compare_fields(
            method,
            "argument ",
            &method.arguments,
            &properties,
            &required,
            spec,
            true,
        );
    }

    /// Compares the spec's `fields` with upstream JSON-schema `properties` (arguments, or the
    /// properties of an object argument): presence both ways, required, type, constraints,
    /// default and description. Object arguments are compared property by property.
    #[allow(clippy::too_many_arguments)]
    fn compare_fields(
        &mut self,
        method: &MethodFile,
        prefix: &str,
        fields: &[Field],
        properties: &[(&String, &Value)],
        required: &BTreeSet<&str>,
        spec: &Spec,
        nested: bool,
    ) {
        // By name, whatever order serde_json keeps keys in.
        let mut properties = properties.to_vec();
        properties.sort_by_key(|(name, _)| name.as_str());
        for (name, property) in &properties {
            let topic = format!("{prefix}{name}");
            let upstream_required = required.contains(name.as_str());
            let Some(field) = fields.iter().find(|f| &f.name == *name) else {
                let detail = format!(
                    "upstream ({}, {}), not in the spec",
                    Kind::upstream(property, spec),
                    if upstream_required {
                        "required"
                    } else {
                        "optional"
                    }
                );
                self.item(method, &topic, detail, Notes::NONE);
                continue;
            };
            let notes = Notes::of(field);
            if upstream_required != field.required {
                let detail = format!(
                    "upstream {}, spec {}",
                    required_word(upstream_required),
                    required_word(field.required)
                );
                self.item(method, &format!("{topic} required"), detail, notes);
            }
            self.compare_type(method, &topic, &field.ty, property, spec, notes);
            self.compare_constraints(method, &topic, field, property);
            self.compare_default(method, &topic, field, property);
            self.compare_description(
                method,
                &format!("{topic} description"),
                &field.description,
                property,
                notes,
            );
            if nested {
                self.compare_object(method, &topic, field, property, spec);
            }
        }
        for field in fields {
            if !properties.iter().any(|(name, _)| **name == field.name) {
                let topic = format!("{prefix}{}", field.name);
                let detail = format!("in the spec ({}), not upstream", field.ty);
                self.item(method, &topic, detail, Notes::of(field));
            }
        }
    }

    /// An object argument whose upstream schema lists `properties`, compared with the object
    /// shape the spec names.
    fn compare_object(
        &mut self,
        method: &MethodFile,
        topic: &str,
        field: &Field,
        property: &Value,
        spec: &Spec,
    ) {
        let (Some(properties), TypeRef::Named(name)) =
            (property["properties"].as_object(), &field.ty)
        else {
            return;
        };
        let Some(object) = method
            .objects
            .iter()
            .chain(&spec.objects)
            .find(|o| &o.name == name)
        else {
            return;
        };
        let properties: Vec<(&String, &Value)> = properties.iter().collect();
        let required = strings(&property["required"]);
        self.compare_fields(
            method,
            &format!("{topic}."),
            &object.fields,
            &properties,
            &required,
            spec,
            false,
        );
    }

    fn compare_type(
        &mut self,
        method: &MethodFile,
        topic: &str,
        ours: &TypeRef,
        property: &Value,
        spec: &Spec,
        notes: Notes<'_>,
    ) {
        let theirs = Kind::upstream(property, spec);
        if !theirs.agrees_with(&Kind::spec(ours, spec)) {
            let detail = format!("upstream {theirs}, spec {ours}");
            self.item(method, &format!("{topic} type"), detail, notes);
        }
    }

    fn compare_constraints(
        &mut self,
        method: &MethodFile,
        topic: &str,
        field: &Field,
        property: &Value,
    ) {
        let c = &field.constraints;
        let theirs = |key: &str| property.get(key).map(bound);
        let ours = |value: Option<u64>| value.map(|v| v.to_string());
        let ours_i = |value: Option<i64>| value.map(|v| v.to_string());
        let sorted = |mut values: Vec<String>| {
            values.sort();
            values.join(", ")
        };
        let upstream_enum = property.get("enum").map(|values| {
            let values = values.as_array().into_iter().flatten();
            sorted(
                values
                    .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                    .collect(),
            )
        });
        let pairs = [
            ("max_length", theirs("maxLength"), ours(c.max_length)),
            ("min_length", theirs("minLength"), ours(c.min_length)),
            ("minimum", theirs("minimum"), ours_i(c.minimum)),
            ("maximum", theirs("maximum"), ours_i(c.maximum)),
            ("min_items", theirs("minItems"), ours(c.min_items)),
            ("max_items", theirs("maxItems"), ours(c.max_items)),
            (
                "allowed_values",
                upstream_enum,
                c.allowed_values.clone().map(sorted),
            ),
        ];
        for (name, theirs, ours) in pairs {
            if theirs != ours {
                let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".to_owned());
                let detail = format!("upstream {}, spec {}", show(&theirs), show(&ours));
                self.item(method, &format!("{topic} {name}"), detail, Notes::of(field));
            }
        }
    }

    fn compare_default(
        &mut self,
        method: &MethodFile,
        topic: &str,
        field: &Field,
        property: &Value,
    ) {
        let theirs = property.get("default");
        if theirs != field.default.as_ref() {
            let show = |v: Option<&Value>| v.map_or_else(|| "none".to_owned(), Value::to_string);
            let detail = format!(
                "upstream {}, spec {}",
                show(theirs),
                show(field.default.as_ref())
            );
            self.item(
                method,
                &format!("{topic} default"),
                detail,
                Notes::of(field),
            );
        }
    }

    /// Error codes both ways, and descriptions. Upstream lists a method's own codes; the spec's
    /// common errors (`spec/shared/errors.json`) are not expected there.
    fn compare_errors(&mut self, method: &MethodFile, errors: &Value, spec: &Spec) {
        let empty = Map::new();
        let upstream = errors.as_object().unwrap_or(&empty);
        let mut codes: Vec<(&String, &Value)> = upstream.iter().collect();
        codes.sort_by_key(|(code, _)| code.as_str());
        for (code, error) in codes {
            let topic = format!("error {code}");
            match method.errors.iter().find(|e| &e.code == code) {
                None if method.common_errors
                    && spec.common_errors.iter().any(|e| &e.code == code) =>
                {
                    let detail =
                        "upstream a method error, in the spec only a common error".to_owned();
                    self.item(method, &topic, detail, Notes::NONE);
                }
                None => self.item(
                    method,
                    &topic,
                    "upstream, not in the spec".into(),
                    Notes::NONE,
                ),
                Some(ours) => self.compare_description(
                    method,
                    &format!("{topic} description"),
                    &ours.description,
                    error,
                    Notes::of_error(ours),
                ),
            }
        }
        for error in &method.errors {
            if !upstream.contains_key(&error.code) {
                let topic = format!("error {}", error.code);
                self.item(
                    method,
                    &topic,
                    "in the spec, not upstream".into(),
                    Notes::of_error(error),
                );
            }
        }
    }

    /// Response fields both ways: presence, required, type, description. `ok` is the envelope.
    fn compare_output(&mut self, method: &MethodFile, output: &Value, spec: &Spec) {
        let empty = Map::new();
        let properties = output["properties"].as_object().unwrap_or(&empty);
        let required = strings(&output["required"]);
        let mut fields: Vec<(&String, &Value)> = properties
            .iter()
            .filter(|(name, _)| name.as_str() != "ok")
            .collect();
        fields.sort_by_key(|(name, _)| name.as_str());
        for (name, property) in fields {
            let topic = format!("response {name}");
            let upstream_required = required.contains(name.as_str());
            let Some(field) = method.response.fields.iter().find(|f| &f.name == name) else {
                let detail = format!(
                    "upstream ({}, {}), not in the spec",
                    Kind::upstream(property, spec),
                    required_word(upstream_required)
                );
                self.item(method, &topic, detail, Notes::NONE);
                continue;
            };
            let notes = Notes::of(field);
            if field.required != upstream_required {
                let detail = format!(
                    "upstream {}, spec {}",
                    required_word(upstream_required),
                    required_word(field.required)
                );
                self.item(method, &format!("{topic} required"), detail, notes);
            }
            self.compare_type(method, &topic, &field.ty, property, spec, notes);
            self.compare_description(
                method,
                &format!("{topic} description"),
                &field.description,
                property,
                notes,
            );
        }
        for field in &method.response.fields {
            if !properties.contains_key(&field.name) {
                let topic = format!("response {}", field.name);
                let detail = format!("in the spec ({}), not upstream", field.ty);
                self.item(method, &topic, detail, Notes::of(field));
            }
        }
    }
}

/// A JSON-schema bound as the spec writes it: `1000`, not `1000.0`.
fn bound(value: &Value) -> String {
    match value.as_f64() {
        Some(n) if value.is_f64() && n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", n as i64),
        _ => value.to_string(),
    }
}

fn required_word(required: bool) -> &'static str {
    if required {
        "required"
    } else {
        "optional"
    }
}

fn tier_name(tier: RateLimitTier) -> &'static str {
    match tier {
        RateLimitTier::Tier1 => "tier1",
        RateLimitTier::Tier2 => "tier2",
        RateLimitTier::Tier3 => "tier3",
        RateLimitTier::Tier4 => "tier4",
        RateLimitTier::Special => "special",
    }
}

/// The spec's name for an upstream tier: `t2`, `Tier 2`, `tier2` or `special`.
fn tier_of(upstream: &str) -> Option<&'static str> {
    let text = upstream.trim().to_ascii_lowercase();
    if text.contains("special") {
        return Some("special");
    }
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    match (text.starts_with('t'), digits.as_str()) {
        (true, "1") => Some("tier1"),
        (true, "2") => Some("tier2"),
        (true, "3") => Some("tier3"),
        (true, "4") => Some("tier4"),
        _ => None,
    }
}

/// Upstream scopes by token type, read from either format.
struct Scopes {
    by_token: BTreeMap<String, BTreeSet<String>>,
    /// How the legacy format looked, when it was used.
    legacy_format: Option<String>,
}

impl Scopes {
    /// `scope: {"bot": [...], "user": [...]}` (current); `scope_by_token_type: {"granular_bot":
    /// "a,b", "user": "c"}` (older; `granular_bot` is today's `bot`); or `scope: "a,b"` alone
    /// (older still, no token type: read as bot scopes, the only kind these methods take).
    fn read(upstream: &Value) -> Scopes {
        let mut by_token = BTreeMap::new();
        if let Some(by_type) = upstream["scope_by_token_type"].as_object() {
            for (token, scopes) in by_type {
                let token = if token == "granular_bot" {
                    "bot"
                } else {
                    token
                };
                by_token.insert(token.to_owned(), scope_set(scopes));
            }
            let shown = serde_json::to_string(&upstream["scope_by_token_type"]).unwrap_or_default();
            return Scopes {
                by_token,
                legacy_format: Some(format!("`scope_by_token_type: {shown}`")),
            };
        }
        match &upstream["scope"] {
            Value::Object(by_type) => {
                for (token, scopes) in by_type {
                    by_token.insert(token.clone(), scope_set(scopes));
                }
                Scopes {
                    by_token,
                    legacy_format: None,
                }
            }
            Value::Null => Scopes {
                by_token,
                legacy_format: None,
            },
            other => {
                by_token.insert("bot".to_owned(), scope_set(other));
                Scopes {
                    by_token,
                    legacy_format: Some(format!("`scope: {other}` with no token type")),
                }
            }
        }
    }
}

/// A scope list: an array of strings or one comma-separated string.
fn scope_set(value: &Value) -> BTreeSet<String> {
    match value {
        Value::String(text) => text
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        Value::Array(items) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => BTreeSet::new(),
    }
}

fn list(scopes: &BTreeSet<String>) -> String {
    if scopes.is_empty() {
        "none".to_owned()
    } else {
        scopes.iter().cloned().collect::<Vec<_>>().join(", ")
    }
}

fn strings(value: &Value) -> BTreeSet<&str> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

/// A coarse type, to compare upstream's JSON schema with the spec's type expressions.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    String,
    /// A Slack ID (a string on the wire), by the spec's ID type name when one fits.
    Id(String),
    Integer,
    Number,
    Boolean,
    Object,
    Array(Box<Kind>),
    /// Anything (the spec's `json`), or a shape upstream does not describe.
    Any,
}

impl Kind {
    /// Upstream's type for a JSON-schema property: `type` (with `subtype` for IDs), or `schema`
    /// naming an ID type or an object shape.
    fn upstream(property: &Value, spec: &Spec) -> Kind {
        let known_id = |name: &str| spec.ids.iter().any(|id| id.name == name);
        let schema = property["schema"].as_str().map(|s| s.replace('-', "_"));
        let subtype = property["subtype"].as_str().map(|s| format!("{s}_id"));
        if let Some(name) = &schema {
            if known_id(name) {
                return Kind::Id(name.clone());
            }
        }
        if let Some(name) = &subtype {
            if known_id(name) {
                return Kind::Id(name.clone());
            }
        }
        if let Some(name) = schema {
            return if name.ends_with("_id") {
                Kind::Id(name)
            } else {
                Kind::Object
            };
        }
        match property["type"].as_str() {
            Some("string") => Kind::String,
            Some("integer") => Kind::Integer,
            Some("number") => Kind::Number,
            Some("boolean") => Kind::Boolean,
            Some("object") => Kind::Object,
            Some("array") => Kind::Array(Box::new(match property.get("items") {
                Some(items) => Kind::upstream(items, spec),
                None => Kind::Any,
            })),
            _ if property["properties"].is_object() => Kind::Object,
            _ => Kind::Any,
        }
    }

    fn spec(ty: &TypeRef, spec: &Spec) -> Kind {
        match ty {
            TypeRef::String => Kind::String,
            TypeRef::Integer => Kind::Integer,
            TypeRef::Number => Kind::Number,
            TypeRef::Boolean => Kind::Boolean,
            TypeRef::Array(inner) => Kind::Array(Box::new(Kind::spec(inner, spec))),
            TypeRef::Named(name) if spec.ids.iter().any(|id| &id.name == name) => {
                Kind::Id(name.clone())
            }
            TypeRef::Named(_) => Kind::Object,
            _ => Kind::Any,
        }
    }

    /// Whether the two could describe the same values. An ID is a string: a plain upstream
    /// `string` the spec narrows to an ID type agrees; two different ID types do not.
    fn agrees_with(&self, other: &Kind) -> bool {
        match (self, other) {
            (Kind::Any, _) | (_, Kind::Any) => true,
            (Kind::String, Kind::Id(_)) | (Kind::Id(_), Kind::String) => true,
            (Kind::Array(a), Kind::Array(b)) => a.agrees_with(b),
            (a, b) => a == b,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Kind::String => f.write_str("string"),
            Kind::Id(name) => f.write_str(name),
            Kind::Integer => f.write_str("integer"),
            Kind::Number => f.write_str("number"),
            Kind::Boolean => f.write_str("boolean"),
            Kind::Object => f.write_str("object"),
            Kind::Array(inner) => write!(f, "array<{inner}>"),
            Kind::Any => f.write_str("any"),
        }
    }
}

/// Descriptions compared as read: ignoring case, markdown (backticks, links), curly
/// apostrophes, repeated spaces and a final period.
fn normalize(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut rest = text;
    // `[label](target)` reads as `label`.
    while let Some(open) = rest.find('[') {
        let (before, after) = rest.split_at(open);
        plain.push_str(before);
        let link = after.find("](").and_then(|mid| {
            let close = after[mid..].find(')')? + mid;
            Some((&after[1..mid], close))
        });
        match link {
            Some((label, close)) => {
                plain.push_str(label);
                rest = &after[close + 1..];
            }
            None => {
                plain.push('[');
                rest = &after[1..];
            }
        }
    }
    plain.push_str(rest);
    let words = plain
        .replace('`', "")
        .replace(['\u{2019}', '\u{2018}'], "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    words.trim_end_matches('.').to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::{normalize, tier_of};

    #[test]
    fn descriptions_are_compared_as_read() {
        assert_eq!(
            normalize("See the [`event`](/reference/events/x)  payload\u{2019}s text."),
            normalize("See the event payload's text")
        );
        assert_eq!(normalize("a [b] c"), "a [b] c");
        assert_ne!(normalize("not allowed."), normalize("allowed."));
    }

    #[test]
    fn tiers_read_in_several_spellings() {
        assert_eq!(tier_of("t2"), Some("tier2"));
        assert_eq!(tier_of("Tier 3"), Some("tier3"));
        assert_eq!(tier_of("special"), Some("special"));
        assert_eq!(tier_of(""), None);
        assert_eq!(tier_of("t9"), None);
    }
}
