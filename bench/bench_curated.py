"""Time the curated graph's load, reasoning, validation and queries; print figures, assert nothing.

Run: ``make bench`` (or ``python bench/bench_curated.py --repeat 5``).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import tempfile
import time
import tracemalloc

from collabgraph.checks.validate import validate
from collabgraph.loading.load import load
from collabgraph.questions.members import members
from collabgraph.questions.partners import partners


def measure(label: str, fn, repeat: int) -> tuple[str, float, float, float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    # Memory in a separate run: tracemalloc slows Python code down by an order of magnitude.
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return label, statistics.median(times), min(times), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ["COLLABGRAPH_CACHE"] = tempfile.mkdtemp(prefix="collabgraph-bench-")

    ds = load(sources="all", reason=False)
    triples = sum(len(g) for g in ds.graphs())
    full = load(sources="all")
    rows = [
        measure("parse all files (no reasoning)", lambda: load(sources="all", reason=False), args.repeat),
        measure("load + owlrl reasoning (cache off)", lambda: load(sources="all", cache=False), args.repeat),
        measure("load with cached inference", lambda: load(sources="all"), args.repeat),
        measure("pyshacl validation", lambda: validate(full), args.repeat),
        measure("partners('Maastricht University')", lambda: partners(full, "Maastricht University"), args.repeat),
        measure("members('WUN')", lambda: members(full, "WUN"), args.repeat),
    ]
    inferred = len(full.graph("https://w3id.org/collabgraph/graph/inferred"))
    print(
        f"curated graph: {triples} asserted triples, {inferred} inferred, "
        f"{sum(1 for _ in full.graphs())} named graphs; repeat={args.repeat}"
    )
    print(f"{'stage':40} {'median s':>9} {'min s':>8} {'peak MiB':>9}")
    for label, median, best, peak in rows:
        print(f"{label:40} {median:9.3f} {best:8.3f} {peak:9.1f}")
    print(f"{'asserted triples/s (parse)':40} {triples / rows[0][1]:9.0f}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'process peak RSS (MiB)':40} {rss:9.1f}")


if __name__ == "__main__":
    main()
