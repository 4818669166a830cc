"""SHACL validation with pyshacl, reported as typed, one-line violations."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field

import pyshacl
from rdflib import RDF, BNode, Dataset, Graph, Namespace, URIRef
from rdflib.namespace import SH

from .load import parse_file
from .namespaces import CG, INFERRED_GRAPH, ONTOLOGY_GRAPH, PREFIXES
from .resources import ontology_dir, queries_dir
from .store import count_triples, triples_text

__all__ = ["Violation", "ValidationReport", "validate", "shapes_graph", "CHUNKED_ABOVE", "CHUNK"]


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the node, the shape and rule it broke, and the message."""

    node: str
    shape: str
    rule: str
    message: str
    path: str | None = None
    severity: str = "Violation"

    def __str__(self) -> str:
        path = f" {self.path}" if self.path else ""
        return f"{self.severity}: {self.node}{path}: {self.message} [{self.shape}, {self.rule}]"


@dataclass
class ValidationReport:
    """The outcome of :func:`validate`; ``conforms`` is False when any violation was found."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)

    def __str__(self) -> str:
        if self.conforms:
            return "conforms: no SHACL violations"
        return "\n".join(str(v) for v in self.violations)


def shapes_graph() -> Graph:
    """The shapes in ``ontology/shapes.ttl``."""
    return parse_file(ontology_dir() / "shapes.ttl")


def _short(graph: Graph, term) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(term)
        except Exception:
            return str(term)
    return str(term)


def _path(data: Graph, results: Graph, shapes: Graph, path) -> str | None:
    """A SHACL path as text: ``cg:hasParty``, or ``oa:hasTarget/oa:hasSource`` for a sequence."""
    if path is None:
        return None
    if isinstance(path, BNode):
        for graph in (results, shapes):
            steps = list(graph.items(path))
            if steps:
                return "/".join(_short(data, step) for step in steps)
        return "(a complex path)"
    return _short(data, path)


def _describe(data: Graph, node) -> str:
    """Name a node for a human: blank annotations are named by the fact they support."""
    if isinstance(node, BNode):
        for fact in data.subjects(CG.evidence, node):
            return f"quote of {_short(data, fact)}"
        for ann in data.subjects(Namespace("http://www.w3.org/ns/oa#").hasTarget, node):
            for fact in data.subjects(CG.evidence, ann):
                return f"quote of {_short(data, fact)}"
        return f"blank node {node}"
    return _short(data, node)


def validate(ds: Dataset | Graph, *, shapes: Graph | None = None, chunk: int | None = None,
             jobs: int | None = None) -> ValidationReport:
    """Validate asserted data against the collabgraph shapes.

    The asserted named graphs of ``ds`` (all but ``cgg:inferred``) are merged into one data
    graph, so class hierarchy and facts from several files are seen together. A dataset of more
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

    Examples
    --------
    >>> from collabgraph.load import load
    >>> report = validate(load(sources="seeds", reason=False))
    >>> report.conforms, report.violations
    (True, [])
    >>> validate(load(sources="seeds", reason=False), chunk=100, jobs=1).conforms
    True
    """
    shapes = shapes if shapes is not None else shapes_graph()
    if isinstance(ds, Dataset):
        if chunk is None and _asserted_size(ds) > CHUNKED_ABOVE:
            chunk = CHUNK
        if chunk is not None:
            return _validate_in_chunks(ds, shapes, chunk, jobs)
    data = _data_graph(ds)
    if isinstance(ds, Dataset):
        for g in ds.graphs():
            if g.identifier != INFERRED_GRAPH:
                for t in g:
                    data.add(t)
    else:
        for t in ds:
            data.add(t)
    violations = _violations(data, shapes)
    return ValidationReport(conforms=not violations, violations=sorted(violations, key=_order))


#: Asserted triples above which :func:`validate` works in chunks (pyshacl needs the data graph in
#: rdflib's memory store, about 1.2 kB a triple, and its time grows with the graph).
CHUNKED_ABOVE = 500_000
#: Subjects per chunk.
CHUNK = 20_000


def _order(v: Violation):
    return (v.node, v.shape, v.message)


def _data_graph(ds) -> Graph:
    data = Graph()
    for prefix, ns in PREFIXES.items():
        data.bind(prefix, ns, replace=True)
    for prefix, ns in ds.namespaces():  # the user's own prefixes name their nodes in messages
        if prefix and prefix not in PREFIXES:
            data.bind(prefix, ns, override=False)
    return data


def _violations(data: Graph, shapes: Graph, keep=None) -> list[Violation]:
    """pyshacl's results on ``data`` as violations, those on focus nodes ``keep`` accepts only."""
    _, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True,
                                     allow_warnings=True)
    found = []
    for r in results.subjects(SH.resultSeverity, None):
        focus = results.value(r, SH.focusNode)
        if keep is not None and not keep(focus):
            continue
        found.append(Violation(
            node=_describe(data, focus),
            shape=_short(results, results.value(r, SH.sourceShape)) if isinstance(
                results.value(r, SH.sourceShape), URIRef) else "inline shape",
            rule=_short(results, results.value(r, SH.sourceConstraintComponent)).replace(
                "http://www.w3.org/ns/shacl#", "sh:"),
            message=str(results.value(r, SH.resultMessage) or ""),
            path=_path(data, results, shapes, results.value(r, SH.resultPath)),
            severity=str(results.value(r, SH.resultSeverity)).rsplit("#", 1)[-1],
        ))
    return found


