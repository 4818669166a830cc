"""SPARQL text rewriting, for the stores that are sent a query as text (Oxigraph, a remote endpoint).

rdflib evaluates a parsed query with bindings applied up front; a store that parses the text itself
needs the same meaning spelled out in the text: collabgraph's prefixes declared
(:func:`declare_prefixes`), bound variables as a ``VALUES`` block opening the WHERE clause
(:func:`inject_values`). :func:`unwrap_graph_variables` goes the other way, for rdflib: it drops the
``GRAPH ?g`` blocks its evaluator joins slowly. None of these is a general SPARQL rewriter; each
says what text it expects.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rdflib import BNode

from collabgraph.errors import CollabgraphError
from collabgraph.namespaces import PREFIXES

__all__ = ["declare_prefixes", "inject_values", "unwrap_graph_variables"]


@lru_cache(maxsize=256)
def declare_prefixes(text: str) -> str:
    """``text`` with the collabgraph prefixes declared, for a store that evaluates text itself.

    Examples
    --------
    >>> declare_prefixes("ASK { ?s a cg:Agreement }").splitlines()[-1]
    'ASK { ?s a cg:Agreement }'
    >>> "PREFIX cg: <https://w3id.org/collabgraph/ontology#>" in declare_prefixes("ASK {}")
    True
    """
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items()) + text


def inject_values(query: str, bindings, to_sparql=lambda node: node.n3()) -> str:
    """Insert ``VALUES (?a ?b) { (x y) }`` just inside the first top-level ``{`` of ``query``.

    Braces inside IRIs, string literals and comments are skipped.

    Raises
    ------
    CollabgraphError
        A blank node among the bindings (text cannot name it), or no group pattern in ``query``.

    Examples
    --------
    >>> from rdflib import Literal
    >>> inject_values('SELECT * WHERE { ?s ?p "{" FILTER(?o = ?year) }', {"year": Literal("2019")})
    'SELECT * WHERE { VALUES (?year) { ("2019") } ?s ?p "{" FILTER(?o = ?year) }'
    """
    if any(isinstance(node, BNode) for node in bindings.values()):
        raise CollabgraphError("a blank node cannot be bound in a query sent as text")
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(to_sparql(node) for node in bindings.values())
    block = f" VALUES ({names}) {{ ({values}) }}"
    i, closing = 0, {"<": ">", '"': '"', "'": "'", "#": "\n"}
    while i < len(query):
        char = query[i]
        if char == "{":
            return query[: i + 1] + block + query[i + 1 :]
        if char in closing and not (char == "<" and re.match(r"<\s", query[i : i + 2])):
            end = query.find(closing[char], i + 1)
            i = len(query) if end < 0 else end
        i += 1
    raise CollabgraphError("cannot bind variables: the query has no group pattern")


def unwrap_graph_variables(text: str) -> str:
    """Replace every ``GRAPH ?var { P }`` in ``text`` by ``P`` itself (braces matched).

    The bare patterns join the surrounding basic graph pattern, so rdflib orders the joins
    together (a ``{ P }`` subgroup would be evaluated on its own first). Over a union default
    graph this gives the same solutions when, as in collabgraph's rules, each graph variable is
    used by its ``GRAPH`` block only, filters sit outside the blocks, and no string or comment
    contains a brace; it is not a general SPARQL rewriter.

    Examples
    --------
    >>> unwrap_graph_variables("{ GRAPH ?t { { ?a ?b ?c } UNION { ?c ?b ?a } } GRAPH <urn:g> { ?x ?y ?z } }")
    '{ { ?a ?b ?c } UNION { ?c ?b ?a } . GRAPH <urn:g> { ?x ?y ?z } }'
    """
    match = re.search(r"GRAPH\s+\?\w+\s*\{", text)
    if match is None:
        return text
    depth, i = 1, match.end()
    while depth:
        if i == len(text):
            raise CollabgraphError("unbalanced braces in a GRAPH pattern")
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        i += 1
    inner = text[match.end() : i - 1].strip().rstrip(".")
    return text[: match.start()] + unwrap_graph_variables(inner.strip()) + " ." + unwrap_graph_variables(text[i:])
