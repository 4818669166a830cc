"""SHACL as SPARQL on Oxigraph against pyshacl, on synthetic institutions.

Generates N institutions (``bench/generate.py``), breaks one agreement in 100 (a status off
the scheme, a month 13, a missing label), bulk-loads them and the ontology into an
in-memory Oxigraph store (one named graph per file, validated as their union), and times
:func:`collabgraph.checks.shacl_sparql.run_checks` one query per check and batched (one query per
focus pattern), then pyshacl on the same data in rdflib (up to ``--pyshacl-max`` institutions:
it takes minutes above). Prints the times and the number of results; asserts nothing but that
the SPARQL results equal pyshacl's where both ran.

Run: ``python bench/bench_shacl_sparql.py [N] [--pyshacl-max 10000]``.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pyshacl
from generate import generate  # bench/ is on sys.path when run as a script
from rdflib import BNode, Graph
from rdflib.namespace import SH

from collabgraph.checks.shacl_shapes import path_text
from collabgraph.checks.shacl_sparql import default_shapes, run_checks
from collabgraph.resources import ontology_dir


def _files(out: Path, institutions: int) -> list[Path]:
    ontology = sorted(p for p in ontology_dir().glob("*.ttl") if p.name != "shapes.ttl")
    return ontology + generate(out, institutions)


def _break(files: list[Path], every: int) -> None:
    """Break one agreement in ``every`` (a status off the scheme, a month 13, no label), so
    that there are results to find: about 3 per 100 agreements."""
    path = next(p for p in files if p.name == "agreements.ttl")
    lines = path.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if i % every == 1:
            lines[i] = re.sub(r"cg:status cgs:\w+", "cg:status cgs:bogus", line)
        elif i % every == 2:
            lines[i] = re.sub(r'"(\d{4})"\^\^xsd:gYear\b', r'"\1-13"^^xsd:gYearMonth', line)
        elif i % every == 3:
            lines[i] = re.sub(r'rdfs:label "[^"]*"@en ; ', "", line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _store(files: list[Path]) -> ox.Store:
    store = ox.Store()
    for path in files:
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(path.resolve().as_uri()))
    return store


def _timed(label: str, fn):  # noqa: ANN001, ANN202
    start = time.perf_counter()
    value = fn()
    print(f"{label:<56} {time.perf_counter() - start:8.2f} s", flush=True)
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("institutions", type=int, nargs="?", default=10_000)
    parser.add_argument("--pyshacl-max", type=int, default=10_000)
    parser.add_argument("--break-every", type=int, default=100, help="break one agreement in N (0: none)")
    args = parser.parse_args()
    shapes = default_shapes()
    with tempfile.TemporaryDirectory() as tmp:
        files = _files(Path(tmp), args.institutions)
        if args.break_every:
            _break(files, args.break_every)
        store = _timed("Oxigraph bulk_load", lambda: _store(files))
        print(f"triples: {len(store):,}")
        run_checks(store, shapes)  # compiles the shapes (cached): the times below are the queries
        print(f"threads (default jobs): {min(4, os.cpu_count() or 1)}")
        _timed("run_checks on Oxigraph, one query per check, 1 thread", lambda: run_checks(store, shapes, jobs=1))
        _timed("run_checks on Oxigraph, one query per focus, 1 thread", lambda: run_checks(store, shapes, batch=True, jobs=1))
        per_check = _timed("run_checks on Oxigraph, one query per check", lambda: run_checks(store, shapes))
        batched = _timed("run_checks on Oxigraph, one query per focus", lambda: run_checks(store, shapes, batch=True))
        print(f"results: {len(per_check)} (batched: {len(batched)}), sent to pyshacl: {len(per_check.fallback)}")
        print("by component:", dict(Counter(str(r.component).rsplit("#", 1)[-1] for r in per_check)))
        if args.institutions > args.pyshacl_max:
            return
        graph = Graph()
        _timed("rdflib parse (for pyshacl)", lambda: [graph.parse(p, format="turtle") for p in files])
        _, report, _ = _timed(
            "pyshacl",
            lambda: pyshacl.validate(graph, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True),
        )
        results = list(report.objects(None, SH.result))
        print(f"pyshacl results: {len(results)}")
        ours = Counter(
            (str(r.focus), r.path, str(r.source_shape), r.component) for r in per_check if not isinstance(r.focus, BNode)
        )
        theirs = Counter(
            (str(report.value(r, SH.focusNode)), path_text(shapes, report.value(r, SH.resultPath)),
             str(report.value(r, SH.sourceShape)), report.value(r, SH.sourceConstraintComponent))
            for r in results if not isinstance(report.value(r, SH.focusNode), BNode)
        )  # fmt: skip
        same = ours == theirs and len(per_check) == len(results)
        print("same results as pyshacl (IRI focus nodes compared, counts for all):", same)
        if not same:
            sys.exit(1)


if __name__ == "__main__":
    main()
