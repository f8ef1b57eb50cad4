//! A real `redis-server` for the tests: started on a free loopback port with its own temporary
//! directory, stopped (and the directory removed) when dropped.
//!
//! The binary is `$REDIS_SERVER`, else `target/redis-server/bin/redis-server` (what
//! `scripts/install-redis.sh --local` unpacks), else `redis-server` on `PATH`. Where none is
//! found, the first test that needs one runs `scripts/install-redis.sh` (Debian's package, with
//! apt as root or by sudo, else unpacked into `target/redis-server/`), so `cargo test` on a fresh
//! machine runs these tests too. If that fails, the test fails with the command that installs it:
//! these tests never skip.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The command that installs `redis-server`, named in the failure when it is missing.
pub const INSTALL_COMMAND: &str = "scripts/install-redis.sh (or scripts/install-redis.sh --local)";

/// A running `redis-server`, owned by the test.
#[derive(Debug)]
pub struct RedisServer {
    binary: PathBuf,
    port: u16,
    dir: tempfile::TempDir,
    child: Option<Child>,
}

/// Where the `redis-server` binary is, installing it first where it is missing.
pub fn redis_server_binary() -> PathBuf {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY
        .get_or_init(|| {
            find_redis_server().unwrap_or_else(|| {
                install_redis_server();
                find_redis_server().unwrap_or_else(|| PathBuf::from("redis-server"))
            })
        })
        .clone()
}

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn find_redis_server() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("REDIS_SERVER") {
        return Some(PathBuf::from(path));
    }
    let local = workspace_root().join("target/redis-server/bin/redis-server");
    if local.exists() {
        return Some(local);
    }
    let on_path = Command::new("redis-server")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    on_path.then(|| PathBuf::from("redis-server"))
}

/// Runs the project's install script; its output goes to the test's output, which `cargo test`
/// shows when a test fails.
fn install_redis_server() {
    let script = workspace_root().join("scripts/install-redis.sh");
    match Command::new("bash").arg(&script).output() {
        Ok(output) => eprintln!(
            "{} ({}):\n{}{}",
            script.display(),
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
        Err(error) => eprintln!("cannot run {}: {error}", script.display()),
    }
}

impl RedisServer {
    /// Starts a server on a free port. Panics, naming the install command, when `redis-server`
    /// is missing or does not start.
    pub fn start() -> RedisServer {
        let mut server = RedisServer {
            binary: redis_server_binary(),
            port: 0,
            dir: tempfile::Builder::new()
                .prefix("slack-connect-redis-")
                .tempdir()
                .expect("a temporary directory for redis-server"),
            child: None,
        };
        let mut last = String::new();
        // A free port can be taken by another process before the server binds it: try again.
        for _ in 0..5 {
            server.port = free_port();
            match server.spawn() {
                Ok(()) => return server,
                Err(error) => last = error,
            }
        }
        panic!("redis-server did not start: {last}; install it with {INSTALL_COMMAND}");
    }

    /// The server's address, for [`RedisStore::open`](slack_connect::store::redis::RedisStore::open).
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// The server's port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Kills the server at once (SIGKILL), as a crash would.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the server again on the same port (after [`kill`](Self::kill)), with empty data.
    pub fn restart(&mut self) {
        self.kill();
        if let Err(error) = self.spawn() {
            panic!(
                "redis-server did not restart on port {}: {error}",
                self.port
            );
        }
    }

    /// Sends one command in Redis's inline form and returns the raw reply.
    pub fn command(&self, command: &str) -> String {
        let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, self.port))
            .expect("a connection to redis-server");
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .expect("a read timeout");
        stream
            .write_all(format!("{command}\r\n").as_bytes())
            .expect("a command sent");
        let mut reply = Vec::new();
        let mut buffer = [0u8; 65536];
        loop {
            let n = stream.read(&mut buffer).unwrap_or(0);
            reply.extend_from_slice(&buffer[..n]);
            if n == 0 || complete(&reply) {
                break;
            }
        }
        String::from_utf8_lossy(&reply).into_owned()
    }

    fn spawn(&mut self) -> Result<(), String> {
        let mut child = Command::new(&self.binary)
            .args(["--bind", "127.0.0.1", "--port"])
            .arg(self.port.to_string())
            .arg("--dir")
            .arg(self.dir.path())
            .args(["--save", "", "--appendonly", "no", "--daemonize", "no"])
            .args(["--protected-mode", "yes", "--loglevel", "warning"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|error| {
                format!(
                    "cannot run {}: {error}; install it with {INSTALL_COMMAND}",
                    self.binary.display()
                )
            })?;
        let deadline = Instant::now() + Duration::from_secs(10);
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, self.port));
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                return Err(format!("redis-server exited at start ({status})"));
            }
            if let Ok(mut stream) = TcpStream::connect_timeout(&address, Duration::from_millis(200))
            {
                let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
                let mut reply = [0u8; 7];
                if stream.write_all(b"PING\r\n").is_ok()
                    && stream.read_exact(&mut reply).is_ok()
                    && &reply == b"+PONG\r\n"
                {
                    self.child = Some(child);
                    return Ok(());
                }
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                return Err("redis-server did not answer PING within 10 s".to_owned());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.kill();
    }
}

fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free loopback port")
}

/// Whether a reply in RESP is complete (one line, or a bulk string with its body).
fn complete(reply: &[u8]) -> bool {
    let text = String::from_utf8_lossy(reply);
    let Some(end) = text.find("\r\n") else {
        return false;
    };
    match text.as_bytes().first() {
        Some(b'$') => {
            let length: i64 = text[1..end].parse().unwrap_or(-1);
            length < 0 || text.len() >= end + 2 + length as usize + 2
        }
        Some(b'*') => true,
        _ => true,
    }
}
