"""Counts by type, per named graph: what each source contributes."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import RDFS, Dataset, URIRef

from collabgraph.namespaces import CG, GRAPH, ORG
from collabgraph.sparql.query import run_named

__all__ = ["GraphStats", "stats", "CATEGORIES"]

#: Reported categories, each the most general class it counts (subclasses included).
CATEGORIES = {
    "institutions": CG.Institution,
    "units": ORG.OrganizationalUnit,
    "unresolved": CG.UnresolvedOrganization,
    "alliances": ORG.OrganizationalCollaboration,
    "agreements": CG.Agreement,
    "collaborations": CG.Collaboration,
    "memberships": ORG.Membership,
    "posts": ORG.Post,
    "people": CG.Person,
    "grants": CG.Grant,
    "events": CG.Event,
    "programmes": CG.Programme,
    "courses": CG.Course,
}


@dataclass
class GraphStats:
    """Counts for one named graph."""

    graph: str
    triples: int = 0
    quotes: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def _graph_name(iri: str) -> str:
    return iri[len(str(GRAPH)) :] if iri.startswith(str(GRAPH)) else iri


def stats(ds: Dataset) -> list[GraphStats]:
    """Triples, quotes and resources per category in each named graph.

    Categories count a class and its subclasses (``collaborations`` includes agreements).

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> s = {g.graph: g for g in stats(load(sources="seeds"))}
    >>> s["seed/000_b86e7fc7cd7be3f7"].counts["agreements"]
    3
    """
    result = {}
    for row in run_named(ds, "graph_sizes"):
        name = _graph_name(row["graph"])
        result[name] = GraphStats(name, int(row["triples"]), int(row["quotes"]), {k: 0 for k in CATEGORIES})
    supers: dict[str, set] = {}
    for row in run_named(ds, "stats"):
        name, cls = _graph_name(row["graph"]), URIRef(row["type"])
        if name == "inferred":
            continue
        if cls not in supers:
            supers[cls] = set(ds.transitive_objects(cls, RDFS.subClassOf))
        for category, root in CATEGORIES.items():
            if root in supers[cls]:
                result[name].counts[category] += int(row["count"])
    return [result[k] for k in sorted(result)]
