#!/usr/bin/env bash
# Cross-checks `cargo xtask spec-diff`'s SemVer verdicts against cargo-semver-checks.
#
# For each case, two copies of the repository are made (the base, and the base with one spec
# edit, regenerated); spec-diff judges the edit, and cargo-semver-checks compares the two
# generated `slack-connect` crates. Prints one line per case with both verdicts.
#
# Not part of CI: it needs cargo-semver-checks (`cargo install cargo-semver-checks --locked`)
# and python3, and builds the crate a dozen times. Usage: scripts/semver-crosscheck.sh
set -euo pipefail

root=$(git rev-parse --show-toplevel)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CARGO_TARGET_DIR="$work/target"
deny=spec/methods/conversations.requestSharedInvite.deny.json

# name | python statement editing `m` (the deny method file, as a dict)
cases=(
  "optional argument added|m['arguments'].append({'name': 'reason', 'type': 'string', 'description': 'Why.'})"
  "required argument added|m['arguments'].append({'name': 'reason', 'type': 'string', 'required': True, 'description': 'Why.'})"
  "argument removed|m['arguments'] = [a for a in m['arguments'] if a['name'] != 'message']"
  "error code added|m['errors'].append({'code': 'invite_locked', 'description': 'Locked.'})"
  "response field added|m['response']['fields'].append({'name': 'denied_at', 'type': 'integer', 'description': 'When.'})"
  "constraint tightened|[a.setdefault('constraints', {}).update({'max_length': 100}) for a in m['arguments'] if a['name'] == 'message']"
  "description changed|m['arguments'][0]['description'] += ' Reworded.'"
)

git -C "$root" archive HEAD | (mkdir -p "$work/base" && tar -x -C "$work/base")
printf '%-26s %-10s %s\n' "case" "spec-diff" "cargo-semver-checks"
for case in "${cases[@]}"; do
  name=${case%%|*}
  edit=${case#*|}
  head="$work/head"
  rm -rf "$head" && mkdir -p "$head"
  git -C "$root" archive HEAD | tar -x -C "$head"
  python3 - "$head/$deny" "$edit" <<'PY'
import json, sys
path, edit = sys.argv[1], sys.argv[2]
m = json.load(open(path))
exec(edit)
json.dump(m, open(path, "w"), indent=2)
PY
  (cd "$head" && cargo xtask codegen >/dev/null 2>&1)
  ours=$(cd "$head" && cargo xtask spec-diff --base-dir "$work/base/spec" --format json 2>/dev/null \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["sdk"])' || true)
  theirs=$(cd "$head" && cargo semver-checks check-release -p slack-connect \
      --baseline-root "$work/base" 2>&1 | grep -Eo 'semver requires new (major|minor) version|no semver update required' | head -1 || true)
  printf '%-26s %-10s %s\n' "$name" "$ours" "${theirs:-(no summary; see cargo semver-checks output)}"
done
