//! A TCP listener whose connections a handler can drop without answering, for the
//! `close_connection` fault: hyper owns the connection, so the handler flips a per-connection
//! switch and the stream then fails every write, which makes hyper close it.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::extract::connect_info::Connected;
use axum::serve::{IncomingStream, Listener};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

/// Accepts connections that can be killed from a handler.
pub(crate) struct KillableListener(pub TcpListener);

/// A peer, as handlers see it through `ConnectInfo`.
#[derive(Clone, Debug)]
pub(crate) struct Peer {
    kill: Arc<AtomicBool>,
}

impl Peer {
    /// Closes the connection without sending the response being prepared.
    pub fn close_connection(&self) {
        self.kill.store(true, Ordering::SeqCst);
    }
}

/// A TCP stream that fails once its peer is killed.
pub(crate) struct KillableStream {
    inner: TcpStream,
    kill: Arc<AtomicBool>,
}

impl KillableStream {
    fn killed(&self) -> bool {
        self.kill.load(Ordering::SeqCst)
    }
}

impl Listener for KillableListener {
    type Io = KillableStream;
    type Addr = Peer;

    async fn accept(&mut self) -> (KillableStream, Peer) {
        loop {
            match self.0.accept().await {
                Ok((inner, _)) => {
                    let kill = Arc::new(AtomicBool::new(false));
                    let peer = Peer { kill: kill.clone() };
                    return (KillableStream { inner, kill }, peer);
                }
                // Out of file descriptors and the like: wait and try again, as axum does.
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    }

    fn local_addr(&self) -> io::Result<Peer> {
        self.0.local_addr().map(|_| Peer {
            kill: Arc::new(AtomicBool::new(false)),
        })
    }
}

impl Connected<IncomingStream<'_, KillableListener>> for Peer {
    fn connect_info(stream: IncomingStream<'_, KillableListener>) -> Peer {
        stream.remote_addr().clone()
    }
}

impl AsyncRead for KillableStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.killed() {
            return Poll::Ready(Ok(())); // end of stream
        }
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for KillableStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.killed() {
            return Poll::Ready(Err(io::ErrorKind::ConnectionAborted.into()));
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

impl KillableListener {
    /// The bound socket address (the `Listener` address type is [`Peer`]).
    pub fn socket_addr(&self) -> io::Result<SocketAddr> {
        self.0.local_addr()
    }
}
