"""The same metrics as networkx, computed by igraph (C) for big projections.

networkx stays the API users see: these functions take a networkx graph and return dicts keyed by
its nodes, scaled exactly as networkx scales them, so :func:`collabgraph.network.centrality.centrality`
can switch backend by size without changing a single value's meaning. Sampled betweenness draws
its source nodes exactly as networkx does (``random.Random(seed).sample``), so for the same seed
the two backends agree to rounding; the test suite checks that, and exact agreement elsewhere.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import networkx as nx

if TYPE_CHECKING:
    import numpy as np

__all__ = ["available", "to_igraph", "betweenness", "closeness", "eigenvector", "pagerank", "core_number", "louvain"]


def available() -> bool:
    """Whether igraph is installed (``pip install 'collabgraph[fast]'``).

    Examples
    --------
    >>> isinstance(available(), bool)
    True
    """
    try:
        import igraph  # noqa: F401
    except ImportError:
        return False
    return True


def to_igraph(g: nx.Graph, weight: str | None = "weight"):
    """An undirected igraph copy of ``g`` (vertex ``i`` is ``list(g)[i]``), with edge weights.

    Examples
    --------
    >>> h = to_igraph(nx.path_graph(3))
    >>> h.vcount(), h.ecount()
    (3, 2)
    """
    import igraph as ig

    index = {n: i for i, n in enumerate(g)}
    h = ig.Graph(n=len(index), edges=[(index[a], index[b]) for a, b in g.edges()])
    if weight is not None:
        h.es["weight"] = [d.get(weight, 1.0) for _, _, d in g.edges(data=True)]
    return h


@contextmanager
def _seeded(seed: int = 42) -> Iterator[None]:
    """igraph's random numbers drawn from ``random.Random(seed)`` inside the block.

    igraph draws from Python's ``random`` module, seeded anew in every process: ARPACK's start
    vector (eigenvector) and PageRank then differed in the last bits from one run to the next,
    and so did ``metrics.json`` and the exports of unchanged inputs.
    """
    import igraph as ig

    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


def _components(h) -> tuple[list[np.ndarray], np.ndarray]:
    """The connected components of igraph ``h`` as index arrays, and each vertex's component.

    (Indexing igraph's clustering object rescans every vertex per component: quadratic.)
    """
    import numpy as np

    membership = np.asarray(h.connected_components().membership)
    order = np.argsort(membership, kind="stable")
    return np.split(order, np.flatnonzero(np.diff(membership[order])) + 1), membership


def betweenness(g: nx.Graph, *, k: int | None = None, seed: int = 42, h=None) -> dict:
    """Normalised hop-count betweenness; with ``k``, estimated from ``k`` sampled sources.

    Matches ``nx.betweenness_centrality(g, k=k, normalized=True, seed=seed)`` (networkx ≥ 3.5
    rescaling: source nodes by ``1/((k-1)(n-2))``, others by ``1/(k(n-2))``). ``h`` is
    :func:`to_igraph` of ``g`` when the caller already has it (weights are ignored here).

    Examples
    --------
    >>> g = nx.path_graph("abc")
    >>> betweenness(g) == nx.betweenness_centrality(g)
    True
    """
    nodes = list(g)
    n = len(nodes)
    if n < 3:
        return {v: 0.0 for v in nodes}
    h = to_igraph(g, weight=None) if h is None else h
    if k is None or k >= n:
        raw = h.betweenness(directed=False)
        return {v: r * 2 / ((n - 1) * (n - 2)) for v, r in zip(nodes, raw, strict=True)}
    sources = random.Random(seed).sample(nodes, k)
    index = {v: i for i, v in enumerate(nodes)}
    raw = h.betweenness(directed=False, sources=[index[s] for s in sources])
    chosen = set(sources)
    # igraph counts each unordered pair once; networkx accumulates both directions: factor 2.
    return {
        v: 2 * r / (((k - 1) if v in chosen else k) * (n - 2)) if k > 1 or v not in chosen else float("nan")
        for v, r in zip(nodes, raw, strict=True)
    }


def closeness(g: nx.Graph, *, k: int | None = None, seed: int = 42, h=None) -> dict:
    """Hop-count closeness with networkx's Wasserman–Faust scaling for disconnected graphs.

    Exact closeness needs a breadth-first search from every node. With ``k``, each node's mean
    distance to the rest of its component is estimated from its distances to ``k`` pivot nodes
    sampled with ``seed`` (Eppstein & Wang, 2004: one search per pivot); components no pivot
    falls in are computed exactly. ``h`` is :func:`to_igraph` of ``g`` when the caller already
    has it (weights are ignored here).

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("c", "d"), ("d", "e")])
    >>> all(abs(closeness(g)[v] - c) < 1e-12 for v, c in nx.closeness_centrality(g).items())
    True
    >>> closeness(g, k=5) == closeness(g)
    True
    """
    import numpy as np

    nodes = list(g)
    n = len(nodes)
    if n < 2:
        return {v: 0.0 for v in nodes}
    h = to_igraph(g, weight=None) if h is None else h
    components, membership = _components(h)
    sizes = np.array([len(c) for c in components], dtype=float)[membership]
    if k is None or k >= n:
        mean_inverse = np.array(h.closeness(normalized=True), dtype=float)  # 1 / mean distance
    else:
        total, count = np.zeros(n), np.zeros(n)
        pivots = random.Random(seed).sample(range(n), k)
        for start in range(0, k, 50):  # 50 searches per call: half the time of one per call
            batch = pivots[start : start + 50]
            for pivot, d in zip(batch, np.asarray(h.distances(source=batch), dtype=float), strict=True):
                reached = np.isfinite(d)
                reached[pivot] = False
                total[reached] += d[reached]
                count[reached] += 1
        with np.errstate(divide="ignore", invalid="ignore"):
            mean_inverse = count / total
        for members in components:
            if not count[members[0]] and len(members) > 1:  # no pivot here: exact, it is small
                sub = h.induced_subgraph(members.tolist())
                mean_inverse[members] = sub.closeness(normalized=True)
    scaled = np.nan_to_num(mean_inverse) * (sizes - 1) / (n - 1)
    return {v: float(c) for v, c in zip(nodes, scaled, strict=True)}


def eigenvector(g: nx.Graph, *, h=None) -> dict:
    """Weighted eigenvector centrality per connected component (ARPACK), each component's unit
    vector scaled by its share of the nodes, as :func:`collabgraph.network.centrality` does with
    networkx's power iteration; components of fewer than three nodes get 0. ``h``:
    :func:`to_igraph` of ``g`` (with its weights) when the caller already has it.

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("x", "y")])
    >>> nx.set_edge_attributes(g, 1.0, "weight")
    >>> theirs = nx.eigenvector_centrality(g.subgraph("abcd"), weight="weight", tol=1e-10)
    >>> ours = eigenvector(g)
    >>> all(abs(ours[v] - theirs[v] * 4 / 6) < 1e-6 for v in "abcd"), ours["x"]
    (True, 0.0)
    """
    import numpy as np

    nodes = list(g)
    h = to_igraph(g) if h is None else h
    values = np.zeros(len(nodes))
    with _seeded():
        for members in _components(h)[0]:
            if len(members) < 3:
                continue
            sub = h.induced_subgraph(members.tolist())
            vector = np.abs(np.asarray(sub.eigenvector_centrality(weights="weight"), dtype=float))
            values[members] = vector / np.linalg.norm(vector) * len(members) / len(nodes)
    return {v: float(x) for v, x in zip(nodes, values, strict=True)}


def pagerank(g: nx.Graph, *, alpha: float = 0.85, h=None) -> dict:
    """Weighted PageRank (ARPACK, seeded: the same bits every run); networkx's power iteration
    agrees within its tolerance.

    ``h``: :func:`to_igraph` of ``g`` (with its weights) when the caller already has it.

    Examples
    --------
    >>> g = nx.star_graph(3)
    >>> max(pagerank(g), key=pagerank(g).get)
    0
    """
    h = to_igraph(g) if h is None else h
    # ARPACK from a seeded start: PRPACK sums in parallel (OpenMP), so its last bits changed from
    # run to run; the two agree within 1e-15 and ARPACK takes 0.04 s at 10,000 institutions.
    with _seeded():
        values = h.pagerank(weights="weight" if g.number_of_edges() else None, damping=alpha, implementation="arpack")
    return dict(zip(g, values, strict=True))


def core_number(g: nx.Graph, *, h=None) -> dict:
    """Each node's k-core number, as ``nx.core_number`` (which copies the graph in Python first).

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])
    >>> core_number(g) == nx.core_number(g)
    True
    """
    h = to_igraph(g, weight=None) if h is None else h
    return dict(zip(g, h.coreness(), strict=True))


def louvain(g: nx.Graph, *, seed: int = 42, resolution: float = 1.0) -> list[set]:
    """Louvain communities (igraph's multilevel) on the ``weight`` attribute.

    igraph's and networkx's Louvain visit nodes in different orders, so partitions can differ
    slightly; their modularity agrees closely (the tests allow 0.02).

    Examples
    --------
    >>> g = nx.barbell_graph(5, 0)
    >>> sorted(len(c) for c in louvain(g))
    [5, 5]
    """
    with _seeded(seed):
        h = to_igraph(g)
        parts = h.community_multilevel(weights="weight" if g.number_of_edges() else None, resolution=resolution)
    nodes = list(g)
    return [{nodes[i] for i in part} for part in parts]
