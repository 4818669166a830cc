"""Offline interactive HTML of a collaboration network: one self-contained page per view.

The page comes from ``templates/network.html.j2`` (Jinja2, autoescaped), with vis-network's
JavaScript and CSS inlined from the copy pyvis ships, so it opens from ``file://`` with networking
off and a Content-Security-Policy that forbids every fetch. The data travel as JSON in a
``<script type="application/json">`` block (``<``, ``>`` and ``&`` escaped); the page's script
builds every label, tooltip, legend entry and side-panel line with ``textContent`` or draws it on
the canvas, so a label or a quote is always text, never markup.

What a page offers:

- **labels by importance**: drawn by the page itself, most important first (the centre, then
  alliance and agreement hubs, then institutions by the size metric and degree); a label is
  drawn only where it overlaps no other label and no other node, so more appear as you zoom;
- **a search box** that finds an institution (or an alliance) by name and focuses it;
- **a side panel**: click a node or a link for every tie behind it (kind, date, status,
  sources, the verbatim quote, selectable and copyable, and its English gloss); hovering
  shows a short tooltip;
- **colour toggles** (type or community) with a legend that says what colour means; links are
  coloured by the kind of their main tie; the line says how sure the time is: dashed for an
  undated tie, dotted for an ended one, dash-dot for a planned one;
- **hub view** (ego views): an alliance or a multilateral agreement is a node its members link
  to, bilateral ties stay direct links; a toggle switches to the projected view (members
  linked directly);
- **a year slider** (``time_slider``): each tie shows in the years it holds by
  :func:`collabgraph.questions.timeline.span`, so the slider at a year shows what ``--as-of YEAR`` shows;
  on an ego view the institutions are those within ``depth`` links of the centre in that year.
"""

from __future__ import annotations

import colorsys
import difflib
import functools
import itertools
import math
import numbers
import re
from collections import Counter
from importlib.resources import files
from pathlib import Path

import networkx as nx
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from collabgraph.errors import CollabgraphError, UnknownInstitution
from collabgraph.files.atomic import atomic_write_text
from collabgraph.network import igraph_backend
from collabgraph.questions.timeline import record_when, span

__all__ = [
    "render_html",
    "render_ego",
    "render_whole",
    "render_communities",
    "render_overview",
    "ego_graph",
    "live_physics",
    "community_colors",
    "is_hub_tie",
    "PHYSICS_LIMIT",
    "PHYSICS_EDGE_LIMIT",
    "WHOLE_VIEW_LIMIT",
    "TYPE_COLORS",
    "KIND_COLORS",
    "PLANNED_DASHES",
    "ENDED_DASHES",
    "UNDATED_DASHES",
]

#: Graphs with this many nodes or more get a precomputed layout instead of live physics.
PHYSICS_LIMIT = 1000
#: ... or with more than this many edges: the browser's springs cost per edge, so the ego view of
#: a 500-partner hub (20,000 edges among its partners) took 20 s to settle with few nodes.
PHYSICS_EDGE_LIMIT = 3000
#: Above this many nodes :func:`render_whole` and :func:`render_communities` draw one node per
#: community (or country).
WHOLE_VIEW_LIMIT = 5000
LAYOUT_SEED = 42
VIS_LIB = ("templates", "lib", "vis-9.1.2")
#: Ego and hub views up to this many nodes are laid out by Kamada–Kawai (quadratic), above by springs.
KAMADA_KAWAI_LIMIT = 600
#: Labels longer than this are cut (with "…") on the canvas; the panel and tooltip give them whole.
LABEL_CHARS = 38

TYPE_COLORS = {
    "university": "#1f77b4",
    "university hospital": "#d62728",
    "hospital": "#ff9896",
    "university of applied sciences": "#9ecae1",
    "research institute": "#2ca02c",
    "healthcare group": "#e377c2",
    "company": "#8c564b",
    "funder": "#bcbd22",
    "government body": "#7f7f7f",
    "association": "#9467bd",
    "unresolved": "#c7c7c7",
    "unit": "#17becf",
    "alliance": "#ffbb78",
    "organisation": "#dbdb8d",
}
KIND_COLORS = {
    "alliance": "#7fa7d9",
    "strategic_network": "#2ca02c",
    "mou": "#d62728",
    "cooperation_agreement": "#ff7f0e",
    "strategic_partnership": "#9467bd",
    "joint_programme": "#8c564b",
    "agreement": "#e377c2",
    "collaboration": "#17becf",
    "funding": "#bcbd22",
}
OTHER_KIND_COLOR = "#555555"
#: Institutions without a value for the colouring (no community, say).
MISSING_COLOR = "#c7c7c7"
PALETTE = [
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
    "#aec7e8",
    "#ffbb78",
    "#98df8a",
    "#ff9896",
    "#c5b0d5",
    "#c49c94",
    "#f7b6d2",
    "#c7c7c7",
    "#dbdb8d",
    "#9edae5",
]
#: Line styles: how sure the time of a link is (a link's colour is the kind of its main tie).
UNDATED_DASHES = [6, 4]
ENDED_DASHES = [2, 4]
PLANNED_DASHES = [12, 4, 2, 4]
#: How many communities the legend names; the rest are summed up in one line.
LEGEND_COMMUNITIES = 20

_COLORING_TITLES = {
    "type": "Colour: type of institution",
    "community": "Colour: community (institutions that tie more among themselves; 0 is the largest)",
    "country": "Colour: country",
}
_NOUNS = {"community": ("community", "communities"), "country": ("country", "countries")}


@functools.lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS from pyvis's package data, checked safe to inline."""
    lib = files("pyvis").joinpath(*VIS_LIB)
    # The source-map comment would point DevTools at a file the page does not ship.
    js = lib.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    js = re.sub(r"\s*//# sourceMappingURL=\S+\s*$", "\n", js)
    css = lib.joinpath("vis-network.css").read_text(encoding="utf-8")
    if "</script" in js.lower() or "</style" in css.lower():
        raise RuntimeError("vis-network assets contain a closing tag and cannot be inlined")
    return js, css


