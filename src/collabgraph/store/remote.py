"""The remote backend: a SPARQL 1.1 query endpoint (Oxigraph server, Virtuoso, …), read-only.

Reached through rdflib's ``SPARQLStore``; :func:`collabgraph.export.push.push` fills it. Queries go to
the server as text, with bound variables spelled out in it; everything else is rdflib's API over
``SPARQLStore`` (inherited from :class:`~collabgraph.store.memory.MemoryBackend`), so reads work
and writes raise. The endpoint's default graph must be the union of its named graphs
(``oxigraph serve --union-default-graph``; Virtuoso's default), which :func:`open_remote` checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.error import URLError

from rdflib import Dataset, Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rdflib.query import Result

from collabgraph.errors import CollabgraphError
from collabgraph.store.memory import MemoryBackend
from collabgraph.store.protocol import bind_prefixes
from collabgraph.store.text import declare_prefixes, inject_values

__all__ = ["RemoteStore", "RemoteBackend", "open_remote"]


class RemoteStore(SPARQLStore):
    """rdflib's read-only ``SPARQLStore`` whose named graphs already exist on the server.

    ``Dataset.graph(iri)`` registers a graph with its store; on a server the graph is simply there,
    so that is not a write. Adding triples still raises, as the endpoint is read-only.
    """

    def add_graph(self, graph) -> None:  # noqa: D102  (the server holds its graphs)
        return None

    def query(self, query, initNs=None, initBindings=None, queryGraph=None, DEBUG=False):  # noqa: N803
        """Send ``query`` with ``initBindings`` as a ``VALUES`` block opening its WHERE clause.

        rdflib's ``SPARQLStore`` appends the block after the whole query, where it joins only after
        filters and aggregates ran; a local rdflib evaluation binds the variables up front.
        Opening the top-level group with the block gives the server the same semantics.
        """
        if initBindings:
            query = inject_values(query, initBindings, self.node_to_sparql)
        return super().query(query, initNs, None, queryGraph, DEBUG)


class RemoteBackend(MemoryBackend):
    """A SPARQL endpoint (see :class:`collabgraph.store.protocol.Backend`): queries as text."""

    kind = "remote"

    def query(self, prepared, text: str, bindings: Mapping) -> Result:
        # A VALUES block opening the WHERE clause binds them before filters, as rdflib does.
        text = declare_prefixes(text)
        return Graph.query(self.ds, inject_values(text, bindings) if bindings else text)


def open_remote(url: str, factory: type[Dataset] = Dataset) -> Dataset:
    """A dataset on the SPARQL endpoint ``url``, checked to answer with a union default graph.

    Raises
    ------
    CollabgraphError
        The endpoint cannot be reached, does not answer as SPARQL 1.1, or its default graph is
        empty while its named graphs are not.
    """
    ds = factory(store=RemoteStore(url, returnFormat="json"), default_union=True)
    _check_endpoint(ds, url)
    return bind_prefixes(ds)


def _check_endpoint(ds: Dataset, url: str) -> None:
    """Refuse an endpoint that cannot be reached, or whose default graph hides its named graphs."""
    try:
        anything = ds.query("ASK { ?s ?p ?o }").askAnswer
        named = ds.query("ASK { GRAPH ?g { ?s ?p ?o } }").askAnswer
    except Exception as exc:
        # rdflib's connector re-raises a refused connection as a ValueError; the cause stays attached.
        cause = exc if isinstance(exc, (URLError, OSError)) else exc.__context__
        if isinstance(cause, (URLError, OSError)):
            reason = getattr(cause, "reason", cause)
            raise CollabgraphError(f"cannot reach the SPARQL endpoint {url}: {reason}") from None
        raise CollabgraphError(f"{url} does not answer as a SPARQL 1.1 endpoint: {exc}") from None
    if named and not anything:
        raise CollabgraphError(
            f"the default graph of {url} is empty while its named graphs are not: collabgraph needs "
            "the default graph to be their union (oxigraph serve --union-default-graph; Virtuoso "
            "does this by default)"
        )
