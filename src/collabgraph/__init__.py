"""collabgraph: institutional partnerships as a provenance-carrying knowledge graph.

Examples
--------
>>> import collabgraph as cg
>>> kg = cg.load(sources="seeds")          # a KnowledgeGraph: an rdflib Dataset (kg.dataset) and methods
>>> [p.label for p in kg.partners("Klinikum Osnabrück")]
['University Hospital Münster']
>>> [m.label for m in kg.members("YUFE")]
['Maastricht University']
"""

from typing import TYPE_CHECKING

# The public names load on first use (PEP 562), so that ``import collabgraph`` and the command
# line's ``--help`` do not pay for rdflib, pyshacl and networkx before a command needs them.
_LAZY = {
    "collabgraph.api": ("KnowledgeGraph", "Match", "View", "load"),
    "collabgraph.checks.validate": ("ValidationReport", "Violation", "validate"),
    "collabgraph.checks.verify": ("verify_quotes",),
    "collabgraph.errors": (
        "BadDate",
        "CollabgraphError",
        "DataFileError",
        "QueryError",
        "SourceMissing",
        "UnknownAlliance",
        "UnknownInstitution",
    ),
    "collabgraph.questions.lookup": ("AmbiguousName", "names", "resolve"),
    "collabgraph.questions.members": ("Member", "members"),
    "collabgraph.questions.partners": ("Partner", "Via", "partners"),
    "collabgraph.questions.stats": ("stats",),
    "collabgraph.sparql.query": ("Rows", "run", "run_named"),
    "collabgraph.version": ("__version__",),  # reading package metadata takes ~0.1 s
}
_MODULE_OF = {name: module for module, names in _LAZY.items() for name in names}

if TYPE_CHECKING:
    from collabgraph.api import KnowledgeGraph, Match, View, load
    from collabgraph.checks.validate import ValidationReport, Violation, validate
    from collabgraph.checks.verify import verify_quotes
    from collabgraph.errors import (
        BadDate,
        CollabgraphError,
        DataFileError,
        QueryError,
        SourceMissing,
        UnknownAlliance,
        UnknownInstitution,
    )
    from collabgraph.questions.lookup import AmbiguousName, names, resolve
    from collabgraph.questions.members import Member, members
    from collabgraph.questions.partners import Partner, Via, partners
    from collabgraph.questions.stats import stats
    from collabgraph.sparql.query import Rows, run, run_named


def __getattr__(name: str):
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'collabgraph' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_MODULE_OF])


__all__ = [
    "load",
    "KnowledgeGraph",
    "Match",
    "View",
    "validate",
    "run",
    "run_named",
    "partners",
    "members",
    "stats",
    "names",
    "resolve",
    "verify_quotes",
    "Rows",
    "Partner",
    "Via",
    "Member",
    "ValidationReport",
    "Violation",
    "CollabgraphError",
    "DataFileError",
    "QueryError",
    "UnknownInstitution",
    "UnknownAlliance",
    "AmbiguousName",
    "BadDate",
    "SourceMissing",
]
