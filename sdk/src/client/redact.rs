//! The one redaction applied to every string a server supplies (error codes, `needed` and
//! `provided`, `response_metadata` messages and warnings, body snippets, redirect locations,
//! repeated cursors) before it is kept in an error, logged or shortened.
//!
//! A server may echo the caller's token anywhere, by mistake or on purpose. Two things are cut
//! out: the client's own token, whatever it looks like, and anything shaped like a Slack token
//! (`xoxb-…`, `xoxp-…`, `xoxa-…`, `xoxo-…`, `xoxs-…`, `xoxr-…`, `xoxe-…`/`xoxe.…` and app-level
//! `xapp-…`), whoever's it is. Redaction runs on whole strings, before any truncation, so a token
//! cut in half by a length limit cannot leave its first characters behind.

use std::borrow::Cow;

/// What a redacted token is replaced with.
pub const REDACTED: &str = "[redacted]";

/// The letters after `xox` that Slack's token kinds use (bot, user, workspace app, refresh,
/// legacy and rotating tokens).
const TOKEN_KINDS: &[u8] = b"abposre";

/// `text` with `secret` (when given and not empty) and every token-shaped substring replaced
/// by `[redacted]`. Borrowed unchanged when there is nothing to cut.
///
/// ```
/// use slack_connect::redact_tokens;
///
/// let echoed = "invalid_auth_xoxb-1111-2222-abcdef (sent by xapp-1-A1-99)";
/// assert_eq!(redact_tokens(echoed, None), "invalid_auth_[redacted] (sent by [redacted])");
/// assert_eq!(redact_tokens("key=hunter2", Some("hunter2")), "key=[redacted]");
/// assert_eq!(redact_tokens("nothing here", None), "nothing here");
/// ```
pub fn redact_tokens<'a>(text: &'a str, secret: Option<&str>) -> Cow<'a, str> {
    let mut text = Cow::Borrowed(text);
    if let Some(secret) = secret.filter(|s| !s.is_empty()) {
        if text.contains(secret) {
            text = Cow::Owned(text.replace(secret, REDACTED));
        }
    }
    match token_shaped(&text) {
        None => text,
        Some(first) => Cow::Owned(cut_token_shaped(&text, first)),
    }
}

/// Redacts an owned string in place (no copy when nothing matches).
pub(crate) fn redact_owned(text: &mut String, secret: &str) {
    if let Cow::Owned(redacted) = redact_tokens(text, Some(secret)) {
        *text = redacted;
    }
}

/// `text` redacted, made one line (control characters become spaces) and cut to `max`
/// characters, in that order: what an error keeps of a server-supplied string.
pub(crate) fn redacted_excerpt(text: &str, secret: &str, max: usize) -> String {
    redact_tokens(text, Some(secret))
        .chars()
        .take(max)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Where the first token-shaped substring starts and how long its prefix is.
fn token_shaped(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(offset) = bytes[from..].iter().position(|&b| b == b'x') {
        let at = from + offset;
        if let Some(prefix) = prefix_len(&bytes[at..]) {
            return Some((at, prefix));
        }
        from = at + 1;
    }
    None
}

/// The length of a token prefix (`xoxb-`, `xoxe.`, `xapp-`) at the start of `bytes`.
fn prefix_len(bytes: &[u8]) -> Option<usize> {
    match bytes {
        [b'x', b'o', b'x', kind, b'-' | b'.', ..] if TOKEN_KINDS.contains(kind) => Some(5),
        [b'x', b'a', b'p', b'p', b'-', ..] => Some(5),
        _ => None,
    }
}

fn is_token_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_')
}

fn cut_token_shaped(text: &str, first: (usize, usize)) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut next = Some(first);
    while let Some((start, prefix)) = next {
        let end = start
            + prefix
            + bytes[start + prefix..]
                .iter()
                .take_while(|&&b| is_token_char(b))
                .count();
        out.push_str(&text[copied..start]);
        out.push_str(REDACTED);
        copied = end;
        next = token_shaped(&text[end..]).map(|(at, len)| (end + at, len));
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_token_is_cut_wherever_it_stands() {
        for token in [
            "xoxb-1-2-abc",
            "xoxp-1-2-3-abc",
            "xoxa-2-abc",
            "xoxo-1",
            "xoxs-1",
            "xoxr-1",
            "xoxe-1-ab",
            "xoxe.xoxp-1-abc",
            "xapp-1-A1-1-ab",
        ] {
            for text in [
                token.to_owned(),
                format!("code_{token}"),
                format!("a {token}, b"),
                format!("\"{token}\""),
            ] {
                let redacted = redact_tokens(&text, None);
                assert!(!redacted.contains(token), "{text} -> {redacted}");
                assert!(redacted.contains(REDACTED), "{text} -> {redacted}");
            }
        }
        assert_eq!(
            redact_tokens("xoxb-1 then xoxp-2 then xapp-3.", None),
            "[redacted] then [redacted] then [redacted]"
        );
    }

    #[test]
    fn the_clients_own_token_is_cut_whatever_its_shape() {
        assert_eq!(
            redact_tokens("a=T0PSECRET&b=T0PSECRET", Some("T0PSECRET")),
            "a=[redacted]&b=[redacted]"
        );
        assert_eq!(redact_tokens("x", Some("")), "x");
    }

    #[test]
    fn ordinary_text_is_kept_and_borrowed() {
        for text in [
            "",
            "xox",
            "xoxb",
            "xoxz-1",
            "xapp",
            "invite_requests",
            "é xo€x",
        ] {
            assert!(matches!(redact_tokens(text, None), Cow::Borrowed(t) if t == text));
        }
    }

    #[test]
    fn excerpts_are_redacted_before_they_are_shortened() {
        let text = format!("{}xoxb-1111-2222-SECRET", "a".repeat(10));
        let excerpt = redacted_excerpt(&text, "unused", 12);
        assert_eq!(excerpt, "aaaaaaaaaa[r");
        assert_eq!(redacted_excerpt("a\nb\u{1b}c", "s", 10), "a b c");
    }
}
