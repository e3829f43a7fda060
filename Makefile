# The two commands a newcomer needs:  make dev   (run everything locally)   make test   (every check CI runs)
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
BOOTSTRAP := $(VENV)/.installed

.PHONY: help dev test lint typecheck unit infra-check checkov build bench clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 14

$(BOOTSTRAP): requirements/dev.txt pyproject.toml scripts/bootstrap.sh
	@scripts/bootstrap.sh

dev: $(BOOTSTRAP)  ## run the whole system on 127.0.0.1 (PostgreSQL, NetSuite sandbox, local API gateway)
	@$(VENV)/bin/pickup dev $(ARGS)

test: $(BOOTSTRAP)  ## every check CI runs: lint, types, unit, integration, infrastructure
	@scripts/test.sh

lint: $(BOOTSTRAP)  ## ruff check and format check
	@$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

typecheck: $(BOOTSTRAP)  ## mypy, strict for the Lambda code
	@$(VENV)/bin/mypy

unit: $(BOOTSTRAP)  ## pytest only (ARGS=... passes through)
	@$(PY) -m pytest $(ARGS)

infra-check: $(BOOTSTRAP)  ## fmt, validate and mock-provider tests of infra/ (offline)
	@scripts/infra_check.sh

checkov:  ## checkov over infra/ in its own virtual environment
	@scripts/checkov.sh

build: $(BOOTSTRAP)  ## build/function.zip and build/layer-<arch>.zip for infra/lambda.tf (ARGS="--arch arm64")
	@$(PY) scripts/build_lambda.py $(ARGS)

bench: $(BOOTSTRAP)  ## run every benchmark in bench/ and print the tables
	@$(PY) bench/run_all.py $(ARGS)

clean:  ## remove build output and virtual environments
	rm -rf build .venv .venv-checkov .pytest_cache .mypy_cache .ruff_cache
