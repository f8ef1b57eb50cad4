//! Peak memory of a call whose response is a 50 MB `conversations.requestSharedInvite.list`
//! page, served by the hostile-server kit (the body is generated while it is written, so the
//! server holds almost nothing). Each scenario runs in a fresh child process of this binary and
//! reports its peak resident set (`VmHWM` in `/proc/self/status`), next to a baseline process
//! that makes the same call with a 1 KB page. Linux only (it reads `/proc`).
//!
//! `cargo bench -p slack-connect-tests --bench response_size`
//!
//! Scenarios:
//! - `baseline`: a 1 KB page, default client.
//! - `page_50mb_default`: the 50 MB page with the default client (`max_response_size` 16 MiB):
//!   refused once 16 MiB are known to be exceeded.
//! - `page_50mb_accepted`: the same page with the limit raised to 64 MiB: read in chunks into
//!   one buffer and decoded, what accepting a page this large costs.
//! - `small_items_50mb_default` and `small_items_50mb_accepted`: the same with items of only the
//!   required fields (about 110 bytes each instead of 1.7 KB): more items, so more memory per
//!   byte once decoded.
//! - `small_items_50mb_chunked`: the small-item page sent chunked, without a `Content-Length`,
//!   to the default client: refused once 16 MiB have arrived, so the peak is bounded by the limit.

use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use slack_connect::conversations::request_shared_invite::list;
use slack_connect::Client;
use slack_connect_tests::hostile::{Act, HostileServer};

const SCENARIO_VAR: &str = "RESPONSE_SIZE_SCENARIO";
const SCENARIOS: &[&str] = &[
    "baseline",
    "page_50mb_default",
    "page_50mb_accepted",
    "small_items_50mb_default",
    "small_items_50mb_accepted",
    "small_items_50mb_chunked",
];

fn small_item() -> Value {
    json!({"id": "I0000000001", "date_created": 1, "expires_at": 2, "inviting_team": {},
           "inviting_user": {}, "target_user": {}})
}

fn item() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/samples/conversations.requestSharedInvite.list.json"
    );
    let sample: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    sample["invite_requests"][0].clone()
}

/// Peak resident set of this process, in KiB.
fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM")
}

fn run_scenario(name: &str) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (bytes, limit, item, announce) = match name {
        "baseline" => (1_000, None, item(), true),
        "page_50mb_default" => (50_000_000, None, item(), true),
        "page_50mb_accepted" => (50_000_000, Some(64 << 20), item(), true),
        "small_items_50mb_default" => (50_000_000, None, small_item(), true),
        "small_items_50mb_accepted" => (50_000_000, Some(64 << 20), small_item(), true),
        "small_items_50mb_chunked" => (50_000_000, None, small_item(), false),
        other => panic!("unknown scenario {other}"),
    };
    let (outcome, elapsed) = runtime.block_on(async {
        let server =
            HostileServer::always(Act::huge_page("invite_requests", &item, bytes, announce)).await;
        let mut builder = Client::builder("xoxb-bench").base_url(&server.base_url);
        if let Some(limit) = limit {
            builder = builder.max_response_size(limit);
        }
        let client = builder
            .timeout(Some(Duration::from_secs(120)))
            .build()
            .unwrap();
        let started = Instant::now();
        let outcome = match client.call(&list::Request::new()).await {
            Ok(page) => format!("ok, {} items", page.invite_requests.len()),
            Err(error) => format!("error: {error}"),
        };
        (outcome, started.elapsed())
    });
    println!("{}\t{}\t{outcome}", peak_kib(), elapsed.as_millis());
}

fn main() {
    if let Ok(name) = std::env::var(SCENARIO_VAR) {
        run_scenario(&name);
        return;
    }
    // `cargo bench` passes `--bench`; a filter (any other argument) picks scenarios.
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let exe = std::env::current_exe().unwrap();
    let mut baseline_kib = None;
    println!(
        "{:<26} {:>10} {:>9} {:>8}  outcome",
        "scenario", "peak MiB", "x base", "ms"
    );
    for name in SCENARIOS {
        if !filter.is_empty()
            && *name != "baseline"
            && !filter.iter().any(|f| name.contains(f.as_str()))
        {
            continue;
        }
        let output = Command::new(&exe).env(SCENARIO_VAR, name).output().unwrap();
        assert!(
            output.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let line = String::from_utf8(output.stdout).unwrap();
        let mut fields = line.trim_end().splitn(3, '\t');
        let kib: u64 = fields.next().unwrap().parse().unwrap();
        let ms = fields.next().unwrap();
        let outcome = fields.next().unwrap_or_default();
        let base = *baseline_kib.get_or_insert(kib);
        println!(
            "{name:<26} {:>10.1} {:>9.2} {ms:>8}  {}",
            kib as f64 / 1024.0,
            kib as f64 / base as f64,
            outcome.chars().take(90).collect::<String>()
        );
    }
}
