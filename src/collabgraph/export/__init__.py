"""Export the institution network and the knowledge graph for other tools.

One module per format: :mod:`.graphml` and :mod:`.gexf` (Gephi, Cytoscape, igraph), :mod:`.tables`
(CSV node and edge lists), :mod:`.rdf` (Turtle, TriG, JSON-LD) and :mod:`.vosviewer` (map and
network files, VOSviewer Online JSON). Every writer checks that it would not overwrite an input
file, creates parent folders, writes atomically (temporary file, then rename) and returns the
paths it wrote.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import networkx as nx
from rdflib import Dataset, Graph

from collabgraph.errors import CollabgraphError
from collabgraph.export.files import target
from collabgraph.export.flatten import flattening
from collabgraph.export.gexf import write_gexf
from collabgraph.export.graphml import write_graphml
from collabgraph.export.rdf import RDF_FORMATS, write_rdf
from collabgraph.export.tables import write_csv
from collabgraph.export.vosviewer import FILE_NAMES as _VOSVIEWER_FILES
from collabgraph.export.vosviewer import write_vosviewer
from collabgraph.gc_pause import gc_paused
from collabgraph.network.project import institution_graph

__all__ = ["FORMATS", "export", "export_paths", "write_graphml", "write_gexf", "write_csv", "write_rdf", "write_vosviewer"]

#: Network formats: written from an institution graph (projected from a dataset if given one).
_NETWORK: dict[str, tuple[Callable[..., list[Path]], str | None]] = {
    "graphml": (write_graphml, "institutions.graphml"),
    "gexf": (write_gexf, "institutions.gexf"),
    "csv": (write_csv, None),
    "vosviewer": (write_vosviewer, None),
}
#: The file an RDF export writes when ``out`` is a folder.
_RDF_NAMES = {"ttl": "dataset.ttl", "trig": "dataset.trig", "jsonld": "dataset.jsonld"}

#: Every format :func:`export` writes.
FORMATS = ("graphml", "gexf", "csv", "jsonld", "ttl", "trig", "vosviewer")


def export_paths(fmt: str, out: Path | str) -> list[Path]:
    """The files :func:`export` writes for ``fmt`` under ``out``, known before any work is done.

    So a command can refuse to overwrite an input before it loads anything.

    Raises
    ------
    CollabgraphError
        ``fmt`` is unknown (the message lists the formats).

    Examples
    --------
    >>> [p.as_posix() for p in export_paths("csv", "out/tables")]
    ['out/tables/nodes.csv', 'out/tables/edges.csv']
    >>> [p.as_posix() for p in export_paths("ttl", "out/mine.ttl")]
    ['out/mine.ttl']
    """
    if fmt not in FORMATS:
        raise CollabgraphError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    if fmt in RDF_FORMATS:
        return [target(out, _RDF_NAMES[fmt])]
    default_name = _NETWORK[fmt][1]
    if default_name:
        return [target(out, default_name)]
    names = ("nodes.csv", "edges.csv") if fmt == "csv" else _VOSVIEWER_FILES
    return [Path(out) / name for name in names]


def export(
    graph_or_ds: nx.Graph | Dataset, fmt: str, out: Path | str, *, ds: Graph | None = None, inputs: Iterable[Path | str] = ()
) -> list[Path]:
    """Write the network or the dataset in ``fmt`` under ``out``; return the paths written.

    Parameters
    ----------
    graph_or_ds : networkx.Graph or rdflib.Dataset
        A network (from :func:`collabgraph.network.project.institution_graph`, metrics and all) or
        a loaded dataset. Network formats project a dataset with ``institution_graph``; RDF
        formats need the dataset, given here or as ``ds``.
    fmt : str
        One of :data:`FORMATS`: ``graphml``, ``gexf`` (dynamic, dated spells), ``csv``
        (``nodes.csv`` and ``edges.csv``), ``jsonld``, ``ttl`` (the union of all graphs),
        ``trig`` (named graphs kept), ``vosviewer`` (map file, network file and JSON).
    out : path
        The file for single-file formats (a folder there gets ``institutions.graphml``,
        ``institutions.gexf`` or ``dataset.{ttl,trig,jsonld}``); the folder for ``csv`` and
        ``vosviewer``. Parent folders are created.
    ds : rdflib.Dataset, optional
        The dataset for RDF formats when ``graph_or_ds`` is a network.
    inputs : paths
        The caller's input files, which must not be overwritten; the ontology and curated data
        are always protected.

    Returns
    -------
    list of Path
        The files written, each replaced atomically.

    Raises
    ------
    CollabgraphError
        ``fmt`` is unknown (the message lists the formats), an RDF format was asked for without a
        dataset, or an output path is an input file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", weight=1.0, start="2021")
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> [p.name for p in export(g, "gexf", folder)]
    ['institutions.gexf']
    >>> [p.name for p in export(g, "csv", folder / "tables")]
    ['nodes.csv', 'edges.csv']
    >>> export(g, "pajek", folder)
    Traceback (most recent call last):
    ...
    collabgraph.errors.CollabgraphError: unknown export format 'pajek'; choose one of: graphml, gexf, ..., vosviewer
    """
    if fmt not in FORMATS:
        raise CollabgraphError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    inputs = list(inputs)
    if fmt in RDF_FORMATS:
        dataset = graph_or_ds if isinstance(graph_or_ds, Graph) else ds
        if dataset is None:
            raise CollabgraphError(f"format {fmt!r} exports the RDF dataset; pass it (ds=…)")
        return write_rdf(dataset, target(out, _RDF_NAMES[fmt]), fmt, inputs=inputs)
    if not isinstance(graph_or_ds, nx.Graph):  # a dataset: its network first
        graph_or_ds = institution_graph(graph_or_ds)
    writer, default_name = _NETWORK[fmt]
    where = target(out, default_name) if default_name else Path(out)
    # gc paused: a string and a dict per edge and attribute, none in a cycle; flattening: the
    # pairs of one agreement share their ties' summary (a caller's outer block shares it across
    # formats).
    with gc_paused(), flattening():
        return writer(graph_or_ds, where, inputs=inputs)