@functools.lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("collabgraph.render", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


# Colours ---------------------------------------------------------------------------------------


def _hex(r: float, g: float, b: float) -> str:
    return "#{:02x}{:02x}{:02x}".format(*(round(255 * c) for c in (r, g, b)))


def community_colors(values, sizes: dict | None = None) -> dict:
    """One distinct colour per community, the largest first: the 20 of :data:`PALETTE`, then hues
    spaced by the golden angle. ``None`` (no community) is grey.

    Parameters
    ----------
    values : iterable
        The ``community`` attribute of each node (repeats count towards the order).
    sizes : dict, optional
        Community → institutions, where a node stands for a whole community (an overview).

    Returns
    -------
    dict
        Community → ``#rrggbb``; every community gets a colour no other has.

    Examples
    --------
    >>> colours = community_colors([0, 0, 1, 2, None])
    >>> colours[0], colours[None]
    ('#1f77b4', '#c7c7c7')
    >>> len(set(community_colors(range(300)).values()))
    300
    """
    counts = Counter(values)
    counts.update({k: n - counts.get(k, 0) for k, n in (sizes or {}).items() if k in counts})
    order = sorted((v for v in counts if v is not None), key=lambda v: (-counts[v], str(v)))
    taken = {MISSING_COLOR}
    colours: dict = {}
    hues = (i * 137.50776405 % 360 for i in itertools.count())
    shades = itertools.cycle([(0.45, 0.65), (0.60, 0.55), (0.35, 0.70), (0.52, 0.45)])
    for i, v in enumerate(order):
        colour = PALETTE[i] if i < len(PALETTE) and PALETTE[i] not in taken else None
        while colour is None or colour in taken:
            light, sat = next(shades)
            colour = _hex(*colorsys.hls_to_rgb(next(hues) / 360, light, sat))
        taken.add(colour)
        colours[v] = colour
    if None in counts:
        colours[None] = MISSING_COLOR
    return colours


def _categories(values: dict, palette: dict) -> tuple[dict, list[dict]]:
    """Colours for categorical values, most frequent first, and the legend entries."""
    counts: dict[str, int] = {}
    for v in values.values():
        counts[v] = counts.get(v, 0) + 1
    order = sorted(counts, key=lambda v: (-counts[v], v))
    spare = itertools.cycle([c for c in PALETTE if c not in palette.values()] or PALETTE)
    colours = {v: palette.get(v) or next(spare) for v in order}
    legend = [{"label": v, "color": colours[v], "count": counts[v]} for v in order]
    return colours, legend


# Sizes, ties, links ----------------------------------------------------------------------------


def _sizes(graph: nx.Graph, size_by: str | None) -> dict:
    """Raw size values per node: ``size_by`` attribute (missing or not finite counts 0), else degree."""
    if size_by is None:
        return dict(graph.degree())
    if graph.number_of_nodes() and not any(size_by in d for _, d in graph.nodes(data=True)):
        raise ValueError(f"no node has the attribute {size_by!r} to size by")
    values = {}
    for n, d in graph.nodes(data=True):
        try:
            v = float(d.get(size_by) or 0.0)
        except (TypeError, ValueError):
            v = 0.0
        values[n] = v if math.isfinite(v) else 0.0  # JSON has no NaN
    return values


def _scale(value: float, lo: float, hi: float) -> float:
    """Node radius in pixels, area growing with the value."""
    return 10.0 if hi <= lo else round(6.0 + 30.0 * math.sqrt((value - lo) / (hi - lo)), 2)


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def is_hub_tie(tie: dict) -> bool:
    """Whether a tie joins more than two parties (a shared alliance, a multilateral agreement):
    the hub view draws it as a node its parties link to.

    Examples
    --------
    >>> is_hub_tie({"kind": "alliance", "parties": 2}), is_hub_tie({"kind": "mou", "parties": 3})
    (True, True)
    >>> is_hub_tie({"kind": "mou", "parties": 2})
    False
    """
    return tie.get("kind") == "alliance" or int(tie.get("parties") or 2) > 2


def _tie_span(tie: dict, include_planned: bool) -> list | None:
    """``[first, last, undated]``: the years the tie holds by :func:`collabgraph.questions.timeline.holds`."""
    date = tie.get("date")
    record = {**tie, "date": date, "undated": bool(tie.get("undated", date is None))}
    held = span(record_when(record), include_planned=include_planned)
    return list(held) if held is not None else None


def _tie_entry(tie: dict, include_planned: bool) -> dict:
    """A tie as the page carries it: what the panel shows and the years it holds."""
    date = tie.get("date")
    return {
        "label": str(tie.get("label") or tie.get("via") or tie.get("kind") or "tie"),
        "kind": str(tie.get("kind") or "collaboration"),
        "via": str(tie.get("via") or ""),
        "date": date,
        "end": tie.get("end"),
        "status": tie.get("status"),
        "undated": bool(tie.get("undated", date is None)),
        "sources": [str(s) for s in tie.get("sources") or ()],
        "quote": tie.get("quote"),
        "gloss": tie.get("gloss"),
        "curation": tie.get("curation"),
        "parties": int(tie.get("parties") or 2),
        "span": _tie_span(tie, include_planned),
    }


def _sorted_spans(found) -> list[list]:
    return [list(s) for s in sorted({tuple(s) for s in found}, key=lambda s: (s[0] or 0, s[1] or 9999, s[2]))]


def _edge_spans(data: dict, entries: list[dict]) -> list[list]:
    """When the edge holds, as ``[first, last, undated]`` year spans of its ties (the slider shows
    exactly what ``--as-of YEAR`` shows); a graph without tie records: its start and flag."""
    if "spans" in data:  # an overview's link: the spans of the links it sums up
        return [list(s) for s in data["spans"]]
    if entries:
        return _sorted_spans(e["span"] for e in entries if e["span"] is not None)
    start = data.get("start")
    return [[int(str(start)[:4]) if start else None, None, bool(data.get("undated", start is None))]]


def _line(planned: bool, ended: bool, undated: bool):
    """The dashes of a link: planned, else ended, else undated, else solid."""
    if planned:
        return PLANNED_DASHES
    if ended:
        return ENDED_DASHES
    return UNDATED_DASHES if undated else False


def _link(entries: list[dict], data: dict | None = None) -> dict:
    """Kind (of the heaviest tie), flags, colour and line of a link made of ``entries``."""
    data = data or {}
    if entries:
        heaviest = max(entries, key=lambda t: (1.0 / max(t["parties"] - 1, 1), t["kind"]))
        kind = heaviest["kind"]
        dated = [t["date"] for t in entries if not t["undated"] and t["date"]]
        start = min(dated) if dated else None
        undated = not dated
        planned = all(t["status"] in ("planned", "announced") for t in entries)
        ended = all(t["status"] == "ended" for t in entries)
    else:
        kind = (data.get("kinds") or ["collaboration"])[0]
        start = data.get("start")
        undated = bool(data.get("undated", start is None))
        planned, ended = bool(data.get("planned", False)), bool(data.get("ended", False))
    return {
        "kind": kind,
        "start": start,
        "year": int(str(start)[:4]) if start else None,
        "undated": undated,
        "planned": planned,
        "ended": ended,
        "color": KIND_COLORS.get(kind, OTHER_KIND_COLOR),
        "dashes": _line(planned, ended, undated),
    }


# Layouts ----------------------------------------------------------------------------------------


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
    init = {k: p for k, p in (start or {}).items() if k in graph}
    init = init if len(init) == n else None
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
    """Push circles apart until none overlap (centres: k×2 array, changed in place)."""
    import numpy as np

    k = len(radii)
    if k < 2:
        return centres
    need = radii[:, None] + radii[None, :] + gap
    np.fill_diagonal(need, 0.0)
    rng = np.random.default_rng(LAYOUT_SEED)
    for _ in range(rounds):
        diff = centres[:, None, :] - centres[None, :, :]
        dist = np.sqrt((diff**2).sum(-1))
        overlap = need - dist
        np.fill_diagonal(overlap, 0.0)
        if overlap.max() <= 0.01:
            break
        stuck = dist < 1e-6
        if stuck.any():  # two circles on one spot: nudge them apart at random
            diff = np.where(stuck[..., None], rng.normal(size=diff.shape), diff)
            dist = np.sqrt((diff**2).sum(-1))
        push = np.where(overlap > 0, overlap / np.maximum(dist, 1e-9) / 2, 0.0)
        centres += (diff * push[..., None]).sum(1) * 0.5
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


# The page ---------------------------------------------------------------------------------------


def _cut(graph: nx.Graph) -> str:
    """The time cut in words, from the graph attributes institution_graph sets."""
    g = graph.graph
    parts = []
    if g.get("as_of"):
        parts.append(f"as of {g['as_of']}")
    if g.get("since") or g.get("until"):
        parts.append(f"started {g.get('since') or '…'} to {g.get('until') or '…'}")
    if g.get("include_planned"):
        parts.append("planned ties included")
    return "; ".join(parts)


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


def _community_key(value):
    """A node's community, JSON-safe; community 0 is a community (None: none)."""
    if value is None or value == "" or (isinstance(value, float) and not math.isfinite(value)):
        return None
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):  # numpy's too
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if isinstance(value, str) else str(value)


