"""The network with its metrics: the one step that writes centralities and communities onto the nodes.

Rendering, export and write-back read metrics from node attributes, so something must put them
there; :func:`with_metrics` is that one place, called by ``build``, ``show``, ``export``,
``metrics``, ``brokers`` and ``KnowledgeGraph.network``. Every other metric function
(:func:`~collabgraph.network.centrality.centrality`,
:func:`~collabgraph.network.communities.communities`, brokers, aggregation) returns values and leaves
the graph as it found it.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from collabgraph.network.centrality import METRICS, NodeMetrics, centrality
from collabgraph.network.communities import Communities, communities

__all__ = ["NetworkMetrics", "with_metrics"]


@dataclass
class NetworkMetrics:
    """A network whose nodes carry their metrics, with the ranking and the communities found."""

    graph: nx.Graph
    ranked: list[NodeMetrics]
    communities: Communities


def with_metrics(
    g: nx.Graph, *, method: str = "louvain", seed: int = 42, resolution: float = 1.0, backend: str = "auto"
) -> NetworkMetrics:
    """Compute centralities and communities and set them on ``g``'s nodes (``betweenness``, …,
    ``community``); return ``g`` with the ranking (most central first) and the communities.

    Examples
    --------
    >>> g = nx.barbell_graph(3, 0)
    >>> nx.set_edge_attributes(g, 1.0, "weight")
    >>> m = with_metrics(g)
    >>> m.graph is g, sorted({d["community"] for _, d in g.nodes(data=True)}), m.ranked[0].iri in (2, 3)
    (True, [0, 1], True)
    """
    ranked = centrality(g, seed=seed, backend=backend)
    found = communities(g, method=method, seed=seed, resolution=resolution)
    for row in ranked:
        g.nodes[row.iri].update({k: getattr(row, k) for k in METRICS})
    nx.set_node_attributes(g, found.membership(), "community")
    return NetworkMetrics(g, ranked, found)
