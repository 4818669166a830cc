"""Doctest namespace for the examples in src/: ``cg`` is the package."""

import pytest

import collabgraph as cg


@pytest.fixture(autouse=True)
def _doctest_namespace(doctest_namespace):
    doctest_namespace["cg"] = cg
