"""SHACL validation with pyshacl, reported as typed, one-line violations."""

from __future__ import annotations

import gc
import hashlib
import json
import os
from collections import Counter, defaultdict
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import cast

import pyshacl
from rdflib import RDF, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH
from rdflib.query import ResultRow

from collabgraph.cache import VALIDATION_CACHE
from collabgraph.errors import CollabgraphError
from collabgraph.files.atomic import atomic_write_text
from collabgraph.namespaces import CG, DERIVED_GRAPHS, ONTOLOGY_GRAPH, PREFIXES
from collabgraph.resources import ontology_dir, queries_dir
from collabgraph.store import as_dataset, backend, count_triples, new_dataset, triples_text
from collabgraph.store.parse import parse_file

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
            report = _validate_in_chunks(ds, shapes, chunk, jobs, cache)
            if focus_graphs is not None:
                named = _data_graph(ds)
                names = {_short(named, n) for n in _focus_nodes(ds, focus_graphs) if isinstance(n, URIRef)}
                report.violations = [
                    v
                    for v in report.violations
                    if v.node in names or (v.node.startswith("quote of ") and v.node[len("quote of ") :] in names)
                ]
                report.conforms = not report.violations
            return report
    data = _data_graph(ds)
    if isinstance(ds, Dataset):
        for g in ds.graphs():
            if g.identifier not in DERIVED_GRAPHS:
                for t in g:
                    data.add(t)
    else:
        for t in ds:
            data.add(t)
    focus = None if focus_graphs is None else _focus_nodes(ds, focus_graphs)
    violations = _violations(data, shapes, keep=None if focus is None else focus.__contains__)
    return ValidationReport(conforms=not violations, violations=sorted(violations, key=_order))


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
    _, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True)
    found = []
    for r in results.subjects(SH.resultSeverity, None):
        focus = results.value(r, SH.focusNode)
        if keep is not None and not keep(focus):
            continue
        found.append(
            Violation(
                node=_describe(data, focus),
                shape=_short(results, results.value(r, SH.sourceShape))
                if isinstance(results.value(r, SH.sourceShape), URIRef)
                else "inline shape",
                rule=_short(results, results.value(r, SH.sourceConstraintComponent)).replace(
                    "http://www.w3.org/ns/shacl#", "sh:"
                ),
                message=str(results.value(r, SH.resultMessage) or ""),
                path=_path(data, results, shapes, results.value(r, SH.resultPath)),
                severity=str(results.value(r, SH.resultSeverity)).rsplit("#", 1)[-1],
            )
        )
    return found


def _asserted_size(ds: Dataset) -> int:
    return sum(count_triples(ds, g.identifier) for g in ds.graphs() if g.identifier not in DERIVED_GRAPHS)


_TYPE = f"<{RDF.type}>"


def _chunk_data(ds: Dataset, nodes: list[str], schema_nt: str, schema_subjects: set[str]) -> tuple[str, list[str]]:
    """N-Triples of what SHACL needs to judge ``nodes`` (N-Triples IRIs), and the IRIs whose
    violations count.

    ``nodes`` with every blank node below them (the quotes), the triples of each IRI they point
    to except its blank nodes (types, labels, a source's file name), one triple per predicate
    pointing at each node where the chunk holds none (so ``sh:targetObjectsOf`` finds it; see
    :func:`_before`), and the schema (whose own
    violations every chunk sees, and which count once). Violations
    count for ``nodes``, for blank nodes (all of them here belong to ``nodes``), and for IRIs
    pointed to that have no triples of their own anywhere (no other chunk holds them).
    Triples of ``cgg:inferred`` and ``cgg:metrics`` are left out throughout. The text is canonical
    (see :func:`_canonical_text`).
    """
    triples = []
    keep = {n[1:-1] for n in nodes} | schema_subjects
    frontier, bnodes, refs = list(nodes), set(), set()
    while frontier:
        for s, p, o in triples_text(ds, frontier.pop(), skip_graphs=DERIVED_GRAPHS):
            triples.append((s, p, o))
            if o.startswith("_:") and o not in bnodes:
                bnodes.add(o)
                frontier.append(o)
            elif o.startswith("<") and p != _TYPE:
                refs.add(o)
    held = {(p, o) for _, p, o in triples}
    for node in nodes:  # one triple per predicate pointing at a node: its sh:targetObjectsOf
        pointing: dict[str, tuple[str, str, str]] = {}
        for s, p, o in triples_text(ds, obj=node, skip_graphs=DERIVED_GRAPHS):
            if p != _TYPE and (p, o) not in held and (p not in pointing or _before(s, pointing[p][0])):
                pointing[p] = (s, p, o)
        triples += pointing.values()
    for ref in refs - set(nodes):
        about = triples_text(ds, ref, skip_graphs=DERIVED_GRAPHS)
        triples += [t for t in about if not t[2].startswith("_:")]
        if not about:
            keep.add(ref[1:-1])
    return schema_nt + _canonical_text(triples), sorted(keep)


