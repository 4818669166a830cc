"""The network pages: any graph (:func:`render_html`), the whole network and its communities.

:func:`render_whole` draws the network with a year slider and :func:`render_communities` colours
and groups institutions by community; above :data:`WHOLE_VIEW_LIMIT` institutions both show the
overview instead (:func:`~collabgraph.render.html.overview.render_overview`).
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from collabgraph.render.html.overview import _NOUNS, render_overview
from collabgraph.render.html.page import _page
from collabgraph.render.html.template import _write

__all__ = ["render_html", "render_whole", "render_communities", "WHOLE_VIEW_LIMIT"]


#: Above this many nodes :func:`render_whole` and :func:`render_communities` draw one node per
#: community (or country).
WHOLE_VIEW_LIMIT = 5000


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
        communities(graph, set_attributes=True)  # on the copy: the caller's graph is left alone
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
