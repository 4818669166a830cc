"""Everything one network page carries, built from a graph: the JSON payload and the header's numbers.

:func:`_page` turns a graph into the nodes, links, hubs (alliances and multilateral agreements
drawn as nodes, :func:`~collabgraph.render.html.ties.is_hub_tie`) and the tie table the page's
script reads, with positions where the page does not lay itself out
(:mod:`~collabgraph.render.html.layout`), the order labels are placed in, the community discs,
vis-network's options and the counts and legends the template shows.
"""

from __future__ import annotations

import math

import networkx as nx

from collabgraph.render.html.layout import LAYOUT_SEED, _anchored_layout, _cluster_layout, _positions, _separate, live_physics
from collabgraph.render.html.styles import (
    KIND_COLORS,
    MISSING_COLOR,
    OTHER_KIND_COLOR,
    _colorings,
    _community_key,
    _community_label,
    _community_names,
    _edge_legend,
    _line_legend,
    _node_title,
    _scale,
    _short,
    _sizes,
)
from collabgraph.render.html.ties import _edge_spans, _link, _tie_entry, is_hub_tie


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
    positions: dict[str, dict[int, list[float]]] | None = None
    discs: list[dict] = []
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
        colours: dict = next((c["colors"] for c in colorings if c["key"] == "community"), {})
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
