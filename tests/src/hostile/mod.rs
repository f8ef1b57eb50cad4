//! A hostile HTTP/1.1 server on 127.0.0.1, scripted per request, for testing what a client does
//! when the server misbehaves on purpose.
//!
//! Each request is handed to the script as a [`Seen`] (with its connection number, its index
//! and the bearer token it carried), and the script answers with an [`Act`]: a JSON body that
//! echoes the token wherever it likes, a redirect anywhere, a body trickled a few bytes at a
//! time, a body of hundreds of megabytes generated while it is written (never held in memory),
//! or a closed connection. The server counts the requests and connections it received and the
//! body bytes it managed to write, so a test can tell what a client really sent and read.
//!
//! ```no_run
//! # async fn demo() {
//! use serde_json::json;
//! use slack_connect_tests::hostile::{Act, HostileServer};
//!
//! // Every answer echoes the caller's token back in the error code.
//! let server = HostileServer::start(|seen| {
//!     Act::json(json!({"ok": false, "error": format!("bad_{}", seen.token().unwrap_or(""))}))
//! })
//! .await;
//! println!("{} requests so far", server.request_count());
//! # }
//! ```

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// A request as the server received it.
#[derive(Clone, Debug)]
pub struct Seen {
    /// Its number among every request the server received, from 0.
    pub index: usize,
    /// The number of the connection it came on, from 0.
    pub connection: usize,
    /// The HTTP method.
    pub method: String,
    /// The request target (path and query).
    pub path: String,
    /// The headers, in order.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Seen {
    /// The first header of this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The bearer token of the `Authorization` header.
    pub fn token(&self) -> Option<&str> {
        self.header("authorization")?.strip_prefix("Bearer ")
    }

    /// The body parsed as JSON (`Null` when it is not JSON).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

/// What the server does with a request.
#[derive(Clone, Debug)]
pub enum Act {
    /// Answer at once with this status, headers and body.
    Respond {
        /// The status code.
        status: u16,
        /// Headers besides `content-length`.
        headers: Vec<(String, String)>,
        /// The body.
        body: Vec<u8>,
    },
    /// Answer with a body written `chunk` bytes at a time, waiting `every` between writes.
    Trickle {
        /// The status code.
        status: u16,
        /// The whole body (its length is announced).
        body: Vec<u8>,
        /// Bytes per write (at least 1).
        chunk: usize,
        /// The pause before each write.
        every: Duration,
    },
    /// Answer `200` with `head`, then `unit` repeated `count` times, then `tail`, generated
    /// while it is written (a body of any size without the memory). With `announce_length`
    /// the length goes in `content-length`; without it the body is sent chunked.
    Stream {
        /// The body's first bytes.
        head: Vec<u8>,
        /// The bytes repeated.
        unit: Vec<u8>,
        /// How many times.
        count: u64,
        /// The body's last bytes.
        tail: Vec<u8>,
        /// Whether `content-length` announces the length.
        announce_length: bool,
    },
    /// Close the connection without answering.
    Close,
}

impl Act {
    /// `200` with a JSON body.
    pub fn json(value: serde_json::Value) -> Act {
        Act::Respond {
            status: 200,
            headers: vec![("content-type".into(), "application/json".into())],
            body: value.to_string().into_bytes(),
        }
    }

