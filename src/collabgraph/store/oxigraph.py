"""The Oxigraph backend: pyoxigraph's store through oxrdflib, in memory or persisted in a directory.

Oxigraph evaluates SPARQL text itself, in Rust, and loads, dumps and copies triples without
building an rdflib term for each: every fast path collabgraph has at 10,000 institutions and more
is here. They reach pyoxigraph through oxrdflib's ``_inner`` and convert terms with oxrdflib's
``_converter``; this module is the only one that does. Whatever has no fast path (a copy into a
store that is not Oxigraph) goes through rdflib's API, inherited from
:class:`~collabgraph.store.memory.MemoryBackend`.

Importing this module imports pyoxigraph (about a second), so :func:`collabgraph.store.backend`
and :func:`collabgraph.store.new_dataset` import it only for a dataset on Oxigraph.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from itertools import chain
from pathlib import Path
from typing import BinaryIO, cast

import oxrdflib  # registers the "Oxigraph" rdflib store plugin
import pyoxigraph as ox
from oxrdflib._converter import to_ox
from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.query import Result

from collabgraph.store.memory import MemoryBackend
from collabgraph.store.oxigraph_rows import plain_rows
from collabgraph.store.protocol import PlainRows, bind_prefixes
from collabgraph.store.text import declare_prefixes, inject_values

__all__ = ["OxigraphBackend", "open_oxigraph", "memory_copy", "lend_memory_copy", "select_plain"]


def open_oxigraph(path: Path | None = None, factory: type[Dataset] = Dataset) -> Dataset:
    """A dataset on Oxigraph: in memory, or persisted in the directory ``path`` (created if
    needed, else reopened with whatever it holds).

    Raises
    ------
    OSError
        The directory's store is held by another process (RocksDB's lock).

    Examples
    --------
    >>> type(open_oxigraph().store).__name__
    'OxigraphStore'
    """
    ds = factory(store="Oxigraph", default_union=True)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        ds.open(str(path), create=not path.exists())
    return bind_prefixes(ds)


def _on_oxigraph(ds: Graph) -> bool:
    return isinstance(ds.store, oxrdflib.OxigraphStore)


def _inner(ds: Graph) -> ox.Store:
    """The pyoxigraph store under oxrdflib's rdflib store."""
    return ds.store._inner  # type: ignore[attr-defined]


def native(ds: Graph) -> ox.Store:
    """The pyoxigraph store of a dataset on Oxigraph (:func:`collabgraph.store.native_oxigraph`)."""
    return _inner(ds)


_OX_FORMATS = {"turtle": "TURTLE", "nt": "N_TRIPLES", "xml": "RDF_XML"}
_PREFIX = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([\w.-]*):\s*<([^>]*)>", re.IGNORECASE)


