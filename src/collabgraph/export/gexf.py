"""GEXF 1.2 for Gephi, with the start of every tie as a spell so the timeline plays the growth.

Spell convention
----------------
The graph is written in ``mode="dynamic"``, with ``timeformat="date"`` as soon as one element is
dated. A dated edge gets one spell from its earliest tie's start, widened to a full date
(``2019`` → ``2019-01-01``, ``2019-05`` → ``2019-05-01``); the spell ends only when every tie on
the edge has an end date (then on the last day the latest end can denote). A node's spell starts
at the earliest start among its edges and never ends. **Undated edges and nodes get no spell**,
which Gephi reads as present over the whole timeline; they carry ``undated=true`` so a filter can
hide them. An undated edge between dated nodes shows once both of its nodes have appeared. The
date as precise as the source is kept in a string attribute ``since`` (``start`` is GEXF's own
time attribute).

Writing
-------
The document is streamed through lxml's incremental ``xmlfile``, one node or edge at a time,
in the layout networkx's ``write_gexf`` produces (networkx's writer builds the whole document as
an ElementTree first: 4 GB of memory for a 100,000-institution network). An attribute that
holds integers on some elements and fractions on others is declared ``double``; one that mixes
numbers and text, ``string``.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import networkx as nx
from lxml import etree

from ..dates import earliest, latest
from .files import write_stream
from .flatten import flat_copy

__all__ = ["gexf_graph", "gexf_bytes", "write_gexf"]

# Keys networkx's GEXF writer reads as GEXF structure rather than as attribute values.
_NODE_RESERVED = {"id", "pid", "start", "end", "spells", "slices", "viz", "parents"}
_EDGE_RESERVED = {"id", "type", "start", "end", "spells", "slices", "viz"}


def _rename_reserved(data: dict, reserved: set) -> None:
    for key in sorted(reserved & set(data)):
        data[f"{key}_attr"] = data.pop(key)


def _edge_spell(data: dict) -> tuple[str, str | None] | None:
    if not data.get("start"):
        return None
    start = str(data["start"])
    ends = [t.get("end") for t in data.get("ties") or ()]
    end = max(latest(str(e)) for e in ends) if ends and all(ends) else None
    return earliest(start), end if end and end >= earliest(start) else None


def gexf_graph(g: nx.Graph) -> nx.Graph:
    """A flattened copy of ``g`` carrying spells (see the module docstring); ``g`` is unchanged.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", start="2019-05", undated=False, ties=[{"via": "x", "end": None}])
    >>> g.add_edge("b", "c", start=None, undated=True, ties=[])
    >>> h = gexf_graph(g)
    >>> h.edges["a", "b"]["spells"], h.edges["a", "b"]["since"]
    ([('2019-05-01', None)], '2019-05')
    >>> "spells" in h.edges["b", "c"], h.nodes["c"]["undated"], h.nodes["b"]["spells"]
    (False, True, [('2019-05-01', None)])
    """
    h = flat_copy(g)
    h.graph = {"mode": "dynamic"}
    first: dict = {}
    for u, v, data in g.edges(data=True):
        flat = h.edges[u, v]
        flat.pop("start", None)  # becomes the spell and ``since``
        _rename_reserved(flat, _EDGE_RESERVED)
        spell = _edge_spell(data)
        flat.setdefault("undated", spell is None)
        if spell is None:
            continue
        flat["since"] = str(data["start"])
        flat["spells"] = [spell]
        for n in (u, v):
            if n not in first or data["start"] < first[n]:
                first[n] = str(data["start"])
    for n, flat in h.nodes(data=True):
        _rename_reserved(flat, _NODE_RESERVED)
        flat["undated"] = n not in first
        if n in first:
            flat["since"] = first[n]
            flat["spells"] = [(earliest(first[n]), None)]
    return h


_NS = "http://www.gexf.net/1.2draft"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_FLOATS = {"inf": "INF", "-inf": "-INF", "nan": "NaN"}


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    return "string"


def _declare(rows: Iterator[dict]) -> dict[str, str]:
    """title → GEXF type for every attribute in ``rows``, in first-seen order."""
    kinds: dict[str, set[str]] = {}
    for data in rows:
        for key, value in data.items():
            kinds.setdefault(key, set()).add(_kind(value))
    return {k: ks.pop() if len(ks) == 1 else "double" if ks == {"long", "double"} else "string"
            for k, ks in kinds.items()}


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _FLOATS.get(str(value), str(value))
    return str(value)


def _node_parts(n, data: dict) -> tuple[dict, list, dict]:
    attrs = {k: v for k, v in data.items() if k not in ("label", "spells")}
    return {"id": str(n), "label": str(data.get("label", n))}, data.get("spells") or [], attrs


def _edge_parts(i: int, u, v, data: dict) -> tuple[dict, list, dict]:
    element = {"source": str(u), "target": str(v), "id": str(i)}
    for key in ("label", "weight"):
        if key in data:
            element[key] = _text(data[key])
    attrs = {k: x for k, x in data.items() if k not in ("label", "weight", "spells")}
    return element, data.get("spells") or [], attrs


def _write(g: nx.Graph, fh: BinaryIO) -> None:
    """Stream ``gexf_graph(g)`` to ``fh`` as GEXF 1.2draft (see the module notes)."""
    h = gexf_graph(g)
    node_types = _declare(_node_parts(n, d)[2] for n, d in h.nodes(data=True))
    edge_types = _declare(_edge_parts(0, u, v, d)[2] for u, v, d in h.edges(data=True))
    dated = any(d.get("spells") for *_, d in h.edges(data=True))
    ids = {(cls, title): str(i) for i, (cls, title) in enumerate(
        [("node", t) for t in node_types] + [("edge", t) for t in edge_types])}

    def tag(name: str) -> str:
        return f"{{{_NS}}}{name}"

    def element(xf, name: str, attrib: dict, cls: str, spells: list, attrs: dict) -> None:
        with xf.element(tag(name), attrib):
            if spells:
                with xf.element(tag("spells")):
                    for start, end in spells:
                        span = {k: str(t) for k, t in (("start", start), ("end", end)) if t is not None}
                        with xf.element(tag("spell"), span):
                            pass
            if attrs:
                with xf.element(tag("attvalues")):
                    for key, value in attrs.items():
                        with xf.element(tag("attvalue"), {"for": ids[cls, key], "value": _text(value)}):
                            pass

    graph = {"defaultedgetype": "directed" if h.is_directed() else "undirected", "mode": "dynamic",
             "name": str(h.graph.get("name", ""))}
    if dated:
        graph["timeformat"] = "date"
    with etree.xmlfile(fh, encoding="utf-8") as xf:
        xf.write_declaration()
        root = {f"{{{_XSI}}}schemaLocation": f"{_NS} {_NS}/gexf.xsd", "version": "1.2"}
        with xf.element(tag("gexf"), root, nsmap={None: _NS, "xsi": _XSI}):
            with xf.element(tag("meta")):
                with xf.element(tag("creator")):
                    xf.write("collabgraph")
            with xf.element(tag("graph"), graph):
                for cls, types in (("node", node_types), ("edge", edge_types)):
                    if types:
                        with xf.element(tag("attributes"), {"class": cls, "mode": "static"}):
                            for title, kind in types.items():
                                with xf.element(tag("attribute"),
                                                {"id": ids[cls, title], "title": title, "type": kind}):
                                    pass
                with xf.element(tag("nodes")):
                    for n, data in h.nodes(data=True):
                        attrib, spells, attrs = _node_parts(n, data)
                        element(xf, "node", attrib, "node", spells, attrs)
                with xf.element(tag("edges")):
                    for i, (u, v, data) in enumerate(h.edges(data=True)):
                        attrib, spells, attrs = _edge_parts(i, u, v, data)
                        element(xf, "edge", attrib, "edge", spells, attrs)


def gexf_bytes(g: nx.Graph) -> bytes:
    """``g`` as GEXF 1.2draft (dynamic, dated spells; see the module docstring).

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", start="2020", weight=1.0)
    >>> text = gexf_bytes(g).decode()
    >>> 'mode="dynamic"' in text, 'timeformat="date"' in text, '<spell start="2020-01-01"' in text
    (True, True, True)
    """
    buffer = io.BytesIO()
    _write(g, buffer)
    return buffer.getvalue()


def write_gexf(g: nx.Graph, path: Path | str, *, inputs: Iterable[Path | str] = ()) -> list[Path]:
    """Write ``g`` to ``path`` as dynamic GEXF (see :func:`gexf_bytes`), atomically.

    Parameters
    ----------
    g : networkx.Graph
        An institution graph; its attributes are flattened on a copy.
    path : path
        The file to write; parent folders are created.
    inputs : paths
        Files that must not be overwritten, besides the curated data.

    Returns
    -------
    list of Path
        The file written.

    Raises
    ------
    CollabgraphError
        ``path`` is an input file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", start="2019-05-08", undated=False, weight=1.0)
    >>> [p] = write_gexf(g, pathlib.Path(tempfile.mkdtemp()) / "g.gexf")
    >>> nx.read_gexf(p).edges["a", "b"]["since"]
    '2019-05-08'
    """
    return write_stream(path, lambda fh: _write(g, fh), inputs=inputs)
