"""Brokers: institutions that connect alliances or clusters."""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

__all__ = ["Broker", "brokers", "alliances_of", "structural_holes"]


@dataclass
class Broker:
    """An institution that bridges alliances or communities, and the measures that say so."""

    iri: str
    label: str
    betweenness: float
    constraint: float | None
    effective_size: float | None
    articulation_point: bool
    alliances: list[str] = field(default_factory=list)
    communities: list[int] = field(default_factory=list)

    @property
    def reasons(self) -> list[str]:
        """Why this institution counts as a broker, in words."""
        why = []
        if len(self.alliances) >= 2:
            why.append(f"member of {len(self.alliances)} alliances")
        if self.articulation_point:
            why.append("articulation point")
        if len(self.communities) >= 2:
            why.append(f"ties into {len(self.communities)} communities")
        if self.betweenness > 0:
            why.append(f"betweenness {self.betweenness:.3f}")
        return why


def alliances_of(g: nx.Graph, node: str) -> list[str]:
    """Labels of the alliances ``node`` belongs to: shared with a neighbour (from the edge ties),
    or too large to expand into edges (the ``alliances`` node attribute)."""
    found = {t["label"] for _, _, d in g.edges(node, data=True) for t in d["ties"] if t["kind"] == "alliance"}
    return sorted(found | set(g.nodes[node].get("alliances", ())))


def structural_holes(g: nx.Graph, nodes, *, weight: str = "weight", block: int = 1000) -> tuple[dict, dict]:
    """Burt's constraint and effective size of ``nodes``: networkx's own sparse formulas
    (those of :func:`networkx.constraint` and :func:`networkx.effective_size` for all nodes),
    evaluated for the rows of ``nodes`` only, ``block`` rows at a time.

    networkx's all-nodes path builds a dense n × n array for the effective size (52 GiB at
    84,000 institutions), and its per-node path takes time cubic in a hub's degree. (Its
    all-nodes effective size also scales redundancy by the wrong row's maximum; the values here
    are those of its per-node path, Burt's definition.)

    Examples
    --------
    >>> g = nx.karate_club_graph()
    >>> c, e = structural_holes(g, [0, 33])
    >>> abs(c[0] - nx.constraint(g, weight="weight")[0]) < 1e-12
    True
    >>> abs(e[33] - nx.effective_size(g, nodes=[33], weight="weight")[33]) < 1e-12
    True
    """
    import numpy as np

    nodes = list(nodes)
    index = {n: i for i, n in enumerate(g)}
    mutual = nx.adjacency_matrix(g, weight=weight).astype(float)
    mutual = (mutual + mutual.T).tocsr()
    sums = np.asarray(mutual.sum(axis=1)).ravel()
    maxes = mutual.max(axis=1).toarray().ravel()
    with np.errstate(divide="ignore", invalid="ignore"):
        by_sum = mutual.multiply(1 / sums[:, None]).tocsr()
        by_max = mutual.multiply(1 / maxes[:, None]).tocsr()
    constraint, effective = {}, {}
    for start in range(0, len(nodes), block):
        chunk = nodes[start : start + block]
        rows = [index[n] for n in chunk]
        p = by_sum[rows]
        local = (p + p @ by_sum).power(2)
        c = np.asarray(p.sign().multiply(local).sum(axis=1)).ravel()
        redundancy = (p @ by_max.T).toarray()  # len(chunk) × n: small
        e = np.asarray((p > 0).multiply(1 - redundancy).sum(axis=1)).ravel()
        for n, ci, ei in zip(chunk, c, e, strict=True):
            alone = all(m == n for m in g[n])  # not defined without a neighbour
            constraint[n] = float("nan") if alone else float(ci)
            effective[n] = float("nan") if alone else float(ei)
    return constraint, effective


def brokers(g: nx.Graph, *, limit: int | None = 20) -> list[Broker]:
    """Institutions that connect alliances or clusters, ranked by betweenness.

    A node qualifies if it is a member of two or more alliances, an articulation point, ties into
    two or more communities (needs a ``community`` node attribute, see
    :func:`collabgraph.network.communities.communities`), or lies on shortest paths between
    others (betweenness > 0). Burt's constraint (lower = more brokerage) and effective size are
    computed on the Newman-weighted graph.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", weight=1.0, ties=[{"via": "x", "kind": "alliance", "label": "X"}])
    >>> g.add_edge("b", "c", weight=1.0, ties=[{"via": "y", "kind": "alliance", "label": "Y"}])
    >>> [(b.iri, b.alliances, b.articulation_point) for b in brokers(g)]
    [('b', ['X', 'Y'], True)]
    """
    if g.number_of_nodes() == 0:
        return []
    betweenness = {n: d["betweenness"] for n, d in g.nodes(data=True) if "betweenness" in d}
    if len(betweenness) < len(g):  # not computed yet: as centrality() would
        from collabgraph.network.centrality import EXACT_LIMIT, SAMPLE

        betweenness = nx.betweenness_centrality(g, normalized=True, k=SAMPLE if len(g) > EXACT_LIMIT else None, seed=42)
    articulation = set(nx.articulation_points(g))
    found = []
    for n, data in g.nodes(data=True):
        alliances = alliances_of(g, n)
        own = data.get("community")
        touched = sorted({g.nodes[m].get("community") for m in g.neighbors(n)} | {own} - {None}) if own is not None else []
        broker = Broker(
            iri=n,
            label=data.get("label", n),
            betweenness=betweenness.get(n, 0.0),
            constraint=None,
            effective_size=None,
            articulation_point=n in articulation,
            alliances=alliances,
            communities=touched,
        )
        if len(alliances) >= 2 or broker.articulation_point or len(touched) >= 2 or broker.betweenness > 0:
            found.append(broker)
    found.sort(key=lambda b: (-b.betweenness, -len(b.alliances), b.label))
    found = found[:limit] if limit else found
    constraint, effective = structural_holes(g, [b.iri for b in found])  # the ones returned only
    for b in found:
        b.constraint = None if constraint[b.iri] != constraint[b.iri] else constraint[b.iri]
        b.effective_size = None if effective[b.iri] != effective[b.iri] else effective[b.iri]
    return found
