//! A minimal HTTP CONNECT proxy on 127.0.0.1 for the proxy tests.
//!
//! It reads a request head, records it, and for `CONNECT host:port` answers `200 Connection
//! established` and relays bytes both ways to `127.0.0.1:port`, whatever the host. It acts like
//! a proxy whose DNS knows a name this machine does not: a client that reaches a made-up host
//! can only have come through it. Started as [`refusing`](ConnectProxy::refusing), it answers
//! every request `407 Proxy Authentication Required` instead.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request the proxy received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProxyRequest {
    pub method: String,
    /// `host:port` for a CONNECT, the URL otherwise.
    pub target: String,
    pub proxy_authorization: Option<String>,
}

pub struct ConnectProxy {
    pub port: u16,
    requests: Arc<Mutex<Vec<ProxyRequest>>>,
}

impl ConnectProxy {
    /// A proxy that opens every tunnel it is asked for.
    pub async fn start() -> ConnectProxy {
        ConnectProxy::listen(true).await
    }

    /// A proxy that refuses every request with `407`.
    pub async fn refusing() -> ConnectProxy {
        ConnectProxy::listen(false).await
    }

    async fn listen(open_tunnels: bool) -> ConnectProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let log = requests.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                tokio::spawn(serve(client, log.clone(), open_tunnels));
            }
        });
        ConnectProxy { port, requests }
    }

    /// The proxy's URL with no credentials.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<ProxyRequest> {
        self.requests.lock().unwrap().clone()
    }

    /// The `host:port` of every CONNECT received so far: one per tunnel asked for.
    pub fn tunnels(&self) -> Vec<String> {
        self.requests()
            .into_iter()
            .filter(|request| request.method == "CONNECT")
            .map(|request| request.target)
            .collect()
    }
}

async fn serve(mut client: TcpStream, log: Arc<Mutex<Vec<ProxyRequest>>>, open_tunnels: bool) {
    let Some((request, early_bytes)) = read_head(&mut client).await else {
        return;
    };
    log.lock().unwrap().push(request.clone());
    let port = request
        .target
        .rsplit_once(':')
        .and_then(|(_, port)| port.parse::<u16>().ok());
    let upstream = match (request.method.as_str(), port, open_tunnels) {
        ("CONNECT", Some(port), true) => TcpStream::connect(("127.0.0.1", port)).await.ok(),
        _ => None,
    };
    let Some(mut upstream) = upstream else {
        let answer = if open_tunnels {
            "HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
        } else {
            "HTTP/1.1 407 Proxy Authentication Required\r\nproxy-authenticate: Basic realm=\"test\"\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
        };
        let _ = client.write_all(answer.as_bytes()).await;
        return;
    };
    if client
        .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
        .await
        .is_err()
    {
        return;
    }
    // A client may send its TLS hello right behind the CONNECT head, before the answer.
    if upstream.write_all(&early_bytes).await.is_err() {
        return;
    }
    let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
}

/// Reads a request head; returns it and any bytes that arrived after it.
async fn read_head(stream: &mut TcpStream) -> Option<(ProxyRequest, Vec<u8>)> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.lines();
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?.to_owned();
    let proxy_authorization = lines.find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("proxy-authorization")
            .then(|| value.trim().to_owned())
    });
    let request = ProxyRequest {
        method,
        target,
        proxy_authorization,
    };
    Some((request, buffer[head_end..].to_vec()))
}
