#!/usr/bin/env bash
# The whole test run: install, build and type-check, lint, then every jest project (the AWS
# emulator and Redis are started by the jest global setup).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export PATH="$PWD/.tools/node_modules/.bin:$PATH"
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
pnpm exec tsc -p tsconfig.tests.json
pnpm exec biome check .
pnpm exec jest "$@"
