# oit-checker — two commands do everything on a fresh Debian machine with Python 3.11 and gcc:
#   make demo   set up .venv, serve the bundled demo site on 127.0.0.1, scan it, print, write reports/demo/
#   make test   set up .venv (or reuse it) and run the whole test suite
# Other targets: make lint (ruff + mypy), make bench (benchmarks), make clean.

PYTHON ?= $(shell command -v python3.11 || command -v python3.12 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JOBS   ?= 2

.PHONY: help demo test lint format bench clean system-deps

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; v = sys.version_info; sys.exit(0 if (3, 11) <= v[:2] < (3, 13) else "oit-checker needs Python 3.11 or 3.12 (durable-rules does not build on 3.13); set PYTHON=...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

system-deps: ## Install the Debian packages the tests use (needs root or sudo)
	@scripts/install-system-deps.sh

demo: $(STAMP) ## Serve the demo site on 127.0.0.1, scan it as of 2024-04-30, write reports/demo/
	$(BIN)/oit demo

test: $(STAMP) system-deps ## Run the whole test suite
	$(BIN)/python -m pytest -n $(JOBS) -q

lint: $(STAMP) ## ruff (lint + format check) and mypy --strict
	$(BIN)/ruff check checker tests scripts benchmarks
	$(BIN)/ruff format --check checker tests scripts benchmarks
	$(BIN)/mypy

format: $(STAMP) ## Format the code with ruff
	$(BIN)/ruff format checker tests scripts benchmarks
	$(BIN)/ruff check --fix checker tests scripts benchmarks

bench: $(STAMP) system-deps ## Run the benchmarks (not part of make test)
	$(BIN)/python -m pip install -q -e '.[bench,demo-build]'
	$(BIN)/python -m benchmarks

clean: ## Remove the virtualenv and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis build dist
