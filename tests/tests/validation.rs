//! Generated `validate()` methods enforce the spec's constraints and name the argument and rule;
//! generated serde names follow the wire names, Rust keywords included.

use slack_connect::conversations::accept_shared_invite;
use slack_connect::conversations::invite_shared;
use slack_connect::conversations::list_connect_invites;
use slack_connect::conversations::request_shared_invite::approve;
use slack_connect::conversations::request_shared_invite::deny;
use slack_connect::conversations::request_shared_invite::list;
use slack_connect::runtime::{
    ApiRequest, InvalidArgument, PaginatedRequest, PaginatedResponse, Rule,
};
use slack_connect::*;
use slack_connect_tests::fixtures::basic::widgets::list::{
    Request as WidgetsListRequest, Response as WidgetsListResponse,
};
use slack_connect_tests::fixtures::basic::{self, Label};

fn invalid(result: Result<(), InvalidArgument>) -> (String, Rule) {
    let error = result.expect_err("the request should be invalid");
    (error.argument.into_owned(), error.rule)
}

#[test]
fn invite_shared_needs_exactly_one_recipient() {
    let channel = ChannelId::from("C1234567890");
    let neither = invite_shared::Request::new(channel.clone());
    assert_eq!(
        invalid(neither.validate()),
        (
            "emails|user_ids".into(),
            Rule::ExactlyOneOf {
                arguments: &["emails", "user_ids"],
                given: 0
            }
        )
    );
    let both = invite_shared::Request::new(channel.clone())
        .emails(["a@example.com"])
        .user_ids(["U1"]);
    assert_eq!(
        invalid(both.validate()).1,
        Rule::ExactlyOneOf {
            arguments: &["emails", "user_ids"],
            given: 2
        }
    );
    let two_emails =
        invite_shared::Request::new(channel.clone()).emails(["a@example.com", "b@example.com"]);
    assert_eq!(
        invalid(two_emails.validate()),
        ("emails".into(), Rule::TooManyItems { max: 1, actual: 2 })
    );
    let one = invite_shared::Request::new(channel)
        .user_ids([UserId::from("U1")])
        .external_limited(false);
    assert_eq!(one.validate(), Ok(()));
}

#[test]
fn approve_message_text_is_limited_to_560_characters() {
    let ok = approve::Request::new("I1").message(ApproveMessage::new("é".repeat(560), true));
    assert_eq!(ok.validate(), Ok(()));
    let long = approve::Request::new("I1").message(ApproveMessage::new("x".repeat(561), false));
    let error = long.validate().unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid argument `message.text`: must be at most 560 characters long (got 561)"
    );
    let deny = deny::Request::new("I1").message("y".repeat(561));
    assert_eq!(
        invalid(deny.validate()),
        (
            "message".into(),
            Rule::TooLong {
                max: 560,
                actual: 561
            }
        )
    );
}

#[test]
fn list_limits_and_invite_id_counts_are_checked() {
    let request = |limit| list::Request::new().limit(limit);
    assert_eq!(request(1).validate(), Ok(()));
    assert_eq!(request(1000).validate(), Ok(()));
    assert_eq!(
        invalid(request(0).validate()),
        (
            "limit".into(),
            Rule::OutOfRange {
                min: Some(1),
                max: Some(1000),
                actual: 0
            }
        )
    );
    assert!(request(1001).validate().is_err());
    let too_many = list::Request::new().invite_ids((0..1001).map(|i| format!("I{i}")));
    assert_eq!(
        invalid(too_many.validate()),
        (
            "invite_ids".into(),
            Rule::TooManyItems {
                max: 1000,
                actual: 1001
            }
        )
    );
    let empty = list::Request::new().invite_ids(Vec::<InviteId>::new());
    assert_eq!(
        invalid(empty.validate()).1,
        Rule::TooFewItems { min: 1, actual: 0 }
    );
    let count = list_connect_invites::Request::new().count(501);
    assert_eq!(invalid(count.validate()).0, "count");
}

#[test]
fn accept_needs_an_invite_or_a_channel() {
    let neither = accept_shared_invite::Request::new("puppies-r-us");
    assert_eq!(
        invalid(neither.validate()).1,
        Rule::AtLeastOneOf {
            arguments: &["invite_id", "channel_id"]
        }
    );
    let both = accept_shared_invite::Request::new("puppies-r-us")
        .invite_id("I1")
        .channel_id("C1");
    assert_eq!(both.validate(), Ok(()));
}

#[test]
fn requests_serialize_with_wire_names_and_skip_unset_arguments() {
    let request = approve::Request::new("I1")
        .is_external_limited(true)
        .message(ApproveMessage::new("hello", true));
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        serde_json::json!({"invite_id": "I1", "is_external_limited": true, "message": {"text": "hello", "is_override": true}})
    );
    // And parse back, as a server would.
    let parsed: approve::Request =
        serde_json::from_value(serde_json::json!({"invite_id": "I1"})).unwrap();
    assert_eq!(parsed, approve::Request::new("I1"));
    // A required argument is required when parsing too.
    assert!(serde_json::from_value::<approve::Request>(serde_json::json!({})).is_err());
}

