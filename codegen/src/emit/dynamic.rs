//! Calls by wire name with JSON arguments: one match over every method, dispatching to the
//! typed request, so tools that choose the method at run time still validate and decode fully;
//! and a visitor over every method's request type, for code that must cover them all.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::ident;
use super::Paths;
use crate::ir::Ir;

pub fn emit(ir: &Ir, paths: &Paths) -> TokenStream {
    let client = &paths.client;
    let runtime = &paths.runtime;
    let request_path = |m: &crate::ir::MethodIr| {
        let (module, request) = (super::method_path(m, paths), ident(&m.request));
        quote!(#module::#request)
    };
    let calls = ir.methods.iter().map(|m| {
        let wire = &m.wire;
        let request = request_path(m);
        quote!(#wire => client.call_json_as::<#request>(arguments).await,)
    });
    let streams = ir.methods.iter().filter(|m| m.pagination.is_some()).map(|m| {
        let wire = &m.wire;
        let request = request_path(m);
        quote!(#wire => ::std::option::Option::Some(client.items_json_as::<#request>(arguments, page_size)),)
    });
    let visits = ir.methods.iter().map(|m| {
        let wire = &m.wire;
        let request = request_path(m);
        quote!(#wire => ::std::option::Option::Some(visitor.visit::<#request>()),)
    });
    quote! {
        //! Calls by wire name with JSON arguments, generated from the spec.

        /// Calls `method` (a wire name such as `conversations.inviteShared`) with JSON arguments,
        /// through its typed request: arguments are checked before anything is sent, and the
        /// typed response comes back as JSON.
        pub async fn call_json(
            client: &#client::Client,
            method: &str,
            arguments: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
        ) -> ::std::result::Result<::serde_json::Value, #client::DynamicError> {
            match method {
                #(#calls)*
                other => ::std::result::Result::Err(#client::DynamicError::unknown_method(other)),
            }
        }

        /// Every item of the paginated `method`, as JSON; `None` when the method is not paginated
        /// (or unknown).
        pub fn items_json(
            client: &#client::Client,
            method: &str,
            arguments: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
            page_size: ::std::option::Option<i64>,
        ) -> ::std::option::Option<#client::JsonItems> {
            match method {
                #(#streams)*
                _ => ::std::option::Option::None,
            }
        }

        /// Runs `visitor` with the request type of `method` (a wire name such as
        /// `conversations.inviteShared`), for code that must handle every method in the spec;
        /// `None` when no method has that name.
        pub fn visit_method<V: #runtime::MethodVisitor>(
            method: &str,
            visitor: V,
        ) -> ::std::option::Option<V::Output> {
            match method {
                #(#visits)*
                _ => ::std::option::Option::None,
            }
        }
    }
}
