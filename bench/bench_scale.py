"""Scale: every stage at 1k/10k/100k synthetic institutions, fast path beside the baseline.

The fast path is what the README recommends for big graphs: a persistent Oxigraph store (Oxigraph's
own parser), the ontology's OWL 2 RL rules as SPARQL updates, and the network metrics with their
large-graph settings. The baseline is rdflib's Memory store, owlrl and pyshacl. Each
configuration runs in a child process (so peak memory is its own) under a time budget; a stage
the budget cuts off is printed as such, never guessed. Prints a table; asserts nothing.

Queries are the median of five warm runs (the first, which also parses the query, is extra).
Run: ``make bench-scale`` or ``python bench/bench_scale.py --sizes 1000 10000 100000``.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate import generate  # bench/ is on sys.path when run as a script

STAGES = [
    "load",
    "reopen",
    "reasoning",
    "name index (once)",
    "query: partners (hub: most partners)",
    "query: partners (typical: Institution n/2)",
    "query: members",
    "query: agreements in a year",
    "query: institutions in ≥2 alliances (aggregate)",
    "projection",
    "betweenness (500 sources sampled above 2,000 nodes)",
    "centrality (all metrics)",
    "communities",
    "brokers",
    "ego view HTML (hub)",
    "whole view HTML",
    "peak memory (MiB, before validation)",
    "validation",
]
BASELINE = {"store": "memory", "reasoner": "owlrl"}
FAST = {"store": "oxigraph", "reasoner": "rules"}


def _emit(stage: str, value, **extra) -> None:
    print(json.dumps({"stage": stage, "value": value, **extra}), flush=True)


def _timed(stage: str, fn, **extra):
    t0 = time.perf_counter()
    value = fn()
    _emit(stage, time.perf_counter() - t0, **extra)
    return value


def _warm(stage: str, fn, repeat: int = 5, **extra):
    """A query's median over ``repeat`` warm runs (the first run, which parses, printed apart)."""
    t0 = time.perf_counter()
    fn()
    first = time.perf_counter() - t0
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    _emit(stage, statistics.median(times), first=first, **extra)