def _asserted_size(ds: Dataset) -> int:
    return sum(count_triples(ds, g.identifier) for g in ds.graphs() if g.identifier != INFERRED_GRAPH)


_TYPE = f"<{RDF.type}>"


def _chunk_data(ds: Dataset, nodes: list[str], schema_nt: str, schema_subjects: set[str]) -> tuple[str, list[str]]:
    """N-Triples of what SHACL needs to judge ``nodes`` (N-Triples IRIs), and the IRIs whose
    violations count.

    ``nodes`` with every blank node below them (the quotes), the triples of each IRI they point
    to except its blank nodes (types, labels, a source's file name), one triple per predicate
    pointing at each node (so ``sh:targetObjectsOf`` finds it), and the schema (whose own
    violations every chunk sees, and which count once). Violations
    count for ``nodes``, for blank nodes (all of them here belong to ``nodes``), and for IRIs
    pointed to that have no triples of their own anywhere (no other chunk holds them).
    Triples of ``cgg:inferred`` are left out throughout.
    """
    lines = [schema_nt]
    keep = {n[1:-1] for n in nodes} | schema_subjects
    frontier, bnodes, refs = list(nodes), set(), set()
    while frontier:
        for s, p, o in triples_text(ds, frontier.pop(), skip_graph=INFERRED_GRAPH):
            lines.append(f"{s} {p} {o} .")
            if o.startswith("_:") and o not in bnodes:
                bnodes.add(o)
                frontier.append(o)
            elif o.startswith("<") and p != _TYPE:
                refs.add(o)
    for node in nodes:  # one triple per predicate pointing at a node: its sh:targetObjectsOf
        pointing = set()
        for s, p, o in triples_text(ds, obj=node, skip_graph=INFERRED_GRAPH):
            if p not in pointing and p != _TYPE:
                pointing.add(p)
                lines.append(f"{s} {p} {o} .")
    for ref in refs - set(nodes):
        triples = triples_text(ds, ref, skip_graph=INFERRED_GRAPH)
        lines += [f"{s} {p} {o} ." for s, p, o in triples if not o.startswith("_:")]
        if not triples:
            keep.add(ref[1:-1])
    return "\n".join(lines) + "\n", sorted(keep)


def _chunk_violations(nt: str, keep: list[str], shapes_ttl: str, prefixes: dict) -> list[Violation]:
    data = Graph()
    for prefix, ns in prefixes.items():
        data.bind(prefix, ns, replace=True)
    data.parse(data=nt, format="nt")
    kept = set(keep)
    return _violations(data, Graph().parse(data=shapes_ttl, format="turtle"),
                       keep=lambda n: isinstance(n, BNode) or str(n) in kept)


def _validate_in_chunks(ds: Dataset, shapes: Graph, chunk: int, jobs: int | None) -> ValidationReport:
    from .rules import tbox

    subjects = [f"<{row[0]}>" for row in Dataset.query(
        ds, (queries_dir() / "asserted_subjects.rq").read_text(encoding="utf-8"))]
    schema = Graph()
    schema += tbox(ds)
    schema += ds.graph(ONTOLOGY_GRAPH)
    schema_nt = schema.serialize(format="nt")
    schema_subjects = {str(n) for n in schema.subjects() if isinstance(n, URIRef)}
    prefixes = dict(_data_graph(ds).namespaces())
    shapes_ttl = shapes.serialize(format="turtle")
    chunks = (_chunk_data(ds, subjects[i:i + chunk], schema_nt, schema_subjects)
              for i in range(0, max(len(subjects), 1), chunk))
    jobs = jobs or min(4, os.cpu_count() or 1)
    found: set[Violation] = set()
    if jobs == 1:
        for nt, keep in chunks:
            found.update(_chunk_violations(nt, keep, shapes_ttl, prefixes))
    else:
        # Spawned, not forked: a forked worker gradually copies the parent's memory (4 GB each
        # beside a 100k-institution projection). The store stays here; chunks travel as text.
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
            pending = set()
            for nt, keep in chunks:
                pending.add(pool.submit(_chunk_violations, nt, keep, shapes_ttl, prefixes))
                if len(pending) >= 2 * jobs:  # extract ahead of the workers, not the whole graph
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for f in done:
                        found.update(f.result())
            for f in pending:
                found.update(f.result())
    return ValidationReport(conforms=not found, violations=sorted(found, key=_order))
