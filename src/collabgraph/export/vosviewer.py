"""VOSviewer map and network files, and VOSviewer JSON for VOSviewer Online.

As VOSviewer documents them (app.vosviewer.com/docs/file-types): the map file is tab-separated with
a header — ``id``, ``label``, ``description``, ``url``, ``x``/``y`` (when every node has them),
``cluster`` (an integer 1–1000, from a ``community`` node attribute, largest community first),
``weight<…>`` and ``score<…>`` columns; the network file has no header, one ``id1 id2 strength``
line per link, integer ids matching the map file, strength the edge ``weight``. Weights are
``Links`` (degree), ``Total link strength`` (summed weight), ``Ties`` (summed tie count) and every
numeric node metric that is never negative; every numeric metric is also a score. A metric counts
only when every node has a number for it. Tabs and line breaks in labels and descriptions become
spaces (in the JSON too); in the map file, a label containing a comma, semicolon or double quote
is enclosed in double quotes.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from .files import write_outputs
from .flatten import node_attributes, numeric_node_keys

__all__ = ["vosviewer_json", "map_text", "network_text", "write_vosviewer", "FILE_NAMES"]

#: The files :func:`write_vosviewer` writes into its folder.
FILE_NAMES = ("vosviewer_map.txt", "vosviewer_network.txt", "vosviewer.json")

_NOT_METRICS = {"community", "x", "y"}
_TERMINOLOGY = {"item": "institution", "items": "institutions", "link": "partnership",
                "links": "partnerships", "link_strength": "weight",
                "total_link_strength": "total weight"}


def _one_line(value: object) -> str:
    return " ".join(str(value).split())


def _ids(g: nx.Graph) -> dict:
    return {n: i for i, n in enumerate(g.nodes, start=1)}


def _clusters(g: nx.Graph) -> dict:
    """Node → cluster 1…k from ``community``, largest first; empty if any node lacks one."""
    values = [data.get("community") for _, data in g.nodes(data=True)]
    if not values or any(v is None for v in values):
        return {}
    sizes = Counter(str(v) for v in values)
    order = {v: i for i, (v, _) in enumerate(sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0])),
                                              start=1)}
    if len(order) > 1000:
        return {}
    return {n: order[str(data["community"])] for n, data in g.nodes(data=True)}


def _number(value: float) -> int | float:
    value = round(float(value), 10)  # 1.0000000000000002 from summing thirds is 1
    return int(value) if value.is_integer() else value


def _items(g: nx.Graph) -> list[dict]:
    ids, clusters = _ids(g), _clusters(g)
    numeric = numeric_node_keys(g)
    metrics = [k for k in numeric if k not in _NOT_METRICS]
    sizes = [k for k in metrics if all(node_attributes(d)[k] >= 0 for _, d in g.nodes(data=True))]
    coords = {"x", "y"} <= set(numeric)
    items = []
    for n, data in g.nodes(data=True):
        flat = node_attributes(data)
        edges = g.edges(n, data=True)
        weights = {"Links": g.degree(n),
                   "Total link strength": _number(sum(d.get("weight", 1.0) for *_, d in edges)),
                   "Ties": sum(d.get("count", 1) for *_, d in edges)}
        item = {"id": ids[n], "label": _one_line(flat.get("label") or n),
                "description": _one_line(", ".join(str(flat[k]) for k in ("type", "country") if flat.get(k)))}
        if str(n).startswith(("http://", "https://")):
            item["url"] = str(n)
        if coords:
            item["x"], item["y"] = float(flat["x"]), float(flat["y"])
        if clusters:
            item["cluster"] = clusters[n]
        item["weights"] = {**weights, **{k: flat[k] for k in sizes}}
        if metrics:
            item["scores"] = {k: flat[k] for k in metrics}
        items.append(item)
    return items


def _links(g: nx.Graph) -> list[dict]:
    ids = _ids(g)
    return [{"source_id": ids[u], "target_id": ids[v], "strength": _number(d.get("weight", 1.0))}
            for u, v, d in g.edges(data=True)]


def vosviewer_json(g: nx.Graph) -> dict:
    """``g`` as a VOSviewer JSON document: ``network`` (items, links, clusters) and ``config``.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("a", label="A", community=0)
    >>> g.add_node("b", label="B", community=0)
    >>> g.add_edge("a", "b", weight=0.5, count=1)
    >>> doc = vosviewer_json(g)
    >>> doc["network"]["items"][0]["weights"], doc["network"]["links"]
    ({'Links': 1, 'Total link strength': 0.5, 'Ties': 1}, [{'source_id': 1, 'target_id': 2, 'strength': 0.5}])
    """
    network: dict = {"items": _items(g), "links": _links(g)}
    clusters = sorted({item["cluster"] for item in network["items"] if "cluster" in item})
    if clusters:
        network["clusters"] = [{"cluster": c, "label": f"Community {c}"} for c in clusters]
    return {"network": network, "config": {"terminology": _TERMINOLOGY}}


def _text(value: object) -> str:
    text = str(value)
    return f'"{text.replace(chr(34), chr(34) * 2)}"' if any(c in text for c in ',;"') else text


def map_text(g: nx.Graph) -> str:
    """The VOSviewer map file: a header line, then one tab-separated line per item.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("a", label="Leiden, NL")
    >>> print(map_text(g).replace("\\t", " | "), end="")
    id | label | description | weight<Links> | weight<Total link strength> | weight<Ties>
    1 | "Leiden, NL" |  | 0 | 0 | 0
    """
    items = _items(g)
    weights = list(items[0]["weights"]) if items else ["Links", "Total link strength", "Ties"]
    scores = list(items[0].get("scores", ())) if items else []
    fixed = ["id", "label", "description"] + [k for k in ("url", "x", "y", "cluster")
                                              if items and all(k in i for i in items)]
    header = fixed + [f"weight<{w}>" for w in weights] + [f"score<{s}>" for s in scores]
    lines = ["\t".join(header)]
    for item in items:
        cells = [_text(item[k]) for k in fixed]
        cells += [str(item["weights"][w]) for w in weights] + [str(item["scores"][s]) for s in scores]
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


def network_text(g: nx.Graph) -> str:
    """The VOSviewer network file: ``id1<TAB>id2<TAB>strength`` per link, no header.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", weight=0.25)
    >>> network_text(g)
    '1\\t2\\t0.25\\n'
    """
    return "".join(f"{link['source_id']}\t{link['target_id']}\t{link['strength']}\n"
                   for link in _links(g))


def write_vosviewer(g: nx.Graph, out_dir: Path | str, *,
                    inputs: Iterable[Path | str] = ()) -> list[Path]:
    """Write the VOSviewer map file, network file and JSON (:data:`FILE_NAMES`) into ``out_dir``.

    In VOSviewer: *Create… → Create a map based on network data → Read data from VOSviewer files*,
    with the map and network file; in VOSviewer Online: open ``vosviewer.json``.

    Parameters
    ----------
    g : networkx.Graph
        An institution graph; a ``community`` node attribute colours the clusters.
    out_dir : path
        The folder to write into; created if needed.
    inputs : paths
        Files that must not be overwritten, besides the curated data.

    Returns
    -------
    list of Path
        The map file, the network file and the JSON file.

    Raises
    ------
    CollabgraphError
        One of the files is an input file.

    Examples
    --------
    >>> import json, tempfile, pathlib
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", weight=1.0)
    >>> paths = write_vosviewer(g, pathlib.Path(tempfile.mkdtemp()))
    >>> [p.name for p in paths]
    ['vosviewer_map.txt', 'vosviewer_network.txt', 'vosviewer.json']
    >>> sorted(json.loads(paths[2].read_text(encoding="utf-8")))
    ['config', 'network']
    """
    out = Path(out_dir)
    texts = (map_text(g), network_text(g),
             json.dumps(vosviewer_json(g), ensure_ascii=False, indent=1) + "\n")
    return write_outputs({out / name: text for name, text in zip(FILE_NAMES, texts, strict=True)}, inputs=inputs)
