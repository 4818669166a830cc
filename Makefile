# collabgraph — `make help` lists the targets.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

help: ## Show this help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(BIN)/collabgraph: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

install: $(BIN)/collabgraph ## Create .venv and install collabgraph with its dev tools

run: install ## The main job: build, validate, reason, verify quotes; outputs under out/
	$(BIN)/collabgraph build --out out

# The browser tests open the offline HTML in headless Chromium: install it when it is missing and
# this user may (root, or password-less sudo), else stop at once with the command to run.
APT_CHROMIUM := apt-get update && apt-get install -y --no-install-recommends chromium
browser: ## Chromium for the browser tests (apt-get when missing; COLLABGRAPH_CHROMIUM to use another)
	@if [ -n "$${COLLABGRAPH_CHROMIUM:-}" ] || command -v chromium >/dev/null; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then $(APT_CHROMIUM); \
	elif command -v sudo >/dev/null && sudo -n true 2>/dev/null && command -v apt-get >/dev/null; then \
	  sudo sh -c '$(APT_CHROMIUM)'; \
	else echo "make test: Chromium is missing; run: sudo sh -c '$(APT_CHROMIUM)'" \
	  "(or set COLLABGRAPH_CHROMIUM=/path/to/chromium)" >&2; exit 2; fi

test: install browser ## Type-check src/ (mypy), then run the tests (unit, doctests, CLI, browser, wheel install)
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: install ## ruff (lint and format check) and mypy
	$(BIN)/ruff check src tests bench notebooks
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

bench: install ## Print load/reasoning/validation and network/HTML timings (curated, 10k synthetic)
	$(BIN)/python bench/bench_curated.py
	$(BIN)/python bench/bench_network.py --institutions 10000

ingest-eval: install ## Precision and recall of `collabgraph ingest` on the test pages and the five sources
	$(BIN)/python bench/ingest_eval.py --verbose

SIZES ?= 1000 10000
bench-scale: install ## Every stage at 1k and 10k institutions beside the baseline (SIZES="1000 10000 100000")
	$(BIN)/python bench/bench_scale.py --sizes $(SIZES)

reference: install ## Regenerate data/public from ../shared/reference (curators)
	$(BIN)/collabgraph import-reference ../shared/reference --out data/public

clean: ## Remove build outputs (not .venv)
	rm -rf out dist build .pytest_cache

.PHONY: help install browser run test lint bench ingest-eval bench-scale reference clean
