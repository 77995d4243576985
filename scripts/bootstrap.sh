#!/usr/bin/env bash
# Installs what the repo needs on a fresh machine with Node >= 20: pnpm, then the workspace's
# dependencies (sqlite3 compiles from source, about a minute the first time), then builds.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v pnpm >/dev/null 2>&1; then
  echo "coffer: installing pnpm 12" >&2
  npm install --global pnpm@12 >/dev/null 2>&1 || {
    # No rights to the global prefix: install into a folder of the repo's own.
    npm install --prefix .tools pnpm@12 >/dev/null
    export PATH="$PWD/.tools/node_modules/.bin:$PATH"
  }
fi

# node-gyp builds sqlite3 against the running Node's headers.
npm_config_nodedir="$(node -p 'require("path").resolve(process.execPath, "../..")')"
export npm_config_nodedir

stamp=node_modules/.coffer-install-stamp
if [ ! -f "$stamp" ] || [ pnpm-lock.yaml -nt "$stamp" ]; then
  pnpm install --frozen-lockfile --reporter=append-only 2>&1 | grep -Ev '^(Progress|gyp info)' | tail -n 15
  touch "$stamp"
fi
pnpm exec tsc -b
