"""GEXF 1.3 for Gephi, with the start of every tie as a spell so the timeline plays the growth.

The file validates against the official GEXF 1.3 XML Schema (``gexf.xsd`` from
github.com/gephi/gexf; a copy is in ``tests/data/gexf-1.3/``).

Spell convention
----------------
The graph is written in ``mode="dynamic"`` with ``timeformat="date"`` and
``timerepresentation="interval"`` as soon as one edge is dated (``mode="static"`` otherwise). A
dated edge gets one spell from its earliest tie's start, widened to a full date (``2019`` →
``2019-01-01``, ``2019-05`` → ``2019-05-01``); the spell ends only when every tie on the edge has
ended, on the last day the last of them holds by :func:`collabgraph.questions.timeline.holds` (an end
date excludes a tie from its first day on: a tie ending ``2023`` holds to ``2022-12-31``; an
ended tie without an end date holds to the last day of ``confirmed``). A node's spell starts at
the earliest start among its edges and never ends. **Undated edges and nodes get no spell**, which
Gephi reads as present over the whole timeline; they carry ``undated=true`` so a filter can hide
them. An undated edge between dated nodes shows once both of its nodes have appeared. The date
as precise as the source is kept in a string attribute ``since`` (``start`` is GEXF's own time
attribute). A start that is not a date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) counts as undated.

Dynamic attribute
-----------------
``ties_in_force`` (edges, ``mode="dynamic"``) counts the edge's dated ties in force over time, as
``attvalue`` intervals (inclusive, one day apart; see :func:`ties_in_force`), by the same rules.
Gephi can size or filter edges by it on the timeline; ties with an unknown start and planned
ties are not counted.

Viz
---
Nodes get ``color``, ``size`` and ``position`` where the graph has them: a networkx-style ``viz``
dict on the node (``{"color": {"r", "g", "b", "a"}, "size": s, "position": {"x", "y", "z"}}``),
else ``position`` from numeric ``x``/``y`` attributes, colour by ``community`` (when every node has
one: the 18 largest communities get distinct colours, smaller ones grey) and size by
``pagerank`` (5 to 50, proportional, when every node has a non-negative one). Edges get
``color`` and ``thickness`` from an edge ``viz`` dict only; Gephi draws thickness from
``weight``. The official XSD declares the viz elements in the GEXF namespace itself (its RELAX
NG form and the primer use ``http://gexf.net/1.3/viz``); they are written as the XSD has them.
Gephi and graphology read them by local name; networkx's reader skips them.

Gephi conventions
-----------------
Nodes carry ``id`` and ``label``; edges ``id``, ``source``, ``target`` and ``weight`` as XML
attributes, everything else as typed ``attvalue``\\ s (attribute ids are numbers, titles the keys).
No edge has a ``kind``: the graph has no parallel edges. Keys GEXF reserves are renamed with an
``_attr`` suffix (``id`` → ``id_attr``).

Writing
-------
The document is streamed through lxml's incremental ``xmlfile``, one node or edge at a time (one
per line). An attribute that holds integers on some elements and fractions on others is declared
``double``; one that mixes numbers and text, ``string``. Text is cleaned of what XML 1.0 cannot
carry (control characters other than tab, line feed and carriage return; lone surrogates;
U+FFFE and U+FFFF); lxml escapes ``<``, ``&`` and quotes, and keeps tabs and line breaks in
attribute values as character references.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import networkx as nx
from lxml import etree

from collabgraph.dates import earliest, latest, parse_partial_date
from collabgraph.errors import BadDate
from collabgraph.export.files import write_stream
from collabgraph.export.flatten import flat_copy

__all__ = ["gexf_graph", "gexf_bytes", "write_gexf", "xml_text", "ties_in_force"]

#: Keys networkx's GEXF writer reads as GEXF structure rather than as attribute values.
_NODE_RESERVED = {"id", "pid", "start", "end", "spells", "slices", "viz", "parents"}
_EDGE_RESERVED = {"id", "type", "kind", "start", "end", "spells", "slices", "viz", "ties_in_force"}

_NS = "http://gexf.net/1.3"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_FLOATS = {"inf": "INF", "-inf": "-INF", "nan": "NaN"}
_LONG = 2**63
#: What XML 1.0 cannot carry, and the C1 controls it discourages.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
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


def xml_text(value: object) -> str:
    """``value`` as text XML 1.0 can carry: forbidden and control characters removed.

    Tabs, line feeds and carriage returns stay (lxml writes them as character references in
    attribute values); everything else, including non-BMP characters, is kept.

    Examples
    --------
    >>> print(xml_text("R&D <Lab>\\x00\\x1b 𝔘🎓\\ud800|"))
    R&D <Lab> 𝔘🎓|
    >>> xml_text("tab\\there")
    'tab\\there'
    """
    text = str(value)
    return text if text.isprintable() else _NOT_XML.sub("", text)  # printable: nothing to remove


@functools.lru_cache(maxsize=65536)
def _checked(value: str) -> str | None:
    try:
        return parse_partial_date(value)
    except BadDate:
        return None


def _date(value: object) -> str | None:
    """A partial date as given, or None when ``value`` is empty or not a date."""
    return _checked(str(value)) if value else None


@functools.lru_cache(maxsize=65536)
def _day_after(day: str) -> str | None:
    try:
        return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()
    except OverflowError:  # 9999-12-31
        return None


def _rename_reserved(data: dict, reserved: set) -> None:
    for key in sorted(reserved & set(data)):
        data[f"{key}_attr"] = data.pop(key)


def _last_day(tie: dict) -> tuple[bool, str | None]:
    """Whether a tie ends, and the last day it holds by :func:`collabgraph.questions.timeline.holds`.

    An end date excludes the tie from its first day on, so it holds to the day before; an ended
    tie without an end date holds to the last day a source confirms it (never, without one).
    """
    end = _date(tie.get("end"))
    if end is not None:
        day = dt.date.fromisoformat(earliest(end)) - dt.timedelta(days=1)
        return True, day.isoformat()
    if tie.get("status") == "ended":
        confirmed = _date(tie.get("confirmed"))
        return True, latest(confirmed) if confirmed else None
    return False, None


def _edge_spell(data: dict) -> tuple[str, str | None] | None:
    start = _date(data.get("start"))
    if start is None:
        return None
    first = earliest(start)
    ends = [_last_day(t) for t in data.get("ties") or ()]
    if not ends or not all(ended for ended, _ in ends):
        return first, None
    return first, max([first] + [day for _, day in ends if day])  # never before its start


def ties_in_force(ties: Iterable[dict] | None) -> list[tuple[int, str, str | None]]:
    """``(count, first day, last day)`` of the dated ties in force, as consecutive intervals.

    A tie counts from the first day of its ``date`` as long as :func:`collabgraph.questions.timeline.holds`
    says it holds: to the day before its ``end``, or, ended without an end date, to the last
    day of ``confirmed``; open otherwise. Ties whose start is (partly) unknown (``undated``) and
    planned or announced ties are left out. Intervals are inclusive and one day apart; the last
    one is open (``None``) unless every tie has ended.

    Examples
    --------
    >>> ties_in_force([{"date": "2019-05"}, {"date": "2021", "end": "2023"}, {"date": None}])
    [(1, '2019-05-01', '2020-12-31'), (2, '2021-01-01', '2022-12-31'), (1, '2023-01-01', None)]
    >>> ties_in_force([{"date": "2019", "end": "2019-07"},
    ...                {"date": "2020-03-01", "status": "ended", "confirmed": "2020"},
    ...                {"date": "2018", "undated": True}, {"date": "2018", "planned": True}])
    [(1, '2019-01-01', '2019-06-30'), (0, '2019-07-01', '2020-02-29'), (1, '2020-03-01', '2020-12-31')]
    """
    change: Counter = Counter()
    for tie in ties or ():
        start = _date(tie.get("date"))
        if start is None or tie.get("undated") or tie.get("planned"):
            continue
        first = earliest(start)
        ended, last = _last_day(tie)
        if ended and (last is None or last < first):
            continue  # never held
        change[first] += 1
        after = _day_after(last) if ended else None
        if after:
            change[after] -= 1
    steps: list[tuple[int, str, str | None]] = []
    count = 0
    for day in sorted(change):
        count += change[day]
        if steps and steps[-1][0] == count:
            continue  # one tie ended the day before another began
        if steps:
            previous = dt.date.fromisoformat(day) - dt.timedelta(days=1)
            steps[-1] = (steps[-1][0], steps[-1][1], previous.isoformat())
        steps.append((count, day, None))
    if steps and steps[-1][0] == 0:
        steps.pop()
    return steps


def gexf_graph(g: nx.Graph) -> nx.Graph:
    """A flattened copy of ``g`` carrying spells (see the module docstring); ``g`` is unchanged.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", start="2019-05", undated=False, ties=[{"via": "x", "end": None}])
    >>> g.add_edge("b", "c", start=None, undated=True, ties=[])
    >>> h = gexf_graph(g)
    >>> h.edges["a", "b"]["spells"], h.edges["a", "b"]["since"], h.graph["mode"]
    ([('2019-05-01', None)], '2019-05', 'dynamic')
    >>> "spells" in h.edges["b", "c"], h.nodes["c"]["undated"], h.nodes["b"]["spells"]
    (False, True, [('2019-05-01', None)])
    """
    h = flat_copy(g)
    first: dict = {}
    for u, v, data in g.edges(data=True):
        flat = h.edges[u, v]
        flat.pop("start", None)  # becomes the spell and ``since``
        _rename_reserved(flat, _EDGE_RESERVED)
        spell = _edge_spell(data)
        flat.setdefault("undated", spell is None)
        if spell is None:
            continue
        start = _date(data["start"])
        flat["since"] = start
        flat["spells"] = [spell]
        for n in (u, v):
            if n not in first or earliest(start) < earliest(first[n]):
                first[n] = start
    for n, flat in h.nodes(data=True):
        _rename_reserved(flat, _NODE_RESERVED)
        flat["undated"] = n not in first
        if n in first:
            flat["since"] = first[n]
            flat["spells"] = [(earliest(first[n]), None)]
    h.graph = {"mode": "dynamic" if first else "static"}
    return h


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long" if -_LONG <= value < _LONG else "string"
    if isinstance(value, float):
        return "double"
    return "string"


def _declare(rows: Iterator[dict]) -> dict[str, str]:
    """title → GEXF type for every attribute in ``rows``, in first-seen order."""
    kinds: dict[str, set[str]] = {}
    for data in rows:
        for key, value in data.items():
            kinds.setdefault(key, set()).add(_kind(value))
    return {k: ks.pop() if len(ks) == 1 else "double" if ks == {"long", "double"} else "string" for k, ks in kinds.items()}


def _number(value: float) -> str:
    return _FLOATS.get(repr(float(value)), repr(float(value)))


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _number(value)
    return xml_text(value)


def _finite(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _node_parts(n, data: dict) -> tuple[dict, list, dict]:
    attrs = {k: v for k, v in data.items() if k not in ("label", "spells")}
    return {"id": xml_text(n), "label": xml_text(data.get("label", n))}, data.get("spells") or [], attrs


def _edge_parts(i: int, u, v, data: dict) -> tuple[dict, list, dict]:
    element = {"id": str(i), "source": xml_text(u), "target": xml_text(v)}
    if "label" in data:
        element["label"] = xml_text(data["label"])
    numeric = _numeric(data.get("weight"))
    if numeric:
        element["weight"] = _number(data["weight"])
    return element, data.get("spells") or [], _edge_attrs(data, numeric)


def _numeric(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _edge_attrs(data: dict, numeric_weight: bool) -> dict:
    """An edge's attvalues: all but label and spells, and weight when it is the XML ``weight``."""
    return {
        ("weight_attr" if k == "weight" else k): x
        for k, x in data.items()
        if k not in ("label", "spells") and not (k == "weight" and numeric_weight)
    }


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