def child(data: Path, engine: dict, workdir: Path, skip: set[str]) -> None:
    """Run every stage for one configuration, printing one JSON line per stage as it ends."""
    import networkx as nx
    from rdflib import Literal

    from collabgraph.checks.validate import validate
    from collabgraph.loading.load import load
    from collabgraph.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH
    from collabgraph.network import igraph_backend
    from collabgraph.network.brokers import brokers
    from collabgraph.network.centrality import EXACT_LIMIT, SAMPLE, centrality, use_igraph
    from collabgraph.network.communities import communities
    from collabgraph.network.project import institution_graph
    from collabgraph.questions.lookup import names
    from collabgraph.questions.members import members
    from collabgraph.questions.partners import partners
    from collabgraph.reasoning.reason import infer
    from collabgraph.reasoning.rules import materialise
    from collabgraph.render import render_ego, render_whole
    from collabgraph.sparql.query import run_named
    from collabgraph.store import count_triples

    store = engine["store"]
    if store == "oxigraph":
        store = f"oxigraph:{workdir / 'store'}"
    t0 = time.perf_counter()
    ds = load(data=[data], curated=False, reason=False, store=store)
    seconds = time.perf_counter() - t0
    triples = sum(count_triples(ds, g.identifier) for g in ds.graphs())
    _emit("load", seconds, triples=triples, rate=triples / seconds)
    if store.startswith("oxigraph:"):
        ds.close()
        del ds
        gc.collect()  # the store's lock goes with the last reference
        ds = _timed("reopen", lambda: load(data=[data], curated=False, reason=False, store=store))
    if "reasoning" not in skip:
        if engine["reasoner"] == "rules":
            done = _timed("reasoning", lambda: materialise(ds, [ds.graph(ONTOLOGY_GRAPH)]))
            for step, seconds in done.seconds.items():  # where the rules spend their time
                _emit(f"reasoning · {step}", seconds)
        else:

            def owlrl_into_ds():
                inferred = infer([g for g in ds.graphs() if len(g)])
                target = ds.graph(INFERRED_GRAPH)
                target.addN((s, p, o, target) for s, p, o in inferred)

            _timed("reasoning", owlrl_into_ds)
    if "rest" in skip:
        return
    index = _timed("name index (once)", lambda: names(ds))
    median = f"Institution {int(data.name.rsplit('-', 1)[-1]) // 2}" if "-" in data.name else "Institution 1"
    _warm("query: partners (typical: Institution n/2)", lambda: partners(ds, median, index=index))
    _warm("query: members", lambda: members(ds, "Alliance 0", index=index))
    _warm("query: agreements in a year", lambda: run_named(ds, "agreements_in_year", year=Literal("2019")))
    _warm("query: institutions in ≥2 alliances (aggregate)", lambda: run_named(ds, "institutions_in_alliances"))
    g = _timed("projection", lambda: institution_graph(ds))
    # The worst case for per-institution queries and views: the institution with the most partners
    # (the generator's preferential attachment makes it a hub; which one depends on the seed).
    hub = max(g.degree, key=lambda node_degree: node_degree[1])[0]
    _warm(
        "query: partners (hub: most partners)", lambda: partners(ds, g.nodes[hub]["label"], index=index), neighbours=g.degree[hub]
    )
    backend = "auto" if engine is FAST else "networkx"
    k = SAMPLE if len(g) > EXACT_LIMIT else None
    if engine is FAST and use_igraph(g, backend):
        _timed("betweenness (500 sources sampled above 2,000 nodes)", lambda: igraph_backend.betweenness(g, k=k))
    else:
        _timed("betweenness (500 sources sampled above 2,000 nodes)", lambda: nx.betweenness_centrality(g, k=k, seed=42))
    _timed("centrality (all metrics)", lambda: centrality(g, backend=backend))
    _timed("communities", lambda: communities(g, backend=backend))
    _timed("brokers", lambda: brokers(g))
    _timed("ego view HTML (hub)", lambda: render_ego(g, hub, workdir / "ego.html"))
    _timed("whole view HTML", lambda: render_whole(g, workdir / "all.html", title="all"))
    _emit("peak memory (MiB, before validation)", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    if "validation" not in skip:  # last: pyshacl copies the graph into rdflib and may need the budget
        _timed("validation", lambda: validate(ds, cache=False))


def _run_child(data: Path, name: str, budget: float, skip: set[str]) -> dict:
    """Run one configuration in a child process; collect what it printed before the budget ran out.

    The child's lines go to ``<data>.<name>.jsonl`` as they come (``tail -f`` it on a long run).
    """
    cmd = [sys.executable, __file__, "--child", str(data), "--engine", name]
    for stage in sorted(skip):
        cmd += ["--skip", stage]
    log = data.with_name(f"{data.name}.{name}{'-' + '-'.join(sorted(skip)) if skip else ''}.jsonl")
    print(f"({name}: progress in {log})", flush=True)
    found: dict = {}
    with open(log, "w", encoding="utf-8") as out:
        child_process = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE, text=True)
        try:
            _, err = child_process.communicate(timeout=budget)
            if child_process.returncode:
                found["error"] = err.strip().splitlines()[-1] if err.strip() else "failed"
        except subprocess.TimeoutExpired:
            child_process.kill()
            child_process.communicate()
            found["error"] = f"stopped at the {budget:.0f} s budget"
    for line in log.read_text(encoding="utf-8").splitlines():
        if line.startswith("{"):
            row = json.loads(line)
            found[row["stage"]] = row
    return found


