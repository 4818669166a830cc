"""Load the dataset into an existing SPARQL server over the SPARQL 1.1 Graph Store Protocol.

For graphs that outgrow one machine, collabgraph does not run a server of its own: it fills a real
one (Oxigraph server, Virtuoso, any store speaking the Graph Store HTTP Protocol) and every read
command then queries it with ``--store sparql:URL``. Each named graph is replaced as a whole
(``PUT`` of its first chunk, ``POST`` of the rest), so pushing twice leaves the same content.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from rdflib import BNode, Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.query import ResultRow

from collabgraph.errors import CollabgraphError
from collabgraph.loading.load import load
from collabgraph.namespaces import GRAPH
from collabgraph.store import RemoteStore, endpoint_url

__all__ = ["PushResult", "push", "graph_store_url"]

#: Authority of the skolem IRIs that replace blank nodes on the server.
SKOLEM_AUTHORITY = "https://w3id.org/collabgraph"

#: Query endpoint suffix → Graph Store Protocol endpoint, for servers whose layout is known.
_KNOWN_LAYOUTS = {
    "/query": "/store",  # Oxigraph server
    "/sparql": "/sparql-graph-crud",
}  # Virtuoso (…-auth with a password)


@dataclass
class PushResult:
    """What :func:`push` sent: triples per named graph, graphs dropped, requests, seconds."""

    graph_store: str
    triples: dict[str, int] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)
    requests: int = 0
    seconds: float = 0.0

    @property
    def total(self) -> int:
        """All triples sent."""
        return sum(self.triples.values())


def graph_store_url(query_url: str) -> str:
    """The Graph Store Protocol endpoint beside a query endpoint whose server layout is known.

    Examples
    --------
    >>> graph_store_url("http://localhost:7878/query")
    'http://localhost:7878/store'
    >>> graph_store_url("http://localhost:8890/sparql")
    'http://localhost:8890/sparql-graph-crud'
    >>> graph_store_url("http://example.org/endpoint")
    Traceback (most recent call last):
    ...
    collabgraph.errors.CollabgraphError: cannot tell the graph store endpoint of ...; give it with --graph-store URL
    """
    for query_suffix, store_suffix in _KNOWN_LAYOUTS.items():
        if query_url.rstrip("/").endswith(query_suffix):
            return query_url.rstrip("/")[: -len(query_suffix)] + store_suffix
    raise CollabgraphError(f"cannot tell the graph store endpoint of {query_url}; give it with --graph-store URL")


def _skolem(term):
    return term.skolemize(authority=SKOLEM_AUTHORITY) if isinstance(term, BNode) else term


def _chunks(graph: Graph, size: int) -> Iterator[bytes]:
    """N-Triples bodies of at most ``size`` triples, blank nodes skolemised.

    Each request is its own document, so a blank node sent in two requests (an annotation in a
    source graph, the triple the reasoner added about it in the inferred graph) would become two
    nodes on the server; skolem IRIs (``…/.well-known/genid/…``) keep them one.
    """
    batch = Graph()
    for s, p, o in graph:
        batch.add((_skolem(s), p, _skolem(o)))
        if len(batch) >= size:
            yield batch.serialize(format="nt", encoding="utf-8")
            batch = Graph()
    if len(batch):
        yield batch.serialize(format="nt", encoding="utf-8")


def _remote_graphs(store: str) -> set[str]:
    remote = Dataset(store=RemoteStore(endpoint_url(store), returnFormat="json"), default_union=True)
    try:
        rows = remote.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        # rdflib types a result's items as triples, booleans or rows; a SELECT result's are rows.
        return {str(cast(ResultRow, row)[0]) for row in rows}
    except Exception as exc:  # rdflib re-raises a refused connection as a ValueError
        raise CollabgraphError(f"cannot list the graphs of {endpoint_url(store)}: {exc.__context__ or exc}") from None


def push(
    store: str,
    *,
    graph_store: str | None = None,
    dataset: Dataset | None = None,
    sources: str = "all",
    data: Sequence[Path | str] = (),
    reason: bool = True,
    auth: tuple[str, str] | None = None,
    chunk: int = 100_000,
    timeout: float = 300.0,
) -> PushResult:
    """Replace the server's copies of every named graph with the local ones.

    collabgraph's graphs on the server that the local dataset no longer has (a source set
    narrowed to ``seeds``, a user file removed) are dropped; graphs outside collabgraph's
    ``https://w3id.org/collabgraph/graph/`` space are never touched.

    Parameters
    ----------
    store : str
        ``sparql:URL`` of the server's query endpoint (what read commands will use).
    graph_store : str, optional
        Its Graph Store Protocol endpoint; guessed for Oxigraph (``/query`` → ``/store``) and
        Virtuoso (``/sparql`` → ``/sparql-graph-crud``).
    dataset : Dataset, optional
        What to push; by default :func:`collabgraph.loading.load.load` with ``sources``, ``data`` and
        ``reason`` (the inferred graph is pushed too, so the server needs no reasoner).
    auth : (user, password), optional
        HTTP digest credentials (Virtuoso's ``/sparql-graph-crud-auth``).
    chunk : int
        Triples per request, bounding memory on both sides.

    Raises
    ------
    CollabgraphError
        Not a ``sparql:URL`` store, the server unreachable, or a request refused (with its status).

    Examples
    --------
    >>> push("memory")
    Traceback (most recent call last):
    ...
    collabgraph.errors.CollabgraphError: push needs a remote store, sparql:URL (got 'memory')
    """
    import httpx

    endpoint = endpoint_url(store)
    if endpoint is None:  # not is_remote(store)
        raise CollabgraphError(f"push needs a remote store, sparql:URL (got {store!r})")
    target = graph_store or graph_store_url(endpoint)
    ds = dataset if dataset is not None else load(sources=sources, data=data, reason=reason)
    result = PushResult(graph_store=target)
    started = time.perf_counter()
    credentials = httpx.DigestAuth(*auth) if auth else None
    with httpx.Client(timeout=timeout, auth=credentials) as client:
        for graph in ds.graphs():
            if graph.identifier == DATASET_DEFAULT_GRAPH_ID or not len(graph):
                continue
            iri = str(graph.identifier)
            for i, body in enumerate(_chunks(graph, chunk)):
                method = "PUT" if i == 0 else "POST"
                try:
                    response = client.request(
                        method, target, params={"graph": iri}, content=body, headers={"Content-Type": "application/n-triples"}
                    )
                except httpx.HTTPError as exc:
                    raise CollabgraphError(f"cannot reach the graph store {target}: {exc}") from None
                result.requests += 1
                if response.status_code >= 400:
                    raise CollabgraphError(
                        f"{target} refused graph {iri} ({method} {response.status_code}): {response.text.strip()[:200]}"
                    )
            result.triples[iri] = len(graph)
        for iri in _remote_graphs(store) - set(result.triples):
            if iri.startswith(str(GRAPH)):
                try:
                    response = client.delete(target, params={"graph": iri})
                except httpx.HTTPError as exc:
                    raise CollabgraphError(f"cannot reach the graph store {target}: {exc}") from None
                result.requests += 1
                if response.status_code >= 400 and response.status_code != 404:
                    raise CollabgraphError(f"{target} refused to drop graph {iri} (DELETE {response.status_code})")
                result.dropped.append(iri)
    result.seconds = time.perf_counter() - started
    return result
