"""Offline interactive HTML of a collaboration network: pyvis builds it, our template writes it.

pyvis assembles the vis-network nodes, edges and options; the page itself comes from
``templates/network.html.j2`` (Jinja2, autoescaped), with vis-network's JavaScript and CSS inlined
from the copy pyvis ships, so it opens from ``file://`` with networking off. pyvis's own template
is not used: it fetches from CDNs, escapes nothing and renders every title as HTML once one holds
a link. Here the data travel as JSON in a ``<script type="application/json">`` block with ``<``,
``>`` and ``&`` escaped, and every tooltip is a plain string, which vis-network shows as text.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import json
import math
import re
from importlib.resources import files
from pathlib import Path

import networkx as nx
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..errors import UnknownInstitution
from ..network import igraph_backend
from ..timeline import record_when, span
from ..write import atomic_write_text

__all__ = ["render_html", "render_ego", "render_whole", "ego_graph", "live_physics", "PHYSICS_LIMIT",
           "PHYSICS_EDGE_LIMIT", "WHOLE_VIEW_LIMIT",
           "TYPE_COLORS", "KIND_COLORS", "UNDATED_COLOR"]

#: Graphs with this many nodes or more get a precomputed layout instead of live physics.
PHYSICS_LIMIT = 1000
#: ... or with more than this many edges: the browser's springs cost per edge, so the ego view of
#: a 500-partner hub (20,000 edges among its partners) took 20 s to settle with few nodes.
PHYSICS_EDGE_LIMIT = 3000
#: Above this many nodes :func:`render_whole` draws one node per community (or country).
WHOLE_VIEW_LIMIT = 5000
LAYOUT_SEED = 42
VIS_LIB = ("templates", "lib", "vis-9.1.2")

TYPE_COLORS = {
    "university": "#1f77b4", "university hospital": "#d62728", "hospital": "#ff9896",
    "university of applied sciences": "#9ecae1", "research institute": "#2ca02c",
    "healthcare group": "#e377c2", "company": "#8c564b", "funder": "#bcbd22",
    "government body": "#7f7f7f", "association": "#9467bd", "unresolved": "#c7c7c7",
    "unit": "#17becf", "alliance": "#ffbb78", "organisation": "#dbdb8d",
}
KIND_COLORS = {
    "alliance": "#7fa7d9", "strategic_network": "#2ca02c", "mou": "#d62728",
    "cooperation_agreement": "#ff7f0e", "strategic_partnership": "#9467bd",
    "joint_programme": "#8c564b", "agreement": "#e377c2", "collaboration": "#17becf",
}
#: Edges whose ties the sources give no date for.
UNDATED_COLOR = "#c4b59a"
OTHER_KIND_COLOR = "#555555"
PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
           "#bcbd22", "#17becf", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94",
           "#f7b6d2", "#c7c7c7", "#dbdb8d", "#9edae5"]
PLANNED_DASHES = [8, 6]
ENDED_DASHES = [2, 5]


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
    return Environment(loader=PackageLoader("collabgraph.render", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


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


def _sizes(graph: nx.Graph, size_by: str | None) -> dict:
    """Raw size values per node: ``size_by`` attribute (missing or not finite counts 0), else degree."""
    if size_by is None:
        return dict(graph.degree())
    if graph.number_of_nodes() and not any(size_by in d for _, d in graph.nodes(data=True)):
        raise ValueError(f"no node has the attribute {size_by!r} to size by")
    values = {n: float(d.get(size_by) or 0.0) for n, d in graph.nodes(data=True)}
    return {n: v if math.isfinite(v) else 0.0 for n, v in values.items()}  # JSON has no NaN


def _scale(value: float, lo: float, hi: float) -> float:
    """Node radius in pixels, area growing with the value."""
    return 10.0 if hi <= lo else round(6.0 + 30.0 * math.sqrt((value - lo) / (hi - lo)), 2)


def _node_title(label: str, data: dict, size_name: str, size: float) -> str:
    lines = [label, f"type: {data.get('type') or 'unknown'}",
             f"country: {data.get('country') or 'unknown'}", f"{size_name}: {size:.4g}"]
    return "\n".join(lines)


def _tie_text(tie: dict) -> str:
    date = tie.get("date") or "undated"
    if tie.get("end"):
        date = f"{date} to {tie['end']}"
    lines = [f"{tie.get('label')} ({tie.get('kind')})", f"  date: {date}",
             f"  status: {tie.get('status') or 'unknown'}",
             f"  sources: {', '.join(tie.get('sources') or ()) or 'none'}"]
    if tie.get("curation"):
        lines.append(f"  curation: {tie['curation']}")
    if tie.get("quote"):
        lines.append(f"  \u201c{tie['quote']}\u201d")
    return "\n".join(lines)


def _spans(data: dict, include_planned: bool) -> list[list]:
    """When the edge holds, as ``[first, last, undated]`` year spans of its ties, by the rule of
    :func:`collabgraph.timeline.holds` (the slider shows exactly what ``--as-of YEAR`` shows)."""
    found = set()
    for t in data.get("ties") or []:
        if "date" not in t or "undated" not in t:
            continue
        held = span(record_when(t), include_planned=include_planned)
        if held is not None:
            found.add(held)
    if not found and not data.get("ties"):  # a graph without tie records: its start and flag
        start = data.get("start")
        found.add((int(str(start)[:4]) if start else None, None, bool(data.get("undated", start is None))))
    return [list(s) for s in sorted(found, key=lambda s: (s[0] or 0, s[1] or 9999, s[2]))]


def _edge_style(data: dict, include_planned: bool = False) -> dict:
    """Colour by the kind of the heaviest tie (undated edges apart), dashes by status."""
    ties = data.get("ties") or []
    if ties:
        heaviest = max(ties, key=lambda t: (1.0 / max(t.get("parties", 2) - 1, 1), t.get("kind", "")))
        kind = heaviest.get("kind") or "collaboration"
    else:
        kind = (data.get("kinds") or ["collaboration"])[0]
    start = data.get("start")
    undated = data.get("undated", start is None)
    ended = bool(ties) and all(t.get("status") == "ended" for t in ties)
    return {
        "kind": kind, "start": start, "year": int(str(start)[:4]) if start else None,
        "spans": _spans(data, include_planned),
        "undated": bool(undated), "planned": bool(data.get("planned", False)), "ended": ended,
        "color": UNDATED_COLOR if undated else KIND_COLORS.get(kind, OTHER_KIND_COLOR),
        "dashes": PLANNED_DASHES if data.get("planned") else (ENDED_DASHES if ended else False),
        "width": round(min(1.0 + 2.5 * float(data.get("weight", 1.0)), 8.0), 2),
    }


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
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9) / 2
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {n: ((x - cx) / span, (y - cy) / span) for n, (x, y) in zip(nodes, coords, strict=True)}


def _positions(graph: nx.Graph) -> dict:
    """A seeded force layout, scaled to vis-network's pixel space.

    networkx's spring layout up to a few thousand nodes; above that igraph's grid
    Fruchterman–Reingold (C, near-linear per iteration) when installed.
    """
    pos = _igraph_layout(graph) if graph.number_of_nodes() > 2 * PHYSICS_LIMIT else None
    if pos is None:
        pos = nx.spring_layout(graph, weight="weight", seed=LAYOUT_SEED)
    scale = 60.0 * math.sqrt(max(graph.number_of_nodes(), 1))
    return {n: (round(float(x) * scale, 1), round(float(y) * scale, 1)) for n, (x, y) in pos.items()}


def _network(graph: nx.Graph, *, size_by: str | None, color_by: str, physics: bool):
    """Build the pyvis Network; return it with the node legend."""
    from pyvis.network import Network  # imports IPython: keep it off the import path

    net = Network(height="100%", width="100%", directed=False, cdn_resources="remote")
    include_planned = bool(graph.graph.get("include_planned"))
    values = _sizes(graph, size_by)
    lo, hi = min(values.values(), default=0.0), max(values.values(), default=0.0)
    groups = {n: str(d.get(color_by, "none")) for n, d in graph.nodes(data=True)}
    colours, legend = _categories(groups, TYPE_COLORS if color_by == "type" else {})
    pos = None if physics else _positions(graph)
    center = graph.graph.get("center")
    ids = {n: i for i, n in enumerate(graph)}
    for n, data in graph.nodes(data=True):
        label = str(data.get("label") or n)
        extra = {"x": pos[n][0], "y": pos[n][1]} if pos else {}
        colour = colours[groups[n]]
        if n == center:
            extra.update(borderWidth=5, font={"size": 22, "strokeWidth": 4})
            colour = {"background": colour, "border": "#111111"}
        net.add_node(ids[n], label=label, color=colour, size=_scale(values[n], lo, hi),
                     title=_node_title(label, data, size_by or "degree", values[n]), iri=str(n),
                     group_value=groups[n], center=n == center, **extra)
    from pyvis.edge import Edge

    for i, (a, b, data) in enumerate(graph.edges(data=True)):
        ties = data.get("ties") or []
        title = "\n\n".join(_tie_text(t) for t in ties) or (
            f"{data.get('count', 1)} ties, weight {data.get('weight', 1.0):.3g}"
            + (f"\nkinds: {', '.join(data['kinds'])}" if data.get("kinds") else "")
            + (f"\nfirst: {data['start']}" if data.get("start") else ""))
        # pyvis's add_edge scans every node and edge to reject duplicates (quadratic: hours at
        # 40,000 edges); a networkx graph has neither, so build pyvis's Edge and append it.
        edge = Edge(ids[a], ids[b], False, id=i, title=title,
                    ties=len(ties) or int(data.get("count", 1)), **_edge_style(data, include_planned))
        net.edges.append(edge.options)
    net.inherit_edge_colors(False)
    net.barnes_hut(gravity=-6000, central_gravity=0.25, spring_length=140, spring_strength=0.02,
                   damping=0.2, overlap=0.1)
    net.toggle_physics(physics)
    return net, legend


def _options(net) -> dict:
    options = json.loads(net.options.to_json())
    options["edges"]["smooth"] = {"enabled": False}
    options["physics"]["stabilization"]["iterations"] = 400
    options["interaction"].update(hover=True, tooltipDelay=150, hideEdgesOnDrag=len(net.edges) > 3000)
    options["nodes"] = {"shape": "dot", "font": {"size": 13, "face": "sans-serif"}, "borderWidth": 1}
    return options


def _edge_legend(edges: list[dict]) -> list[dict]:
    kinds: dict[str, int] = {}
    for e in edges:
        if not e["undated"]:
            kinds[e["kind"]] = kinds.get(e["kind"], 0) + 1
    entries = [{"label": k.replace("_", " "), "color": KIND_COLORS.get(k, OTHER_KIND_COLOR), "count": c,
                "style": "solid"} for k, c in sorted(kinds.items(), key=lambda kc: (-kc[1], kc[0]))]
    for flag, label, colour, style in (("undated", "undated", UNDATED_COLOR, "solid"),
                                       ("planned", "planned", OTHER_KIND_COLOR, "dashed"),
                                       ("ended", "ended", OTHER_KIND_COLOR, "dotted")):
        count = sum(e[flag] for e in edges)
        if count:
            entries.append({"label": label, "color": colour, "count": count, "style": style})
    return entries


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


def render_html(graph: nx.Graph, path: Path | str, *, title: str, size_by: str | None = None,
                color_by: str = "type", time_slider: bool = False,
                physics: bool | None = None) -> Path:
    """Write an interactive, self-contained HTML page of ``graph``.

    The page inlines vis-network, fetches nothing and works from ``file://`` offline. Nodes are
    sized by ``size_by`` and coloured by ``color_by`` with a legend; edges are coloured by the kind
    of their heaviest tie, undated edges apart, planned ones dashed and ended ones dotted.
    Tooltips list the node's label, type and country and each tie's label, kind, date, status,
    sources and quote, as plain text.

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
        A categorical node attribute to colour by: ``"type"`` or ``"community"``, say.
    time_slider : bool
        Add a year slider: ties appear from the year they start, nodes with their first tie;
        undated ties are toggled by a "show undated ties" checkbox.
    physics : bool, optional
        Live force layout in the browser; default on below :data:`PHYSICS_LIMIT` nodes and up to
        :data:`PHYSICS_EDGE_LIMIT` edges (:func:`live_physics`), else positions come from a
        seeded :func:`networkx.spring_layout` and physics is off.

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
    if physics is None:
        physics = live_physics(graph)
    net, node_legend = _network(graph, size_by=size_by, color_by=color_by, physics=physics)
    edges = net.edges
    center = graph.graph.get("center")
    js, css = _vis_assets()
    data = {"nodes": net.nodes, "edges": edges, "options": _options(net), "timeSlider": time_slider,
            "physics": physics}
    years = [y for e in edges for s in e["spans"] for y in s[:2] if y is not None]
    page = _environment().get_template("network.html.j2").render(
        title=title, data=data, vis_js=Markup(js), vis_css=Markup(css),
        nodes=len(net.nodes), links=len(edges), ties=sum(e["ties"] for e in edges),
        undated=sum(e["undated"] for e in edges), cut=_cut(graph),
        center=str(graph.nodes[center].get("label") or center) if center in graph else None,
        size_by=size_by or "degree", color_by=color_by, node_legend=node_legend,
        edge_legend=_edge_legend(edges), time_slider=time_slider,
        year_min=min(years, default=None), year_max=max(years, default=None))
    return atomic_write_text(path, page)


