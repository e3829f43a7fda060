#!/usr/bin/env bash
# Creates .venv with Python 3.12 and installs the pinned development requirements and the project.
# Idempotent: a second run with unchanged requirements does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
STAMP="$VENV/.installed"

find_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3.12 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 12))' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  if command -v pyenv >/dev/null 2>&1; then
    for candidate in "$(pyenv root)"/versions/3.12*/bin/python3.12; do
      [ -x "$candidate" ] && { echo "$candidate"; return 0; }
    done
  fi
  return 1
}

if [ -f "$STAMP" ] && [ "$STAMP" -nt requirements/dev.txt ] && [ "$STAMP" -nt pyproject.toml ]; then
  exit 0
fi

PY=$(find_python) || {
  echo "bootstrap: Python 3.12 is required (the Lambda runtime). Install python3.12 or set PYTHON=/path/to/python3.12." >&2
  exit 1
}

if [ ! -x "$VENV/bin/python" ]; then
  echo "bootstrap: creating $VENV with $PY"
  if ! "$PY" -m venv "$VENV" 2>/dev/null; then
    # Debian and Ubuntu ship venv separately.
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      apt-get update -qq && apt-get install -y -qq python3.12-venv >/dev/null
      rm -rf "$VENV"; "$PY" -m venv "$VENV"
    else
      echo "bootstrap: '$PY -m venv' failed; install the python3.12-venv package (sudo apt-get install python3.12-venv)." >&2
      exit 1
    fi
  fi
fi

echo "bootstrap: installing pinned requirements (requirements/dev.txt)"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.txt
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
touch "$STAMP"
echo "bootstrap: ready ($("$VENV/bin/python" -V))"
