//! The generator's list of the hand-written `Client`'s functions (which the generated family
//! accessors join in one `impl`) matches the source, so a collision check against it is real.

use std::collections::BTreeSet;
use std::path::Path;

#[test]
fn the_generator_knows_every_function_of_the_client() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../sdk/src/client");
    let mut found = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let mut inside = false;
        for line in text.lines() {
            if line.starts_with("impl Client {") {
                inside = true;
            } else if inside && line == "}" {
                inside = false;
            } else if inside {
                let trimmed = line.trim_start();
                let indent = line.len() - trimmed.len();
                let rest = ["pub ", "pub(crate) ", "async ", "const "]
                    .iter()
                    .fold(trimmed, |rest, prefix| {
                        rest.strip_prefix(prefix).unwrap_or(rest)
                    });
                let rest = rest.strip_prefix("async ").unwrap_or(rest);
                if let (4, Some(name)) = (indent, rest.strip_prefix("fn ")) {
                    let name: String = name
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    found.insert(name);
                }
            }
        }
    }
    let known: BTreeSet<String> = codegen::naming::CLIENT_METHODS
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert!(
        found.len() >= 5,
        "the parser found the client's functions: {found:?}"
    );
    assert_eq!(
        found, known,
        "update `CLIENT_METHODS` in codegen/src/naming.rs to the functions of `impl Client`"
    );
}
