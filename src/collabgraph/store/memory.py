"""The rdflib backend: rdflib's in-memory store, evaluated by rdflib itself.

Every method here uses rdflib's own API, so it works on any rdflib store; the Oxigraph and remote
backends inherit these as their fallbacks (a copy from Oxigraph into rdflib's memory, writes to a
read-only endpoint, which then raise as rdflib raises).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.plugins.serializers.nt import _quoteLiteral  # N-Triples escapes, as rdflib writes them
from rdflib.query import Result

from collabgraph.files.serializers import TRIG
from collabgraph.store.protocol import PlainRows, bind_prefixes
from collabgraph.store.text import unwrap_graph_variables

__all__ = ["MemoryBackend", "open_memory"]


def open_memory(factory: type[Dataset] = Dataset) -> Dataset:
    """A new dataset in rdflib's memory store, its default graph the union of its named graphs.

    Examples
    --------
    >>> open_memory().default_union
    True
    """
    return bind_prefixes(factory(store="Memory", default_union=True))


class MemoryBackend:
    """rdflib's store and evaluator (see :class:`collabgraph.store.protocol.Backend`).

    Examples
    --------
    >>> from rdflib import URIRef
    >>> store = MemoryBackend(open_memory())
    >>> store.add_literals(URIRef("urn:g"), [("urn:s", "urn:p", "1", "http://www.w3.org/2001/XMLSchema#integer")])
    >>> store.count(URIRef("urn:g")), store.has_triples(URIRef("urn:h"))
    (1, False)
    >>> store.triples_text("<urn:s>")
    [('<urn:s>', '<urn:p>', '"1"^^<http://www.w3.org/2001/XMLSchema#integer>')]
    """

    kind = "memory"

    def __init__(self, ds: Dataset):
        self.ds = ds

    def query(self, prepared, text: str, bindings: Mapping) -> Result:
        # Graph.query, not ds.query: a KnowledgeGraph answers .query() with Rows.
        return Graph.query(self.ds, prepared, initBindings=dict(bindings))

    def select_plain(self, text: str, bindings: Mapping) -> PlainRows | None:
        return None  # rdflib builds its terms anyway

    def update(self, text: str) -> None:
        # rdflib joins GRAPH ?g patterns by looping over the graphs, which is slow: over the union
        # default graph the bare patterns give the same solutions.
        Dataset.update(self.ds, unwrap_graph_variables(text))

    def construct_into(self, query: str, graph) -> int:
        return self.construct_each([(query, graph)])[0]

    def construct_each(self, runs: Sequence[tuple]) -> list[int]:
        # Collected first: a store cannot grow while it is being read.
        found = [list(Dataset.query(self.ds, unwrap_graph_variables(query))) for query, _ in runs]
        for (_, graph), triples in zip(runs, found, strict=True):
            into = self.ds.graph(graph)
            into.addN((s, p, o, into) for s, p, o in triples)  # type: ignore[misc]
        return [self.count(graph) for _, graph in runs]

    def bulk_load(self, path: Path, fmt: str, *, prefixes: bool = True) -> bool:
        return False

    def count(self, graph, predicate=None) -> int:
        if predicate is None:
            return len(self.ds.graph(graph))
        return sum(1 for _ in self.ds.graph(graph).triples((None, predicate, None)))

    def has_triples(self, graph) -> bool:
        triples = self.ds.graph(graph).triples((None, None, None))
        try:
            return next(triples, None) is not None
        finally:
            triples.close()  # an open read on in-memory Oxigraph blocks writers

    def triples_text(
        self, subject: str | None = None, obj: str | None = None, *, skip_graphs: Iterable = ()
    ) -> list[tuple[str, str, str]]:
        skip = skip_graphs if isinstance(skip_graphs, (set, frozenset)) else set(skip_graphs)
        return [
            (_nt(s), _nt(p), _nt(o))
            for s, p, o, g in self.ds.quads((_term(subject), None, _term(obj), None))
            if getattr(g, "identifier", g) not in skip
        ]

    def add_literals(self, graph, rows: Iterable[tuple[str, str, str, str]]) -> None:
        target = self.ds.graph(graph)
        target.addN((URIRef(s), URIRef(p), Literal(value, datatype=URIRef(datatype)), target) for s, p, value, datatype in rows)

    def copy_graphs(self, target: Dataset, pairs: Iterable[tuple] | None = None) -> None:
        if pairs is None:
            pairs = [(g.identifier, g.identifier) for g in self.ds.graphs()]
        for graph, into in pairs:
            to = target.graph(into)
            to.addN((s, p, o, to) for s, p, o in self.ds.graph(graph))

    def copy_predicates(self, target: Dataset, predicates: Iterable) -> None:
        for p in predicates:
            target.addN(
                (s, p_, o, target.graph(getattr(g, "identifier", g))) for s, p_, o, g in self.ds.quads((None, p, None, None))
            )

    def clear(self) -> None:
        for g in list(self.ds.graphs()):
            self.ds.remove_graph(g)

    def clear_graph(self, graph) -> None:
        self.ds.graph(graph).remove((None, None, None))

    def dump_trig(self) -> str:
        return self.ds.serialize(format=TRIG)  # keeps every literal's lexical form

    def write_trig(self, stream: BinaryIO) -> None:
        stream.write(self.dump_trig().encode("utf-8"))

    def in_memory(self, *, skip: Iterable = ()) -> Dataset:
        return self.ds

    def scratch(self) -> Dataset:
        return open_memory()

    def settle(self) -> None:
        return None


def _term(text: str | None):
    """An N-Triples IRI or blank node as an rdflib term (None stays None: any)."""
    if text is None:
        return None
    return BNode(text[2:]) if text.startswith("_:") else URIRef(text[1:-1])


def _nt(term) -> str:
    return _quoteLiteral(term) if isinstance(term, Literal) else term.n3()
