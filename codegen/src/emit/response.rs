//! A method's success response: absent fields are `Option`, unknown fields are ignored.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{constructor_and_setters, doc, ident, struct_field};
use super::request::item_type;
use super::Paths;
use crate::ir::MethodIr;

pub fn emit(method: &MethodIr, paths: &Paths) -> TokenStream {
    let runtime = &paths.runtime;
    let name = ident(&method.response);
    let type_doc = doc(&format!(
        "Success response of `{}`, without the envelope (`ok`, `warning`), which the client decodes.\n\n\
         Fields Slack may leave out are `Option`; fields this type does not model are ignored. \
         `non_exhaustive`: a field Slack adds arrives in a minor release.",
        method.wire
    ));
    let fields = method
        .response_fields
        .iter()
        .map(|f| struct_field(f, paths));
    // Responses are `non_exhaustive`: code that builds one (a test double, the emulator) starts
    // from `new` with the required fields and sets the rest.
    let builders = constructor_and_setters(&method.response, &method.response_fields, paths);
    let pagination = method.pagination.as_ref().map(|p| {
        let items = ident(&p.items.ident);
        let metadata = ident(&p.metadata_ident);
        let item = item_type(&p.items.ty, paths);
        let into_items = if p.items.required {
            quote!(self.#items)
        } else {
            quote!(self.#items.unwrap_or_default())
        };
        quote! {
            impl #runtime::PaginatedResponse for #name {
                type Item = #item;
                fn next_cursor(&self) -> ::std::option::Option<&str> {
                    self.#metadata
                        .as_ref()
                        .and_then(|metadata| metadata.next_cursor.as_deref())
                        .filter(|cursor| !cursor.is_empty())
                }
                fn into_items(self) -> ::std::vec::Vec<Self::Item> {
                    #into_items
                }
            }
        }
    });
    quote! {
        #type_doc
        #[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #builders
        }

        #pagination
    }
}