def _community_names(graph: nx.Graph, degree: dict) -> dict:
    """Community → (size, its best-connected members' labels)."""
    members: dict = {}
    for n, d in graph.nodes(data=True):
        key = _community_key(d.get("community"))
        if key is not None:
            members.setdefault(key, []).append(n)
    names = {}
    for key, ns in members.items():
        if len(ns) == 1 and "members" in graph.nodes[ns[0]]:  # an overview's node: a whole community
            data = graph.nodes[ns[0]]
            names[key] = (int(data.get("institutions") or len(data["members"])), [str(m) for m in data["members"][:3]])
            continue
        ranked = sorted(ns, key=lambda n: (-degree.get(n, 0), str(graph.nodes[n].get("label", n))))
        names[key] = (len(ns), [str(graph.nodes[n].get("label") or n) for n in ranked[:3]])
    return names


def _community_label(key, size: int, names: list[str]) -> str:
    more = f" and {size - len(names)} more" if size > len(names) else ""
    return f"community {key}: {', '.join(names)}{more}"


def _colorings(graph: nx.Graph, color_by: str, degree: dict) -> list[dict]:
    """The node colourings a page offers, ``color_by`` first: per node colour and legend."""
    keys = [color_by]
    attrs = set().union(*(d.keys() for _, d in graph.nodes(data=True))) if graph.number_of_nodes() else set()
    for extra in ("community", "type"):
        if extra in attrs and extra not in keys and not graph.graph.get("aggregated_by"):
            keys.append(extra)
    found = []
    for key in keys:
        if key == "community":
            values = {n: _community_key(d.get("community")) for n, d in graph.nodes(data=True)}
            names = _community_names(graph, degree)
            colours = community_colors(values.values(), {k: size for k, (size, _) in names.items()})
            order = [k for k in colours if k is not None]
            items = [
                {"label": _community_label(k, *names[k]), "color": colours[k], "count": names[k][0], "community": k}
                for k in order[:LEGEND_COMMUNITIES]
            ]
            rest = order[LEGEND_COMMUNITIES:]
            more = f"and {len(rest)} smaller communities ({sum(names[k][0] for k in rest)} institutions)" if rest else ""
            if None in colours:
                missing = sum(v is None for v in values.values())
                items.append({"label": "no community", "color": MISSING_COLOR, "count": missing})
            found.append(
                {
                    "key": key,
                    "title": _COLORING_TITLES[key],
                    "items": items,
                    "more": more,
                    "colors": {n: colours[values[n]] for n in graph},
                }
            )
        else:
            values = {n: str(d.get(key)) if d.get(key) not in (None, "") else "unknown" for n, d in graph.nodes(data=True)}
            if graph.graph.get("aggregated_by") and key == "type":  # one colour per group drawn
                values = {n: str(d.get("label") or n) for n, d in graph.nodes(data=True)}
                sizes = {values[n]: int(d.get("institutions") or 1) for n, d in graph.nodes(data=True)}
                colours = community_colors(values.values(), sizes)
                items = [
                    {"label": v, "color": colours[v], "count": sizes[v]} for v in sorted(sizes, key=lambda v: (-sizes[v], v))
                ]
            else:
                colours, items = _categories(values, TYPE_COLORS if key == "type" else {})
            title = _COLORING_TITLES.get(key, f"Colour: {key}")
            if graph.graph.get("aggregated_by") and key == "type":
                title = f"Colour: one per {graph.graph['aggregated_by']}"
            found.append(
                {"key": key, "title": title, "items": items, "more": "", "colors": {n: colours[values[n]] for n in graph}}
            )
    return found


