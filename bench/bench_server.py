"""Load the SPARQL endpoint: concurrent clients against a real server on the curated graph.

Starts ``collabgraph.server`` in a subprocess on a free loopback port and runs two cases:

- *mix*: ``--clients`` threads send a mix of competency queries (JSON, XML, CSV, TSV, Turtle) for
  ``--seconds``, each waiting for its answer before sending the next;
- *two slow*: two threads keep a cross-product query running (each stopped at the time limit)
  while one client sends ``ASK {}`` after ``ASK {}`` for ``--seconds``.

Prints requests per second, latency percentiles, the server's memory (PSS of the server and its
workers) before and after, and the errors; asserts nothing. With ``--baseline SRC`` the same cases
run first against a server imported from ``SRC`` (say an unpacked earlier ``src/``), and each
figure is printed beside the baseline's.

Run: ``python bench/bench_server.py`` (or ``--clients 8 --seconds 20 --sources all --baseline /tmp/old/src``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import threading
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

from collabgraph.server import start_server
from collabgraph.server.worker import default_size
from collabgraph.sparql.query import query_text

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
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


def pss_mb(pid: int) -> float:
    """Proportional set size of ``pid`` and its descendants, in MB (shared pages split between them)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return total / 1024


@contextmanager
def python_path(src: str | None):
    """Import collabgraph from ``src`` in the server subprocess (``None``: as installed)."""
    before = os.environ.get("PYTHONPATH")
    if src:
        os.environ["PYTHONPATH"] = str(Path(src).resolve())
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = before


def load(server, queries: list[tuple[str, dict]], clients: int, seconds: float) -> tuple[dict, Counter, float]:
    """``clients`` threads cycling through ``queries`` for ``seconds``: latencies by name, errors, wall time."""
    latencies: dict[str, list[float]] = {name: [] for name, _ in queries}
    errors: Counter = Counter()
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(offset: int) -> None:
        n = offset
        while time.monotonic() < stop:
            name, params = queries[n % len(queries)]
            started = time.perf_counter()
            try:
                answer = server.request(params=params)
                outcome = "" if answer.status == 200 else f"HTTP {answer.status}: {answer.text.strip()[:80]}"
            except OSError as exc:
                outcome = f"{type(exc).__name__}: {exc}"
            elapsed = time.perf_counter() - started
            with lock:
                if outcome:
                    errors[f"{name}: {outcome}"] += 1
                else:
                    latencies[name].append(elapsed)
            n += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors, time.monotonic() - began


def summary(latencies: dict, errors: Counter, wall: float) -> dict[str, float]:
    ms = [1000 * x for xs in latencies.values() for x in xs] or [float("nan")]
    return {
        "ok": len(ms),
        "errors": sum(errors.values()),
        "requests/s": len(ms) / wall,
        "p50 ms": percentile(ms, 50),
        "p95 ms": percentile(ms, 95),
        "p99 ms": percentile(ms, 99),
        "max ms": max(ms),
    }


def measure(args, src: str | None) -> dict:
    """Both cases against one server; figures by case, plus per-query medians and errors."""
    with python_path(src), start_server(sources=args.sources, workers=args.workers) as server:
        for _, params in MIX:  # warm every worker's parse cache a little, and fail early on a bad query
            assert server.request(params=params).status == 200, params
        figures: dict = {"memory before MB": pss_mb(server.process.pid)}
        latencies, errors, wall = load(server, MIX, args.clients, args.seconds)
        figures["mix"] = summary(latencies, errors, wall)
        figures["medians"] = {n: 1000 * statistics.median(xs) if xs else float("nan") for n, xs in latencies.items()}
        figures["errors"] = errors
        slow_stop = time.monotonic() + args.seconds
        slow_outcomes: Counter = Counter()

        def keep_slow() -> None:
            while time.monotonic() < slow_stop:
                slow_outcomes[server.request(params={"query": SLOW}).status] += 1

        slow = [threading.Thread(target=keep_slow) for _ in range(2)]
        for t in slow:
            t.start()
        time.sleep(0.2)
        latencies, errors, wall = load(server, [("ask", {"query": "ASK {}", "format": "json"})], 1, args.seconds - 0.2)
        for t in slow:
            t.join()
        figures["two slow"] = summary(latencies, errors, wall)
        figures["slow answers"] = dict(slow_outcomes)
        figures["errors"] += errors
        figures["memory after MB"] = pss_mb(server.process.pid)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--sources", choices=("seeds", "all"), default="all")
    parser.add_argument("--workers", type=int, default=None, help="server worker processes (default: per CPU)")
    parser.add_argument("--baseline", metavar="SRC", help="also measure a server imported from SRC, shown beside")
    args = parser.parse_args()

    runs = {"baseline": measure(args, args.baseline)} if args.baseline else {}
    runs["now"] = measure(args, None)
    names = list(runs)
    print(
        f"{args.clients} clients (mix) / 1 client beside 2 slow queries, {args.seconds:g} s each, against the "
        f"{args.sources} graph; {args.workers or default_size()} server workers; {os.cpu_count()} CPUs"
    )
    print(f"{'':34}" + "".join(f"{n:>12}" for n in names))
    for case in ("mix", "two slow"):
        for key in runs["now"][case]:
            print(f"{case + ' ' + key:34}" + "".join(f"{r[case][key]:12.1f}" for r in runs.values()))
    for key in ("memory before MB", "memory after MB"):
        print(f"{key:34}" + "".join(f"{r[key]:12.1f}" for r in runs.values()))
    print(f"{'slow query answers (status: n)':34}" + "".join(f"{str(r['slow answers']):>12}" for r in runs.values()))
    print(f"{'median ms by query':34}")
    for query in runs["now"]["medians"]:
        print(f"  {query:32}" + "".join(f"{r['medians'][query]:12.1f}" for r in runs.values()))
    for name, r in runs.items():
        for message, n in r["errors"].most_common():
            print(f"{name} error x{n}: {message}")


if __name__ == "__main__":
    main()
