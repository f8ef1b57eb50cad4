#!/usr/bin/env bash
# Installs `redis-server` (Debian's package) for the Redis tests and benchmarks, where missing.
#
#   scripts/install-redis.sh          # apt-get install redis-server (as root, or with sudo)
#   scripts/install-redis.sh --local  # no root: apt-get download + dpkg -x into target/redis-server/
#
# The tests look for `redis-server` in $REDIS_SERVER, then target/redis-server/bin/, then PATH,
# and run this script themselves when they find none.
set -euo pipefail
cd "$(dirname "$0")/.."

local_dir="target/redis-server"
# Test processes running at once may all find it missing: one installs, the others wait.
mkdir -p target
exec 9>target/install-redis.lock
flock 9
mode="${1:-auto}"

if [ "$mode" != "--local" ]; then
  if command -v redis-server >/dev/null 2>&1; then
    echo "redis-server found: $(command -v redis-server)"
    exit 0
  fi
fi
if [ -x "$local_dir/bin/redis-server" ]; then
  echo "redis-server found: $local_dir/bin/redis-server"
  exit 0
fi

if [ "$mode" != "--local" ]; then
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else mode="--local"; fi
  fi
  if [ "$mode" != "--local" ]; then
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends redis-server
    # Debian's package starts a system service on port 6379; the tests start their own servers.
    echo "redis-server installed: $(command -v redis-server)"
    exit 0
  fi
fi

# Without root: the packages unpacked into target/redis-server/ (redis-server and redis-tools,
# which holds the binary, plus the libraries it links that a minimal system may lack).
work="$(mktemp -d)"
chmod 755 "$work" # apt-get download runs as the `_apt` user where it can
trap 'rm -rf "$work"' EXIT
(
  cd "$work"
  apt-get download redis-server redis-tools liblzf1 libjemalloc2 >/dev/null
)
mkdir -p "$local_dir"
for deb in "$work"/*.deb; do
  dpkg -x "$deb" "$local_dir"
done
# A wrapper that finds the unpacked libraries.
mkdir -p "$local_dir/bin"
cat >"$local_dir/bin/redis-server" <<'WRAPPER'
#!/bin/sh
here="$(cd "$(dirname "$0")/.." && pwd)"
LD_LIBRARY_PATH="$here/usr/lib/$(uname -m)-linux-gnu:$here/usr/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
  exec "$here/usr/bin/redis-server" "$@"
WRAPPER
chmod +x "$local_dir/bin/redis-server"
echo "redis-server unpacked: $local_dir/bin/redis-server"