def _node_title(label: str, data: dict, size_name: str, size: float, community) -> str:
    if "institutions" in data:  # a group of an overview
        return f"{label}\n{data['institutions']} institutions"
    lines = [label, f"type: {data.get('type') or 'unknown'}", f"country: {data.get('country') or 'unknown'}"]
    if community is not None:
        lines.append(f"community: {community}")
    lines.append(f"{size_name}: {size:.4g}")
    return "\n".join(lines)


def _page(
    graph: nx.Graph,
    *,
    size_by: str | None,
    color_by: str,
    time_slider: bool,
    physics: bool | None,
    hubs: bool,
    depth: int | None = None,
    clusters: bool = False,
) -> dict:
    """Everything the template needs: the JSON payload and the legend and header context."""
    include_planned = bool(graph.graph.get("include_planned"))
    center = graph.graph.get("center")
    center = center if center in graph else None
    values = _sizes(graph, size_by)
    degree = dict(graph.degree())
    lo, hi = min(values.values(), default=0.0), max(values.values(), default=0.0)
    colorings = _colorings(graph, color_by, degree)
    node_list = list(graph)
    ids = {n: i for i, n in enumerate(node_list)}

    table: list[dict] = []
    seen: dict[int, int] = {}

    def tie_index(t: dict) -> int:
        i = seen.get(id(t))
        if i is None:
            i = seen[id(t)] = len(table)
            table.append(_tie_entry(t, include_planned))
        return i

    edges: list[dict] = []
    hub_nodes: dict[str, dict] = {}
    hub_links: dict[tuple, dict] = {}
    direct: list[dict] = []
    for i, (a, b, data) in enumerate(graph.edges(data=True)):
        ties = data.get("ties") or []
        idx = [tie_index(t) for t in ties]
        entries = [table[j] for j in idx]
        edge = {
            "id": i,
            "from": ids[a],
            "to": ids[b],
            "view": "both",
            "ties": idx,
            "count": len(ties) or int(data.get("count", 1) or 1),
            "spans": _edge_spans(data, entries),
            **_link(entries, data),
            "width": round(min(1.0 + 2.5 * float(data.get("weight", 1.0) or 0.0), 8.0), 2),
        }
        if data.get("kinds") and not ties:
            edge["kinds"] = [str(k) for k in data["kinds"]]
        edges.append(edge)
        multi = [j for t, j in zip(ties, idx, strict=True) if is_hub_tie(t)] if hubs else []
        if not multi:
            continue
        edge["view"] = "projected"
        bilateral = [j for j in idx if j not in multi]
        if bilateral:
            part = [table[j] for j in bilateral]
            direct.append(
                {
                    "from": ids[a],
                    "to": ids[b],
                    "view": "hubs",
                    "ties": bilateral,
                    "count": len(bilateral),
                    "spans": _edge_spans({}, part),
                    "pair": i,
                    **_link(part),
                    "width": round(min(1.0 + 2.5 * sum(1.0 / max(t["parties"] - 1, 1) for t in part), 8.0), 2),
                }
            )
        for j in multi:
            via = table[j]["via"] or table[j]["label"]
            hub = hub_nodes.setdefault(via, {"label": table[j]["label"], "kind": table[j]["kind"], "members": set(), "ties": []})
            hub["ties"].append(j)
            for end in (a, b):
                hub["members"].add(end)
                link = hub_links.setdefault((end, via), {"pairs": [], "ties": []})
                link["pairs"].append([i, j])
                link["ties"].append(j)

    nodes: list[dict] = []
    for n, data in graph.nodes(data=True):
        label = str(data.get("label") or n)
        community = _community_key(data.get("community"))
        node = {
            "id": ids[n],
            "iri": str(n),
            "label": label,
            "short": _short(str(data.get("short") or label)),
            "center": n == center,
            "hub": False,
            "size": _scale(values[n], lo, hi),
            "metric": round(values[n], 6),
            "degree": degree[n],
            "type": str(data.get("type") or ""),
            "country": str(data.get("country") or ""),
            "colors": {c["key"]: c["colors"][n] for c in colorings},
            "title": _node_title(label, data, size_by or "degree", values[n], community),
        }
        node["color"] = node["colors"][colorings[0]["key"]] if colorings else MISSING_COLOR
        if community is not None:
            node["community"] = community
        for key in ("institutions", "members", "types"):
            if key in data:
                node[key] = data[key]
        if "spans" in data:
            node["spans"] = [list(s) for s in data["spans"]]
        nodes.append(node)

    hub_list = []
    next_node, next_edge = len(nodes), len(edges)
    for via, hub in hub_nodes.items():
        entry = table[hub["ties"][0]]
        count = len(hub["members"])
        hub_list.append(
            {
                "id": next_node,
                "iri": via,
                "label": hub["label"],
                "short": _short(hub["label"]),
                "center": False,
                "hub": True,
                "kind": hub["kind"],
                "members": count,
                "parties": max(table[j]["parties"] for j in hub["ties"]),
                "size": round(9.0 + 2.2 * math.sqrt(count), 2),
                "degree": count,
                "metric": count,
                "type": hub["kind"],
                "country": "",
                "color": KIND_COLORS.get(entry["kind"], OTHER_KIND_COLOR),
                "title": f"{hub['label']}\n{hub['kind'].replace('_', ' ')}: {count} members in this view",
            }
        )
        hub["id"] = next_node
        next_node += 1
    for d in direct:
        d["id"] = next_edge
        next_edge += 1
    hub_edges = []
    for (end, via), link in hub_links.items():
        distinct = sorted(set(link["ties"]))
        part = [table[j] for j in distinct]
        style = _link(part)
        hub_edges.append(
            {
                "id": next_edge,
                "from": ids[end],
                "to": hub_nodes[via]["id"],
                "view": "hubs",
                "hub": True,
                "ties": distinct,
                "pairs": link["pairs"],
                "count": len(distinct),
                "spans": _edge_spans({}, part),
                **style,
                "kind": hub_nodes[via]["kind"],
                "color": KIND_COLORS.get(hub_nodes[via]["kind"], OTHER_KIND_COLOR),
                "width": 1.6,
            }
        )
        next_edge += 1
    has_hubs = bool(hub_list)
    all_nodes = nodes + hub_list
    all_edges = edges + direct + hub_edges

    # Layout: a hub page carries both views' positions; a communities page its discs.
    positions, discs = None, []
    if clusters:
        groups: dict = {}
        for n, d in graph.nodes(data=True):
            groups.setdefault(_community_key(d.get("community")), []).append(n)
        order = sorted(groups, key=lambda k: (k is None, -len(groups[k]), str(k)))
        pos, discs = _cluster_layout(graph, [(k, groups[k]) for k in order])
        physics = False
        for node in nodes:
            node["x"], node["y"] = pos[node_list[node["id"]]]
    elif has_hubs:
        physics = False
        hub_graph = nx.Graph()
        hub_graph.add_nodes_from(graph)
        for e in edges + direct:  # what the hub view draws: bilateral links and members to hubs
            if e["view"] != "projected":
                hub_graph.add_edge(node_list[e["from"]], node_list[e["to"]], weight=1.0)
        for e in hub_edges:
            hub_graph.add_edge(node_list[e["from"]], ("hub", e["to"]), weight=1.0)
        hub_pos = _anchored_layout(hub_graph, center)
        flat = {n: (x / 100.0, y / 100.0) for n, (x, y) in hub_pos.items() if n in graph}  # a start near the hub view
        projected_pos = _anchored_layout(graph, center, start=flat)
        positions = {"hubs": {}, "projected": {}}
        for node in nodes:
            positions["hubs"][node["id"]] = list(hub_pos[node_list[node["id"]]])
            positions["projected"][node["id"]] = list(projected_pos[node_list[node["id"]]])
        for hub in hub_list:
            positions["hubs"][hub["id"]] = list(hub_pos[("hub", hub["id"])])
            positions["projected"][hub["id"]] = list(hub_pos[("hub", hub["id"])])
        for node in all_nodes:
            node["x"], node["y"] = positions["hubs"][node["id"]]
    else:
        if physics is None:
            physics = live_physics(graph)
        if not physics:
            pos = _positions(graph)
            for node in nodes:
                node["x"], node["y"] = pos[node_list[node["id"]]]
            if graph.graph.get("aggregated_by") and len(nodes) > 1:  # big groups: no two discs overlap
                import numpy as np

                centres = np.array([[n["x"], n["y"]] for n in nodes], dtype=float)
                centres = _separate(centres, np.array([n["size"] + 14.0 for n in nodes]), 4.0)
                for node, (x, y) in zip(nodes, centres, strict=True):
                    node["x"], node["y"] = round(float(x), 1), round(float(y), 1)

    # Label order: the centre, the hubs (most members first), then institutions by importance.
    ranked = sorted(nodes, key=lambda n: (not n["center"], -n["metric"], -n["degree"], n["label"]))
    for rank, node in enumerate(ranked):
        node["rank"] = rank
    order = (
        [n["id"] for n in ranked if n["center"]]
        + [h["id"] for h in sorted(hub_list, key=lambda h: (-h["members"], h["label"]))]
        + [n["id"] for n in ranked if not n["center"]]
    )

    cluster_info = []
    if discs:
        colours = next((c["colors"] for c in colorings if c["key"] == "community"), {})
        names = _community_names(graph, degree)
        members: dict = {}
        for node in nodes:
            members.setdefault(node.get("community"), []).append(node["id"])
        for disc in discs:
            key, inside = disc["key"], members.get(disc["key"], [])
            size, top = names.get(key, (len(inside), []))
            text = f"community {key} ({size})" if key is not None else f"no community ({size})"
            cluster_info.append(
                {
                    "community": key,
                    "label": text,
                    "title": _community_label(key, size, top) if key is not None else text,
                    "color": colours.get(node_list[inside[0]], MISSING_COLOR) if inside else MISSING_COLOR,
                    "x": disc["x"],
                    "y": disc["y"],
                    "r": disc["r"],
                    "members": inside,
                }
            )

    years = [y for e in all_edges for s in e["spans"] for y in s[:2] if y is not None]
    years += [y for n in nodes for s in n.get("spans", ()) for y in s[:2] if y is not None]
    options = {
        "autoResize": True,
        "layout": {"randomSeed": LAYOUT_SEED},  # live physics starts from the same place every time
        "nodes": {"shape": "dot", "borderWidth": 1, "font": {"size": 13, "face": "sans-serif"}, "chosen": True},
        "edges": {"color": {"inherit": False}, "smooth": {"enabled": False}, "selectionWidth": 2, "hoverWidth": 1.5},
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "dragNodes": True,
            "hideEdgesOnDrag": len(all_edges) > 3000,
            "hideEdgesOnZoom": len(all_edges) > 3000,
            "multiselect": False,
        },
        "physics": {
            "enabled": bool(physics),
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -6000,
                "centralGravity": 0.25,
                "springLength": 140,
                "springConstant": 0.02,
                "damping": 0.2,
                "avoidOverlap": 0.1,
            },
            "stabilization": {"enabled": True, "iterations": 400, "fit": True, "updateInterval": 50},
        },
    }
    data = {
        "nodes": all_nodes,
        "edges": all_edges,
        "ties": table,
        "options": options,
        "timeSlider": time_slider,
        "physics": bool(physics),
        "center": ids[center] if center is not None else None,
        "depth": depth if center is not None else None,
        "hubs": has_hubs,
        "view": "hubs" if has_hubs else "projected",
        "positions": positions,
        "colorBy": colorings[0]["key"] if colorings else None,
        "colorings": [c["key"] for c in colorings],
        "order": order,
        "clusters": cluster_info,
        "aggregated": graph.graph.get("aggregated_by"),
    }
    projected = [e for e in all_edges if e["view"] != "hubs"]
    return {
        "data": data,
        "colorings": colorings,
        "has_hubs": has_hubs,
        "hub_count": len(hub_list),
        "nodes": len(nodes),
        "links": len(projected),
        "ties": sum(e["count"] for e in projected),
        "undated": sum(e["undated"] for e in projected),
        "edge_legend": _edge_legend(all_edges),
        "line_legend": _line_legend(all_edges),
        "hub_kinds": sorted({h["kind"] for h in hub_list}),
        "year_min": min(years, default=None),
        "year_max": max(years, default=None),
        "center_label": str(graph.nodes[center].get("label") or center) if center is not None else None,
    }


