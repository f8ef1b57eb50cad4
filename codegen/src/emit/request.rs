//! A method's request struct: constructor for required arguments, setters for optional ones,
//! and `validate`, which checks every constraint and rule from the spec.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{
    constructor_and_setters, doc, field_checks, ident, rust_type, struct_field, ArgName,
};
use super::Paths;
use crate::ir::{MethodIr, RuleIr, RustType};
use crate::model::RuleKind;

pub fn emit(method: &MethodIr, paths: &Paths) -> TokenStream {
    let runtime = &paths.runtime;
    let name = ident(&method.request);
    let response = ident(&method.response);
    let error = ident(&method.error);
    let mut text = format!(
        "Arguments of `{}`: {}\n\nThe token is not an argument here: the client sends it in the `Authorization` header.",
        method.wire, method.description
    );
    for rule in &method.rules {
        let names: Vec<String> = rule
            .arguments
            .iter()
            .map(|(w, _)| format!("`{w}`"))
            .collect();
        let kind = match rule.kind {
            RuleKind::ExactlyOneOf => "exactly one of",
            RuleKind::AtLeastOneOf => "at least one of",
        };
        text.push_str(&format!(
            "\n\nRule: {kind} {} must be given ({})",
            names.join(", "),
            rule.description.trim()
        ));
    }
    let type_doc = doc(&text);
    let fields = method.arguments.iter().map(|f| struct_field(f, paths));
    let builders = constructor_and_setters(&method.request, &method.arguments, paths);
    let checks = field_checks(&method.arguments, paths, |f| {
        ArgName::Static(f.wire.clone())
    });
    let rules = method.rules.iter().map(|r| rule_check(r, paths));
    let pagination = method.pagination.as_ref().map(|p| {
        let cursor = ident(&p.cursor.ident);
        let limit = ident(&p.limit.ident);
        quote! {
            impl #runtime::PaginatedRequest for #name {
                fn set_cursor(&mut self, cursor: ::std::option::Option<::std::string::String>) {
                    self.#cursor = cursor;
                }
                fn set_page_size(&mut self, size: i64) {
                    self.#limit = ::std::option::Option::Some(size);
                }
            }
        }
    });
    let choices = method
        .rules
        .iter()
        .filter_map(|rule| choice(method, rule, paths));
    // Requests also deserialize, so a server (the emulator) can parse them with the same types.
    // `non_exhaustive`: callers build requests with `new` and setters, so a new optional
    // argument adds a field and a setter without breaking them (a minor release, not a major).
    quote! {
        #type_doc
        #[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #builders

            /// Checks every constraint and rule the spec records for these arguments; the client
            /// runs it before anything is sent.
            pub fn validate(&self) -> ::std::result::Result<(), #runtime::InvalidArgument> {
                #checks
                #(#rules)*
                ::std::result::Result::Ok(())
            }
        }

        impl #runtime::ApiRequest for #name {
            type Response = #response;
            type Error = #error;
            const METHOD: &'static #runtime::MethodMeta = &METHOD;

            fn validate(&self) -> ::std::result::Result<(), #runtime::InvalidArgument> {
                #name::validate(self)
            }
        }

        #pagination
        #(#choices)*
    }
}

/// For a named `exactly_one_of` rule: an enum with one variant per argument, and a setter that
/// sets the chosen argument and clears the others, so the rule cannot be broken through it.
fn choice(method: &MethodIr, rule: &RuleIr, paths: &Paths) -> Option<TokenStream> {
    let choice = rule.choice.as_ref()?;
    let name = ident(&method.request);
    let enum_name = ident(&choice.ident);
    let setter = ident(&choice.setter);
    let wires: Vec<String> = rule
        .arguments
        .iter()
        .map(|(w, _)| format!("`{w}`"))
        .collect();
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    for (variant_ir, (wire, field_ident)) in choice.variants.iter().zip(&rule.arguments) {
        let argument = method.arguments.iter().find(|a| &a.wire == wire)?;
        let field = ident(field_ident);
        // An array limited to one item is offered as that one item.
        let (payload, value, doc_text) = match &argument.ty {
            RustType::Vec(inner) if variant_ir.single_item => (
                rust_type(inner, paths),
                quote!(::std::vec![value]),
                format!(
                    "`{wire}` with its one item (the spec allows at most one): {}",
                    argument.description.trim()
                ),
            ),
            other => (
                rust_type(other, paths),
                quote!(value),
                format!("`{wire}`: {}", argument.description.trim()),
            ),
        };
        let variant = ident(&variant_ir.ident);
        let variant_doc = doc(&doc_text);
        variants.push(quote!(#variant_doc #variant(#payload),));
        arms.push(quote!(#enum_name::#variant(value) => self.#field = ::std::option::Option::Some(#value),));
    }
    let clears = rule.arguments.iter().map(|(_, field)| {
        let field = ident(field);
        quote!(self.#field = ::std::option::Option::None;)
    });
    let enum_doc = doc(&format!(
        "The `{}` of `{}`: exactly one of {} ({})",
        choice.wire,
        method.wire,
        wires.join(", "),
        rule.description.trim()
    ));
    let setter_doc = doc(&format!(
        "Sets the `{}`: exactly one of {}, clearing the others.",
        choice.wire,
        wires.join(", ")
    ));
    Some(quote! {
        #enum_doc
        #[derive(Clone, Debug, PartialEq)]
        pub enum #enum_name {
            #(#variants)*
        }

        impl #name {
            #setter_doc
            #[must_use]
            pub fn #setter(mut self, value: #enum_name) -> Self {
                #(#clears)*
                match value {
                    #(#arms)*
                }
                self
            }
        }
    })
}

fn rule_check(rule: &RuleIr, paths: &Paths) -> TokenStream {
    let runtime = &paths.runtime;
    let wires = rule.arguments.iter().map(|(wire, _)| wire);
    let present = rule.arguments.iter().map(|(_, field)| {
        let field = ident(field);
        quote!(self.#field.is_some())
    });
    let check = match rule.kind {
        RuleKind::ExactlyOneOf => quote!(exactly_one_of),
        RuleKind::AtLeastOneOf => quote!(at_least_one_of),
    };
    quote! {
        #runtime::validation::#check(&[#(#wires),*], &[#(#present),*])?;
    }
}

/// The item type of a paginated response's items field.
pub fn item_type(ty: &RustType, paths: &Paths) -> TokenStream {
    match ty {
        RustType::Vec(inner) => rust_type(inner, paths),
        other => rust_type(other, paths),
    }
}
