#!/usr/bin/env bash
# Compares the SDK with Slack's official Python SDK on loopback, against the same emulator.
# Needs `pip install slack_sdk`. Not part of CI: it installs a package from PyPI.
set -euo pipefail
cd "$(dirname "$0")/../../.."
calls=${1:-2000}
port=${PORT:-3999}
cargo build -q --release -p slack-connect-emulator
cargo bench -q -p slack-connect-tests --bench peer_loop --no-run
target/release/slack-connect-emulator --port "$port" --no-rate-limits >/dev/null &
emulator=$!
trap 'kill $emulator' EXIT
sleep 1
base="http://127.0.0.1:$port/api/"
loop=$(ls target/release/deps/peer_loop-* | grep -v '\.d$' | head -n 1)
"$loop" "$base" "$calls"
python3 tests/benches/peers/slack_sdk_loop.py "$base" "$calls"
