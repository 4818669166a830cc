"""What a client sends and is told first: the manifest, and a query batch checked against the limits.

:func:`manifest` is the service manifest (``GET /reconcile`` without queries); :func:`parse_batch`
checks a reconciliation query batch into :class:`ReconciliationQuery` objects, refusing with a
one-line 400 (:class:`~collabgraph.server.protocol.ProtocolError`) anything the specification or
the limits here do not allow; :func:`check_callback` checks a JSONP callback name.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from collabgraph.namespaces import CG, CGR, ORG
from collabgraph.server.protocol import ProtocolError
from collabgraph.server.reconciliation.index import _expand

__all__ = [
    "ReconciliationQuery",
    "manifest",
    "parse_batch",
    "check_callback",
    "MAX_QUERIES",
    "MAX_LIMIT",
    "DEFAULT_LIMIT",
    "MAX_QUERY_CHARS",
    "MAX_ITEMS",
    "PROPERTIES",
]


#: Most queries in one batch (the manifest's ``batchSize``); more is a 400.
MAX_QUERIES = 100
#: Most candidates a query may ask for (``limit``).
MAX_LIMIT = 100
#: Candidates returned when a query gives no ``limit``.
DEFAULT_LIMIT = 10
#: Longest ``query`` string, in characters.
MAX_QUERY_CHARS = 500
#: Most types, properties, and values of one property in one query.
MAX_ITEMS = 50


#: The properties a query may use, by short name, and the IRIs that mean the same.
PROPERTIES = {
    "country": (str(CG.country),),
    "ror": (str(CG.ror),),
    "wikidata": (str(CG.wikidata),),
    "alliance": (str(ORG.memberOf), "org:memberOf"),
}
_PROPERTY_NAMES = {alias: name for name, aliases in PROPERTIES.items() for alias in (name, *aliases)}
_CALLBACK = re.compile(r"^[A-Za-z_$][\w$.]*$", re.ASCII)
_TYPE_STRICT = ("any", "should", "all")


@dataclass(frozen=True)
class ReconciliationQuery:
    """One query of a batch, checked (:func:`parse_batch`)."""

    query: str = ""
    types: tuple[str, ...] = ()
    type_strict: str = "should"
    limit: int = DEFAULT_LIMIT
    properties: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (short pid, values)


def manifest(types: dict[str, str], base_url: str) -> dict[str, Any]:
    """The service manifest: name, spaces, default types, view and preview templates.

    Parameters
    ----------
    types : dict
        The default types, IRI → name: :func:`institution_types`.
    base_url : str
        The server's root URL as the client reached it (``http://127.0.0.1:8000/``): the view
        and preview templates are absolute, since the client opens them from its own pages.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> from collabgraph.server.reconciliation import institution_types
    >>> m = manifest(institution_types(load(sources="seeds")), "http://127.0.0.1:8000/")
    >>> m["versions"], m["identifierSpace"], m["defaultTypes"][0]["name"]
    (['0.1', '0.2'], 'https://w3id.org/collabgraph/id/', 'institution')
    >>> m["preview"]["url"]
    'http://127.0.0.1:8000/reconcile/preview?id={{id}}'
    """
    from collabgraph.version import __version__

    base = base_url if base_url.endswith("/") else base_url + "/"
    return {
        "versions": ["0.1", "0.2"],
        "name": "collabgraph institutions",
        "identifierSpace": str(CGR),
        "schemaSpace": str(CG),
        "serviceVersion": __version__,
        "defaultTypes": [{"id": iri, "name": name} for iri, name in types.items()],
        # The query page runs a DESCRIBE of the entity and shows its triples.
        "view": {"url": base + "?query=DESCRIBE%20%3C{{id}}%3E&run=1"},
        "preview": {"url": base + "reconcile/preview?id={{id}}", "width": 420, "height": 180},
        "batchSize": MAX_QUERIES,
    }


def _bad(message: str) -> ProtocolError:
    return ProtocolError(400, message)


def _property_values(name: str, value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    if len(items) > MAX_ITEMS:
        raise _bad(f"{name}: at most {MAX_ITEMS} values")
    found = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("id", item.get("name"))
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            raise _bad(f"{name}: a value must be a string, a number or an object with an id")
        found.append(str(item))
    return tuple(found)


def _one_query(name: str, spec: Any) -> ReconciliationQuery:
    if not isinstance(spec, dict):
        raise _bad(f"{name}: a query must be a JSON object")
    text = spec.get("query", "")
    if not isinstance(text, str):
        raise _bad(f"{name}: query must be a string")
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_CHARS:
        raise _bad(f"{name}: query is longer than {MAX_QUERY_CHARS} characters")
    types = spec.get("type", [])
    types = [types] if isinstance(types, str) else types
    if not isinstance(types, list) or not all(isinstance(t, str) for t in types) or len(types) > MAX_ITEMS:
        raise _bad(f"{name}: type must be a type id or a list of at most {MAX_ITEMS} type ids")
    strict = spec.get("type_strict", "should")
    if strict not in _TYPE_STRICT:
        raise _bad(f"{name}: type_strict must be one of {', '.join(_TYPE_STRICT)}")
    limit = spec.get("limit", DEFAULT_LIMIT)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise _bad(f"{name}: limit must be a whole number from 1 to {MAX_LIMIT}")
    props = spec.get("properties", [])
    if not isinstance(props, list) or len(props) > MAX_ITEMS:
        raise _bad(f"{name}: properties must be a list of at most {MAX_ITEMS} objects")
    properties = []
    for prop in props:
        if not isinstance(prop, dict):
            raise _bad(f"{name}: each property must be an object with pid and v")
        pid = prop.get("pid", prop.get("p"))
        if not isinstance(pid, str) or "v" not in prop:
            raise _bad(f"{name}: each property must be an object with pid and v")
        short = _PROPERTY_NAMES.get(pid.strip()) or _PROPERTY_NAMES.get(_expand(pid.strip()))
        if short is None:
            raise _bad(f"{name}: unknown property {pid[:80]!r}; known: {', '.join(PROPERTIES)}")
        properties.append((short, _property_values(f"{name}: {short}", prop["v"])))
    if not text and not properties:
        raise _bad(f"{name}: give a query string, properties or both")
    return ReconciliationQuery(text, tuple(_expand(t.strip()) for t in types), strict, limit, tuple(properties))


def parse_batch(batch: str | Any) -> dict[str, ReconciliationQuery]:
    """Check a reconciliation query batch: JSON text, or the object it decodes to.

    Raises
    ------
    ProtocolError
        With status 400 and a one-line message naming the query: not JSON, not an object, more
        than :data:`MAX_QUERIES` queries, a ``query`` that is not a string, a ``limit`` that is
        not a whole number from 1 to :data:`MAX_LIMIT`, an unknown property...

    Examples
    --------
    >>> parse_batch('{"q0": {"query": "UMC Utrecht", "limit": 3, "properties": [{"pid": "country", "v": "NL"}]}}')
    {'q0': ReconciliationQuery(query='UMC Utrecht', types=(), type_strict='should', limit=3, properties=(('country', ('NL',)),))}
    >>> parse_batch('{"q0": {"query": 42}}')
    Traceback (most recent call last):
    ...
    collabgraph.server.protocol.ProtocolError: q0: query must be a string
    """
    if isinstance(batch, str | bytes):
        try:
            batch = json.loads(batch)
        except (ValueError, RecursionError):
            raise _bad("queries is not valid JSON") from None
    if not isinstance(batch, dict):
        raise _bad("queries must be a JSON object of named queries")
    if len(batch) > MAX_QUERIES:
        raise _bad(f"at most {MAX_QUERIES} queries in one batch, not {len(batch)}")
    return {name: _one_query(name[:40], spec) for name, spec in batch.items()}


def check_callback(name: str) -> str:
    """A JSONP callback name, if it is a plain JavaScript identifier path (else a 400).

    Examples
    --------
    >>> check_callback("jQuery3600_17.done")
    'jQuery3600_17.done'
    >>> check_callback("alert(1)//")
    Traceback (most recent call last):
    ...
    collabgraph.server.protocol.ProtocolError: callback must be a JavaScript name (letters, digits, _, $ and .)
    """
    if len(name) > 128 or not _CALLBACK.fullmatch(name):
        raise _bad("callback must be a JavaScript name (letters, digits, _, $ and .)")
    return name
