#!/usr/bin/env bash
# Every check CI runs, in order; stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
V=.venv/bin
started=$SECONDS
step() { printf '\n==> %s\n' "$*"; }

step "lint (ruff)"
$V/ruff check .
$V/ruff format --check .

step "types (mypy)"
$V/mypy

step "infrastructure: fmt, validate, mock-provider tests"
scripts/infra_check.sh

step "infrastructure: checkov"
scripts/checkov.sh

step "tests (unit, integration, infrastructure against moto)"
$V/python -m pytest -p no:cacheprovider

printf '\nall checks passed in %ss\n' "$((SECONDS - started))"
