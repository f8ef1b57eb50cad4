//! Each target's starting corpus, from the project's documented samples and its spec.

use std::fs;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};
use slack_connect::generated::dynamic::visit_method;
use slack_connect::runtime::{form, ApiRequest, ArgumentMeta, MethodVisitor, ValueKind};
use slack_connect::signing::SigningSecret;

/// One input of a target's starting corpus.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Seed {
    /// The target it is for (one of [`super::TARGETS`]).
    pub target: &'static str,
    /// A file name for it, unique within its target.
    pub name: String,
    /// The input, in the target's layout.
    pub data: Vec<u8>,
}

/// The documented samples (`tests/data/samples`).
const SAMPLES_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/samples");

/// Every seed of every target: the documented response samples (each with its method's
/// selector byte), a form body per method built from the spec's argument examples, the
/// documented event samples, signatures (Slack's worked example, and edits of a good
/// signature), and each spec file as it is.
pub fn seeds() -> Vec<Seed> {
    let mut seeds = Vec::new();
    let mut add =
        |target: &'static str, name: String, data: Vec<u8>| seeds.push(Seed { target, name, data });
    for (file, text) in files(Path::new(SAMPLES_DIR)) {
        let method = file
            .trim_end_matches(".json")
            .trim_end_matches(".txt")
            .trim_end_matches(".error")
            .trim_end_matches(".docs-sanitized")
            .trim_end_matches(".docs-example");
        if let Some(selector) = super::selector(method) {
            add("response", file, with_selector(selector, &text));
        }
    }
    for (file, text) in files(&Path::new(SAMPLES_DIR).join("events")) {
        add("events", file, text);
    }
    let examples = examples();
    for (selector, meta) in slack_connect::generated::METHODS.iter().enumerate() {
        let selector = u8::try_from(selector).expect("fewer than 256 methods");
        add(
            "response",
            format!("{}.minimal", meta.name),
            with_selector(selector, br#"{"ok":true}"#),
        );
        let mut arguments = examples.get(meta.name).cloned().unwrap_or_default();
        for argument in meta.arguments.iter().filter(|a| a.required) {
            if !arguments.contains_key(argument.name) {
                arguments.insert(argument.name.to_owned(), placeholder(argument));
            }
        }
        if let Some(Some(body)) = visit_method(meta.name, FormOf { arguments }) {
            add(
                "form",
                meta.name.to_owned(),
                with_selector(selector, body.as_bytes()),
            );
        }
    }
    // Slack's worked example from "Verifying requests from Slack", then edits of a good
    // signature: a sign, a capital, a space, a byte too many.
    let body = b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&text=";
    let mut raw = b"\x001531420618\0".to_vec();
    raw.extend(
        SigningSecret::new("8f742231b10e8888abcd99yyyzzz85a5")
            .sign("1531420618", body)
            .bytes(),
    );
    raw.push(0);
    raw.extend(body);
    add("signature", "raw".to_owned(), raw);
    for (i, (position, byte)) in [(3u8, b'+'), (4, b'A'), (0, b' '), (67, b'0')]
        .into_iter()
        .enumerate()
    {
        let mut forged = vec![1, position, byte];
        forged.extend(body);
        add("signature", format!("forged-{i}"), forged);
    }
    for (project, files) in [(false, super::spec::fixture()), (true, super::spec::base())] {
        for (index, (path, text)) in files.iter().enumerate() {
            let selector = super::spec::selector(project, index);
            let name = format!("{}-{}", if project { "project" } else { "fixture" }, path);
            add(
                "spec",
                name.replace('/', "-"),
                with_selector(selector, text.as_bytes()),
            );
        }
    }
    seeds
}

fn with_selector(selector: u8, body: &[u8]) -> Vec<u8> {
    let mut data = vec![selector];
    data.extend(body);
    data
}

/// The files of `dir` (not its subdirectories), by name, in name order; none if it cannot be read.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|entry| entry.path().is_file())
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let data = fs::read(entry.path()).ok()?;
            (name != "README.md").then_some((name, data))
        })
        .collect();
    files.sort();
    files
}

/// A value of an argument's kind, for a required argument the spec gives no example of.
fn placeholder(argument: &ArgumentMeta) -> Value {
    fn of(kind: ValueKind, fields: &[ArgumentMeta]) -> Value {
        match kind {
            ValueKind::String => Value::from("X1"),
            ValueKind::Integer => Value::from(1),
            ValueKind::Number => Value::from(1.5),
            ValueKind::Boolean => Value::Bool(true),
            ValueKind::Array(item) => Value::Array(vec![of(*item, &[])]),
            ValueKind::Object => Value::Object(
                fields
                    .iter()
                    .filter(|f| f.required)
                    .map(|f| (f.name.to_owned(), of(f.kind, f.fields)))
                    .collect(),
            ),
            _ => Value::Object(Map::new()),
        }
    }
    of(argument.kind, argument.fields)
}

/// Each method's arguments that have an `example` in the spec, by method name.
fn examples() -> std::collections::BTreeMap<String, Map<String, Value>> {
    let mut all = std::collections::BTreeMap::new();
    for (path, text) in super::spec::base() {
        let Ok(Value::Object(file)) = serde_json::from_str::<Value>(text) else {
            continue;
        };
        let (Some(Value::String(name)), Some(Value::Array(arguments))) =
            (file.get("name"), file.get("arguments"))
        else {
            continue;
        };
        if !path.starts_with(codegen::load::METHODS_DIR) {
            continue;
        }
        let mut examples = Map::new();
        for argument in arguments {
            if let (Some(Value::String(argument)), Some(example)) =
                (argument.get("name"), argument.get("example"))
            {
                examples.insert(argument.clone(), example.clone());
            }
        }
        all.insert(name.clone(), examples);
    }
    all
}

/// The form body of a method's request built from example arguments, if they make one.
struct FormOf {
    arguments: Map<String, Value>,
}

impl MethodVisitor for FormOf {
    type Output = Option<String>;

    fn visit<R>(self) -> Option<String>
    where
        R: ApiRequest + DeserializeOwned,
        R::Response: Serialize,
    {
        let request: R = serde_json::from_value(Value::Object(self.arguments)).ok()?;
        form::encode(&request).ok()
    }
}
