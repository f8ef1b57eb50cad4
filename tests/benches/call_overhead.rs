//! Per-call overhead with criterion: a generated SDK call against reqwest calls to the same
//! loopback server (see `calls/mod.rs` for the three calls). Target: the SDK at most 5% slower
//! than the same job written by hand; `call_interleaved` measures that robustly.

#[path = "../tests/support/mod.rs"]
mod support;

mod calls;

use criterion::{criterion_group, criterion_main, Criterion};

fn call_overhead(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let server = runtime.block_on(calls::server());
    let url = calls::deny_url(&server);
    let raw = reqwest::Client::new();
    let sdk = calls::sdk(&server);

    let mut group = c.benchmark_group("call_overhead");
    group.bench_function("reqwest_bare", |b| {
        b.to_async(&runtime).iter(|| calls::bare(&raw, &url))
    });
    group.bench_function("reqwest_by_hand", |b| {
        b.to_async(&runtime).iter(|| calls::by_hand(&raw, &url))
    });
    group.bench_function("sdk_generated_call", |b| {
        b.to_async(&runtime).iter(|| calls::generated(&sdk))
    });
    group.finish();
}

criterion_group!(benches, call_overhead);
criterion_main!(benches);