def _edge_legend(edges: list[dict]) -> list[dict]:
    kinds: dict[str, int] = {}
    for e in edges:
        if e["view"] != "hubs":
            kinds[e["kind"]] = kinds.get(e["kind"], 0) + 1
    for e in edges:
        kinds.setdefault(e["kind"], 0)
    return [
        {"label": k.replace("_", " "), "color": KIND_COLORS.get(k, OTHER_KIND_COLOR)}
        for k, c in sorted(kinds.items(), key=lambda kc: (-kc[1], kc[0]))
    ]


def _line_legend(edges: list[dict]) -> list[dict]:
    """The line styles present: what dashes mean."""
    entries = []
    styles = (
        ("solid", False, "dated (the sources give when it started)"),
        ("undated", UNDATED_DASHES, "undated: the sources give no start date"),
        ("ended", ENDED_DASHES, "ended"),
        ("planned", PLANNED_DASHES, "planned or announced, not yet in force"),
    )
    for name, dashes, text in styles:
        if any(e["dashes"] == dashes for e in edges):
            svg = "0" if dashes is False else " ".join(str(d) for d in dashes)
            entries.append({"name": name, "label": text, "dash": svg})
    return entries


def _write(
    graph: nx.Graph,
    path: Path | str,
    *,
    title: str,
    page: dict,
    size_by: str | None,
    time_slider: bool,
    noun: tuple[str, str] = ("institution", "institutions"),
    note: str | None = None,
) -> Path:
    js, css = _vis_assets()
    size_title = {"institutions": "number of institutions", None: "degree (number of partners)"}.get(
        size_by, size_by.replace("_", " ") if size_by else ""
    )
    text = (
        _environment()
        .get_template("network.html.j2")
        .render(
            title=title,
            data=page["data"],
            vis_js=Markup(js),
            vis_css=Markup(css),
            nodes=page["nodes"],
            links=page["links"],
            ties=page["ties"],
            undated=page["undated"],
            noun=noun[1],
            note=note,
            cut=_cut(graph),
            center=page["center_label"],
            size_title=size_title,
            colorings=page["colorings"],
            edge_legend=page["edge_legend"],
            line_legend=page["line_legend"],
            has_hubs=page["has_hubs"],
            hub_count=page["hub_count"],
            hub_kinds=page["hub_kinds"],
            hub_colors={k: KIND_COLORS.get(k, OTHER_KIND_COLOR) for k in page["hub_kinds"]},
            time_slider=time_slider,
            year_min=page["year_min"],
            year_max=page["year_max"],
        )
    )
    return atomic_write_text(path, text)


