//! The `events` target: Events API deliveries and the events inside them.

use slack_connect::{Delivery, Event};

/// Decodes `data` as a delivery and as a bare event, as the receiver does. Whatever decodes
/// must encode as the JSON Slack sends and decode from it to the same value.
pub fn events(data: &[u8]) {
    if let Ok(delivery) = Delivery::from_slice(data) {
        let _ = delivery.delivery_type();
        let value = delivery
            .to_value()
            .unwrap_or_else(|e| panic!("a decoded delivery does not encode: {e}"));
        let again = Delivery::from_value(value.clone())
            .unwrap_or_else(|e| panic!("a delivery encoded as {value} does not decode: {e}"));
        assert_eq!(again, delivery, "a delivery changes through {value}");
        if let Delivery::EventCallback(callback) = &delivery {
            let _ = callback.event.event_type();
        }
    }
    if let Ok(event) = Event::from_slice(data) {
        let value = event
            .to_value()
            .unwrap_or_else(|e| panic!("a decoded event does not encode: {e}"));
        let again = Event::from_value(value.clone())
            .unwrap_or_else(|e| panic!("an event encoded as {value} does not decode: {e}"));
        assert_eq!(again, event, "an event changes through {value}");
    }
}
