//! Socket Mode frames: a struct per frame Slack sends, a `Frame` enum decoding by `type` (any
//! other type kept as JSON), the `Acknowledgement` the app sends back, and the `disconnect`
//! frame's `DisconnectReason`s with a catch-all.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{doc, ident};
use super::events::{payload_struct, tagged_enum, Tagged};
use super::Paths;
use crate::ir::SocketModeIr;

pub fn emit(socket: &SocketModeIr, paths: &Paths) -> TokenStream {
    let frames = socket.frames.iter().map(|frame| {
        let frame_doc = format!(
            "The `{}` frame: {}\n\nReference: <{}>\n\nThe fields besides `type`.",
            frame.wire,
            frame.description.trim(),
            frame.docs_url
        );
        payload_struct(&frame.ident, &frame_doc, &frame.fields, paths)
    });
    let frame_enum = tagged_enum(
        "Frame",
        "A Socket Mode frame (a JSON text message Slack sends over the WebSocket), by its `type`.",
        "frame",
        socket.frames.iter().map(|frame| Tagged {
            wire: &frame.wire,
            variant: &frame.ident,
            payload: &frame.ident,
            doc: format!("`{}`: {}", frame.wire, frame.description.trim()),
        }),
        paths,
    );
    let ack = &socket.acknowledgement;
    let ack_doc = format!(
        "The acknowledgement: {}\n\nSent by the app as a JSON text message.",
        ack.description.trim()
    );
    let acknowledgement = payload_struct(&ack.ident, &ack_doc, &ack.fields, paths);
    let ack_ident = ident(&ack.ident);
    let ack_names = ack.fields.iter().map(|field| {
        let name = ident(&field.wire.to_uppercase());
        let wire = &field.wire;
        let text = doc(&format!("Wire name of the `{wire}` field."));
        quote!(#text pub const #name: &'static str = #wire;)
    });
    let variants = socket.disconnect_reasons.iter().map(|reason| {
        let variant = ident(&reason.variant);
        let text = doc(&format!("`{}`: {}", reason.wire, reason.description.trim()));
        quote!(#text #variant,)
    });
    let from_arms = socket.disconnect_reasons.iter().map(|reason| {
        let (wire, variant) = (&reason.wire, ident(&reason.variant));
        quote!(#wire => Self::#variant,)
    });
    let code_arms = socket.disconnect_reasons.iter().map(|reason| {
        let (wire, variant) = (&reason.wire, ident(&reason.variant));
        quote!(Self::#variant => #wire,)
    });
    let codes = socket.disconnect_reasons.iter().map(|reason| &reason.wire);
    quote! {
        //! Socket Mode frames generated from the spec (`shared/socket_mode.json`).
        #(#frames)*
        #frame_enum
        #acknowledgement

        impl #ack_ident {
            #(#ack_names)*
        }

        /// Why Slack sends a `disconnect` frame (its `reason`).
        ///
        /// `non_exhaustive`: a reason the spec adds later gets its own variant in a minor release.
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum DisconnectReason {
            #(#variants)*
            /// A reason the spec does not describe, as sent.
            Other(::std::string::String),
        }

        impl DisconnectReason {
            /// Every reason the spec describes.
            pub const CODES: &'static [&'static str] = &[#(#codes),*];

            /// The reason for a `reason` string.
            pub fn from_code(code: &str) -> Self {
                match code {
                    #(#from_arms)*
                    other => Self::Other(other.to_owned()),
                }
            }

            /// The reason as sent on the wire.
            pub fn code(&self) -> &str {
                match self {
                    #(#code_arms)*
                    Self::Other(code) => code,
                }
            }
        }

        impl ::std::fmt::Display for DisconnectReason {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.code())
            }
        }
    }
}
