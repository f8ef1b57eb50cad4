//! Opaque pagination cursors and page slicing, shared by the two paginated methods.
//!
//! A cursor names the first item of the next page, like Slack's (`aWQ6STAxNkszN0FBQUU=` is
//! base64 for `id:I016K37AAAE`). Items are ordered by ID, so a page boundary survives items
//! being added or changing state between calls.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// A cursor that does not decode to an item position.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct InvalidCursor;

/// One page of items and the cursor of the next (`""` after the last page, as Slack sends).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: String,
}

/// The page of `items` (sorted by ID, `(id, item)`) starting at `cursor`, at most `limit` long.
pub(crate) fn page<T>(
    items: Vec<(String, T)>,
    cursor: Option<&str>,
    limit: usize,
) -> Result<Page<T>, InvalidCursor> {
    let start = match cursor.filter(|c| !c.is_empty()) {
        Some(cursor) => Some(decode(cursor)?),
        None => None,
    };
    let mut rest = items
        .into_iter()
        .skip_while(|(id, _)| start.as_deref().is_some_and(|s| id.as_str() < s));
    let items: Vec<T> = rest
        .by_ref()
        .take(limit.max(1))
        .map(|(_, item)| item)
        .collect();
    let next_cursor = rest.next().map(|(id, _)| encode(&id)).unwrap_or_default();
    Ok(Page { items, next_cursor })
}

/// The cursor pointing at the item with this ID.
pub(crate) fn encode(id: &str) -> String {
    let bytes = format!("id:{id}").into_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The item ID a cursor points at.
pub(crate) fn decode(cursor: &str) -> Result<String, InvalidCursor> {
    let digits: Vec<u32> = cursor
        .trim_end_matches('=')
        .bytes()
        .map(|c| ALPHABET.iter().position(|&a| a == c).map(|p| p as u32))
        .collect::<Option<_>>()
        .ok_or(InvalidCursor)?;
    let mut bytes = Vec::new();
    for group in digits.chunks(4) {
        if group.len() == 1 {
            return Err(InvalidCursor);
        }
        let n = group
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, d)| n | (d << (18 - 6 * i)));
        let produced = group.len() - 1;
        bytes.extend((0..produced).map(|i| (n >> (16 - 8 * i)) as u8));
    }
    let text = String::from_utf8(bytes).map_err(|_| InvalidCursor)?;
    let id = text.strip_prefix("id:").ok_or(InvalidCursor)?;
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(InvalidCursor);
    }
    Ok(id.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_look_like_slacks_and_round_trip() {
        assert_eq!(encode("I016K37AAAE"), "aWQ6STAxNkszN0FBQUU=");
        for id in ["I1", "I12", "I123", "I0000000001"] {
            assert_eq!(decode(&encode(id)), Ok(id.to_owned()));
        }
        assert_eq!(decode("not a cursor"), Err(InvalidCursor));
        assert_eq!(decode("aWQ6"), Err(InvalidCursor)); // "id:" with no ID
        assert_eq!(decode("QQ=="), Err(InvalidCursor)); // "A", no prefix
    }

    #[test]
    fn pages_walk_every_item_once() {
        let items = |n: usize| (0..n).map(|i| (format!("I{i:03}"), i)).collect::<Vec<_>>();
        let mut cursor = None;
        let mut seen = Vec::new();
        loop {
            let page = page(items(7), cursor.as_deref(), 3).unwrap();
            seen.extend(page.items);
            if page.next_cursor.is_empty() {
                break;
            }
            cursor = Some(page.next_cursor);
        }
        assert_eq!(seen, (0..7).collect::<Vec<_>>());
        assert_eq!(page(items(3), None, 3).unwrap().next_cursor, "");
    }
}
