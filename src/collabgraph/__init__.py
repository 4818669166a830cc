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

import lazy_loader

# The public names load on first use (PEP 562, through lazy_loader), so that ``import collabgraph`` and the command
# line's ``--help`` do not pay for rdflib, pyshacl and networkx before a command needs them.
_LAZY = {
    "api": ("KnowledgeGraph", "Match", "View", "load"),
    "checks.validate": ("ValidationReport", "Violation", "validate"),
    "checks.verify": ("verify_quotes",),
    "errors": (
        "BadDate",
        "CollabgraphError",
        "DataFileError",
        "QueryError",
        "SourceMissing",
        "UnknownAlliance",
        "UnknownInstitution",
    ),
    "questions.lookup": ("AmbiguousName", "names", "resolve"),
    "questions.members": ("Member", "members"),
    "questions.partners": ("Partner", "Via", "partners"),
    "questions.stats": ("stats",),
    "sparql.query": ("Rows", "run", "run_named"),
    "version": ("__version__",),  # reading package metadata takes ~0.1 s
}
__getattr__, __dir__, _ = lazy_loader.attach(__name__, submod_attrs={k: list(v) for k, v in _LAZY.items()})

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
