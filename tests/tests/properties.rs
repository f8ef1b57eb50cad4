//! A short smoke of every fuzz target (`fuzz/`) inside `cargo test`: the same entry points
//! (`slack_connect_tests::fuzz_entry`), fed with the targets' seeds edited at random, both byte by
//! byte and as JSON (a value anywhere in a document replaced by another). A parser that panics,
//! or breaks a property its target checks, fails CI. The long runs are `scripts/fuzz.sh`'s.

use std::panic::{catch_unwind, AssertUnwindSafe};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{Map, Value};
use slack_connect_tests::fuzz_entry::{self, seeds, Seed};

/// One edit of an input's bytes; positions wrap around the input's length.
#[derive(Clone, Debug)]
enum ByteEdit {
    Set(usize, u8),
    Insert(usize, u8),
    Remove(usize),
    Truncate(usize),
}

fn byte_edit() -> impl Strategy<Value = ByteEdit> {
    let interesting = prop_oneof![
        any::<u8>(),
        proptest::sample::select(b"\"{}[],:0-+.eE\\ \0\x7f\xff\xc3".to_vec()),
    ];
    prop_oneof![
        (any::<usize>(), interesting.clone()).prop_map(|(at, b)| ByteEdit::Set(at, b)),
        (any::<usize>(), interesting).prop_map(|(at, b)| ByteEdit::Insert(at, b)),
        any::<usize>().prop_map(ByteEdit::Remove),
        any::<usize>().prop_map(ByteEdit::Truncate),
    ]
}

fn apply_bytes(seed: &[u8], edits: &[ByteEdit]) -> Vec<u8> {
    let mut data = seed.to_vec();
    for edit in edits {
        let wrap = |at: usize, len: usize| if len == 0 { 0 } else { at % len };
        match *edit {
            ByteEdit::Set(at, b) if !data.is_empty() => {
                let at = wrap(at, data.len());
                data[at] = b;
            }
            ByteEdit::Insert(at, b) => data.insert(wrap(at, data.len() + 1), b),
            ByteEdit::Remove(at) if !data.is_empty() => {
                data.remove(wrap(at, data.len()));
            }
            ByteEdit::Truncate(at) => data.truncate(wrap(at, data.len() + 1)),
            _ => {}
        }
    }
    data
}

/// JSON values a hostile or careless writer might put anywhere.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        proptest::sample::select(vec![0.5, -1.0, 1e300, u64::MAX as f64]).prop_map(Value::from),
        "[ -~]{0,12}".prop_map(Value::String),
        "[a-z][a-z0-9]{0,8}(_[a-z0-9]{1,6}){0,2}".prop_map(Value::String),
    ];
    leaf.prop_recursive(2, 8, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Replaces the `at`-th value of `document` (in a depth-first walk, wrapping) with `new`;
/// `false` when the document has no value.
fn replace_nth(document: &mut Value, at: usize, new: Value) -> bool {
    fn count(value: &Value) -> usize {
        1 + match value {
            Value::Array(items) => items.iter().map(count).sum(),
            Value::Object(fields) => fields.values().map(count).sum(),
            _ => 0,
        }
    }
    fn walk(value: &mut Value, at: &mut usize, new: &mut Option<Value>) {
        if *at == 0 {
            if let Some(new) = new.take() {
                *value = new;
            }
            return;
        }
        *at -= 1;
        match value {
            Value::Array(items) => items.iter_mut().for_each(|v| walk(v, at, new)),
            Value::Object(fields) => fields.values_mut().for_each(|v| walk(v, at, new)),
            _ => {}
        }
    }
    let total = count(document);
    let mut at = at % total;
    let mut new = Some(new);
    walk(document, &mut at, &mut new);
    new.is_none()
}

/// The seed's body as JSON with one value replaced, the selector byte (if the target has
/// one) kept.
fn apply_json(target: &str, seed: &[u8], at: usize, new: Value) -> Option<Vec<u8>> {
    let (head, body) = match target {
        "events" => (&[][..], seed),
        _ => seed.split_at(1.min(seed.len())),
    };
    let mut document: Value = serde_json::from_slice(body).ok()?;
    replace_nth(&mut document, at, new).then_some(())?;
    let mut data = head.to_vec();
    data.extend(serde_json::to_vec(&document).ok()?);
    Some(data)
}

fn runs(target: &str, data: &[u8]) -> Result<(), TestCaseError> {
    match catch_unwind(AssertUnwindSafe(|| fuzz_entry::run(target, data))) {
        Ok(known) => {
            prop_assert!(known, "no fuzz target is called {}", target);
            Ok(())
        }
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            Err(TestCaseError::fail(format!(
                "target `{target}` panicked on {:?}: {message}",
                String::from_utf8_lossy(data)
            )))
        }
    }
}

