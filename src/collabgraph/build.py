"""The main job: load, validate, reason, verify quotes, and write everything under ``out/``.

A run ends by writing ``out/build.json``: what it read (a key over the input files' bytes, the
source documents, the options, collabgraph's code and the libraries' versions), what it wrote
(each output's SHA-256) and what it found. The next run with the same key, whose outputs are all
still there unchanged, reports that record instead of doing the work again, the way ``make``
treats a target newer than its inputs, but by content; ``rebuild=True`` (``--rebuild``) runs
anyway.
"""

from __future__ import annotations

import hashlib
import json
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from collabgraph.checks.validate import validate
from collabgraph.checks.verify import verify_quotes
from collabgraph.export.flatten import flattening
from collabgraph.export.trig_beside import start as dump_beside
from collabgraph.files.atomic import atomic_write_text
from collabgraph.loading.load import load
from collabgraph.namespaces import INFERRED_GRAPH, METRICS_GRAPH
from collabgraph.questions.stats import stats
from collabgraph.reasoning.reason import inconsistencies
from collabgraph.store import is_remote, local_copy

__all__ = ["BuildResult", "build", "default_seeds_dir", "RECORD"]

#: The record of the last run, in the output directory.
RECORD = "build.json"
#: Libraries whose versions change what a build writes.
_LIBRARIES = ("rdflib", "pyoxigraph", "oxrdflib", "owlrl", "pyshacl", "networkx", "igraph", "numpy", "matplotlib", "jinja2")


@dataclass
class BuildResult:
    """What the main job did: files written, violations, quotes checked, timings in seconds."""

    outputs: list[str] = field(default_factory=list)
    violations: int = 0
    inconsistencies: list[str] = field(default_factory=list)
    quotes_checked: int = 0
    quotes_missing: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    #: True when the outputs were already up to date (nothing was recomputed).
    up_to_date: bool = False

    @property
    def ok(self) -> bool:
        """No violations, no inconsistency, no missing quote."""
        return not (self.violations or self.inconsistencies or self.quotes_missing)

    @contextmanager
    def timed(self, step: str):
        """Add the seconds the ``with`` block takes to ``seconds[step]``."""
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[step] = self.seconds.get(step, 0.0) + time.perf_counter() - t0


def default_seeds_dir() -> Path | None:
    """``shared/seeds`` beside the checkout (or ``$COLLABGRAPH_SEEDS``), if it exists."""
    import os

    env = os.environ.get("COLLABGRAPH_SEEDS")
    candidates = [Path(env)] if env else []
    candidates += [Path.cwd().parent / "shared" / "seeds", Path.cwd() / "shared" / "seeds"]
    return next((c for c in candidates if c.is_dir()), None)


