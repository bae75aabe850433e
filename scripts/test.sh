#!/usr/bin/env bash
# Every check and every test, from a fresh clone: installs, type-checks, lints, checks the schema,
# then runs each package's tests against a real database server (FerretDB, or MONGODB_URI).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/setup.sh"
cd "$root"
pnpm --silent run check
pnpm --silent test
