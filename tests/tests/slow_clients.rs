//! Slow clients cannot starve a server the project runs. 200 connections trickle a request a
//! byte at a time (half send their headers that way, half send whole headers and then their body
//! that way) to the Events API receiver and to the emulator; while they are all open, a real
//! signed delivery (or API call) is answered within Slack's three-second acknowledgement
//! deadline; and every trickling connection is ended by the server soon after its read
//! deadline (`ServerLimits`), a trickled body answered as timed out. With a connection cap
//! below the number of tricklers, the real request is still answered once the deadlines have
//! cleared the way.
//!
//! The test raises no file-descriptor limit: it holds about 400 sockets (both ends of each
//! trickling connection) at once.

use std::net::SocketAddr;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::json;
use slack_connect::receiver::Receiver;
use slack_connect::runtime::ServerLimits;
use slack_connect::signing::SigningSecret;
use slack_connect::EventCallback;
use slack_connect_emulator::{seed, Emulator, EmulatorConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, oneshot};

const SECRET: &str = "slow-clients-test-signing-secret";
/// Trickling connections per server.
const TRICKLERS: usize = 200;
/// The pause between two trickled bytes.
const TICK: Duration = Duration::from_millis(50);
/// The most bytes a trickler sends: far more time than any deadline below.
const MAX_TRICKLED: usize = 400;
/// The read deadlines the servers are started with.
const DEADLINE: Duration = Duration::from_secs(1);
/// How long Slack waits for a delivery's acknowledgement.
const ACK_DEADLINE: Duration = Duration::from_secs(3);

fn limits() -> ServerLimits {
    ServerLimits::default()
        .header_read_timeout(DEADLINE)
        .body_read_timeout(DEADLINE)
}

/// How a trickling connection ended.
#[derive(Debug)]
struct Ended {
    /// How long after connecting the server ended it (closed it or answered).
    after: Duration,
    /// What the server sent, if anything.
    answer: String,
}

/// Opens a connection to `addr`, then trickles `head` a byte per tick (all of it at once when
/// `whole_head`) followed by `body` a byte per tick, until the server answers or closes.
/// Returns `None` if the server let it send everything it had (up to [`MAX_TRICKLED`] bytes).
async fn trickle(
    addr: SocketAddr,
    head: String,
    whole_head: bool,
    body_len: usize,
    connected: mpsc::Sender<()>,
) -> Option<Ended> {
    let stream = TcpStream::connect(addr).await.expect("connects");
    let started = Instant::now();
    let (mut read, mut write) = stream.into_split();
    let mut bytes: Vec<u8> = Vec::new();
    if whole_head {
        write.write_all(head.as_bytes()).await.ok()?;
    } else {
        bytes.extend_from_slice(head.as_bytes());
    }
    bytes.extend(std::iter::repeat_n(b'x', body_len));
    bytes.truncate(MAX_TRICKLED);
    let _ = connected.send(()).await;
    let sending = async move {
        for byte in bytes {
            if write.write_all(&[byte]).await.is_err() {
                break;
            }
            tokio::time::sleep(TICK).await;
        }
        // Everything sent without the server ending the connection: hold it a moment more.
        tokio::time::sleep(DEADLINE * 3).await;
    };
    let mut answer = Vec::new();
    tokio::select! {
        () = sending => None,
        _ = read.read_to_end(&mut answer) => Some(Ended {
            after: started.elapsed(),
            answer: String::from_utf8_lossy(&answer).into_owned(),
        }),
    }
}

/// Starts [`TRICKLERS`] tricklers against `path` on `addr`, half trickling their head, half
/// their body, and waits until every one is connected.
async fn start_tricklers(
    addr: SocketAddr,
    path: &str,
    count: usize,
) -> Vec<tokio::task::JoinHandle<(bool, Option<Ended>)>> {
    let (connected, mut connections) = mpsc::channel(count);
    let mut tasks = Vec::new();
    for n in 0..count {
        let trickles_body = n % 2 == 1;
        let body_len = if trickles_body { 300 } else { 0 };
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {body_len}\r\nX-Padding: {}\r\n\r\n",
            "p".repeat(300)
        );
        let connected = connected.clone();
        tasks.push(tokio::spawn(async move {
            (
                trickles_body,
                trickle(addr, head, trickles_body, body_len, connected).await,
            )
        }));
    }
    for _ in 0..count {
        connections.recv().await.expect("every trickler connects");
    }
    tasks
}

