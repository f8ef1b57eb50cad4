//! A method's metadata as a const.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::doc;
use super::Paths;
use crate::ir::{MethodIr, RustType};
use crate::model::{ContentType, HttpMethod, RateLimitTier};

pub fn emit(method: &MethodIr, paths: &Paths) -> TokenStream {
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
    let (bot, user) = (&method.bot_scopes, &method.user_scopes);
    let pagination = match &method.pagination {
        Some(p) => {
            let (cursor, limit, items) = (&p.cursor.wire, &p.limit.wire, &p.items.wire);
            quote!(::std::option::Option::Some(#runtime::PaginationMeta {
                cursor_argument: #cursor,
                limit_argument: #limit,
                items_field: #items,
            }))
        }
        None => quote!(::std::option::Option::None),
    };
    let arguments = method.arguments.iter().map(|a| {
        let (name, description, spec_type, required) =
            (&a.wire, a.description.trim(), &a.spec_type, a.required);
        let kind = value_kind(&a.ty, paths);
        quote!(#runtime::ArgumentMeta {
            name: #name,
            description: #description,
            spec_type: #spec_type,
            kind: #kind,
            required: #required,
        })
    });
    let meta_doc = doc(&format!("Metadata of `{name}`, from its spec file."));
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
            pagination: #pagination,
            arguments: &[#(#arguments),*],
        };
    }
}

fn value_kind(ty: &RustType, paths: &Paths) -> TokenStream {
    let runtime = &paths.runtime;
    match ty {
        RustType::String | RustType::Id(_) => quote!(#runtime::ValueKind::String),
        RustType::I64 => quote!(#runtime::ValueKind::Integer),
        RustType::F64 => quote!(#runtime::ValueKind::Number),
        RustType::Bool => quote!(#runtime::ValueKind::Boolean),
        RustType::Json => quote!(#runtime::ValueKind::Json),
        RustType::Object { .. } => quote!(#runtime::ValueKind::Object),
        RustType::Vec(inner) => {
            let inner = value_kind(inner, paths);
            quote!(#runtime::ValueKind::Array(&#inner))
        }
    }
}
