//! The `response` and `form` targets: each method's response and request decoding, reached
//! through the generated `dynamic::visit_method`.

use serde::de::{DeserializeOwned, IgnoredAny};
use serde::Serialize;
use serde_json::Value;
use slack_connect::generated::dynamic::visit_method;
use slack_connect::runtime::{
    decode, form as form_codec, ApiError, ApiRequest, Decoded, MethodVisitor,
};

/// Decodes `data[1..]` as a response body of the method picked by `data[0]`, as the client does
/// for a 200 and for any other status. A success must re-encode and decode to the same JSON; a
/// failure must carry the code it was decoded from.
pub fn response(data: &[u8]) {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let method = super::method(selector);
    visit_method(method.name, DecodeResponse { body })
        .expect("every method in METHODS can be visited");
}

/// Decodes `data[1..]` as a form body of the method picked by `data[0]`, as the emulator does.
/// Arguments that decode into the typed request must encode as a form that decodes again into
/// the same request.
pub fn form(data: &[u8]) {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let method = super::method(selector);
    visit_method(method.name, DecodeForm { body }).expect("every method in METHODS can be visited");
}

struct DecodeResponse<'a> {
    body: &'a [u8],
}

impl MethodVisitor for DecodeResponse<'_> {
    type Output = ();

    fn visit<R>(self)
    where
        R: ApiRequest + DeserializeOwned,
        R::Response: Serialize,
    {
        let name = R::METHOD.name;
        match decode::<R::Response, R::Error>(self.body) {
            Ok(Decoded::Success(response, envelope)) => {
                assert!(
                    envelope.ok,
                    "{name}: a success whose envelope says `ok: false`"
                );
                let _ = envelope.warnings();
                let mut value = serde_json::to_value(&response)
                    .unwrap_or_else(|e| panic!("{name}: a decoded response does not encode: {e}"));
                let Some(object) = value.as_object_mut() else {
                    panic!("{name}: a response encodes as something else than an object");
                };
                object.insert("ok".to_owned(), Value::Bool(true));
                let text = serde_json::to_vec(&value).expect("JSON values encode");
                match decode::<R::Response, R::Error>(&text) {
                    Ok(Decoded::Success(again, _)) => assert_eq!(
                        serde_json::to_value(&again).expect("it encoded once"),
                        serde_json::to_value(&response).expect("it encoded once"),
                        "{name}: a decoded response changes when encoded and decoded again"
                    ),
                    Ok(Decoded::Failure(failure)) => panic!(
                        "{name}: a decoded response, encoded again, decodes as the error {:?}",
                        failure.error
                    ),
                    Ok(_) => panic!(
                        "{name}: a decoded response, encoded again, is neither success nor failure"
                    ),
                    Err(error) => panic!(
                        "{name}: a decoded response, encoded again, does not decode: {error}"
                    ),
                }
            }
            Ok(Decoded::Failure(failure)) => {
                check_failure(name, &failure.error, failure.envelope.error.as_deref())
            }
            Err(error) => assert!(!error.to_string().is_empty()),
            Ok(_) => {}
        }
        // The path of a non-200 status: only the error envelope is looked for.
        if let Ok(Decoded::Failure(failure)) = decode::<IgnoredAny, R::Error>(self.body) {
            check_failure(name, &failure.error, failure.envelope.error.as_deref());
        }
    }
}

fn check_failure<E: ApiError>(name: &str, error: &E, code: Option<&str>) {
    assert_eq!(
        Some(error.code()),
        code,
        "{name}: the error's code is not the body's"
    );
    assert_eq!(
        E::from_code(error.code()),
        *error,
        "{name}: a code does not map to the same variant twice"
    );
    let _ = (
        error.error_description(),
        error.is_retryable(),
        error.to_string(),
    );
}

struct DecodeForm<'a> {
    body: &'a [u8],
}

impl MethodVisitor for DecodeForm<'_> {
    type Output = ();

    fn visit<R>(self)
    where
        R: ApiRequest + DeserializeOwned,
        R::Response: Serialize,
    {
        let name = R::METHOD.name;
        let parsed = match form_codec::decode(self.body, R::METHOD) {
            Ok(parsed) => parsed,
            Err(error) => {
                assert!(!error.to_string().is_empty() && !error.code().is_empty());
                return;
            }
        };
        let Ok(request) = serde_json::from_value::<R>(Value::Object(parsed.arguments)) else {
            return;
        };
        let _ = request.validate();
        let encoded = form_codec::encode(&request)
            .unwrap_or_else(|e| panic!("{name}: a decoded request does not encode as a form: {e}"));
        let again = form_codec::decode(encoded.as_bytes(), R::METHOD).unwrap_or_else(|e| {
            panic!("{name}: the form `{encoded}` it encodes to does not decode: {e}")
        });
        let again: R = serde_json::from_value(Value::Object(again.arguments)).unwrap_or_else(|e| {
            panic!("{name}: the form `{encoded}` does not give a request again: {e}")
        });
        let (first, second) = (
            serde_json::to_value(&request).expect("requests encode"),
            serde_json::to_value(&again).expect("requests encode"),
        );
        // Slack's form convention joins arrays with commas, so an item holding a comma cannot
        // survive it; everything else must.
        if !holds_comma_in_array(&first) {
            assert_eq!(
                first, second,
                "{name}: the request changes through the form `{encoded}`"
            );
        }
    }
}

fn holds_comma_in_array(value: &Value) -> bool {
    match value {
        Value::Array(items) => items.iter().any(|item| match item {
            Value::String(text) => text.contains(','),
            other => holds_comma_in_array(other),
        }),
        Value::Object(fields) => fields.values().any(holds_comma_in_array),
        _ => false,
    }
}
