//! Hand-written code does not restate the spec: no string literal in `emulator/src`, `cli/src`,
//! `sdk/src` (outside `generated/`) or `emulator/examples` is a wire name (of a method, argument,
//! response field, object property, event or event field), an error code, a scope or an allowed
//! value, and no integer literal is a constraint bound. Such code reads the fact from the
//! generated metadata instead (`spec::arguments::EMAILS`, `spec::COUNT_DEFAULT`,
//! `ApproveMessage::TEXT_MAX_LENGTH`, `METHOD.bot_scopes`, an error enum's variant, ...).
//!
//! The facts come from the spec itself; the sources are scanned as text. Test modules
//! (`#[cfg(test)] mod ... { ... }`) and comments are skipped: tests name wire values on purpose.
//! The integers 0 and 1 are too common to attribute and are not checked, nor are documented
//! defaults (100, 200: HTTP statuses, buffer sizes and the like would drown them); a default's
//! generated constant (`COUNT_DEFAULT`) is what code uses. A string literal that is a JSON pointer
//! made only of spec names (`/response_metadata/next_cursor`) restates each of them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use codegen::model::{Field, ObjectDef, Spec};

/// Literals that match a spec fact by coincidence or for a reason of their own, by file and
/// literal. Each entry says why; an entry that no longer matches anything fails the test.
const ALLOWED: &[(&str, &str, &str)] = &[
    // Emulator-owned names, not Slack's: the Debug output of its own token records, the tag of
    // its fault JSON, and the reply of its `/emulator/invite_requests` control endpoint.
    ("emulator/src/world.rs", "team_id", "Debug field of `Token`"),
    (
        "emulator/src/world.rs",
        "enterprise_id",
        "Debug field of `Token`",
    ),
    ("emulator/src/world.rs", "user_id", "Debug field of `Token`"),
    ("emulator/src/faults.rs", "type", "serde tag of `Fault`"),
    // The Web API envelope's `warning` key, which the disconnect reason `warning` shares by
    // coincidence.
    (
        "sdk/src/runtime/envelope.rs",
        "warning",
        "Web API envelope key",
    ),
    (
        "emulator/src/socket_hub.rs",
        "type",
        "serde tag of `SocketFault`, and the tag of the `interactive` envelope it injects, a type the spec leaves to `Frame::Other`",
    ),
    (
        "emulator/src/control_routes.rs",
        "invite_id",
        "control endpoint's reply",
    ),
    // The argument names of the emulator's `/emulator/invite_requests` control endpoint (its
    // own JSON, not a Slack method's), named in its refusals.
    (
        "emulator/src/control.rs",
        "recipient_email",
        "control endpoint's argument",
    ),
    (
        "emulator/src/control.rs",
        "recipient_user_id",
        "control endpoint's argument",
    ),
    (
        "emulator/src/control.rs",
        "message",
        "control endpoint's argument",
    ),
    // The emulator's bound on an injected fault's count and queue, not a list size.
    ("emulator/src/limits.rs", "1000", "fault count bound"),
    // The `name` parameter of a multipart part's Content-Disposition header (RFC 7578).
    (
        "emulator/src/multipart.rs",
        "name",
        "multipart header parameter",
    ),
    // The envelope's `response_metadata`, which Slack may attach to any method's response: the
    // runtime's envelope decoder and the emulator's error replies handle it for every method.
    ("emulator/src/reply.rs", "response_metadata", "envelope key"),
    (
        "sdk/src/runtime/envelope.rs",
        "response_metadata",
        "envelope key",
    ),
    // The Events API envelope's and events' `type` discriminator, read before any event type
    // is known.
    ("sdk/src/receiver.rs", "type", "Events API discriminator"),
    (
        "sdk/src/runtime/tagged.rs",
        "type",
        "Events API discriminator",
    ),
    // Display heuristics of the CLI's tables, not facts about a method: an `id` column first,
    // and an object shown by its `name`.
    ("cli/src/table.rs", "id", "column order"),
    ("cli/src/flatten.rs", "name", "object label"),
    // The CLI's label for a scalar shown on its own and its two-column table's header; a
    // Slack Connect preference also has a `value` field, by coincidence.
    ("cli/src/flatten.rs", "value", "column label"),
    ("cli/src/table.rs", "value", "column header"),
    // The error-source field of a Debug line, not a preference's `source`.
    (
        "sdk/src/client/transport_error.rs",
        "source",
        "Debug field of `TransportError`",
    ),
    // An HTTP status field of the client's log line, not a response field.
    ("sdk/src/client/call.rs", "status", "log field"),
    // The example's own labels for a request's state, not the API's values.
    (
        "emulator/examples/invite_gate.rs",
        "approved",
        "the example's state label",
    ),
];

