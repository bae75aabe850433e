#!/usr/bin/env bash
# Installs what the project needs on a fresh machine of this kind: pnpm (pinned), the workspace's
# packages from the lockfile, the embedded database (PostgreSQL 15 from Debian and the FerretDB
# launcher), and the Debian packages the tests use (Chromium for the browser tests, redis-server for
# scale-out). Safe to run again.
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
# The embedded database stores its data in a private PostgreSQL cluster that the launcher creates
# and starts (docs/DATABASE.md); it needs Debian's server binaries, not a running service.
if ! compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null && ! command -v postgres >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing PostgreSQL 15 (Debian package postgresql-15) for the embedded database..." >&2
    apt-get update >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-15 >&2
  else
    echo "error: PostgreSQL is missing, and installing it needs root. The embedded database will not start until" >&2
    echo "       'sudo apt-get update && sudo apt-get install -y --no-install-recommends postgresql-15' has run" >&2
    echo "       (or MONGODB_URI names a MongoDB, or FERRETDB_BACKEND=sqlite selects the slower SQLite backend)." >&2
  fi
fi
# The browser tests (tests/browser) drive Debian's Chromium with playwright-core; a test tool's own
# browser download cannot work on machines without open internet. About a minute, once.
if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing Chromium (Debian package chromium) for the browser tests..." >&2
    apt-get update >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >&2
  else
    echo "error: /usr/bin/chromium is missing, and installing it needs root. The browser tests (tests/browser) will fail until" >&2
    echo "       'sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium' has run (or CHROMIUM_PATH names a Chromium)." >&2
  fi
fi
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
