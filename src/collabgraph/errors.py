"""Exceptions collabgraph raises for user mistakes; each carries a one-line message."""

from __future__ import annotations

import os

__all__ = [
    "CollabgraphError",
    "DataFileError",
    "QueryError",
    "UnknownName",
    "UnknownInstitution",
    "UnknownAlliance",
    "BadDate",
    "SourceMissing",
    "ReviewError",
    "TableError",
    "AcceptError",
]


class CollabgraphError(Exception):
    """Base class: a user-facing error whose ``str`` is a complete one-line message."""


class DataFileError(CollabgraphError):
    """A data file is missing or is not valid RDF; names the file and, where known, the line."""

    def __init__(self, path: str | os.PathLike[str], message: str, line: int | None = None):
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


class ReviewError(DataFileError):
    """A review file (YAML) is malformed, or names an unknown kind, status or role, a bad date,
    a party without a name, or an IRI the graph does not have; names the file and the line.

    ``problems`` holds every problem found as ``(line, message)``; the message is the first
    (with how many more follow).
    """

    def __init__(self, path: str | os.PathLike[str], problems: list[tuple[int | None, str]]):
        self.problems = list(problems)
        line, message = self.problems[0]
        more = len(self.problems) - 1
        super().__init__(path, message + (f" (and {more} more)" if more else ""), line=line)


class TableError(DataFileError):
    """A table (CSV or XLSX) cannot be read as asked: a column that is not there (with close
    matches), no header row, or a file that is not a table."""


class AcceptError(CollabgraphError):
    """``collabgraph accept`` refused a review and wrote nothing: one line per problem.

    ``problems`` holds the lines; the message is those lines, then a last line saying that
    nothing was written.
    """

    def __init__(self, review: str, problems: list[str]):
        self.review, self.problems = str(review), list(problems)
        count = f"{len(self.problems)} problem" + ("s" if len(self.problems) != 1 else "")
        super().__init__("\n".join([*self.problems, f"{self.review}: nothing written ({count})"]))