    /// Any status with a body of any content type.
    pub fn status(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Act {
        Act::Respond {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body: body.into(),
        }
    }

    /// A redirect (`301`, `302`, `307`, `308`, ...) to `location`.
    pub fn redirect(status: u16, location: impl Into<String>) -> Act {
        Act::Respond {
            status,
            headers: vec![
                ("location".into(), location.into()),
                ("content-type".into(), "text/plain".into()),
            ],
            body: b"moved".to_vec(),
        }
    }

    /// A successful list page of about `bytes` bytes: `{"ok":true,"<field>":[item,item,...]}`,
    /// streamed, with its length announced or not.
    pub fn huge_page(field: &str, item: &serde_json::Value, bytes: u64, announce: bool) -> Act {
        let head = format!("{{\"ok\":true,\"{field}\":[{item}").into_bytes();
        let unit = format!(",{item}").into_bytes();
        let count = bytes.saturating_sub(head.len() as u64) / unit.len() as u64;
        Act::Stream {
            head,
            unit,
            count,
            tail: b"]}".to_vec(),
            announce_length: announce,
        }
    }
}

type Script = Arc<dyn Fn(&Seen) -> Act + Send + Sync>;

#[derive(Default)]
struct Counters {
    requests: Mutex<Vec<Seen>>,
    connections: AtomicUsize,
    body_bytes_written: AtomicU64,
}

/// A running hostile server; it stops when dropped.
pub struct HostileServer {
    /// `http://127.0.0.1:PORT/api/`: a base URL for a client.
    pub base_url: String,
    /// `http://127.0.0.1:PORT`.
    pub origin: String,
    counters: Arc<Counters>,
    task: JoinHandle<()>,
}

impl Drop for HostileServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl HostileServer {
    /// Starts a server answering each request with `script(request)`.
    pub async fn start(script: impl Fn(&Seen) -> Act + Send + Sync + 'static) -> HostileServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let origin = format!("http://{}", listener.local_addr().expect("local address"));
        let counters = Arc::new(Counters::default());
        let script: Script = Arc::new(script);
        let shared = counters.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let connection = shared.connections.fetch_add(1, Ordering::SeqCst);
                let _ = stream.set_nodelay(true);
                tokio::spawn(serve(stream, connection, shared.clone(), script.clone()));
            }
        });
        HostileServer {
            base_url: format!("{origin}/api/"),
            origin,
            counters,
            task,
        }
    }

    /// Starts a server that answers every request with `act`.
    pub async fn always(act: Act) -> HostileServer {
        HostileServer::start(move |_| act.clone()).await
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Seen> {
        self.counters.requests.lock().expect("lock").clone()
    }

    /// How many requests were received.
    pub fn request_count(&self) -> usize {
        self.counters.requests.lock().expect("lock").len()
    }

    /// How many connections were accepted.
    pub fn connections(&self) -> usize {
        self.counters.connections.load(Ordering::SeqCst)
    }

    /// How many response body bytes were written to sockets (not counting headers or chunk
    /// framing): what the clients were made to receive, or their kernels to buffer.
    pub fn body_bytes_written(&self) -> u64 {
        self.counters.body_bytes_written.load(Ordering::SeqCst)
    }
}

/// A loopback URL on which nothing listens (a port bound, then released).
pub fn dead_origin() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let address = listener.local_addr().expect("local address");
    drop(listener);
    format!("http://{address}")
}

async fn serve(mut stream: TcpStream, connection: usize, counters: Arc<Counters>, script: Script) {
    let mut buffer = Vec::new();
    loop {
        let Some((method, path, headers, body)) = read_request(&mut stream, &mut buffer).await
        else {
            return;
        };
        let seen = {
            let mut all = counters.requests.lock().expect("lock");
            let seen = Seen {
                index: all.len(),
                connection,
                method,
                path,
                headers,
                body,
            };
            all.push(seen.clone());
            seen
        };
        let written = &counters.body_bytes_written;
        let kept_open = match script(&seen) {
            Act::Respond {
                status,
                headers,
                body,
            } => {
                let mut message = head(status, &headers, Some(body.len() as u64));
                message.extend_from_slice(&body);
                let ok = stream.write_all(&message).await.is_ok();
                if ok {
                    written.fetch_add(body.len() as u64, Ordering::SeqCst);
                }
                ok
            }
            Act::Trickle {
                status,
                body,
                chunk,
                every,
            } => trickle(&mut stream, status, &body, chunk.max(1), every, written).await,
            Act::Stream {
                head: first,
                unit,
                count,
                tail,
                announce_length,
            } => {
                let length = first.len() as u64 + unit.len() as u64 * count + tail.len() as u64;
                stream_body(
                    &mut stream,
                    (&first, &unit, count, &tail),
                    announce_length.then_some(length),
                    written,
                )
                .await
            }
            Act::Close => false,
        };
        if !kept_open {
            return;
        }
    }
}

