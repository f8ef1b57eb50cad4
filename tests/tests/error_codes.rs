//! Every documented error code of every method decodes from a real `ok: false` body into its own
//! variant; an unknown code lands in the catch-all with the code kept.

use std::collections::BTreeSet;

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
        check_method::<ConversationsAcceptSharedInviteRequest>(),
        check_method::<ConversationsApproveSharedInviteRequest>(),
        check_method::<ConversationsDeclineSharedInviteRequest>(),
        check_method::<ConversationsInviteSharedRequest>(),
        check_method::<ConversationsListConnectInvitesRequest>(),
        check_method::<ConversationsRequestSharedInviteApproveRequest>(),
        check_method::<ConversationsRequestSharedInviteDenyRequest>(),
        check_method::<ConversationsRequestSharedInviteListRequest>(),
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
        ConversationsRequestSharedInviteListError::InternalError.description(),
        "Something unexpected went wrong."
    );
    assert_eq!(
        ConversationsListConnectInvitesError::InvalidArguments.description(),
        "An invalid argument was supplied to the method."
    );
    // Where the method does not override it, the common description stands.
    assert!(ConversationsInviteSharedError::InternalError
        .description()
        .starts_with("The server could not complete your operation(s)"));
}

#[test]
fn documented_quirks_are_kept() {
    let placeholder = ConversationsRequestSharedInviteListError::from_code("not_implemented");
    assert_eq!(
        placeholder,
        ConversationsRequestSharedInviteListError::NotImplemented
    );
    assert_eq!(
        placeholder.description(),
        "its not implemented! TODO: remove me"
    );
    // `ratelimit` (per-user, method-specific) and `ratelimited` (HTTP 429, common) are distinct.
    assert_ne!(
        ConversationsInviteSharedError::from_code("ratelimit"),
        ConversationsInviteSharedError::from_code("ratelimited")
    );
}

#[test]
fn error_enums_match_exhaustively() {
    // A compile-time property shown at run time: a match with no wildcard arm must name every
    // variant, so a new documented code breaks this function until it is handled.
    fn retryable(error: &ConversationsRequestSharedInviteDenyError) -> bool {
        use ConversationsRequestSharedInviteDenyError as E;
        match error {
            E::Ratelimited
            | E::ServiceUnavailable
            | E::InternalError
            | E::FatalError
            | E::RequestTimeout => true,
            E::AccessDenied
            | E::Accesslimited
            | E::AccountInactive
            | E::ChannelNotFound
            | E::DeprecatedEndpoint
            | E::EkmAccessDenied
            | E::EnterpriseIsRestricted
            | E::InvalidArgName
            | E::InvalidArguments
            | E::InvalidArrayArg
            | E::InvalidAuth
            | E::InvalidCharset
            | E::InvalidFormData
            | E::InvalidJson
            | E::InvalidPostType
            | E::InviteAlreadyApproved
            | E::InviteAlreadyDenied
            | E::InviteExpired
            | E::InviteNotFound
            | E::JsonNotObject
            | E::MessageTooLong
            | E::MethodDeprecated
            | E::MissingPostType
            | E::MissingScope
            | E::NoPermission
            | E::NotAllowedTokenType
            | E::NotAuthed
            | E::OrgLoginRequired
            | E::RestrictedAction
            | E::TeamAccessNotGranted
            | E::TeamAddedToOrg
            | E::TeamNotFound
            | E::TokenExpired
            | E::TokenRevoked
            | E::TwoFactorSetupRequired
            | E::UserNotFound
            | E::Unknown(_) => false,
        }
    }
    assert!(retryable(
        &ConversationsRequestSharedInviteDenyError::from_code("ratelimited")
    ));
    assert!(!retryable(
        &ConversationsRequestSharedInviteDenyError::from_code("invite_expired")
    ));
}
