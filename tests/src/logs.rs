//! Every `tracing` line the test process writes, at `TRACE` level, for tests that check what is
//! (and is never) logged.
//!
//! The capture is the process-wide default subscriber, installed once: a thread-scoped one
//! (`set_default`) races with other tests' threads registering the same log call sites and
//! then misses lines now and then. So the text holds the lines of every test in the binary run
//! so far, which the no-secret assertions then cover too.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

/// The captured log lines.
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    /// Everything logged so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Starts capturing (once per process) and returns the capture.
pub fn capture() -> Captured {
    static CAPTURED: OnceLock<Captured> = OnceLock::new();
    CAPTURED
        .get_or_init(|| {
            let captured = Captured::default();
            let sink = captured.clone();
            let subscriber = tracing_subscriber::fmt()
                .with_max_level(tracing::Level::TRACE)
                .with_writer(move || sink.clone())
                .with_ansi(false)
                .finish();
            tracing::subscriber::set_global_default(subscriber)
                .expect("no other global subscriber in the test process");
            captured
        })
        .clone()
}
