"""How Gephi draws the graph: colour, size and position of nodes, colour and thickness of edges.

:class:`_Viz` reads them from a networkx-style ``viz`` dict where the graph has one, else
positions from numeric ``x``/``y``, colours by ``community`` (the 18 largest communities get
distinct colours, the rest grey) and sizes by ``pagerank``; invalid values are left out.
"""

from __future__ import annotations

import re
from collections import Counter

import networkx as nx

from collabgraph.export.flatten import scalar
from collabgraph.export.gexf.attributes import _finite

#: Community colours, largest community first (tab20 without its greys); the rest get _GREY.
_PALETTE = [
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#bcbd22",
    "#17becf",
    "#aec7e8",
    "#ffbb78",
    "#98df8a",
    "#ff9896",
    "#c5b0d5",
    "#c49c94",
    "#f7b6d2",
    "#dbdb8d",
    "#9edae5",
]

_GREY = "#c7c7c7"
_SIZE_MIN, _SIZE_MAX = 5.0, 50.0


def _rgb(hex_colour: str) -> dict[str, str]:
    return {c: str(int(hex_colour[i : i + 2], 16)) for c, i in (("r", 1), ("g", 3), ("b", 5))}


def _colour(spec: object) -> dict[str, str] | None:
    """A viz ``{"r", "g", "b"[, "a"]}`` dict (or ``#rrggbb``) as color attributes, if valid."""
    if isinstance(spec, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", spec):
        return _rgb(spec)
    if not isinstance(spec, dict):
        return None
    try:
        rgb = {c: int(spec[c]) for c in "rgb"}
        alpha = float(spec.get("a", 1.0))
    except (KeyError, TypeError, ValueError):
        return None
    if not all(0 <= x <= 255 for x in rgb.values()) or not 0.0 <= alpha <= 1.0:
        return None
    out = {c: str(x) for c, x in rgb.items()}
    if "a" in spec:
        out["a"] = repr(alpha)
    return out


def _position(spec: object) -> dict[str, str] | None:
    if not isinstance(spec, dict) or not all(_finite(spec.get(c)) for c in "xy"):
        return None
    return {c: repr(float(spec[c])) for c in "xyz" if _finite(spec.get(c))}


def _scale(value: object) -> str | None:
    return repr(float(value)) if _finite(value) and value >= 0 else None


def _tag(name: str, attrib: dict[str, str] | None) -> str:
    return f"<{name} " + " ".join(f'{k}="{v}"' for k, v in attrib.items()) + "/>" if attrib else ""


class _Viz:
    """Colour, size and position per node, from ``viz``, ``x``/``y``, ``community``, ``pagerank``.

    The graph-wide choices (colour by community, size by pagerank, position from ``x``/``y``) are
    made from the flattened values (:func:`~collabgraph.export.flatten.scalar`) of all the nodes;
    :meth:`node` and :meth:`edge` give an element's viz elements as text (numbers only, nothing
    to escape).
    """

    def __init__(self, g: nx.Graph):
        nodes = [
            (scalar(d.get("community")), scalar(d.get("pagerank")), scalar(d.get("x")), scalar(d.get("y")))
            for _, d in g.nodes(data=True)
        ]
        self.colours: dict = {}
        if nodes and all(c is not None for c, *_ in nodes):
            sizes = Counter(str(c) for c, *_ in nodes)
            ranked = sorted(sizes, key=lambda c: (-sizes[c], c))
            self.colours = {c: _rgb(_PALETTE[i] if i < len(_PALETTE) else _GREY) for i, c in enumerate(ranked)}
        ranks = [r for _, r, _, _ in nodes]
        self.top = (max(ranks) if ranks and all(_finite(r) and r >= 0 for r in ranks) else 0) or None  # type: ignore[type-var]
        self.xy = bool(nodes) and all(_finite(x) and _finite(y) for _, _, x, y in nodes)

    def node(self, data: dict, flat: dict) -> str:
        """The ``color``, ``size`` and ``position`` of a node (its attributes and their flat form)."""
        viz = data.get("viz")
        viz = viz if isinstance(viz, dict) else {}
        colour = _colour(viz.get("color"))
        if colour is None and self.colours:
            colour = self.colours[str(flat["community"])]
        size = _scale(viz.get("size"))
        if size is None and self.top:
            size = repr(_SIZE_MIN + (_SIZE_MAX - _SIZE_MIN) * flat["pagerank"] / self.top)
        position = _position(viz.get("position"))
        if position is None and self.xy:
            position = {"x": repr(float(flat["x"])), "y": repr(float(flat["y"]))}
        return _tag("color", colour) + _tag("size", {"value": size} if size else None) + _tag("position", position)

    def edge(self, data: dict) -> str:
        """The ``color`` and ``thickness`` of an edge, from its ``viz`` dict."""
        viz = data.get("viz")
        if not isinstance(viz, dict):
            return ""
        thickness = _scale(viz.get("thickness"))
        return _tag("color", _colour(viz.get("color"))) + _tag("thickness", {"value": thickness} if thickness else None)
