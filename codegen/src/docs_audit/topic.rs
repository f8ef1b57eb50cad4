//! What the audit compares, typed. Each finding has a topic; a decision names one in its
//! `topic` text, and a `differs_from_upstream` entry names one through its item and attribute.

use std::fmt;
use std::str::FromStr;

use crate::model::UpstreamAttribute;

/// One fact of a method that the spec and Slack's reference both state.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Topic {
    /// Whether the method exists (`method`).
    Method,
    /// The method's one-line description (`description`).
    Description,
    /// The HTTP verb (`http_method`).
    HttpMethod,
    /// The rate-limit tier (`rate_limit_tier`).
    RateLimitTier,
    /// Upstream writing scopes in a format it no longer uses (`scope format`).
    ScopeFormat,
    /// The scopes of one token type (`bot scopes`, `user scopes`).
    Scopes {
        /// The token type as upstream names it.
        token: String,
    },
    /// Whether the method takes a JSON body (`content_types`).
    ContentTypes,
    /// An attribute of an argument, or of a property of an object argument (`argument
    /// message.text max_length`; just `argument limit` for presence).
    Argument {
        /// The argument's wire name, `.`-joined for an object property.
        name: String,
        /// What is compared.
        attribute: UpstreamAttribute,
    },
    /// An attribute of an error code (`error invite_used`, `error not_paid description`).
    Error {
        /// The wire code.
        code: String,
        /// What is compared: presence or description.
        attribute: UpstreamAttribute,
    },
    /// An attribute of a response field (`response invite_id required`).
    Response {
        /// The field's wire name.
        name: String,
        /// What is compared.
        attribute: UpstreamAttribute,
    },
}

impl Topic {
    /// The attribute compared, for the topics of an item; `None` for method-level topics.
    pub fn attribute(&self) -> Option<UpstreamAttribute> {
        match self {
            Topic::Argument { attribute, .. }
            | Topic::Error { attribute, .. }
            | Topic::Response { attribute, .. } => Some(*attribute),
            _ => None,
        }
    }

    /// Whether the compared value is prose (compared as read, not character by character).
    pub fn is_description(&self) -> bool {
        *self == Topic::Description || self.attribute() == Some(UpstreamAttribute::Description)
    }
}

impl fmt::Display for Topic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let item = |f: &mut fmt::Formatter<'_>, kind: &str, name: &str, attribute| match attribute {
            UpstreamAttribute::Presence => write!(f, "{kind} {name}"),
            attribute => write!(f, "{kind} {name} {attribute}"),
        };
        match self {
            Topic::Method => f.write_str("method"),
            Topic::Description => f.write_str("description"),
            Topic::HttpMethod => f.write_str("http_method"),
            Topic::RateLimitTier => f.write_str("rate_limit_tier"),
            Topic::ScopeFormat => f.write_str("scope format"),
            Topic::Scopes { token } => write!(f, "{token} scopes"),
            Topic::ContentTypes => f.write_str("content_types"),
            Topic::Argument { name, attribute } => item(f, "argument", name, *attribute),
            Topic::Error { code, attribute } => item(f, "error", code, *attribute),
            Topic::Response { name, attribute } => item(f, "response", name, *attribute),
        }
    }
}

/// A decision's `topic` text, read back: exactly the text [`Topic`]'s `Display` writes.
impl FromStr for Topic {
    type Err = String;

    fn from_str(text: &str) -> Result<Topic, String> {
        let fixed = match text {
            "method" => Some(Topic::Method),
            "description" => Some(Topic::Description),
            "http_method" => Some(Topic::HttpMethod),
            "rate_limit_tier" => Some(Topic::RateLimitTier),
            "scope format" => Some(Topic::ScopeFormat),
            "content_types" => Some(Topic::ContentTypes),
            _ => None,
        };
        if let Some(topic) = fixed {
            return Ok(topic);
        }
        let words: Vec<&str> = text.split(' ').collect();
        let attribute = |name: &str| {
            UpstreamAttribute::ALL
                .into_iter()
                .find(|a| a.name() == name && *a != UpstreamAttribute::Presence)
                .ok_or_else(|| format!("`{name}` is not an attribute the audit compares"))
        };
        let (kind, name, attribute) = match words.as_slice() {
            [token, "scopes"] if !token.is_empty() => {
                return Ok(Topic::Scopes {
                    token: (*token).to_owned(),
                })
            }
            [kind, name] if !name.is_empty() => (*kind, *name, UpstreamAttribute::Presence),
            [kind, name, attr] if !name.is_empty() => (*kind, *name, attribute(attr)?),
            _ => return Err(format!("`{text}` is not a topic the audit compares")),
        };
        let name = name.to_owned();
        match kind {
            "argument" => Ok(Topic::Argument { name, attribute }),
            "response" => Ok(Topic::Response { name, attribute }),
            "error"
                if matches!(
                    attribute,
                    UpstreamAttribute::Presence | UpstreamAttribute::Description
                ) =>
            {
                Ok(Topic::Error {
                    code: name,
                    attribute,
                })
            }
            _ => Err(format!("`{text}` is not a topic the audit compares")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Topic;
    use crate::model::UpstreamAttribute;

    #[test]
    fn topics_read_back_as_written() {
        let topics = [
            Topic::Method,
            Topic::HttpMethod,
            Topic::Scopes {
                token: "bot".into(),
            },
            Topic::Argument {
                name: "message.text".into(),
                attribute: UpstreamAttribute::MaxLength,
            },
            Topic::Error {
                code: "invite_used".into(),
                attribute: UpstreamAttribute::Presence,
            },
            Topic::Response {
                name: "invite_id".into(),
                attribute: UpstreamAttribute::Required,
            },
        ];
        for topic in topics {
            assert_eq!(topic.to_string().parse::<Topic>(), Ok(topic));
        }
        assert_eq!(
            "argument limit maximum"
                .parse::<Topic>()
                .unwrap()
                .to_string(),
            "argument limit maximum"
        );
    }

    #[test]
    fn free_text_is_not_a_topic() {
        for text in [
            "emails / user_ids",
            "pagination",
            "argument limit colour",
            "argument limit presence",
            "error x required",
            "include_* defaults",
            "",
        ] {
            assert!(text.parse::<Topic>().is_err(), "{text}");
        }
    }
}
