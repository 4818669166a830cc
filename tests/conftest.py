"""Shared fixtures: loaded datasets (once per session) and where the source documents are."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from collabgraph.loading.load import load

ROOT = Path(__file__).resolve().parents[1]


def seeds_dir() -> Path | None:
    """The five source documents: $COLLABGRAPH_SEEDS or ../shared/seeds beside the checkout."""
    for candidate in (os.environ.get("COLLABGRAPH_SEEDS"), ROOT.parent / "shared" / "seeds"):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


def reference_dir() -> Path | None:
    candidate = ROOT.parent / "shared" / "reference"
    return candidate if candidate.is_dir() else None


def pytest_configure(config):
    """The suite never reads or writes the user's cache (``~/.cache/collabgraph``): it runs on a
    temporary cache directory of its own, removed at the end (subprocesses inherit it)."""
    config._collabgraph_cache = tempfile.mkdtemp(prefix="collabgraph-test-cache-")
    os.environ["COLLABGRAPH_CACHE"] = config._collabgraph_cache


def pytest_unconfigure(config):
    shutil.rmtree(getattr(config, "_collabgraph_cache", ""), ignore_errors=True)


def pytest_addoption(parser):
    parser.addoption(
        "--update-snapshots", action="store_true", help="Rewrite tests/snapshots/* from the current data instead of comparing."
    )


@pytest.fixture(scope="session")
def update_snapshots(request) -> bool:
    return request.config.getoption("--update-snapshots")


@pytest.fixture(scope="session")
def ds_all():
    return load(sources="all")


@pytest.fixture(scope="session")
def ds_seeds():
    return load(sources="seeds")


@pytest.fixture(scope="session")
def reference_folder() -> Path:
    found = reference_dir()
    if found is None:
        pytest.skip("shared/reference not present beside the checkout")
    return found


@pytest.fixture(scope="session")
def sources_dir() -> Path:
    found = seeds_dir()
    if found is None:
        pytest.skip("source documents not present (set COLLABGRAPH_SEEDS or provide ../shared/seeds)")
    return found
