//! Events API payloads: a struct per event type and per envelope, and two enums that decode by
//! `type` and keep any type the spec does not list as raw JSON: `Event` (the inner event) and
//! `Delivery` (what Slack posts to a request URL).

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{constructor_and_setters, doc, ident, struct_field};
use super::Paths;
use crate::ir::{FieldIr, Ir};

/// One variant of a tagged enum: its `type`, the variant name, the struct it holds, its doc.
pub(super) struct Tagged<'a> {
    pub wire: &'a str,
    pub variant: &'a str,
    pub payload: &'a str,
    pub doc: String,
}

pub fn emit(ir: &Ir, paths: &Paths) -> TokenStream {
    let events = ir.events.iter().map(|event| {
        let event_doc = format!(
            "The `{}` event: {}\n\nReference: <{}>\n\nThe inner `event` object of an Events API delivery, without its `type`.",
            event.wire,
            event.description.trim(),
            event.docs_url
        );
        let trigger = event.workflow_trigger.as_ref().map(|trigger| {
            let trigger_doc = format!(
                "The workflow-trigger payload of `{}`: {}\n\nReference: <{}>",
                event.wire,
                trigger.description.trim(),
                event.docs_url
            );
            payload_struct(&trigger.ident, &trigger_doc, &trigger.fields, paths)
        });
        let event = payload_struct(&event.ident, &event_doc, &event.fields, paths);
        quote!(#event #trigger)
    });
    let envelopes = ir.envelopes.iter().map(|envelope| {
        let envelope_doc = format!(
            "The `{}` delivery: {}\n\nReference: <{}>\n\nThe fields besides `type`.",
            envelope.wire,
            envelope.description.trim(),
            envelope.docs_url
        );
        payload_struct(&envelope.ident, &envelope_doc, &envelope.fields, paths)
    });
    let event_enum = tagged_enum(
        "Event",
        "An Events API event (the `event` object of an `event_callback` delivery), by its `type`.",
        "event",
        ir.events.iter().map(|event| Tagged {
            wire: &event.wire,
            variant: &event.variant,
            payload: &event.ident,
            doc: format!("`{}`: {}", event.wire, event.description.trim()),
        }),
        paths,
    );
    let delivery_enum = (!ir.envelopes.is_empty()).then(|| {
        tagged_enum(
            "Delivery",
            "An Events API delivery (the JSON body Slack posts to a request URL), by its `type`.",
            "delivery",
            ir.envelopes.iter().map(|envelope| Tagged {
                wire: &envelope.wire,
                variant: &envelope.ident,
                payload: &envelope.ident,
                doc: format!("`{}`: {}", envelope.wire, envelope.description.trim()),
            }),
            paths,
        )
    });
    quote! {
        //! Events API payloads generated from the spec.
        #(#events)*
        #(#envelopes)*
        #event_enum
        #delivery_enum
    }
}

pub(super) fn payload_struct(
    name: &str,
    text: &str,
    fields: &[FieldIr],
    paths: &Paths,
) -> TokenStream {
    let type_doc = doc(text);
    let builders = constructor_and_setters(name, fields, paths);
    let fields = fields.iter().map(|f| struct_field(f, paths));
    let name = ident(name);
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
    }
}

/// An enum over payloads told apart by their `type`, with a catch-all `Other` that keeps the JSON
/// of any type the spec does not list, so a new type never fails a whole delivery.
pub(super) fn tagged_enum<'a>(
    name: &str,
    enum_doc: &str,
    noun: &str,
    variants: impl Iterator<Item = Tagged<'a>>,
    paths: &Paths,
) -> TokenStream {
    let runtime = &paths.runtime;
    let variants: Vec<Tagged> = variants.collect();
    let name = ident(name);
    let enum_doc = doc(enum_doc);
    let other_doc = doc(&format!(
        "Any {noun} type the spec does not describe; the raw JSON is kept."
    ));
    let items = variants.iter().map(|v| {
        let (variant, payload, variant_doc) = (ident(v.variant), ident(v.payload), doc(&v.doc));
        quote!(#variant_doc #variant(#payload),)
    });
    let types = variants.iter().map(|v| v.wire);
    let decode_arms = variants.iter().map(|v| {
        let (wire, variant) = (v.wire, ident(v.variant));
        quote!(::std::option::Option::Some(#wire) => ::serde_json::from_value(value).map(Self::#variant),)
    });
    let type_arms = variants.iter().map(|v| {
        let (wire, variant) = (v.wire, ident(v.variant));
        quote!(Self::#variant(_) => #wire,)
    });
    let encode_arms = variants.iter().map(|v| {
        let (wire, variant) = (v.wire, ident(v.variant));
        quote!(Self::#variant(payload) => #runtime::tagged::with_type(payload, #wire),)
    });
    let types_doc = doc(&format!("Every {noun} type the spec describes."));
    let a = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    let from_value_doc = doc(&format!("Decodes {a} {noun} by its `type`."));
    let from_slice_doc = doc(&format!("Decodes {a} {noun} from JSON bytes."));
    let type_doc = doc(&format!("The {noun}'s `type`."));
    let type_fn = ident(&format!("{noun}_type"));
    let to_value_doc = doc(&format!(
        "The {noun} as JSON, `type` included, as Slack sends it."
    ));
    quote! {
        #enum_doc
        ///
        /// `non_exhaustive`: a type the spec adds later gets its own variant in a minor release.
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#items)*
            #other_doc
            Other(::serde_json::Value),
        }

        impl #name {
            #types_doc
            pub const TYPES: &'static [&'static str] = &[#(#types),*];

            #from_value_doc
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

            #from_slice_doc
            pub fn from_slice(bytes: &[u8]) -> ::std::result::Result<Self, ::serde_json::Error> {
                Self::from_value(::serde_json::from_slice(bytes)?)
            }

            #type_doc
            pub fn #type_fn(&self) -> &str {
                match self {
                    #(#type_arms)*
                    Self::Other(value) => value.get("type").and_then(::serde_json::Value::as_str).unwrap_or(""),
                }
            }

            #to_value_doc
            pub fn to_value(&self) -> ::std::result::Result<::serde_json::Value, ::serde_json::Error> {
                match self {
                    #(#encode_arms)*
                    Self::Other(value) => ::std::result::Result::Ok(value.clone()),
                }
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                self.to_value()
                    .map_err(<S::Error as ::serde::ser::Error>::custom)?
                    .serialize(serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                Self::from_value(value).map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }
    }
}
