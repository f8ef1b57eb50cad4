//! A method's metadata as a const, and the spec's facts about its arguments as typed constants.

use proc_macro2::TokenStream;
use quote::quote;

pub(super) mod facts;

use super::common::doc;
use super::Paths;
use crate::ir::{CliFlagIr, FieldIr, Ir, MethodIr, RustType};
use crate::model::Constraints;
use crate::model::{ContentType, HttpMethod, RateLimitTier};

pub fn emit(ir: &Ir, method: &MethodIr, paths: &Paths) -> TokenStream {
    let runtime = &paths.runtime;
    let name = &method.wire;
    let description = &method.description;
    let docs_url = &method.docs_url;
    let reason = &method.encoding_reason;
    let verb = match method.http_method {
        HttpMethod::Get => quote!(Get),
        HttpMethod::Post => quote!(Post),
    };
    let content_types = method.content_types.iter().map(|c| match c {
        ContentType::Form => quote!(#runtime::ContentType::Form),
        ContentType::Json => quote!(#runtime::ContentType::Json),
    });
    let tier = match method.tier {
        RateLimitTier::Tier1 => quote!(Tier1),
        RateLimitTier::Tier2 => quote!(Tier2),
        RateLimitTier::Tier3 => quote!(Tier3),
        RateLimitTier::Tier4 => quote!(Tier4),
        RateLimitTier::Special => quote!(Special),
    };
    let (bot, user, app) = (&method.bot_scopes, &method.user_scopes, &method.app_scopes);
    let pagination = match &method.pagination {
        Some(p) => {
            let (cursor, limit, items) = (&p.cursor.wire, &p.limit.wire, &p.items.wire);
            let next_cursor = &p.next_cursor_pointer;
            quote!(::std::option::Option::Some(#runtime::PaginationMeta {
                cursor_argument: #cursor,
                limit_argument: #limit,
                items_field: #items,
                next_cursor_pointer: #next_cursor,
            }))
        }
        None => quote!(::std::option::Option::None),
    };
    let arguments = method
        .arguments
        .iter()
        .map(|a| argument_meta(ir, method, a, cli_of(&method.cli.arguments, &a.wire), paths));
    let command = &method.cli.command;
    let meta_doc = doc(&format!("Metadata of `{name}`, from its spec file."));
    let facts = facts::method_facts(method);
    quote! {
        #meta_doc
        pub const METHOD: #runtime::MethodMeta = #runtime::MethodMeta {
            name: #name,
            description: #description,
            docs_url: #docs_url,
            http_method: #runtime::HttpMethod::#verb,
            content_types: &[#(#content_types),*],
            encoding_reason: #reason,
            rate_limit_tier: #runtime::RateLimitTier::#tier,
            bot_scopes: &[#(#bot),*],
            user_scopes: &[#(#user),*],
            app_scopes: &[#(#app),*],
            pagination: #pagination,
            arguments: &[#(#arguments),*],
            cli_command: &[#(#command),*],
        };
        #facts
    }
}

fn value_kind(ty: &RustType, paths: &Paths) -> TokenStream {
    let runtime = &paths.runtime;
    match ty {
        RustType::String | RustType::Id(_) | RustType::Secret => {
            quote!(#runtime::ValueKind::String)
        }
        RustType::I64 => quote!(#runtime::ValueKind::Integer),
        RustType::F64 => quote!(#runtime::ValueKind::Number),
        RustType::Bool => quote!(#runtime::ValueKind::Boolean),
        RustType::Json | RustType::Event => quote!(#runtime::ValueKind::Json),
        RustType::Object { .. } => quote!(#runtime::ValueKind::Object),
        RustType::Vec(inner) => {
            let inner = value_kind(inner, paths);
            quote!(#runtime::ValueKind::Array(&#inner))
        }
    }
}

/// An argument's (or object property's) metadata, with its constraints and, for an object, its
/// properties.
/// The command-line names of the argument (or property) `wire`.
fn cli_of<'a>(flags: &'a [CliFlagIr], wire: &str) -> Option<&'a CliFlagIr> {
    flags.iter().find(|f| f.wire == wire)
}

fn cli_meta(cli: Option<&CliFlagIr>, paths: &Paths) -> TokenStream {
    let runtime = &paths.runtime;
    let option = |value: Option<&String>| match value {
        Some(text) => quote!(::std::option::Option::Some(#text)),
        None => quote!(::std::option::Option::None),
    };
    let flag = cli.map(|c| c.flag.as_str()).unwrap_or_default();
    let negated = option(cli.and_then(|c| c.negated.as_ref()));
    let alias = option(cli.and_then(|c| c.alias.as_ref()));
    let flattened = cli.is_some_and(|c| !c.properties.is_empty());
    quote!(#runtime::CliMeta {
        flag: #flag,
        negated: #negated,
        alias: #alias,
        flattened: #flattened,
    })
}

fn argument_meta(
    ir: &Ir,
    method: &MethodIr,
    field: &FieldIr,
    cli: Option<&CliFlagIr>,
    paths: &Paths,
) -> TokenStream {
    let runtime = &paths.runtime;
    let (name, description, spec_type, required) = (
        &field.wire,
        field.description.trim(),
        &field.spec_type,
        field.required,
    );
    let kind = value_kind(&field.ty, paths);
    let default = match &field.default {
        Some(json) => quote!(::std::option::Option::Some(#json)),
        None => quote!(::std::option::Option::None),
    };
    let constraints = constraints_meta(&field.constraints, paths);
    let cli_tokens = cli_meta(cli, paths);
    let properties: Vec<TokenStream> = match &field.ty {
        RustType::Object { ident, .. } => ir
            .objects
            .iter()
            .chain(&method.objects)
            .find(|o| &o.ident == ident)
            .map(|o| {
                o.fields
                    .iter()
                    .map(|f| {
                        let property = cli.and_then(|c| cli_of(&c.properties, &f.wire));
                        argument_meta(ir, method, f, property, paths)
                    })
                    .collect()
            })
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    quote!(#runtime::ArgumentMeta {
        name: #name,
        description: #description,
        spec_type: #spec_type,
        kind: #kind,
        required: #required,
        default: #default,
        constraints: #constraints,
        fields: &[#(#properties),*],
        cli: #cli_tokens,
    })
}

fn constraints_meta(c: &Constraints, paths: &Paths) -> TokenStream {
    let runtime = &paths.runtime;
    let option = |v: Option<TokenStream>| match v {
        Some(v) => quote!(::std::option::Option::Some(#v)),
        None => quote!(::std::option::Option::None),
    };
    let (min_length, max_length) = (
        option(c.min_length.map(|v| quote!(#v))),
        option(c.max_length.map(|v| quote!(#v))),
    );
    let (minimum, maximum) = (
        option(c.minimum.map(|v| quote!(#v))),
        option(c.maximum.map(|v| quote!(#v))),
    );
    let (min_items, max_items) = (
        option(c.min_items.map(|v| quote!(#v))),
        option(c.max_items.map(|v| quote!(#v))),
    );
    let allowed = c.allowed_values.iter().flatten();
    quote!(#runtime::ConstraintsMeta {
        min_length: #min_length,
        max_length: #max_length,
        minimum: #minimum,
        maximum: #maximum,
        min_items: #min_items,
        max_items: #max_items,
        allowed_values: &[#(#allowed),*],
    })
}
