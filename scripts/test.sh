#!/usr/bin/env bash
# The whole test run: install and build, type-check the tests and examples, lint, check that
# every export is documented, then every jest project (the AWS emulator and Redis are started by
# the jest global setup). Extra arguments go to jest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export PATH="$PWD/.tools/node_modules/.bin:$PATH"
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
pnpm exec tsc -p tsconfig.tests.json
pnpm exec biome check .
pnpm exec ts-node --transpile-only scripts/check-docs.ts

pnpm exec jest "$@"
