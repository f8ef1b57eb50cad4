//! A method's error enum: one variant per documented code, plus one catch-all keeping the raw code.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{doc, ident};
use super::Paths;
use crate::ir::MethodIr;
use crate::validate::CATCH_ALL_VARIANT;

pub fn emit(method: &MethodIr, paths: &Paths) -> TokenStream {
    let runtime = &paths.runtime;
    let name = ident(&method.error);
    let unknown = ident(CATCH_ALL_VARIANT);
    let type_doc = doc(&format!(
        "Errors `{}` documents (the `error` field of an `ok: false` response), plus `{CATCH_ALL_VARIANT}` for any other code.",
        method.wire
    ));
    let variants = method.errors.iter().map(|e| {
        let variant = ident(&e.variant);
        let origin = if e.common {
            "common error"
        } else {
            "method error"
        };
        let variant_doc = doc(&format!(
            "`{}` ({origin}): {}",
            e.code,
            e.description.trim()
        ));
        quote!(#variant_doc #variant,)
    });
    let codes: Vec<&String> = method.errors.iter().map(|e| &e.code).collect();
    let arms = method.errors.iter().map(|e| {
        let (code, variant) = (&e.code, ident(&e.variant));
        quote!(#code => Self::#variant,)
    });
    // With no documented codes a one-armed match would be clippy's `match_single_binding`.
    let from_code = if method.errors.is_empty() {
        quote!(Self::#unknown(code.to_owned()))
    } else {
        quote!(match code { #(#arms)* other => Self::#unknown(other.to_owned()), })
    };
    let code = method.errors.iter().map(|e| {
        let (code, variant) = (&e.code, ident(&e.variant));
        quote!(Self::#variant => #code,)
    });
    let description = method.errors.iter().map(|e| {
        let (text, variant) = (e.description.trim(), ident(&e.variant));
        quote!(Self::#variant => #text,)
    });
    let retryable: Vec<_> = method
        .errors
        .iter()
        .filter(|e| e.retryable)
        .map(|e| ident(&e.variant))
        .collect();
    let is_retryable = if retryable.is_empty() {
        quote!(false)
    } else {
        quote!(matches!(self, #(Self::#retryable)|*))
    };
    let unknown_doc = doc(&format!(
        "A code the spec does not list for `{}`; the raw code is kept.",
        method.wire
    ));
    let undocumented = format!("an error code not documented for {}", method.wire);
    quote! {
        #type_doc
        ///
        /// `non_exhaustive`: Slack documenting a new code adds a variant in a minor release, so a
        /// `match` needs a wildcard arm (the codes it does not handle).
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #unknown_doc
            #unknown(::std::string::String),
        }

        impl #name {
            /// Every documented code, sorted.
            pub const CODES: &'static [&'static str] = &[#(#codes),*];

            /// The variant for a wire code; an unlisted code becomes the catch-all, kept as is.
            pub fn from_code(code: &str) -> Self {
                #from_code
            }

            /// The wire code.
            pub fn code(&self) -> &str {
                match self {
                    #(#code)*
                    Self::#unknown(code) => code,
                }
            }

            /// The documented description.
            pub fn description(&self) -> &'static str {
                match self {
                    #(#description)*
                    Self::#unknown(_) => #undocumented,
                }
            }

            /// Whether the same request may succeed if sent again later: the spec marks the codes
            /// for which Slack did not act on the request (`retryable`).
            pub fn is_retryable(&self) -> bool {
                #is_retryable
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "{}: {}", self.code(), self.description())
            }
        }

        impl ::std::error::Error for #name {}

        impl #runtime::ApiError for #name {
            const CODES: &'static [&'static str] = Self::CODES;
            fn from_code(code: &str) -> Self {
                Self::from_code(code)
            }
            fn code(&self) -> &str {
                self.code()
            }
            fn error_description(&self) -> &'static str {
                self.description()
            }
            fn is_documented(&self) -> bool {
                !matches!(self, Self::#unknown(_))
            }
            fn is_retryable(&self) -> bool {
                self.is_retryable()
            }
        }
    }
}
