#!/usr/bin/env bash
# Writes each fuzz target's starting corpus to fuzz/corpus/<target>/ (seed-* files, replaced on
# every run; inputs the fuzzer added are kept): the documented response and event samples
# (tests/data/samples), a form body per method from the spec's argument examples, signed and
# edited signatures, and each spec file. The seeds are `slack_connect_tests::fuzz_entry::seeds`,
# the same ones the property tests (tests/tests/properties.rs) start from.
#
# Usage: scripts/fuzz-seed.sh [corpus dir, default fuzz/corpus]
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-fuzz/corpus}
mkdir -p "$corpus"
find "$corpus" -name 'seed-*' -type f -delete
cargo run --quiet -p slack-connect-tests --bin fuzz-seed -- "$corpus"