def oxigraph_parse_seconds(data: Path) -> tuple[float, int]:
    """Seconds Oxigraph's bulk loader alone takes to parse the files of ``data`` (and the triples)."""
    import pyoxigraph as ox

    files = sorted(p for p in data.rglob("*") if p.suffix in {".ttl", ".trig", ".nt", ".nq"})
    t0 = time.perf_counter()
    store = ox.Store()
    for path in files:
        fmt = ox.RdfFormat.TRIG if path.suffix == ".trig" else ox.RdfFormat.TURTLE
        store.bulk_load(path=str(path), format=fmt, to_graph=None if path.suffix == ".trig" else ox.NamedNode(path.as_uri()))
    seconds = time.perf_counter() - t0
    return seconds, len(store)


_MAIN_JOB = """
import json, os, resource, sys, threading, time
from collabgraph.build import build

together = [0]  # the job's and its child processes' (the TriG dump's) memory summed, sampled


def _tree(pid):
    found = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as kids:
                for kid in kids.read().split():
                    found += _tree(int(kid))
    except OSError:
        pass
    return found


def _pss(pid):
    # Proportional set size: a page two processes share counts half in each, so a child forked
    # from the job (before it execs) does not count the job's memory twice, as RSS would.
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _sample():
    while True:
        together[0] = max(together[0], sum(_pss(pid) for pid in _tree(os.getpid())))
        time.sleep(0.2)


if os.path.isdir("/proc/self/task"):
    threading.Thread(target=_sample, daemon=True).start()
t0 = time.perf_counter()
result = build(sys.argv[1], data=[sys.argv[2]], seeds_dir=None, store=sys.argv[3])
print(json.dumps({"seconds": result.seconds, "wall": time.perf_counter() - t0, "violations": result.violations,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "together_peak_mib": together[0] / 2**20 or None}))
"""


def main_job(data: Path, budget: float) -> list[dict]:
    """``build`` on ``data`` twice (empty cache, then unchanged inputs), each in a fresh process."""
    runs = []
    with tempfile.TemporaryDirectory(prefix="collabgraph-mainjob-") as tmp:
        env = {**__import__("os").environ, "COLLABGRAPH_CACHE": str(Path(tmp) / "cache")}
        store = "auto"  # as users run it: Oxigraph, persisted in the cache, above 5 MiB of input
        for _ in ("first", "second"):
            t0 = time.perf_counter()
            try:
                proc = subprocess.run(
                    [sys.executable, "-c", _MAIN_JOB, str(Path(tmp) / "out"), str(data), store],
                    capture_output=True,
                    text=True,
                    env=env,
                    timeout=budget,
                )
            except subprocess.TimeoutExpired:
                runs.append({"error": f"stopped at the {budget:.0f} s budget"})
                break
            if proc.returncode:
                runs.append({"error": (proc.stderr.strip().splitlines() or ["failed"])[-1]})
                break
            row = json.loads(proc.stdout.strip().splitlines()[-1])
            row["process"] = time.perf_counter() - t0  # with interpreter start and imports
            runs.append(row)
    return runs


def print_main_job(data: Path, budget: float) -> None:
    loader, triples = oxigraph_parse_seconds(data)
    runs = main_job(data, budget)
    print(f"\nMain job (`collabgraph build --data`, store auto). Oxigraph's bulk loader alone: {loader:.2f} s,")
    print(f"{triples:,} triples.")
    steps = list(dict.fromkeys(step for run in runs for step in run.get("seconds", {})))
    print("| step | first run | second run (unchanged inputs) |")
    print("| --- | ---: | ---: |")
    for step in steps:
        cells = [f"{run['seconds'][step]:.2f} s" if step in run.get("seconds", {}) else "—" for run in runs]
        print(f"| {step} | " + " | ".join(cells + ["—"] * (2 - len(cells))) + " |")
    whole = [
        f"{run['process']:.1f} s ({run['process'] / loader:.0f}× the loader)" if "process" in run else run["error"]
        for run in runs
    ]
    print("| **whole process** | " + " | ".join(whole + ["—"] * (2 - len(whole))) + " |")
    peaks = [f"{run['peak_mib']:.0f} MiB" if "peak_mib" in run else "—" for run in runs]
    print("| peak memory | " + " | ".join(peaks + ["—"] * (2 - len(peaks))) + " |")
    # The TriG dump runs in a second process beside the job: the two together, as proportional
    # set size (shared pages counted once), sampled every 0.2 s from /proc (a shorter spike can
    # slip between samples; the job's own peak above cannot).
    both = [f"{run['together_peak_mib']:.0f} MiB" if run.get("together_peak_mib") else "—" for run in runs]
    print("| peak memory, job and dump process together (PSS, sampled) | " + " | ".join(both + ["—"] * (2 - len(both))) + " |")


