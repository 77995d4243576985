#!/usr/bin/env bash
# Prints the path of the Python that runs drongo (the Google Cloud emulator the gcp.sm tests run
# against: `drongo server --host 127.0.0.1 --port P` serves the Secret Manager REST API). Uses
# the tests' virtualenv ~/.cache/coffer/venv (see scripts/venv.sh), installing the pinned drongo
# into it when it is not there yet.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh

DRONGO_VERSION="${COFFER_DRONGO_VERSION:-0.8.0}"

has_drongo() { "$COFFER_VENV/bin/python" -c "import drongo, sys; sys.exit(drongo.__version__ != '$DRONGO_VERSION')"; }

coffer_venv_install "drongo==$DRONGO_VERSION" has_drongo
echo "$COFFER_VENV/bin/python"
