"""Where the nodes go when the browser does not lay the page out itself.

:func:`live_physics` decides: small, sparse graphs settle live in the browser; bigger ones get
positions computed here and physics off. Every layout is seeded (:data:`LAYOUT_SEED`), so the same
graph gives the same page: networkx's spring layout (igraph's grid Fruchterman–Reingold far above
:data:`PHYSICS_LIMIT`), Kamada–Kawai with the centre in the middle for ego and hub views, and, for
the communities page, one disc per community, the discs pushed apart until none overlap.
The limits are read from this module when a page is drawn: set them here to change them.
"""

from __future__ import annotations

import math

import networkx as nx

from collabgraph.network import igraph_backend

__all__ = ["live_physics", "PHYSICS_LIMIT", "PHYSICS_EDGE_LIMIT", "LAYOUT_SEED", "KAMADA_KAWAI_LIMIT"]


#: Graphs with this many nodes or more get a precomputed layout instead of live physics.
PHYSICS_LIMIT = 1000
#: ... or with more than this many edges: the browser's springs cost per edge, so the ego view of
#: a 500-partner hub (20,000 edges among its partners) took 20 s to settle with few nodes.
PHYSICS_EDGE_LIMIT = 3000
LAYOUT_SEED = 42

#: Ego and hub views up to this many nodes are laid out by Kamada–Kawai (quadratic), above by springs.
KAMADA_KAWAI_LIMIT = 600


def live_physics(graph: nx.Graph) -> bool:
    """Whether a page of ``graph`` lays itself out live in the browser (small and sparse enough).

    Below :data:`PHYSICS_LIMIT` nodes and up to :data:`PHYSICS_EDGE_LIMIT` edges; otherwise the
    layout is computed off-line and physics is off.

    Examples
    --------
    >>> import networkx as nx
    >>> live_physics(nx.star_graph(50)), live_physics(nx.complete_graph(100))
    (True, False)
    """
    return graph.number_of_nodes() < PHYSICS_LIMIT and graph.number_of_edges() <= PHYSICS_EDGE_LIMIT


def _igraph_layout(graph: nx.Graph) -> dict | None:
    if not igraph_backend.available():
        return None
    import random

    import igraph as ig

    nodes = list(graph)
    h = igraph_backend.to_igraph(graph, weight=None)
    random.seed(LAYOUT_SEED)
    ig.set_random_number_generator(random)
    coords = h.layout_fruchterman_reingold(grid=True).coords
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    half = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9) / 2
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {n: ((x - cx) / half, (y - cy) / half) for n, (x, y) in zip(nodes, coords, strict=True)}


def _pixels(pos: dict, n: int, origin=None) -> dict:
    """Positions scaled into vis-network's pixel space, ``origin`` (a node) at (0, 0)."""
    if not pos:
        return {}
    ox, oy = pos[origin] if origin in pos else (0.0, 0.0)
    reach = max(max(abs(x - ox), abs(y - oy)) for x, y in pos.values()) or 1.0
    scale = 60.0 * math.sqrt(max(n, 1)) / reach
    return {k: (round(float(x - ox) * scale, 1), round(float(y - oy) * scale, 1)) for k, (x, y) in pos.items()}


def _positions(graph: nx.Graph) -> dict:
    """A seeded force layout, scaled to vis-network's pixel space.

    networkx's spring layout up to a few thousand nodes; above that igraph's grid
    Fruchterman–Reingold (C, near-linear per iteration) when installed.
    """
    pos = _igraph_layout(graph) if graph.number_of_nodes() > 2 * PHYSICS_LIMIT else None
    if pos is None:
        pos = nx.spring_layout(graph, weight="weight", seed=LAYOUT_SEED)
    return _pixels(pos, graph.number_of_nodes())


def _kamada_kawai(graph: nx.Graph, start: dict | None) -> dict | None:
    """Kamada–Kawai positions (distances on the page follow hops): igraph's (C) where installed,
    networkx's up to :data:`KAMADA_KAWAI_LIMIT` // 2 nodes, else None."""
    n = graph.number_of_nodes()
    given = {k: p for k, p in (start or {}).items() if k in graph}
    init: dict | None = given if len(given) == n else None
    if igraph_backend.available():
        nodes = list(graph)
        h = igraph_backend.to_igraph(graph, weight=None)
        if init is None:  # start from a seeded spring layout: Kamada–Kawai then only refines
            init = nx.spring_layout(graph, seed=LAYOUT_SEED, iterations=60)
        coords = h.layout_kamada_kawai(seed=[list(init[k]) for k in nodes], maxiter=100 * n).coords
        return {k: (x, y) for k, (x, y) in zip(nodes, coords, strict=True)}
    if n <= KAMADA_KAWAI_LIMIT // 2:
        return nx.kamada_kawai_layout(graph, pos=init, weight=None)
    return None


def _anchored_layout(graph: nx.Graph, center=None, start: dict | None = None) -> dict:
    """A deterministic layout with ``center`` in the middle (ego and hub views): Kamada–Kawai up
    to :data:`KAMADA_KAWAI_LIMIT` nodes (a hub's members ring it, bilateral partners sit one step
    from the centre), a seeded spring layout above."""
    n = graph.number_of_nodes()
    if n == 0:
        return {}
    pos = _kamada_kawai(graph, start) if 2 < n <= KAMADA_KAWAI_LIMIT else None
    if pos is None:
        init = {k: p for k, p in (start or {}).items() if k in graph}
        fixed = None
        if center in graph:
            init[center] = (0.0, 0.0)
            fixed = [center]
        pos = nx.spring_layout(
            graph, k=1.6 / math.sqrt(n), pos=init or None, fixed=fixed, weight="weight", seed=LAYOUT_SEED, iterations=120
        )
    return _pixels(pos, n, origin=center)