#[test]
fn fixture_checks_nested_objects_with_their_path() {
    let base = || WidgetsListRequest::new("W1").name("abc").ids(["W2"]);
    assert_eq!(base().validate(), Ok(()));
    let labels = base().labels(vec![Label::new("ok"), Label::new("too long")]);
    assert_eq!(
        invalid(labels.validate()),
        ("labels[1].text".into(), Rule::TooLong { max: 5, actual: 8 })
    );
    let colour = base().label(Label::new("ok").colour("blue"));
    let (argument, rule) = invalid(colour.validate());
    assert_eq!(argument, "label.colour");
    assert!(matches!(
        rule,
        Rule::NotAllowed {
            allowed: &["red", "green"],
            ..
        }
    ));
    assert_eq!(invalid(base().r#type("huge").validate()).0, "type");
    assert_eq!(
        invalid(base().name("a").validate()).1,
        Rule::TooShort { min: 2, actual: 1 }
    );
    let no_filter = WidgetsListRequest::new("W1").name("abc");
    assert_eq!(
        invalid(no_filter.validate()).1,
        Rule::AtLeastOneOf {
            arguments: &["ids", "label"]
        }
    );
}

#[test]
fn fixture_keyword_fields_keep_their_wire_names() {
    let request = WidgetsListRequest::new("W1")
        .r#type("big")
        .email("e@example.com")
        .label(Label::new("x"));
    let json = serde_json::to_value(&request).unwrap();
    assert_eq!(json["type"], "big");
    let response: WidgetsListResponse = serde_json::from_value(serde_json::json!({
        "widgets": [{"id": "W1", "type": "gear", "weight": 1.5, "extra": {"any": [1]}, "unmodelled": true}],
        "response_metadata": {"next_cursor": ""}
    }))
    .unwrap();
    assert_eq!(response.widgets[0].r#type.as_deref(), Some("gear"));
    assert_eq!(
        response.next_cursor(),
        None,
        "an empty cursor ends the pages"
    );
}

#[test]
fn pagination_traits_drive_cursor_and_page_size() {
    let mut request = list::Request::new();
    request.set_cursor(Some("abc=".into()));
    request.set_page_size(50);
    assert_eq!(request.cursor.as_deref(), Some("abc="));
    assert_eq!(request.limit, Some(50));
    let mut connect = list_connect_invites::Request::new();
    connect.set_page_size(7);
    assert_eq!(
        connect.count,
        Some(7),
        "listConnectInvites pages with `count`"
    );
    assert_eq!(
        <list_connect_invites::Request as ApiRequest>::METHOD
            .pagination
            .unwrap()
            .limit_argument,
        "count"
    );
}

#[test]
fn method_metadata_records_the_decisions() {
    use slack_connect::runtime::{ContentType, HttpMethod, RateLimitTier};
    let decline = &slack_connect::conversations::decline_shared_invite::METHOD;
    assert_eq!(
        decline.http_method,
        HttpMethod::Post,
        "documented GET, sent as POST (see the spec's decisions)"
    );
    assert_eq!(decline.rate_limit_tier, RateLimitTier::Tier3);
    assert_eq!(decline.encoding(), ContentType::Form);
    let list = &slack_connect::conversations::request_shared_invite::list::METHOD;
    assert_eq!(list.encoding(), ContentType::Json);
    assert_eq!(list.bot_scopes, ["conversations.connect:manage"]);
    let limit = list.argument("limit").unwrap();
    assert_eq!(
        (limit.constraints.minimum, limit.constraints.maximum),
        (Some(1), Some(1000))
    );
    let approve = &slack_connect::conversations::request_shared_invite::approve::METHOD;
    let text = approve
        .argument("message")
        .and_then(|m| m.field("text"))
        .unwrap();
    assert_eq!(text.constraints.max_length, Some(560));
    assert!(text.required);
    assert_eq!(METHODS.len(), 14);
    assert!(
        METHODS.windows(2).all(|w| w[0].name < w[1].name),
        "ordered by wire name"
    );
    assert_eq!(basic::METHODS.len(), 2);
    assert_eq!(
        basic::widgets::self_::METHOD.rate_limit_tier,
        RateLimitTier::Special
    );
}

#[test]
fn a_named_choice_sets_exactly_one_argument() {
    use slack_connect::conversations::invite_shared::Recipient;
    let by_email =
        invite_shared::Request::new("C1").recipient(Recipient::Email("a@example.com".into()));
    assert_eq!(by_email.validate(), Ok(()));
    assert_eq!(
        serde_json::to_value(&by_email).unwrap(),
        serde_json::json!({"channel": "C1", "emails": ["a@example.com"]})
    );
    // Choosing again replaces the earlier choice instead of adding to it.
    let switched = by_email
        .emails(["b@example.com"])
        .recipient(Recipient::UserId(UserId::from("U1")));
    assert_eq!(
        (switched.emails.clone(), switched.user_ids.clone()),
        (None, Some(vec![UserId::from("U1")]))
    );
    assert_eq!(switched.validate(), Ok(()));

    use slack_connect_tests::fixtures::basic::widgets::list::Contact as WidgetsListContact;
    let contact = WidgetsListRequest::new("W1")
        .ids(["W2"])
        .name("ab")
        .contact(WidgetsListContact::Email("e".into()));
    assert_eq!((contact.name, contact.email.as_deref()), (None, Some("e")));
}