def render_html(
    graph: nx.Graph,
    path: Path | str,
    *,
    title: str,
    size_by: str | None = None,
    color_by: str = "type",
    time_slider: bool = False,
    physics: bool | None = None,
    hubs: bool = False,
) -> Path:
    """Write an interactive, self-contained HTML page of ``graph``.

    The page inlines vis-network, fetches nothing and works from ``file://`` offline. Nodes are
    sized by ``size_by`` and coloured by ``color_by``, with a toggle to the other colourings the
    nodes carry (``type``, ``community``) and a legend that says what colour means; links are
    coloured by the kind of their heaviest tie, their line says how sure the time is (dashed:
    undated, dotted: ended, dash-dot: planned). Labels are drawn by importance where they overlap
    nothing; a search box focuses an institution; a click on a node or a link opens a panel with
    every tie behind it (kind, date, status, sources, quote and its English gloss).

    Parameters
    ----------
    graph : networkx.Graph
        Typically from :func:`collabgraph.network.project.institution_graph`: nodes with
        ``label``, ``type``, ``country``; edges with ``weight``, ``start``, ``undated``,
        ``planned`` and ``ties``. Graph attributes ``as_of``, ``since``, ``until`` and ``center``
        (highlighted) are shown when set.
    path : path-like
        The HTML file to write (parent directories are created).
    title : str
        Shown in the header and the window title.
    size_by : str, optional
        A numeric node attribute to size nodes by (a centrality, say); missing values count 0.
        Default: degree.
    color_by : str
        The node attribute to colour by first: ``"type"`` or ``"community"``, say.
    time_slider : bool
        Add a year slider: ties appear in the years they hold, nodes with their ties; undated
        ties are toggled by a "show undated ties" checkbox.
    physics : bool, optional
        Live force layout in the browser; default on below :data:`PHYSICS_LIMIT` nodes and up to
        :data:`PHYSICS_EDGE_LIMIT` edges (:func:`live_physics`), else positions come from a
        seeded :func:`networkx.spring_layout` and physics is off. A page with hubs has both
        views' layouts computed here.
    hubs : bool
        Draw each alliance and multilateral agreement (:func:`is_hub_tie`) as a node its members
        link to, with a toggle to the projected view; bilateral ties stay direct links.

    Returns
    -------
    pathlib.Path
        ``path``, written atomically (a temporary file beside it, then renamed).

    Raises
    ------
    ValueError
        If no node has the ``size_by`` attribute.

    Examples
    --------
    >>> import tempfile, pathlib, networkx as nx
    >>> g = nx.Graph()
    >>> g.add_node("a", label="Alpha <Uni>", type="university", country="NL")
    >>> g.add_node("b", label="Beta", type="hospital", country="DE")
    >>> g.add_edge("a", "b", weight=1.0, start="2019-05", undated=False, planned=False, ties=[])
    >>> out = render_html(g, pathlib.Path(tempfile.mkdtemp()) / "net.html", title="Demo")
    >>> page = out.read_text(encoding="utf-8")
    >>> "<Uni>" in page, "<script src" in page
    (False, False)
    >>> import json, re
    >>> block = re.search('id="graph-data">(.*?)</script>', page, re.S).group(1)
    >>> [n["label"] for n in json.loads(block)["nodes"]]
    ['Alpha <Uni>', 'Beta']
    """
    page = _page(
        graph,
        size_by=size_by,
        color_by=color_by,
        time_slider=time_slider,
        physics=physics,
        hubs=hubs,
        depth=graph.graph.get("depth"),
    )
    return _write(graph, path, title=title, page=page, size_by=size_by, time_slider=time_slider)


