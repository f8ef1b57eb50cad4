//! Every Rust name the generator emits, checked for collisions in the scope it lives in, with the
//! spec location of both items: two things that would get one name are a spec error (file and
//! JSON path), never generated code that fails to compile.
//!
//! The names are read from the IR, where they are computed once; this module only compares them.

use std::collections::BTreeMap;

use crate::error::{SpecError, SpecErrors};
use crate::ir::{FieldIr, Ir, MethodIr, ObjectIr, SpecAt};
use crate::naming;

/// Checks every scope of generated names in `ir`.
pub fn check(ir: &Ir) -> Result<(), SpecErrors> {
    let mut errors = Vec::new();
    crate_root(ir, &mut errors);
    client_and_namespaces(ir, &mut errors);
    for method in &ir.methods {
        method_scopes(method, &mut errors);
        cli_flags(method, &mut errors);
    }
    cli_commands(ir, &mut errors);
    let mut common = Scope::new("variant of `CommonError`");
    for error in &ir.common_errors {
        common.claim(&error.variant, &error.at.child("code"), &mut errors);
    }
    for object in all_objects(ir) {
        constants(
            &object.fields,
            &mut Scope::new("constant of the object"),
            &mut errors,
        );
        let mut members = Scope::new("member of the object");
        members.reserve("new", "its constructor");
        if object.validated {
            members.reserve("validate_at", "its check");
        }
        struct_scopes(&object.fields, &mut members, &mut errors);
    }
    for event in &ir.events {
        payload_scopes(&event.fields, &mut errors);
        if let Some(trigger) = &event.workflow_trigger {
            payload_scopes(&trigger.fields, &mut errors);
        }
    }
    for envelope in &ir.envelopes {
        payload_scopes(&envelope.fields, &mut errors);
    }
    if let Some(socket) = &ir.socket_mode {
        socket_frames(socket, &mut errors);
    }
    // One report per spec location: a field whose name is taken is not also reported as the
    // setter and call member that share it.
    let mut seen = std::collections::BTreeSet::new();
    errors.retain(|e| seen.insert((e.file.clone(), e.path.clone())));
    if errors.is_empty() {
        Ok(())
    } else {
        Err(SpecErrors(errors))
    }
}

/// A location's place in its file, for claiming names in the order the spec lists them
/// (`errors[2]` before `errors[10]`): numbers compare by value.
fn spec_order(at: &SpecAt) -> (String, Vec<(String, u64)>) {
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut chars = at.path.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            let mut number = c.to_string();
            while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                number.push(*d);
                chars.next();
            }
            parts.push((
                std::mem::take(&mut text),
                number.parse().unwrap_or(u64::MAX),
            ));
        } else {
            text.push(c);
        }
    }
    parts.push((text, 0));
    (at.file.clone(), parts)
}

/// One scope of names: the first claim of a name wins, later ones are errors naming it.
struct Scope {
    what: &'static str,
    taken: BTreeMap<String, String>,
}

impl Scope {
    fn new(what: &'static str) -> Scope {
        Scope {
            what,
            taken: BTreeMap::new(),
        }
    }

    /// A name the generator itself uses in this scope.
    fn reserve(&mut self, name: &str, by: &str) {
        self.taken.insert(name.to_owned(), by.to_owned());
    }

    fn claim(&mut self, name: &str, at: &SpecAt, errors: &mut Vec<SpecError>) {
        let here = format!("{} `{}`", at.file, at.path);
        match self.taken.get(name) {
            Some(previous) => errors.push(SpecError::new(
                &at.file,
                at.path.clone(),
                format!(
                    "the generated name `{}` ({}) is already taken by {previous}",
                    naming::unraw(name),
                    self.what
                ),
            )),
            None => {
                self.taken.insert(name.to_owned(), here);
            }
        }
    }
}

fn all_objects(ir: &Ir) -> impl Iterator<Item = &ObjectIr> {
    ir.objects
        .iter()
        .chain(ir.methods.iter().flat_map(|m| &m.objects))
        .chain(ir.events.iter().flat_map(|e| &e.objects))
        .chain(ir.socket_mode.iter().flat_map(|s| &s.objects))
}

