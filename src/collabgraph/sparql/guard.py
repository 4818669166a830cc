"""Parse a SPARQL query once and refuse what would reach outside the loaded data, on every path.

rdflib's SPARQL engine fetches the IRI of every ``SERVICE`` (any scheme, ``file:`` too, with no
timeout), loads ``FROM``/``FROM NAMED`` graphs it does not hold from the network or the disk, and
runs ``LOAD``. So :func:`parse_query` is the one way collabgraph parses SPARQL (the CLI, the API,
named queries and the HTTP endpoint all call it), it is the one place that tells an update from
a query, and :func:`check_query` walks the algebra before anything is evaluated: a ``SERVICE``
anywhere (in ``OPTIONAL``, ``EXISTS``, a subquery) and a dataset clause are refused.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from pyparsing import ParseException
from rdflib import Variable
from rdflib.plugins.sparql.algebra import _findVars, translateQuery, translateUpdate, traverse
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query

from collabgraph.errors import CollabgraphError, QueryError
from collabgraph.namespaces import PREFIXES

__all__ = ["Refused", "parse_query", "check_query", "update_operations", "error_position", "TOO_DEEP"]

_UPDATE_NAMES = {
    "Load": "LOAD",
    "Clear": "CLEAR",
    "Drop": "DROP",
    "Create": "CREATE",
    "Add": "ADD",
    "Move": "MOVE",
    "Copy": "COPY",
    "InsertData": "INSERT DATA",
    "DeleteData": "DELETE DATA",
    "DeleteWhere": "DELETE WHERE",
    "Modify": "DELETE/INSERT",
}

#: The message for a query nested deeper than Python's recursion limit lets rdflib parse or run.
TOO_DEEP = "the query is nested too deeply to parse or run; flatten its groups or expressions"


class Refused(CollabgraphError):
    """A well-formed query collabgraph will not carry out: an update, ``SERVICE``, ``FROM``."""


def error_position(text: str, exc: ParseException) -> tuple[int, int]:
    """Line and column (1-based) of a pyparsing error in the query ``text``.

    Examples
    --------
    >>> try:
    ...     parseQuery("SELECT ?x\\nWHERE { ?x ?y }")
    ... except ParseException as exc:
    ...     print(error_position("SELECT ?x\\nWHERE { ?x ?y }", exc))
    (2, 9)
    """
    loc = getattr(exc, "loc", 0)  # rdflib parses the text as given, so the offset maps onto it
    line = text.count("\n", 0, loc) + 1
    column = loc - (text.rfind("\n", 0, loc) + 1) + 1
    return line, column


def _nodes(node, name: str) -> Iterator[CompValue]:
    """Every :class:`CompValue` called ``name`` under ``node`` (expressions and subqueries included)."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            if item.name == name:
                yield item
            stack.extend(item.values())
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set)):
            stack.extend(item)


def _translate(text: str) -> Query:
    parsed = parseQuery(text)
    body = parsed[1]
    if body.name == "DescribeQuery" and body.var is None and body.where is not None:
        # DESCRIBE * describes every variable of the pattern; rdflib expects a list there.
        found: set[Variable] = set()
        traverse(body.where, functools.partial(_findVars, res=found))
        body["var"] = sorted(found)
    query = translateQuery(parsed, initNs=PREFIXES)
    if query.algebra.name == "ConstructQuery" and query.algebra.get("template") is None:
        # CONSTRUCT WHERE { triples }: the pattern is its own template (rdflib leaves it empty).
        query.algebra["template"] = [t for bgp in _nodes(query.algebra.p, "BGP") for t in bgp.triples]
    return query