class OxigraphBackend(MemoryBackend):
    """Oxigraph's fast paths (see :class:`collabgraph.store.protocol.Backend`).

    Examples
    --------
    >>> from rdflib import URIRef
    >>> ds = open_oxigraph()
    >>> store = OxigraphBackend(ds)
    >>> _ = ds.graph(URIRef("urn:g")).add((URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:o")))
    >>> store.construct_into("CONSTRUCT { ?o ?p ?s } WHERE { GRAPH ?g { ?s ?p ?o } }", URIRef("urn:h"))
    1
    >>> store.select_plain("SELECT ?s WHERE { ?s ?p <urn:o> }", {})
    (['s'], [('urn:s',)])
    >>> both = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"  # neither sees the other's triples
    >>> store.construct_each([(both, URIRef("urn:i")), (both, URIRef("urn:j"))])
    [2, 2]
    """

    kind = "oxigraph"

    def query(self, prepared, text: str, bindings: Mapping) -> Result:
        text = declare_prefixes(text)
        if set(bindings) <= {str(v) for v in prepared.algebra.get("PV") or ()}:
            return Graph.query(self.ds, text, initBindings=dict(bindings))  # Oxigraph binds them up front
        # A VALUES block opening the WHERE clause binds them before filters, as rdflib does.
        return Graph.query(self.ds, inject_values(text, bindings))

    def select_plain(self, text: str, bindings: Mapping) -> PlainRows | None:
        return select_plain(self.ds, declare_prefixes(text), bindings)

    def update(self, text: str) -> None:
        # oxrdflib refuses updates addressed to a union default graph, hence the named graphs.
        self.ds.store.update(text, {}, {}, DATASET_DEFAULT_GRAPH_ID)

    def construct_into(self, query: str, graph) -> int:
        target, inner = ox.NamedNode(str(graph)), _inner(self.ds)
        triples = cast(ox.QueryTriples, inner.query(query))
        inner.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, target) for t in triples)
        return self.count(graph)

    def construct_each(self, runs: Sequence[tuple]) -> list[int]:
        inner = _inner(self.ds)

        def text(query: str) -> bytes:  # evaluated and written in Rust without Python's lock
            return cast(ox.QueryTriples, inner.query(query)).serialize(format=ox.RdfFormat.N_TRIPLES) or b""

        # The queries side by side (reading only: a store written while another thread reads it
        # through Python's iterators deadlocked), then their results loaded one after the other.
        with ThreadPoolExecutor(max(1, min(len(runs), os.cpu_count() or 1))) as pool:
            found = list(pool.map(text, [query for query, _ in runs]))
        for (_, graph), data in zip(runs, found, strict=True):
            target = ox.NamedNode(str(graph))
            if b"_:" in data:  # the loader would name blank nodes afresh; parse keeps their names
                triples = ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
                inner.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, target) for t in triples)
            elif data:
                inner.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=target)
        return [self.count(graph) for _, graph in runs]

    def bulk_load(self, path: Path, fmt: str, *, prefixes: bool = True) -> bool:
        # The bulk loader writes the store's files directly: on a persistent store ~4x faster than
        # a transactional load, and nothing to replay on reopening. Parse errors raise SyntaxError.
        if fmt not in _OX_FORMATS:
            return False
        _inner(self.ds).bulk_load(
            path=str(path),
            format=getattr(ox.RdfFormat, _OX_FORMATS[fmt]),
            base_iri=Path(path).resolve().as_uri(),
            to_graph=ox.NamedNode(str(self.ds.identifier)),
        )
        for prefix, namespace in _header_prefixes(path) if prefixes else ():  # the loader keeps none
            self.ds.bind(prefix, namespace, override=False)
        return True

    def count(self, graph, predicate=None) -> int:
        p = "?p" if predicate is None else f"<{predicate}>"
        rows = self.ds.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s {p} ?o }} }}")
        return int(next(iter(rows))[0])  # type: ignore[index,arg-type]

    def triples_text(
        self, subject: str | None = None, obj: str | None = None, *, skip_graphs: Iterable = ()
    ) -> list[tuple[str, str, str]]:
        # No term becomes an rdflib object: validation chunks are this call millions of times.
        skip = {ox.NamedNode(str(g)) for g in skip_graphs}
        return [
            (str(q.subject), str(q.predicate), str(q.object))
            for q in _inner(self.ds).quads_for_pattern(_ox_term(subject), None, _ox_term(obj), None)
            if q.graph_name not in skip
        ]

    def add_literals(self, graph, rows: Iterable[tuple[str, str, str, str]]) -> None:
        # Straight to pyoxigraph: building rdflib terms and converting them took longer than the
        # writing (670,000 metric values at 100,000 institutions). The bulk loader writes them
        # without one transaction's bookkeeping: 7 s against 15 s for those on a persistent store.
        # As N-Quads text (pyoxigraph writes each term, escapes included; no blank node to rename)
        # the loader runs without Python's lock, so another thread goes on meanwhile (the build
        # draws while the metrics are written); bulk_extend from Python quads holds it throughout.
        written: dict[str, str] = {}

        def iri(value: str) -> str:
            text = written.get(value)
            if text is None:
                text = written[value] = str(ox.NamedNode(value))  # checked: a bad IRI raises here
            return text

        tail = f" {iri(str(graph))} .\n"
        text = "".join(
            f"{iri(s)} {iri(p)} {ox.Literal(value, datatype=ox.NamedNode(datatype))}{tail}" for s, p, value, datatype in rows
        )
        if text:
            _inner(self.ds).bulk_load(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS)

    def copy_graphs(self, target: Dataset, pairs: Iterable[tuple] | None = None) -> None:
        if not _on_oxigraph(target):
            return super().copy_graphs(target, pairs)
        # Quads as they are, in one bulk load: a parser would give the blank nodes new names (each
        # load its own), and each bulk load writes files. 3.2 million quads from memory to a
        # persistent store: 15 s, against 20 s through N-Quads text.
        inner = _inner(self.ds)
        if pairs is None:
            quads: Iterable[ox.Quad] = inner.quads_for_pattern(None, None, None, None)
        else:
            quads = chain.from_iterable(_moved(inner, graph, into) for graph, into in pairs)
        _inner(target).bulk_extend(quads)

    def copy_predicates(self, target: Dataset, predicates: Iterable) -> None:
        if not _on_oxigraph(target):
            return super().copy_predicates(target, predicates)
        inner = _inner(self.ds)
        _inner(target).bulk_extend(
            chain.from_iterable(  # one bulk load: each writes files
                inner.quads_for_pattern(None, ox.NamedNode(str(p)), None) for p in predicates
            )
        )

    def clear(self) -> None:
        _inner(self.ds).clear()  # one range deletion, instant on a persistent store

    def clear_graph(self, graph) -> None:
        _inner(self.ds).clear_graph(ox.NamedNode(str(graph)))

    def dump_trig(self) -> str:
        # Oxigraph's own writer (write_trig): rdflib's pretty-printer groups every subject in
        # Python, minutes for the millions of triples of a big graph.
        text = io.BytesIO()
        self.write_trig(text)
        return text.getvalue().decode("utf-8")

    def write_trig(self, stream: BinaryIO) -> None:
        # Straight from Oxigraph's writer to the file: the text of 6.4 million quads (1.3 GB) as
        # bytes and then as a str raised the main job's peak by over a gigabyte.
        prefixes = {prefix: str(ns) for prefix, ns in self.ds.namespaces() if prefix}
        _inner(self.ds).dump(stream, format=ox.RdfFormat.TRIG, prefixes=prefixes)

    def in_memory(self, *, skip: Iterable = ()) -> Dataset:
        lent = _take_lent(self.ds, skip)
        return lent if lent is not None else memory_copy(self.ds, skip=skip)

    def scratch(self) -> Dataset:
        return open_oxigraph()

    def settle(self) -> None:
        _inner(self.ds).flush()
        _inner(self.ds).optimize()


