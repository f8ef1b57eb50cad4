//! Pieces every emitter uses: identifiers, doc attributes, Rust types, struct fields,
//! constructors and setters, and the bodies of `validate` methods.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{FieldIr, RustType};
use crate::model::Constraints;

use super::Paths;

/// An identifier token from an (escaped) identifier string, raw identifiers included.
pub fn ident(text: &str) -> Ident {
    match text.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(text, Span::call_site()),
    }
}

/// `#[doc]` attributes, one per line, so prettyplease prints them as `///` comments.
pub fn doc(text: &str) -> TokenStream {
    let lines = text.trim_end().lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// The Rust type of a field, without the `Option` of optional fields.
pub fn rust_type(ty: &RustType, paths: &Paths) -> TokenStream {
    let root = &paths.root;
    match ty {
        RustType::String => quote!(::std::string::String),
        RustType::I64 => quote!(i64),
        RustType::F64 => quote!(f64),
        RustType::Bool => quote!(bool),
        RustType::Json => quote!(::serde_json::Value),
        // Events are large (nested users, teams, channels); boxed so envelopes stay small.
        RustType::Event => quote!(::std::boxed::Box<#root::events::Event>),
        RustType::Secret => {
            let runtime = &paths.runtime;
            quote!(#runtime::Redacted)
        }
        RustType::Vec(inner) => {
            let inner = rust_type(inner, paths);
            quote!(::std::vec::Vec<#inner>)
        }
        RustType::Id(name) => {
            let name = ident(name);
            quote!(#root::ids::#name)
        }
        RustType::Object { ident: name, .. } => {
            let name = ident(name);
            quote!(#root::objects::#name)
        }
    }
}

/// The doc comment of a field: wire name, type, required, default, example, constraints.
pub fn field_doc(field: &FieldIr) -> String {
    let mut text = format!(
        "`{}` (`{}`, {}): {}",
        field.wire,
        field.spec_type,
        if field.required {
            "required"
        } else {
            "optional"
        },
        field.description.trim()
    );
    let mut facts = Vec::new();
    if let Some(default) = &field.default {
        facts.push(format!("Default: `{default}`."));
    }
    if let Some(example) = &field.example {
        facts.push(format!("Example: `{example}`."));
    }
    let each = matches!(field.ty, RustType::Vec(_));
    let constraints = describe_constraints(&field.constraints, each);
    if !constraints.is_empty() {
        facts.push(format!("Constraints: {constraints}."));
    }
    if !facts.is_empty() {
        text.push_str("\n\n");
        text.push_str(&facts.join(" "));
    }
    text
}

/// The constraints in words; `each` for an array, whose allowed values apply to every item.
fn describe_constraints(c: &Constraints, each: bool) -> String {
    let mut parts = Vec::new();
    if let Some(v) = c.min_length {
        parts.push(format!("at least {v} characters"));
    }
    if let Some(v) = c.max_length {
        parts.push(format!("at most {v} characters"));
    }
    if let Some(v) = c.minimum {
        parts.push(format!("minimum {v}"));
    }
    if let Some(v) = c.maximum {
        parts.push(format!("maximum {v}"));
    }
    if let Some(v) = c.min_items {
        parts.push(format!("at least {v} item(s)"));
    }
    if let Some(v) = c.max_items {
        parts.push(format!("at most {v} item(s)"));
    }
    if let Some(values) = &c.allowed_values {
        let values: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
        let which = if each { "each item one of" } else { "one of" };
        parts.push(format!("{which} {}", values.join(", ")));
    }
    parts.join(", ")
}

/// A struct field with its doc and serde attributes. Optional fields are `Option<T>`, skipped
/// when `None` and defaulted when absent.
pub fn struct_field(field: &FieldIr, paths: &Paths) -> TokenStream {
    let doc = doc(&field_doc(field));
    let name = ident(&field.ident);
    let ty = rust_type(&field.ty, paths);
    let rename = field.needs_rename().then(|| {
        let wire = &field.wire;
        quote!(#[serde(rename = #wire)])
    });
    if field.required {
        quote! { #doc #rename pub #name: #ty, }
    } else {
        quote! {
            #doc
            #rename
            #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
            pub #name: ::std::option::Option<#ty>,
        }
    }
}

/// How a constructor or setter takes a value of `ty`: the parameter type, and the expression
/// turning the parameter `input` into the field's type.
pub fn parameter(ty: &RustType, paths: &Paths, input: &Ident) -> (TokenStream, TokenStream) {
    match ty {
        RustType::String | RustType::Id(_) | RustType::Secret => {
            let ty = rust_type(ty, paths);
            (
                quote!(impl ::std::convert::Into<#ty>),
                quote!(#input.into()),
            )
        }
        RustType::Vec(inner) if matches!(**inner, RustType::String | RustType::Id(_)) => {
            let inner = rust_type(inner, paths);
            (
                quote!(impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<#inner>>),
                quote!(#input.into_iter().map(::std::convert::Into::into).collect()),
            )
        }
        other => (rust_type(other, paths), quote!(#input)),
    }
}

/// `new(required...)` plus one builder-style setter per optional field.
pub fn constructor_and_setters(owner: &str, fields: &[FieldIr], paths: &Paths) -> TokenStream {
    let required: Vec<&FieldIr> = fields.iter().filter(|f| f.required).collect();
    let params = required.iter().map(|f| {
        let name = ident(&f.ident);
        let (ty, _) = parameter(&f.ty, paths, &name);
        quote!(#name: #ty)
    });
    let inits = fields.iter().map(|f| {
        let name = ident(&f.ident);
        if f.required {
            let (_, convert) = parameter(&f.ty, paths, &name);
            if name == convert.to_string() {
                quote!(#name)
            } else {
                quote!(#name: #convert)
            }
        } else {
            quote!(#name: ::std::option::Option::None)
        }
    });
    let new_doc = if required.is_empty() {
        format!("A `{owner}` with every optional field unset.")
    } else {
        let names: Vec<String> = required.iter().map(|f| format!("`{}`", f.wire)).collect();
        format!(
            "A `{owner}` with its required fields ({}); optional ones are set with the builder methods.",
            names.join(", ")
        )
    };
    let new_doc = doc(&new_doc);
    let setters = fields.iter().filter(|f| !f.required).map(|f| {
        let name = ident(&f.ident);
        let (ty, convert) = parameter(&f.ty, paths, &ident("value"));
        let setter_doc = doc(&format!("Sets `{}`: {}", f.wire, f.description.trim()));
        quote! {
            #setter_doc
            #[must_use]
            pub fn #name(mut self, value: #ty) -> Self {
                self.#name = ::std::option::Option::Some(#convert);
                self
            }
        }
    });
    quote! {
        #new_doc
        #[allow(clippy::new_without_default)]
        pub fn new(#(#params),*) -> Self {
            Self { #(#inits),* }
        }
        #(#setters)*
    }
}

/// How generated checks name the argument they report on.
pub enum ArgName {
    /// A request argument: its wire name, a `&'static str`.
    Static(String),
    /// A path into an object, computed when reporting: a `String` expression.
    Dynamic(TokenStream),
}

impl ArgName {
    /// The name as an owned value for `InvalidArgument::new`.
    fn owned(&self) -> TokenStream {
        match self {
            ArgName::Static(wire) => quote!(#wire),
            ArgName::Dynamic(expr) => expr.clone(),
        }
    }

    /// The name as a `&str`.
    fn borrowed(&self) -> TokenStream {
        match self {
            ArgName::Static(wire) => quote!(#wire),
            ArgName::Dynamic(expr) => quote!(&#expr),
        }
    }
}

/// Checks of one field's value, bound to `value`, reporting errors at `argument`.
fn value_checks(
    ty: &RustType,
    constraints: &Constraints,
    argument: &ArgName,
    paths: &Paths,
) -> TokenStream {
    let runtime = &paths.runtime;
    let opt_u64 = |v: Option<u64>| match v {
        Some(v) => quote!(::std::option::Option::Some(#v)),
        None => quote!(::std::option::Option::None),
    };
    let opt_i64 = |v: Option<i64>| match v {
        Some(v) => quote!(::std::option::Option::Some(#v)),
        None => quote!(::std::option::Option::None),
    };
    let owned = argument.owned();
    let fail = quote!(.map_err(|rule| #runtime::InvalidArgument::new(#owned, rule))?;);
    let mut checks = Vec::new();
    if constraints.min_length.is_some() || constraints.max_length.is_some() {
        let (min, max) = (
            opt_u64(constraints.min_length),
            opt_u64(constraints.max_length),
        );
        checks.push(quote!(#runtime::validation::length(value, #min, #max) #fail));
    }
    match (&constraints.allowed_values, ty) {
        (Some(values), RustType::Vec(_)) => {
            // Each item must be one of the values; the error names the item.
            let parent = argument.borrowed();
            checks.push(quote! {
                for (index, value) in value.iter().enumerate() {
                    #runtime::validation::allowed(value, &[#(#values),*]).map_err(|rule| {
                        #runtime::InvalidArgument::new(::std::format!("{}[{}]", #parent, index), rule)
                    })?;
                }
            });
        }
        (Some(values), _) => {
            checks.push(quote!(#runtime::validation::allowed(value, &[#(#values),*]) #fail));
        }
        (None, _) => {}
    }
    if constraints.minimum.is_some() || constraints.maximum.is_some() {
        let (min, max) = (opt_i64(constraints.minimum), opt_i64(constraints.maximum));
        checks.push(quote!(#runtime::validation::range(*value, #min, #max) #fail));
    }
    if constraints.min_items.is_some() || constraints.max_items.is_some() {
        let (min, max) = (
            opt_u64(constraints.min_items),
            opt_u64(constraints.max_items),
        );
        checks.push(quote!(#runtime::validation::items(value.len(), #min, #max) #fail));
    }
    match ty {
        RustType::Object {
            validated: true, ..
        } => {
            let at = argument.borrowed();
            checks.push(quote!(value.validate_at(#at)?;));
        }
        RustType::Vec(inner) if inner.has_nested_checks() => {
            let parent = argument.borrowed();
            let inner_checks = value_checks(
                inner,
                &Constraints::default(),
                &ArgName::Dynamic(quote!(::std::format!("{}[{}]", #parent, index))),
                paths,
            );
            checks.push(quote! {
                for (index, value) in value.iter().enumerate() {
                    #inner_checks
                }
            });
        }
        _ => {}
    }
    quote!(#(#checks)*)
}

/// The checks of every field with constraints. `argument` maps a field to the expression naming
/// it in errors.
pub fn field_checks(
    fields: &[FieldIr],
    paths: &Paths,
    argument: impl Fn(&FieldIr) -> ArgName,
) -> TokenStream {
    let checks = fields.iter().filter(|f| f.has_checks()).map(|f| {
        let name = ident(&f.ident);
        let body = value_checks(&f.ty, &f.constraints, &argument(f), paths);
        if f.required {
            quote! { { let value = &self.#name; #body } }
        } else {
            quote! { if let ::std::option::Option::Some(value) = &self.#name { #body } }
        }
    });
    quote!(#(#checks)*)
}