def _before(subject: str, other: str) -> bool:
    """Which of two subjects pointing at a node a chunk keeps: the same whatever the store's order.

    IRIs first, the smallest; blank nodes after, the first met: stores name blank nodes afresh
    (each load, each copy), but one from outside the chunk says only that it points at the node,
    so any of them gives the same canonical text.
    """
    if subject.startswith("_:") or other.startswith("_:"):
        return other.startswith("_:") and not subject.startswith("_:")
    return subject < other


def _in_dataset(graph: Graph) -> Dataset:
    ds = new_dataset()
    target = ds.graph(URIRef("urn:x-collabgraph:schema"))
    target.addN((s, p, o, target) for s, p, o in graph)
    return ds


def _canonical_text(triples) -> str:
    """N-Triples with blank nodes named by content and lines sorted: the same text for the same
    data, after any reload (stores name blank nodes afresh each time)."""
    label = _canonical_blank_nodes(triples)
    lines = sorted({f"{label.get(s, s)} {p} {label.get(o, o)} ." for s, p, o in triples})
    return "\n".join(lines) + "\n"


def _canonical_blank_nodes(triples) -> dict[str, str]:
    """A label for each blank node from what it says (recursively) and who points at it.

    Two quotes with the same words under two different facts must not swap names between loads,
    so the label takes in the referring subjects (upwards, through blank nodes) as well as the
    content (downwards). Blank nodes alike in both are interchangeable; their numbering too.
    """
    said, heard = defaultdict(list), defaultdict(list)
    for s, p, o in triples:
        if s.startswith("_:"):
            said[s].append((p, o))
        if o.startswith("_:"):
            heard[o].append((s, p))
    blank = set(said) | set(heard)
    down: dict[str, str] = {}
    up: dict[str, str] = {}

    def content(b: str) -> str:
        if b not in down:
            down[b] = "cycle"  # a blank-node cycle: still a label, if not a canonical one
            parts = sorted(f"{p} {content(o) if o.startswith('_:') else o}" for p, o in said[b])
            down[b] = _sha("\n".join(parts))
        return down[b]

    def place(b: str) -> str:
        if b not in up:
            up[b] = "cycle"
            parts = sorted(f"{place(s) if s.startswith('_:') else s} {p}" for s, p in heard[b])
            up[b] = _sha(content(b) + "\n" + "\n".join(parts))
        return up[b]

    labels: dict[str, str] = {}
    seen: Counter[str] = Counter()
    for b in sorted(blank, key=place):
        d = place(b)
        labels[b] = f"_:c{d}n{seen[d]}"
        seen[d] += 1
    return labels