fn head(status: u16, headers: &[(String, String)], length: Option<u64>) -> Vec<u8> {
    let mut text = format!("HTTP/1.1 {status} Hostile\r\n");
    match length {
        Some(length) => text.push_str(&format!("content-length: {length}\r\n")),
        None => text.push_str("transfer-encoding: chunked\r\n"),
    }
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("\r\n");
    text.into_bytes()
}

async fn trickle(
    stream: &mut TcpStream,
    status: u16,
    body: &[u8],
    chunk: usize,
    every: Duration,
    written: &AtomicU64,
) -> bool {
    let headers = [("content-type".to_owned(), "application/json".to_owned())];
    if stream
        .write_all(&head(status, &headers, Some(body.len() as u64)))
        .await
        .is_err()
    {
        return false;
    }
    for piece in body.chunks(chunk) {
        tokio::time::sleep(every).await;
        if stream.write_all(piece).await.is_err() {
            return false;
        }
        written.fetch_add(piece.len() as u64, Ordering::SeqCst);
    }
    true
}

/// Writes `head + unit * count + tail` in writes of about 64 KiB, chunked when `length` is
/// `None`. Stops (closing the connection) as soon as the peer stops reading.
async fn stream_body(
    stream: &mut TcpStream,
    (first, unit, count, tail): (&[u8], &[u8], u64, &[u8]),
    length: Option<u64>,
    written: &AtomicU64,
) -> bool {
    let headers = [("content-type".to_owned(), "application/json".to_owned())];
    if stream
        .write_all(&head(200, &headers, length))
        .await
        .is_err()
    {
        return false;
    }
    let chunked = length.is_none();
    let per_write = (64 * 1024 / unit.len().max(1)).max(1) as u64;
    let block = unit.repeat(per_write as usize);
    let send = |bytes: Vec<u8>| {
        let mut framed = Vec::with_capacity(bytes.len() + 16);
        if chunked {
            framed.extend_from_slice(format!("{:x}\r\n", bytes.len()).as_bytes());
            framed.extend_from_slice(&bytes);
            framed.extend_from_slice(b"\r\n");
        } else {
            framed.extend_from_slice(&bytes);
        }
        (framed, bytes.len() as u64)
    };
    let (framed, n) = send(first.to_vec());
    if stream.write_all(&framed).await.is_err() {
        return false;
    }
    written.fetch_add(n, Ordering::SeqCst);
    let mut left = count;
    while left > 0 {
        let take = left.min(per_write);
        let bytes = if take == per_write {
            block.clone()
        } else {
            unit.repeat(take as usize)
        };
        let (framed, n) = send(bytes);
        if stream.write_all(&framed).await.is_err() {
            return false;
        }
        written.fetch_add(n, Ordering::SeqCst);
        left -= take;
    }
    let (mut framed, n) = send(tail.to_vec());
    if chunked {
        framed.extend_from_slice(b"0\r\n\r\n");
    }
    if stream.write_all(&framed).await.is_err() {
        return false;
    }
    written.fetch_add(n, Ordering::SeqCst);
    true
}

type Request = (String, String, Vec<(String, String)>, Vec<u8>);

/// Reads one request with a `content-length` body; `None` when the peer closed or sent
/// something this server does not parse.
async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Request> {
    loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let text = String::from_utf8_lossy(&buffer[..end]).into_owned();
            let mut lines = text.split("\r\n");
            let mut start = lines.next()?.split(' ');
            let method = start.next()?.to_owned();
            let path = start.next()?.to_owned();
            let headers: Vec<(String, String)> = lines
                .filter_map(|l| l.split_once(':'))
                .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
                .collect();
            let length: usize = headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(0);
            while buffer.len() < end + 4 + length {
                if !fill(stream, buffer).await {
                    return None;
                }
            }
            let body = buffer[end + 4..end + 4 + length].to_vec();
            buffer.drain(..end + 4 + length);
            return Some((method, path, headers, body));
        }
        if !fill(stream, buffer).await {
            return None;
        }
    }
}

async fn fill(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> bool {
    let mut chunk = [0u8; 8192];
    match stream.read(&mut chunk).await {
        Ok(0) | Err(_) => false,
        Ok(n) => {
            buffer.extend_from_slice(&chunk[..n]);
            true
        }
    }
}
