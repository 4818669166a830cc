"""Centrality and k-core of the institution graph."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

import collabgraph.network.igraph_backend as igraph_backend
from collabgraph.errors import CollabgraphError

__all__ = ["NodeMetrics", "centrality", "METRICS", "EXACT_LIMIT", "BACKENDS", "use_igraph"]

#: Above this many nodes, betweenness is estimated from a fixed-seed sample of source nodes and
#: the ``auto`` backend is igraph (when installed): exact networkx needs O(n·m) Python steps.
EXACT_LIMIT = 2000
SAMPLE = 500

#: Metric names, as node attributes and as ``cg:`` properties when written back.
METRICS = ("degree", "strength", "betweenness", "closeness", "eigenvector", "pagerank", "core_number")


@dataclass(frozen=True)
class NodeMetrics:
    """Centralities of one institution."""

    iri: str
    label: str
    degree: int
    strength: float
    betweenness: float
    closeness: float
    eigenvector: float
    pagerank: float
    core_number: int


def _eigenvector(g: nx.Graph) -> dict:
    # Eigenvector centrality is defined per connected component; compute it component-wise and
    # scale each by its share of nodes so components are comparable.
    result = {}
    for comp in nx.connected_components(g):
        sub = g.subgraph(comp)
        if len(sub) < 3:
            result.update({n: 0.0 for n in sub})
            continue
        try:
            values = nx.eigenvector_centrality(sub, weight="weight", max_iter=1000, tol=1e-8)
        except nx.PowerIterationFailedConvergence:
            values = nx.eigenvector_centrality_numpy(sub, weight="weight")
        share = len(sub) / len(g)
        result.update({n: v * share for n, v in values.items()})
    return result


BACKENDS = ("auto", "networkx", "igraph")


def use_igraph(g: nx.Graph, backend: str) -> bool:
    """Whether ``backend`` means igraph for ``g``: ``auto`` picks it above :data:`EXACT_LIMIT` nodes
    when installed.

    Examples
    --------
    >>> use_igraph(nx.path_graph(3), "auto"), use_igraph(nx.path_graph(3), "networkx")
    (False, False)
    """
    if backend not in BACKENDS:
        raise CollabgraphError(f"unknown backend {backend!r}; choose {', '.join(BACKENDS)}")
    if backend == "igraph" and not igraph_backend.available():
        raise CollabgraphError("the igraph backend needs python-igraph: pip install 'collabgraph[fast]'")
    return backend == "igraph" or (backend == "auto" and len(g) > EXACT_LIMIT and igraph_backend.available())


def centrality(g: nx.Graph, *, set_attributes: bool = False, seed: int = 42, backend: str = "auto") -> list[NodeMetrics]:
    """Degree, strength (weighted degree), betweenness, closeness, eigenvector, PageRank, k-core.

    Betweenness and closeness use hop counts (unweighted shortest paths), normalised; PageRank
    and eigenvector use the Newman ``weight``. The graph is left alone unless ``set_attributes``
    (:func:`collabgraph.network.metrics.with_metrics` is the one step that annotates a
    network). Above :data:`EXACT_LIMIT` nodes betweenness is
    estimated from :data:`SAMPLE` source nodes drawn with ``seed`` (and, with igraph, closeness
    from as many pivots: exact closeness is a search from every node); ``g.graph["centrality"]``
    says which was used. ``backend`` ``auto`` computes betweenness, closeness, eigenvector and PageRank with
    igraph above that size (same values, scaled as networkx scales them; see
    :mod:`collabgraph.network.igraph_backend`); networkx itself dispatches to an installed
    backend such as nx-cugraph when configured to (``NX_CUGRAPH_AUTOCONFIG=True``).

    Returns
    -------
    list of NodeMetrics
        Sorted by betweenness, then strength, descending.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.path_graph(["a", "b", "c"])
    >>> nx.set_edge_attributes(g, 1.0, "weight")
    >>> [(m.iri, m.degree, round(m.betweenness, 2)) for m in centrality(g)][:1]
    [('b', 2, 1.0)]
    """
    if g.number_of_nodes() == 0:
        return []
    sampled = len(g) > EXACT_LIMIT
    fast = use_igraph(g, backend)
    what = "betweenness and closeness" if fast else "betweenness"
    g.graph["centrality"] = (f"{what} sampled from {SAMPLE} sources (seed {seed})" if sampled else "exact") + (
        ", igraph" if fast else ", networkx"
    )
    k = SAMPLE if sampled else None
    if fast:
        h = igraph_backend.to_igraph(g)  # once: converting a million edges costs seconds
        measures = {
            "betweenness": igraph_backend.betweenness(g, k=k, seed=seed, h=h),
            "closeness": igraph_backend.closeness(g, k=k, seed=seed, h=h),
            "eigenvector": igraph_backend.eigenvector(g, h=h),
            "pagerank": igraph_backend.pagerank(g, h=h),
            "core_number": igraph_backend.core_number(g, h=h),
        }
    else:
        measures = {
            "betweenness": nx.betweenness_centrality(g, normalized=True, k=k, seed=seed),
            "closeness": nx.closeness_centrality(g),
            "eigenvector": _eigenvector(g),
            "pagerank": nx.pagerank(g, weight="weight"),
            "core_number": nx.core_number(nx.Graph(g.edges())) if g.number_of_edges() else {},
        }
    measures.update(degree=dict(g.degree()), strength=dict(g.degree(weight="weight")))
    rows = []
    for n, data in g.nodes(data=True):
        values = {k: measures[k].get(n, 0) for k in METRICS}
        if set_attributes:
            g.nodes[n].update(values)
        rows.append(NodeMetrics(iri=n, label=data.get("label", n), **values))
    return sorted(rows, key=lambda m: (-m.betweenness, -m.strength, m.label))
