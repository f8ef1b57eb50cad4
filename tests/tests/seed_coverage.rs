//! The spec covers everything on the documentation pages the project started from
//! (`reference/seeds/`): every argument (with whether it is required) and every error code.

use std::collections::BTreeSet;
use std::path::Path;

use codegen::model::{MethodFile, Spec};

fn spec() -> Spec {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    codegen::load::load(&dir).unwrap_or_else(|e| panic!("{e}"))
}

fn seed(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../reference/seeds")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn is_code(line: &str) -> bool {
    line.starts_with(|c: char| c.is_ascii_lowercase())
        && line
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

const TYPES: &[&str] = &["string", "boolean", "integer", "array", "object", ""];

/// Arguments of a method page, as (name, required). Two layouts occur: `namestringRequired` on
/// one line, or the name, the type and `Required...` on three lines.
fn seed_arguments(page: &str) -> Vec<(String, bool)> {
    let lines: Vec<&str> = page.lines().map(str::trim).collect();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        for (suffix, required) in [("Required", true), ("Optional", false)] {
            let Some(head) = line.strip_suffix(suffix) else {
                continue;
            };
            for ty in TYPES {
                if let Some(name) = head.strip_suffix(ty) {
                    if is_code(name) {
                        found.push((name.to_owned(), required));
                        break;
                    }
                }
            }
        }
        let three_line = is_code(line)
            && lines
                .get(i + 1)
                .is_some_and(|t| TYPES.contains(t) && !t.is_empty())
            && lines
                .get(i + 2)
                .is_some_and(|r| r.starts_with("Required") || r.starts_with("Optional"));
        if three_line {
            found.push((line.to_string(), lines[i + 2].starts_with("Required")));
        }
    }
    found.retain(|(name, _)| name != "token");
    found
}

/// Error codes of a method page: the code lines after the `Errors` heading.
fn seed_errors(page: &str) -> BTreeSet<String> {
    page.lines()
        .map(str::trim)
        .skip_while(|line| *line != "Errors")
        .filter(|line| is_code(line))
        .map(str::to_owned)
        .collect()
}

fn documented_codes(spec: &Spec, method: &MethodFile) -> BTreeSet<String> {
    let mut codes: BTreeSet<String> = method.errors.iter().map(|e| e.code.clone()).collect();
    if method.common_errors {
        codes.extend(spec.common_errors.iter().map(|e| e.code.clone()));
    }
    codes
}

#[test]
fn every_argument_and_error_on_the_seed_pages_is_in_the_spec() {
    let spec = spec();
    for method_name in [
        "conversations.acceptSharedInvite",
        "conversations.inviteShared",
        "conversations.requestSharedInvite.approve",
        "conversations.requestSharedInvite.deny",
    ] {
        let page = seed(&format!("{method_name}.txt"));
        let method = &spec.methods[method_name].value;
        let arguments = seed_arguments(&page);
        assert!(!arguments.is_empty(), "{method_name}: no arguments parsed");
        for (name, required) in arguments {
            let ours = method.arguments.iter().find(|a| a.name == name);
            let ours = ours
                .unwrap_or_else(|| panic!("{method_name}: argument `{name}` is not in the spec"));
            assert_eq!(ours.required, required, "{method_name}: `{name}` required");
        }
        let errors = seed_errors(&page);
        assert!(
            errors.len() >= 30,
            "{method_name}: only {} codes parsed",
            errors.len()
        );
        let documented = documented_codes(&spec, method);
        let missing: Vec<&String> = errors.difference(&documented).collect();
        assert!(
            missing.is_empty(),
            "{method_name}: error codes not in the spec: {missing:?}"
        );
    }
}

/// SlackKit's page runs names into the previous sentence (`...excludedinclude_denied- When`),
/// so each `name- ` token is matched by suffix against the spec's names.
#[test]
fn everything_on_the_slackkit_page_is_in_the_spec() {
    let spec = spec();
    let page = seed("SlackKit.Conversations.RequestSharedInvite.txt");
    let methods: Vec<&MethodFile> = ["approve", "deny", "list"]
        .iter()
        .map(|m| &spec.methods[&format!("conversations.requestSharedInvite.{m}")].value)
        .collect();
    let mut known: BTreeSet<String> = BTreeSet::new();
    for method in &methods {
        known.extend(method.arguments.iter().map(|a| a.name.clone()));
        known.extend(method.errors.iter().map(|e| e.code.clone()));
        assert_eq!(method.scopes.bot, ["conversations.connect:manage"]);
        assert_eq!(
            method.rate_limit_tier,
            codegen::model::RateLimitTier::Tier2,
            "SlackKit: Tier 2"
        );
    }
    let mut tokens = Vec::new();
    for part in page.split("- ").collect::<Vec<_>>().windows(2) {
        let token: String = part[0]
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_lowercase() || *c == '_')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if token.contains('_') || known.contains(&token) {
            tokens.push(token);
        }
    }
    assert!(tokens.len() >= 25, "parsed {} names", tokens.len());
    for token in tokens {
        assert!(
            known.iter().any(|name| token.ends_with(name.as_str())),
            "`{token}` on the SlackKit page is not in the spec"
        );
    }
}
