"""The overview page: one node per community (or country), for networks too big to draw one by one.

:func:`render_overview` sums a graph up by a node attribute: each group becomes a node sized by
its institutions and named by its best-connected members, each pair of groups with ties between
them one link that keeps the years its ties hold, so the year slider still works.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import networkx as nx

from collabgraph.errors import CollabgraphError
from collabgraph.render.html.page import _page
from collabgraph.render.html.styles import _community_key
from collabgraph.render.html.template import _write
from collabgraph.render.html.ties import _edge_spans, _sorted_spans, _tie_span

__all__ = ["render_overview"]


_NOUNS = {"community": ("community", "communities"), "country": ("country", "countries")}


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
    held: dict[int, tuple | None] = {}  # id of a (shared) tie record → the years it holds

    def years(tie: dict) -> tuple | None:
        if id(tie) not in held:
            found = _tie_span(tie, include_planned)
            held[id(tie)] = tuple(found) if found is not None else None
        return held[id(tie)]

    for a, b, data in graph.edges(data=True):
        ga, gb = node_of[a], node_of[b]
        ties = data.get("ties") or []
        # Only the years matter here: the whole panel entry of each tie cost seconds per page.
        spans = {s for s in map(years, ties) if s is not None} if ties else {tuple(s) for s in _edge_spans(data, [])}
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