/// Types re-exported at the crate root (IDs, objects, events, envelopes) and the root modules.
fn crate_root(ir: &Ir, errors: &mut Vec<SpecError>) {
    let mut types = Scope::new("type at the crate root");
    for reserved in naming::ROOT_TYPES {
        types.reserve(reserved, "the generator");
    }
    for id in &ir.ids {
        types.claim(&id.ident, &id.at.child("name"), errors);
    }
    for object in all_objects(ir) {
        types.claim(&object.ident, &object.at.child("name"), errors);
    }
    for event in &ir.events {
        types.claim(&event.ident, &event.at, errors);
        if let Some(trigger) = &event.workflow_trigger {
            types.claim(&trigger.ident, &trigger.at, errors);
        }
    }
    for envelope in &ir.envelopes {
        types.claim(&envelope.ident, &envelope.at.child("name"), errors);
    }
    let mut modules = Scope::new("module at the crate root");
    for reserved in naming::ROOT_MODULES {
        modules.reserve(reserved, "the generator");
    }
    for family in ir.namespaces.iter().filter(|n| n.is_family) {
        if let Some(&(m, _)) = first_method(ir, family) {
            modules.claim(&family.path[0], &ir.methods[m].at, errors);
        }
    }
    // The enums over all events and all envelopes: one variant each, plus the catch-all.
    let mut events = Scope::new("variant of `Event`");
    events.reserve(naming::OTHER_VARIANT, "the catch-all");
    for event in &ir.events {
        events.claim(&event.variant, &event.at, errors);
    }
    let mut deliveries = Scope::new("variant of `Delivery`");
    deliveries.reserve(naming::OTHER_VARIANT, "the catch-all");
    for envelope in &ir.envelopes {
        deliveries.claim(&envelope.ident, &envelope.at.child("name"), errors);
    }
}

/// The `socket_frames` module: its types, the `Frame` and `DisconnectReason` variants, and
/// each frame's members.
fn socket_frames(socket: &crate::ir::SocketModeIr, errors: &mut Vec<SpecError>) {
    let mut types = Scope::new("type of the socket_frames module");
    for reserved in ["Frame", "DisconnectReason"] {
        types.reserve(reserved, "the generator");
    }
    let mut frames = Scope::new("variant of `Frame`");
    frames.reserve(naming::OTHER_VARIANT, "the catch-all");
    for frame in &socket.frames {
        types.claim(&frame.ident, &frame.at.child("name"), errors);
        frames.claim(&frame.ident, &frame.at.child("name"), errors);
        payload_scopes(&frame.fields, errors);
    }
    let ack = &socket.acknowledgement;
    types.claim(&ack.ident, &ack.at, errors);
    payload_scopes(&ack.fields, errors);
    let mut reasons = Scope::new("variant of `DisconnectReason`");
    reasons.reserve(naming::OTHER_VARIANT, "the catch-all");
    for reason in &socket.disconnect_reasons {
        reasons.claim(&reason.variant, &reason.at, errors);
    }
}

/// The first method under a namespace, directly or below: where its name is declared.
fn first_method<'a>(
    ir: &'a Ir,
    namespace: &'a crate::ir::NamespaceIr,
) -> Option<&'a (usize, String)> {
    namespace.methods.first().or_else(|| {
        namespace
            .children
            .iter()
            .find_map(|&c| first_method(ir, &ir.namespaces[c]))
    })
}

/// The client's family accessors and each namespace's members: child accessors and calls.
fn client_and_namespaces(ir: &Ir, errors: &mut Vec<SpecError>) {
    let mut client = Scope::new("method of `Client`");
    for reserved in naming::CLIENT_METHODS {
        client.reserve(reserved, "the client's own method");
    }
    for family in ir.namespaces.iter().filter(|n| n.is_family) {
        if let Some(&(m, _)) = first_method(ir, family) {
            client.claim(&family.accessor, &ir.methods[m].at, errors);
        }
    }
    for namespace in &ir.namespaces {
        let mut members = Scope::new("member of the namespace");
        members.reserve("new", "the namespace's constructor");
        for &c in &namespace.children {
            let child = &ir.namespaces[c];
            if let Some(&(m, _)) = first_method(ir, child) {
                members.claim(&child.accessor, &ir.methods[m].at, errors);
            }
        }
        for (m, name) in &namespace.methods {
            members.claim(name, &ir.methods[*m].at, errors);
        }
    }
}