def _overview(graph: nx.Graph, by: str, top: int = 3) -> nx.Graph:
    """One node per value of ``by`` (community 0 is a community; no value: "none"), one link per
    pair of groups with ties between them, the years each holds kept for the slider."""
    groups: dict = {}
    for n, d in graph.nodes(data=True):
        key = _community_key(d.get(by))
        groups.setdefault(key, []).append(n)
    degree = dict(graph.degree())
    include_planned = bool(graph.graph.get("include_planned"))
    h = nx.Graph(
        aggregated_by=by,
        include_planned=include_planned,
        **{k: v for k, v in graph.graph.items() if k in ("as_of", "since", "until")},
    )
    node_of = {}
    for key, members in sorted(groups.items(), key=lambda kv: (kv[0] is None, -len(kv[1]), str(kv[0]))):
        ranked = sorted(members, key=lambda n: (-degree[n], str(graph.nodes[n].get("label", n))))
        labels = [str(graph.nodes[n].get("label") or n) for n in ranked]
        types = Counter(str(graph.nodes[n].get("type") or "unknown") for n in members)
        countries = Counter(graph.nodes[n].get("country") or "" for n in members)
        name = f"{by} {key}" if key is not None else f"no {by}"
        more = f" and {len(members) - 1} more" if len(members) > 1 else ""
        label = f"{name}: {labels[0]}{more}" if by == "community" else f"{name} ({len(members)})"
        short = f"{labels[0]}{more}" if by == "community" else label
        node = f"{by}:{key}"
        for n in members:
            node_of[n] = node
        h.add_node(
            node,
            label=label,
            short=short,
            type=types.most_common(1)[0][0],
            country=countries.most_common(1)[0][0],
            institutions=len(members),
            members=labels,
            types=dict(types.most_common()),
            spans=set(),
            **({"community": key} if by == "community" else {}),
        )
    for a, b, data in graph.edges(data=True):
        ga, gb = node_of[a], node_of[b]
        spans = {tuple(s) for s in _edge_spans(data, [_tie_entry(t, include_planned) for t in data.get("ties") or []])}
        if ga == gb:
            h.nodes[ga]["spans"] |= spans
            continue
        if not h.has_edge(ga, gb):
            h.add_edge(ga, gb, weight=0.0, count=0, kinds=set(), start=None, undated=True, planned=True, ended=True, spans=set())
        e = h.edges[ga, gb]
        e["weight"] += float(data.get("weight", 1.0) or 0.0)
        e["count"] += len(data.get("ties") or ()) or int(data.get("count", 1) or 1)
        e["kinds"] |= set(data.get("kinds") or (t.get("kind") for t in data.get("ties") or ()))
        if data.get("start") and (e["start"] is None or str(data["start"]) < str(e["start"])):
            e["start"] = data["start"]
        e["planned"] = e["planned"] and bool(data.get("planned", False))
        e["ended"] = e["ended"] and all(t.get("status") == "ended" for t in data.get("ties") or [{}])
        e["spans"] |= spans
    for _, d in h.nodes(data=True):
        d["spans"] = _sorted_spans(d["spans"])
    for _, _, e in h.edges(data=True):
        e["kinds"] = sorted(k for k in e["kinds"] if k)
        e["undated"] = e["start"] is None
        e["spans"] = _sorted_spans(e["spans"])
        e["weight"] = min(e["weight"], 3.0)
    return h


def render_overview(graph: nx.Graph, path: Path | str, *, title: str, by: str = "community", time_slider: bool = True) -> Path:
    """Write one node per community (or country) of ``graph``: the view of a network too big to
    draw one institution at a time.

    Each group is a node sized by its institutions and coloured on its own (the legend names
    its best-connected members); a link sums the ties between two groups. Clicking a group lists
    its institutions; the search box finds an institution's group. Community 0 (the largest) is a
    community like any other; institutions without the attribute form one "no community" node.

    Examples
    --------
    >>> import tempfile, pathlib, json, re, networkx as nx
    >>> g = nx.path_graph(["a", "b", "c"])
    >>> nx.set_node_attributes(g, {"a": 0, "b": 0, "c": 1}, "community")
    >>> out = render_overview(g, pathlib.Path(tempfile.mkdtemp()) / "o.html", title="t")
    >>> page = out.read_text(encoding="utf-8")
    >>> nodes = json.loads(re.search('id="graph-data">(.*?)</script>', page, re.S).group(1))["nodes"]
    >>> [(n["label"], n["institutions"]) for n in nodes]
    [('community 0: b and 1 more', 2), ('community 1: c', 1)]
    >>> len({n["color"] for n in nodes})
    2
    """
    from collabgraph.network.aggregate import GROUPINGS

    if by not in GROUPINGS:
        raise CollabgraphError(f"cannot aggregate by {by!r}; choose {', '.join(GROUPINGS)}")
    h = _overview(graph, by)
    page = _page(
        h,
        size_by="institutions",
        color_by="community" if by == "community" else "type",
        time_slider=time_slider,
        physics=False,
        hubs=False,
    )  # laid out here: open at once
    singular, plural = _NOUNS.get(by, (by, by))
    note = f"one node per {singular}: {graph.number_of_nodes():,} institutions"
    return _write(
        h, path, title=title, page=page, size_by="institutions", time_slider=time_slider, noun=(singular, plural), note=note
    )


def render_whole(graph: nx.Graph, path: Path | str, *, title: str, color_by: str = "type", limit: int = WHOLE_VIEW_LIMIT) -> Path:
    """Write the whole network with a year slider; above ``limit`` nodes, its overview instead.

    vis-network draws a few thousand nodes; beyond ``limit`` the page shows one node per
    community (per country if no ``community`` attribute was set) with
    :func:`render_overview`, and its title says so.

    Examples
    --------
    >>> import tempfile, pathlib, networkx as nx
    >>> g = nx.path_graph(["a", "b", "c"])
    >>> nx.set_node_attributes(g, {"a": "NL", "b": "NL", "c": "DE"}, "country")
    >>> for _, _, d in g.edges(data=True):
    ...     d.update(weight=1.0, start=None, undated=True, planned=False, ties=[])
    >>> out = render_whole(g, pathlib.Path(tempfile.mkdtemp()) / "all.html", title="All", limit=2)
    >>> "one node per country" in out.read_text(encoding="utf-8")
    True
    """
    if graph.number_of_nodes() <= limit:
        size_by = "betweenness" if any("betweenness" in d for _, d in graph.nodes(data=True)) else None
        return render_html(graph, path, title=title, size_by=size_by, color_by=color_by, time_slider=True)
    by = "community" if any("community" in d for _, d in graph.nodes(data=True)) else "country"
    return render_overview(
        graph,
        path,
        by=by,
        time_slider=True,
        title=f"{title}: one node per {_NOUNS[by][0]} ({graph.number_of_nodes():,} institutions are too many to draw one by one)",
    )


