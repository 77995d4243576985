#!/usr/bin/env bash
# Installs the AWS Secrets Manager Agent (Rust, from crates.io) under ~/.cache/coffer/agent, once:
# the extension transport's tests and the differential test run against it. Building takes about
# ten minutes on a fresh machine; later runs find the binary and return at once. Prints the
# binary's path; exits 1 (saying why on stderr) when it cannot be built here.
set -euo pipefail
root="${COFFER_AGENT_ROOT:-$HOME/.cache/coffer/agent}"
binary="$root/bin/aws_secretsmanager_agent"
if [ -x "$binary" ]; then
  echo "$binary"
  exit 0
fi
cargo="$(command -v cargo || true)"
[ -z "$cargo" ] && [ -x "$HOME/.cargo/bin/cargo" ] && cargo="$HOME/.cargo/bin/cargo"
if [ -z "$cargo" ]; then
  echo "coffer: cargo is not installed: the Secrets Manager Agent cannot be built here" >&2
  exit 1
fi
mkdir -p "$root"
log="$root/build.log"
# cargo install builds in a temporary folder and deletes it when cut short; a target folder in the
# cache lets a build stopped by CI's time bound resume where it was on the next run.
export CARGO_TARGET_DIR="$root/target"
echo "coffer: building the AWS Secrets Manager Agent (about 10 minutes, once, resumable; log: $log)" >&2
if ! nice -n 10 "$cargo" install aws_secretsmanager_agent --version 2.1.0 --locked --root "$root" >"$log" 2>&1; then
  echo "coffer: the Secrets Manager Agent did not build; see $log" >&2
  exit 1
fi
echo "$binary"
