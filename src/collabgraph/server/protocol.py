"""The SPARQL 1.1 Protocol's side of HTTP: a request into a :class:`QueryRequest`, and the media type.

Queries arrive by GET (``?query=``), by POST ``application/x-www-form-urlencoded`` or by POST
``application/sparql-query`` (the query is the body, the other parameters in the URL). Updates are
refused, whichever way they come. Parameters are decoded strictly as UTF-8, as the protocol
requires. The answer's media type comes from ``format=`` if given (for browsers and SPARQLWrapper;
short names such as ``json``, ``srj``, ``xml``, ``srx``, ``csv``, ``tsv``, ``ttl`` or a media type),
else from the ``Accept`` header. A missing ``Accept`` means any type, and browsers' usual headers end in
``*/*``; an ``Accept`` that admits none of the types a result comes in is answered 406 Not Acceptable.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

from collabgraph.errors import CollabgraphError

__all__ = [
    "QueryRequest",
    "ProtocolError",
    "RESULT_TYPES",
    "GRAPH_TYPES",
    "parse_params",
    "query_request",
    "media_type",
    "negotiate",
    "parse_accept",
    "READ_ONLY",
]

#: Result formats of SELECT (all four) and ASK (JSON and XML), by short name, first is the default.
RESULT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
#: Formats of CONSTRUCT and DESCRIBE results and of the service description; first is the default.
GRAPH_TYPES = {
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}

#: Other names clients use, in ``Accept`` or ``format=``: (for results, for graphs).
_ALIASES = {
    "json": ("json", "jsonld"),
    "application/json": ("json", "jsonld"),
    "xml": ("xml", "rdfxml"),
    "application/xml": ("xml", "rdfxml"),
    "text/xml": ("xml", "rdfxml"),
    "csv": ("csv", None),
    "tsv": ("tsv", None),
    "ttl": (None, "turtle"),
    "turtle": (None, "turtle"),
    "n3": (None, "turtle"),
    "text/n3": (None, "turtle"),
    "application/x-turtle": (None, "turtle"),
    "application/turtle": (None, "turtle"),
    "nt": (None, "nt"),
    "ntriples": (None, "nt"),
    "n-triples": (None, "nt"),
    "text/plain": (None, "nt"),
    "jsonld": (None, "jsonld"),
    "json-ld": (None, "jsonld"),
    "rdf": (None, "rdfxml"),
    "rdfxml": (None, "rdfxml"),
    "rdf+xml": (None, "rdfxml"),
    "srj": ("json", None),
    "srx": ("xml", None),
}
_ALIASES.update({t: (k, None) for k, t in RESULT_TYPES.items()})
_ALIASES.update({t: (None, k) for k, t in GRAPH_TYPES.items()})

READ_ONLY = "SPARQL Update is not accepted: this endpoint is read-only"
_FORM = "application/x-www-form-urlencoded"
_DIRECT = "application/sparql-query"


class ProtocolError(CollabgraphError):
    """A request the protocol does not allow; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str):
        self.status = status
        super().__init__(message)


@dataclass(frozen=True)
class QueryRequest:
    """One query operation: the text, the protocol's dataset and what the client accepts."""

    query: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    accept: str = "*/*"
    formats: tuple[str, ...] = ()

    @property
    def has_dataset(self) -> bool:
        """Whether the request names its own dataset (``default-graph-uri``/``named-graph-uri``)."""
        return bool(self.default_graphs or self.named_graphs)


def parse_params(text: str) -> list[tuple[str, str]]:
    """Decode ``application/x-www-form-urlencoded`` text, strictly as UTF-8.

    Raises
    ------
    ProtocolError
        400 when a percent-encoded byte sequence is not UTF-8.

    Examples
    --------
    >>> parse_params("query=ASK%20%7B%7D&format=json")
    [('query', 'ASK {}'), ('format', 'json')]
    >>> parse_params("query=ASK%20%7B%E9%7D")
    Traceback (most recent call last):
    ...
    collabgraph.server.protocol.ProtocolError: parameters are not UTF-8 (invalid continuation byte)
    """
    try:
        return parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"parameters are not UTF-8 ({exc.reason})") from None