/// The spec's facts: literal -> what it is, e.g. `argument of conversations.inviteShared`.
#[derive(Default)]
struct Facts {
    strings: BTreeMap<String, BTreeSet<String>>,
    numbers: BTreeMap<u64, BTreeSet<String>>,
}

impl Facts {
    fn of(spec: &Spec) -> Facts {
        let mut facts = Facts::default();
        for object in &spec.objects {
            facts.object(object, "shared object");
        }
        for error in &spec.common_errors {
            facts.string(&error.code, "common error");
        }
        for located in spec.methods.values() {
            let method = &located.value;
            let of = |what: &str| format!("{what} of {}", method.name);
            facts.string(&method.name, "method");
            facts.fields(&method.arguments, &of("argument"));
            facts.fields(&method.response.fields, &of("response field"));
            for object in &method.objects {
                facts.object(object, &of("object"));
            }
            for error in &method.errors {
                facts.string(&error.code, &of("error"));
            }
            let scopes = &method.scopes;
            for scope in scopes.bot.iter().chain(&scopes.user).chain(&scopes.app) {
                facts.string(scope, &of("scope"));
            }
        }
        for located in spec.events.values() {
            let event = &located.value;
            facts.string(&event.name, "event");
            facts.fields(&event.fields, &format!("field of event {}", event.name));
            for object in &event.objects {
                facts.object(object, &format!("object of event {}", event.name));
            }
        }
        if let Some(located) = &spec.socket_mode {
            let socket = &located.value;
            for frame in &socket.frames {
                facts.string(&frame.name, "Socket Mode frame");
                facts.fields(&frame.fields, &format!("field of frame {}", frame.name));
            }
            facts.fields(
                &socket.acknowledgement.fields,
                "field of the acknowledgement",
            );
            for reason in &socket.disconnect_reasons {
                facts.string(&reason.code, "disconnect reason");
            }
            for object in &socket.objects {
                facts.object(object, "Socket Mode object");
            }
        }
        facts
    }

    fn string(&mut self, text: &str, what: &str) {
        let entry = self.strings.entry(text.to_owned()).or_default();
        entry.insert(what.to_owned());
    }

    fn number(&mut self, value: u64, what: String) {
        if value > 1 {
            self.numbers.entry(value).or_default().insert(what);
        }
    }

    fn object(&mut self, object: &ObjectDef, what: &str) {
        self.fields(
            &object.fields,
            &format!("property of {what} {}", object.name),
        );
    }

    fn fields(&mut self, fields: &[Field], what: &str) {
        for field in fields {
            self.string(&field.name, what);
            let c = &field.constraints;
            let bounds = [
                ("max_length", c.max_length),
                ("min_length", c.min_length),
                ("min_items", c.min_items),
                ("max_items", c.max_items),
                ("minimum", c.minimum.and_then(|v| u64::try_from(v).ok())),
                ("maximum", c.maximum.and_then(|v| u64::try_from(v).ok())),
            ];
            for (name, bound) in bounds {
                if let Some(bound) = bound {
                    self.number(bound, format!("{name} of `{}` ({what})", field.name));
                }
            }
            for value in c.allowed_values.iter().flatten() {
                let allowed = format!("allowed value of `{}` ({what})", field.name);
                self.string(value, &allowed);
            }
        }
    }
}