def render_communities(
    graph: nx.Graph,
    path: Path | str,
    *,
    title: str = "The network by community",
    size_by: str | None = None,
    time_slider: bool = False,
    limit: int = WHOLE_VIEW_LIMIT,
) -> Path:
    """Write the communities page: every institution coloured by its community, each community
    laid out in its own disc and named by its best-connected members.

    The nodes' ``community`` attribute (:func:`collabgraph.network.communities.communities`;
    computed on a copy when missing) decides the colour, with a toggle to colour by type; a
    legend entry per community focuses it. Above ``limit`` institutions the page shows one node
    per community instead (:func:`render_overview`).

    Parameters
    ----------
    graph : networkx.Graph
        The institution graph (today's, or as of a date): communities are found in it.
    size_by : str, optional
        Node attribute to size by; default ``betweenness`` where set, else degree.
    time_slider : bool
        A year slider over the graph's ties (communities stay those of ``graph``).

    Examples
    --------
    >>> import tempfile, pathlib, json, re, networkx as nx
    >>> g = nx.barbell_graph(4, 0)
    >>> nx.set_node_attributes(g, {n: f"Uni {n}" for n in g}, "label")
    >>> nx.set_node_attributes(g, {n: int(n >= 4) for n in g}, "community")
    >>> page = render_communities(g, pathlib.Path(tempfile.mkdtemp()) / "c.html").read_text(encoding="utf-8")
    >>> data = json.loads(re.search('id="graph-data">(.*?)</script>', page, re.S).group(1))
    >>> sorted({(n["community"], n["color"]) for n in data["nodes"]})
    [(0, '#1f77b4'), (1, '#ff7f0e')]
    >>> [c["label"] for c in data["clusters"]]
    ['community 0 (4)', 'community 1 (4)']
    """
    if graph.number_of_nodes() and not any("community" in d for _, d in graph.nodes(data=True)):
        from collabgraph.network.communities import communities

        graph = graph.copy()
        communities(graph)
    if graph.number_of_nodes() > limit:
        return render_overview(
            graph,
            path,
            by="community",
            time_slider=time_slider,
            title=f"{title} (one node per community: {graph.number_of_nodes():,} institutions are too many to draw one by one)",
        )
    if size_by is None and any("betweenness" in d for _, d in graph.nodes(data=True)):
        size_by = "betweenness"
    page = _page(graph, size_by=size_by, color_by="community", time_slider=time_slider, physics=False, hubs=False, clusters=True)
    groups = len({n.get("community") for n in page["data"]["nodes"]})
    return _write(graph, path, title=title, page=page, size_by=size_by, time_slider=time_slider, note=f"{groups} communities")


def ego_graph(graph: nx.Graph, center, *, depth: int = 1) -> nx.Graph:
    """The neighbourhood of ``center`` within ``depth`` links, with ``center`` marked.

    ``center`` is a node or a node's label (case-insensitive). The result is a copy whose graph
    attributes ``center`` and ``depth`` name the centre node and the radius, which
    :func:`render_html` highlights and keeps under the year slider.

    Raises
    ------
    UnknownInstitution
        If ``center`` is neither a node nor a node's label; carries close labels.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.path_graph(5)
    >>> nx.set_node_attributes(g, {n: f"N{n}" for n in g}, "label")
    >>> sorted(ego_graph(g, "n2", depth=1)), ego_graph(g, 2).graph["center"]
    ([1, 2, 3], 2)
    """
    node = center if center in graph else None
    if node is None:
        by_label = {str(d.get("label", n)).casefold(): n for n, d in graph.nodes(data=True)}
        node = by_label.get(str(center).casefold())
        if node is None:
            labels = [str(d.get("label", n)) for n, d in graph.nodes(data=True)]
            raise UnknownInstitution(str(center), difflib.get_close_matches(str(center), labels, n=5))
    ego = nx.ego_graph(graph, node, radius=depth).copy()
    ego.graph["center"] = node
    ego.graph["depth"] = depth
    return ego


def render_ego(
    graph: nx.Graph,
    center,
    path: Path | str,
    *,
    depth: int = 1,
    title: str | None = None,
    history: nx.Graph | None = None,
    hubs: bool = True,
    time_slider: bool = True,
    **options,
) -> Path:
    """Write the ego view of ``center``: its neighbourhood, centre highlighted, alliances and
    multilateral agreements as hubs (a toggle gives the projected view), with a year slider.

    Parameters
    ----------
    graph : networkx.Graph
        The institution graph; the view is ``center``'s neighbourhood within ``depth`` links.
    center
        A node or a node's label.
    history : networkx.Graph, optional
        Every tie that ever held (:func:`collabgraph.network.project.history_view`): the slider
        then shows exactly the neighbourhood as of each year, ties since ended included.
        Without it the slider runs over ``graph``'s ties.
    hubs, time_slider : bool
        As :func:`render_html`; both on by default here.
    **options
        Passed on to :func:`render_html` (``size_by``, ``color_by``, ``physics``).

    Examples
    --------
    >>> import tempfile, pathlib, networkx as nx
    >>> g = nx.star_graph(3)
    >>> nx.set_node_attributes(g, {0: "Hub", 1: "A", 2: "B", 3: "C"}, "label")
    >>> out = render_ego(g, "Hub", pathlib.Path(tempfile.mkdtemp()) / "hub.html")
    >>> "Around Hub" in out.read_text(encoding="utf-8")
    True
    """
    ego = ego_graph(graph, center, depth=depth)
    node = ego.graph["center"]
    if history is not None and node in history:
        ego = ego_graph(history, node, depth=depth)
        for n, data in ego.nodes(data=True):
            if n in graph:
                data.update({k: v for k, v in graph.nodes[n].items() if k not in data})
    label = str(ego.nodes[node].get("label") or node)
    return render_html(ego, path, title=title or f"Around {label}", hubs=hubs, time_slider=time_slider, **options)
