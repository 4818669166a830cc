"""The ego view: one institution's neighbourhood, its alliances and agreements as hubs.

:func:`ego_graph` finds the centre by node or label (close labels suggested when none fits) and
cuts its neighbourhood; :func:`render_ego` draws it with the centre highlighted, hubs, and a year
slider that can follow every tie that ever held.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import networkx as nx

from collabgraph.errors import UnknownInstitution
from collabgraph.render.html.views import render_html

__all__ = ["ego_graph", "render_ego"]


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
