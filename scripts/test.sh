#!/usr/bin/env bash
# Every check and every test, from a fresh clone: installs, type-checks, lints, checks the schema,
# then runs each package's tests against a real database server (FerretDB, or MONGODB_URI).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/setup.sh" --for-tests
. "$root/scripts/node-env.sh"
cd "$root"
pnpm --silent run check
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
pnpm --silent test 2>&1 | tee "$log" || status=$?
# The failures again at the end, where a truncated log still shows them: each package's "Failed Tests"
# section (test name, error, first lines of the diff), at most 80 lines.
sed 's/\x1b\[[0-9;]*m//g' "$log" | awk '
  /Failed Tests [0-9]+/ { inside = 1 }
  inside && /Test Files[[:space:]]+[0-9]/ { inside = 0 }
  inside { print }' | head -n 80
# One closing line for the whole run, summed over every package's vitest summary.
sed 's/\x1b\[[0-9;]*m//g' "$log" | awk '
  /Tests[[:space:]]+[0-9]/ {
    for (i = 1; i <= NF; i++) {
      if ($(i+1) == "passed") passed += $i
      if ($(i+1) == "failed") failed += $i
      if ($(i+1) == "skipped") skipped += $i
    }
  }
  END { printf "Tests: %d passed, %d failed, %d skipped\n", passed, failed, skipped }'
exit "$status"