/// A method's module, its request, call, response and error enum.
fn method_scopes(method: &MethodIr, errors: &mut Vec<SpecError>) {
    let mut types = Scope::new("type in the method's module");
    for name in [
        &method.request,
        &method.response,
        &method.error,
        &method.call,
    ] {
        types.reserve(name, "the generator");
    }
    types.reserve(
        naming::COMMON_ERROR_TYPE,
        "the common errors' enum, imported here",
    );
    for rule in &method.rules {
        if let Some(choice) = &rule.choice {
            types.claim(&choice.ident, &choice.at, errors);
            let mut variants = Scope::new("variant of the choice");
            for (variant, (_, field)) in choice.variants.iter().zip(&rule.arguments) {
                let at = argument_at(method, field).unwrap_or(&choice.at);
                variants.claim(&variant.ident, at, errors);
            }
        }
    }

    let mut request = Scope::new("member of the request");
    request.reserve("new", "its constructor");
    request.reserve("validate", "its check");
    let mut call = Scope::new("member of the call");
    for (name, by) in naming::CALL_METHODS {
        call.reserve(name, by);
    }
    struct_scopes(&method.arguments, &mut request, errors);
    for argument in method.call_setters() {
        call.claim(&argument.ident, &argument.at.child("name"), errors);
    }
    for choice in method.choices() {
        request.claim(&choice.setter, &choice.at, errors);
    }
    let mut response = Scope::new("member of the response");
    response.reserve("new", "its constructor");
    struct_scopes(&method.response_fields, &mut response, errors);

    let mut module_constants = Scope::new("constant in the method's module");
    module_constants.reserve(naming::METHOD_CONST, "the method's metadata");
    constants(&method.arguments, &mut module_constants, errors);

    let mut variants = Scope::new("variant of the error enum");
    variants.reserve(crate::validate::CATCH_ALL_VARIANT, "the catch-all");
    // In spec order, so the later of two colliding codes is the one reported.
    let mut documented: Vec<_> = method.errors.iter().collect();
    documented.sort_by_key(|e| spec_order(&e.at));
    for error in documented {
        variants.claim(&error.variant, &error.at.child("code"), errors);
    }
}

fn argument_at<'a>(method: &'a MethodIr, ident: &str) -> Option<&'a SpecAt> {
    method
        .arguments
        .iter()
        .find(|a| a.ident == ident)
        .map(|a| &a.at)
}

/// An event, workflow-trigger or envelope struct: `new`, fields and setters.
fn payload_scopes(fields: &[FieldIr], errors: &mut Vec<SpecError>) {
    let mut members = Scope::new("member of the struct");
    members.reserve("new", "its constructor");
    struct_scopes(fields, &mut members, errors);
}

/// A struct's fields (unique among themselves) and its setters, one per optional field, which
/// share `members` with the struct's other inherent functions.
fn struct_scopes(fields: &[FieldIr], members: &mut Scope, errors: &mut Vec<SpecError>) {
    let mut names = Scope::new("field of the struct");
    for field in fields {
        let at = field.at.child("name");
        names.claim(&field.ident, &at, errors);
        if !field.required {
            members.claim(&field.ident, &at, errors);
        }
    }
}

/// A method's command-line flags: its arguments', their negations, aliases and property flags,
/// and the flags the command line defines itself.
fn cli_flags(method: &MethodIr, errors: &mut Vec<SpecError>) {
    let mut flags = Scope::new("command-line flag");
    for reserved in naming::CLI_RESERVED_FLAGS {
        flags.reserve(reserved, "the command line's own flag");
    }
    for argument in &method.cli.arguments {
        let at = argument.at.child("name");
        flags.claim(&argument.flag, &at, errors);
        for extra in argument.negated.iter().chain(&argument.alias) {
            flags.claim(extra, &at, errors);
        }
        for property in &argument.properties {
            flags.claim(&property.flag, &property.at.child("name"), errors);
        }
    }
}

/// Subcommands: the families beside the command line's own, and each namespace's members.
fn cli_commands(ir: &Ir, errors: &mut Vec<SpecError>) {
    let mut root = Scope::new("command-line command");
    for reserved in naming::CLI_RESERVED_COMMANDS {
        root.reserve(reserved, "the command line's own command");
    }
    for family in ir.namespaces.iter().filter(|n| n.is_family) {
        if let Some(&(m, _)) = first_method(ir, family) {
            root.claim(&family.cli_name, &ir.methods[m].at, errors);
        }
    }
    for namespace in &ir.namespaces {
        let mut members = Scope::new("command-line command");
        for &c in &namespace.children {
            let child = &ir.namespaces[c];
            if let Some(&(m, _)) = first_method(ir, child) {
                members.claim(&child.cli_name, &ir.methods[m].at, errors);
            }
        }
        for (m, _) in &namespace.methods {
            let method = &ir.methods[*m];
            if let Some(name) = method.cli.command.last() {
                members.claim(name, &method.at, errors);
            }
        }
    }
}

/// The constants naming fields' facts (defaults, constraint values, allowed values).
fn constants(fields: &[FieldIr], scope: &mut Scope, errors: &mut Vec<SpecError>) {
    for field in fields {
        let at = field.at.child("name");
        for name in field.fact_constants.names() {
            scope.claim(name, &at, errors);
        }
        for (_, name) in &field.value_constants {
            scope.claim(name, &field.at.child("constraints.allowed_values"), errors);
        }
    }
}
