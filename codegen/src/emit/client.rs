//! Client namespaces that read like Slack's method names:
//! `client.conversations().request_shared_invite().approve("I012345ABCD").await`.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{doc, ident};
use super::Paths;
use super::{call, method_path};
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
        let module = method_path(method, paths);
        let call_type = ident(&method.call);
        let name = ident(method_name);
        let params = call::parameters(method, paths);
        let names = call::parameter_names(method);
        let mut text = format!(
            "`{}`: {}\n\nTakes the required arguments; chain the optional ones on the returned call, then `.await` it. Arguments are checked before anything is sent. Reference: <{}>",
            method.wire, method.description, method.docs_url
        );
        if let Some(p) = &method.pagination {
            text.push_str(&format!(
                "\n\nPaginated: `.items()` on the call streams every `{}` across pages.",
                p.items.wire
            ));
        }
        let call_doc = doc(&text);
        quote! {
            #call_doc
            pub fn #name(self, #(#params),*) -> #module::#call_type<'a> {
                #module::#call_type::new(self.client, #(#names),*)
            }
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
