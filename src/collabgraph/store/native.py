"""What sits behind a dataset: the rdflib dataset of a KnowledgeGraph (:func:`as_dataset`),
whether it is on Oxigraph (:func:`is_oxigraph`), and Oxigraph's own store for engines that speak to
it directly (:func:`native_oxigraph`)."""

from __future__ import annotations

from rdflib import Graph

__all__ = ["as_dataset", "is_oxigraph", "native_oxigraph"]


def is_oxigraph(graph: Graph) -> bool:
    """Whether ``graph`` (a Dataset or one of its graphs) sits on an Oxigraph store, which
    evaluates SPARQL text itself, in Rust.

    Examples
    --------
    >>> from collabgraph.store import new_dataset
    >>> is_oxigraph(new_dataset("memory"))
    False
    """
    return type(graph.store).__module__.startswith("oxrdflib")


def native_oxigraph(ds: Graph):
    """The pyoxigraph ``Store`` behind ``ds`` when it sits on Oxigraph, else None: for engines
    that speak to Oxigraph themselves (the SHACL checks compiled to SPARQL).

    Examples
    --------
    >>> from collabgraph.store import new_dataset
    >>> native_oxigraph(new_dataset("memory")) is None, type(native_oxigraph(new_dataset("oxigraph"))).__name__
    (True, 'Store')
    """
    if not is_oxigraph(as_dataset(ds)):
        return None
    from collabgraph.store.oxigraph import native

    return native(as_dataset(ds))


def as_dataset(data):
    """The rdflib dataset behind ``data``: a :class:`~collabgraph.api.KnowledgeGraph`'s
    ``.dataset``, or ``data`` itself (a Dataset or a Graph).

    Every plain function that takes a dataset accepts a KnowledgeGraph through this one rule.

    Examples
    --------
    >>> from collabgraph.store import new_dataset
    >>> ds = new_dataset("memory")
    >>> class Holder:
    ...     dataset = ds
    >>> as_dataset(Holder()) is ds, as_dataset(ds) is ds
    (True, True)
    """
    return getattr(data, "dataset", data)
