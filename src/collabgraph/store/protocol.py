"""What the rest of collabgraph may ask of a triple store: the :class:`Backend` protocol.

Every dataset collabgraph opens is an :class:`rdflib.Dataset`, and most code only uses rdflib's
API on it. Where a store can do better than rdflib's generic path (Oxigraph evaluates SPARQL and
moves triples in Rust; a remote endpoint must be sent text), the code asks the dataset's backend,
``collabgraph.store.backend(ds)``, one object per dataset, with the methods below. Each backend
module (``memory``, ``oxigraph``, ``remote``) implements all of them; private attributes of a store
(oxrdflib's ``_inner``) and private helpers of a library never leave the backend's module.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import BinaryIO, Protocol, runtime_checkable

from rdflib import Dataset
from rdflib.query import Result

from collabgraph.namespaces import PREFIXES

__all__ = ["Backend", "PlainRows", "bind_prefixes"]

#: A SELECT's variable names and its rows, each value plain (IRIs and dates as strings, numbers as
#: numbers), as :func:`collabgraph.sparql.query.to_python` makes them.
PlainRows = tuple[list[str], list[tuple]]


@runtime_checkable
class Backend(Protocol):
    """A dataset's store, as the rest of collabgraph sees it (``backend(ds)``).

    ``graph`` arguments are the IRIs of named graphs; ``target`` is another dataset. Methods that
    take a second dataset use a fast path when both sit on the same kind of store and rdflib's
    API otherwise.
    """

    #: ``"memory"`` (rdflib evaluates), ``"oxigraph"`` or ``"remote"``.
    kind: str
    #: The dataset served (for :meth:`bulk_load`, one of its graphs: the one to fill).
    ds: Dataset

    def query(self, prepared, text: str, bindings: Mapping) -> Result:
        """Evaluate a checked query, given both parsed (``prepared``) and as ``text``, with
        ``bindings`` applied before its filters and aggregates, as rdflib applies them."""
        ...

    def select_plain(self, text: str, bindings: Mapping) -> PlainRows | None:
        """A SELECT's rows as plain values straight from the store, or None where the store has
        no such path (run :meth:`query` instead). Every bound variable must be projected."""
        ...

    def update(self, text: str) -> None:
        """Run SPARQL Update whose patterns name their graphs (``GRAPH ?g { … }``)."""
        ...

    def construct_into(self, query: str, graph) -> int:
        """Add the triples of a CONSTRUCT to the named graph ``graph``; return its size after."""
        ...

    def construct_each(self, runs: Sequence[tuple]) -> list[int]:
        """:meth:`construct_into` for each ``(query, graph)`` of ``runs``, every query reading the
        store as it was before any of them added a triple (so they may run side by side); return
        each graph's size after."""
        ...

    def bulk_load(self, path: Path, fmt: str, *, prefixes: bool = True) -> bool:
        """Load an RDF file into ``ds`` with the store's own loader; False if it has none for
        ``fmt`` (then parse with rdflib). ``prefixes``: bind the prefixes the file declares on
        ``ds`` (False leaves ``ds``'s Python objects untouched, for a loader in another thread)."""
        ...

    def count(self, graph, predicate=None) -> int:
        """The number of triples in the named graph, or of those with ``predicate``."""
        ...

    def has_triples(self, graph) -> bool:
        """Whether the named graph holds a triple (one probe, not a count)."""
        ...

    def triples_text(
        self, subject: str | None = None, obj: str | None = None, *, skip_graphs: Iterable = ()
    ) -> list[tuple[str, str, str]]:
        """Triples with the given subject or object, terms in N-Triples syntax."""
        ...

    def add_literals(self, graph, rows: Iterable[tuple[str, str, str, str]]) -> None:
        """Add ``(subject IRI, predicate IRI, lexical form, datatype IRI)`` rows, one transaction."""
        ...

    def copy_graphs(self, target: Dataset, pairs: Iterable[tuple] | None = None) -> None:
        """Add each named graph ``graph`` of the ``(graph, into)`` pairs to ``target``'s named
        graph ``into``, blank nodes kept as they are; None: every graph as it is."""
        ...

    def copy_predicates(self, target: Dataset, predicates: Iterable) -> None:
        """Add to ``target`` every quad whose predicate is one of ``predicates``."""
        ...

    def clear(self) -> None:
        """Remove every quad."""
        ...

    def clear_graph(self, graph) -> None:
        """Empty the named graph ``graph``."""
        ...

    def dump_trig(self) -> str:
        """The whole dataset as TriG, every literal's lexical form kept."""
        ...

    def write_trig(self, stream: BinaryIO) -> None:
        """:meth:`dump_trig` written to a binary ``stream`` (UTF-8), streamed where the store can."""
        ...

    def in_memory(self, *, skip: Iterable = ()) -> Dataset:
        """The dataset in memory, for millions of point lookups: itself if it is there already,
        else a copy of its named graphs but those in ``skip``."""
        ...

    def scratch(self) -> Dataset:
        """A new, empty dataset in memory on the same kind of store (copies to it are fast)."""
        ...

    def settle(self) -> None:
        """Flush and compact after loading, so that reopening a persistent store is instant."""
        ...


def bind_prefixes(ds: Dataset) -> Dataset:
    """Bind collabgraph's prefixes on a dataset a backend has just opened, and return it.

    Examples
    --------
    >>> dict(bind_prefixes(Dataset()).namespaces())["cg"]
    rdflib.term.URIRef('https://w3id.org/collabgraph/ontology#')
    """
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, replace=True)
    return ds
