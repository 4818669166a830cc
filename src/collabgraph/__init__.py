"""collabgraph: institutional partnerships as a provenance-carrying knowledge graph.

Examples
--------
>>> import collabgraph as cg
>>> kg = cg.load(sources="seeds")          # a KnowledgeGraph: an rdflib Dataset with methods
>>> [p.label for p in kg.partners("Klinikum Osnabrück")]
['University Hospital Münster']
>>> [m.label for m in kg.members("YUFE")]
['Maastricht University']
"""

from .api import KnowledgeGraph, Match, View, load
from .errors import (
    BadDate,
    CollabgraphError,
    DataFileError,
    QueryError,
    SourceMissing,
    UnknownAlliance,
    UnknownInstitution,
)
from .lookup import AmbiguousName, names, resolve
from .members import Member, members
from .partners import Partner, Via, partners
from .query import Rows, run, run_named
from .stats import stats
from .validate import ValidationReport, Violation, validate
from .verify import verify_quotes

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

from .version import __version__ as __version__  # noqa: E402
