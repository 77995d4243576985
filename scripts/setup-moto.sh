#!/usr/bin/env bash
# Prints the path of a Python that can run moto's server (`python -m moto.server`). Uses one
# already on the machine when it has moto; otherwise creates the virtualenv ~/.cache/coffer/venv
# (outside the checkout, so a fresh clone reuses it) and installs the pinned moto into it (needs
# only Python 3 and access to PyPI).
set -euo pipefail
cd "$(dirname "$0")/.."

MOTO_VERSION="${COFFER_MOTO_VERSION:-5.2.1}"
VENV="${COFFER_MOTO_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/coffer/venv}"

has_moto() { "$1" -c 'import moto.server' >/dev/null 2>&1; }

for candidate in "$VENV/bin/python" python3 python; do
  if command -v "$candidate" >/dev/null 2>&1 && has_moto "$candidate"; then
    command -v "$candidate"
    exit 0
  fi
done

python=""
for candidate in python3 python; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 9))'; then
    python="$(command -v "$candidate")"
    break
  fi
done
[ -n "$python" ] || { echo "coffer: moto needs Python >= 3.9, none found" >&2; exit 1; }

echo "coffer: installing moto[server]==$MOTO_VERSION into $VENV" >&2
mkdir -p "$(dirname "$VENV")"
if [ ! -x "$VENV/bin/python" ]; then
  "$python" -m venv "$VENV" >&2 || {
    # Debian's python3 without ensurepip: bootstrap pip by hand.
    "$python" -m venv --without-pip "$VENV" >&2
    "$python" -m pip --version >/dev/null 2>&1 || { echo "coffer: no venv/pip support; apt-get install python3-venv" >&2; exit 1; }
    "$python" -m pip --python "$VENV/bin/python" install --quiet pip >&2
  }
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION" >&2
has_moto "$VENV/bin/python" || { echo "coffer: moto installed but does not import" >&2; exit 1; }
echo "$VENV/bin/python"
