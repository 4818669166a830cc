"""SHACL validation of a big dataset in chunks with pyshacl: each chunk of subjects with what the
shapes need to judge it, as canonical N-Triples, validated in worker processes and cached by its
text, so that validating again after a change runs pyshacl only on the chunks that changed.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
from collections import Counter, defaultdict
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import asdict
from pathlib import Path
from typing import cast

from rdflib import RDF, BNode, Dataset, Graph, URIRef
from rdflib.query import ResultRow

from collabgraph.cache import VALIDATION_CACHE
from collabgraph.checks.report import ValidationReport, Violation, data_graph, pyshacl_violations, violation_order
from collabgraph.errors import CollabgraphError
from collabgraph.files.atomic import atomic_write_text
from collabgraph.namespaces import DERIVED_GRAPHS, ONTOLOGY_GRAPH
from collabgraph.resources import queries_dir
from collabgraph.store import backend, new_dataset, triples_text

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
    return pyshacl_violations(
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


def validate_in_chunks(ds: Dataset, shapes: Graph, chunk: int, jobs: int | None, cache: bool) -> ValidationReport:
    from collabgraph.reasoning.rules import tbox

    schema = Graph()
    schema += tbox(ds)
    schema += ds.graph(ONTOLOGY_GRAPH)
    schema_nt = _canonical_text(triples_text(_in_dataset(schema)))
    schema_subjects = {str(n) for n in schema.subjects() if isinstance(n, URIRef)}
    prefixes = dict(data_graph(ds).namespaces())
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
    return ValidationReport(conforms=not found, violations=sorted(found, key=violation_order))
