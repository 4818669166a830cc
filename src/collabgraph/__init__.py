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

from collabgraph.version import __version__ as __version__  # noqa: E402
