"""The one seam between collabgraph and a triple store.

Everything else works on the :class:`rdflib.Dataset` API (named graphs, ``query``); only this module
knows which store sits behind it. Today that is rdflib's in-memory store; an embedded Oxigraph store
and remote SPARQL servers plug in here by adding a ``spec`` scheme.
"""

from __future__ import annotations

from rdflib import Dataset

from .errors import CollabgraphError
from .namespaces import PREFIXES

__all__ = ["new_dataset", "STORES"]

#: Store specifications understood by :func:`new_dataset`.
STORES = ("memory",)


def new_dataset(spec: str = "memory", *, factory: type[Dataset] = Dataset) -> Dataset:
    """Open an empty dataset on the store named by ``spec``.

    The dataset's default graph is the union of its named graphs, so queries without ``GRAPH``
    see everything loaded. ``factory`` is the Dataset class to build (a subclass such as
    :class:`collabgraph.api.KnowledgeGraph`).

    Examples
    --------
    >>> ds = new_dataset("memory")
    >>> ds.default_union
    True
    """
    scheme = spec.split(":", 1)[0]
    if scheme != "memory":
        raise CollabgraphError(f"unknown store {spec!r}; choose one of: {', '.join(STORES)}")
    ds = factory(store="Memory", default_union=True)
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, replace=True)
    return ds
