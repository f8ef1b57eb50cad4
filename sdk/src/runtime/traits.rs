//! Traits the generated request, response and error types implement, so the client can be generic.

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::{InvalidArgument, MethodMeta};

/// A method's error enum: one variant per documented code plus a catch-all.
pub trait ApiError:
    std::error::Error + Clone + PartialEq + Eq + std::hash::Hash + Send + Sync + 'static
{
    /// Every code documented for the method: the generated enums list their own codes, then the
    /// common ones.
    const CODES: &'static [&'static str];
    /// The variant for a wire code; codes the spec does not list become the catch-all.
    fn from_code(code: &str) -> Self;
    /// The wire code.
    fn code(&self) -> &str;
    /// The documented description, or a note that the code is undocumented. (Not called
    /// `description`, which would be ambiguous with the deprecated `std::error::Error` method.)
    fn error_description(&self) -> &'static str;
    /// False for the catch-all variant.
    fn is_documented(&self) -> bool;
    /// Whether the same request may succeed if sent again later (the spec's `retryable`).
    fn is_retryable(&self) -> bool;
}

/// A method's request: knows its method, response and error types, and checks itself.
pub trait ApiRequest: Serialize + Send + Sync {
    /// The success response.
    type Response: DeserializeOwned + Send + 'static;
    /// The method's error enum.
    type Error: ApiError;
    /// The method's metadata.
    const METHOD: &'static MethodMeta;
    /// Checks every constraint the spec records, before anything is sent.
    fn validate(&self) -> Result<(), InvalidArgument>;
}

/// A request of a cursor-paginated method.
pub trait PaginatedRequest: ApiRequest<Response: PaginatedResponse> + Clone {
    /// Sets the cursor of the page to fetch (`None` for the first page).
    fn set_cursor(&mut self, cursor: Option<String>);
    /// Sets the page size.
    fn set_page_size(&mut self, size: i64);
}

/// A response of a cursor-paginated method.
pub trait PaginatedResponse {
    /// One item of a page.
    type Item;
    /// The cursor of the next page; `None` when this is the last page (Slack sends `""`).
    fn next_cursor(&self) -> Option<&str>;
    /// The page's items.
    fn into_items(self) -> Vec<Self::Item>;
}

/// Something done with a method's request type, chosen by the method's wire name at run time
/// through the generated `dynamic::visit_method`: code that must cover every method (a fuzz
/// target decoding each method's responses, a table of types) needs no change when the spec
/// gains a method.
pub trait MethodVisitor {
    /// What the visit gives back.
    type Output;
    /// Called with the method's request type; `R::METHOD`, `R::Response` and `R::Error` give the rest.
    fn visit<R>(self) -> Self::Output
    where
        R: ApiRequest + serde::de::DeserializeOwned,
        R::Response: Serialize;
}
