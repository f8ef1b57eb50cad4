//! `CommonError`: the spec's common errors, once. Each method's error enum keeps a variant per
//! common code it accepts (so a `match` names it directly) and takes the code, description and
//! retry advice from here.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{doc, ident};
use crate::ir::ErrorIr;

/// The enum's name, at the generated root (`errors.rs`, re-exported beside the method modules).
pub const COMMON_ERROR: &str = crate::naming::COMMON_ERROR_TYPE;

/// The generated `errors.rs`.
pub fn emit(common: &[ErrorIr]) -> TokenStream {
    let name = ident(COMMON_ERROR);
    let variants = common.iter().map(|e| {
        let variant = ident(&e.variant);
        let text = doc(&format!("`{}`: {}", e.code, e.description.trim()));
        quote!(#text #variant,)
    });
    let codes = common.iter().map(|e| &e.code);
    let from_code = common.iter().map(|e| {
        let (code, variant) = (&e.code, ident(&e.variant));
        quote!(#code => Self::#variant,)
    });
    let code = common.iter().map(|e| {
        let (code, variant) = (&e.code, ident(&e.variant));
        quote!(Self::#variant => #code,)
    });
    let description = common.iter().map(|e| {
        let (text, variant) = (e.description.trim(), ident(&e.variant));
        quote!(Self::#variant => #text,)
    });
    let retryable: Vec<_> = common
        .iter()
        .filter(|e| e.retryable)
        .map(|e| ident(&e.variant))
        .collect();
    let is_retryable = if retryable.is_empty() {
        quote!(false)
    } else {
        quote!(matches!(self, #(Self::#retryable)|*))
    };
    // An empty spec list still yields the type, so method enums can always name it; an enum
    // without variants cannot be matched on, so its methods are written without a `match`.
    let (from_code, code, description) = if common.is_empty() {
        (
            quote!(let _ = code; None),
            quote!(match self {}),
            quote!(match self {}),
        )
    } else {
        (
            quote!(Some(match code { #(#from_code)* _ => return None, })),
            quote!(match self { #(#code)* }),
            quote!(match self { #(#description)* }),
        )
    };
    quote! {
        //! The errors every method may return, defined once.

        /// A common error: a code any method may return (Slack's shared list), whatever the method.
        ///
        /// Each method's `Error` has a variant of the same name for every common code it accepts,
        /// so a `match` on a method's error stays direct; its `common()` gives this value, for
        /// handling the shared codes in one place.
        ///
        /// `non_exhaustive`: Slack documenting a new common code adds a variant in a minor release.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// Every common code, sorted.
            pub const CODES: &'static [&'static str] = &[#(#codes),*];

            /// The common error with this wire code, if it is one.
            pub fn from_code(code: &str) -> Option<Self> {
                #from_code
            }

            /// The wire code.
            pub fn code(self) -> &'static str {
                #code
            }

            /// The documented description. A method may document its own for a common code;
            /// its error enum's `description` has that one.
            pub fn description(self) -> &'static str {
                #description
            }

            /// Whether the same request may succeed if sent again later: the spec marks the codes
            /// for which Slack did not act on the request (`retryable`).
            pub fn is_retryable(self) -> bool {
                #is_retryable
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "{}: {}", self.code(), self.description())
            }
        }

        impl ::std::error::Error for #name {}
    }
}
