//! Reading a response body with a size limit enforced while it streams in: a body larger than
//! [`ClientBuilder::max_response_size`](super::ClientBuilder::max_response_size) is refused as
//! soon as its announced length or the bytes received so far exceed it, never buffered whole.

use bytes::Bytes;

/// The default limit on a response body: 16 MiB, far above any page of the Slack Connect
/// methods (a page of 1000 invite requests is well under 2 MiB).
pub const DEFAULT_MAX_RESPONSE_SIZE: u64 = 16 * 1024 * 1024;

/// Why a body could not be read.
pub(crate) enum BodyError {
    /// Larger than the limit.
    TooLarge,
    /// The connection failed while reading.
    Transport(reqwest::Error),
}

/// The whole body of `response`, or [`BodyError::TooLarge`] once it is known to exceed `limit`
/// bytes. Dropping the response on that error closes the connection, so the rest is not read.
pub(crate) async fn read_limited(
    mut response: reqwest::Response,
    limit: u64,
) -> Result<Bytes, BodyError> {
    let announced = response.content_length();
    if announced.is_some_and(|length| length > limit) {
        return Err(BodyError::TooLarge);
    }
    // The announced length is trusted for the first allocation only up to the limit; the
    // memory is touched only as bytes arrive.
    let capacity = usize::try_from(announced.unwrap_or(0).min(limit)).unwrap_or(0);
    let mut first: Option<Bytes> = None;
    let mut body: Vec<u8> = Vec::new();
    let mut received: u64 = 0;
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Transport)? {
        received += chunk.len() as u64;
        if received > limit {
            return Err(BodyError::TooLarge);
        }
        // A body that arrives in one chunk (most small ones) is kept without a copy.
        match first.take() {
            None if body.is_empty() => first = Some(chunk),
            None => body.extend_from_slice(&chunk),
            Some(earlier) => {
                body.reserve(capacity.max(earlier.len() + chunk.len()));
                body.extend_from_slice(&earlier);
                body.extend_from_slice(&chunk);
            }
        }
    }
    Ok(match first {
        Some(only) => only,
        None => Bytes::from(body),
    })
}
