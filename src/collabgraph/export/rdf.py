"""The knowledge graph itself as RDF: TriG and JSON-LD keep the named graphs, Turtle the union."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Dataset, Graph

from collabgraph.errors import CollabgraphError
from collabgraph.export.files import write_outputs, write_stream
from collabgraph.files.serializers import TRIG, TURTLE
from collabgraph.namespaces import PREFIXES
from collabgraph.store import as_dataset, dump_trig, write_trig

__all__ = ["RDF_FORMATS", "union_graph", "rdf_text", "write_rdf"]

#: Export format → rdflib serializer.
RDF_FORMATS = {"ttl": "turtle", "trig": "trig", "jsonld": "json-ld"}


def union_graph(ds: Graph) -> Graph:
    """Every triple of every named graph of ``ds`` in one graph, with its prefixes.

    Examples
    --------
    >>> from rdflib import Dataset, URIRef
    >>> a, p, b, c = (URIRef(f"http://example.org/{n}") for n in "apbc")
    >>> ds = Dataset()
    >>> _ = ds.graph(URIRef("http://example.org/g1")).add((a, p, b))
    >>> _ = ds.graph(URIRef("http://example.org/g2")).add((a, p, c))
    >>> len(union_graph(ds))
    2
    """
    ds = as_dataset(ds)
    union = Graph()
    for prefix, namespace in ds.namespaces():
        union.bind(prefix, namespace, replace=True)
    triples = ((s, p, o) for s, p, o, _ in ds.quads()) if isinstance(ds, Dataset) else ds
    for triple in triples:
        union.add(triple)
    return union


def rdf_text(ds: Graph, fmt: str) -> str:
    """Serialise ``ds`` as ``"trig"`` or ``"jsonld"`` (named graphs kept) or ``"ttl"`` (union).

    JSON-LD is compacted with the collabgraph prefixes as its ``@context``, inline, so it parses
    offline.

    Raises
    ------
    CollabgraphError
        ``fmt`` is not one of :data:`RDF_FORMATS`.

    Examples
    --------
    >>> from rdflib import Dataset, Literal, URIRef
    >>> ds = Dataset()
    >>> _ = ds.graph(URIRef("http://example.org/g")).add(
    ...     (URIRef("http://example.org/a"), URIRef("http://example.org/p"), Literal("A")))
    >>> print(rdf_text(ds, "trig").strip())
    @prefix ns1: <http://example.org/> .
    <BLANKLINE>
    ns1:g {
        ns1:a ns1:p "A" .
    }
    """
    ds = as_dataset(ds)
    if fmt not in RDF_FORMATS:
        raise CollabgraphError(f"unknown RDF format {fmt!r}; choose one of: {', '.join(RDF_FORMATS)}")
    if fmt == "ttl":
        return union_graph(ds).serialize(format=TURTLE)
    if fmt == "jsonld":
        context = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
        return ds.serialize(format="json-ld", context=context, auto_compact=True)
    return dump_trig(ds) if isinstance(ds, Dataset) else ds.serialize(format=TRIG)


def write_rdf(ds: Graph, path: Path | str, fmt: str = "trig", *, inputs: Iterable[Path | str] = ()) -> list[Path]:
    """Write the dataset ``ds`` to ``path`` as TriG, Turtle or JSON-LD (see :func:`rdf_text`).

    Parameters
    ----------
    ds : rdflib.Dataset
        The loaded dataset (a plain :class:`rdflib.Graph` works too).
    path : path
        The file to write; parent folders are created.
    fmt : {"trig", "ttl", "jsonld"}
        TriG and JSON-LD keep the named graphs; Turtle writes their union.
    inputs : paths
        Files that must not be overwritten, besides the curated data.

    Returns
    -------
    list of Path
        The file written.

    Raises
    ------
    CollabgraphError
        ``path`` is an input file, or ``fmt`` is unknown.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from rdflib import Dataset, Graph, URIRef
    >>> ds = Dataset()
    >>> _ = ds.graph(URIRef("http://example.org/g")).add(
    ...     (URIRef("http://example.org/a"), URIRef("http://example.org/p"), URIRef("http://example.org/b")))
    >>> [p] = write_rdf(ds, pathlib.Path(tempfile.mkdtemp()) / "d.ttl", "ttl")
    >>> len(Graph().parse(p, format="turtle"))
    1
    """
    ds = as_dataset(ds)
    if fmt == "trig" and isinstance(ds, Dataset):  # streamed: a big graph's text is never held (1.3 GB at 100,000 institutions)
        return write_stream(path, lambda stream: write_trig(ds, stream), inputs=inputs)
    return write_outputs({Path(path): rdf_text(ds, fmt)}, inputs=inputs)
