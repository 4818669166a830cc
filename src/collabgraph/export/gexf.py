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
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from ..dates import earliest, latest
from .files import write_outputs
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
    nx.write_gexf(gexf_graph(g), buffer, version="1.2draft")
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
    return write_outputs({Path(path): gexf_bytes(g)}, inputs=inputs)