/// Every trickler was ended by the server within its deadline (plus scheduling slack), and
/// every trickled body was answered as timed out by `timed_out`.
async fn assert_all_ended(
    tasks: Vec<tokio::task::JoinHandle<(bool, Option<Ended>)>>,
    timed_out: &str,
) {
    let mut bodies = 0;
    for task in tasks {
        let (trickled_body, ended) = task.await.unwrap();
        let ended = ended.expect("the server ends a trickling connection");
        assert!(
            ended.after < DEADLINE * 3,
            "a trickling connection lasted {:?}",
            ended.after
        );
        if trickled_body {
            bodies += 1;
            assert!(ended.answer.contains(timed_out), "{:?}", ended.answer);
        }
    }
    assert_eq!(bodies, TRICKLERS / 2);
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// A receiver with `limits` on a free port; the handler reports each event's ID.
async fn receiver(
    limits: ServerLimits,
) -> (
    SocketAddr,
    mpsc::UnboundedReceiver<String>,
    oneshot::Sender<()>,
) {
    let (events, handled) = mpsc::unbounded_channel();
    let receiver = Receiver::new(
        SigningSecret::new(SECRET),
        move |delivery: EventCallback| {
            let events = events.clone();
            async move {
                let _ = events.send(delivery.event_id);
            }
        },
    )
    .limits(limits);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(receiver.serve_on(listener, async {
        let _ = stopped.await;
    }));
    (addr, handled, stop)
}

/// Posts a genuine signed delivery and returns its status and how long the answer took.
async fn deliver(addr: SocketAddr, event_id: &str) -> (u16, Duration) {
    let body = json!({
        "token": "verification-token",
        "team_id": "T0ACMEHQ01",
        "api_app_id": "A0EMULATOR1",
        "event": {"type": "app_mention_like_nothing_known", "event_ts": "1.0"},
        "type": "event_callback",
        "event_id": event_id,
        "event_time": now(),
    })
    .to_string();
    let timestamp = now().to_string();
    let signature = SigningSecret::new(SECRET).sign(&timestamp, body.as_bytes());
    let started = Instant::now();
    let response = reqwest::Client::new()
        .post(format!("http://{addr}/slack/events"))
        .header("X-Slack-Request-Timestamp", timestamp)
        .header("X-Slack-Signature", signature)
        .header("Content-Type", "application/json")
        .body(body)
        .timeout(ACK_DEADLINE * 4)
        .send()
        .await
        .expect("the delivery is answered");
    (response.status().as_u16(), started.elapsed())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_receiver_answers_a_real_delivery_while_200_clients_trickle() {
    let (addr, mut handled, _stop) = receiver(limits()).await;
    let tricklers = start_tricklers(addr, "/slack/events", TRICKLERS).await;
    let (status, took) = deliver(addr, "EvReal0001").await;
    assert_eq!(status, 200);
    assert!(took < ACK_DEADLINE, "the delivery took {took:?}");
    assert_eq!(handled.recv().await.as_deref(), Some("EvReal0001"));
    // Header tricklers are closed; body tricklers get 408.
    assert_all_ended(tricklers, "408").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_emulator_answers_a_real_call_while_200_clients_trickle() {
    let config = EmulatorConfig::default()
        .without_rate_limits()
        .limits(limits());
    let emulator = Emulator::start_with(config).await.unwrap();
    let method = "conversations.listConnectInvites";
    let tricklers = start_tricklers(emulator.addr(), &format!("/api/{method}"), TRICKLERS).await;
    let started = Instant::now();
    let answer = reqwest::Client::new()
        .post(format!("{}{method}", emulator.base_url()))
        .bearer_auth(seed::ACME_BOT_TOKEN)
        .timeout(ACK_DEADLINE * 4)
        .send()
        .await
        .expect("the call is answered")
        .bytes()
        .await
        .unwrap();
    let answer: serde_json::Value = serde_json::from_slice(&answer).unwrap();
    let took = started.elapsed();
    assert_eq!(answer["ok"], json!(true), "{answer}");
    assert!(took < ACK_DEADLINE, "the call took {took:?}");
    // Header tricklers are closed; body tricklers get Slack's `request_timeout`.
    assert_all_ended(tricklers, "request_timeout").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_cap_below_the_tricklers_still_serves_the_real_request() {
    let cap = 16;
    let (addr, mut handled, _stop) = receiver(limits().max_connections(cap)).await;
    // Three times the cap: the deadlines clear a slot wave by wave.
    let tricklers = start_tricklers(addr, "/slack/events", cap * 3).await;
    let (status, took) = deliver(addr, "EvReal0002").await;
    assert_eq!(status, 200);
    // Three waves of tricklers, each ended by its deadline, then the delivery.
    assert!(
        took < DEADLINE * 3 + ACK_DEADLINE,
        "the delivery took {took:?}"
    );
    assert_eq!(handled.recv().await.as_deref(), Some("EvReal0002"));
    for task in tricklers {
        let (_, ended) = task.await.unwrap();
        assert!(ended.is_some(), "a trickler outlived the deadlines");
    }
}

#[tokio::test]
async fn deadlines_too_far_to_represent_are_cut_not_overflowed() {
    let limits = ServerLimits::default()
        .header_read_timeout(Duration::MAX)
        .body_read_timeout(Duration::MAX);
    let (addr, mut handled, _stop) = receiver(limits).await;
    let (status, _) = deliver(addr, "EvReal0003").await;
    assert_eq!(status, 200);
    assert_eq!(handled.recv().await.as_deref(), Some("EvReal0003"));
}