/// A literal found in a source file.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Found {
    file: String,
    line: usize,
    literal: String,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "generated") {
                rust_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The lines of `text` outside test modules and comments, with their numbers.
fn code_lines(text: &str) -> Vec<(usize, &str)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut kept = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        let next = lines.get(i + 1).map_or("", |l| l.trim());
        if line == "#[cfg(test)]" && next.starts_with("mod ") && next.ends_with('{') {
            // Skip to the line that closes the module.
            let mut depth = 0i64;
            i += 1;
            while i < lines.len() {
                depth += braces(lines[i]);
                i += 1;
                if depth <= 0 {
                    break;
                }
            }
            continue;
        }
        if !line.starts_with("//") {
            kept.push((i + 1, lines[i]));
        }
        i += 1;
    }
    kept
}

/// Opening minus closing braces on a line, outside string literals.
fn braces(line: &str) -> i64 {
    let (code, _) = split_literals(line);
    code.chars()
        .map(|c| match c {
            '{' => 1,
            '}' => -1,
            _ => 0,
        })
        .sum()
}

/// A line's code outside string literals (literals blanked), and its string literals.
fn split_literals(line: &str) -> (String, Vec<String>) {
    let mut code = String::new();
    let mut literals = Vec::new();
    let mut chars = line.chars().peekable();
    let mut previous = ' ';
    while let Some(c) = chars.next() {
        if c == '/' && chars.peek() == Some(&'/') {
            break; // a trailing comment
        }
        // A char literal such as '"' or '{' is not the start of a string or a brace.
        if c == '\'' {
            let rest: String = chars.clone().take(3).collect();
            if rest.starts_with("\\") || rest.chars().nth(1) == Some('\'') {
                let skip = if rest.starts_with("\\") { 3 } else { 2 };
                for _ in 0..skip {
                    chars.next();
                }
                code.push(' ');
                continue;
            }
        }
        if c == '"' && previous != '\\' {
            let mut literal = String::new();
            let mut escaped = false;
            for c in chars.by_ref() {
                match (escaped, c) {
                    (false, '\\') => escaped = true,
                    (false, '"') => break,
                    _ => {
                        literal.push(c);
                        escaped = false;
                    }
                }
            }
            literals.push(literal);
            code.push(' ');
            previous = ' ';
            continue;
        }
        code.push(c);
        previous = c;
    }
    (code, literals)
}

/// The integer literals of a line's code (suffixes such as `u64` dropped).
fn integers(code: &str) -> Vec<u64> {
    let chars: Vec<char> = code.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts = chars[i].is_ascii_digit()
            && (i == 0 || !(chars[i - 1].is_alphanumeric() || matches!(chars[i - 1], '_' | '.')));
        if !starts {
            i += 1;
            continue;
        }
        let mut digits = String::new();
        while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '_') {
            if chars[i] != '_' {
                digits.push(chars[i]);
            }
            i += 1;
        }
        let is_float = i + 1 < chars.len() && chars[i] == '.' && chars[i + 1].is_ascii_digit();
        if !is_float {
            found.extend(digits.parse::<u64>().ok());
        }
        while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
            i += 1;
        }
    }
    found
}

/// Every spec fact written out in the scanned sources, with what it is.
fn restated(facts: &Facts) -> Vec<(Found, String)> {
    let root = root();
    let mut files = Vec::new();
    for dir in ["emulator/src", "cli/src", "sdk/src", "emulator/examples"] {
        rust_files(&root.join(dir), &mut files);
    }
    let mut found = Vec::new();
    for path in files {
        let file = path
            .strip_prefix(&root)
            .expect("under the root")
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
        for (line, source) in code_lines(&text) {
            let (code, literals) = split_literals(source);
            for literal in literals {
                // A JSON pointer made of spec names restates each of them.
                let parts: Vec<&str> = match literal.strip_prefix('/') {
                    Some(pointer) if pointer.split('/').all(|p| facts.strings.contains_key(p)) => {
                        pointer.split('/').collect()
                    }
                    _ => vec![literal.as_str()],
                };
                for part in parts {
                    if let Some(what) = facts.strings.get(part) {
                        let what = what.iter().cloned().collect::<Vec<_>>().join("; ");
                        let at = Found {
                            file: file.clone(),
                            line,
                            literal: part.to_owned(),
                        };
                        found.push((at, what));
                    }
                }
            }
            for number in integers(&code) {
                if let Some(what) = facts.numbers.get(&number) {
                    let what = what.iter().cloned().collect::<Vec<_>>().join("; ");
                    let at = Found {
                        file: file.clone(),
                        line,
                        literal: number.to_string(),
                    };
                    found.push((at, what));
                }
            }
        }
    }
    found
}

