//! Reading Slack's frames and writing acknowledgements. The frame types are generated from the
//! spec (`shared/socket_mode.json`) and re-exported here.

pub use crate::generated::socket_frames::*;

use serde_json::Value;

use crate::generated::events::{Delivery, EventCallback};

/// The largest text frame read; Slack's envelopes are a few kilobytes.
pub const MAX_FRAME_BYTES: usize = 1 << 20;

/// What a text frame asks the connection to do, once decoded.
#[derive(Debug)]
pub(crate) enum Action {
    /// The connection is ready.
    Hello(Hello),
    /// An Events API delivery to hand to the handler (already acknowledged).
    Event(Box<EventCallback>),
    /// Slack will close the connection, for this reason.
    Disconnect(DisconnectReason),
    /// Nothing to do: an envelope of another type (acknowledged), or a delivery that is not an
    /// `event_callback`.
    Skip {
        /// The frame's `type`, for the log.
        frame_type: String,
    },
}

/// Why a frame was skipped without being understood; for the log.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Malformed {
    /// What was wrong, without the frame's content.
    pub reason: String,
    /// The frame's `envelope_id`, if it had one: the frame is still acknowledged.
    pub envelope_id: Option<String>,
}

/// The envelope ID to acknowledge, if the JSON has one.
pub(crate) fn envelope_id(value: &Value) -> Option<String> {
    value
        .get(Acknowledgement::ENVELOPE_ID)
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// The acknowledgement of `envelope_id`, as the JSON text to send.
pub(crate) fn acknowledgement(envelope_id: &str) -> String {
    serde_json::to_string(&Acknowledgement::new(envelope_id)).unwrap_or_else(|_| String::from("{}"))
}

/// Parses a text frame: `Ok` with the envelope ID to acknowledge (if any) and what to do, or
/// `Err` when it is not a frame (the envelope ID is still given when one could be read).
pub(crate) fn decode(text: &str) -> Result<(Option<String>, Action), Malformed> {
    let value: Value = serde_json::from_str(text).map_err(|error| Malformed {
        reason: format!("not JSON ({} bytes): {error}", text.len()),
        envelope_id: None,
    })?;
    let envelope = envelope_id(&value);
    let frame = Frame::from_value(value).map_err(|error| Malformed {
        reason: format!("not a frame: {error}"),
        envelope_id: envelope.clone(),
    })?;
    let action = match frame {
        Frame::Hello(hello) => Action::Hello(hello),
        Frame::Disconnect(disconnect) => {
            Action::Disconnect(DisconnectReason::from_code(&disconnect.reason))
        }
        Frame::EventsApi(events) => match Delivery::from_value(events.payload) {
            Ok(Delivery::EventCallback(delivery)) => Action::Event(Box::new(delivery)),
            Ok(other) => Action::Skip {
                frame_type: format!("events_api/{}", other.delivery_type()),
            },
            Err(error) => {
                return Err(Malformed {
                    reason: format!("events_api payload is not a delivery: {error}"),
                    envelope_id: envelope,
                })
            }
        },
        other => Action::Skip {
            frame_type: other.frame_type().to_owned(),
        },
    };
    Ok((envelope, action))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_decode_by_type_and_unknown_envelopes_are_still_acknowledged() {
        let hello = r#"{"type":"hello","num_connections":2,"connection_info":{"app_id":"A1"}}"#;
        assert!(
            matches!(decode(hello), Ok((None, Action::Hello(h))) if h.num_connections == Some(2))
        );
        let event = r#"{"type":"events_api","envelope_id":"e-1","retry_attempt":0,
            "payload":{"type":"event_callback","team_id":"T1","api_app_id":"A1","event_id":"Ev1",
            "event_time":1,"event":{"type":"x"}}}"#;
        match decode(event) {
            Ok((Some(id), Action::Event(delivery))) => {
                assert_eq!(id, "e-1");
                assert_eq!(delivery.event_id, "Ev1");
            }
            other => panic!("{other:?}"),
        }
        let slash = r#"{"type":"slash_commands","envelope_id":"e-2","payload":{}}"#;
        assert!(
            matches!(decode(slash), Ok((Some(id), Action::Skip { frame_type })) if id == "e-2" && frame_type == "slash_commands")
        );
        let disconnect = r#"{"type":"disconnect","reason":"link_disabled"}"#;
        assert!(matches!(
            decode(disconnect),
            Ok((None, Action::Disconnect(DisconnectReason::LinkDisabled)))
        ));
        let odd = r#"{"type":"disconnect","reason":"moon_phase"}"#;
        assert!(
            matches!(decode(odd), Ok((None, Action::Disconnect(DisconnectReason::Other(r)))) if r == "moon_phase")
        );
    }

    #[test]
    fn malformed_frames_are_errors_not_panics() {
        assert!(decode("{not json")
            .unwrap_err()
            .reason
            .starts_with("not JSON"));
        assert!(decode(r#"{"no":"type"}"#)
            .unwrap_err()
            .reason
            .starts_with("not a frame"));
        let bad_payload =
            r#"{"type":"events_api","envelope_id":"e-3","payload":{"type":"event_callback"}}"#;
        let malformed = decode(bad_payload).unwrap_err();
        assert_eq!(malformed.envelope_id.as_deref(), Some("e-3"));
        let missing_id = r#"{"type":"events_api","payload":{}}"#;
        assert!(decode(missing_id).is_err());
        assert_eq!(acknowledgement("e-9"), r#"{"envelope_id":"e-9"}"#);
    }
}
