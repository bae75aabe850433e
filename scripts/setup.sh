#!/usr/bin/env bash
# Installs what the project needs on a fresh machine of this kind: pnpm (pinned), the workspace's
# packages from the lockfile, and the embedded database launcher. Safe to run again.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
PNPM_VERSION=12.4.2
if ! command -v pnpm >/dev/null || [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  echo "Installing pnpm $PNPM_VERSION..." >&2
  npm install --global --no-fund --no-audit "pnpm@$PNPM_VERSION" >&2
fi
pnpm install --frozen-lockfile >&2
bash scripts/build-ferretdb.sh
