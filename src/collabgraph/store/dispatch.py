"""The store's public functions: open a dataset by spec, find its backend, and ask it.

Each function takes a dataset (or one of its graphs) and calls the method of the same meaning on
:func:`backend`'s answer, so the caller never tests which store it has.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import BinaryIO, cast

from rdflib import Dataset, Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore

from collabgraph.errors import CollabgraphError
from collabgraph.namespaces import GRAPH
from collabgraph.store.memory import MemoryBackend, open_memory
from collabgraph.store.native import as_dataset, is_oxigraph
from collabgraph.store.protocol import Backend, PlainRows
from collabgraph.store.remote import RemoteBackend, open_remote
from collabgraph.store.spec import STORES, endpoint_url, store_path

__all__ = [
    "backend",
    "is_oxigraph",
    "new_dataset",
    "local_copy",
    "bulk_load",
    "settle",
    "clear",
    "clear_graph",
    "has_triples",
    "add_literals",
    "copy_predicates",
    "construct_into",
    "copy_graphs",
    "lend_memory_copy",
    "memory_copy",
    "select_plain",
    "triples_text",
    "dump_trig",
    "run_update",
    "count_triples",
]


def backend(ds: Graph) -> Backend:
    """The backend of the store ``ds`` (a Dataset, or one of its graphs) sits on.

    Examples
    --------
    >>> store = backend(new_dataset("memory"))
    >>> store.kind, isinstance(store, Backend)
    ('memory', True)
    """
    ds = as_dataset(ds)
    dataset = cast(Dataset, ds)  # or one of its graphs, on the same store: bulk_load fills it
    if is_oxigraph(ds):
        from collabgraph.store.oxigraph import OxigraphBackend  # imports pyoxigraph: only for a dataset already on it

        return OxigraphBackend(dataset)
    if isinstance(ds.store, SPARQLStore):
        return RemoteBackend(dataset)
    return MemoryBackend(dataset)


def new_dataset(spec: str = "memory", *, factory: type[Dataset] = Dataset) -> Dataset:
    """Open a dataset on the store named by ``spec`` (see :data:`~collabgraph.store.spec.STORES`).

    Its default graph is the union of its named graphs; collabgraph's prefixes are bound.
    ``factory``: the Dataset class (such as :class:`collabgraph.api.KnowledgeGraph`). A persistent
    store is opened (created if needed) with whatever it holds.

    Raises
    ------
    CollabgraphError
        An unknown store, Oxigraph asked for without oxrdflib installed, or an endpoint that
        cannot be reached or whose default graph is not the union of its named graphs.
    OSError
        A persistent store held by another process.

    Examples
    --------
    >>> ds = new_dataset("memory")
    >>> ds.default_union
    True
    >>> new_dataset("postgres")
    Traceback (most recent call last):
    ...
    collabgraph.errors.CollabgraphError: unknown store 'postgres'; choose one of: auto, memory, ...sparql:URL
    """
    scheme = spec.split(":", 1)[0]
    if spec in ("memory", "auto"):
        return open_memory(factory)
    if scheme == "oxigraph":
        try:
            from collabgraph.store.oxigraph import open_oxigraph
        except ImportError:
            raise CollabgraphError("the oxigraph store needs oxrdflib: pip install 'collabgraph[fast]'") from None
        return open_oxigraph(store_path(spec), factory)
    url = endpoint_url(spec)
    if url is not None:
        return open_remote(url, factory)
    raise CollabgraphError(f"unknown store {spec!r}; choose one of: {', '.join(STORES)}")


def local_copy(ds: Dataset, spec: str = "memory") -> Dataset:
    """Copy every named graph of ``ds`` into a new dataset on the store ``spec``.

    One ``GRAPH ?g { ?s ?p ?o }`` query reads a remote dataset whole, so its blank nodes (the
    quotes) stay connected, as triple-by-triple reads cannot keep them. Only collabgraph's graphs
    (``https://w3id.org/collabgraph/graph/…``) are copied, not a shared server's others.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> ds = new_dataset()
    >>> _ = ds.graph(GRAPH["seed/x"]).add((URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:o")))
    >>> _ = ds.graph(URIRef("urn:other")).add((URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:o")))
    >>> copy = local_copy(ds)
    >>> len(copy.graph(GRAPH["seed/x"])), len(copy.graph(URIRef("urn:other")))
    (1, 0)
    """
    copy = new_dataset(spec, factory=type(ds))
    rows = ds.query(f'SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{GRAPH}")) }}')
    copy.addN((s, p, o, copy.graph(g)) for g, s, p, o in rows)  # type: ignore[misc]
    return copy


def bulk_load(graph: Graph, path: Path, fmt: str) -> bool:
    """Load an RDF file into ``graph`` with the store's own bulk loader, if it has one for ``fmt``.

    Returns False (nothing done) otherwise: then parse with rdflib. Oxigraph's loader writes the
    store's files directly (~4x faster than a transaction on disk); a parse error raises
    :class:`SyntaxError` with the line.
    """
    return backend(graph).bulk_load(path, fmt)


def settle(ds: Dataset) -> None:
    """Flush and compact a persistent Oxigraph store after loading, so reopening it is instant."""
    backend(ds).settle()


def clear(ds: Dataset) -> None:
    """Remove every quad of ``ds``; on Oxigraph one range deletion, instant on a persistent store.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> ds = new_dataset("oxigraph")
    >>> _ = ds.graph(URIRef("urn:g")).add((URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:o")))
    >>> clear(ds)
    >>> len(ds)
    0
    """
    backend(ds).clear()


def clear_graph(ds: Dataset, graph) -> None:
    """Empty the named graph ``graph``; on Oxigraph one range deletion, not one per triple.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> ds = new_dataset("oxigraph")
    >>> _ = ds.graph(URIRef("urn:g")).add((URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:o")))
    >>> clear_graph(ds, URIRef("urn:g"))
    >>> len(ds.graph(URIRef("urn:g")))
    0
    """
    backend(ds).clear_graph(graph)


def has_triples(ds: Dataset, graph) -> bool:
    """Whether the named graph ``graph`` holds a triple: one index probe, where ``len`` counts all.

    The probe is closed before returning (an open read on in-memory Oxigraph blocks writers).

    Examples
    --------
    >>> from rdflib import URIRef
    >>> ds = new_dataset("oxigraph")
    >>> _ = ds.graph(URIRef("urn:g")).add((URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:o")))
    >>> has_triples(ds, URIRef("urn:g")), has_triples(ds, URIRef("urn:h"))
    (True, False)
    """
    return backend(ds).has_triples(graph)


def add_literals(ds: Dataset, graph, rows: Iterable[tuple[str, str, str, str]]) -> None:
    """Add ``(subject IRI, predicate IRI, lexical form, datatype IRI)`` rows to the named graph.

    One transaction; on Oxigraph the terms go straight to pyoxigraph (building rdflib terms and
    converting them took longer than the writing: 670,000 metric values at 100,000 institutions).

    Examples
    --------
    >>> from rdflib import URIRef, XSD
    >>> ds = new_dataset("oxigraph")
    >>> add_literals(ds, URIRef("urn:g"), [("urn:s", "urn:p", "0.5", str(XSD.double))])
    >>> [o.toPython() for o in ds.graph(URIRef("urn:g")).objects()]
    [0.5]
    """
    backend(ds).add_literals(graph, rows)


def copy_predicates(source: Dataset, target: Dataset, predicates: Iterable) -> None:
    """Add to ``target`` every quad of ``source`` whose predicate is one of ``predicates``.

    Between two Oxigraph stores the quads go from one index scan into the other's bulk loader,
    never through rdflib.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> a, b = new_dataset("oxigraph"), new_dataset("oxigraph")
    >>> _ = a.graph(URIRef("urn:g")).add((URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:o")))
    >>> _ = a.graph(URIRef("urn:g")).add((URIRef("urn:s"), URIRef("urn:q"), URIRef("urn:o")))
    >>> copy_predicates(a, b, [URIRef("urn:p")])
    >>> len(b.graph(URIRef("urn:g")))
    1
    """
    backend(source).copy_predicates(target, predicates)


def construct_into(ds: Dataset, query: str, graph) -> int:
    """Add the triples of the ``CONSTRUCT`` ``query`` to the named graph ``graph`` of ``ds``.

    The query names its graphs (``GRAPH ?g { … }``), as :func:`run_update` expects. On Oxigraph the
    results stream into the store's bulk loader, in Rust; on rdflib's store they are collected
    first (a store cannot grow while it is being read). Returns the size of ``graph`` afterwards.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> ds = new_dataset("oxigraph")
    >>> _ = ds.graph(URIRef("urn:g")).add((URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:o")))
    >>> construct_into(ds, "CONSTRUCT { ?o ?p ?s } WHERE { GRAPH ?g { ?s ?p ?o } }", URIRef("urn:h"))
    1
    """
    return backend(ds).construct_into(query, graph)


def copy_graphs(source: Dataset, target: Dataset, pairs: Iterable[tuple] | None = None) -> None:
    """Add ``source``'s named graph ``graph`` to ``target``'s ``into`` for each ``(graph, into)``
    of ``pairs`` (None: every graph as it is), blank nodes kept; one bulk load on Oxigraph.

    Examples
    --------
    >>> from rdflib import BNode, URIRef
    >>> a, b = new_dataset("oxigraph"), new_dataset("oxigraph")
    >>> _ = a.graph(URIRef("urn:g")).add((BNode("b1"), URIRef("urn:p"), URIRef("urn:o")))
    >>> copy_graphs(a, b)
    >>> [str(s) for s, _, _ in b.graph(URIRef("urn:g"))]
    ['b1']
    """
    backend(source).copy_graphs(target, pairs)


def lend_memory_copy(ds: Dataset, copy: Dataset) -> None:
    """Let the next :func:`memory_copy` of ``ds`` answer ``copy`` (the copy in memory a load was
    made in): see :func:`collabgraph.store.oxigraph.lend_memory_copy`. Other stores copy nothing.

    Examples
    --------
    >>> ds, copy = new_dataset("oxigraph"), new_dataset("oxigraph")
    >>> lend_memory_copy(ds, copy)
    >>> memory_copy(ds) is copy
    True
    """
    if is_oxigraph(ds):
        import collabgraph.store.oxigraph as on_oxigraph  # pyoxigraph: only for a dataset already on it

        on_oxigraph.lend_memory_copy(ds, copy)


def memory_copy(ds: Dataset, *, skip: Iterable = ()) -> Dataset:
    """The named graphs of ``ds`` but those in ``skip``, in memory, for millions of point lookups
    (each 5 to 8 times slower on RocksDB): on Oxigraph a copy in its memory (or the one lent by
    :func:`lend_memory_copy`); a dataset in rdflib's memory as it is, ``skip`` included.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> ds = new_dataset("oxigraph")
    >>> for g in ("urn:a", "urn:b"):
    ...     _ = ds.graph(URIRef(g)).add((URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:o")))
    >>> copy = memory_copy(ds, skip=[URIRef("urn:b")])
    >>> len(copy.graph(URIRef("urn:a"))), len(copy.graph(URIRef("urn:b")))
    (1, 0)
    """
    return backend(ds).in_memory(skip=skip)


def select_plain(ds: Dataset, text: str, bindings: Mapping) -> PlainRows | None:
    """Run the SELECT ``text`` straight through the store, its values plain; None where the store
    has no such path (rdflib's memory store, a remote endpoint: use :func:`collabgraph.sparql.query.run`).

    At 10,000 institutions the network's queries return millions of terms; building rdflib terms
    for them first took longer than the queries. collabgraph's prefixes are declared; every bound
    variable must be projected (Oxigraph binds only those).

    Examples
    --------
    >>> from rdflib import URIRef
    >>> ds = new_dataset("oxigraph")
    >>> _ = ds.graph(URIRef("urn:g")).add((URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:o")))
    >>> select_plain(ds, "SELECT ?s WHERE { ?s ?p ?o }", {})
    (['s'], [('urn:s',)])
    >>> select_plain(new_dataset(), "SELECT ?s WHERE { ?s ?p ?o }", {}) is None
    True
    """
    return backend(ds).select_plain(text, bindings)


def triples_text(
    ds: Dataset, subject: str | None = None, obj: str | None = None, *, skip_graphs: Iterable = ()
) -> list[tuple[str, str, str]]:
    """Triples of ``ds`` with the given subject or object, every term in N-Triples syntax.

    ``subject`` and ``obj`` are N-Triples terms too (``<http://…>`` or ``_:label``); triples of
    the named graphs ``skip_graphs`` are left out. On Oxigraph no term becomes an rdflib object
    (validation chunks of 100,000 institutions make this call millions of times).

    Examples
    --------
    >>> from rdflib import Literal, URIRef
    >>> ds = new_dataset()
    >>> _ = ds.graph(URIRef("urn:g")).add((URIRef("urn:s"), URIRef("urn:p"), Literal("two\\nlines")))
    >>> triples_text(ds, "<urn:s>")
    [('<urn:s>', '<urn:p>', '"two\\\\nlines"')]
    >>> triples_text(ds, "<urn:s>", skip_graphs=[URIRef("urn:g")])
    []
    """
    return backend(ds).triples_text(subject, obj, skip_graphs=skip_graphs)


def dump_trig(ds: Dataset) -> str:
    """``ds`` as TriG; on Oxigraph from its own writer (rdflib's takes minutes for millions).

    Examples
    --------
    >>> from rdflib import URIRef
    >>> ds = new_dataset("oxigraph")
    >>> _ = ds.graph(URIRef("urn:g")).add((URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:o")))
    >>> print(dump_trig(ds).strip().splitlines()[-3:])
    ['<urn:g> {', '\\t<urn:s> <urn:p> <urn:o> .', '}']
    """
    return backend(ds).dump_trig()


def write_trig(ds: Dataset, stream: BinaryIO) -> None:
    """Write ``ds`` as TriG (what :func:`dump_trig` gives, UTF-8) to a binary ``stream``; on
    Oxigraph straight from its writer, so the text of a big graph is never held in memory.

    Examples
    --------
    >>> import io
    >>> from rdflib import URIRef
    >>> ds = new_dataset("oxigraph")
    >>> _ = ds.graph(URIRef("urn:g")).add((URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:o")))
    >>> out = io.BytesIO()
    >>> write_trig(ds, out)
    >>> out.getvalue().decode("utf-8") == dump_trig(ds)
    True
    """
    backend(ds).write_trig(stream)


def run_update(ds: Dataset, update: str) -> None:
    """Run SPARQL Update text whose patterns name their graphs (``GRAPH ?g { … }``) on ``ds``.

    On Oxigraph it runs as written, in Rust (oxrdflib refuses updates to a union default graph).
    rdflib joins ``GRAPH ?g`` patterns by looping over the graphs, slowly, so elsewhere the
    ``GRAPH ?var`` wrappers are removed and the patterns matched against the union of the named
    graphs: the same solutions (:func:`~collabgraph.store.text.unwrap_graph_variables`).

    Examples
    --------
    >>> ds = new_dataset()
    >>> run_update(ds, "INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> <urn:o> } }")
    >>> run_update(ds, "INSERT { GRAPH <urn:h> { ?o ?p ?s } } WHERE { GRAPH ?g { ?s ?p ?o } }")
    >>> len(ds)
    2
    """
    backend(ds).update(update)


def count_triples(ds: Dataset, graph, predicate=None) -> int:
    """The number of triples in the named graph ``graph``, or of those with ``predicate`` (a COUNT).

    Examples
    --------
    >>> from rdflib import URIRef
    >>> count_triples(new_dataset(), URIRef("urn:empty"))
    0
    """
    return backend(ds).count(graph, predicate)
