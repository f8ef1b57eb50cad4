//! Building a method's list of error codes from its own codes and the common ones, at compile
//! time, so generated code names each common code once (in `CommonError::CODES`).

/// `own` followed by `common`, as an array of exactly `N` codes.
///
/// Evaluated in a `const`, so a wrong `N` fails the build rather than a run.
pub const fn join_codes<const N: usize>(
    own: &[&'static str],
    common: &[&'static str],
) -> [&'static str; N] {
    assert!(
        own.len() + common.len() == N,
        "the code count does not match the two lists"
    );
    let mut joined = [""; N];
    let mut i = 0;
    while i < own.len() {
        joined[i] = own[i];
        i += 1;
    }
    let mut j = 0;
    while j < common.len() {
        joined[i + j] = common[j];
        j += 1;
    }
    joined
}

#[cfg(test)]
mod tests {
    use super::join_codes;

    #[test]
    fn own_codes_come_first_then_the_common_ones() {
        const JOINED: [&str; 3] = join_codes(&["own"], &["common_a", "common_b"]);
        assert_eq!(JOINED, ["own", "common_a", "common_b"]);
        assert_eq!(join_codes::<0>(&[], &[]), [""; 0]);
    }

    #[test]
    #[should_panic(expected = "the code count does not match the two lists")]
    fn a_wrong_count_is_refused() {
        let _ = join_codes::<2>(&["own"], &["common_a", "common_b"]);
    }
}