fn spec() -> Spec {
    codegen::load::load(&root().join("spec")).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn hand_written_code_reads_spec_facts_from_the_generated_metadata() {
    let facts = Facts::of(&spec());
    let found = restated(&facts);
    let allowed = |f: &Found| {
        ALLOWED
            .iter()
            .any(|(file, literal, _)| *file == f.file && *literal == f.literal)
    };
    let offending: Vec<String> = found
        .iter()
        .filter(|(f, _)| !allowed(f))
        .map(|(f, what)| {
            format!(
                "{}:{}: `{}` restates the spec ({what})",
                f.file, f.line, f.literal
            )
        })
        .collect();
    assert!(
        offending.is_empty(),
        "read these from the generated metadata (or, for a coincidence, allow them in \
         ALLOWED with a reason):\n{}",
        offending.join("\n")
    );
    let stale: Vec<String> = ALLOWED
        .iter()
        .filter(|(file, literal, _)| {
            !found
                .iter()
                .any(|(f, _)| f.file == *file && f.literal == *literal)
        })
        .map(|(file, literal, why)| format!("{file}: `{literal}` ({why})"))
        .collect();
    assert!(
        stale.is_empty(),
        "allowed literals that no longer occur; remove them from ALLOWED:\n{}",
        stale.join("\n")
    );
}

#[test]
fn the_facts_cover_every_kind_the_scan_looks_for() {
    let facts = Facts::of(&spec());
    let kinds = |literal: &str| facts.strings.get(literal).cloned().unwrap_or_default();
    let has = |literal: &str, kind: &str| kinds(literal).iter().any(|k| k.starts_with(kind));
    assert!(has("conversations.inviteShared", "method"));
    assert!(has("emails", "argument of conversations.inviteShared"));
    assert!(has(
        "invite_id",
        "response field of conversations.inviteShared"
    ));
    assert!(has("invalid_auth", "common error"));
    assert!(has("message_too_long", "error of"));
    assert!(has("conversations.connect:write", "scope of"));
    assert!(has(
        "pending_approval",
        "allowed value of `approval_status`"
    ));
    assert!(has("shared_channel_invite_accepted", "event"));
    let limit = facts.numbers.get(&560).cloned().unwrap_or_default();
    assert!(
        limit.iter().any(|k| k.starts_with("max_length of `text`")),
        "{limit:?}"
    );
    let bound = facts.numbers.get(&1000).cloned().unwrap_or_default();
    assert!(
        bound.iter().any(|k| k.starts_with("maximum of `limit`")),
        "{bound:?}"
    );
}

#[test]
fn the_scanner_finds_literals_and_skips_tests_and_comments() {
    let source = "\
fn f() { call(\"emails\", 560u64, 1.5, image_34, x.560); } // \"limit\" 200
/// \"cursor\" in docs
#[cfg(test)]
mod tests {
    fn g() { let _ = (\"team_id\", 200, '{'); }
}
fn h() { let _ = ('\"', \"count\"); }
";
    let lines = code_lines(source);
    let numbers: Vec<usize> = lines.iter().map(|(n, _)| *n).collect();
    assert_eq!(numbers, vec![1, 7], "{lines:?}");
    let (code, literals) = split_literals(lines[0].1);
    assert_eq!(literals, vec!["emails".to_owned()]);
    assert_eq!(integers(&code), vec![560]);
    let (_, literals) = split_literals(lines[1].1);
    assert_eq!(literals, vec!["count".to_owned()]);
}
