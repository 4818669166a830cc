"""VOSviewer map and network files, and VOSviewer JSON for VOSviewer Online.

As VOSviewer documents them (app.vosviewer.com/docs/file-types/map-and-network-file-type): the
map file is tab-delimited with a header line — ``id``, ``label``, ``description``, ``url``,
``x``/``y`` (when every node has them), ``cluster`` (an integer 1–1000, from a ``community`` node
attribute, largest community first), ``weight<…>`` (non-negative numbers) and ``score<…>``
columns; the network file has no header, one ``id1<TAB>id2<TAB>strength`` line per link, integer
ids matching the map file, strength the edge ``weight``. Weights are ``Links`` (degree),
``Total link strength`` (summed weight), ``Ties`` (summed tie count) and every node metric that
is a finite, never negative number on every node; every metric that is a finite number on every
node is also a score.

Text cells follow the documentation's two rules. *"A description may include HTML formatting"*:
the description is HTML — a small table (name, type, country), like the descriptions VOSviewer
writes itself — with ``&``, ``<``, ``>`` and quotes escaped as entities, so a name is shown as
written and never read as markup. *"If the label of an item contains a comma or semicolon, the
label needs to be enclosed within double quotes. The same applies to the description"*: exactly
those cells are enclosed. The documentation says nothing of double quotes *inside* a cell (CSV's
``""`` doubling is not VOSviewer's), so none are written: a label's ``"`` become typographic
quotes (“ ”) and the description's ``&quot;``. A cell therefore reads the same whether it is
split on tabs and stripped of its enclosing quotes or parsed as CSV (VOSviewer Online uses
Papa Parse). Tabs, line breaks and control characters become spaces or are dropped in labels
and descriptions, so every item is one line; the JSON keeps a label's straight quotes (JSON
needs no such care) and carries the same HTML description.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import cast

import networkx as nx

from collabgraph.export.files import write_outputs
from collabgraph.export.flatten import Scalar, node_attributes, numeric_node_keys

__all__ = ["vosviewer_json", "map_text", "network_text", "write_vosviewer", "description_html", "FILE_NAMES"]

#: The files :func:`write_vosviewer` writes into its folder.
FILE_NAMES = ("vosviewer_map.txt", "vosviewer_network.txt", "vosviewer.json")

_NOT_METRICS = {"community", "x", "y"}
_TERMINOLOGY = {
    "item": "institution",
    "items": "institutions",
    "link": "partnership",
    "links": "partnerships",
    "link_strength": "weight",
    "total_link_strength": "total weight",
}


#: Control characters, lone surrogates and noncharacters: dropped from text cells.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def _one_line(value: object) -> str:
    """``value`` on one line: whitespace runs (tabs, line breaks) become one space, controls go."""
    return " ".join(_CONTROL.sub("", str(value)).split())


def _typographic(text: str) -> str:
    """Straight double quotes as opening and closing typographic ones, in turn."""
    parts = text.split('"')
    return "".join(p + ("“" if i % 2 == 0 else "”") for i, p in enumerate(parts[:-1])) + parts[-1]


def description_html(flat: dict, name: object) -> str:
    """An item's VOSviewer description: a one-line HTML table of its name, type and country.

    Every value is put on one line and HTML-escaped (quotes too), so it displays as written.

    Examples
    --------
    >>> print(description_html({"type": "university", "country": "NL"}, 'R&D "Lab"\\t<Leiden>').replace("</tr>", "</tr>\\n"))
    <table><tr><td>Name:</td><td>R&amp;D &quot;Lab&quot; &lt;Leiden&gt;</td></tr>
    <tr><td>Type:</td><td>university</td></tr>
    <tr><td>Country:</td><td>NL</td></tr>
    </table>
    """
    rows = [("Name", name)] + [(k.capitalize(), flat[k]) for k in ("type", "country") if flat.get(k)]
    cells = "".join(f"<tr><td>{key}:</td><td>{html.escape(_one_line(value))}</td></tr>" for key, value in rows)
    return f"<table>{cells}</table>"


def _ids(g: nx.Graph) -> dict:
    return {n: i for i, n in enumerate(g.nodes, start=1)}


def _clusters(g: nx.Graph) -> dict:
    """Node → cluster 1…k from ``community``, largest first; empty if any node lacks one."""
    values = [data.get("community") for _, data in g.nodes(data=True)]
    if not values or any(v is None for v in values):
        return {}
    sizes = Counter(str(v) for v in values)
    order = {v: i for i, (v, _) in enumerate(sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0])), start=1)}
    if len(order) > 1000:
        return {}
    return {n: order[str(data["community"])] for n, data in g.nodes(data=True)}


def _number(value: float) -> int | float:
    value = round(float(value), 10)  # 1.0000000000000002 from summing thirds is 1
    return int(value) if value.is_integer() else value


def _number_at(flat: dict[str, Scalar], key: str) -> float:
    """``flat[key]`` for a key of :func:`~collabgraph.export.flatten.numeric_node_keys`: a number on every node."""
    return cast(float, flat[key])


def _items(g: nx.Graph) -> list[dict]:
    ids, clusters = _ids(g), _clusters(g)
    flats = {n: node_attributes(data) for n, data in g.nodes(data=True)}
    numeric = [k for k in numeric_node_keys(g) if all(math.isfinite(_number_at(f, k)) for f in flats.values())]
    metrics = [k for k in numeric if k not in _NOT_METRICS]
    sizes = [k for k in metrics if all(_number_at(f, k) >= 0 for f in flats.values())]
    coords = {"x", "y"} <= set(numeric)
    items = []
    for n, flat in flats.items():
        edges = g.edges(n, data=True)
        weights = {
            "Links": g.degree(n),
            "Total link strength": _number(sum(d.get("weight", 1.0) for *_, d in edges)),
            "Ties": sum(d.get("count", 1) for *_, d in edges),
        }
        label = flat.get("label") or n
        item = {"id": ids[n], "label": _one_line(label), "description": description_html(flat, label)}
        if str(n).startswith(("http://", "https://")):
            item["url"] = str(n)
        if coords:
            item["x"], item["y"] = float(_number_at(flat, "x")), float(_number_at(flat, "y"))
        if clusters:
            item["cluster"] = clusters[n]
        item["weights"] = {**weights, **{k: flat[k] for k in sizes}}
        if metrics:
            item["scores"] = {k: flat[k] for k in metrics}
        items.append(item)
    return items


def _links(g: nx.Graph) -> list[dict]:
    ids = _ids(g)
    return [
        {"source_id": ids[u], "target_id": ids[v], "strength": _number(d.get("weight", 1.0))} for u, v, d in g.edges(data=True)
    ]


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
    return _document(_items(g), _links(g))


def _document(items: list[dict], links: list[dict]) -> dict:
    network: dict = {"items": items, "links": links}
    clusters = sorted({item["cluster"] for item in network["items"] if "cluster" in item})
    if clusters:
        network["clusters"] = [{"cluster": c, "label": f"Community {c}"} for c in clusters]
    return {"network": network, "config": {"terminology": _TERMINOLOGY}}


def _cell(value: object) -> str:
    """A map-file text cell: enclosed in double quotes when it holds a comma or semicolon.

    Examples
    --------
    >>> _cell('Universität "Nord", Süd'), _cell("UKM")
    ('"Universität “Nord”, Süd"', 'UKM')
    """
    text = _typographic(_one_line(value))
    return f'"{text}"' if "," in text or ";" in text else text


def map_text(g: nx.Graph) -> str:
    """The VOSviewer map file: a header line, then one tab-separated line per item.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("a", label="Leiden; NL")
    >>> print(map_text(g).replace("\\t", " | "), end="")
    id | label | description | weight<Links> | weight<Total link strength> | weight<Ties>
    1 | "Leiden; NL" | "<table><tr><td>Name:</td><td>Leiden; NL</td></tr></table>" | 0 | 0 | 0
    """
    return _map_text(_items(g))


def _map_text(items: list[dict]) -> str:
    weights = list(items[0]["weights"]) if items else ["Links", "Total link strength", "Ties"]
    scores = list(items[0].get("scores", ())) if items else []
    fixed = ["id", "label", "description"] + [k for k in ("url", "x", "y", "cluster") if items and all(k in i for i in items)]
    header = fixed + [f"weight<{w}>" for w in weights] + [f"score<{s}>" for s in scores]
    lines = ["\t".join(header)]
    for item in items:
        cells = [_cell(item[k]) for k in fixed]
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
    return _network_text(_links(g))


def _network_text(links: list[dict]) -> str:
    return "".join(f"{link['source_id']}\t{link['target_id']}\t{link['strength']}\n" for link in links)


def write_vosviewer(g: nx.Graph, out_dir: Path | str, *, inputs: Iterable[Path | str] = ()) -> list[Path]:
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
    # Not indented: json's C encoder only writes compact JSON (about 5x faster for big networks).
    # Items and links once for the three files (each had its own: half a million links three times).
    items, links = _items(g), _links(g)
    texts = (_map_text(items), _network_text(links), json.dumps(_document(items, links), ensure_ascii=False) + "\n")
    return write_outputs({out / name: text for name, text in zip(FILE_NAMES, texts, strict=True)}, inputs=inputs)
