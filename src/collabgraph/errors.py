"""Exceptions collabgraph raises for user mistakes; each carries a one-line message."""

from __future__ import annotations

__all__ = [
    "CollabgraphError", "DataFileError", "QueryError", "UnknownName", "UnknownInstitution",
    "UnknownAlliance", "BadDate", "SourceMissing",
]


class CollabgraphError(Exception):
    """Base class: a user-facing error whose ``str`` is a complete one-line message."""


class DataFileError(CollabgraphError):
    """A data file is missing or is not valid RDF; names the file and, where known, the line."""

    def __init__(self, path: str, message: str, line: int | None = None):
        self.path, self.line = str(path), line
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")


class QueryError(CollabgraphError):
    """A SPARQL query could not be parsed or run; says where (line and column)."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        self.line, self.column = line, column
        where = f" at line {line}, column {column}" if line is not None else ""
        super().__init__(f"SPARQL error{where}: {message}")


class UnknownName(CollabgraphError):
    """A name that matches nothing in the graph; carries close matches as ``suggestions``."""

    kind = "name"

    def __init__(self, name: str, suggestions: list[str]):
        self.name, self.suggestions = name, list(suggestions)
        hint = f"; did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown {self.kind} {name!r}{hint}")


class UnknownInstitution(UnknownName):
    """No institution has this label or alternative label."""

    kind = "institution"


class UnknownAlliance(UnknownName):
    """No alliance or network has this label or alternative label."""

    kind = "alliance"


class BadDate(CollabgraphError):
    """A date that is not YYYY, YYYY-MM or YYYY-MM-DD, or not a real date."""


class SourceMissing(CollabgraphError):
    """A source document needed to verify quotes is not where it was looked for."""
