"""The one seam between collabgraph and a triple store.

Everything else works on the :class:`rdflib.Dataset` API (named graphs, ``query``); only this module
knows which store sits behind it:

- ``memory``: rdflib's in-memory store (small graphs, tests);
- ``oxigraph``: Oxigraph in memory, through oxrdflib (SPARQL evaluated in Rust);
- ``oxigraph:PATH``: Oxigraph persisted in the directory PATH; a second load of unchanged files
  reopens it without parsing or reasoning again.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset

from .errors import CollabgraphError
from .namespaces import PREFIXES

__all__ = ["new_dataset", "STORES", "store_path", "is_persistent"]

#: Store specifications understood by :func:`new_dataset`.
STORES = ("memory", "oxigraph", "oxigraph:PATH")


def store_path(spec: str) -> Path | None:
    """The directory of a persistent store spec, or None.

    Examples
    --------
    >>> store_path("oxigraph:/tmp/kg"), store_path("memory")
    (PosixPath('/tmp/kg'), None)
    """
    scheme, _, rest = spec.partition(":")
    return Path(rest) if scheme == "oxigraph" and rest else None


def is_persistent(spec: str) -> bool:
    """Whether ``spec`` names a store kept on disk between runs."""
    return store_path(spec) is not None


def new_dataset(spec: str = "memory", *, factory: type[Dataset] = Dataset) -> Dataset:
    """Open a dataset on the store named by ``spec`` (see :data:`STORES`).

    The dataset's default graph is the union of its named graphs, so queries without ``GRAPH``
    see everything loaded. ``factory`` is the Dataset class to build (a subclass such as
    :class:`collabgraph.api.KnowledgeGraph`). A persistent store is opened (created if needed)
    with whatever it already holds.

    Raises
    ------
    CollabgraphError
        An unknown store, or Oxigraph asked for without oxrdflib installed.

    Examples
    --------
    >>> ds = new_dataset("memory")
    >>> ds.default_union
    True
    >>> new_dataset("postgres")
    Traceback (most recent call last):
    ...
    collabgraph.errors.CollabgraphError: unknown store 'postgres'; choose one of: memory, oxigraph, oxigraph:PATH
    """
    scheme = spec.split(":", 1)[0]
    if scheme == "memory" and spec == "memory":
        ds = factory(store="Memory", default_union=True)
    elif scheme == "oxigraph":
        try:
            import oxrdflib  # noqa: F401  (registers the "Oxigraph" rdflib store plugin)
        except ImportError:
            raise CollabgraphError("the oxigraph store needs oxrdflib: "
                                   "pip install 'collabgraph[fast]'") from None
        ds = factory(store="Oxigraph", default_union=True)
        path = store_path(spec)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            ds.open(str(path), create=not path.exists())
    else:
        raise CollabgraphError(f"unknown store {spec!r}; choose one of: {', '.join(STORES)}")
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, replace=True)
    return ds
