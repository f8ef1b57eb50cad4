//! Every documented error code of every method decodes from a real `ok: false` body into its own
//! variant; an unknown code lands in the catch-all with the code kept.

use std::collections::BTreeSet;

use slack_connect::conversations::request_shared_invite::{approve, deny, list};
use slack_connect::conversations::{
    accept_shared_invite, approve_shared_invite, decline_shared_invite, invite_shared,
    list_connect_invites,
};
use slack_connect::runtime::{decode, ApiError, ApiRequest, Decoded};
use slack_connect::*;

fn check_method<R: ApiRequest>() -> &'static str {
    let codes = R::Error::CODES;
    assert!(!codes.is_empty(), "{} documents errors", R::METHOD.name);
    let mut variants = BTreeSet::new();
    for &code in codes {
        let body = format!(r#"{{"ok":false,"error":"{code}"}}"#);
        let decoded = decode::<R::Response, R::Error>(body.as_bytes()).expect("decodes");
        let Decoded::Failure(failure) = decoded else {
            panic!("{}: `{code}` decoded as a success", R::METHOD.name);
        };
        let error = failure.error;
        assert_eq!(error.code(), code);
        assert!(
            error.is_documented(),
            "{}: `{code}` fell into the catch-all",
            R::METHOD.name
        );
        assert!(!error.error_description().is_empty());
        assert!(error.to_string().starts_with(&format!("{code}: ")));
        variants.insert(format!("{error:?}"));
    }
    assert_eq!(
        variants.len(),
        codes.len(),
        "{}: two codes share a variant",
        R::METHOD.name
    );

    let body = br#"{"ok":false,"error":"brand_new_code","needed":"x","provided":"y"}"#;
    let Ok(Decoded::Failure(failure)) = decode::<R::Response, R::Error>(body) else {
        panic!("an unknown code is still a failure");
    };
    assert!(!failure.error.is_documented());
    assert_eq!(failure.error.code(), "brand_new_code");
    assert_eq!(failure.error, R::Error::from_code("brand_new_code"));
    assert!(format!("{:?}", failure.error).contains("Unknown(\"brand_new_code\")"));
    assert_eq!(failure.envelope.needed.as_deref(), Some("x"));
    R::METHOD.name
}

#[test]
fn every_documented_code_of_every_method_has_its_own_variant() {
    let checked: BTreeSet<&str> = [
        check_method::<accept_shared_invite::Request>(),
        check_method::<approve_shared_invite::Request>(),
        check_method::<decline_shared_invite::Request>(),
        check_method::<invite_shared::Request>(),
        check_method::<list_connect_invites::Request>(),
        check_method::<approve::Request>(),
        check_method::<deny::Request>(),
        check_method::<list::Request>(),
    ]
    .into();
    let registry: BTreeSet<&str> = METHODS.iter().map(|m| m.name).collect();
    assert_eq!(
        checked, registry,
        "every method in the registry is checked here"
    );
}

#[test]
fn method_specific_descriptions_win_over_common_ones() {
    assert_eq!(
        list::Error::InternalError.description(),
        "Something unexpected went wrong."
    );
    assert_eq!(
        list_connect_invites::Error::InvalidArguments.description(),
        "An invalid argument was supplied to the method."
    );
    // Where the method does not override it, the common description stands.
    assert!(invite_shared::Error::InternalError
        .description()
        .starts_with("The server could not complete your operation(s)"));
}

#[test]
fn documented_quirks_are_kept() {
    let placeholder = list::Error::from_code("not_implemented");
    assert_eq!(placeholder, list::Error::NotImplemented);
    assert_eq!(
        placeholder.description(),
        "its not implemented! TODO: remove me"
    );
    // `ratelimit` (per-user, method-specific) and `ratelimited` (HTTP 429, common) are distinct.
    assert_ne!(
        invite_shared::Error::from_code("ratelimit"),
        invite_shared::Error::from_code("ratelimited")
    );
}

#[test]
fn retryable_codes_are_the_ones_the_spec_marks() {
    // The spec marks codes for which Slack did not act on the request; `is_retryable` and the
    // call error's `is_retryable` follow it, and nothing else is retryable.
    let errors: serde_json::Value =
        serde_json::from_str(include_str!("../../spec/shared/errors.json")).unwrap();
    let marked: BTreeSet<&str> = errors["common_errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["retryable"] == serde_json::Value::Bool(true))
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert!(marked.contains("service_unavailable") && marked.contains("ratelimited"));
    for &code in deny::Error::CODES {
        let error = deny::Error::from_code(code);
        assert_eq!(error.is_retryable(), marked.contains(code), "{code}");
        assert_eq!(
            ApiError::is_retryable(&error),
            marked.contains(code),
            "{code}"
        );
    }
    assert!(!deny::Error::from_code("no_such_code").is_retryable());
}
