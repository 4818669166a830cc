"""The house rules of the source tree, checked so they stay true: imports point one way between
packages, no module outgrows 400 lines, and only the store package knows which store it is."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "collabgraph"

#: The layers, lowest first: a package may import only from its own layer or those before it.
LAYERS = [
    {"errors", "namespaces", "resources", "version", "cache", "dates", "gc_pause", "scoped"},
    {"files"},
    {"store"},
    {"sparql"},
    {"reasoning"},
    {"checks"},
    {"loading"},
    {"questions"},
    {"network"},
    {"render", "export"},
    {"ingest"},
    {"server"},
    {"api", "build"},
    {"cli"},
    {"__init__", "__main__"},
]
RANK = {name: rank for rank, layer in enumerate(LAYERS) for name in layer}


def _modules():
    return sorted(p for p in PACKAGE.rglob("*.py"))


def _part(path: Path) -> str:
    """The top-level package or root module a file belongs to (``store``, ``api``…)."""
    return path.relative_to(PACKAGE).with_suffix("").parts[0]


def _imported(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("collabgraph"):
            yield node.lineno, node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("collabgraph"):
                    yield node.lineno, alias.name


def test_every_package_has_a_layer():
    assert {_part(p) for p in _modules()} <= set(RANK)


def test_packages_import_only_from_their_layer_or_those_below():
    upward = []
    for path in _modules():
        here = _part(path)
        for line, module in _imported(ast.parse(path.read_text(encoding="utf-8"))):
            parts = module.split(".")
            there = parts[1] if len(parts) > 1 else "__init__"
            if RANK[there] > RANK[here]:
                upward.append(f"{path.relative_to(PACKAGE)}:{line} imports {module}")
    assert upward == []


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_over_400_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400


def test_only_the_store_package_asks_which_store_it_is():
    outside = [
        str(p.relative_to(PACKAGE))
        for p in _modules()
        if _part(p) != "store" and ("is_oxigraph" in p.read_text(encoding="utf-8") or "_inner" in p.read_text(encoding="utf-8"))
    ]
    assert outside == []
