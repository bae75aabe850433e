#!/usr/bin/env bash
# Installs what the project needs on a fresh machine of this kind: Node.js 24 and pnpm (pinned), the
# workspace's packages from the lockfile and the embedded database (the FerretDB launcher and Debian's
# PostgreSQL 15; neither when MONGODB_URI names a database). With --for-tests also the Debian packages
# only the tests use (Chromium for the browser tests, redis-server for scale-out). Safe to run again.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
for_tests=false
for arg in "$@"; do
  case "$arg" in
    --for-tests) for_tests=true ;;
    *) echo "usage: scripts/setup.sh [--for-tests]" >&2; exit 2 ;;
  esac
done
# Node.js 24 LTS from npm's node-linux-<arch> package (the binary ships inside it), into .bin/node-24,
# once; scripts/node-env.sh puts it first on PATH for this script, up.sh and test.sh.
. scripts/node-env.sh
if [ "$(node --version 2>/dev/null)" != "v$NODE_VERSION" ]; then
  case "$(uname -m)" in
    x86_64) node_arch=x64 ;;
    aarch64 | arm64) node_arch=arm64 ;;
    *) echo "error: no node-linux package for $(uname -m); install Node.js $NODE_VERSION and put it first on PATH" >&2; exit 1 ;;
  esac
  echo "Installing Node.js $NODE_VERSION (npm package node-linux-$node_arch) into ${NODE_HOME#"$root"/}..." >&2
  node_tmp=$(mktemp -d)
  (cd "$node_tmp" && npm pack --silent "node-linux-$node_arch@$NODE_VERSION" >/dev/null)
  rm -rf "$NODE_HOME" && mkdir -p "$NODE_HOME"
  tar xzf "$node_tmp"/node-linux-*.tgz -C "$NODE_HOME" --strip-components=1
  rm -rf "$node_tmp"
  . scripts/node-env.sh
  [ "$(node --version)" = "v$NODE_VERSION" ] || { echo "error: $NODE_HOME/bin/node is not Node.js $NODE_VERSION" >&2; exit 1; }
fi

PNPM_VERSION=12.4.2
if ! command -v pnpm >/dev/null || [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  echo "Installing pnpm $PNPM_VERSION..." >&2
  npm install --global --no-fund --no-audit "pnpm@$PNPM_VERSION" >&2
fi
pnpm install --frozen-lockfile >&2

# The embedded database launcher is built with Go, and only needed when no MONGODB_URI names a
# database (in the environment or in .env).
mongodb_uri=${MONGODB_URI:-}
if [ -z "$mongodb_uri" ] && [ -f .env ]; then
  mongodb_uri=$(sed -n 's/^[[:space:]]*\(export[[:space:]]\+\)\?MONGODB_URI=//p' .env | tail -n 1 | tr -d "\"'")
fi
if [ -n "$mongodb_uri" ]; then
  echo "MONGODB_URI is set: using that database; the embedded launcher (tools/ferretdb, needs Go) is not built." >&2
elif ! command -v go >/dev/null && [ ! -x .bin/ferretdb ]; then
  echo "error: Go is not installed, so the embedded database launcher (tools/ferretdb) cannot be built." >&2
  echo "       Install Go 1.24 or newer and run this again, or set MONGODB_URI (in .env" >&2
  echo "       or the environment) to a running MongoDB or FerretDB; then Go is not needed." >&2
  exit 1
else
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
fi

# Only the tests need what follows (scripts/test.sh passes --for-tests); running the system does not.
if [ "$for_tests" = false ]; then
  exit 0
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
