//! Client namespaces that read like Slack's method names:
//! `client.conversations().request_shared_invite().approve(request)`.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{doc, ident};
use super::Paths;
use crate::ir::{Ir, NamespaceIr};

pub fn emit(ir: &Ir, paths: &Paths) -> TokenStream {
    let client = &paths.client;
    let families = ir.namespaces.iter().filter(|n| n.is_family).map(|n| {
        let (name, accessor) = (ident(&n.ident), ident(&n.accessor));
        let accessor_doc = doc(&format!("The `{}.*` methods.", n.wire));
        quote! {
            #accessor_doc
            pub fn #accessor(&self) -> #name<'_> {
                #name::new(self)
            }
        }
    });
    // Inherent methods can only be added to the client from inside its own crate.
    let entry = paths.client_is_local.then(|| {
        quote! {
            impl #client::Client {
                #(#families)*
            }
        }
    });
    let namespaces = ir.namespaces.iter().map(|n| namespace(ir, n, paths));
    quote! {
        //! Client namespaces mirroring Slack's method names, generated from the spec.
        #entry
        #(#namespaces)*
    }
}

fn namespace(ir: &Ir, namespace: &NamespaceIr, paths: &Paths) -> TokenStream {
    let client = &paths.client;
    let root = &paths.root;
    let name = ident(&namespace.ident);
    // Methods take the (Copy) namespace by value, so a call's future borrows only the client,
    // not the temporary namespace: `client.conversations().invite_shared(r)` can be stored.
    let type_doc = doc(&format!("The `{}.*` methods.", namespace.wire));
    let children = namespace.children.iter().map(|&i| {
        let child = &ir.namespaces[i];
        let (child_name, accessor) = (ident(&child.ident), ident(&child.accessor));
        let accessor_doc = doc(&format!("The `{}.*` methods.", child.wire));
        quote! {
            #accessor_doc
            pub fn #accessor(self) -> #child_name<'a> {
                #child_name::new(self.client)
            }
        }
    });
    let methods = namespace.methods.iter().map(|(m, method_name)| {
        let method = &ir.methods[*m];
        let module = ident(&method.module);
        let (request, response, error) = (ident(&method.request), ident(&method.response), ident(&method.error));
        let call = ident(method_name);
        let call_doc = doc(&format!(
            "Calls `{}`: {}\n\nChecks the arguments first (nothing is sent if one is invalid). Reference: <{}>",
            method.wire, method.description, method.docs_url
        ));
        let stream = method.pagination.as_ref().map(|p| {
            let stream_name = ident(&format!("{method_name}_stream"));
            let stream_doc = doc(&format!(
                "Every `{}` of `{}`, across pages: follows `next_cursor`, with `{}` items per page if set on the request.",
                p.items.wire, method.wire, p.limit.wire
            ));
            quote! {
                #stream_doc
                pub fn #stream_name(self, request: #root::methods::#module::#request) -> #client::Items<#root::methods::#module::#request> {
                    self.client.items(request, ::std::option::Option::None)
                }
            }
        });
        quote! {
            #call_doc
            pub async fn #call(
                self,
                request: #root::methods::#module::#request,
            ) -> ::std::result::Result<#root::methods::#module::#response, #client::Error<#root::methods::#module::#error>> {
                self.client.call(&request).await
            }
            #stream
        }
    });
    quote! {
        #type_doc
        #[derive(Clone, Copy, Debug)]
        pub struct #name<'a> {
            client: &'a #client::Client,
        }

        impl<'a> #name<'a> {
            /// The namespace, calling through `client`.
            pub fn new(client: &'a #client::Client) -> Self {
                Self { client }
            }
            #(#children)*
            #(#methods)*
        }
    }
}
