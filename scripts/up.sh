#!/usr/bin/env bash
# The whole system on this machine with demo data: database, three subgraphs, gateway.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/setup.sh"
cd "$root" && exec pnpm --silent dev
