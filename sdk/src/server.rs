//! The serving loop every HTTP server of the project runs: the [event receiver](crate::receiver)
//! and the emulator. It applies one [`ServerLimits`]: a header read timeout (hyper's, on every
//! request head and idle keep-alive wait), a deadline on each request body, and a cap on open
//! connections (a semaphore taken before each accept). Enabled by the `server` cargo feature
//! (which `receiver` enables).
//!
//! Connections speak HTTP/1.1. Each request carries axum's
//! [`ConnectInfo`] of the listener's address type, so handlers can
//! extract `ConnectInfo<SocketAddr>` (or the listener's own type).

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::serve::Listener;
use axum::Router;
use bytes::Bytes;
use http_body::{Body as HttpBody, Frame, SizeHint};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::{watch, Semaphore};
use tokio::time::Sleep;

use crate::runtime::ServerLimits;

/// How long [`serve`] waits, once shut down, for connections in flight to finish.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// A request body that did not arrive whole within [`ServerLimits::body_read_timeout`]; it is
/// in the source chain of the error a handler gets when reading the body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct BodyReadTimeout {
    /// The deadline that passed.
    pub timeout: Duration,
}

impl fmt::Display for BodyReadTimeout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the request body did not arrive within {} ms",
            self.timeout.as_millis()
        )
    }
}

impl StdError for BodyReadTimeout {}

impl BodyReadTimeout {
    /// Whether `error`, or an error in its source chain, is a [`BodyReadTimeout`].
    pub fn is_in(error: &(dyn StdError + 'static)) -> bool {
        let mut current = Some(error);
        while let Some(error) = current {
            if error.is::<BodyReadTimeout>() {
                return true;
            }
            current = error.source();
        }
        false
    }
}

/// Serves `router` on `listener` with `limits` (as [`ServerLimits::effective`] makes them)
/// until `shutdown` completes; then stops accepting, lets requests in flight finish (at most
/// [`SHUTDOWN_GRACE`]) and returns.
pub async fn serve<L>(
    mut listener: L,
    router: Router,
    limits: ServerLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()>
where
    L: Listener,
    L::Addr: Clone + Send + Sync + 'static,
{
    let limits = limits.effective();
    let max = limits.max_connections.clamp(1, Semaphore::MAX_PERMITS);
    let slots = Arc::new(Semaphore::new(max));
    let (stop, stopped) = watch::channel(false);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = slots.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (io, addr) = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let router = router.clone();
        let mut stopped = stopped.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
                let (mut parts, body) = request.into_parts();
                parts.extensions.insert(ConnectInfo(addr.clone()));
                let body = Body::new(DeadlineBody::new(body, limits.body_read_timeout));
                let mut router = router.clone();
                async move {
                    tower_service::Service::call(
                        &mut router,
                        hyper::Request::from_parts(parts, body),
                    )
                    .await
                }
            });
            let mut builder = http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_read_timeout);
            // With upgrades: a WebSocket (the emulator's Socket Mode endpoint) takes over the connection.
            let connection = builder
                .serve_connection(TokioIo::new(io), service)
                .with_upgrades();
            let mut connection = std::pin::pin!(connection);
            tokio::select! {
                result = connection.as_mut() => log_end(result),
                _ = stopped.changed() => {
                    connection.as_mut().graceful_shutdown();
                    log_end(connection.await);
                }
            }
        });
    }
    drop(listener);
    let _ = stop.send(true);
    // Every connection holds a slot until it ends: holding them all means none is left.
    let all = u32::try_from(max).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, slots.acquire_many(all)).await;
    Ok(())
}

fn log_end(result: Result<(), hyper::Error>) {
    if let Err(error) = result {
        // Timeouts, resets and malformed requests: the client's problem, not the server's.
        tracing::debug!(%error, "connection ended with an error");
    }
}

pin_project_lite::pin_project! {
    /// A body that fails with [`BodyReadTimeout`] if it is not read whole before its deadline.
    struct DeadlineBody<B> {
        #[pin]
        inner: B,
        #[pin]
        deadline: Sleep,
        timeout: Duration,
    }
}

impl<B> DeadlineBody<B> {
    fn new(inner: B, timeout: Duration) -> DeadlineBody<B> {
        DeadlineBody {
            inner,
            deadline: tokio::time::sleep(timeout),
            timeout,
        }
    }
}

impl<B> HttpBody for DeadlineBody<B>
where
    B: HttpBody<Data = Bytes>,
    B::Error: Into<Box<dyn StdError + Send + Sync>>,
{
    type Data = Bytes;
    type Error = Box<dyn StdError + Send + Sync>;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = self.project();
        if let Poll::Ready(frame) = this.inner.poll_frame(cx) {
            return Poll::Ready(frame.map(|frame| frame.map_err(Into::into)));
        }
        if this.deadline.poll(cx).is_ready() {
            return Poll::Ready(Some(Err(Box::new(BodyReadTimeout {
                timeout: *this.timeout,
            }))));
        }
        Poll::Pending
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
