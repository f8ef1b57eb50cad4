//! Form decoding, which servers (the emulator) run before authenticating anyone: its cost per
//! field stays flat as the field count grows (duplicate keys are found with a hash set, not by
//! scanning every earlier key), and a hostile 110,000-key body is refused after the field cap.
//! Baseline, measured in the same run: a typical five-field call.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use slack_connect::conversations::request_shared_invite::list;
use slack_connect::runtime::form::{decode, MAX_FORM_FIELDS};

/// `count` distinct fields, unknown to the method (so only the key handling is measured).
fn fields(count: usize) -> String {
    (0..count)
        .map(|i| format!("key_{i}=value"))
        .collect::<Vec<_>>()
        .join("&")
}

fn form_decode(c: &mut Criterion) {
    let meta = &list::METHOD;
    let mut group = c.benchmark_group("form_decode");
    let typical =
        "include_approved=true&include_denied=false&include_expired=false&limit=50&cursor=abc";
    group.throughput(Throughput::Elements(5));
    group.bench_function("typical_5_fields", |b| {
        b.iter(|| decode(typical.as_bytes(), meta).unwrap())
    });
    for count in [64, MAX_FORM_FIELDS] {
        let body = fields(count);
        group.throughput(Throughput::Elements(count as u64));
        group.bench_with_input(
            BenchmarkId::new("distinct_fields", count),
            &body,
            |b, body| b.iter(|| decode(body.as_bytes(), meta).unwrap()),
        );
    }
    // The shape of the hostile body: 110,000 short keys, 858 KiB, under the byte cap, so it is
    // refused by the field cap after 1,024 fields.
    let hostile = (0..110_000)
        .map(|i| format!("k{i}=v"))
        .collect::<Vec<_>>()
        .join("&");
    assert!(hostile.len() < slack_connect::runtime::form::MAX_FORM_BYTES);
    group.throughput(Throughput::Elements(MAX_FORM_FIELDS as u64));
    group.bench_function("refuse_110000_keys", |b| {
        b.iter(|| decode(hostile.as_bytes(), meta).unwrap_err())
    });
    group.finish();
}

criterion_group!(benches, form_decode);
criterion_main!(benches);
