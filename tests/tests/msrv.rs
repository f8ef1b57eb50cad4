//! The minimum supported Rust version is honest: every crate of the workspace inherits the one
//! `rust-version` of `[workspace.package]`, and no package in `Cargo.lock` (for this machine's
//! platform) declares a newer one. Clippy's `incompatible_msrv` lint, run by CI, checks the
//! workspace's own code against the same version; together they need no older toolchain.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// `cargo metadata` for the locked tree, as the build sees it on this platform.
fn metadata() -> Value {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let host = Command::new(&cargo)
        .arg("-vV")
        .output()
        .expect("running cargo -vV");
    let host = String::from_utf8_lossy(&host.stdout)
        .lines()
        .find_map(|line| line.strip_prefix("host: ").map(str::to_owned))
        .expect("cargo -vV names the host");
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml");
    let output = Command::new(&cargo)
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .args(["--filter-platform", &host, "--manifest-path"])
        .arg(&manifest)
        .output()
        .expect("running cargo metadata");
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON")
}

/// `1.85`, `1.85.0` -> (1, 85, 0).
fn version(text: &str) -> (u64, u64, u64) {
    let mut parts = text.split('.').map(|part| {
        part.parse::<u64>()
            .unwrap_or_else(|_| panic!("not a Rust version: `{text}`"))
    });
    let major = parts.next().unwrap_or(0);
    (major, parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

#[test]
fn every_locked_package_builds_with_the_declared_rust_version() {
    let metadata = metadata();
    let packages = metadata["packages"].as_array().expect("packages");
    let members: Vec<&str> = metadata["workspace_members"]
        .as_array()
        .expect("workspace_members")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let ours = packages
        .iter()
        .find(|package| package["name"] == "slack-connect")
        .and_then(|package| package["rust_version"].as_str())
        .expect("slack-connect declares rust-version");

    let mut problems = Vec::new();
    for package in packages {
        let name = package["name"].as_str().unwrap_or("?");
        let declared = package["rust_version"].as_str();
        let is_member = members.contains(&package["id"].as_str().unwrap_or(""));
        if is_member {
            if declared != Some(ours) {
                problems.push(format!(
                    "workspace crate {name} declares rust-version {declared:?}, not the workspace's {ours} (use `rust-version.workspace = true`)"
                ));
            }
        } else if let Some(needed) = declared {
            if version(needed) > version(ours) {
                problems.push(format!(
                    "{name} {} needs Rust {needed}, newer than our rust-version {ours}: lock an older version (`cargo update -p {name} --precise <version>`) or raise rust-version in Cargo.toml's [workspace.package]",
                    package["version"].as_str().unwrap_or("?")
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn versions_compare_by_number() {
    assert!(version("1.88") > version("1.85.0"));
    assert!(version("1.100") > version("1.99"));
    assert_eq!(version("1.85"), version("1.85.0"));
}
