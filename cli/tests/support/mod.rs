//! Running the built `slack-connect` binary against an emulator in this test process.

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use slack_connect_emulator::{seed, Emulator, EmulatorConfig, Fault, NewInviteRequest};
use tokio::runtime::Runtime;

/// The binary under test.
const BINARY: &str = env!("CARGO_BIN_EXE_slack-connect");

/// An emulator served by its own runtime's worker threads, so tests can block on the binary.
pub struct Harness {
    // Dropped before the runtime: the emulator's server task lives on it.
    emulator: Emulator,
    _runtime: Runtime,
}

/// What a run of the binary printed, and how it exited.
pub struct Outcome {
    /// The exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Harness {
    /// The default world, without rate limits (tests call methods in quick succession).
    pub fn start() -> Harness {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let config = EmulatorConfig::default().without_rate_limits();
        let emulator = runtime.block_on(Emulator::start_with(config)).unwrap();
        Harness {
            emulator,
            _runtime: runtime,
        }
    }

    /// The emulator, for seeding and faults.
    pub fn emulator(&self) -> &Emulator {
        &self.emulator
    }

    /// Runs the binary with `token` in `SLACK_TOKEN` and the emulator's URL in `SLACK_API_URL`.
    pub fn run(&self, token: &str, args: &[&str]) -> Outcome {
        run_with(
            &[
                ("SLACK_TOKEN", token),
                ("SLACK_API_URL", &self.emulator.base_url()),
            ],
            args,
        )
    }

    /// As Acme's bot, the admin of the inviting side.
    pub fn acme(&self, args: &[&str]) -> Outcome {
        self.run(seed::ACME_BOT_TOKEN, args)
    }

    /// As Globex's bot, the invited side.
    pub fn globex(&self, args: &[&str]) -> Outcome {
        self.run(seed::GLOBEX_BOT_TOKEN, args)
    }

    /// `count` invite requests by Alice in `#project-x`, as members make them in Slack's client.
    pub fn invite_requests(&self, count: usize) -> Vec<String> {
        (0..count)
            .map(|n| {
                let request = NewInviteRequest::by_email(
                    seed::ACME_PROJECT,
                    seed::ACME_ALICE,
                    &format!("guest{n}@example.com"),
                );
                self.emulator.create_invite_request(request).unwrap()
            })
            .collect()
    }

    /// Makes the next `times` calls of `method` fail with `fault`.
    pub fn fault(&self, method: &str, fault: Fault, times: u32) {
        self.emulator.inject_fault(method, fault, times).unwrap();
    }
}

/// Runs the binary with exactly these environment variables (besides `PATH`), so a token or URL
/// in the developer's environment cannot leak into a test.
pub fn run_with(env: &[(&str, &str)], args: &[&str]) -> Outcome {
    let mut command = Command::new(BINARY);
    command.env_clear().args(args);
    if let Some(path) = std::env::var_os("PATH") {
        command.env("PATH", path);
    }
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().unwrap();
    Outcome {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

impl Outcome {
    /// Asserts success and returns stdout as JSON.
    pub fn json(&self) -> Value {
        assert_eq!(self.code, 0, "stderr: {}", self.stderr);
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("{e}: {}", self.stdout))
    }

    /// Asserts the exit code and a single `error:` line on stderr (and nothing on stdout);
    /// returns that line.
    pub fn failure(&self, code: i32) -> &str {
        assert_eq!(
            self.code, code,
            "stdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        assert_eq!(self.stdout, "", "nothing on stdout after a failure");
        let lines: Vec<&str> = self.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "one line on stderr: {:?}", self.stderr);
        assert!(lines[0].starts_with("error: "), "{}", lines[0]);
        lines[0]
    }
}

/// A file holding `text`, removed when dropped.
pub struct TempFile(pub std::path::PathBuf);

impl TempFile {
    /// A fresh file named after `name` in the system's temporary directory.
    pub fn new(name: &str, text: &str) -> TempFile {
        let path =
            std::env::temp_dir().join(format!("slack-connect-cli-{}-{name}", std::process::id()));
        std::fs::write(&path, text).unwrap();
        TempFile(path)
    }

    /// The path, as a command-line argument.
    pub fn arg(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(Path::new(&self.0));
    }
}
