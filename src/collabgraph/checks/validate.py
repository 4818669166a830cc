"""SHACL validation with pyshacl, reported as typed, one-line violations."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Dataset, Graph, Literal, URIRef

from collabgraph.checks.chunks import validate_in_chunks
from collabgraph.checks.report import ValidationReport, Violation, data_graph, pyshacl_violations, short, violation_order
from collabgraph.namespaces import DERIVED_GRAPHS
from collabgraph.resources import ontology_dir
from collabgraph.store import as_dataset, count_triples
from collabgraph.store.parse import parse_file

__all__ = ["Violation", "ValidationReport", "validate", "shapes_graph", "CHUNKED_ABOVE", "CHUNK"]


def shapes_graph() -> Graph:
    """The shapes in ``ontology/shapes.ttl``."""
    return parse_file(ontology_dir() / "shapes.ttl")


def validate(
    ds: Dataset | Graph,
    *,
    shapes: Graph | None = None,
    chunk: int | None = None,
    jobs: int | None = None,
    cache: bool = True,
    focus_graphs: Iterable[URIRef] | None = None,
) -> ValidationReport:
    """Validate asserted data against the collabgraph shapes.

    The asserted named graphs of ``ds`` (all but the computed ``cgg:inferred`` and
    ``cgg:metrics``) are merged into one data graph, so class hierarchy and facts from several
    files are seen together. A dataset of more
    than :data:`CHUNKED_ABOVE` asserted triples is validated in chunks instead (see ``chunk``):
    the same violations, in bounded memory, on ``jobs`` processes.

    Parameters
    ----------
    ds : Dataset or Graph
        What to validate (a loaded dataset, or one graph that includes the ontology).
    shapes : Graph, optional
        Shapes to use instead of ``ontology/shapes.ttl``.
    chunk : int, optional
        Validate ``chunk`` subjects at a time: each with its blank nodes (the quotes), the
        triples of every IRI it points to, and the schema; a violation counts in the chunk that
        holds its focus node whole. Default: whole below :data:`CHUNKED_ABOVE` triples, else
        :data:`CHUNK`.
    jobs : int, optional
        Processes validating chunks side by side (default: the CPU count, at most 4).
    cache : bool
        In chunks, keep each chunk's result in the cache directory (``$COLLABGRAPH_CACHE``, else
        ``~/.cache/collabgraph``; ``validation/`` in :mod:`collabgraph.cache`), keyed by the
        chunk's exact text, the shapes and the versions:
        validating again after a change runs pyshacl only on the chunks that changed (chunks
        are cut graph by graph, so adding a file leaves the others' chunks as they were).
    focus_graphs : named-graph IRIs, optional
        Report only violations whose focus node occurs (as subject or object) in these graphs: a
        user's files judged in the context of the whole graph, without the curated data's own
        findings. In chunks, violations are matched by the node's name (a blank node by the fact
        it quotes).

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> report = validate(load(sources="seeds", reason=False))
    >>> report.conforms, report.violations
    (True, [])
    >>> validate(load(sources="seeds", reason=False), chunk=100, jobs=1).conforms
    True
    """
    ds = as_dataset(ds)
    shapes = shapes if shapes is not None else shapes_graph()
    if isinstance(ds, Dataset):
        if chunk is None and _asserted_size(ds) > CHUNKED_ABOVE:
            chunk = CHUNK
        if chunk is not None:
            report = validate_in_chunks(ds, shapes, chunk, jobs, cache)
            if focus_graphs is not None:
                named = data_graph(ds)
                names = {short(named, n) for n in _focus_nodes(ds, focus_graphs) if isinstance(n, URIRef)}
                report.violations = [
                    v
                    for v in report.violations
                    if v.node in names or (v.node.startswith("quote of ") and v.node[len("quote of ") :] in names)
                ]
                report.conforms = not report.violations
            return report
    data = data_graph(ds)
    if isinstance(ds, Dataset):
        for g in ds.graphs():
            if g.identifier not in DERIVED_GRAPHS:
                for t in g:
                    data.add(t)
    else:
        for t in ds:
            data.add(t)
    focus = None if focus_graphs is None else _focus_nodes(ds, focus_graphs)
    violations = pyshacl_violations(data, shapes, keep=None if focus is None else focus.__contains__)
    return ValidationReport(conforms=not violations, violations=sorted(violations, key=violation_order))


def _focus_nodes(ds, graphs: Iterable[URIRef]) -> set:
    """Subjects and non-literal objects of the named graphs ``graphs``."""
    nodes: set = set()
    for g in graphs:
        for s, _, o in ds.graph(g) if isinstance(ds, Dataset) else ds:
            nodes.add(s)
            if not isinstance(o, Literal):
                nodes.add(o)
    return nodes


#: Asserted triples above which :func:`validate` works in chunks (pyshacl needs the data graph in
#: rdflib's memory store, about 1.2 kB a triple, and its time grows with the graph).
CHUNKED_ABOVE = 500_000


#: Subjects per chunk.
CHUNK = 10_000


def _asserted_size(ds: Dataset) -> int:
    return sum(count_triples(ds, g.identifier) for g in ds.graphs() if g.identifier not in DERIVED_GRAPHS)