def _separate(centres, radii, gap: float, rounds: int = 300):
    """Push circles apart until none overlap (centres: k×2 array, changed in place).

    Each round pushes every overlapping pair apart along the line between their centres. Only
    pairs closer than the widest possible overlap are looked at (scipy's k-d tree): the all-pairs
    arrays took 12 s for the 1,200 communities of 100,000 institutions.

    Examples
    --------
    >>> import numpy as np
    >>> centres = _separate(np.array([[0.0, 0.0], [1.0, 0.0], [50.0, 0.0]]), np.array([10.0, 10.0, 1.0]), 2.0)
    >>> bool(np.hypot(*(centres[0] - centres[1])) >= 22.0 - 0.01)
    True
    """
    import numpy as np
    from scipy.spatial import cKDTree

    k = len(radii)
    if k < 2:
        return centres
    reach = 2 * float(np.max(radii)) + gap  # no pair farther apart than this can overlap
    rng = np.random.default_rng(LAYOUT_SEED)
    for _ in range(rounds):
        pairs = cKDTree(centres).query_pairs(reach, output_type="ndarray")
        i, j = pairs[:, 0], pairs[:, 1]
        diff = centres[i] - centres[j]
        dist = np.sqrt((diff**2).sum(-1))
        overlap = radii[i] + radii[j] + gap - dist
        if not len(pairs) or overlap.max() <= 0.01:
            break
        stuck = dist < 1e-6
        if stuck.any():  # two circles on one spot: nudge them apart at random
            diff[stuck] = rng.normal(size=(int(stuck.sum()), 2))
            dist = np.sqrt((diff**2).sum(-1))
        push = np.where(overlap > 0, overlap / np.maximum(dist, 1e-9) / 2, 0.0)
        step = diff * push[:, None] * 0.5  # each circle of a pair moves half of it, away from the other
        moved = np.zeros_like(centres)
        np.add.at(moved, i, step)
        np.add.at(moved, j, -step)
        centres += moved
    return centres


def _cluster_layout(graph: nx.Graph, groups: list[tuple[object, list]]) -> tuple[dict, list[dict]]:
    """Each group laid out in its own disc, the discs placed by the ties between groups and pushed
    apart so none overlap; groups of one or two in rows below. Returns positions and discs."""
    import numpy as np

    gap = 70.0
    radius, local = {}, {}
    group_of = {n: key for key, members in groups for n in members}
    inside: dict = {key: nx.Graph() for key, _ in groups}  # each group's own graph, built in one pass
    for key, members in groups:
        inside[key].add_nodes_from(members)
    for a, b, d in graph.edges(data=True):
        if group_of[a] == group_of[b]:
            inside[group_of[a]].add_edge(a, b, weight=float(d.get("weight", 1.0) or 1.0))
    for key, members in groups:
        r = 30.0 * math.sqrt(len(members)) + 16.0
        radius[key] = r
        if len(members) == 1:
            local[members[0]] = (0.0, 0.0)
            continue
        pos = nx.spring_layout(inside[key], weight="weight", seed=LAYOUT_SEED, iterations=80)
        reach = max(math.hypot(x, y) for x, y in pos.values()) or 1.0
        for n, (x, y) in pos.items():
            local[n] = (float(x) / reach * (r - 16.0), float(y) / reach * (r - 16.0))
    big = [key for key, members in groups if len(members) >= 3]
    small = [key for key, members in groups if len(members) < 3]
    centre: dict = {}
    if big:
        between = nx.Graph()
        between.add_nodes_from(big)
        for a, b, d in graph.edges(data=True):
            ga, gb = group_of[a], group_of[b]
            if ga != gb and ga in between and gb in between:
                w = float(d.get("weight", 1.0) or 1.0)
                if between.has_edge(ga, gb):
                    between[ga][gb]["weight"] += w
                else:
                    between.add_edge(ga, gb, weight=w)
        start = nx.spring_layout(between, weight="weight", seed=LAYOUT_SEED, iterations=100)
        radii = np.array([radius[key] for key in big])
        spread = math.sqrt(float((radii**2).sum())) * 1.2
        centres = np.array([start[key] for key in big], dtype=float) * spread
        centres = _separate(centres, radii, gap)
        centre = {key: (float(x), float(y)) for key, (x, y) in zip(big, centres, strict=True)}
    if small:
        lowest = max((centre[k][1] + radius[k] for k in big), default=0.0) + 2 * gap
        left = min((centre[k][0] - radius[k] for k in big), default=0.0)
        width = max((centre[k][0] + radius[k] for k in big), default=600.0) - left
        x, y, row = left, lowest, 0.0
        for key in small:
            r = radius[key]
            if x + 2 * r > left + max(width, 600.0) and x > left:
                x, y, row = left, y + row + gap / 2, 0.0
            centre[key] = (x + r, y + r)
            x += 2 * r + gap / 2
            row = max(row, 2 * r)
    pos = {n: (round(centre[group_of[n]][0] + lx, 1), round(centre[group_of[n]][1] + ly, 1)) for n, (lx, ly) in local.items()}
    discs = [
        {"key": key, "x": round(centre[key][0], 1), "y": round(centre[key][1], 1), "r": round(radius[key], 1)}
        for key, _ in groups
    ]
    return pos, discs
