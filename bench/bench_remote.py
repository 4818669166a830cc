"""SPARQL servers behind ``--store sparql:URL``: push, then the competency queries, side by side.

Start the servers yourself (collabgraph never runs one for this), for example::

    oxigraph serve --location /tmp/ox --bind 127.0.0.1:7878 --union-default-graph &
    virtuoso-t +configfile virtuoso.ini +foreground &     # ResultSetMaxRows raised, see README

then ``python bench/bench_remote.py --institutions 10000 --server oxigraph=http://127.0.0.1:7878/query
--server virtuoso=http://127.0.0.1:8890/sparql --graph-store virtuoso=http://127.0.0.1:8890/sparql-graph-crud-auth
--user virtuoso=dba:dba``. The local Oxigraph store runs the same queries as the reference column.
Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from generate import generate  # bench/ is on sys.path when run as a script
from rdflib import Literal

from collabgraph.export.push import push
from collabgraph.loading.load import load
from collabgraph.network.project import institution_graph
from collabgraph.questions.lookup import names
from collabgraph.questions.members import members
from collabgraph.questions.partners import partners
from collabgraph.sparql.query import run_named


def _warm(fn, repeat: int = 5) -> float:
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _stages(ds) -> dict[str, float]:
    t0 = time.perf_counter()
    index = names(ds)
    found = {"name index (once)": time.perf_counter() - t0}
    found["query: partners"] = _warm(lambda: partners(ds, "Institution 0", index=index))
    found["query: members"] = _warm(lambda: members(ds, "Alliance 0", index=index))
    found["query: agreements in a year"] = _warm(lambda: run_named(ds, "agreements_in_year", year=Literal("2019")))
    found["query: institutions in ≥2 alliances"] = _warm(lambda: run_named(ds, "institutions_in_alliances"))
    t0 = time.perf_counter()
    institution_graph(ds)
    found["projection"] = time.perf_counter() - t0
    return found


def _pairs(values: list[str]) -> dict[str, str]:
    return dict(v.split("=", 1) for v in values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--institutions", type=int, default=10_000)
    parser.add_argument("--server", action="append", default=[], help="NAME=QUERY_URL")
    parser.add_argument("--graph-store", action="append", default=[], help="NAME=GSP_URL")
    parser.add_argument("--user", action="append", default=[], help="NAME=USER:PASSWORD")
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="collabgraph-remote-")) / "synthetic"
    generate(data, args.institutions, seed=1)
    local = load(data=[data], curated=False, store="oxigraph", reasoner="rules")
    columns = {"local Oxigraph (reference)": _stages(local)}
    stores, users = _pairs(args.graph_store), _pairs(args.user)
    pushed = {}
    for name, url in _pairs(args.server).items():
        auth = tuple(users[name].split(":", 1)) if name in users else None
        result = push(f"sparql:{url}", dataset=local, graph_store=stores.get(name), auth=auth)
        pushed[name] = result
        columns[name] = _stages(load(store=f"sparql:{url}"))
    print(f"\n{args.institutions:,} institutions")
    for name, result in pushed.items():
        print(
            f"push to {name}: {result.total:,} triples in {result.seconds:.1f} s "
            f"({result.total / result.seconds / 1000:.0f} k triples/s, {result.requests} requests)"
        )
    print("| stage | " + " | ".join(columns) + " |")
    print("| --- |" + " ---: |" * len(columns))
    for stage in next(iter(columns.values())):
        cells = [f"{c[stage] * 1000:.1f} ms" if c[stage] < 1 else f"{c[stage]:.2f} s" for c in columns.values()]
        print(f"| {stage} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
