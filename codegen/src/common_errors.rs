//! The spec's common errors lowered to IR form, for the one `CommonError` enum.
//!
//! Methods' error lists (`MethodIr::errors`) hold the common codes each method accepts, merged
//! with its own; this is the shared list itself, so a common code that every method overrides
//! still has its common description. Names come from the same rule as the methods' variants, so
//! a method's `InvalidAuth` and `CommonError::InvalidAuth` always agree.

use crate::ir::{ErrorIr, SpecAt};
use crate::model::Spec;
use crate::naming;

/// Every common error of the spec, ordered by code like the methods' error lists; called by
/// [`crate::ir::lower`] for [`crate::ir::Ir::common_errors`].
pub fn lower(spec: &Spec) -> Vec<ErrorIr> {
    let mut errors: Vec<ErrorIr> = spec
        .common_errors
        .iter()
        .enumerate()
        .map(|(i, e)| ErrorIr {
            at: SpecAt::new(&spec.errors_file, format!("common_errors[{i}]")),
            code: e.code.clone(),
            variant: naming::type_name(&e.code),
            description: e.description.clone(),
            common: true,
            retryable: e.retryable,
        })
        .collect();
    errors.sort_by(|a, b| a.code.cmp(&b.code));
    errors
}
