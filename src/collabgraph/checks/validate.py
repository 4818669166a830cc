"""SHACL validation, reported as typed, one-line violations: pyshacl (whole, or in chunks for big
graphs in memory), or the shapes compiled to SPARQL and run by Oxigraph for a dataset on it."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import SH

from collabgraph.checks.chunks import validate_in_chunks
from collabgraph.checks.report import (
    ValidationReport,
    Violation,
    data_graph,
    describe,
    pyshacl_violations,
    short,
    violation_order,
)
from collabgraph.errors import CollabgraphError
from collabgraph.namespaces import CG, DERIVED_GRAPHS, OA
from collabgraph.resources import ontology_dir
from collabgraph.store import as_dataset, count_triples, memory_copy, native_oxigraph
from collabgraph.store.parse import parse_file

__all__ = ["Violation", "ValidationReport", "validate", "shapes_graph", "CHUNKED_ABOVE", "CHUNK", "ENGINES"]


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
    engine: str = "auto",
) -> ValidationReport:
    """Validate asserted data against the collabgraph shapes.

    The asserted named graphs of ``ds`` (all but the computed ``cgg:inferred`` and
    ``cgg:metrics``) are merged into one data graph, so class hierarchy and facts from several
    files are seen together. A dataset of more
    than :data:`CHUNKED_ABOVE` asserted triples is validated in chunks instead (see ``chunk``):
    the same violations, in bounded memory, on ``jobs`` processes. A dataset on Oxigraph is
    validated by Oxigraph itself, the shapes compiled to SPARQL
    (:mod:`collabgraph.checks.shacl_sparql`: the same violations as pyshacl, which the tests
    check, in seconds instead of minutes at 100,000 institutions).

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
    engine : {"auto", "pyshacl", "sparql"}
        ``sparql``: the shapes compiled to SPARQL, run by Oxigraph for a dataset on Oxigraph (by
        rdflib otherwise, slower than pyshacl); ``pyshacl``: pyshacl, whole or in chunks;
        ``auto``: ``sparql`` on Oxigraph unless ``chunk`` is given, else ``pyshacl``. Shapes the
        compiler does not translate go to pyshacl in any case.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> report = validate(load(sources="seeds", reason=False))
    >>> report.conforms, report.violations
    (True, [])
    >>> validate(load(sources="seeds", reason=False), chunk=100, jobs=1).conforms
    True
    >>> on_oxigraph = load(sources="seeds", reason=False, store="oxigraph")
    >>> validate(on_oxigraph) == validate(on_oxigraph, engine="pyshacl")
    True
    """
    ds = as_dataset(ds)
    shapes = shapes if shapes is not None else shapes_graph()
    if engine not in ENGINES:
        raise CollabgraphError(f"unknown validation engine {engine!r}; choose {', '.join(ENGINES)}")
    native = native_oxigraph(ds) if isinstance(ds, Dataset) else None
    if engine == "sparql" or (engine == "auto" and native is not None and chunk is None):
        focus = None if focus_graphs is None else _focus_nodes(ds, focus_graphs)
        return _in_store(ds, native, shapes, focus)
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
    data = _merged(ds)
    focus = None if focus_graphs is None else _focus_nodes(ds, focus_graphs)
    violations = pyshacl_violations(data, shapes, keep=None if focus is None else focus.__contains__)
    return ValidationReport(conforms=not violations, violations=sorted(violations, key=violation_order))


#: What :func:`validate` can run the shapes with.
ENGINES = ("auto", "pyshacl", "sparql")


def _in_store(ds, native, shapes: Graph, focus: set | None) -> ValidationReport:
    """The shapes as SPARQL queries, run by Oxigraph (``native``) or by rdflib on the merged graph."""
    from collabgraph.checks.shacl_sparql import run_checks

    names = data_graph(ds)
    if native is not None:
        # The asserted graphs in memory: the copy the load was made in if it kept it, else one now.
        native = native_oxigraph(memory_copy(ds, skip=DERIVED_GRAPHS))
        results = run_checks(native, shapes)

        def named(node) -> str:
            fact = _quoted_fact(native, node) if isinstance(node, BNode) else None
            return f"quote of {short(names, fact)}" if fact is not None else describe(names, node)
    else:
        data = _merged(ds)
        results = run_checks(data, shapes)

        def named(node) -> str:
            return describe(data, node)

    shape_names = Graph()  # shapes are named as pyshacl's report names them: with the shapes' prefixes
    for prefix, namespace in [*names.namespaces(), *shapes.namespaces()]:
        shape_names.bind(prefix, namespace, replace=True)
    violations = [
        Violation(
            node=named(r.focus),
            shape=short(shape_names, r.source_shape) if isinstance(r.source_shape, URIRef) else "inline shape",
            rule=short(shape_names, r.component).replace(str(SH), "sh:"),
            message=r.message,
            path=r.path,
            severity=str(r.severity).rsplit("#", 1)[-1],
        )
        for r in results
        if focus is None or r.focus in focus
    ]
    return ValidationReport(conforms=not violations, violations=sorted(violations, key=violation_order))


def _quoted_fact(native, node: BNode) -> URIRef | None:
    """The fact a quote (a blank annotation, or the blank target of one) supports, in the store."""
    import pyoxigraph as ox

    evidence, target = ox.NamedNode(str(CG.evidence)), ox.NamedNode(str(OA.hasTarget))
    blank = ox.BlankNode(str(node))
    for quad in native.quads_for_pattern(None, evidence, blank, None):
        return URIRef(quad.subject.value)
    for annotation in native.quads_for_pattern(None, target, blank, None):
        for quad in native.quads_for_pattern(None, evidence, annotation.subject, None):
            return URIRef(quad.subject.value)
    return None


def _merged(ds) -> Graph:
    """The asserted graphs of ``ds`` (or the graph ``ds``) as one graph, with the prefixes."""
    data = data_graph(ds)
    if isinstance(ds, Dataset):
        for g in ds.graphs():
            if g.identifier not in DERIVED_GRAPHS:
                for t in g:
                    data.add(t)
    else:
        for t in ds:
            data.add(t)
    return data


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
