"""What the endpoint refuses before a query runs, and the audit hook that keeps it offline.

rdflib's SPARQL engine fetches the IRI of every ``SERVICE`` (any scheme, ``file:`` too, with no
timeout), loads ``FROM``/``FROM NAMED`` graphs it does not hold from the network, and runs ``LOAD``.
So a query is parsed and its algebra walked before anything is evaluated: a ``SERVICE`` anywhere
(in ``OPTIONAL``, ``EXISTS``, a subquery), a dataset clause, and every update operation are refused.
As a second layer, :func:`install_network_guard` adds a :func:`sys.addaudithook` hook that denies
outbound connections, name lookups and ``urllib`` requests for the rest of the process's life.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable, Iterator

from pyparsing import ParseException
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.algebra import translateUpdate
from rdflib.plugins.sparql.parser import parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query

from ..errors import CollabgraphError, QueryError
from ..namespaces import PREFIXES
from ..query import error_position

__all__ = ["Refused", "parse_query", "check_query", "update_operations", "network_policy",
           "install_network_guard", "DENIED_EVENTS"]

#: Audit events that reach outside the process: connections, name lookups, URL and mail clients.
DENIED_EVENTS = frozenset({
    "socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
    "socket.getnameinfo", "socket.sendto", "socket.sendmsg", "urllib.Request", "http.client.connect",
    "ftplib.connect", "smtplib.connect", "poplib.connect", "imaplib.open", "nntplib.connect",
    "telnetlib.Telnet.open", "webbrowser.open",
})

_UPDATE_NAMES = {"Load": "LOAD", "Clear": "CLEAR", "Drop": "DROP", "Create": "CREATE", "Add": "ADD",
                 "Move": "MOVE", "Copy": "COPY", "InsertData": "INSERT DATA", "DeleteData": "DELETE DATA",
                 "DeleteWhere": "DELETE WHERE", "Modify": "DELETE/INSERT"}


class Refused(CollabgraphError):
    """A well-formed request the endpoint will not carry out (an update, ``SERVICE``, ``FROM``)."""


@functools.lru_cache(maxsize=256)
def _prepare(text: str) -> Query:
    return prepareQuery(text, initNs=PREFIXES)


def parse_query(text: str) -> Query:
    """Parse and translate a SPARQL query, with the collabgraph prefixes predeclared.

    Parsed queries are cached (256 most recent texts); callers must not change them.

    Raises
    ------
    Refused
        The text is a SPARQL Update (the message names its operations).
    QueryError
        The text does not parse; the message gives the parser's line and column.

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
    collabgraph.server.guard.Refused: SPARQL Update (CLEAR) is not accepted: this endpoint is read-only
    """
    try:
        return _prepare(text)
    except ParseException as exc:
        operations = update_operations(text)
        if operations:
            raise Refused(f"SPARQL Update ({', '.join(operations)}) is not accepted: "
                          "this endpoint is read-only") from None
        line, column = error_position(text, exc)
        raise QueryError(getattr(exc, "msg", str(exc)), line, column) from None
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
    except Exception:  # not an update either: the query parser's message is the useful one
        return []
    return list(dict.fromkeys(_UPDATE_NAMES.get(op.name, op.name) for op in update.algebra))


def _names(node) -> Iterator[str]:
    """Names of every algebra node under ``node`` (expressions and subqueries included)."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            yield item.name
            stack.extend(item.values())
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set)):
            stack.extend(item)


def check_query(query: Query, *, protocol_dataset: bool = False) -> None:
    """Refuse a parsed query that would make rdflib fetch something: ``SERVICE``, ``FROM``.

    Parameters
    ----------
    query : rdflib.plugins.sparql.sparql.Query
        From :func:`parse_query`.
    protocol_dataset : bool
        The request names its dataset (``default-graph-uri``/``named-graph-uri``). The protocol's
        dataset then replaces the query's ``FROM``/``FROM NAMED``, which are dropped unread.

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
    collabgraph.server.guard.Refused: SERVICE is not allowed: this endpoint makes no requests to other services
    >>> check_query(parse_query("ASK FROM <http://example.org/g> { ?s ?p ?o }"))
    Traceback (most recent call last):
    ...
    collabgraph.server.guard.Refused: FROM and FROM NAMED are not allowed: ...
    >>> check_query(parse_query("ASK FROM <http://example.org/g> { ?s ?p ?o }"), protocol_dataset=True)
    """
    if "ServiceGraphPattern" in _names(query.algebra):
        raise Refused("SERVICE is not allowed: this endpoint makes no requests to other services")
    if query.algebra.get("datasetClause") and not protocol_dataset:
        raise Refused("FROM and FROM NAMED are not allowed: this endpoint loads nothing; choose graphs with "
                      "GRAPH <iri> { … } or the default-graph-uri and named-graph-uri parameters")


def network_policy(allow_hosts: Iterable[str] = ()) -> Callable[[str, tuple], None]:
    """An audit hook that raises :class:`PermissionError` on every event in :data:`DENIED_EVENTS`.

    Name lookups (``socket.getaddrinfo``) of a host in ``allow_hosts`` pass, so a server can
    resolve the address it listens on.

    Examples
    --------
    >>> hook = network_policy(allow_hosts=["127.0.0.1"])
    >>> hook("socket.getaddrinfo", ("127.0.0.1", 8000, 0, 0, 0))
    >>> hook("socket.connect", (None, ("93.184.216.34", 80)))
    Traceback (most recent call last):
    ...
    PermissionError: network access is disabled in the collabgraph SPARQL server (socket.connect)
    """
    allowed = frozenset(allow_hosts)

    def hook(event: str, args: tuple) -> None:
        if event not in DENIED_EVENTS:
            return
        if event == "socket.getaddrinfo" and args and args[0] in allowed:
            return
        raise PermissionError(f"network access is disabled in the collabgraph SPARQL server ({event})")

    return hook


def install_network_guard(allow_hosts: Iterable[str] = ()) -> None:
    """Deny network access in this process from now on (an audit hook cannot be removed).

    Call it in the server process and in each query worker; never in a process that still
    needs the network. Listening sockets are unaffected (``bind``/``accept`` are not denied).

    Examples
    --------
    >>> import subprocess, sys
    >>> code = ("from collabgraph.server.guard import install_network_guard; install_network_guard(); "
    ...         "import urllib.request; urllib.request.urlopen('file:///etc/hostname')")
    >>> done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    >>> done.returncode, done.stderr.strip().splitlines()[-1]
    (1, 'PermissionError: network access is disabled in the collabgraph SPARQL server (urllib.Request)')
    """
    sys.addaudithook(network_policy(allow_hosts))
