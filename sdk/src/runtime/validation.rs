//! Client-side argument checks, run before a request is sent.
//!
//! Generated `validate()` methods call these with the constraints from the spec; each failure
//! names the argument (with a path into objects, e.g. `message.text`) and the rule broken.

use std::borrow::Cow;
use std::fmt;

/// An argument broke a rule from the spec. Nothing was sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidArgument {
    /// Wire name of the argument, or a path into it (`message.text`), or the arguments a rule covers.
    pub argument: Cow<'static, str>,
    /// The rule broken.
    pub rule: Rule,
}

impl InvalidArgument {
    /// A broken rule on `argument`.
    pub fn new(argument: impl Into<Cow<'static, str>>, rule: Rule) -> Self {
        InvalidArgument {
            argument: argument.into(),
            rule,
        }
    }
}

impl fmt::Display for InvalidArgument {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid argument `{}`: {}", self.argument, self.rule)
    }
}

impl std::error::Error for InvalidArgument {}

/// A rule from the spec.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rule {
    /// A string has more characters than allowed.
    TooLong {
        /// Most characters allowed.
        max: u64,
        /// Characters given.
        actual: u64,
    },
    /// A string has fewer characters than required.
    TooShort {
        /// Fewest characters allowed.
        min: u64,
        /// Characters given.
        actual: u64,
    },
    /// An integer is outside its range.
    OutOfRange {
        /// Smallest allowed, if bounded below.
        min: Option<i64>,
        /// Largest allowed, if bounded above.
        max: Option<i64>,
        /// Value given.
        actual: i64,
    },
    /// An array has more items than allowed.
    TooManyItems {
        /// Most items allowed.
        max: u64,
        /// Items given.
        actual: u64,
    },
    /// An array has fewer items than required.
    TooFewItems {
        /// Fewest items allowed.
        min: u64,
        /// Items given.
        actual: u64,
    },
    /// A string is not one of the allowed values.
    NotAllowed {
        /// The allowed values.
        allowed: &'static [&'static str],
        /// Value given.
        actual: String,
    },
    /// Exactly one of several arguments must be given.
    ExactlyOneOf {
        /// The arguments.
        arguments: &'static [&'static str],
        /// How many were given.
        given: usize,
    },
    /// At least one of several arguments must be given.
    AtLeastOneOf {
        /// The arguments.
        arguments: &'static [&'static str],
    },
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::TooLong { max, actual } => {
                write!(f, "must be at most {max} characters long (got {actual})")
            }
            Rule::TooShort { min, actual } => {
                write!(f, "must be at least {min} characters long (got {actual})")
            }
            Rule::OutOfRange { min, max, actual } => match (min, max) {
                (Some(min), Some(max)) => {
                    write!(f, "must be between {min} and {max} (got {actual})")
                }
                (Some(min), None) => write!(f, "must be at least {min} (got {actual})"),
                (None, Some(max)) => write!(f, "must be at most {max} (got {actual})"),
                (None, None) => write!(f, "is out of range (got {actual})"),
            },
            Rule::TooManyItems { max, actual } => {
                write!(f, "must have at most {max} item(s) (got {actual})")
            }
            Rule::TooFewItems { min, actual } => {
                write!(f, "must have at least {min} item(s) (got {actual})")
            }
            Rule::NotAllowed { allowed, actual } => {
                write!(f, "must be one of {} (got `{actual}`)", allowed.join(", "))
            }
            Rule::ExactlyOneOf { arguments, given } => write!(
                f,
                "exactly one of {} must be given (got {given})",
                arguments.join(", ")
            ),
            Rule::AtLeastOneOf { arguments } => {
                write!(f, "at least one of {} must be given", arguments.join(", "))
            }
        }
    }
}

