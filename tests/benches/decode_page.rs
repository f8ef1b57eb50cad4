//! Decoding a 1,000-item `conversations.requestSharedInvite.list` page, and a 1,000-organization
//! `team.externalTeams.list` page (deeply nested preference objects): the SDK's typed decode
//! (envelope + response) against `serde_json::Value`. Target: typed at least twice as fast.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use serde_json::Value;
use slack_connect::conversations::request_shared_invite::list;
use slack_connect::runtime::{decode, Decoded};
use slack_connect::team::external_teams::list as external_teams;

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

/// A page of `items` connected organizations, each java-slack-sdk's recorded organization (every
/// field and preference its model knows) with its own team ID.
fn organizations_page(items: usize) -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../reference/more-methods/java-samples/team.externalTeams.list.json"
    );
    let sample: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let recorded = &sample["organizations"][0];
    let organizations: Vec<Value> = (0..items)
        .map(|i| {
            let mut item = recorded.clone();
            item["team_id"] = Value::String(format!("T{i:08}"));
            item["team_name"] = Value::String(format!("Partner {i}"));
            item
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "ok": true,
        "organizations": organizations,
        "total_count": items,
        "response_metadata": {"next_cursor": "T99999999"}
    }))
    .unwrap()
}

fn decode_organizations(c: &mut Criterion) {
    let body = organizations_page(1000);
    let mut group = c.benchmark_group("decode_1000_organization_page");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_with_input(
        BenchmarkId::new("serde_json_value", body.len()),
        &body,
        |b, body| {
            b.iter(|| {
                let value: Value = serde_json::from_slice(body).unwrap();
                assert_eq!(value["organizations"].as_array().unwrap().len(), 1000);
            })
        },
    );
    group.bench_with_input(
        BenchmarkId::new("sdk_typed", body.len()),
        &body,
        |b, body| {
            b.iter(|| {
                let decoded =
                    decode::<external_teams::Response, external_teams::Error>(body).unwrap();
                let Decoded::Success(response, _) = decoded else {
                    panic!("a success page")
                };
                assert_eq!(response.organizations.len(), 1000);
            })
        },
    );
    group.finish();
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

criterion_group!(benches, decode_page, decode_organizations);
criterion_main!(benches);