def media_type(header: str | None) -> tuple[str, dict[str, str]]:
    """Split a ``Content-Type`` into the lower-cased type and its parameters.

    Examples
    --------
    >>> media_type("application/sparql-query; charset=UTF-8")
    ('application/sparql-query', {'charset': 'utf-8'})
    """
    if not header:
        return "", {}
    kind, *rest = header.split(";")
    params = {}
    for item in rest:
        key, _, value = item.partition("=")
        params[key.strip().lower()] = value.strip().strip('"').lower()
    return kind.strip().lower(), params


def _utf8(body: bytes, charset: str | None) -> str:
    if charset not in (None, "utf-8", "utf8"):
        raise ProtocolError(415, f"charset {charset} is not accepted: send the request as UTF-8")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"request body is not UTF-8 ({exc.reason})") from None


def query_request(
    method: str, url_query: str, content_type: str | None, body: bytes, accept: str | None = None
) -> QueryRequest | None:
    """Read a query operation from an HTTP request; ``None`` when it carries no query at all.

    Parameters
    ----------
    method : {"GET", "POST"}
    url_query : str
        The URL's query string, still percent-encoded.
    content_type : str or None
        The ``Content-Type`` header of a POST.
    body : bytes
        The POST body.
    accept : str, optional
        The ``Accept`` header.

    Raises
    ------
    ProtocolError
        403 for an update; 415 for a POST of another media type or charset; 400 for more than one
        query, a body or parameters that are not UTF-8.

    Examples
    --------
    >>> query_request("GET", "query=ASK%20%7B%7D&default-graph-uri=urn:g", None, b"")
    QueryRequest(query='ASK {}', default_graphs=('urn:g',), named_graphs=(), accept='*/*', formats=())
    >>> query_request("POST", "", "application/sparql-query", b"ASK {}").query
    'ASK {}'
    >>> query_request("POST", "", None, b"query=ASK%20%7B%7D")
    Traceback (most recent call last):
    ...
    collabgraph.server.protocol.ProtocolError: POST needs Content-Type application/x-www-form-urlencoded or ...
    >>> query_request("GET", "update=CLEAR%20ALL", None, b"")
    Traceback (most recent call last):
    ...
    collabgraph.server.protocol.ProtocolError: SPARQL Update is not accepted: this endpoint is read-only
    """
    params = parse_params(url_query)
    direct = None
    if method == "POST":
        kind, options = media_type(content_type)
        if kind == _FORM:
            params += parse_params(_utf8(body, options.get("charset")))
        elif kind == _DIRECT:
            direct = _utf8(body, options.get("charset"))
        elif kind == "application/sparql-update":
            raise ProtocolError(403, READ_ONLY)
        elif not kind:
            raise ProtocolError(415, f"POST needs Content-Type {_FORM} or {_DIRECT}")
        else:
            raise ProtocolError(415, f"Content-Type {kind} is not accepted: use {_FORM} or {_DIRECT}")
    names = [name for name, _ in params]
    if "update" in names or "using-graph-uri" in names or "using-named-graph-uri" in names:
        raise ProtocolError(403, READ_ONLY)
    queries = [value for name, value in params if name == "query"] + ([direct] if direct is not None else [])
    if len(queries) > 1:
        raise ProtocolError(400, f"the request carries {len(queries)} queries; send exactly one")
    if not queries:
        return None
    return QueryRequest(
        query=queries[0],
        default_graphs=tuple(v for n, v in params if n == "default-graph-uri"),
        named_graphs=tuple(v for n, v in params if n == "named-graph-uri"),
        accept=accept or "*/*",
        formats=tuple(v for n, v in params if n == "format" and v),
    )


