#!/usr/bin/env bash
# Compares the SDK with Slack's official Python and Node SDKs on loopback, against the same
# emulator. Needs `pip install slack_sdk`, and `npm install @slack/web-api` in NODE_PEER_DIR
# (default /tmp/nodepeer). Not part of CI: it installs packages from PyPI and npm.
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
node_dir=${NODE_PEER_DIR:-/tmp/nodepeer}
if [ -d "$node_dir/node_modules/@slack/web-api" ]; then
  cp tests/benches/peers/web_api_loop.mjs "$node_dir/"
  node "$node_dir/web_api_loop.mjs" "$base" "$calls"
fi