def memory_copy(ds: Dataset, *, skip: Iterable = ()) -> Dataset:
    """The named graphs of an Oxigraph-backed ``ds``, but those in ``skip``, in Oxigraph's memory.

    For work that makes millions of point lookups: on a persistent (RocksDB) store each costs
    5 to 8 times what it costs in memory (validation chunks of 100,000 institutions: 6.7 s each
    on disk, 0.8 s on a copy made in 34 s).

    Examples
    --------
    >>> from rdflib import URIRef
    >>> ds = open_oxigraph()
    >>> for g in ("urn:a", "urn:b"):
    ...     _ = ds.graph(URIRef(g)).add((URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:o")))
    >>> copy = memory_copy(ds, skip=[URIRef("urn:b")])
    >>> len(copy.graph(URIRef("urn:a"))), len(copy.graph(URIRef("urn:b")))
    (1, 0)
    """
    skipped = {str(g) for g in skip}
    copy = open_oxigraph()
    graphs = [URIRef(g.value) for g in _inner(ds).named_graphs() if g.value not in skipped]
    OxigraphBackend(ds).copy_graphs(copy, [(g, g) for g in graphs])
    return copy


def _moved(store: ox.Store, graph, into) -> Iterable[ox.Quad]:
    """The quads of ``store``'s named graph ``graph``, as quads of the graph ``into``."""
    source, target = ox.NamedNode(str(graph)), ox.NamedNode(str(into))
    quads = store.quads_for_pattern(None, None, None, source)
    return quads if source == target else (ox.Quad(q.subject, q.predicate, q.object, target) for q in quads)


