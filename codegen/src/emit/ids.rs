//! Slack ID newtypes: one distinct type per kind of ID, so a channel ID cannot be passed as a user ID.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{doc, ident};
use crate::ir::IdIr;

pub fn emit(ids: &[IdIr]) -> TokenStream {
    let items = ids.iter().map(|id| {
        let name = ident(&id.ident);
        let prefixes: Vec<String> = id.prefixes.iter().map(|p| format!("`{p}`")).collect();
        let type_doc = doc(&format!(
            "{} (spec type `{}`), e.g. `{}`.\n\nDocumented prefixes: {}. The prefix is not enforced: Slack adds new ones, and \
             an ID from Slack is always accepted as is.",
            id.description.trim(),
            id.wire,
            id.example,
            prefixes.join(", ")
        ));
        quote! {
            #type_doc
            #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, ::serde::Serialize, ::serde::Deserialize)]
            #[serde(transparent)]
            pub struct #name(::std::string::String);

            impl #name {
                /// Wraps an ID as given.
                pub fn new(id: impl ::std::convert::Into<::std::string::String>) -> Self {
                    Self(id.into())
                }
                /// The ID as a string slice.
                pub fn as_str(&self) -> &str {
                    &self.0
                }
                /// The ID as an owned string.
                pub fn into_string(self) -> ::std::string::String {
                    self.0
                }
            }

            impl ::std::fmt::Display for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(&self.0)
                }
            }

            impl ::std::convert::From<&str> for #name {
                fn from(id: &str) -> Self {
                    Self(id.to_owned())
                }
            }

            impl ::std::convert::From<::std::string::String> for #name {
                fn from(id: ::std::string::String) -> Self {
                    Self(id)
                }
            }

            // Calls take IDs as `impl Into<..>`: an ID read from a response can be passed back
            // by reference, without a visible clone.
            impl ::std::convert::From<&#name> for #name {
                fn from(id: &#name) -> Self {
                    id.clone()
                }
            }

            impl ::std::convert::From<&::std::string::String> for #name {
                fn from(id: &::std::string::String) -> Self {
                    Self(id.clone())
                }
            }

            impl ::std::convert::AsRef<str> for #name {
                fn as_ref(&self) -> &str {
                    &self.0
                }
            }
        }
    });
    quote! {
        //! Slack ID types, one newtype per kind of ID.
        #(#items)*
    }
}
