"""The one seam between collabgraph and a triple store.

Everything else works on the :class:`rdflib.Dataset` API (named graphs, ``query``) and, where a
store can do better than rdflib's generic path, asks the dataset's backend: ``backend(ds)``, an
object with the methods of :class:`~collabgraph.store.protocol.Backend` (query, bulk load,
count, copy, dump …). Only this package knows which store sits behind a dataset:

- ``memory``: rdflib's in-memory store (small graphs, tests): :mod:`.memory`;
- ``oxigraph``: Oxigraph in memory, through oxrdflib (SPARQL evaluated in Rust): :mod:`.oxigraph`;
- ``oxigraph:PATH``: Oxigraph persisted in the directory PATH; a second load of unchanged files
  reopens it without parsing or reasoning again: :mod:`.oxigraph` too;
- ``sparql:URL``: a remote SPARQL 1.1 query endpoint (Oxigraph server, Virtuoso, …), read-only,
  through rdflib's ``SPARQLStore``; fill it with :func:`collabgraph.export.push.push`. Its default graph
  must be the union of its named graphs (``oxigraph serve --union-default-graph``; Virtuoso's
  default), which :func:`new_dataset` checks: :mod:`.remote`.

The other modules: :mod:`.protocol` (the ``Backend`` protocol), :mod:`.spec` (parsing the specs
above, ``auto`` included), :mod:`.text` (SPARQL text rewriting for stores sent text),
:mod:`.dispatch` (:func:`new_dataset`, :func:`backend` and one public function per method).

Examples
--------
>>> from rdflib import URIRef
>>> from collabgraph.store import backend, count_triples, new_dataset
>>> ds = new_dataset("memory")
>>> _ = ds.graph(URIRef("urn:g")).add((URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:o")))
>>> store = backend(ds)
>>> store.kind, store.count(URIRef("urn:g")), count_triples(ds, URIRef("urn:g"))
('memory', 1, 1)
"""

from typing import TYPE_CHECKING

import lazy_loader

# Names load on first use (PEP 562): the command line asks `spec` whether a store is remote before
# anything needs rdflib, and importing this package must not import rdflib for that.
_LAZY = {
    "native": ("as_dataset", "is_oxigraph", "native_oxigraph"),
    "dispatch": (
        "add_literals",
        "backend",
        "bulk_load",
        "clear",
        "clear_graph",
        "construct_into",
        "copy_graphs",
        "copy_predicates",
        "count_triples",
        "dump_trig",
        "has_triples",
        "lend_memory_copy",
        "local_copy",
        "memory_copy",
        "new_dataset",
        "run_update",
        "select_plain",
        "settle",
        "triples_text",
        "write_trig",
    ),
    "protocol": (
        "Backend",
        "PlainRows",
    ),
    "remote": ("RemoteStore",),
    "spec": (
        "AUTO_STORE_BYTES",
        "STORES",
        "choose_store",
        "endpoint_url",
        "is_persistent",
        "is_remote",
        "store_path",
    ),
    "text": (
        "declare_prefixes",
        "inject_values",
        "unwrap_graph_variables",
    ),
}
__getattr__, __dir__, _ = lazy_loader.attach(__name__, submod_attrs={k: list(v) for k, v in _LAZY.items()})

if TYPE_CHECKING:
    from collabgraph.store.dispatch import (
        add_literals,
        backend,
        bulk_load,
        clear,
        clear_graph,
        construct_into,
        copy_graphs,
        copy_predicates,
        count_triples,
        dump_trig,
        has_triples,
        lend_memory_copy,
        local_copy,
        memory_copy,
        new_dataset,
        run_update,
        select_plain,
        settle,
        triples_text,
        write_trig,
    )
    from collabgraph.store.native import as_dataset, is_oxigraph, native_oxigraph
    from collabgraph.store.protocol import Backend, PlainRows
    from collabgraph.store.remote import RemoteStore
    from collabgraph.store.spec import AUTO_STORE_BYTES, STORES, choose_store, endpoint_url, is_persistent, is_remote, store_path
    from collabgraph.store.text import declare_prefixes, inject_values, unwrap_graph_variables


__all__ = [
    "as_dataset",
    "native_oxigraph",
    "new_dataset",
    "backend",
    "Backend",
    "PlainRows",
    "STORES",
    "store_path",
    "is_persistent",
    "is_remote",
    "endpoint_url",
    "RemoteStore",
    "inject_values",
    "declare_prefixes",
    "local_copy",
    "run_update",
    "unwrap_graph_variables",
    "count_triples",
    "is_oxigraph",
    "choose_store",
    "AUTO_STORE_BYTES",
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
    "write_trig",
]
