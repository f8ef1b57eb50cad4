//! `multipart/form-data` bodies (RFC 7578), one of the POST types Slack documents: the fields
//! of a body already read whole (at most the server's body limit), as (name, value) pairs for
//! the SDK's form conventions. A part with a file name is read as its name's value, as any other.

/// Why a multipart body could not be read; answered as `invalid_form_data`.
pub(crate) type Problem = &'static str;

/// The boundary parameter of a `multipart/form-data` content type.
pub(crate) fn boundary(content_type: &str) -> Result<String, Problem> {
    content_type
        .split(';')
        .skip(1)
        .filter_map(|parameter| parameter.split_once('='))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("boundary"))
        .map(|(_, value)| value.trim().trim_matches('"').to_owned())
        .filter(|b| !b.is_empty() && b.len() <= 70)
        .ok_or("the multipart/form-data content type has no usable boundary")
}

/// The fields of `body`, in order.
pub(crate) fn fields(body: &[u8], boundary: &str) -> Result<Vec<(String, String)>, Problem> {
    let delimiter = format!("--{boundary}");
    let delimiter = delimiter.as_bytes();
    let mut rest = body;
    // The preamble, up to the first delimiter, is ignored.
    let start = find(rest, delimiter).ok_or("the multipart body has no boundary line")?;
    rest = &rest[start + delimiter.len()..];
    let mut fields = Vec::new();
    loop {
        if rest.starts_with(b"--") {
            return Ok(fields); // the close delimiter; the epilogue is ignored
        }
        rest = strip_line_end(rest).ok_or("a multipart boundary line is not followed by CRLF")?;
        let end = find(rest, delimiter).ok_or("a multipart part is not closed by a boundary")?;
        let part = &rest[..end];
        // The CRLF before a delimiter belongs to the delimiter.
        let part = part
            .strip_suffix(b"\r\n")
            .ok_or("a multipart part does not end with CRLF")?;
        fields.push(field(part)?);
        rest = &rest[end + delimiter.len()..];
    }
}

/// One part: headers, a blank line, the value.
fn field(part: &[u8]) -> Result<(String, String), Problem> {
    let split =
        find(part, b"\r\n\r\n").ok_or("a multipart part has no blank line after its headers")?;
    let headers = std::str::from_utf8(&part[..split])
        .map_err(|_| "a multipart part's headers are not UTF-8")?;
    let value =
        std::str::from_utf8(&part[split + 4..]).map_err(|_| "a multipart value is not UTF-8")?;
    let disposition = headers
        .split("\r\n")
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-disposition"))
        .map(|(_, value)| value)
        .ok_or("a multipart part has no Content-Disposition")?;
    let mut parameters = disposition.split(';');
    if !parameters
        .next()
        .is_some_and(|kind| kind.trim().eq_ignore_ascii_case("form-data"))
    {
        return Err("a multipart part is not form-data");
    }
    let name = parameters
        .filter_map(|parameter| parameter.split_once('='))
        .find(|(key, _)| key.trim().eq_ignore_ascii_case("name"))
        .map(|(_, name)| name.trim().trim_matches('"').to_owned())
        .ok_or("a multipart part has no name")?;
    Ok((name, value.to_owned()))
}

fn strip_line_end(bytes: &[u8]) -> Option<&[u8]> {
    // Transport padding (spaces or tabs) may precede the CRLF.
    let start = bytes
        .iter()
        .position(|b| *b != b' ' && *b != b'\t')
        .unwrap_or(bytes.len());
    bytes[start..].strip_prefix(b"\r\n")
}

/// The first position of `needle` in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_in_order_and_refuses_broken_bodies() {
        let body = b"preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"channel\"\r\n\r\nC0PROJECT1\r\n--XyZ\r\ncontent-disposition: form-data; name=emails\r\nContent-Type: text/plain\r\n\r\na@b.example,c@d.example\r\n--XyZ--\r\n";
        assert_eq!(
            fields(body, "XyZ").unwrap(),
            vec![
                ("channel".to_owned(), "C0PROJECT1".to_owned()),
                ("emails".to_owned(), "a@b.example,c@d.example".to_owned()),
            ]
        );
        assert_eq!(
            boundary("multipart/form-data; boundary=\"XyZ\"").unwrap(),
            "XyZ"
        );
        assert!(boundary("multipart/form-data").is_err());
        for broken in [
            &b"no boundary at all"[..],
            b"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunclosed",
            b"--XyZ\r\nContent-Disposition: form-data\r\n\r\nv\r\n--XyZ--",
            b"--XyZ\r\nX: y\r\n\r\nv\r\n--XyZ--",
            b"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\nv\r\n--XyZ--",
        ] {
            assert!(fields(broken, "XyZ").is_err(), "{broken:?}");
        }
    }
}
