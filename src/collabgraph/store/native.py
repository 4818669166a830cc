"""What sits behind a dataset: the rdflib dataset of a KnowledgeGraph (:func:`as_dataset`),
whether it is on Oxigraph (:func:`is_oxigraph`), and Oxigraph's own store for engines that speak to
it directly (:func:`native_oxigraph`)."""

from __future__ import annotations

from rdflib import Graph

__all__ = ["as_dataset", "is_oxigraph", "native_oxigraph", "memory_copy"]


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


def memory_copy(store, skipped=()):
    """An in-memory copy of a pyoxigraph ``store`` without the ``skipped`` graphs.

    Queried as the union of all its graphs, it answers what ``store`` answers for the union of
    the graphs kept, and much faster: Oxigraph evaluates a union given as a list of graphs several
    times slower than its own union of all graphs, and an on-disk store slower than one in memory
    (the SHACL checks at 10,000 institutions: 35 s on the on-disk store with a list, 1.0 s on the
    copy). Quads are copied as they are, not through a parser (which renames blank nodes), so a
    blank node of the copy is the same node in ``store``.

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.BlankNode("b1"), ox.NamedNode("urn:g1")))
    >>> store.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("x"), ox.NamedNode("urn:g2")))
    >>> copy = memory_copy(store, [ox.NamedNode("urn:g2")])
    >>> [str(q.object) for q in copy], [str(g) for g in copy.named_graphs()]
    (['_:b1'], ['<urn:g1>'])
    """
    import pyoxigraph as ox

    copy = ox.Store()
    for graph in [ox.DefaultGraph(), *store.named_graphs()]:
        if graph not in skipped:
            copy.bulk_extend(store.quads_for_pattern(None, None, None, graph))
    return copy