def build(
    out_dir: Path | str = "out",
    *,
    sources: str = "all",
    data=(),
    seeds_dir: Path | str | None = None,
    since: int = 2018,
    store: str = "auto",
    reasoner: str = "auto",
    rebuild: bool = False,
) -> BuildResult:
    """Run the main job and write its outputs under ``out_dir``.

    Writes ``dataset.trig`` (every named graph: inferred and metrics included),
    ``validation.txt``, ``stats.json``, ``quotes.txt`` (when the source documents are found),
    ``metrics.json``, ``brokers.json``, ``growth.json`` with ``growth.png``/``growth.svg`` (years
    from ``since``), ``network.html`` (whole network with a time slider), ``communities.html``
    (every institution coloured by its community; above 5,000 institutions one node per community),
    ``ego.html`` (around
    the most central institution), ``network.graphml``, ``network.gexf``, ``csv/`` and
    ``vosviewer/``. Every file is written atomically. With a remote ``sparql:URL`` store the
    job reads the server's dataset once and works on that copy (it never writes to the server).

    When ``out/build.json`` records a run on the same inputs whose outputs are unchanged, that
    run's result is returned (``up_to_date``) without loading anything; ``rebuild`` runs anyway.
    A named persistent or remote store is always loaded (the job fills or reads it).

    Examples
    --------
    >>> import tempfile
    >>> out = tempfile.mkdtemp()
    >>> first = build(out, sources="seeds")
    >>> first.ok, first.up_to_date, "metrics.json" in " ".join(first.outputs)
    (True, False, True)
    >>> again = build(out, sources="seeds")
    >>> again.up_to_date, again.outputs == first.outputs, again.violations == first.violations
    (True, True, True)
    """
    out = Path(out_dir)
    seeds = Path(seeds_dir) if seeds_dir else default_seeds_dir()
    t0 = time.perf_counter()
    record_key = None
    if store in ("auto", "memory", "oxigraph"):  # a store of the user's is filled or read: always run
        record_key = _inputs_key(sources, data, seeds, {"since": since, "reasoner": reasoner})
        if not rebuild and (recorded := _recorded(out, record_key)) is not None:
            recorded.seconds = {"up to date": time.perf_counter() - t0}
            return recorded
    result = BuildResult()
    with result.timed("load+reason"):
        # keep_copy: validation reads the asserted graphs in memory, and a persistent store is
        # filled from such a copy: validation takes it instead of copying the store again.
        ds = load(sources=sources, data=data, reason=True, store=store, reasoner=reasoner, keep_copy=True)
        if is_remote(store):  # validation, write-back and the TriG dump need the graph whole and writable
            ds = local_copy(ds)
    # dataset.trig, but for the metrics written later, is dumped by a second process meanwhile.
    with dump_beside(ds, out / "dataset.trig", later=[METRICS_GRAPH]) as dumping:
        with result.timed("validate"):
            report = validate(ds)
            result.violations = len(report.violations)
            result.inconsistencies = inconsistencies(ds.graph(INFERRED_GRAPH))
            _give_back_memory()

        quote_lines = []
        if seeds is not None:
            with result.timed("quotes"):
                checks = verify_quotes(ds, seeds)
                result.quotes_checked = len(checks)
                result.quotes_missing = [str(c) for c in checks if not c.found]
                quote_lines = [str(c) for c in checks]

        result.outputs += _network_outputs(ds, out, since=since, result=result)

        with result.timed("dataset"):
            _give_back_memory()  # the exports' rows and strings
            result.outputs += [str(p) for p in dumping.finish()]
        with result.timed("stats"):
            files = {
                "validation.txt": str(report) + "\n",
                "stats.json": json.dumps([asdict(s) for s in stats(ds)], indent=2) + "\n",
            }
            if quote_lines:
                files["quotes.txt"] = "\n".join(quote_lines) + "\n"
            for name, text in files.items():
                result.outputs.append(str(atomic_write_text(out / name, text)))
    if record_key is not None:
        _record(out, record_key, result)
    return result


def _give_back_memory() -> None:
    """Hand the memory a finished step freed back to the operating system, so the next step's
    memory does not come on top of it.

    glibc keeps freed heap pages for reuse, and Python's allocator cannot reuse them: the pages of
    loading and of validation's in-memory copy of the asserted graphs (RSS 1.9 GB before
    validation, 3.0 GB after, at 100,000 institutions) stayed resident through the network steps
    (peak 5.0 GB); after each big step ``malloc_trim`` returns them (peak 3.6 GB). Where the C
    library is not glibc, nothing happens.
    """
    import ctypes
    import gc

    gc.collect()  # anything validation left in reference cycles goes first
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _digest(path: Path) -> str:
    """SHA-256 of a file, read in blocks (outputs and inputs may be hundreds of megabytes)."""
    h = hashlib.sha256()
    with open(path, "rb") as stream:
        while block := stream.read(1 << 20):
            h.update(block)
    return h.hexdigest()


def _inputs_key(sources: str, data, seeds: Path | None, options: dict) -> str:
    """What a build's outputs depend on: every input file's bytes (the ontology and shapes, the
    curated and the user's data, the source documents), the options, collabgraph's code (its
    modules, queries and templates) and the libraries' versions."""
    from collabgraph.cache import key
    from collabgraph.loading.sources import data_files
    from collabgraph.resources import ontology_dir

    inputs = sorted({f.path.resolve() for f in data_files(sources, data)} | set(ontology_dir().glob("*.ttl")))
    if seeds is not None:
        inputs += sorted(p.resolve() for p in seeds.rglob("*") if p.is_file())
    package = Path(__file__).parent
    code = sorted(p for p in package.rglob("*") if p.is_file() and p.suffix in {".py", ".rq", ".html", ".js", ".css", ".json"})
    parts = [json.dumps({"sources": sources, "seeds": str(seeds), **options}, sort_keys=True)]
    parts += [f"{p}\0{_digest(p)}" for p in inputs]
    parts += [f"{p.relative_to(package)}\0{_digest(p)}" for p in code]
    return key(parts, libraries=_LIBRARIES)


