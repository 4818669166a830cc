"""collabgraph: institutional partnerships as a provenance-carrying knowledge graph.

Examples
--------
>>> import collabgraph as cg
>>> ds = cg.load(sources="seeds")
>>> [p.label for p in cg.partners(ds, "Klinikum Osnabrück")]
['University Hospital Münster']
"""

from .errors import (
    BadDate,
    CollabgraphError,
    DataFileError,
    QueryError,
    SourceMissing,
    UnknownAlliance,
    UnknownInstitution,
)
from .load import load
from .lookup import AmbiguousName, names, resolve
from .members import Member, members
from .partners import Partner, Via, partners
from .query import Rows, run, run_named
from .stats import stats
from .validate import ValidationReport, Violation, validate
from .verify import verify_quotes

__all__ = [
    "load", "validate", "run", "run_named", "partners", "members", "stats", "names", "resolve",
    "verify_quotes", "Rows", "Partner", "Via", "Member", "ValidationReport", "Violation",
    "CollabgraphError", "DataFileError", "QueryError", "UnknownInstitution", "UnknownAlliance",
    "AmbiguousName", "BadDate", "SourceMissing",
]

try:
    from importlib.metadata import version as _version

    __version__ = _version("collabgraph")
except Exception:  # running from a checkout without installation
    __version__ = "0+unknown"
