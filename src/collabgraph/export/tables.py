"""CSV node and edge lists (Gephi's spreadsheet import, R, pandas, Excel): UTF-8, RFC 4180.

The files are written row by row as the graph is read: at 100,000 institutions the edge list held
whole (its flattened attributes, its rows and its text at once) was the main job's peak memory.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

import networkx as nx

from collabgraph.export.files import protected_files
from collabgraph.export.flatten import CORE_NODE_KEYS, Scalar, edge_attributes, edge_keys, extra_node_keys, node_attributes
from collabgraph.files.atomic import atomic_open, refuse_inputs

__all__ = [
    "NODE_COLUMNS",
    "EDGE_COLUMNS",
    "node_table",
    "node_header",
    "node_rows",
    "edge_table",
    "edge_header",
    "edge_rows",
    "csv_text",
    "write_csv",
]

#: The first columns of ``nodes.csv``; every other node attribute (metrics…) follows, sorted.
NODE_COLUMNS = ("id", *CORE_NODE_KEYS)
#: The first columns of ``edges.csv``; other edge attributes (``distance``, ``ties``…) follow.
EDGE_COLUMNS = ("source", "target", "weight", "count", "kinds", "start", "undated", "planned", "vias", "sources", "quote")


def _cell(value: Scalar) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def node_table(g: nx.Graph) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the node list: id, label, type, country, then every other attribute.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("a", label="A", type="university", country="DE", pagerank=0.5)
    >>> node_table(g)
    (['id', 'label', 'type', 'country', 'pagerank'], [['a', 'A', 'university', 'DE', '0.5']])
    """
    header = node_header(g)
    return header, list(node_rows(g, header))


def node_header(g: nx.Graph) -> list[str]:
    """The node list's columns: :data:`NODE_COLUMNS`, then every other attribute, sorted.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("a", label="A", pagerank=0.5, community=1)
    >>> node_header(g)
    ['id', 'label', 'type', 'country', 'community', 'pagerank']
    """
    return [*NODE_COLUMNS, *extra_node_keys(g)]


def node_rows(g: nx.Graph, header: Sequence[str]) -> Iterator[list[str]]:
    """The node list's rows under ``header``, one node at a time.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("a", label="A", hub=True)
    >>> list(node_rows(g, ["id", "label", "hub", "country"]))
    [['a', 'A', 'true', '']]
    """
    for n, data in g.nodes(data=True):
        flat = {**node_attributes(data), "id": str(n)}
        yield [_cell(flat.get(k)) for k in header]


def edge_table(g: nx.Graph) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the edge list: the :data:`EDGE_COLUMNS`, then any other attribute.

    ``kinds``, ``vias`` and ``sources`` are ``"; "``-joined, ``quote`` is the first tie's quote,
    ``start`` is empty for an undated edge and booleans are ``true``/``false``.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", weight=1.0, count=1, kinds=["agreement"], start="2024-07")
    >>> header, rows = edge_table(g)
    >>> dict(zip(header, rows[0]))["kinds"], dict(zip(header, rows[0]))["undated"]
    ('agreement', '')
    """
    header = edge_header(g)
    return header, list(edge_rows(g, header))


def edge_header(g: nx.Graph) -> list[str]:
    """The edge list's columns: :data:`EDGE_COLUMNS`, then any other attribute, sorted; read
    from the attributes' names (:func:`~collabgraph.export.flatten.edge_keys`), not their values.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", weight=1.0, distance=1.0, ties=[])
    >>> edge_header(g)[-2:]
    ['distance', 'ties']
    """
    seen = {k for _, _, d in g.edges(data=True) for k in edge_keys(d)}
    return [*EDGE_COLUMNS, *sorted(seen - set(EDGE_COLUMNS))]


def edge_rows(g: nx.Graph, header: Sequence[str]) -> Iterator[list[str]]:
    """The edge list's rows under ``header``, one edge at a time.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", weight=0.5, start=None)
    >>> list(edge_rows(g, ["source", "target", "weight", "start"]))
    [['a', 'b', '0.5', '']]
    """
    for u, v, d in g.edges(data=True):
        flat = edge_attributes(d)
        flat["source"], flat["target"] = str(u), str(v)
        yield [_cell(flat.get(k)) for k in header]


def csv_text(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """CSV as RFC 4180 writes it: CRLF line ends, fields quoted where they need it.

    Examples
    --------
    >>> csv_text(["id", "label"], [["a", 'Say "hi", then\\nleave']])
    'id,label\\r\\na,"Say ""hi"", then\\nleave"\\r\\n'
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def write_csv(g: nx.Graph, out_dir: Path | str, *, inputs: Iterable[Path | str] = ()) -> list[Path]:
    """Write ``nodes.csv`` and ``edges.csv`` into ``out_dir`` (UTF-8, with header), atomically.

    Parameters
    ----------
    g : networkx.Graph
        An institution graph, with or without metrics.
    out_dir : path
        The folder to write into; created if needed.
    inputs : paths
        Files that must not be overwritten, besides the curated data.

    Returns
    -------
    list of Path
        ``nodes.csv`` and ``edges.csv``.

    Raises
    ------
    CollabgraphError
        One of the files is an input file.

    Examples
    --------
    >>> import csv, tempfile, pathlib
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", weight=1.0)
    >>> nodes, edges = write_csv(g, pathlib.Path(tempfile.mkdtemp()) / "tables")
    >>> [row["source"] for row in csv.DictReader(edges.open(newline="", encoding="utf-8"))]
    ['a']
    """
    out = Path(out_dir)
    nodes, edges = out / "nodes.csv", out / "edges.csv"
    refuse_inputs([nodes, edges], protected_files(inputs))  # both checked before either is written
    # Both files open at once: if a row fails, neither replaces its old version (a new node
    # list beside an old edge list would not be one network).
    with atomic_open(nodes) as node_file, atomic_open(edges) as edge_file:
        header = node_header(g)
        _write_csv(node_file, header, node_rows(g, header))
        header = edge_header(g)
        _write_csv(edge_file, header, edge_rows(g, header))
    return [nodes, edges]


def _write_csv(fh: BinaryIO, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """``header`` and ``rows`` as :func:`csv_text` writes them, encoded as UTF-8 into ``fh``."""
    text = io.TextIOWrapper(fh, encoding="utf-8", newline="", write_through=False)
    try:
        writer = csv.writer(text)
        writer.writerow(header)
        writer.writerows(rows)
        text.flush()
    finally:
        text.detach()  # fh stays open: the atomic writer closes it
