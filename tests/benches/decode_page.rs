//! Decoding a 1,000-item `conversations.requestSharedInvite.list` page: the SDK's typed decode
//! (envelope + response) against `serde_json::Value`. Target: typed at least twice as fast.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use serde_json::Value;
use slack_connect::conversations::request_shared_invite::list;
use slack_connect::runtime::{decode, Decoded};

/// A page of `items` invite requests built from the documented example's items.
fn page(items: usize) -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/samples/conversations.requestSharedInvite.list.json"
    );
    let sample: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let documented = sample["invite_requests"].as_array().unwrap();
    let requests: Vec<Value> = (0..items)
        .map(|i| {
            let mut item = documented[i % documented.len()].clone();
            item["id"] = Value::String(format!("I{i:08}"));
            item
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "ok": true,
        "invite_requests": requests,
        "response_metadata": {"next_cursor": "aWQ6STAxNkszN0FBQUU="}
    }))
    .unwrap()
}

fn decode_page(c: &mut Criterion) {
    let body = page(1000);
    let mut group = c.benchmark_group("decode_1000_item_page");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_with_input(
        BenchmarkId::new("serde_json_value", body.len()),
        &body,
        |b, body| {
            b.iter(|| {
                let value: Value = serde_json::from_slice(body).unwrap();
                assert_eq!(value["invite_requests"].as_array().unwrap().len(), 1000);
            })
        },
    );
    group.bench_with_input(
        BenchmarkId::new("sdk_typed", body.len()),
        &body,
        |b, body| {
            b.iter(|| {
                let decoded = decode::<list::Response, list::Error>(body).unwrap();
                let Decoded::Success(response, _) = decoded else {
                    panic!("a success page")
                };
                assert_eq!(response.invite_requests.len(), 1000);
            })
        },
    );
    group.finish();
}

criterion_group!(benches, decode_page);
criterion_main!(benches);
