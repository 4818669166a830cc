"""GraphML for Gephi, Cytoscape, yEd and igraph: typed attributes, evidence flattened to text.

networkx's writer streams when lxml is installed (a dependency): each node and edge is written as
it is made, so a 100,000-institution network never sits in memory as a document (without lxml it
built a 440 MB document in a 4 GB tree).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

import networkx as nx

from collabgraph.export.files import write_stream
from collabgraph.export.flatten import flat_copy

__all__ = ["graphml_bytes", "write_graphml"]


def _write(g: nx.Graph, fh: BinaryIO) -> None:
    nx.write_graphml(flat_copy(g), fh, infer_numeric_types=True)


def graphml_bytes(g: nx.Graph) -> bytes:
    """``g`` as GraphML, attributes typed: strings, ``double``/``long`` metrics, booleans.

    Labels, types, countries, ``kinds`` (``"; "``-joined) and ``start`` (the date as precise as the
    source, left out when undated) are strings; ``weight``, ``distance`` and float metrics doubles;
    ``count`` and integer metrics longs; ``undated`` and ``planned`` booleans. The ties become
    ``ties`` (a readable summary), ``vias``, ``sources`` and ``quote`` (the first one). An
    attribute numeric on some elements and fractional on others is written as a double.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", weight=0.5, kinds=["alliance"], start=None)
    >>> b'attr.name="kinds" attr.type="string"' in graphml_bytes(g)
    True
    """
    buffer = io.BytesIO()
    _write(g, buffer)
    return buffer.getvalue()


def write_graphml(g: nx.Graph, path: Path | str, *, inputs: Iterable[Path | str] = ()) -> list[Path]:
    """Write ``g`` to ``path`` as GraphML (see :func:`graphml_bytes`), atomically.

    Parameters
    ----------
    g : networkx.Graph
        An institution graph (or any graph; list, tuple and ``None`` attributes are converted).
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
    >>> g.add_node("a", label="A", pagerank=0.25)
    >>> g.add_edge("a", "b", weight=1.0)
    >>> [p] = write_graphml(g, pathlib.Path(tempfile.mkdtemp()) / "g.graphml")
    >>> nx.read_graphml(p).nodes["a"]
    {'label': 'A', 'pagerank': 0.25}
    """
    return write_stream(path, lambda fh: _write(g, fh), inputs=inputs)
