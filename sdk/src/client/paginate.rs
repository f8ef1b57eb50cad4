//! A `Stream` over every item of a cursor-paginated method, one page in memory at a time.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::stream::{self, BoxStream, Stream, StreamExt};

use super::{Client, Error};
use crate::runtime::{PaginatedRequest, PaginatedResponse};

type Item<R> = <<R as crate::runtime::ApiRequest>::Response as PaginatedResponse>::Item;

/// Every item of a paginated method, fetched page by page as the stream is polled. It follows
/// `response_metadata.next_cursor` until Slack sends none (or an empty one). After an error it ends.
///
/// ```
/// # use slack_connect_emulator::{seed, Emulator, NewInviteRequest};
/// # use slack_connect::Client;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let emulator = Emulator::start().await?;
/// # for email in ["a@globex.example", "b@globex.example", "c@globex.example"] {
/// #     emulator.create_invite_request(NewInviteRequest::by_email(seed::ACME_PROJECT, seed::ACME_ALICE, email))?;
/// # }
/// # let client = Client::builder(seed::ACME_ADMIN_TOKEN).base_url(emulator.base_url()).build()?;
/// let admin = client.conversations().request_shared_invite();
/// // Two per page: three requests take two pages, fetched as the loop asks for them.
/// let mut requests = admin.list().limit(2).items();
/// while let Some(request) = requests.try_next().await? {
///     println!("{} wants to invite {:?}", request.inviting_user.id.as_ref().unwrap(), request.invited_email());
/// }
/// assert_eq!(admin.list().limit(2).items().collect_all().await?.len(), 3);
/// # Ok(())
/// # }
/// ```
pub struct Items<R: PaginatedRequest> {
    inner: BoxStream<'static, Result<Item<R>, Error<R::Error>>>,
}

struct State<R: PaginatedRequest> {
    client: Client,
    request: R,
    page: VecDeque<Item<R>>,
    finished: bool,
}

impl<R> Items<R>
where
    R: PaginatedRequest + 'static,
    Item<R>: Send + 'static,
{
    pub(crate) fn new(client: Client, mut request: R, page_size: Option<i64>) -> Self {
        if let Some(size) = page_size {
            request.set_page_size(size);
        }
        let state = State {
            client,
            request,
            page: VecDeque::new(),
            finished: false,
        };
        let inner = stream::unfold(state, |mut state| async move {
            loop {
                if let Some(item) = state.page.pop_front() {
                    return Some((Ok(item), state));
                }
                if state.finished {
                    return None;
                }
                match state.client.call(&state.request).await {
                    Ok(response) => {
                        let next = response.next_cursor().map(str::to_owned);
                        state.finished = next.is_none();
                        state.request.set_cursor(next);
                        state.page = response.into_items().into();
                    }
                    Err(error) => {
                        state.finished = true;
                        return Some((Err(error), state));
                    }
                }
            }
        });
        Items {
            inner: inner.boxed(),
        }
    }
}

impl<R: PaginatedRequest> Items<R> {
    /// The next item, fetching the next page when this one is used up; `Ok(None)` at the end.
    /// The same as `TryStreamExt::try_next`, without importing a trait:
    /// `while let Some(request) = items.try_next().await? { .. }`.
    pub async fn try_next(&mut self) -> Result<Option<Item<R>>, Error<R::Error>> {
        self.inner.next().await.transpose()
    }

    /// Every remaining item, across pages, in order; the first error ends the collection.
    /// Keeps every item in memory: for large lists, prefer [`Items::try_next`].
    pub async fn collect_all(mut self) -> Result<Vec<Item<R>>, Error<R::Error>> {
        let mut all = Vec::new();
        while let Some(item) = self.try_next().await? {
            all.push(item);
        }
        Ok(all)
    }
}

impl<R: PaginatedRequest> Stream for Items<R> {
    type Item = Result<Item<R>, Error<R::Error>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.poll_next_unpin(cx)
    }
}

impl Client {
    /// Every item of a paginated method, starting from `request` (its cursor, if any), with
    /// `page_size` items per request if given.
    pub fn items<R>(&self, request: R, page_size: Option<i64>) -> Items<R>
    where
        R: PaginatedRequest + 'static,
        Item<R>: Send + 'static,
    {
        Items::new(self.clone(), request, page_size)
    }
}
