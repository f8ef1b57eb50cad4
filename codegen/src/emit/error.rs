//! A method's error enum: one variant per documented code, plus one catch-all keeping the raw code.
//!
//! A common code keeps a variant of its own here, so a `match` names it directly
//! (`deny::Error::InvalidAuth`), but its code, description and retry advice are read from
//! `CommonError`, which states them once; only the method's own codes (and the common codes it
//! documents its own description for) are written out per method.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{doc, ident};
use super::common_error::COMMON_ERROR;
use super::Paths;
use crate::ir::{ErrorIr, MethodIr};
use crate::validate::CATCH_ALL_VARIANT;

pub fn emit(method: &MethodIr, common: &[ErrorIr], paths: &Paths) -> TokenStream {
    let runtime = &paths.runtime;
    let root = &paths.root;
    let name = ident(&method.error);
    let common_error = ident(COMMON_ERROR);
    let unknown = ident(CATCH_ALL_VARIANT);
    let common_codes: BTreeSet<&str> = common.iter().map(|e| e.code.as_str()).collect();
    // Written out here: the method's own codes, and the common ones it describes itself.
    let own: Vec<&ErrorIr> = method.errors.iter().filter(|e| !e.common).collect();
    // Taken from `CommonError` whole.
    let delegated: Vec<&ErrorIr> = method.errors.iter().filter(|e| e.common).collect();
    // Every variant whose code is a common one, whoever describes it.
    let shared: Vec<&ErrorIr> = method
        .errors
        .iter()
        .filter(|e| common_codes.contains(e.code.as_str()))
        .collect();

    let type_doc = doc(&format!(
        "Errors `{}` documents (the `error` field of an `ok: false` response), plus `{CATCH_ALL_VARIANT}` for any other code.",
        method.wire
    ));
    let variants = method.errors.iter().map(|e| {
        let variant = ident(&e.variant);
        let text = if e.common {
            format!(
                "`{}`: a common error, see [`{COMMON_ERROR}::{}`].",
                e.code, e.variant
            )
        } else if common_codes.contains(e.code.as_str()) {
            format!(
                "`{}` (common error, described for this method): {}",
                e.code,
                e.description.trim()
            )
        } else {
            format!("`{}` (method error): {}", e.code, e.description.trim())
        };
        let variant_doc = doc(&text);
        quote!(#variant_doc #variant,)
    });

    let codes = codes(method, &own, &common_codes, runtime, &common_error);
    let from_code = from_code(&own, &delegated, &unknown, &common_error);
    let from_common = from_common(common, &shared, &unknown, &common_error);
    let to_common = if shared.is_empty() {
        quote!(None)
    } else {
        let arms = shared.iter().map(|e| {
            let variant = ident(&e.variant);
            quote!(Self::#variant => #common_error::#variant,)
        });
        quote!(Some(match self { #(#arms)* _ => return None, }))
    };
    let undocumented = format!("an error code not documented for {}", method.wire);
    let code_arms = own.iter().map(|e| {
        let (code, variant) = (&e.code, ident(&e.variant));
        quote!(Self::#variant => #code,)
    });
    let description_arms = own.iter().map(|e| {
        let (text, variant) = (e.description.trim(), ident(&e.variant));
        quote!(Self::#variant => #text,)
    });
    // The remaining variants are the delegated common ones, for which `common()` is `Some`.
    let (code_rest, description_rest) = if delegated.is_empty() {
        (quote!(), quote!())
    } else {
        (
            quote!(_ => self.common().map_or("", #common_error::code),),
            quote!(_ => self.common().map_or(#undocumented, #common_error::description),),
        )
    };
    let is_retryable = is_retryable(&own, &delegated, &common_codes, &common_error);
    let unknown_doc = doc(&format!(
        "A code the spec does not list for `{}`; the raw code is kept.",
        method.wire
    ));
    quote! {
        use #root::errors::#common_error;

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
            #codes

            /// The variant for a wire code; an unlisted code becomes the catch-all, kept as is.
            pub fn from_code(code: &str) -> Self {
                #from_code
            }

            /// The common error this is, when its code is one of the common ones (also when this
            /// method documents a description of its own for it).
            pub fn common(&self) -> Option<#common_error> {
                #to_common
            }

            /// The wire code.
            pub fn code(&self) -> &str {
                match self {
                    #(#code_arms)*
                    Self::#unknown(code) => code,
                    #code_rest
                }
            }

            /// The documented description: the method's own where it documents one, else the
            /// common one.
            pub fn description(&self) -> &'static str {
                match self {
                    #(#description_arms)*
                    Self::#unknown(_) => #undocumented,
                    #description_rest
                }
            }

            /// Whether the same request may succeed if sent again later: the spec marks the codes
            /// for which Slack did not act on the request (`retryable`).
            pub fn is_retryable(&self) -> bool {
                #is_retryable
            }
        }

        impl ::std::convert::From<#common_error> for #name {
            /// This method's variant for a common error (the catch-all if the method does not
            /// accept it).
            fn from(common: #common_error) -> Self {
                #from_common
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

/// `CODES`: when the method accepts every common code, its own codes followed by
/// `CommonError::CODES`, joined at compile time; otherwise the list written out.
fn codes(
    method: &MethodIr,
    own: &[&ErrorIr],
    common_codes: &BTreeSet<&str>,
    runtime: &TokenStream,
    common_error: &proc_macro2::Ident,
) -> TokenStream {
    let accepts_all_common = !common_codes.is_empty()
        && common_codes
            .iter()
            .all(|code| method.errors.iter().any(|e| e.code == *code));
    if accepts_all_common {
        let own_codes: Vec<&String> = own
            .iter()
            .filter(|e| !common_codes.contains(e.code.as_str()))
            .map(|e| &e.code)
            .collect();
        let count = proc_macro2::Literal::usize_unsuffixed(own_codes.len() + common_codes.len());
        quote! {
            /// Every documented code: the method's own, sorted, then the common ones.
            pub const CODES: &'static [&'static str] =
                &#runtime::join_codes::<#count>(&[#(#own_codes),*], #common_error::CODES);
        }
    } else {
        let codes = method.errors.iter().map(|e| &e.code);
        quote! {
            /// Every documented code, sorted.
            pub const CODES: &'static [&'static str] = &[#(#codes),*];
        }
    }
}

/// `from_code`: the method's own codes by name, then the common ones through `CommonError`.
fn from_code(
    own: &[&ErrorIr],
    delegated: &[&ErrorIr],
    unknown: &proc_macro2::Ident,
    common_error: &proc_macro2::Ident,
) -> TokenStream {
    let rest = if delegated.is_empty() {
        quote!(Self::#unknown(other.to_owned()))
    } else {
        quote!(#common_error::from_code(other).map_or_else(|| Self::#unknown(other.to_owned()), Self::from))
    };
    // With no own codes a one-armed match would be clippy's `match_single_binding`.
    if own.is_empty() {
        quote!(let other = code; #rest)
    } else {
        let arms = own.iter().map(|e| {
            let (code, variant) = (&e.code, ident(&e.variant));
            quote!(#code => Self::#variant,)
        });
        quote!(match code { #(#arms)* other => #rest, })
    }
}

/// `From<CommonError>`: the variant of the same name, or the catch-all for a common code the
/// method does not accept.
fn from_common(
    common: &[ErrorIr],
    shared: &[&ErrorIr],
    unknown: &proc_macro2::Ident,
    common_error: &proc_macro2::Ident,
) -> TokenStream {
    let arms = shared.iter().map(|e| {
        let variant = ident(&e.variant);
        quote!(#common_error::#variant => Self::#variant,)
    });
    let rest = (shared.len() < common.len())
        .then(|| quote!(other => Self::#unknown(other.code().to_owned()),));
    if shared.is_empty() && !common.is_empty() {
        quote!(Self::#unknown(common.code().to_owned()))
    } else {
        quote!(match common { #(#arms)* #rest })
    }
}

/// `is_retryable`: the method's own flag for the codes it describes, `CommonError`'s for the rest.
fn is_retryable(
    own: &[&ErrorIr],
    delegated: &[&ErrorIr],
    common_codes: &BTreeSet<&str>,
    common_error: &proc_macro2::Ident,
) -> TokenStream {
    let retryable: Vec<_> = own
        .iter()
        .filter(|e| e.retryable)
        .map(|e| ident(&e.variant))
        .collect();
    if delegated.is_empty() && own.iter().all(|e| !common_codes.contains(e.code.as_str())) {
        return if retryable.is_empty() {
            quote!(false)
        } else {
            quote!(matches!(self, #(Self::#retryable)|*))
        };
    }
    // Common codes the method describes itself and does not mark: not retryable, whatever
    // the common list says.
    let overridden_not_retryable: Vec<_> = own
        .iter()
        .filter(|e| !e.retryable && common_codes.contains(e.code.as_str()))
        .map(|e| ident(&e.variant))
        .collect();
    let rest = quote!(self.common().is_some_and(#common_error::is_retryable));
    if retryable.is_empty() && overridden_not_retryable.is_empty() {
        return rest;
    }
    let yes = (!retryable.is_empty()).then(|| quote!(#(Self::#retryable)|* => true,));
    let no = (!overridden_not_retryable.is_empty())
        .then(|| quote!(#(Self::#overridden_not_retryable)|* => false,));
    quote!(match self { #yes #no _ => #rest, })
}
