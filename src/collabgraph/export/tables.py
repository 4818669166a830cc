"""CSV node and edge lists (Gephi's spreadsheet import, R, pandas, Excel): UTF-8, RFC 4180."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

import networkx as nx

from collabgraph.export.files import write_outputs
from collabgraph.export.flatten import CORE_NODE_KEYS, Scalar, edge_attributes, extra_node_keys, node_attributes

__all__ = ["NODE_COLUMNS", "EDGE_COLUMNS", "node_table", "edge_table", "csv_text", "write_csv"]

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
    header = [*NODE_COLUMNS, *extra_node_keys(g)]
    rows = []
    for n, data in g.nodes(data=True):
        flat = {**node_attributes(data), "id": str(n)}
        rows.append([_cell(flat.get(k)) for k in header])
    return header, rows


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
    flats = [(u, v, edge_attributes(d)) for u, v, d in g.edges(data=True)]
    others = sorted({k for *_, f in flats for k in f} - set(EDGE_COLUMNS))
    header = [*EDGE_COLUMNS, *others]
    rows = [[_cell({**f, "source": str(u), "target": str(v)}.get(k)) for k in header] for u, v, f in flats]
    return header, rows


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
    return write_outputs(
        {out / "nodes.csv": csv_text(*node_table(g)), out / "edges.csv": csv_text(*edge_table(g))}, inputs=inputs
    )
