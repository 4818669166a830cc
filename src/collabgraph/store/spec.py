"""Store specifications: the text a user gives with ``--store``, and what it names.

Only parsing: nothing here opens a store (:func:`collabgraph.store.new_dataset` does).
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["STORES", "AUTO_STORE_BYTES", "choose_store", "endpoint_url", "is_remote", "store_path", "is_persistent"]

#: Store specifications understood by :func:`collabgraph.store.new_dataset` (``auto`` by :func:`choose_store`).
STORES = ("auto", "memory", "oxigraph", "oxigraph:PATH", "sparql:URL")

#: ``auto`` picks Oxigraph above this many bytes of input (about 150,000 triples of Turtle).
AUTO_STORE_BYTES = 5 * 2**20


def choose_store(spec: str, paths) -> str:
    """Resolve ``auto``: rdflib's memory store for small inputs, Oxigraph (when installed) for big.

    Measured (``bench/bench_scale.py``): at the curated graph's size the two are within
    milliseconds and rdflib's store needs nothing compiled; from about 10,000 institutions
    Oxigraph loads twice as fast and runs the joins the network needs in Rust.

    Examples
    --------
    >>> choose_store("auto", []), choose_store("oxigraph", [])
    ('memory', 'oxigraph')
    """
    if spec != "auto":
        return spec
    if sum(Path(p).stat().st_size for p in paths) <= AUTO_STORE_BYTES:
        return "memory"
    try:
        import oxrdflib  # noqa: F401
    except ImportError:
        return "memory"
    return "oxigraph"


def endpoint_url(spec: str) -> str | None:
    """The query endpoint of a ``sparql:URL`` spec, or None.

    Examples
    --------
    >>> endpoint_url("sparql:http://localhost:7878/query"), endpoint_url("oxigraph")
    ('http://localhost:7878/query', None)
    """
    scheme, _, rest = spec.partition(":")
    return rest if scheme == "sparql" and rest.startswith(("http://", "https://")) else None


def is_remote(spec: str) -> bool:
    """Whether ``spec`` names a remote SPARQL endpoint (``sparql:URL``).

    Examples
    --------
    >>> is_remote("sparql:https://example.org/sparql"), is_remote("memory")
    (True, False)
    """
    return endpoint_url(spec) is not None


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
    """Whether ``spec`` names a store kept on disk between runs.

    Examples
    --------
    >>> is_persistent("oxigraph:/tmp/kg"), is_persistent("oxigraph")
    (True, False)
    """
    return store_path(spec) is not None
