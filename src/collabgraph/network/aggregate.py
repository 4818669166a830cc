"""An overview of a big network: one node per community or per country.

vis-network draws a few thousand nodes well; 100,000 institutions are a grey disc. The aggregated
graph has one node per group (sized by its institutions, labelled with its largest members) and
one edge per pair of groups with ties between them (weight and tie count summed, dates and
statuses rolled up), so the same renderer shows the structure; the ego view shows any
institution inside it.
"""

from __future__ import annotations

from collections import Counter

import networkx as nx

from collabgraph.errors import CollabgraphError

__all__ = ["aggregate", "GROUPINGS"]

GROUPINGS = ("community", "country")


def aggregate(g: nx.Graph, *, by: str = "community", top: int = 5) -> nx.Graph:
    """Collapse ``g`` to one node per value of the node attribute ``by``.

    Parameters
    ----------
    g : networkx.Graph
        An institution graph; for ``by="community"`` its nodes carry ``community`` (set by
        :func:`collabgraph.network.communities.communities`).
    by : {"community", "country"}
        The grouping.
    top : int
        How many of a group's best-connected members to name in its label.

    Returns
    -------
    networkx.Graph
        Nodes ``"<by>:<value>"`` with ``label``, ``type`` (the grouping), ``country`` (the most
        common one), ``institutions`` (count) and ``members`` (the ``top`` labels); edges with
        ``weight``, ``count``, ``kinds``, ``start``, ``undated`` and ``planned``.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_nodes_from([("a", {"label": "A", "country": "NL"}), ("b", {"label": "B", "country": "NL"}),
    ...                   ("c", {"label": "C", "country": "DE"})])
    >>> g.add_edge("a", "c", weight=1.0, count=1, kinds=["mou"], start="2019", undated=False, planned=False)
    >>> h = aggregate(g, by="country")
    >>> sorted(h.nodes(data="institutions")), h.edges["country:NL", "country:DE"]["count"]
    ([('country:DE', 1), ('country:NL', 2)], 1)
    """
    if by not in GROUPINGS:
        raise CollabgraphError(f"cannot aggregate by {by!r}; choose {', '.join(GROUPINGS)}")
    value_of = {n: data.get(by) for n, data in g.nodes(data=True)}
    if by == "community" and g.number_of_nodes() and any(v is None for v in value_of.values()):
        from collabgraph.network.communities import communities

        value_of = dict(communities(g).membership())  # computed for this view; g is left alone
    value_of = {n: "unknown" if v in (None, "") else v for n, v in value_of.items()}
    groups: dict[str, list] = {}
    for n in g.nodes:
        groups.setdefault(str(value_of[n]), []).append(n)
    degree = dict(g.degree())
    h = nx.Graph(aggregated_by=by, **{k: v for k, v in g.graph.items() if k in ("as_of", "since", "until")})
    for value, members in groups.items():
        ranked = sorted(members, key=lambda n: (-degree[n], str(g.nodes[n].get("label", n))))
        names = [str(g.nodes[n].get("label", n)) for n in ranked[:top]]
        countries = Counter(g.nodes[n].get("country") or "" for n in members)
        more = f" and {len(members) - top} more" if len(members) > top else ""
        h.add_node(
            f"{by}:{value}",
            label=f"{by} {value} ({len(members)}): {', '.join(names)}{more}",
            type=by,
            country=countries.most_common(1)[0][0],
            institutions=len(members),
            members=names,
        )
    for a, b, data in g.edges(data=True):
        ga, gb = f"{by}:{value_of[a]}", f"{by}:{value_of[b]}"
        if ga == gb:
            continue
        if not h.has_edge(ga, gb):
            h.add_edge(ga, gb, weight=0.0, count=0, kinds=set(), start=None, undated=True, planned=True)
        e = h.edges[ga, gb]
        e["weight"] += float(data.get("weight", 1.0))
        e["count"] += int(data.get("count", 1))
        e["kinds"] |= set(data.get("kinds") or ())
        if data.get("start") and (e["start"] is None or data["start"] < e["start"]):
            e["start"] = data["start"]
        e["undated"] = e["undated"] and bool(data.get("undated", data.get("start") is None))
        e["planned"] = e["planned"] and bool(data.get("planned", False))
    for _, _, e in h.edges(data=True):
        e["kinds"] = sorted(e["kinds"])
        e["undated"] = e["start"] is None
    return h
