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

test: install ## Run the tests (unit, doctests, CLI, wheel install)
	$(BIN)/python -m pytest

lint: install ## Lint with ruff
	$(BIN)/ruff check src tests bench notebooks

bench: install ## Print load/reasoning/validation and network/HTML timings (curated, 10k synthetic)
	$(BIN)/python bench/bench_curated.py
	$(BIN)/python bench/bench_network.py --institutions 10000

SIZES ?= 1000 10000
bench-scale: install ## Every stage at 1k and 10k institutions beside the baseline (SIZES="1000 10000 100000")
	$(BIN)/python bench/bench_scale.py --sizes $(SIZES)

reference: install ## Regenerate data/public from ../shared/reference (curators)
	$(BIN)/collabgraph import-reference ../shared/reference --out data/public

clean: ## Remove build outputs (not .venv)
	rm -rf out dist build .pytest_cache

.PHONY: help install run test lint bench bench-scale reference clean
