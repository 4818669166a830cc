"""The describe page's parts: which IRIs it accepts, the query it runs, and how it shows each term.

``/describe?iri=`` lists one resource's statements, both ways, as an escaped HTML page; its
route (in :mod:`collabgraph.server.routes`) runs :func:`_describe_query` in a worker and shows each
SPARQL JSON term with :func:`_term`: collabgraph IRIs link to their own describe page, other web
IRIs are external links, literals carry their language or datatype.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from collabgraph.namespaces import CGR, PREFIXES

#: An IRI the describe page accepts: absolute, and nothing that could end an ``<IRI>`` in a query.
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|\\^`]*")
_LABELS = (str(PREFIXES["skos"]["prefLabel"]), str(PREFIXES["rdfs"]["label"]), str(PREFIXES["schema"]["name"]))


def _describe_query(iri: str, limit: int) -> str:
    return (
        f'SELECT ?direction ?p ?o WHERE {{ {{ <{iri}> ?p ?o BIND("out" AS ?direction) }} '
        f'UNION {{ ?o ?p <{iri}> BIND("in" AS ?direction) }} }} ORDER BY ?direction ?p ?o LIMIT {limit}'
    )


def _short(iri: str) -> str:
    for prefix, ns in sorted(PREFIXES.items(), key=lambda item: -len(str(item[1]))):
        if iri.startswith(str(ns)) and len(iri) > len(str(ns)):
            return f"{prefix}:{iri[len(str(ns)) :]}"
    return f"<{iri}>"


def _term(term: dict[str, str]) -> dict[str, str | bool]:
    """A SPARQL JSON term as the describe page shows it: text, a link if any, a tag for literals."""
    value = term.get("value", "")
    if term.get("type") == "uri":
        if value.startswith(str(CGR)):
            return {
                "text": _short(value),
                "href": "describe?iri=" + quote(value, safe=""),
                "title": value,
                "tag": "",
                "external": False,
            }
        external = value if value.lower().startswith(("http://", "https://")) else ""
        return {"text": _short(value), "href": external, "title": value, "tag": "", "external": bool(external)}
    if term.get("type") == "bnode":
        return {"text": "_:" + value, "href": "", "title": "", "tag": "", "external": False}
    tag = "@" + term["xml:lang"] if term.get("xml:lang") else _short(term["datatype"]) if term.get("datatype") else ""
    return {"text": value, "href": "", "title": "", "tag": tag, "external": False}
