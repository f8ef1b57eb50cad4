//! The documented event examples decode into their generated types, losslessly; other event
//! types are kept as JSON.

use serde::Serialize;
use serde_json::Value;
use slack_connect::{
    Delivery, Event, InviteId, SharedChannelInviteRequestedWorkflowTrigger, TeamId,
};

fn sample(name: &str) -> Value {
    serde_json::from_str(&sample_text(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn sample_text(name: &str) -> String {
    let path = format!("{}/data/samples/events/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The documented Events API deliveries, as printed: not valid JSON, because of a trailing comma
/// after the last field of `authorizations[0]`.
fn documented_delivery(name: &str) -> (String, Value) {
    let printed = sample_text(&format!("{name}.events-api-envelope.txt"));
    assert!(
        serde_json::from_str::<Value>(&printed).is_err(),
        "the docs' typo was fixed"
    );
    let fixed = printed.replace(
        "\"is_enterprise_install\": false,\n",
        "\"is_enterprise_install\": false\n",
    );
    let value = serde_json::from_str(&fixed).unwrap_or_else(|e| panic!("{name}: {e}"));
    (fixed, value)
}

/// Re-encoding the typed event gives back the documented JSON, minus the `type` tag.
fn lossless<T: Serialize>(event: &T, documented: &Value) {
    let mut expected = documented.clone();
    expected.as_object_mut().unwrap().remove("type");
    assert_eq!(
        serde_json::to_value(event).unwrap(),
        expected,
        "a documented field is not modelled"
    );
}

#[test]
fn every_documented_event_decodes_into_its_variant_without_loss() {
    let mut seen = Vec::new();
    for name in [
        "channel_unshared",
        "shared_channel_invite_accepted",
        "shared_channel_invite_approved",
        "shared_channel_invite_declined",
        "shared_channel_invite_received",
        "shared_channel_invite_requested",
    ] {
        let documented = sample(&format!("{name}.json"));
        let event = Event::from_value(documented.clone()).unwrap();
        assert_eq!(event.event_type(), name);
        match &event {
            Event::ChannelUnshared(e) => {
                assert_eq!(e.previously_connected_team_id, TeamId::from("E163Q94DX"));
                assert_eq!(e.is_ext_shared, Some(false));
                lossless(e, &documented);
            }
            Event::SharedChannelInviteAccepted(e) => {
                assert_eq!(e.approval_required, Some(false));
                assert_eq!(e.invite.id, Some(InviteId::from("I028YDERZSQ")));
                lossless(e, &documented);
            }
            Event::SharedChannelInviteApproved(e) => {
                assert!(e.approving_team_id.is_some());
                lossless(e, &documented);
            }
            Event::SharedChannelInviteDeclined(e) => {
                assert!(e.declining_user.is_some());
                lossless(e, &documented);
            }
            Event::SharedChannelInviteReceived(e) => {
                assert!(e.invite.inviting_team.is_some());
                lossless(e, &documented);
            }
            Event::SharedChannelInviteRequested(e) => {
                let target = &e.target_users.as_ref().unwrap()[0];
                assert_eq!(target.invite_id, Some(InviteId::from("I01234ABC")));
                assert_eq!(
                    e.teams_in_channel.as_ref().unwrap()[0].id,
                    Some(TeamId::from("E01234ABC"))
                );
                lossless(e, &documented);
            }
            Event::Other(value) => panic!("{name} decoded as unknown: {value}"),
            other => panic!("{name} decoded as a variant this test does not know: {other:?}"),
        }
        seen.push(name);
    }
    assert_eq!(seen, Event::TYPES);
}

#[test]
fn unknown_types_are_kept_and_missing_types_are_errors() {
    let other = Event::from_slice(br#"{"type":"channel_created","channel":{"id":"C1"}}"#).unwrap();
    assert_eq!(other.event_type(), "channel_created");
    assert!(matches!(&other, Event::Other(value) if value["channel"]["id"] == "C1"));
    // The workflow-trigger payload has no `type`: it is not an Events API event.
    let trigger = sample("shared_channel_invite_requested.workflow-trigger.json");
    assert!(Event::from_value(trigger)
        .unwrap_err()
        .to_string()
        .contains("missing field `type`"));
    // A known type with the wrong shape is an error, not a silent `Other`.
    let broken = Event::from_slice(br#"{"type":"shared_channel_invite_received","invite":[]}"#);
    assert!(broken.is_err());
    // `Event` also deserializes inside other types.
    let wrapped: Vec<Event> = serde_json::from_str(r#"[{"type":"x"}]"#).unwrap();
    assert_eq!(wrapped[0].event_type(), "x");
}

#[test]
fn fixture_events_decode_with_keyword_fields() {
    use slack_connect_tests::fixtures::basic::Event as FixtureEvent;
    let event = FixtureEvent::from_slice(
        br#"{"type":"widget_created","widget":{"id":"W1"},"by":{"type":"robot"}}"#,
    )
    .unwrap();
    let FixtureEvent::WidgetCreated(created) = event else {
        panic!("a widget_created event")
    };
    assert_eq!(created.by.unwrap().r#type.as_deref(), Some("robot"));
    assert_eq!(FixtureEvent::TYPES, ["widget_created"]);
}

#[test]
fn the_documented_events_api_deliveries_decode_without_loss() {
    for name in [
        "shared_channel_invite_received",
        "shared_channel_invite_requested",
    ] {
        let (text, documented) = documented_delivery(name);
        let delivery = Delivery::from_slice(text.as_bytes()).unwrap();
        assert_eq!(delivery.delivery_type(), "event_callback");
        let Delivery::EventCallback(callback) = &delivery else {
            panic!("{name}: not an event_callback: {delivery:?}")
        };
        assert_eq!(callback.event.event_type(), name);
        assert!(!matches!(*callback.event, Event::Other(_)), "{name}");
        assert_eq!(callback.event_id, "Ev123ABC456");
        assert_eq!(callback.team_id, TeamId::from("T123ABC456"));
        let authorization = &callback.authorizations.as_ref().unwrap()[0];
        assert_eq!(authorization.is_enterprise_install, Some(false));
        // Re-encoding gives back the documented JSON, both `type` tags included.
        assert_eq!(
            serde_json::to_value(&delivery).unwrap(),
            documented,
            "{name}"
        );
        // The verification token decodes, re-encodes, and never prints.
        assert_eq!(callback.token.as_ref().unwrap().expose(), "XXYYZZ");
        assert!(!format!("{delivery:?}").contains("XXYYZZ"));
    }
}

#[test]
fn the_workflow_trigger_shape_of_invite_requested_decodes_without_loss() {
    let documented = sample("shared_channel_invite_requested.workflow-trigger.json");
    let trigger: SharedChannelInviteRequestedWorkflowTrigger =
        serde_json::from_value(documented.clone()).unwrap();
    let target = &trigger.target_users.as_ref().unwrap()[0];
    assert_eq!(target.invite_id, Some(InviteId::from("I0123456ABC")));
    assert_eq!(trigger.channel_type.as_deref(), Some("public"));
    assert_eq!(trigger.actor.as_ref().unwrap().is_bot, Some(false));
    assert_eq!(serde_json::to_value(&trigger).unwrap(), documented);
}

#[test]
fn url_verification_app_rate_limited_and_unknown_deliveries() {
    // The examples on the url_verification and app_rate_limited reference pages.
    let challenge = Delivery::from_slice(
        br#"{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}"#,
    )
    .unwrap();
    let Delivery::UrlVerification(verification) = &challenge else {
        panic!("{challenge:?}")
    };
    assert_eq!(
        verification.challenge,
        "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
    );
    assert!(!format!("{challenge:?}").contains("Jhj5dZrVaK7ZwHHjRyZWjbDl"));
    let limited = Delivery::from_slice(
        br#"{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","type":"app_rate_limited","team_id":"T123456","minute_rate_limited":1518467820,"api_app_id":"A123456"}"#,
    )
    .unwrap();
    assert!(matches!(&limited, Delivery::AppRateLimited(l) if l.minute_rate_limited == 1518467820));
    // A delivery type the spec does not list is kept whole.
    let other = Delivery::from_slice(br#"{"type":"block_suggestion","value":"x"}"#).unwrap();
    assert_eq!(other.delivery_type(), "block_suggestion");
    assert_eq!(
        serde_json::to_value(&other).unwrap(),
        serde_json::json!({"type": "block_suggestion", "value": "x"})
    );
    // An event_callback missing its event is an error naming the field, not an `Other`.
    let error = Delivery::from_slice(br#"{"type":"event_callback","team_id":"T1","api_app_id":"A1","event_id":"Ev1","event_time":1}"#)
        .unwrap_err()
        .to_string();
    assert!(error.contains("missing field `event`"), "{error}");
    assert_eq!(
        Delivery::TYPES,
        ["event_callback", "url_verification", "app_rate_limited"]
    );
}

#[test]
fn events_encode_with_their_type() {
    let documented = sample("shared_channel_invite_accepted.json");
    let event = Event::from_value(documented.clone()).unwrap();
    assert_eq!(serde_json::to_value(&event).unwrap(), documented);
    let other = Event::from_slice(br#"{"type":"channel_created","n":1}"#).unwrap();
    assert_eq!(other.to_value().unwrap()["n"], 1);
}