#: The attribute of a dataset that holds the copy lent by :func:`lend_memory_copy`.
_LENT = "_collabgraph_memory_copy"


def lend_memory_copy(ds: Dataset, copy: Dataset) -> None:
    """Let the next :meth:`OxigraphBackend.in_memory` of ``ds`` answer ``copy`` instead of copying.

    ``copy`` is a dataset in Oxigraph's memory holding exactly the named graphs of ``ds`` that
    call does not skip, the same triples up to the names of blank nodes (each parse names them
    afresh; validation names a blank node by what the copy says of it): the copy a load of a
    persistent store was made in (:func:`collabgraph.loading.load.load` with ``keep_copy``). It is handed over once, and only
    while ``ds`` holds as many quads as now and the graphs match; else a copy is made as usual.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> ds, copy = open_oxigraph(), open_oxigraph()
    >>> for target in (ds, copy):
    ...     _ = target.graph(URIRef("urn:a")).add((URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:o")))
    >>> _ = ds.graph(URIRef("urn:derived")).add((URIRef("urn:s"), URIRef("urn:q"), URIRef("urn:o")))
    >>> lend_memory_copy(ds, copy)
    >>> OxigraphBackend(ds).in_memory(skip=[URIRef("urn:derived")]) is copy
    True
    >>> OxigraphBackend(ds).in_memory(skip=[URIRef("urn:derived")]) is copy  # once
    False
    """
    setattr(ds, _LENT, (copy, len(_inner(ds))))


def _take_lent(ds: Dataset, skip: Iterable) -> Dataset | None:
    """The copy lent to ``ds`` if it still answers for ``ds`` without ``skip``; it is forgotten."""
    lent = ds.__dict__.pop(_LENT, None)
    if lent is None:
        return None
    copy, size = lent
    skipped = {str(g) for g in skip}
    wanted = {g.value for g in _inner(ds).named_graphs()} - skipped
    held = {g.value for g in _inner(copy).named_graphs()}
    return copy if size == len(_inner(ds)) and wanted == held else None


def select_plain(ds: Dataset, text: str, bindings: Mapping) -> PlainRows:
    """Run a SELECT on an Oxigraph-backed ``ds`` straight through pyoxigraph, as plain values
    (:func:`collabgraph.store.oxigraph_rows.plain_rows`, with the prefixes bound on ``ds``).

    Examples
    --------
    >>> from rdflib import URIRef
    >>> ds = open_oxigraph()
    >>> _ = ds.graph(URIRef("urn:g")).add((URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:o")))
    >>> select_plain(ds, "SELECT ?s ?o WHERE { ?s ?p ?o }", {"o": URIRef("urn:o")})
    (['s', 'o'], [('urn:s', 'urn:o')])
    """
    prefixes = {prefix: str(ns) for prefix, ns in ds.namespaces()}
    # Bound values are IRIs, blank nodes or literals: to_ox gives their pyoxigraph twins.
    substitutions = {ox.Variable(k): cast("ox.NamedNode | ox.BlankNode | ox.Literal", to_ox(v)) for k, v in bindings.items()}
    return plain_rows(_inner(ds), prefixes, text, substitutions)


def _ox_term(text: str | None):
    """An N-Triples IRI or blank node as a pyoxigraph term (None stays None: any)."""
    if text is None:
        return None
    return ox.BlankNode(text[2:]) if text.startswith("_:") else ox.NamedNode(text[1:-1])


def _header_prefixes(path: Path) -> list[tuple[str, str]]:
    """The prefixes declared in the opening lines of a Turtle/TriG file (up to its first statement)."""
    found = []
    with open(path, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            match = _PREFIX.match(line)
            if match:
                found.append((match[1], match[2]))
            elif line.strip() and not line.lstrip().startswith("#"):
                break
    return found
