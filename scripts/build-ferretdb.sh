#!/usr/bin/env bash
# Builds the embedded database launcher (tools/ferretdb) into .bin/ferretdb, once: it is rebuilt only
# when its Go sources are newer than the binary.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/.bin/ferretdb"
src="$root/tools/ferretdb"
if [ -x "$bin" ] && [ -z "$(find "$src" -newer "$bin" -type f 2>/dev/null)" ]; then
  exit 0
fi
command -v go >/dev/null || { echo "go is required to build the FerretDB launcher (or set MONGODB_URI)" >&2; exit 1; }
echo "Building the FerretDB launcher (first time takes a couple of minutes)..." >&2
mkdir -p "$root/.bin"
(cd "$src" && GOFLAGS=-mod=mod go build -trimpath -o "$bin" .)
echo "Built $bin" >&2