@functools.lru_cache(maxsize=256)
def parse_query(text: str) -> Query:
    """Parse and translate a SPARQL query, with the collabgraph prefixes predeclared.

    The one parser of collabgraph: :func:`collabgraph.sparql.query.run` and the HTTP endpoint both use
    it. Parsed queries are cached (256 most recent texts); callers must not change them.

    Raises
    ------
    Refused
        The text is a SPARQL Update (the message names its operations).
    QueryError
        The text does not parse (the message gives the line and column), or nests too deeply.

    Examples
    --------
    >>> parse_query("ASK { ?s a cg:Agreement }").algebra.name
    'AskQuery'
    >>> parse_query("SELECT ?x WHERE { ?x ?y }")
    Traceback (most recent call last):
    ...
    collabgraph.errors.QueryError: SPARQL error at line 1, column 19: ...
    >>> parse_query("CLEAR ALL")
    Traceback (most recent call last):
    ...
    collabgraph.sparql.guard.Refused: SPARQL Update (CLEAR) is not accepted: collabgraph is read-only and ...
    >>> parse_query("SELECT * {" + "{" * 2000 + "}" * 2000 + "}")
    Traceback (most recent call last):
    ...
    collabgraph.errors.QueryError: SPARQL error: the query is nested too deeply to parse or run; ...
    """
    try:
        return _translate(text)
    except ParseException as exc:
        operations = update_operations(text)
        if operations:
            raise Refused(
                f"SPARQL Update ({', '.join(operations)}) is not accepted: "
                "collabgraph is read-only and does not change data through SPARQL"
            ) from None
        line, column = error_position(text, exc)
        raise QueryError(getattr(exc, "msg", str(exc)), line, column) from None
    except RecursionError:
        raise QueryError(TOO_DEEP) from None
    except Exception as exc:  # rdflib raises plain exceptions for unknown prefixes and the like
        raise QueryError(str(exc)) from None


def update_operations(text: str) -> list[str]:
    """The operations of ``text`` read as a SPARQL Update, or ``[]`` if it is not one.

    Examples
    --------
    >>> update_operations("LOAD <http://example.org/data.ttl> ; CLEAR ALL")
    ['LOAD', 'CLEAR']
    >>> update_operations("SELECT * { ?s ?p ?o }")
    []
    """
    try:
        update = translateUpdate(parseUpdate(text), initNs=PREFIXES)
    except Exception:  # not an update either (RecursionError included): the query parser's message is the useful one
        return []
    return list(dict.fromkeys(_UPDATE_NAMES.get(op.name, op.name) for op in update.algebra))


def check_query(query: Query, *, protocol_dataset: bool = False) -> None:
    """Refuse a parsed query that would make rdflib fetch something: ``SERVICE``, ``FROM``.

    Parameters
    ----------
    query : rdflib.plugins.sparql.sparql.Query
        From :func:`parse_query`.
    protocol_dataset : bool
        The HTTP request names its dataset (``default-graph-uri``/``named-graph-uri``). The
        protocol's dataset then replaces the query's ``FROM``/``FROM NAMED``, which are dropped unread.

    Raises
    ------
    Refused
        The query calls ``SERVICE``, or has ``FROM``/``FROM NAMED`` and no protocol dataset.

    Examples
    --------
    >>> check_query(parse_query("SELECT * { ?s ?p ?o }"))
    >>> check_query(parse_query("SELECT * { OPTIONAL { SERVICE <file:///etc/passwd> { ?s ?p ?o } } }"))
    Traceback (most recent call last):
    ...
    collabgraph.sparql.guard.Refused: SERVICE is not allowed: collabgraph makes no requests to other services
    >>> check_query(parse_query("ASK FROM <http://example.org/g> { ?s ?p ?o }"))
    Traceback (most recent call last):
    ...
    collabgraph.sparql.guard.Refused: FROM and FROM NAMED are not allowed: ...
    >>> check_query(parse_query("ASK FROM <http://example.org/g> { ?s ?p ?o }"), protocol_dataset=True)
    """
    if next(_nodes(query.algebra, "ServiceGraphPattern"), None) is not None:
        raise Refused("SERVICE is not allowed: collabgraph makes no requests to other services")
    if query.algebra.get("datasetClause") and not protocol_dataset:
        raise Refused(
            "FROM and FROM NAMED are not allowed: collabgraph loads nothing a query names; choose "
            "graphs with GRAPH <iri> { … } (or, over HTTP, default-graph-uri and named-graph-uri)"
        )
