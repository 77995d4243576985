#!/usr/bin/env bash
# Sourced by the setup-*.sh scripts: `coffer_venv_install SPEC CHECK` makes sure the tests'
# virtualenv (~/.cache/coffer/venv, outside any checkout so a fresh clone reuses it) exists and
# holds the pip requirement SPEC, installing it when the shell command CHECK fails. A lock file
# keeps two test runs on one machine from running pip into the venv at once. Needs Python 3.9+
# and access to PyPI, nothing else.

COFFER_VENV="${COFFER_VENV:-${COFFER_MOTO_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/coffer/venv}}"

coffer_python() {
  local candidate
  for candidate in python3 python; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 9))'; then
      command -v "$candidate"
      return 0
    fi
  done
  echo "coffer: the test tools need Python >= 3.9, none found" >&2
  return 1
}

coffer_venv_create() {
  [ -x "$COFFER_VENV/bin/python" ] && return 0
  local python
  python="$(coffer_python)" || return 1
  mkdir -p "$(dirname "$COFFER_VENV")"
  "$python" -m venv "$COFFER_VENV" >&2 || {
    # Debian's python3 without ensurepip: bootstrap pip by hand.
    "$python" -m venv --without-pip "$COFFER_VENV" >&2
    "$python" -m pip --version >/dev/null 2>&1 || { echo "coffer: no venv/pip support; apt-get install python3-venv" >&2; return 1; }
    "$python" -m pip --python "$COFFER_VENV/bin/python" install --quiet pip >&2
  }
}

# coffer_venv_install SPEC CHECK: installs SPEC into the venv unless CHECK already succeeds.
coffer_venv_install() {
  local spec="$1" check="$2"
  eval "$check" >/dev/null 2>&1 && return 0
  mkdir -p "$(dirname "$COFFER_VENV")"
  (
    # Another run may be installing right now: wait for it, then look again.
    if command -v flock >/dev/null 2>&1; then
      exec 9>"$(dirname "$COFFER_VENV")/venv.lock"
      flock -w 600 9 || { echo "coffer: waited 10 minutes for another pip install" >&2; exit 1; }
    fi
    eval "$check" >/dev/null 2>&1 && exit 0
    coffer_venv_create || exit 1
    echo "coffer: installing $spec into $COFFER_VENV" >&2
    "$COFFER_VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$spec" >&2
  ) || return 1
  eval "$check" >/dev/null 2>&1 || { echo "coffer: $spec installed but does not work" >&2; return 1; }
}
