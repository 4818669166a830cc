"""Shortest paths between institutions, every hop explained by the tie behind it."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

import networkx as nx

from collabgraph.errors import CollabgraphError

__all__ = ["Hop", "NoPath", "explain_path"]


class NoPath(CollabgraphError):
    """The two institutions are not connected in the (cut) network."""


@dataclass(frozen=True)
class Hop:
    """One step of a path and the ties that make it (each with source and quote)."""

    source: str
    source_label: str
    target: str
    target_label: str
    ties: tuple[dict, ...]


def explain_path(g: nx.Graph, a: str, b: str, *, labels=None) -> list[Hop]:
    """The shortest path (fewest hops) from ``a`` to ``b``, with the ties behind each hop.

    Among equally short paths the one with the strongest ties (smallest total ``distance``) wins.
    ``labels`` (IRI → label, e.g. a :class:`~collabgraph.questions.lookup.Names` ``.label``) names an
    institution that has no node in this cut, so no message shows a raw IRI.

    Raises
    ------
    NoPath
        ``a`` and ``b`` are not connected (or one of them has no ties in this cut).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", distance=1.0, ties=[{"via": "mou", "label": "MoU"}])
    >>> g.add_edge("b", "c", distance=1.0, ties=[{"via": "net", "label": "Network"}])
    >>> [(h.source, h.target, h.ties[0]["label"]) for h in explain_path(g, "a", "c")]
    [('a', 'b', 'MoU'), ('b', 'c', 'Network')]
    """
    label = lambda n: g.nodes[n].get("label", n) if n in g else (labels(n) if labels else n)  # noqa: E731
    if a not in g or b not in g:
        missing = a if a not in g else b
        raise NoPath(f"no path between {label(a)} and {label(b)}: {label(missing)} has no ties in this network")
    try:
        nx.shortest_path_length(g, a, b)
    except nx.NetworkXNoPath:
        raise NoPath(f"no path between {label(a)} and {label(b)}: they are in different components of the network") from None
    best = min(
        islice(nx.all_shortest_paths(g, a, b), 500),  # bounded on dense graphs
        key=lambda p: sum(g.edges[u, v].get("distance", 1.0) for u, v in nx.utils.pairwise(p)),
    )
    return [Hop(u, label(u), v, label(v), tuple(g.edges[u, v]["ties"])) for u, v in nx.utils.pairwise(best)]
