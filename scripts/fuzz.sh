#!/usr/bin/env bash
# Runs every fuzz target (fuzz/, cargo-fuzz) for a bounded time each, one after the other, and
# prints per target: runs, corpus size, and findings (files libFuzzer wrote to
# fuzz/artifacts/<target>/ in this run). Exits 1 if anything was found.
#
# Needs the nightly toolchain and cargo-fuzz (`rustup toolchain install nightly`,
# `cargo install cargo-fuzz --locked`). Builds in release mode with debug assertions (overflow
# checks on), cargo-fuzz's default. Seeds the corpus first if it has no seeds. A target with a
# dictionary (fuzz/dicts/<target>.dict: JSON tokens, envelope and spec keys) gets it.
#
# Usage: scripts/fuzz.sh [seconds per target, default 60] [target ...]
#   FUZZ_JOBS=N   run N libFuzzer workers per target (default 1)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(response form events signature spec)
fi
parallel=()
if [ "${FUZZ_JOBS:-1}" -gt 1 ]; then
  parallel=(-jobs="$FUZZ_JOBS" -workers="$FUZZ_JOBS")
fi
if ! ls fuzz/corpus/*/seed-* >/dev/null 2>&1; then
  scripts/fuzz-seed.sh
fi
(cd fuzz && cargo +nightly fuzz build)
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
found_any=0
printf '%-10s %12s %8s %8s  %s\n' target runs "runs/s" corpus findings
for target in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$target" "fuzz/artifacts/$target"
  marker="$logs/$target.start"
  touch "$marker"
  dict=()
  if [ -f "fuzz/dicts/$target.dict" ]; then
    dict=(-dict="dicts/$target.dict")
  fi
  # A finding stops libFuzzer with a non-zero status; the summary below reports it.
  (cd fuzz && cargo +nightly fuzz run "$target" "corpus/$target" -- \
      -max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=2048 -timeout=10 \
      ${parallel[@]+"${parallel[@]}"} ${dict[@]+"${dict[@]}"} >"$logs/$target.log" 2>&1) || true
  cat fuzz/fuzz-*.log >>"$logs/$target.log" 2>/dev/null || true
  # The final stats; a run stopped by a finding has none, so its last progress line counts.
  runs=$(awk '/stat::number_of_executed_units/ { s += $2; f = 1 }
              /^#[0-9]+/ { n = substr($1, 2) + 0; if (n > last) last = n }
              END { print (f ? s : last + 0) }' "$logs/$target.log")
  rate=$(( runs / (seconds > 0 ? seconds : 1) ))
  corpus=$(find "fuzz/corpus/$target" -type f | wc -l)
  findings=$(find "fuzz/artifacts/$target" -type f -newer "$marker" | sort)
  rm -f fuzz/fuzz-*.log
  if [ "$runs" -eq 0 ] && [ -z "$findings" ]; then
    found_any=1
    printf '%-10s %12s %8s %8s  %s\n' "$target" 0 0 "$corpus" "did not run:"
    tail -n 5 "$logs/$target.log" | sed 's/^/    /'
  elif [ -n "$findings" ]; then
    found_any=1
    printf '%-10s %12s %8s %8s  %s\n' "$target" "$runs" "$rate" "$corpus" "$(echo "$findings" | wc -l) (see below)"
    echo "$findings" | sed 's/^/    /'
    grep -m1 -A4 -E "panicked at|ERROR: libFuzzer" "$logs/$target.log" | sed 's/^/    /' || true
  else
    printf '%-10s %12s %8s %8s  %s\n' "$target" "$runs" "$rate" "$corpus" none
  fi
done
exit "$found_any"
