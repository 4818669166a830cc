"""SELECT results straight out of pyoxigraph as plain values (IRIs and dates as strings, numbers
as numbers), the form :func:`collabgraph.sparql.query.to_python` gives rdflib's terms: at 10,000
institutions the network's queries return millions of terms, and building rdflib terms for them
first took longer than the queries.
"""

from __future__ import annotations

from typing import cast

import pyoxigraph as ox

from collabgraph.store.protocol import PlainRows

__all__ = ["plain_rows"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {
    f"{_XSD}{t}"
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    )
}


def plain_rows(store: ox.Store, prefixes: dict[str, str], text: str, substitutions: dict) -> PlainRows:
    """Run a SELECT on ``store`` straight through pyoxigraph, as plain values.

    At 10,000 institutions the network's queries return millions of terms; building rdflib terms
    for them first took longer than the queries. Every bound variable must be projected
    (Oxigraph binds only those): ``substitutions`` maps pyoxigraph variables to pyoxigraph terms.
    ``text`` declares its prefixes or uses ``prefixes``.

    Examples
    --------
    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.NamedNode("urn:o"), ox.NamedNode("urn:g")))
    >>> plain_rows(store, {}, "SELECT ?s ?o WHERE { ?s ?p ?o }", {ox.Variable("o"): ox.NamedNode("urn:o")})
    (['s', 'o'], [('urn:s', 'urn:o')])
    """
    result = cast(
        ox.QuerySolutions,
        store.query(
            text,
            use_default_graph_as_union=True,
            prefixes=prefixes,
            substitutions=substitutions,
        ),
    )
    names = [v.value for v in result.variables]
    return names, [tuple(_plain(value) for value in solution) for solution in result]


def _plain(term):
    """A pyoxigraph term as the plain value :func:`collabgraph.sparql.query.to_python` gives its rdflib twin."""
    if term is None:
        return None
    datatype = getattr(term, "datatype", None)
    if datatype is None:  # NamedNode, BlankNode
        return term.value
    kind = datatype.value
    try:
        if kind in _INTEGERS:
            return int(term.value)
        if kind in (f"{_XSD}double", f"{_XSD}float"):
            return float(term.value)
        if kind == f"{_XSD}boolean":
            return term.value in ("true", "1")
    except ValueError:  # ill-typed: its text, as rdflib gives
        pass
    return term.value
