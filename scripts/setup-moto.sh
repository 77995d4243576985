#!/usr/bin/env bash
# Prints the path of a Python that can run moto's server (`python -m moto.server`). Uses one
# already on the machine when it has moto; otherwise installs the pinned moto into the tests'
# virtualenv ~/.cache/coffer/venv (see scripts/venv.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh

MOTO_VERSION="${COFFER_MOTO_VERSION:-5.2.1}"

has_moto() { "$1" -c 'import moto.server' >/dev/null 2>&1; }

for candidate in "$COFFER_VENV/bin/python" python3 python; do
  if command -v "$candidate" >/dev/null 2>&1 && has_moto "$candidate"; then
    command -v "$candidate"
    exit 0
  fi
done

coffer_venv_install "moto[server]==$MOTO_VERSION" 'has_moto "$COFFER_VENV/bin/python"'
echo "$COFFER_VENV/bin/python"
