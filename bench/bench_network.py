"""Time projection, metrics, write-back and HTML rendering: curated graph and a synthetic one.

Prints figures; asserts nothing. Run: ``make bench`` or
``python bench/bench_network.py --institutions 10000``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from generate import generate  # bench/ is on sys.path when run as a script

from collabgraph.loading.load import load
from collabgraph.network.brokers import brokers
from collabgraph.network.centrality import centrality
from collabgraph.network.communities import communities
from collabgraph.network.growth import growth
from collabgraph.network.project import institution_graph
from collabgraph.network.writeback import write_metrics
from collabgraph.render import render_ego, render_html


def timed(label: str, fn, results: list):
    t0 = time.perf_counter()
    value = fn()
    results.append((label, time.perf_counter() - t0))
    return value


def run(name: str, ds, out: Path, *, exact_betweenness: bool = True) -> None:
    results: list[tuple[str, float]] = []
    g = timed("projection (institution graph)", lambda: institution_graph(ds), results)
    timed("centrality (all measures)", lambda: centrality(g), results)
    timed("communities (Louvain, seed 42)", lambda: communities(g), results)
    try:
        import igraph  # noqa: F401

        timed("communities (Leiden, igraph)", lambda: communities(g.copy(), method="leiden", set_attributes=False), results)
    except ImportError:
        pass
    timed("brokers", lambda: brokers(g), results)
    timed("growth since 2018", lambda: growth(g, since=2018), results)
    timed("write-back to RDF", lambda: write_metrics(ds, g), results)
    hub = max(g.degree, key=lambda pair: pair[1])[0]
    timed("ego view HTML (depth 1)", lambda: render_ego(g, hub, out / f"{name}-ego.html"), results)
    timed("whole network HTML", lambda: render_html(g, out / f"{name}-all.html", title=name, size_by="betweenness"), results)
    print(f"\n{name}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")
    print(f"{'stage':40} {'seconds':>9}")
    for label, seconds in results:
        print(f"{label:40} {seconds:9.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--institutions", type=int, default=10_000)
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="collabgraph-bench-"))
    run("curated", load(), out)
    data = out / f"synthetic-{args.institutions}"
    generate(data, args.institutions, seed=1)
    t0 = time.perf_counter()
    ds = load(data=[data], curated=False, reason=False)
    triples = sum(len(g) for g in ds.graphs())
    print(
        f"\nsynthetic: {args.institutions} institutions, {triples} triples loaded in "
        f"{time.perf_counter() - t0:.2f} s (no reasoning)"
    )
    run(f"synthetic-{args.institutions}", ds, out)
    print(f"\nHTML written under {out}")


if __name__ == "__main__":
    main()