/// Checks a string's length in characters (Slack counts characters, not bytes).
pub fn length(value: &str, min: Option<u64>, max: Option<u64>) -> Result<(), Rule> {
    let actual = value.chars().count() as u64;
    if let Some(max) = max.filter(|&max| actual > max) {
        return Err(Rule::TooLong { max, actual });
    }
    if let Some(min) = min.filter(|&min| actual < min) {
        return Err(Rule::TooShort { min, actual });
    }
    Ok(())
}

/// Checks an integer's range.
pub fn range(actual: i64, min: Option<i64>, max: Option<i64>) -> Result<(), Rule> {
    let below = min.is_some_and(|min| actual < min);
    let above = max.is_some_and(|max| actual > max);
    if below || above {
        return Err(Rule::OutOfRange { min, max, actual });
    }
    Ok(())
}

/// Checks an array's item count.
pub fn items(count: usize, min: Option<u64>, max: Option<u64>) -> Result<(), Rule> {
    let actual = count as u64;
    if let Some(max) = max.filter(|&max| actual > max) {
        return Err(Rule::TooManyItems { max, actual });
    }
    if let Some(min) = min.filter(|&min| actual < min) {
        return Err(Rule::TooFewItems { min, actual });
    }
    Ok(())
}

/// Checks that a string is one of the allowed values.
pub fn allowed(value: &str, allowed: &'static [&'static str]) -> Result<(), Rule> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(Rule::NotAllowed {
            allowed,
            actual: value.to_owned(),
        })
    }
}

/// Checks that exactly one of `arguments` is present; `present[i]` says whether `arguments[i]` is.
pub fn exactly_one_of(
    arguments: &'static [&'static str],
    present: &[bool],
) -> Result<(), InvalidArgument> {
    let given = present.iter().filter(|&&p| p).count();
    if given == 1 {
        Ok(())
    } else {
        Err(InvalidArgument::new(
            arguments.join("|"),
            Rule::ExactlyOneOf { arguments, given },
        ))
    }
}

/// Checks that at least one of `arguments` is present.
pub fn at_least_one_of(
    arguments: &'static [&'static str],
    present: &[bool],
) -> Result<(), InvalidArgument> {
    if present.iter().any(|&p| p) {
        Ok(())
    } else {
        Err(InvalidArgument::new(
            arguments.join("|"),
            Rule::AtLeastOneOf { arguments },
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_counts_characters_not_bytes() {
        assert!(length(&"é".repeat(560), None, Some(560)).is_ok());
        assert_eq!(
            length(&"é".repeat(561), None, Some(560)),
            Err(Rule::TooLong {
                max: 560,
                actual: 561
            })
        );
        assert_eq!(
            length("", Some(1), None),
            Err(Rule::TooShort { min: 1, actual: 0 })
        );
    }

    #[test]
    fn range_and_items_bounds_are_inclusive() {
        assert!(range(1, Some(1), Some(1000)).is_ok());
        assert!(range(1000, Some(1), Some(1000)).is_ok());
        assert!(range(0, Some(1), Some(1000)).is_err());
        assert!(range(1001, Some(1), Some(1000)).is_err());
        assert!(items(1, Some(1), Some(1)).is_ok());
        assert_eq!(
            items(2, None, Some(1)),
            Err(Rule::TooManyItems { max: 1, actual: 2 })
        );
        assert_eq!(
            items(0, Some(1), None),
            Err(Rule::TooFewItems { min: 1, actual: 0 })
        );
    }

    #[test]
    fn group_rules_name_the_arguments() {
        const ARGS: &[&str] = &["emails", "user_ids"];
        assert!(exactly_one_of(ARGS, &[true, false]).is_ok());
        let error = exactly_one_of(ARGS, &[true, true]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid argument `emails|user_ids`: exactly one of emails, user_ids must be given (got 2)"
        );
        assert!(at_least_one_of(ARGS, &[false, false]).is_err());
        assert!(allowed("a", &["a", "b"]).is_ok());
        assert!(allowed("c", &["a", "b"])
            .unwrap_err()
            .to_string()
            .contains("one of a, b"));
    }
}
