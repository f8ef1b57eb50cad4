//! The spec's facts about fields as typed constants, so hand-written code names a fact instead of
//! restating its value: wire names, documented defaults, constraint values and allowed values.
//!
//! A method module gets `arguments::COUNT` and `fields::ARG` (wire names), `COUNT_DEFAULT`,
//! `COUNT_MAXIMUM`, ...; an object gets associated constants such as
//! `ApproveMessage::TEXT_MAX_LENGTH` and `ConnectInvite::DIRECTION_OUTGOING`.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::super::common::{doc, ident};
use crate::ir::{FieldIr, MethodIr, RustType};

/// The constants of a method module: wire names of its arguments and response fields, and the
/// defaults, constraint values and allowed values of its arguments.
pub fn method_facts(method: &MethodIr) -> TokenStream {
    let name = &method.wire;
    let arguments = wire_names(
        "arguments",
        &format!("Wire names of the arguments of `{name}`."),
        &method.arguments,
    );
    let fields = wire_names(
        "fields",
        &format!("Wire names of the response fields of `{name}`."),
        &method.response_fields,
    );
    let values = method
        .arguments
        .iter()
        .flat_map(|f| field_constants(f, quote!(&str)));
    quote! {
        #arguments
        #fields
        #(#values)*
    }
}

/// The associated constants of an object: its properties' defaults, constraint values and
/// allowed values (empty when it has none).
pub fn object_constants(fields: &[FieldIr]) -> TokenStream {
    let constants = fields
        .iter()
        .flat_map(|f| field_constants(f, quote!(&'static str)));
    quote!(#(#constants)*)
}

/// `pub mod <module> { pub const COUNT: &str = "count"; ... }`, or nothing for no fields.
fn wire_names(module: &str, summary: &str, fields: &[FieldIr]) -> TokenStream {
    if fields.is_empty() {
        return TokenStream::new();
    }
    let (module, summary) = (ident(module), doc(summary));
    let names = fields.iter().map(|f| {
        let (constant, wire) = (ident(&f.constant), &f.wire);
        let line = doc(&format!("`{wire}`"));
        quote!(#line pub const #constant: &str = #wire;)
    });
    quote! {
        #summary
        pub mod #module {
            #(#names)*
        }
    }
}

/// The constants one field contributes; `text` is the type of a string constant (`&str` in a
/// module, `&'static str` in an `impl`).
fn field_constants(field: &FieldIr, text: TokenStream) -> Vec<TokenStream> {
    let wire = &field.wire;
    let mut items = Vec::new();
    let mut push = |name: &Option<String>, what: &str, ty: TokenStream, value: TokenStream| {
        // The IR names a constant for each fact the spec records (and checks the names).
        let Some(name) = name else { return };
        let name = ident(name);
        let line = doc(&format!("{what} of `{wire}`, from the spec."));
        items.push(quote!(#line pub const #name: #ty = #value;));
    };
    let names = &field.fact_constants;
    if let Some((ty, value)) = field
        .default
        .as_deref()
        .and_then(|d| default_value(field, d, &text))
    {
        push(&names.default, "The documented default", ty, value);
    }
    let c = &field.constraints;
    let lengths = [
        (&names.min_length, "Fewest characters", c.min_length),
        (&names.max_length, "Most characters", c.max_length),
        (&names.min_items, "Fewest items", c.min_items),
        (&names.max_items, "Most items", c.max_items),
    ];
    for (name, what, bound) in lengths {
        if let Some(bound) = bound.and_then(|b| usize::try_from(b).ok()) {
            let bound = Literal::usize_unsuffixed(bound);
            push(name, what, quote!(usize), quote!(#bound));
        }
    }
    for (name, what, bound) in [
        (&names.minimum, "The smallest value", c.minimum),
        (&names.maximum, "The largest value", c.maximum),
    ] {
        if let Some(bound) = bound {
            let bound = Literal::i64_unsuffixed(bound);
            push(name, what, quote!(i64), quote!(#bound));
        }
    }
    for (value, constant) in &field.value_constants {
        let name = ident(constant);
        let line = doc(&format!(
            "`{value}`: an allowed value of `{wire}`, from the spec."
        ));
        items.push(quote!(#line pub const #name: #text = #value;));
    }
    items
}

/// A documented default as a typed constant's type and value, for scalar fields; arrays,
/// objects and JSON values have no constant form and get none.
fn default_value(
    field: &FieldIr,
    json: &str,
    text: &TokenStream,
) -> Option<(TokenStream, TokenStream)> {
    let value: serde_json::Value = serde_json::from_str(json).ok()?;
    match (&field.ty, value) {
        (RustType::Bool, serde_json::Value::Bool(b)) => Some((quote!(bool), quote!(#b))),
        (RustType::I64, serde_json::Value::Number(n)) => {
            let n = Literal::i64_unsuffixed(n.as_i64()?);
            Some((quote!(i64), quote!(#n)))
        }
        (RustType::F64, serde_json::Value::Number(n)) => {
            let n = Literal::f64_unsuffixed(n.as_f64()?);
            Some((quote!(f64), quote!(#n)))
        }
        (RustType::String | RustType::Id(_), serde_json::Value::String(s)) => {
            Some((text.clone(), quote!(#s)))
        }
        _ => None,
    }
}
