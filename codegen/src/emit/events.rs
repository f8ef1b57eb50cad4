//! Events API events: a struct per event type, and an `Event` enum that decodes an inner event
//! object by its `type`, keeping unknown types as raw JSON.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{doc, ident, struct_field};
use super::Paths;
use crate::ir::Ir;

pub fn emit(ir: &Ir, paths: &Paths) -> TokenStream {
    let structs = ir.events.iter().map(|event| {
        let name = ident(&event.ident);
        let type_doc = doc(&format!(
            "The `{}` event: {}\n\nReference: <{}>\n\nThe inner `event` object of an Events API delivery, without its `type`.",
            event.wire,
            event.description.trim(),
            event.docs_url
        ));
        let fields = event.fields.iter().map(|f| struct_field(f, paths));
        quote! {
            #type_doc
            #[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
            pub struct #name {
                #(#fields)*
            }
        }
    });
    let variants = ir.events.iter().map(|event| {
        let (variant, name) = (ident(&event.variant), ident(&event.ident));
        let variant_doc = doc(&format!("`{}`: {}", event.wire, event.description.trim()));
        quote!(#variant_doc #variant(#name),)
    });
    let types: Vec<&String> = ir.events.iter().map(|e| &e.wire).collect();
    let decode_arms = ir.events.iter().map(|event| {
        let (wire, variant) = (&event.wire, ident(&event.variant));
        quote!(::std::option::Option::Some(#wire) => ::serde_json::from_value(value).map(Self::#variant),)
    });
    let type_arms = ir.events.iter().map(|event| {
        let (wire, variant) = (&event.wire, ident(&event.variant));
        quote!(Self::#variant(_) => #wire,)
    });
    quote! {
        //! Events API events generated from the spec.
        #(#structs)*

        /// An Events API event (the `event` object of an `event_callback` delivery), by its `type`.
        #[derive(Clone, Debug, PartialEq)]
        pub enum Event {
            #(#variants)*
            /// An event type the spec does not describe; the raw JSON is kept.
            Other(::serde_json::Value),
        }

        impl Event {
            /// Every event type the spec describes.
            pub const TYPES: &'static [&'static str] = &[#(#types),*];

            /// Decodes an inner event object by its `type`.
            pub fn from_value(value: ::serde_json::Value) -> ::std::result::Result<Self, ::serde_json::Error> {
                let kind = value.get("type").and_then(::serde_json::Value::as_str).map(str::to_owned);
                match kind.as_deref() {
                    #(#decode_arms)*
                    ::std::option::Option::Some(_) => ::std::result::Result::Ok(Self::Other(value)),
                    ::std::option::Option::None => ::std::result::Result::Err(
                        <::serde_json::Error as ::serde::de::Error>::missing_field("type"),
                    ),
                }
            }

            /// Decodes an inner event object from JSON bytes.
            pub fn from_slice(bytes: &[u8]) -> ::std::result::Result<Self, ::serde_json::Error> {
                Self::from_value(::serde_json::from_slice(bytes)?)
            }

            /// The event's `type`.
            pub fn event_type(&self) -> &str {
                match self {
                    #(#type_arms)*
                    Self::Other(value) => value.get("type").and_then(::serde_json::Value::as_str).unwrap_or(""),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for Event {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                Self::from_value(value).map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }
    }
}