/// Runs `cases` edited seeds through `target`: byte edits, and for JSON seeds value edits.
fn smoke(target: &'static str, cases: u32) {
    let seeds: Vec<Seed> = seeds().into_iter().filter(|s| s.target == target).collect();
    assert!(!seeds.is_empty(), "no seeds for `{target}`");
    // Each `spec` seed is a spec file as it is, so they all give one of two specs (the
    // generator's fixture, the project's): one seed of each is enough.
    let mut bases_seen = Vec::new();
    for seed in &seeds {
        if target == "spec" {
            let base = seed.data.first().map(|b| b & 0x80);
            if bases_seen.contains(&base) {
                continue;
            }
            bases_seen.push(base);
        }
        runs(target, &seed.data).unwrap_or_else(|e| panic!("seed {}: {e}", seed.name));
    }
    let data: Vec<Vec<u8>> = seeds.into_iter().map(|s| s.data).collect();
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let bytes = (
        proptest::sample::select(data.clone()),
        proptest::collection::vec(byte_edit(), 1..6),
    );
    runner
        .run(&bytes, |(seed, edits)| {
            runs(target, &apply_bytes(&seed, &edits))
        })
        .unwrap();
    let json = (proptest::sample::select(data), any::<usize>(), json_value());
    runner
        .run(&json, |(seed, at, new)| {
            match apply_json(target, &seed, at, new) {
                Some(data) => runs(target, &data),
                None => Ok(()),
            }
        })
        .unwrap();
    let noise = proptest::collection::vec(any::<u8>(), 0..64);
    runner.run(&noise, |data| runs(target, &data)).unwrap();
}

#[test]
fn every_target_has_a_smoke_and_seeds() {
    let seeds = seeds();
    for target in fuzz_entry::TARGETS {
        assert!(
            seeds.iter().any(|s| s.target == *target),
            "no seeds for `{target}`"
        );
    }
    assert!(!fuzz_entry::run("nothing", b""));
}

#[test]
fn response_decoding_survives_edited_samples() {
    smoke("response", 400);
}

#[test]
fn form_decoding_survives_edited_bodies() {
    smoke("form", 400);
}

#[test]
fn event_decoding_survives_edited_deliveries() {
    smoke("events", 400);
}

#[test]
fn signature_checking_survives_edited_headers() {
    smoke("signature", 400);
}

#[test]
fn spec_loading_and_generation_survive_edited_files() {
    smoke("spec", 40);
}

/// Inputs the targets once failed on, kept as they were found.
#[test]
fn found_inputs_stay_fixed() {
    // A `+` in place of a signature's leading `0` was read as the same byte (`u8::from_str_radix`
    // takes a sign), so an edited signature verified.
    let mut plus_sign = vec![1, 3, b'+'];
    plus_sign.extend(b"tokenxyzz0WbapA4vBCDEFasx0q6G&tea");
    fuzz_entry::signature(&plus_sign);
}

/// An argument named without a letter or digit (`__`, `}`, `//`, `_`) passed validation and then
/// panicked the generator (`Ident is not allowed to be empty`); the validator now refuses it.
#[test]
fn names_the_generator_cannot_emit_are_refused() {
    let path = format!(
        "{}/../codegen/tests/fixtures/specs/basic/methods/widgets.list.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let seed = seeds()
        .into_iter()
        .find(|s| s.target == "spec" && s.name == "fixture-methods-widgets.list.json")
        .expect("the fixture's method file is a seed");
    let mut method: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    for name in ["__", "}", "//", "_"] {
        method["arguments"][0]["name"] = Value::from(name);
        let mut data = vec![seed.data[0]];
        data.extend(serde_json::to_vec(&method).unwrap());
        runs("spec", &data).unwrap_or_else(|e| panic!("argument `{name}`: {e}"));
    }
}