def _recorded(out: Path, record_key: str) -> BuildResult | None:
    """The recorded result when ``out/build.json`` has ``record_key`` and every output it lists is unchanged."""
    try:
        record = json.loads((out / RECORD).read_text(encoding="utf-8"))
        if record.get("key") != record_key:
            return None
        for name, digest in record["outputs"].items():
            path = out / name
            if path.is_dir() or not path.is_file() or _digest(path) != digest:
                return None
        return BuildResult(**{**record["result"], "up_to_date": True})
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no record, or one this version cannot read: run


def _record(out: Path, record_key: str, result: BuildResult) -> None:
    wanted = {Path(o).resolve() for o in result.outputs}
    files = sorted(p for p in out.rglob("*") if p.is_file() and ({p.resolve(), *p.resolve().parents} & wanted))
    written = {str(p.relative_to(out)): _digest(p) for p in files}
    summary = {k: v for k, v in asdict(result).items() if k not in ("seconds", "up_to_date")}
    atomic_write_text(out / RECORD, json.dumps({"key": record_key, "outputs": written, "result": summary}, indent=1) + "\n")


#: The network files a build exports: format → file or folder under ``out``.
_EXPORTS = (("graphml", "network.graphml"), ("gexf", "network.gexf"), ("csv", "csv"), ("vosviewer", "vosviewer"))


def _network_outputs(ds, out: Path, *, since: int, result: BuildResult) -> list[str]:
    """Metrics (also written back into ``ds``), brokers, growth, pictures and exports.

    The metrics are written back in a second thread while the rest is computed, drawn and
    exported: none of that reads the store or changes ``g``'s nodes, and Oxigraph's bulk loader
    runs without Python's lock (8 s at 100,000 institutions, now beside the pictures). The step
    ends when they are written, before the dump appends the metrics graph and stats count it.
    """
    from collabgraph.export import export
    from collabgraph.network.brokers import brokers
    from collabgraph.network.growth import growth
    from collabgraph.network.metrics import with_metrics
    from collabgraph.network.project import history_view, institution_graphs
    from collabgraph.network.writeback import write_metrics
    from collabgraph.render import growth_chart, render_communities, render_ego, render_whole

    with result.timed("projection"):
        history, g = institution_graphs(ds, {"history": True}, {})  # the ties read once
    with ThreadPoolExecutor(1) as writer:
        with result.timed("metrics"):
            annotated = with_metrics(g)
            ranked, found = annotated.ranked, annotated.communities
            parameters = {"communities": found.method, "seed": found.seed, "modularity": found.modularity}
            written_back = writer.submit(write_metrics, ds, g, parameters=parameters)
            history = history_view(ds, g, history=history)  # growth and the year slider
            grown = growth(history, since=since)
            written = [
                atomic_write_text(
                    out / "metrics.json",
                    json.dumps(
                        [{**asdict(m), "community": g.nodes[m.iri].get("community")} for m in ranked],
                        indent=2,
                        ensure_ascii=False,
                    )
                    + "\n",
                ),
                atomic_write_text(
                    out / "brokers.json",
                    json.dumps([{**asdict(b), "reasons": b.reasons} for b in brokers(g)], indent=2, ensure_ascii=False) + "\n",
                ),
                atomic_write_text(out / "growth.json", json.dumps(asdict(grown), indent=2) + "\n"),
            ]
        with result.timed("pictures"):
            written += [
                growth_chart(grown.years, out / "growth.png", undated=grown.undated["ties"]),
                growth_chart(grown.years, out / "growth.svg", undated=grown.undated["ties"]),
                render_whole(history, out / "network.html", title="collabgraph: the whole network"),
                render_communities(g, out / "communities.html", title="collabgraph: the network by community"),
            ]
            if ranked:
                written.append(
                    render_ego(
                        g,
                        ranked[0].iri,
                        out / "ego.html",
                        size_by="betweenness",
                        title=f"Network around {ranked[0].label}",
                        history=history,
                    )
                )
        with result.timed("exports"), flattening():  # each edge's ties summarised once for all formats
            for fmt, target in _EXPORTS:
                written += export(g, fmt, out / target)
        with result.timed("metrics written back"):
            written_back.result()  # its errors are raised here
    return [str(p) for p in written]
