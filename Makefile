# Pinxiang — the commands a newcomer needs. Each target sets up what it needs first.
PY ?= python3.11
ifeq (, $(shell command -v $(PY) 2>/dev/null))
PY := python3
endif
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
# This machine's pip configuration names local mirrors that may be absent; hide that noise.
QUIET_PIP := 2>&1 | { grep -v "is ignored: it is neither a file nor a directory" || true; }
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test check serve bench install clean migration vendor

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip $(QUIET_PIP)
	$(BIN)/python -m pip install --quiet -e '.[dev]' $(QUIET_PIP)
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/pinxiang demo

test: $(STAMP)
	$(BIN)/python -m pytest -q tests

check: $(STAMP)
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

serve: $(STAMP)
	$(BIN)/pinxiang serve

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,peers]' $(QUIET_PIP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache

migration: $(STAMP)
	$(BIN)/python scripts/regen_migration.py
	$(BIN)/ruff format --quiet src/pinxiang/persistence/migrations
	$(BIN)/ruff check --quiet --fix src/pinxiang/persistence/migrations

# Rebuild the vendored front-end files (three.js) from package-lock.json; needs node and npm.
vendor:
	npm ci --no-audit --no-fund
	npm run vendor
