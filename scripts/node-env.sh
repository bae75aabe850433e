# Sourced by setup.sh, up.sh and test.sh: puts the project's Node.js (installed by setup.sh into
# .bin/node-24 from npm's node-linux-<arch> package) first on PATH, so pnpm, tsx, vitest and turbo run
# on it whatever node the machine has. The version is pinned here and named in .nvmrc.
NODE_VERSION=24.22.3
NODE_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.bin/node-${NODE_VERSION%%.*}"
if [ -x "$NODE_HOME/bin/node" ]; then
  export PATH="$NODE_HOME/bin:$PATH"
fi