def _sha(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


def _chunk_violations(nt: str, keep: list[str], shapes_ttl: str, prefixes: dict) -> list[Violation]:
    data = Graph()
    for prefix, ns in prefixes.items():
        data.bind(prefix, ns, replace=True)
    data.parse(data=nt, format="nt")
    kept = set(keep)
    return _violations(
        data, Graph().parse(data=shapes_ttl, format="turtle"), keep=lambda n: isinstance(n, BNode) or str(n) in kept
    )


def _chunks(ds: Dataset, chunk: int):
    """Subjects (N-Triples IRIs) in chunks of at most ``chunk``, each from one named graph.

    A subject belongs to the first asserted graph that describes it. Chunking graph by graph
    keeps a chunk's text, and so its cached result, unchanged when another file is added.
    """
    rows = cast(Iterable[ResultRow], ds.query((queries_dir() / "asserted_subjects.rq").read_text(encoding="utf-8")))
    batch: list[str] = []
    graph = None
    for node, node_graph in rows:
        if batch and (len(batch) >= chunk or node_graph != graph):
            yield batch
            batch = []
        batch.append(f"<{node}>")
        graph = node_graph
    if batch:
        yield batch


#: Cached chunk results kept, the most recently used (:data:`collabgraph.cache.VALIDATION_CACHE`).
CACHED_CHUNKS = VALIDATION_CACHE.keep


def _cache_entry(nt: str, keep: list[str], shapes_ttl: str, prefixes: dict) -> Path:
    """Where the violations of a chunk are cached: keyed by all that decides them."""
    key = VALIDATION_CACHE.key((shapes_ttl, json.dumps(sorted(prefixes.items())), "\n".join(keep), nt))
    return VALIDATION_CACHE.entry(key, ".json")


def _cached(path: Path) -> list[Violation] | None:
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    VALIDATION_CACHE.used(path)
    return [Violation(**row) for row in rows]


def _validate_in_chunks(ds: Dataset, shapes: Graph, chunk: int, jobs: int | None, cache: bool) -> ValidationReport:
    from collabgraph.reasoning.rules import tbox

    schema = Graph()
    schema += tbox(ds)
    schema += ds.graph(ONTOLOGY_GRAPH)
    schema_nt = _canonical_text(triples_text(_in_dataset(schema)))
    schema_subjects = {str(n) for n in schema.subjects() if isinstance(n, URIRef)}
    prefixes = dict(_data_graph(ds).namespaces())
    shapes_ttl = shapes.serialize(format="turtle")
    jobs = jobs or min(4, os.cpu_count() or 1)
    found: set[Violation] = set()
    # Chunks are cut from a copy in memory, computed graphs left out: on a persistent store the
    # lookups made reading the chunks out cost more than pyshacl (see collabgraph.store.memory_copy).
    source = backend(ds).in_memory(skip=DERIVED_GRAPHS)

    def todo():
        """Chunks not in the cache, with the file their result goes to."""
        for nodes in _chunks(source, chunk):
            nt, keep = _chunk_data(source, nodes, schema_nt, schema_subjects)
            path = _cache_entry(nt, keep, shapes_ttl, prefixes) if cache else None
            hit = _cached(path) if path else None
            if hit is None:
                yield nt, keep, path
            else:
                found.update(hit)

    def keep_result(violations: list[Violation], path: Path | None) -> None:
        found.update(violations)
        if path is not None:
            try:
                atomic_write_text(path, json.dumps([asdict(v) for v in violations]))
            except (OSError, CollabgraphError):
                pass  # no cache, same answer

    if jobs == 1:
        for nt, keep, path in todo():
            keep_result(_chunk_violations(nt, keep, shapes_ttl, prefixes), path)
    else:
        # Forked (spawning would re-run an unguarded user script in every worker), with the
        # parent's objects frozen out of the garbage collector first: a collection in a worker
        # would otherwise write to, and so copy, every page of the parent (4 GB per worker beside
        # a 100k-institution projection). The store stays here; chunks travel as text.
        gc.collect()
        gc.freeze()
        try:
            with ProcessPoolExecutor(jobs) as pool:
                pending = {}
                for nt, keep, path in todo():
                    pending[pool.submit(_chunk_violations, nt, keep, shapes_ttl, prefixes)] = path
                    if len(pending) >= 2 * jobs:  # extract ahead of the workers, not the whole graph
                        done, _ = wait(pending, return_when=FIRST_COMPLETED)
                        for f in done:
                            keep_result(f.result(), pending.pop(f))
                for f, path in pending.items():
                    keep_result(f.result(), path)
        finally:
            gc.unfreeze()
    if cache:
        VALIDATION_CACHE.prune()
    return ValidationReport(conforms=not found, violations=sorted(found, key=_order))
