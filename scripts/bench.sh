#!/usr/bin/env bash
# pnpm bench [--quick] [--only 1,2,...]: installs and builds like scripts/test.sh, compiles the
# bench with esbuild, starts the AWS emulator and prints one table of ratios; raw figures, the
# Markdown table and the SVG chart go to bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh >&2
export PATH="$PWD/.tools/node_modules/.bin:$PATH"
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
rm -rf bench/dist
entries=$(find bench -name '*.ts' -not -path '*/node_modules/*' -not -path 'bench/dist/*' -not -path 'bench/lib/*' -not -path "bench/scenarios/*" -not -path "bench/handlers/*" | sort)
bench/node_modules/.bin/esbuild $entries --bundle --packages=external --platform=node --format=cjs --target=node20 \
  --outbase=bench --outdir=bench/dist --log-level=warning
exec node bench/dist/run.js "$@"
