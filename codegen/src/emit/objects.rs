//! Object shapes: the shared ones, then those local to a method.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{constructor_and_setters, doc, field_checks, ident, struct_field, ArgName};
use super::Paths;
use crate::ir::{Ir, ObjectIr};

pub fn emit(ir: &Ir, paths: &Paths) -> TokenStream {
    let shared = ir.objects.iter().map(|o| object(o, None, paths));
    let local = ir.methods.iter().flat_map(|m| {
        m.objects
            .iter()
            .map(move |o| object(o, Some(&m.wire), paths))
    });
    let event_local = ir.events.iter().flat_map(|e| {
        e.objects
            .iter()
            .map(move |o| object(o, Some(&e.wire), paths))
    });
    let socket_local = ir.socket_mode.iter().flat_map(|s| {
        s.objects
            .iter()
            .map(|o| object(o, Some("Socket Mode frames"), paths))
    });
    let items: Vec<TokenStream> = shared
        .chain(local)
        .chain(event_local)
        .chain(socket_local)
        .collect();
    quote! {
        //! Object shapes from the spec, used in requests and responses.
        #(#items)*
    }
}

fn object(object: &ObjectIr, method: Option<&str>, paths: &Paths) -> TokenStream {
    let runtime = &paths.runtime;
    let name = ident(&object.ident);
    let used_by = match method {
        Some(wire) => format!("object `{}` of `{wire}`", object.wire),
        None => format!("shared object `{}`", object.wire),
    };
    let type_doc = doc(&format!("{} (spec: {used_by}).", object.description.trim()));
    let fields = object.fields.iter().map(|f| struct_field(f, paths));
    let all_optional = object.fields.iter().all(|f| !f.required);
    let default = all_optional.then(|| quote!(Default,));
    let builders = constructor_and_setters(&object.ident, &object.fields, paths);
    let constants = super::meta::facts::object_constants(&object.fields);
    let validate = object.validated.then(|| {
        let checks = field_checks(&object.fields, paths, |f| {
            let wire = &f.wire;
            ArgName::Dynamic(quote!(::std::format!("{}.{}", at, #wire)))
        });
        quote! {
            /// Checks the constraints the spec records for this object; `at` names it in errors.
            pub fn validate_at(&self, at: &str) -> ::std::result::Result<(), #runtime::InvalidArgument> {
                #checks
                ::std::result::Result::Ok(())
            }
        }
    });
    quote! {
        #type_doc
        #[derive(Clone, Debug, #default PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #constants
            #builders
            #validate
        }
    }
}
