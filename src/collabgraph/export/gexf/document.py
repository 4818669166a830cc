"""The GEXF 1.3 document, streamed: header, attribute declarations, then one node or edge per line.

:func:`_write` streams :func:`~collabgraph.export.gexf.spells.gexf_graph` through lxml's
incremental ``xmlfile``; :func:`gexf_bytes` returns the document and :func:`write_gexf` writes it
atomically (never over an input file).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

import networkx as nx
from lxml import etree

from collabgraph.export.files import write_stream
from collabgraph.export.gexf.attributes import _declare, _edge_attrs, _edge_parts, _node_parts, _numeric, _text, xml_text
from collabgraph.export.gexf.spells import gexf_graph, ties_in_force
from collabgraph.export.gexf.viz import _Viz

__all__ = ["gexf_bytes", "write_gexf"]


_NS = "http://gexf.net/1.3"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"


def _write(g: nx.Graph, fh: BinaryIO) -> None:
    """Stream ``gexf_graph(g)`` to ``fh`` as GEXF 1.3 (see the module notes)."""
    h = gexf_graph(g)
    node_types = _declare(_node_parts(n, d)[2] for n, d in h.nodes(data=True))
    edge_types = _declare(_edge_attrs(d, _numeric(d.get("weight"))) for *_, d in h.edges(data=True))
    dynamic = {"ties_in_force": "integer"} if any(ties_in_force(g.edges[u, v].get("ties")) for u, v in h.edges) else {}
    classes = [("node", "static", node_types), ("edge", "static", edge_types), ("edge", "dynamic", dynamic)]
    ids = {(cls, title): str(i) for i, (cls, title) in enumerate((cls, t) for cls, _, types in classes for t in types)}
    viz = _Viz(g, h)

    def tag(name: str) -> str:
        return f"{{{_NS}}}{name}"

    # Whole nodes, edges and blocks are built without a namespace and written inside the
    # ``gexf`` element, whose default namespace they take (no ``xmlns`` repeated on each line).
    def element(
        name: str,
        attrib: dict,
        cls: str,
        spells: list,
        attrs: dict,
        extra: Iterable[dict[str, str]],
        looks: list,
    ) -> etree._Element:
        el = etree.Element(name, attrib)
        if attrs or extra:
            values = etree.SubElement(el, "attvalues")
            for key, value in attrs.items():
                etree.SubElement(values, "attvalue", {"for": ids[cls, key], "value": _text(value)})
            for attvalue in extra:
                etree.SubElement(values, "attvalue", attvalue)
        if spells:
            within = etree.SubElement(el, "spells")
            for start, end in spells:
                span = {k: str(t) for k, t in (("start", start), ("end", end)) if t is not None}
                etree.SubElement(within, "spell", span)
        for look, look_attrib in looks:
            etree.SubElement(el, look, look_attrib)
        return el

    def in_force(u, v) -> list[dict[str, str]]:
        if not dynamic:
            return []
        return [
            {"for": ids["edge", "ties_in_force"], "value": str(count), "start": first, **({"end": last} if last else {})}
            for count, first, last in ties_in_force(g.edges[u, v].get("ties"))
        ]

    graph = {"mode": h.graph["mode"], "defaultedgetype": "directed" if h.is_directed() else "undirected", "idtype": "string"}
    if h.graph["mode"] == "dynamic":
        graph.update(timeformat="date", timerepresentation="interval")
    with etree.xmlfile(fh, encoding="utf-8") as xf:
        xf.write_declaration()
        root = {"version": "1.3", f"{{{_XSI}}}schemaLocation": f"{_NS} {_NS}/gexf.xsd"}
        with xf.element(tag("gexf"), root, nsmap={None: _NS, "xsi": _XSI}):
            xf.write("\n")
            meta = etree.Element("meta")
            etree.SubElement(meta, "creator").text = "collabgraph"
            etree.SubElement(
                meta, "description"
            ).text = "Institutions and their partnerships; dated edges start with their earliest tie"
            xf.write(meta, "\n")
            with xf.element(tag("graph"), graph):
                xf.write("\n")
                for cls, mode, types in classes:
                    if types:
                        block = etree.Element("attributes", {"class": cls, "mode": mode})
                        for title, kind in types.items():
                            etree.SubElement(block, "attribute", {"id": ids[cls, title], "title": xml_text(title), "type": kind})
                        xf.write(block, "\n")
                with xf.element(tag("nodes"), {"count": str(h.number_of_nodes())}):
                    xf.write("\n")
                    for n, data in h.nodes(data=True):
                        attrib, spells, attrs = _node_parts(n, data)
                        xf.write(element("node", attrib, "node", spells, attrs, (), viz.node(n, data)), "\n")
                xf.write("\n")
                with xf.element(tag("edges"), {"count": str(h.number_of_edges())}):
                    xf.write("\n")
                    for i, (u, v, data) in enumerate(h.edges(data=True)):
                        attrib, spells, attrs = _edge_parts(i, u, v, data)
                        xf.write(element("edge", attrib, "edge", spells, attrs, in_force(u, v), viz.edge(u, v)), "\n")
                xf.write("\n")
            xf.write("\n")


def gexf_bytes(g: nx.Graph) -> bytes:
    """``g`` as GEXF 1.3 (dynamic, dated spells; see the module docstring).

    Parameters
    ----------
    g : networkx.Graph
        An institution graph; its attributes are flattened on a copy.

    Returns
    -------
    bytes
        The UTF-8 document.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("a", label="R&D <Lab>")
    >>> g.add_edge("a", "b", start="2020", weight=1.5, ties=[{"via": "x:mou", "date": "2020", "end": "2022"}])
    >>> text = gexf_bytes(g).decode()
    >>> 'version="1.3"' in text, 'mode="dynamic"' in text, 'timeformat="date"' in text
    (True, True, True)
    >>> lines = [line for line in text.splitlines() if line.startswith(("<node ", "<edge "))]
    >>> print(lines[0])  # doctest: +ELLIPSIS
    <node id="a" label="R&amp;D &lt;Lab&gt;"><attvalues>...</attvalues><spells><spell start="2020-01-01"/></spells></node>
    >>> print(lines[2])  # doctest: +ELLIPSIS
    <edge id="0" source="a" target="b" weight="1.5"><attvalues>...<attvalue for="7" value="1" start="2020-01-01" end=...
    >>> print(lines[2][lines[2].index("</attvalues>"):])
    </attvalues><spells><spell start="2020-01-01" end="2021-12-31"/></spells></edge>
    """
    buffer = io.BytesIO()
    _write(g, buffer)
    return buffer.getvalue()


def write_gexf(g: nx.Graph, path: Path | str, *, inputs: Iterable[Path | str] = ()) -> list[Path]:
    """Write ``g`` to ``path`` as GEXF 1.3 (see :func:`gexf_bytes`), atomically.

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
