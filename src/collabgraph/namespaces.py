"""IRIs of the collabgraph vocabulary, its resources and its named graphs."""

from __future__ import annotations

from rdflib import Namespace, URIRef

__all__ = [
    "CG",
    "CGR",
    "CGS",
    "SRC",
    "GRAPH",
    "OA",
    "ORG",
    "SCHEMA",
    "ONTOLOGY_GRAPH",
    "INFERRED_GRAPH",
    "METRICS_GRAPH",
    "DERIVED_GRAPHS",
    "PREFIXES",
    "graph_iri",
]

CG = Namespace("https://w3id.org/collabgraph/ontology#")
CGR = Namespace("https://w3id.org/collabgraph/id/")
CGS = Namespace("https://w3id.org/collabgraph/concept/")
SRC = Namespace("https://w3id.org/collabgraph/source/")
GRAPH = Namespace("https://w3id.org/collabgraph/graph/")
OA = Namespace("http://www.w3.org/ns/oa#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")

ONTOLOGY_GRAPH = GRAPH["ontology"]
INFERRED_GRAPH = GRAPH["inferred"]
#: Network metrics written back by :func:`collabgraph.network.writeback.write_metrics`.
METRICS_GRAPH = GRAPH["metrics"]
#: Graphs computed from the data, not stated by any source: validation leaves them out.
DERIVED_GRAPHS = (INFERRED_GRAPH, METRICS_GRAPH)

#: Prefixes bound on every dataset and offered to every query.
PREFIXES = {
    "cg": CG,
    "cgr": CGR,
    "cgs": CGS,
    "src": SRC,
    "cgg": GRAPH,
    "oa": OA,
    "org": ORG,
    "schema": SCHEMA,
    "skos": Namespace("http://www.w3.org/2004/02/skos/core#"),
    "dct": Namespace("http://purl.org/dc/terms/"),
    "prov": Namespace("http://www.w3.org/ns/prov#"),
    "owl": Namespace("http://www.w3.org/2002/07/owl#"),
    "rdf": Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    "rdfs": Namespace("http://www.w3.org/2000/01/rdf-schema#"),
    "xsd": Namespace("http://www.w3.org/2001/XMLSchema#"),
    "time": Namespace("http://www.w3.org/2006/time#"),
}


def graph_iri(kind: str, stem: str) -> URIRef:
    """Return the named-graph IRI for a data file of one kind.

    Examples
    --------
    >>> graph_iri("seed", "000_b86e7fc7cd7be3f7")
    rdflib.term.URIRef('https://w3id.org/collabgraph/graph/seed/000_b86e7fc7cd7be3f7')
    """
    return GRAPH[f"{kind}/{stem}"]