class _Viz:
    """Colour, size and position per node, from ``viz``, ``x``/``y``, ``community``, ``pagerank``."""

    def __init__(self, g: nx.Graph, h: nx.Graph):
        self.g = g
        communities = [d.get("community") for _, d in h.nodes(data=True)]
        self.colours: dict = {}
        if communities and all(c is not None for c in communities):
            sizes = Counter(str(c) for c in communities)
            ranked = sorted(sizes, key=lambda c: (-sizes[c], c))
            self.colours = {c: _rgb(_PALETTE[i] if i < len(_PALETTE) else _GREY) for i, c in enumerate(ranked)}
        ranks = [d.get("pagerank") for _, d in h.nodes(data=True)]
        self.top = (max(ranks) if ranks and all(_finite(r) and r >= 0 for r in ranks) else 0) or None
        self.xy = bool(len(h)) and all(_finite(d.get("x")) and _finite(d.get("y")) for _, d in h.nodes(data=True))

    def node(self, n, flat: dict) -> list[tuple[str, dict]]:
        viz = self.g.nodes[n].get("viz")
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
        return [
            (name, attrib)
            for name, attrib in (("color", colour), ("size", size and {"value": size}), ("position", position))
            if attrib
        ]

    def edge(self, u, v) -> list[tuple[str, dict]]:
        viz = self.g.edges[u, v].get("viz")
        if not isinstance(viz, dict):
            return []
        thickness = _scale(viz.get("thickness"))
        return [
            (name, attrib)
            for name, attrib in (("color", _colour(viz.get("color"))), ("thickness", thickness and {"value": thickness}))
            if attrib
        ]


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
        extra: Iterable[tuple[dict, str | None, str | None]],
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

    def in_force(u, v) -> list[dict]:
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
