//! A method's fluent call: required arguments (and a required choice) are parameters of the
//! namespace method that starts it, optional ones are chained, then `.await` (or `.send()`).
//!
//! `client.conversations().request_shared_invite().approve("I012345ABCD").message(..).await?`

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{doc, ident, parameter};
use super::Paths;
use crate::ir::MethodIr;

/// The parameters of the call's constructor (and of the namespace method), as `name: Type`.
pub fn parameters(method: &MethodIr, paths: &Paths) -> Vec<TokenStream> {
    let required = method.required_arguments().map(|f| {
        let name = ident(&f.ident);
        let (ty, _) = parameter(&f.ty, paths, &name);
        quote!(#name: #ty)
    });
    let module = super::method_path(method, paths);
    let choices = method.choices().map(|c| {
        let (name, ty) = (ident(&c.setter), ident(&c.ident));
        quote!(#name: #module::#ty)
    });
    required.chain(choices).collect()
}

/// The names of the parameters, in the same order, for forwarding.
pub fn parameter_names(method: &MethodIr) -> Vec<TokenStream> {
    let required = method.required_arguments().map(|f| ident(&f.ident));
    let choices = method.choices().map(|c| ident(&c.setter));
    required.chain(choices).map(|name| quote!(#name)).collect()
}

pub fn emit(method: &MethodIr, paths: &Paths) -> TokenStream {
    let client = &paths.client;
    let name = ident(&method.call);
    let (request, response, error) = (
        ident(&method.request),
        ident(&method.response),
        ident(&method.error),
    );
    let params = parameters(method, paths);
    let required = method.required_arguments().map(|f| ident(&f.ident));
    let choice_setters = method.choices().map(|c| {
        let setter = ident(&c.setter);
        quote!(.#setter(#setter))
    });
    // Arguments a choice covers are set through it, never one by one.
    let setters = method.call_setters().map(|f| {
        let setter = ident(&f.ident);
        let (ty, _) = parameter(&f.ty, paths, &ident("value"));
        let text = doc(&format!("Sets `{}`: {}", f.wire, f.description.trim()));
        quote! {
            #text
            pub fn #setter(mut self, value: #ty) -> Self {
                self.request = self.request.#setter(value);
                self
            }
        }
    });
    let items = method.pagination.as_ref().map(|p| {
        let text = doc(&format!(
            "Every `{}` across pages, as a stream: follows `next_cursor` from this call's cursor, with `{}` items per page if set. Nothing is sent until the stream is polled.",
            p.items.wire, p.limit.wire
        ));
        quote! {
            #text
            pub fn items(self) -> #client::Items<#request> {
                self.client.items(self.request, ::std::option::Option::None)
            }
        }
    });
    let type_doc = doc(&format!(
        "A call of `{}`, with its required arguments set: chain the optional ones, then `.await` it (or `.send()`).\n\nArguments are checked before anything is sent. Started by the client's namespace method; `Call::new` is the same for code that holds a `Client` directly.",
        method.wire
    ));
    let new_doc = doc(&format!(
        "A call of `{}` through `client`, with its required arguments.",
        method.wire
    ));
    quote! {
        #type_doc
        #[derive(Clone, Debug)]
        #[must_use = "nothing is sent until the call is awaited or sent"]
        pub struct #name<'a> {
            client: &'a #client::Client,
            request: #request,
        }

        impl<'a> #name<'a> {
            #new_doc
            pub fn new(client: &'a #client::Client, #(#params),*) -> Self {
                Self {
                    client,
                    request: #request::new(#(#required),*) #(#choice_setters)*,
                }
            }
            #(#setters)*
            /// The request as built so far.
            pub fn request(&self) -> &#request {
                &self.request
            }
            /// The request, to send later with `Client::call` or keep as a value.
            pub fn into_request(self) -> #request {
                self.request
            }
            /// Sends the call: checks the arguments, then calls Slack (retrying only what the
            /// client's retry policy allows).
            pub async fn send(self) -> ::std::result::Result<#response, #client::Error<#error>> {
                self.client.call(&self.request).await
            }
            #items
        }

        impl<'a> ::std::future::IntoFuture for #name<'a> {
            type Output = ::std::result::Result<#response, #client::Error<#error>>;
            type IntoFuture = #client::CallFuture<'a, #response, #error>;

            fn into_future(self) -> Self::IntoFuture {
                ::std::boxed::Box::pin(self.send())
            }
        }
    }
}
