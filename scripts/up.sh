#!/usr/bin/env bash
# The whole system on this machine with demo data: database, three subgraphs, gateway. Installs only
# what running needs (Node.js, pnpm, packages, the database launcher), not the test tools.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/setup.sh"
. "$root/scripts/node-env.sh"
cd "$root" && exec pnpm --silent dev
