//! Every documented error code of every method decodes from a real `ok: false` body into its own
//! variant; an unknown code lands in the catch-all with the code kept.

use std::collections::BTreeSet;

use slack_connect::admin::conversations::disconnect_shared;
use slack_connect::conversations::external_invite_permissions::set as external_invite_permissions_set;
use slack_connect::conversations::request_shared_invite::{approve, deny, list};
use slack_connect::conversations::{
    accept_shared_invite, approve_shared_invite, decline_shared_invite, invite_shared,
    list_connect_invites,
};
use slack_connect::runtime::{decode, ApiError, ApiRequest, Decoded};
use slack_connect::team::external_teams::{
    disconnect as external_teams_disconnect, list as external_teams_list,
};
use slack_connect::users::discoverable_contacts::lookup as discoverable_contacts_lookup;
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
        check_method::<slack_connect::apps::connections::open::Request>(),
        check_method::<accept_shared_invite::Request>(),
        check_method::<approve_shared_invite::Request>(),
        check_method::<decline_shared_invite::Request>(),
        check_method::<invite_shared::Request>(),
        check_method::<list_connect_invites::Request>(),
        check_method::<approve::Request>(),
        check_method::<deny::Request>(),
        check_method::<list::Request>(),
        check_method::<disconnect_shared::Request>(),
        check_method::<external_invite_permissions_set::Request>(),
        check_method::<external_teams_disconnect::Request>(),
        check_method::<external_teams_list::Request>(),
        check_method::<discoverable_contacts_lookup::Request>(),
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
    for &code in CommonError::CODES {
        let common = CommonError::from_code(code).unwrap();
        assert_eq!(common.is_retryable(), marked.contains(code), "{code}");
    }
}

/// Every common code decodes, from a real body, to the method's own variant whose `common()` is
/// the matching `CommonError`; `From<CommonError>` gives that same variant; the method's own
/// codes are not common.
fn check_common_codes<R: ApiRequest>(common: fn(&R::Error) -> Option<CommonError>)
where
    R::Error: From<CommonError>,
{
    let name = R::METHOD.name;
    for &code in CommonError::CODES {
        let expected = CommonError::from_code(code).expect("a common code");
        let body = format!(r#"{{"ok":false,"error":"{code}"}}"#);
        let Ok(Decoded::Failure(failure)) = decode::<R::Response, R::Error>(body.as_bytes()) else {
            panic!("{name}: `{code}` is not a failure");
        };
        assert!(failure.error.is_documented(), "{name}: `{code}`");
        assert_eq!(common(&failure.error), Some(expected), "{name}: `{code}`");
        assert_eq!(R::Error::from(expected), failure.error, "{name}: `{code}`");
        assert_eq!(failure.error.code(), expected.code());
    }
    for &code in R::Error::CODES {
        if CommonError::from_code(code).is_none() {
            assert_eq!(common(&R::Error::from_code(code)), None, "{name}: `{code}`");
        }
    }
    assert_eq!(common(&R::Error::from_code("brand_new_code")), None);
}

#[test]
fn common_codes_decode_to_the_method_variant_of_the_common_error() {
    check_common_codes::<accept_shared_invite::Request>(accept_shared_invite::Error::common);
    check_common_codes::<approve_shared_invite::Request>(approve_shared_invite::Error::common);
    check_common_codes::<decline_shared_invite::Request>(decline_shared_invite::Error::common);
    check_common_codes::<invite_shared::Request>(invite_shared::Error::common);
    check_common_codes::<list_connect_invites::Request>(list_connect_invites::Error::common);
    check_common_codes::<approve::Request>(approve::Error::common);
    check_common_codes::<deny::Request>(deny::Error::common);
    check_common_codes::<list::Request>(list::Error::common);
    // A `match` names the common variant directly on the method's enum.
    let error = deny::Error::from_code(CommonError::InvalidAuth.code());
    assert!(matches!(error, deny::Error::InvalidAuth));
    assert_eq!(error.common(), Some(CommonError::InvalidAuth));
}

#[test]
fn an_overriding_method_keeps_its_description_for_a_common_code() {
    // `conversations.requestSharedInvite.list` documents its own `internal_error` text.
    let overridden = list::Error::from_code(CommonError::InternalError.code());
    assert_eq!(overridden, list::Error::InternalError);
    assert_eq!(overridden.common(), Some(CommonError::InternalError));
    assert_eq!(overridden.description(), "Something unexpected went wrong.");
    assert_ne!(
        overridden.description(),
        CommonError::InternalError.description()
    );
    assert_eq!(
        overridden.to_string(),
        "internal_error: Something unexpected went wrong."
    );
    // A method that does not override it shows the common text.
    let plain = invite_shared::Error::from(CommonError::InternalError);
    assert_eq!(
        plain.description(),
        CommonError::InternalError.description()
    );
    assert_eq!(plain.to_string(), CommonError::InternalError.to_string());
}

#[test]
fn the_common_error_enum_round_trips_every_code() {
    let errors: serde_json::Value =
        serde_json::from_str(include_str!("../../spec/shared/errors.json")).unwrap();
    let spec: BTreeSet<&str> = errors["common_errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    let generated: BTreeSet<&str> = CommonError::CODES.iter().copied().collect();
    assert_eq!(generated, spec);
    assert_eq!(generated.len(), CommonError::CODES.len(), "no code twice");
    for &code in CommonError::CODES {
        let error = CommonError::from_code(code).expect("decodes");
        assert_eq!(error.code(), code);
        assert!(!error.description().is_empty());
        assert_eq!(
            error.to_string(),
            format!("{code}: {}", error.description())
        );
    }
    assert_eq!(CommonError::from_code("brand_new_code"), None);
    assert_eq!(CommonError::from_code("invite_not_found"), None);
}