def parse_accept(header: str) -> list[tuple[str, float]]:
    """Media ranges of an ``Accept`` header with their q-values, in header order.

    Examples
    --------
    >>> parse_accept("text/csv;q=0.5, application/sparql-results+json")
    [('text/csv', 0.5), ('application/sparql-results+json', 1.0)]
    """
    ranges = []
    for item in header.split(","):
        kind, options = media_type(item)
        if not kind:
            continue
        try:
            q = float(options.get("q", "1"))
        except ValueError:
            q = 0.0
        ranges.append((kind, q))
    return ranges


def _quality(offered: str, ranges: list[tuple[str, float]]) -> float:
    """q of the most specific range matching ``offered`` (exact, then ``type/*``, then ``*/*``)."""
    best, rank = 0.0, -1
    for kind, q in ranges:
        if kind == offered or _ALIASES.get(kind) and offered in _alias_types(kind):
            specificity = 2
        elif kind.endswith("/*") and offered.startswith(kind[:-1]):
            specificity = 1
        elif kind == "*/*":
            specificity = 0
        else:
            continue
        if specificity > rank:
            best, rank = q, specificity
    return best


def _alias_types(name: str) -> set[str]:
    results, graphs = _ALIASES.get(name, (None, None))
    return {t for t in (RESULT_TYPES.get(results or ""), GRAPH_TYPES.get(graphs or "")) if t is not None}


def negotiate(kind: str, request: QueryRequest) -> str:
    """Pick the short format name for a result of ``kind`` (``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``).

    ``format=`` wins over ``Accept``: its first value that names a format for this kind is used.
    Otherwise the ``Accept`` range with the highest q-value that one of the offered types matches
    chooses (ties go to the type offered first); ``*/*`` or an absent header takes the first.

    Raises
    ------
    ProtocolError
        406 when every ``format=`` value names a format this kind of result does not come in, or
        when ``Accept`` admits none of them (``text/html`` alone, say, or ``application/json;q=0``).

    Examples
    --------
    >>> negotiate("SELECT", QueryRequest("", accept="text/csv, application/sparql-results+json;q=0.9"))
    'csv'
    >>> negotiate("CONSTRUCT", QueryRequest("", accept="application/json"))
    'jsonld'
    >>> negotiate("SELECT", QueryRequest("", accept="text/html,application/xml;q=0.9,*/*;q=0.8"))
    'xml'
    >>> negotiate("SELECT", QueryRequest("", formats=("tsv", "text/tab-separated-values")))
    'tsv'
    >>> negotiate("SELECT", QueryRequest("", accept="text/turtle", formats=("srj",)))
    'json'
    >>> negotiate("SELECT", QueryRequest("", accept="text/html"))
    Traceback (most recent call last):
    ...
    collabgraph.server.protocol.ProtocolError: none of the types in Accept: text/html is offered for SELECT results; ...
    >>> negotiate("ASK", QueryRequest("", formats=("ttl",)))
    Traceback (most recent call last):
    ...
    collabgraph.server.protocol.ProtocolError: format=ttl does not apply to ASK results; choose json or xml
    """
    graph = kind in ("CONSTRUCT", "DESCRIBE")
    offered = list(GRAPH_TYPES) if graph else list(RESULT_TYPES) if kind == "SELECT" else ["json", "xml"]
    if request.formats:
        for value in request.formats:
            name = _ALIASES.get(value.lower(), (None, None))[1 if graph else 0]
            if name in offered:
                return name
        raise ProtocolError(
            406,
            f"format={request.formats[0]} does not apply to {kind} results; "
            f"choose {' or '.join(offered) if len(offered) == 2 else ', '.join(offered)}",
        )
    types = GRAPH_TYPES if graph else RESULT_TYPES
    ranges = parse_accept(request.accept)
    if not ranges:  # an empty or unparseable header says nothing: any type will do
        return offered[0]
    scored = [(_quality(types[name], ranges), -i, name) for i, name in enumerate(offered)]
    q, _, name = max(scored)
    if q > 0:
        return name
    raise ProtocolError(
        406,
        f"none of the types in Accept: {request.accept.strip()[:200]} is offered for {kind} "
        f"results; they come as {', '.join(types[n] for n in offered)} "
        "(or ask with format=, e.g. format=json)",
    )
