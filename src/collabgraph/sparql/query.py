"""Run SPARQL, named (``queries/*.rq``) or ad hoc, and return plain rows."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.query import ResultRow

from collabgraph.errors import CollabgraphError, QueryError
from collabgraph.namespaces import PREFIXES
from collabgraph.resources import queries_dir
from collabgraph.sparql.guard import TOO_DEEP, check_query, parse_query
from collabgraph.store import backend

__all__ = ["run_for", "nameable", "Rows", "run", "run_named", "named_queries", "query_text", "to_python", "parse_binding"]


@dataclass
class Rows:
    """Query results: variable names and one dict per row (IRIs as strings, literals as values).

    Examples
    --------
    >>> rows = Rows(["x"], [{"x": 1}, {"x": 2}])
    >>> len(rows), rows[0]["x"], [r["x"] for r in rows]
    (2, 1, [1, 2])
    """

    vars: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def __getitem__(self, i: int) -> dict[str, Any]:
        return self.rows[i]

    def to_dataframe(self):
        """Return the rows as a :class:`pandas.DataFrame` (needs pandas)."""
        import pandas as pd

        return pd.DataFrame(self.rows, columns=self.vars)


def to_python(term) -> Any:
    """Turn an rdflib term into a plain value: IRIs and dates as strings, numbers as numbers.

    Examples
    --------
    >>> from rdflib import Literal, XSD
    >>> to_python(Literal("2023-07", datatype=XSD.gYearMonth)), to_python(Literal(3))
    ('2023-07', 3)
    """
    if term is None:
        return None
    if isinstance(term, (URIRef, BNode)):
        return str(term)
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, (bool, int, float)):
            return value
        return str(term)
    return str(term)


def named_queries() -> dict[str, Path]:
    """The named queries shipped with collabgraph, by name.

    Examples
    --------
    >>> "partners" in named_queries()
    True
    """
    return {p.stem: p for p in sorted(queries_dir().glob("*.rq"))}


def query_text(name_or_text: str) -> str:
    """Return SPARQL text for a named query, a ``.rq`` file path, or the text itself."""
    queries = named_queries()
    if name_or_text in queries:
        return queries[name_or_text].read_text(encoding="utf-8")
    if name_or_text.endswith(".rq") and "\n" not in name_or_text:
        path = Path(name_or_text)
        if not path.is_file():
            raise CollabgraphError(f"{path}: no such query file")
        return path.read_text(encoding="utf-8")
    return name_or_text


def run(ds: Graph, sparql: str, **bindings) -> Rows:
    """Run a SPARQL SELECT or ASK query on ``ds`` and return :class:`Rows`.

    Parameters
    ----------
    ds : Dataset
        The loaded dataset.
    sparql : str
        Query text. The collabgraph prefixes (``cg:``, ``cgr:``, ``skos:``…) are predeclared.
    **bindings
        Values for query variables (``institution=URIRef(...)``).

    Raises
    ------
    QueryError
        The query does not parse (message says line and column) or cannot run.
    Refused
        The query is an update, calls ``SERVICE`` or names graphs with ``FROM``: nothing is
        fetched, opened or changed (see :mod:`collabgraph.sparql.guard`).

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> ds = load(sources="seeds")
    >>> rows = run(ds, "SELECT ?n WHERE { cgr:ukm skos:altLabel ?n }")
    >>> rows[0]["n"]
    'UKM'
    >>> run(ds, "SELECT ?x WHERE { ?x ?y }")
    Traceback (most recent call last):
    ...
    collabgraph.errors.QueryError: SPARQL error at line 1, column 19: ...
    >>> run(ds, "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    collabgraph.sparql.guard.Refused: SERVICE is not allowed: collabgraph makes no requests to other services
    """
    prepared = parse_query(sparql)
    check_query(prepared)
    store = backend(ds)
    try:
        # The store's own plain rows where it has them (Oxigraph binds only projected variables).
        if prepared.algebra.name == "SelectQuery" and set(bindings) <= _projected(prepared):
            plain = store.select_plain(sparql, bindings)
            if plain is not None:
                names, rows = plain
                return Rows(names, [dict(zip(names, row, strict=True)) for row in rows])
        result = store.query(prepared, sparql, bindings)
    except RecursionError:
        raise QueryError(TOO_DEEP) from None
    except Exception as exc:
        raise QueryError(f"query failed: {exc}") from None
    if result.type == "ASK":
        return Rows(["ask"], [{"ask": bool(result.askAnswer)}])
    if result.type != "SELECT":
        raise QueryError("only SELECT and ASK queries return rows; use CONSTRUCT via rdflib")
    names = [str(v) for v in result.vars or ()]
    solutions = cast("Iterable[ResultRow]", result)  # a SELECT result iterates over its rows
    return Rows(names, [{n: to_python(row[i]) for i, n in enumerate(names)} for row in solutions])


def _projected(prepared) -> set[str]:
    return {str(v) for v in prepared.algebra.get("PV") or ()}


def run_named(ds: Graph, name: str, **bindings) -> Rows:
    """Run one of the shipped ``queries/<name>.rq`` with ``bindings``.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> rows = run_named(load(sources="seeds"), "agreements_in_year", year=Literal("2024"))
    >>> [r["date"] for r in rows]
    ['2024-07']
    """
    return run(ds, query_text(name), **bindings)


def run_for(ds: Dataset, name: str, iris, *, chunk: int = 500) -> list[dict]:
    """Run the shipped query ``name`` for many IRIs: its ``{ UNDEF }`` blocks (``VALUES ?x { UNDEF }``)
    are filled with ``chunk`` IRIs at a time, one query per chunk instead of one per IRI.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> rows = run_for(load(sources="seeds"), "defining_graphs", ["https://w3id.org/collabgraph/id/ukm"])
    >>> sorted({r["g"].rsplit("/", 1)[-1] for r in rows})
    ['000_b86e7fc7cd7be3f7', 'inferred']
    """
    text = query_text(name)
    template = parse_query(text)  # checked once: the chunks only add IRIs to its VALUES
    check_query(template)
    store = backend(ds)
    select = template.algebra.name == "SelectQuery"
    rows: list[dict] = []
    safe = sorted({str(i) for i in iris if nameable(i)})
    for start in range(0, len(safe), chunk):
        values = " ".join(f"<{iri}>" for iri in safe[start : start + chunk])
        filled = _VALUES_PLACEHOLDER.sub(rf"\g<1>{{ {values} }}", text)  # the VALUES blocks, not a comment's mention
        # rdflib's parser takes ~80 ms per chunk: a store that parses the text itself is sent it.
        plain = store.select_plain(filled, {}) if select else None
        if plain is None:
            rows.extend(run(ds, filled))
        else:
            names, found = plain
            rows.extend(dict(zip(names, row, strict=True)) for row in found)
    return rows


def nameable(value) -> bool:
    """Whether ``value`` can be written as ``<value>`` in a query: an absolute IRI (a scheme, then
    ``:``), with no character an IRI may not hold, well-formed ``%`` escapes and one ``#`` at
    most (Oxigraph refuses the whole query otherwise). A blank node's label cannot: a query cannot
    name a blank node; :func:`run_for` leaves such values out.

    Examples
    --------
    >>> nameable("https://w3id.org/collabgraph/id/ukm"), nameable("n3f2a9"), nameable("_:b0")
    (True, False, False)
    >>> nameable("urn:a b"), nameable("http://x/a%zz"), nameable("http://x/a#b#c")
    (False, False, False)
    """
    return bool(_NAMEABLE.fullmatch(str(value)))


#: An absolute IRI as a query may spell it: a scheme, no space, control or forbidden character,
#: ``%`` only before two hex digits, at most one ``#``.
_IRI_CHAR = r'(?:[^\x00-\x20<>"{}|^`\\%#]|%[0-9A-Fa-f]{2})'
_NAMEABLE = re.compile(rf"[A-Za-z][A-Za-z0-9+.\-]*:{_IRI_CHAR}*(?:#{_IRI_CHAR}*)?")
#: A ``VALUES ?x { UNDEF }`` block of a shipped query, which :func:`run_for` fills.
_VALUES_PLACEHOLDER = re.compile(r"(VALUES\s+\?\w+\s*)\{ UNDEF \}")


def parse_binding(text: str) -> tuple[str, URIRef | Literal]:
    """Parse ``VAR=VALUE``: an ``<iri>`` or ``http(s)`` IRI, a ``prefix:name``, else a literal.

    Examples
    --------
    >>> parse_binding("year=2019")
    ('year', rdflib.term.Literal('2019'))
    >>> parse_binding("institution=cgr:ukm")[1]
    rdflib.term.URIRef('https://w3id.org/collabgraph/id/ukm')
    """
    name, sep, value = text.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not name:
        raise CollabgraphError(f"binding {text!r} is not VAR=VALUE")
    if value.startswith("<") and value.endswith(">"):
        return name, URIRef(value[1:-1])
    if value.startswith(("http://", "https://")):
        return name, URIRef(value)
    prefix, colon, local = value.partition(":")
    if colon and prefix in PREFIXES:
        return name, URIRef(str(PREFIXES[prefix]) + local)
    return name, Literal(value)
