"""The GEXF 1.3 document, written as text in one pass: header, attribute declarations, then one node or edge per line.

:func:`_write` writes what lxml's incremental ``xmlfile`` wrote for
:func:`~collabgraph.export.gexf.spells.gexf_graph` (same bytes), but without that flattened copy
of the graph or an lxml element per node and edge: each node's and edge's attributes are
flattened as it is written (:func:`~collabgraph.export.gexf.spells._node_flat`,
:func:`~collabgraph.export.gexf.spells._edge_flat`), escaped as lxml escapes attribute values
(:func:`~collabgraph.export.gexf.attributes._escape`) and joined as text. The attributes are
numbered at their first appearance and typed from every value written, so the body (nodes, then
edges) is spooled first (memory up to 32 MiB, then a temporary file) and copied after the header
and the ``attributes`` blocks; the dynamic ``ties_in_force`` attribute, numbered after every edge
attribute, is written as a NUL placeholder (text never carries one) filled in during the copy.
On the 10,000-institution synthetic network (8,288 nodes, 44,146 edges) this takes 1.1-1.4 s where
the lxml writer took 3.2-4.2 s (10.7 s under the profiler), with identical output.

:func:`gexf_bytes` returns the document and :func:`write_gexf` writes it atomically (never over
an input file).
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

import networkx as nx

from collabgraph.dates import earliest
from collabgraph.export.files import write_stream
from collabgraph.export.gexf.attributes import _escape, _Keys, _number, _numeric, xml_text
from collabgraph.export.gexf.spells import _edge_flat, _node_flat, _node_starts, ties_in_force
from collabgraph.export.gexf.viz import _Viz

__all__ = ["gexf_bytes", "write_gexf"]


_NS = "http://gexf.net/1.3"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_HEADER = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    f'<gexf xmlns="{_NS}" xmlns:xsi="{_XSI}" version="1.3" xsi:schemaLocation="{_NS} {_NS}/gexf.xsd">\n'
    "<meta><creator>collabgraph</creator><description>Institutions and their partnerships; dated edges start"
    " with their earliest tie</description></meta>\n"
)
_SPOOL_BYTES = 32 << 20
_BATCH = 2048  # elements per join and encode
_DYNAMIC = "\x00"  # the id of ``ties_in_force``, known once every edge attribute is


def _spell(start: str, end: str | None) -> str:
    return f'<spells><spell start="{start}" end="{end}"/></spells>' if end else f'<spells><spell start="{start}"/></spells>'


def _write(g: nx.Graph, fh: BinaryIO) -> None:
    """Write ``g`` to ``fh`` as GEXF 1.3 (see the module notes)."""
    first = _node_starts(g)
    viz = _Viz(g)
    node_keys = _Keys(0)
    ids: dict = {}  # node -> its escaped id, for the edges
    dynamic = False
    with tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES) as spool:
        out: list[str] = [f'<nodes count="{g.number_of_nodes()}">\n']

        def flush() -> None:
            spool.write("".join(out).encode("utf-8"))
            out.clear()

        for i, (n, data) in enumerate(g.nodes(data=True)):
            start = first.get(n)
            flat = _node_flat(data, start)
            ids[n] = ident = _escape(xml_text(n))
            label = _escape(xml_text(flat.pop("label", n)))
            looks = viz.node(data, flat)
            attvalues = bool(flat)
            if not (attvalues or start or looks):
                out.append(f'<node id="{ident}" label="{label}"/>\n')
                continue
            out.append(f'<node id="{ident}" label="{label}">')
            if attvalues:
                out.append("<attvalues>")
                node_keys.attvalues(flat, out)
                out.append("</attvalues>")
            if start:
                out.append(_spell(earliest(start), None))
            out.append(f"{looks}</node>\n")
            if i % _BATCH == _BATCH - 1:
                flush()
        out.append(f'</nodes>\n<edges count="{g.number_of_edges()}">\n')
        edge_keys = _Keys(len(node_keys.keys))
        for i, (u, v, data) in enumerate(g.edges(data=True)):
            flat, spell = _edge_flat(data)
            source = ids[u] if u in ids else _escape(xml_text(u))
            target = ids[v] if v in ids else _escape(xml_text(v))
            tag = f'<edge id="{i}" source="{source}" target="{target}"'
            if "label" in flat:
                tag += f' label="{_escape(xml_text(flat.pop("label")))}"'
            weight = flat.get("weight")
            if _numeric(weight):
                tag += f' weight="{_number(weight)}"'  # type: ignore[arg-type]
                del flat["weight"]
            elif "weight" in flat:
                flat = {("weight_attr" if k == "weight" else k): x for k, x in flat.items()}
            in_force = ties_in_force(data.get("ties"))
            looks = viz.edge(data)
            if not (flat or in_force or spell or looks):
                out.append(f"{tag}/>\n")
                continue
            out.append(f"{tag}>")
            if flat or in_force:
                out.append("<attvalues>")
                edge_keys.attvalues(flat, out)
                for count, day, last in in_force:
                    end = f' end="{last}"' if last else ""
                    out.append(f'<attvalue for="{_DYNAMIC}" value="{count}" start="{day}"{end}/>')
                out.append("</attvalues>")
                dynamic = dynamic or bool(in_force)
            if spell:
                out.append(_spell(*spell))
            out.append(f"{looks}</edge>\n")
            if i % _BATCH == _BATCH - 1:
                flush()
        out.append("</edges>\n</graph>\n</gexf>")
        flush()

        declared = [("node", "static", node_keys.declared()), ("edge", "static", edge_keys.declared())]
        dynamic_id = str(len(node_keys.keys) + len(edge_keys.keys))
        if dynamic:
            declared.append(("edge", "dynamic", [(dynamic_id, "ties_in_force", "integer")]))
        mode = "dynamic" if first else "static"
        graph = f'<graph mode="{mode}" defaultedgetype="{"directed" if g.is_directed() else "undirected"}" idtype="string"'
        graph += ' timeformat="date" timerepresentation="interval">\n' if first else ">\n"
        blocks = [
            f'<attributes class="{cls}" mode="{kind_of_values}">'
            + "".join(f'<attribute id="{i}" title="{_escape(xml_text(title))}" type="{kind}"/>' for i, title, kind in keys)
            + "</attributes>\n"
            for cls, kind_of_values, keys in declared
            if keys
        ]
        fh.write((_HEADER + graph + "".join(blocks)).encode("utf-8"))
        spool.seek(0)
        placeholder, replacement = _DYNAMIC.encode(), dynamic_id.encode()
        while chunk := spool.read(1 << 20):
            fh.write(chunk.replace(placeholder, replacement) if dynamic else chunk)


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
