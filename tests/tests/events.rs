//! The documented event examples decode into their generated types, losslessly; other event
//! types are kept as JSON.

use serde::Serialize;
use serde_json::Value;
use slack_connect::{Event, InviteId, TeamId};

fn sample(name: &str) -> Value {
    let path = format!("{}/data/samples/events/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap_or_else(|e| panic!("{path}: {e}"))
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
