"""How nodes and links look on a network page: colours, sizes, short labels, line styles and legends.

The palettes (type of institution, kind of tie, one distinct colour per community:
:func:`community_colors`), node sizes from a metric or the degree, labels cut to
:data:`LABEL_CHARS` for the canvas, the dashes that say how sure a link's time is, the colourings a
page offers with a toggle (type, community, country) and the legend entries that say what each
colour and line means.
"""

from __future__ import annotations

import colorsys
import itertools
import math
import numbers
from collections import Counter
from typing import Literal

import networkx as nx

__all__ = [
    "community_colors",
    "LABEL_CHARS",
    "TYPE_COLORS",
    "KIND_COLORS",
    "OTHER_KIND_COLOR",
    "MISSING_COLOR",
    "PALETTE",
    "PLANNED_DASHES",
    "ENDED_DASHES",
    "UNDATED_DASHES",
    "LEGEND_COMMUNITIES",
]


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


# Sizes, labels, lines, legends -----------------------------------------------------------------


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


def _node_title(label: str, data: dict, size_name: str, size: float, community) -> str:
    if "institutions" in data:  # a group of an overview
        return f"{label}\n{data['institutions']} institutions"
    lines = [label, f"type: {data.get('type') or 'unknown'}", f"country: {data.get('country') or 'unknown'}"]
    if community is not None:
        lines.append(f"community: {community}")
    lines.append(f"{size_name}: {size:.4g}")
    return "\n".join(lines)


def _line(planned: bool, ended: bool, undated: bool):
    """The dashes of a link: planned, else ended, else undated, else solid."""
    if planned:
        return PLANNED_DASHES
    if ended:
        return ENDED_DASHES
    return UNDATED_DASHES if undated else False


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
    styles: tuple[tuple[str, Literal[False] | list[int], str], ...] = (
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
