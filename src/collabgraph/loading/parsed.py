"""The parsed and reasoned dataset of a small load, kept in the cache so the next command on the
same files opens it instead of parsing them again.

A command on the curated graph spent about a quarter of a second parsing Turtle and reading
owlrl's cached inferences before it could answer (a warm ``collabgraph partners`` took 0.9 s in
all); rdflib's memory store unpickles in a tenth of that. Only rdflib's memory store is kept, and
only up to :data:`PARSED_LIMIT` triples: a big input goes to a persistent Oxigraph store, which
is reopened without parsing anyway (:mod:`collabgraph.loading.stores`).

The entry is a pickle: the one format rdflib's memory store reads back this fast. It is read
only from collabgraph's own cache directory (``parsed/`` in :mod:`collabgraph.cache`), which
holds what this user's own runs wrote (unpickling runs code: a ``COLLABGRAPH_CACHE`` shared
with others must be trusted as the code is). Its key covers the input files' names and bytes and
the graph each goes into, the options that change the result (reasoning and which reasoner, the
user-data checks), the installed versions of the libraries that parse and reason, and the source
of the modules and queries that load, check and reason, so a change to any of them computes
another key. A result that depends on the machine's speed (the rules after owlrl's time limit)
is not kept. An entry that cannot be read is ignored and loaded the slow way.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable

from rdflib import Dataset
from rdflib.namespace import NamespaceManager

from collabgraph.cache import PARSED_CACHE
from collabgraph.files.atomic import atomic_write_bytes
from collabgraph.store import backend

__all__ = ["parsed", "PARSED_LIMIT"]

#: The biggest dataset (in triples, inferred ones included) kept in the cache.
PARSED_LIMIT = 300_000


def parsed(parts: list[str], factory: type[Dataset], fill: Callable[[], tuple[Dataset, bool]]) -> Dataset:
    """The dataset ``fill()`` makes, from the cache when an earlier call with the same ``parts``
    kept it.

    Parameters
    ----------
    parts : list of str
        What the result depends on beyond the code and libraries (the inputs' content key, the
        options).
    factory : type
        The Dataset class to return.
    fill : callable
        Makes the dataset when the cache has none, and says whether it may be kept (False: a
        result that another run could give otherwise); its errors propagate, nothing kept then.

    Examples
    --------
    >>> import os, tempfile
    >>> from unittest import mock
    >>> from collabgraph.store import new_dataset
    >>> def fill():
    ...     ds = new_dataset("memory")
    ...     ds.graph("urn:g").parse(data="<urn:s> <urn:p> <urn:o> .", format="nt")
    ...     return ds, True
    >>> with mock.patch.dict(os.environ, {"COLLABGRAPH_CACHE": tempfile.mkdtemp()}):
    ...     first = parsed(["example"], Dataset, fill)
    ...     second = parsed(["example"], Dataset, lambda: 1 / 0)  # from the cache, fill not called
    >>> len(second), second is first, second.default_union
    (1, False, True)
    """
    path = PARSED_CACHE.entry(PARSED_CACHE.key(parts), ".pickle")
    try:
        with open(path, "rb") as fh:
            store = pickle.load(fh)
    except Exception:  # noqa: S110 - no entry yet, or a damaged one: load the slow way
        pass
    else:
        PARSED_CACHE.used(path)
        ds = factory(store=store, default_union=True)
        # The prefixes as they were kept: a new namespace manager would bind rdflib's defaults
        # over them (dcterms: for collabgraph's dct:, say).
        ds.namespace_manager = NamespaceManager(ds, bind_namespaces="none")
        return ds
    ds, keep = fill()
    if keep and backend(ds).kind == "memory" and len(ds.store) <= PARSED_LIMIT:
        try:
            atomic_write_bytes(path, pickle.dumps(ds.store, protocol=pickle.HIGHEST_PROTOCOL))
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            return ds  # a read-only cache, or a store that cannot be kept: the same answers, later
        PARSED_CACHE.prune(spare=path)
    return ds
