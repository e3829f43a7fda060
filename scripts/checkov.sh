#!/usr/bin/env bash
# Static security checks of infra/ with checkov, in its own virtual environment (.venv-checkov): checkov's bundled
# hcl2 fork and other hcl2 packages install the same module name. Every accepted finding is skipped in the code
# with `#checkov:skip=CKV_...: reason`, so any failed check here is new and fails the build.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv-checkov
STAMP="$VENV/.installed"
REQUIREMENTS=requirements/checkov.txt

if [ ! -f "$STAMP" ] || [ "$REQUIREMENTS" -nt "$STAMP" ]; then
  PY=${PYTHON:-}
  if [ -z "$PY" ]; then
    if [ -x .venv/bin/python ]; then
      PY=$(.venv/bin/python -c 'import sys; print(sys._base_executable)')
    else
      PY=$(command -v python3.12 || command -v python3)
    fi
  fi
  echo "checkov: installing $REQUIREMENTS into $VENV (once)"
  rm -rf "$VENV"
  "$PY" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes -r "$REQUIREMENTS" \
    2>"$VENV/pip.log" || { cat "$VENV/pip.log" >&2; exit 1; }
  touch "$STAMP"
fi

started=$SECONDS
# --skip-download: no calls to the vendor's platform; the bundled policies are enough.
"$VENV/bin/checkov" -d infra --framework terraform --skip-download --quiet --compact "$@"
echo "checkov: no failed checks ($((SECONDS - started))s)"
