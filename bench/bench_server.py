"""Load the SPARQL endpoint: concurrent clients against a real server on the curated graph.

Starts ``collabgraph.server`` in a subprocess on a free loopback port, then has ``--clients``
threads send a mix of competency queries (JSON, XML, CSV, TSV, Turtle) for ``--seconds``, each
waiting for its answer before sending the next. Prints requests per second, latency percentiles
and the errors; asserts nothing.

Run: ``python bench/bench_server.py`` (or ``--clients 8 --seconds 20 --sources all``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import threading
import time
from collections import Counter

from collabgraph.query import query_text
from collabgraph.server import start_server
from collabgraph.server.worker import default_size

MIX = [
    ("alliance_members", {"query": query_text("alliance_members"), "format": "json"}),
    ("institutions_in_alliances", {"query": query_text("institutions_in_alliances"), "format": "csv"}),
    ("memberships", {"query": query_text("memberships"), "format": "tsv"}),
    ("evidence", {"query": query_text("evidence"), "format": "xml"}),
    ("label lookup", {"query": "SELECT ?i WHERE { ?i skos:altLabel 'UKM' }", "format": "json"}),
    ("ask", {"query": "ASK { ?a a cg:EuropeanUniversityAlliance }", "format": "json"}),
    ("describe", {"query": "DESCRIBE cgr:ukm", "format": "ttl"}),
]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--sources", choices=("seeds", "all"), default="all")
    parser.add_argument("--workers", type=int, default=None, help="server worker processes (default: per CPU)")
    args = parser.parse_args()

    latencies: dict[str, list[float]] = {name: [] for name, _ in MIX}
    errors: Counter = Counter()
    lock = threading.Lock()
    with start_server(sources=args.sources, workers=args.workers) as server:
        for _, params in MIX:  # warm every worker's parse cache a little, and fail early on a bad query
            assert server.request(params=params).status == 200, params
        stop = time.monotonic() + args.seconds

        def client(offset: int) -> None:
            n = offset
            while time.monotonic() < stop:
                name, params = MIX[n % len(MIX)]
                started = time.perf_counter()
                try:
                    answer = server.request(params=params)
                    ok = answer.status == 200
                    outcome = "" if ok else f"HTTP {answer.status}: {answer.text.strip()[:80]}"
                except OSError as exc:
                    outcome = f"{type(exc).__name__}: {exc}"
                elapsed = time.perf_counter() - started
                with lock:
                    if outcome:
                        errors[outcome] += 1
                    else:
                        latencies[name].append(elapsed)
                n += 1

        threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
        began = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.monotonic() - began

    every = [x for xs in latencies.values() for x in xs]
    ms = [1000 * x for x in every]
    print(f"{args.clients} clients for {args.seconds:g} s against the {args.sources} graph; "
          f"{args.workers or default_size()} server workers; {os.cpu_count()} CPUs")
    print(f"requests: {len(every)} ok, {sum(errors.values())} errors; {len(every) / wall:.1f} requests/s")
    print(f"latency ms: p50 {percentile(ms, 50):.1f}  p90 {percentile(ms, 90):.1f}  "
          f"p99 {percentile(ms, 99):.1f}  max {max(ms):.1f}")
    print(f"{'query':28} {'n':>6} {'median ms':>10}")
    for name, xs in latencies.items():
        print(f"{name:28} {len(xs):6} {1000 * statistics.median(xs) if xs else float('nan'):10.1f}")
    for message, n in errors.most_common():
        print(f"error x{n}: {message}")


if __name__ == "__main__":
    main()