def _cell(row: dict | None, stage: str) -> str:
    if row is None:
        return "—"
    if stage == "load" and "rate" in row:
        return f"{row['value']:.2f} s ({row['rate'] / 1000:.0f} k/s)"
    if stage.startswith("peak"):
        return f"{row['value']:.0f}"
    value = row["value"]
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--budget", type=float, default=900, help="seconds per configuration")
    parser.add_argument(
        "--owlrl-budget", type=float, default=600, help="seconds for owlrl alone (it needs more than 10 minutes at 10,000)"
    )
    parser.add_argument(
        "--baseline-up-to",
        type=int,
        default=10_000,
        help="run the rdflib/owlrl/pyshacl baseline only up to this many institutions",
    )
    parser.add_argument("--main-job-budget", type=float, default=1800, help="seconds per run of the main job")
    parser.add_argument("--no-main-job", action="store_true", help="only the stages, not `collabgraph build`")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--engine", choices=["fast", "baseline"], help=argparse.SUPPRESS)
    parser.add_argument("--skip", action="append", default=[], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        with tempfile.TemporaryDirectory(prefix="collabgraph-scale-") as tmp:
            child(args.child, FAST if args.engine == "fast" else BASELINE, Path(tmp), set(args.skip))
        return
    root = Path(tempfile.mkdtemp(prefix="collabgraph-scale-"))
    for size in args.sizes:
        data = root / f"synthetic-{size}"
        t0 = time.perf_counter()
        generate(data, size, seed=1)
        print(f"\n## {size:,} institutions (generated in {time.perf_counter() - t0:.1f} s)")
        fast = _run_child(data, "fast", args.budget, set())
        if size <= args.baseline_up_to:
            # owlrl in a child of its own: if it runs out of budget the other stages still count
            base = _run_child(data, "baseline", args.budget, {"reasoning"})
            owlrl = _run_child(data, "baseline", args.owlrl_budget, {"rest"})
            base["reasoning"] = owlrl.get("reasoning")
            if "error" in owlrl:
                base["error"] = f"owlrl: {owlrl['error']}"
        else:
            base = {"error": f"baseline not run above {args.baseline_up_to:,} institutions"}
        triples = fast.get("load", {}).get("triples")
        if triples:
            print(f"{triples:,} triples")
        print("| stage | Oxigraph + rules (fast) | Memory + owlrl + pyshacl (baseline) | baseline ÷ fast |")
        print("| --- | ---: | ---: | ---: |")
        for stage in STAGES:
            f, b = fast.get(stage), base.get(stage)
            ratio = f"{b['value'] / f['value']:.1f}×" if f and b and f["value"] > 0 else ""
            print(f"| {stage} | {_cell(f, stage)} | {_cell(b, stage)} | {ratio} |")
        for name, found in (("fast", fast), ("baseline", base)):
            if "error" in found:
                print(f"{name}: {found['error']}")
        steps = [s for s in fast if s.startswith("reasoning · ")]
        if steps:
            print("\nWhere the rules spend their time (fast): " + ", ".join(f"{s[12:]} {_cell(fast[s], s)}" for s in steps))
        if not args.no_main_job:
            print_main_job(data, args.main_job_budget)


if __name__ == "__main__":
    main()
