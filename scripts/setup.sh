#!/usr/bin/env bash
# Installs what the project needs on a fresh machine of this kind: pnpm (pinned), the workspace's
# packages from the lockfile, the embedded database launcher, and the Debian packages the tests
# start (redis-server). Safe to run again.
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
# Debian packages the tests start themselves: redis-server (gateway scale-out test). Installed once.
if [ ! -x /usr/bin/redis-server ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing redis-server (Debian) for the scale-out tests..." >&2
    apt-get update >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server >&2
  else
    echo "error: /usr/bin/redis-server is missing and installing it needs root (sudo apt-get install -y redis-server)." >&2
  fi
fi