def render_whole(graph: nx.Graph, path: Path | str, *, title: str, color_by: str = "type",
                 limit: int = WHOLE_VIEW_LIMIT) -> Path:
    """Write the whole network with a year slider; above ``limit`` nodes, its overview instead.

    vis-network draws a few thousand nodes; beyond ``limit`` the page shows one node per
    community (per country if no ``community`` attribute was set) from
    :func:`collabgraph.network.aggregate.aggregate`, and its title says so.

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
        return render_html(graph, path, title=title, size_by="betweenness", color_by=color_by,
                           time_slider=True)
    from ..network.aggregate import aggregate

    by = "community" if any("community" in d for _, d in graph.nodes(data=True)) else "country"
    return render_html(aggregate(graph, by=by), path, size_by="institutions", time_slider=True,
                       title=f"{title}: one node per {by} ({graph.number_of_nodes():,} institutions "
                             f"are too many to draw one by one)")


def ego_graph(graph: nx.Graph, center, *, depth: int = 1) -> nx.Graph:
    """The neighbourhood of ``center`` within ``depth`` links, with ``center`` marked.

    ``center`` is a node or a node's label (case-insensitive). The result is a copy whose graph
    attribute ``center`` names the centre node, which :func:`render_html` highlights.

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
    return ego


def render_ego(graph: nx.Graph, center, path: Path | str, *, depth: int = 1, title: str | None = None,
               **options) -> Path:
    """Write the ego view of ``center``: :func:`render_html` of its neighbourhood, centre highlighted.

    ``options`` are passed on to :func:`render_html` (``size_by``, ``color_by``, ``time_slider``).

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
    label = str(ego.nodes[ego.graph["center"]].get("label") or ego.graph["center"])
    return render_html(ego, path, title=title or f"Around {label}", **options)
