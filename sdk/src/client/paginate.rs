//! A `Stream` over every item of a cursor-paginated method, one page in memory at a time.
//!
//! The one pagination loop of the crate (the dynamic calls and the command line's `--all` use
//! it too). It does not trust the server to advance: a cursor sent a second time (any cursor
//! seen before, not only the last one) or a long run of empty pages ends it with
//! [`Error::Pagination`] instead of fetching forever.

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::hash::{BuildHasher, RandomState};
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::stream::{self, BoxStream, Stream, StreamExt};

use super::redact::redacted_excerpt;
use super::{Client, Error};
use crate::runtime::{PaginatedRequest, PaginatedResponse};

type Item<R> = <<R as crate::runtime::ApiRequest>::Response as PaginatedResponse>::Item;

/// How many pages in a row may come without an item (but with a next cursor) before
/// [`Items`] gives up with [`PaginationError::EmptyPages`]. Slack may send a short or even empty
/// page and a cursor when it filters results, but not page after page.
pub const MAX_CONSECUTIVE_EMPTY_PAGES: u32 = 20;

/// Why [`Items`] stopped following a server's cursors ([`Error::Pagination`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PaginationError {
    /// The server sent a `next_cursor` it had sent before: following it would fetch the same
    /// pages again, forever.
    RepeatedCursor {
        /// The cursor (tokens redacted, at most 100 characters).
        cursor: String,
        /// The number of the page that sent it again (the first page is 1).
        page: u64,
    },
    /// [`MAX_CONSECUTIVE_EMPTY_PAGES`] pages in a row had no item but a next cursor.
    EmptyPages {
        /// How many.
        count: u32,
    },
}

impl fmt::Display for PaginationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PaginationError::RepeatedCursor { cursor, page } => write!(
                f,
                "page {page} sent the cursor `{cursor}` that an earlier page had sent: following it would loop"
            ),
            PaginationError::EmptyPages { count } => write!(
                f,
                "{count} empty pages in a row, each with a next cursor: the server is not advancing"
            ),
        }
    }
}

impl std::error::Error for PaginationError {}

/// What the loop remembers to tell a server leading it in circles: a hash of every cursor
/// received (8 bytes a page, however long a cursor is), and the current run of empty pages.
struct Guard {
    hasher: RandomState,
    seen: HashSet<u64>,
    pages: u64,
    empty_run: u32,
}

impl Guard {
    fn new() -> Guard {
        Guard {
            hasher: RandomState::new(),
            seen: HashSet::new(),
            pages: 0,
            empty_run: 0,
        }
    }

    /// Checks a page with `items` items whose next cursor is `next` (`None` on the last page).
    fn check(
        &mut self,
        items: usize,
        next: Option<&str>,
        secret: &str,
    ) -> Result<(), PaginationError> {
        self.pages += 1;
        let Some(cursor) = next else {
            return Ok(());
        };
        if !self.seen.insert(self.hasher.hash_one(cursor)) {
            return Err(PaginationError::RepeatedCursor {
                cursor: redacted_excerpt(cursor, secret, 100),
                page: self.pages,
            });
        }
        self.empty_run = if items == 0 { self.empty_run + 1 } else { 0 };
        if self.empty_run >= MAX_CONSECUTIVE_EMPTY_PAGES {
            return Err(PaginationError::EmptyPages {
                count: self.empty_run,
            });
        }
        Ok(())
    }
}

/// Every item of a paginated method, fetched page by page as the stream is polled. It follows
/// `response_metadata.next_cursor` until Slack sends none (or an empty one). After an error it ends.
///
/// A server that sends a cursor it sent before, or [`MAX_CONSECUTIVE_EMPTY_PAGES`] empty pages
/// in a row, ends the stream with [`Error::Pagination`] after the items it did give.
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
    guard: Guard,
    /// The error that ends the stream once the current page's items are given.
    stopped: Option<Error<R::Error>>,
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
            guard: Guard::new(),
            stopped: None,
        };
        let inner = stream::unfold(state, |mut state| async move {
            loop {
                if let Some(item) = state.page.pop_front() {
                    return Some((Ok(item), state));
                }
                if state.finished {
                    return state.stopped.take().map(|error| (Err(error), state));
                }
                match state.client.call(&state.request).await {
                    Ok(response) => {
                        let next = response.next_cursor().map(str::to_owned);
                        let items: VecDeque<Item<R>> = response.into_items().into();
                        let secret = state.client.inner.token.secret();
                        let checked = state.guard.check(items.len(), next.as_deref(), secret);
                        state.finished = next.is_none();
                        state.request.set_cursor(next);
                        state.page = items;
                        if let Err(source) = checked {
                            // The page's items are given first, then the error.
                            state.finished = true;
                            state.stopped = Some(Error::Pagination {
                                method: R::METHOD.name,
                                source,
                            });
                        }
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
