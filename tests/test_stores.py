"""The same competency questions answered by every store behind the seam.

The remote store is a real Oxigraph server (the ``oxigraph`` package's binary), started on a free
loopback port, filled with ``collabgraph push`` and read back through ``--store sparql:URL``.
"""

import gc
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from rdflib import Dataset, Literal
from typer.testing import CliRunner

from collabgraph.errors import CollabgraphError
from collabgraph.export.push import push
from collabgraph.loading.load import load
from collabgraph.namespaces import CGR, SRC
from collabgraph.network.metrics import with_metrics
from collabgraph.network.project import institution_graph
from collabgraph.questions.members import members
from collabgraph.questions.partners import partners
from collabgraph.sparql.query import run, run_named

STORES = ["memory", "oxigraph", "oxigraph-server"]


def _oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(found).is_file():
        pytest.skip("the Oxigraph server binary is not installed (pip install oxigraph)")
    return found


def _start_oxigraph(location: Path, *extra: str):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [_oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}", *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/query"
    for _ in range(100):
        try:
            httpx.get(url, params={"query": "ASK {}"}, timeout=1)
            return proc, url
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"oxigraph did not start: {proc.stderr.read().decode()[:500]}")


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    """A union-default-graph Oxigraph server holding what ``push`` sent; yields its store spec."""
    proc, url = _start_oxigraph(tmp_path_factory.mktemp("oxigraph"), "--union-default-graph")
    try:
        yield f"sparql:{url}"
    finally:
        proc.kill()
        proc.wait()


@pytest.fixture
def fresh_server(tmp_path):
    """An empty union-default-graph Oxigraph server for one test."""
    proc, url = _start_oxigraph(tmp_path / "oxigraph", "--union-default-graph")
    try:
        yield f"sparql:{url}"
    finally:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module", params=STORES)
def ds(request, reference):
    if request.param == "oxigraph-server":
        spec = request.getfixturevalue("oxigraph_server")
        push(spec, dataset=reference)
        return load(store=spec)
    if request.param == "oxigraph":
        pytest.importorskip("oxrdflib", reason="the oxigraph store needs collabgraph[fast]")
    return load(store=request.param)


@pytest.fixture(scope="module")
def reference():
    return load(store="memory")


def _answers(ds):
    return {
        "partners": sorted(((p.label, v.iri, v.date) for p in partners(ds, "Maastricht University") for v in p.via), key=repr),
        "members": sorted(((m.label, m.role, m.since, m.source) for m in members(ds, "CHARM-EU")), key=repr),
        "agreements_2019": sorted(r["agreement"] for r in run_named(ds, "agreements_in_year", year=Literal("2019"))),
        "two_alliances": sorted((r["institution"], r["alliances"]) for r in run_named(ds, "institutions_in_alliances")),
        "facts_004": sorted(
            (r["fact"], r["quote"]) for r in run_named(ds, "facts_by_source", source=SRC["004_e6e09fa7cb1010b6"])
        ),
    }


def _as_graphs(quads) -> dict[str, object]:
    """Each named graph of pyoxigraph ``quads`` as an rdflib graph compared up to blank node names."""
    from rdflib import Graph
    from rdflib.compare import to_isomorphic

    lines: dict[str, list[str]] = {}
    for q in quads:
        lines.setdefault(q.graph_name.value, []).append(f"{q.subject} {q.predicate} {q.object} .\n")
    return {name: to_isomorphic(Graph().parse(data="".join(text), format="nt")) for name, text in lines.items()}


def _graph_sizes(ds):
    rows = Dataset.query(ds, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {str(g): int(n) for g, n in rows}


def test_every_store_gives_the_same_competency_answers(ds, reference):
    assert _answers(ds) == _answers(reference)


def test_every_store_gives_the_same_network(ds, reference):
    a, b = institution_graph(ds), institution_graph(reference)
    assert sorted(a.edges()) == sorted(b.edges())
    assert (
        a.edges[str(CGR.ukm), str(CGR["klinikum-osnabrueck"])]["ties"]
        == b.edges[str(CGR.ukm), str(CGR["klinikum-osnabrueck"])]["ties"]
    )


def test_persistent_oxigraph_store_is_reopened_without_parsing(tmp_path, monkeypatch):
    pytest.importorskip("oxrdflib", reason="the oxigraph store needs collabgraph[fast]")
    spec = f"oxigraph:{tmp_path / 'kg'}"
    first = load(store=spec, sources="seeds")
    count = len(first)
    first.close()
    import importlib

    module = importlib.import_module("collabgraph.loading.load")  # the package's load() shadows it

    def refuse(*args, **kwargs):
        raise AssertionError("reopening parsed the files again")

    monkeypatch.setattr(module, "parse_file", refuse)
    second = load(store=spec, sources="seeds")
    assert len(second) == count
    assert [p.label for p in partners(second, "Klinikum Osnabrück")] == ["University Hospital Münster"]


def test_unknown_store_is_a_clear_error():
    with pytest.raises(CollabgraphError, match="unknown store 'postgres'"):
        load(store="postgres")


def test_push_replaces_graphs_so_pushing_twice_changes_nothing(fresh_server, reference):
    first = push(fresh_server, dataset=reference)
    second = push(fresh_server, dataset=reference)
    remote = load(store=fresh_server)
    assert first.triples == second.triples
    assert _graph_sizes(remote) == _graph_sizes(reference)


def test_push_drops_collabgraph_graphs_no_longer_pushed(fresh_server, reference):
    push(fresh_server, dataset=reference)
    seeds_only = load(sources="seeds")
    result = push(fresh_server, dataset=seeds_only)
    remote = load(store=fresh_server)
    assert any("/graph/public/" in iri for iri in result.dropped)
    assert _graph_sizes(remote) == _graph_sizes(seeds_only)


def test_cli_pushes_then_reads_from_the_server(fresh_server):
    from collabgraph.cli.commands import app

    runner = CliRunner()
    pushed = runner.invoke(app, ["--store", fresh_server, "push", "--sources", "seeds"])
    assert pushed.exit_code == 0, pushed.output
    assert "pushed" in pushed.output and "graph/seed/004" in pushed.output
    answer = runner.invoke(app, ["--store", fresh_server, "partners", "Klinikum Osnabrück", "--format", "csv"])
    assert answer.exit_code == 0, answer.output
    assert "University Hospital Münster" in answer.output


def test_server_whose_default_graph_is_not_the_union_is_refused(tmp_path, reference):
    proc, url = _start_oxigraph(tmp_path / "plain")
    try:
        push(f"sparql:{url}", dataset=reference)
        with pytest.raises(CollabgraphError, match="union-default-graph"):
            load(store=f"sparql:{url}")
    finally:
        proc.kill()
        proc.wait()


def test_unreachable_endpoint_is_a_clear_error():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(CollabgraphError, match="cannot reach the SPARQL endpoint"):
        load(store=f"sparql:http://127.0.0.1:{port}/query")


def test_remote_store_refuses_choosing_files_when_reading(oxigraph_server):
    with pytest.raises(CollabgraphError, match="choose sources and data files with collabgraph push"):
        load(store=oxigraph_server, sources="seeds")


def test_main_job_runs_on_a_copy_of_the_remote_dataset(fresh_server, tmp_path):
    from collabgraph.build import build

    push(fresh_server, dataset=load(sources="seeds"))
    result = build(tmp_path / "out", store=fresh_server)
    assert result.ok, result
    assert (tmp_path / "out" / "dataset.trig").stat().st_size > 0
    assert "graph/metrics" in (tmp_path / "out" / "dataset.trig").read_text()


def test_malformed_turtle_on_oxigraph_names_file_and_line(tmp_path):
    pytest.importorskip("oxrdflib", reason="the oxigraph store needs collabgraph[fast]")
    from collabgraph.errors import DataFileError

    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "open .\n')
    with pytest.raises(DataFileError, match=r"bad\.ttl:3: "):
        load(store="oxigraph", data=[bad], curated=False, reason=False)


def test_quotes_pushed_in_many_requests_stay_whole(fresh_server, reference):
    # 50 triples a request: an annotation's triples land in different requests, and stay one
    # node only because its blank node is skolemised the same way in each.
    push(fresh_server, dataset=reference, chunk=50)
    remote = load(store=fresh_server)
    count = (
        "SELECT (COUNT(*) AS ?n) WHERE { ?fact cg:evidence ?ann . ?ann oa:hasTarget ?t . "
        "?t oa:hasSource ?doc ; oa:hasSelector ?sel . ?sel oa:exact ?quote }"
    )
    assert run(remote, count)[0]["n"] == run(reference, count)[0]["n"] > 100


def test_persistent_store_is_not_reused_after_an_interrupted_reload(tmp_path, monkeypatch):
    pytest.importorskip("oxrdflib", reason="the oxigraph store needs collabgraph[fast]")
    import importlib

    spec = f"oxigraph:{tmp_path / 'kg'}"
    first = load(store=spec, sources="seeds", reason=False)
    first.close()
    del first
    gc.collect()  # the store's lock goes with the last reference
    module = importlib.import_module("collabgraph.loading.load")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(module, "parse_file", interrupted)
    with pytest.raises(KeyboardInterrupt):
        load(store=spec, sources="all", reason=False)  # other files: a reload, cut short
    gc.collect()
    monkeypatch.undo()
    again = load(store=spec, sources="seeds", reason=False)
    assert len(again) > 1000  # reloaded in full, not the half-emptied store


def test_auto_store_is_memory_for_the_curated_graph_and_a_cached_oxigraph_store_for_big_inputs(monkeypatch, tmp_path):
    pytest.importorskip("oxrdflib", reason="the oxigraph store needs collabgraph[fast]")
    import importlib

    from collabgraph.store import is_oxigraph

    monkeypatch.setenv("COLLABGRAPH_CACHE", str(tmp_path))
    assert not is_oxigraph(load(sources="seeds", reason=False))
    module = importlib.import_module("collabgraph.store.spec")
    monkeypatch.setattr(module, "AUTO_STORE_BYTES", 1000)  # the seeds now count as big
    first = load(sources="seeds")
    assert is_oxigraph(first)
    [store] = (tmp_path / "stores").iterdir()
    assert (store / "store" / "collabgraph-content-key").is_file()  # finished, so reopened next time
    size = len(first)
    busy = load(sources="seeds")  # the store is held by `first`: this one works in memory
    assert is_oxigraph(busy) and len(busy) == size
    first.close()
    del first, busy
    gc.collect()
    assert len(load(sources="seeds")) == size  # reopened
    assert len(list((tmp_path / "stores").iterdir())) == 1


def test_auto_store_keeps_only_the_most_recent_cached_stores(monkeypatch, tmp_path):
    pytest.importorskip("oxrdflib", reason="the oxigraph store needs collabgraph[fast]")
    import importlib

    from collabgraph.loading.load import CACHED_STORES

    monkeypatch.setenv("COLLABGRAPH_CACHE", str(tmp_path))
    monkeypatch.setattr(importlib.import_module("collabgraph.store.spec"), "AUTO_STORE_BYTES", 1000)
    for n in range(CACHED_STORES + 2):
        extra = tmp_path / f"extra{n}.ttl"
        extra.write_text(f"<urn:s> <urn:p> {n} .\n", encoding="utf-8")
        ds = load(sources="seeds", data=[extra], reason=False)
        ds.close()
        del ds
        gc.collect()
    assert len(list((tmp_path / "stores").iterdir())) == CACHED_STORES


def test_metrics_written_back_twice_are_the_same_triples_on_memory_and_oxigraph():
    pytest.importorskip("oxrdflib", reason="the oxigraph store needs collabgraph[fast]")
    from collabgraph.network.writeback import METRICS_GRAPH, PROPERTIES, write_metrics

    found = []
    for spec in ("memory", "oxigraph"):
        ds = load(store=spec)
        g = institution_graph(ds)
        with_metrics(g)
        write_metrics(ds, g)
        write_metrics(ds, g)  # replaces the first write, adds nothing
        props = {prop for prop, _ in PROPERTIES.values()}
        found.append({t for t in ds.graph(METRICS_GRAPH) if t[1] in props})
    expected = sum(1 for _, data in g.nodes(data=True) for key in PROPERTIES if key in data)
    assert len(found[0]) == expected > 0
    assert found[0] == found[1]


def test_persistent_store_reopens_with_the_prefixes_of_its_files(tmp_path):
    pytest.importorskip("oxrdflib", reason="the oxigraph store needs collabgraph[fast]")
    data = tmp_path / "data"
    data.mkdir()
    (data / "extra.ttl").write_text(
        '@prefix ex: <http://example.org/extra#> .\nex:thing <http://www.w3.org/2000/01/rdf-schema#label> "thing" .\n',
        encoding="utf-8",
    )
    spec = f"oxigraph:{tmp_path / 'kg'}"
    first = load(store=spec, sources="seeds", data=[data], reason=False)
    before = {p: str(ns) for p, ns in first.namespaces()}
    first.close()
    second = load(store=spec, sources="seeds", data=[data], reason=False)
    assert before["ex"] == "http://example.org/extra#"
    assert {p: str(ns) for p, ns in second.namespaces()} == before


@pytest.mark.parametrize(
    "command",
    [
        ["partners", "Maastricht University", "--format", "json"],
        ["partners", "Maastricht University", "--as-of", "2020", "--format", "json", "--former"],
        ["members", "CHARM-EU", "--format", "json", "--former"],
    ],
)
def test_the_same_question_gives_byte_identical_json_on_every_store(fresh_server, command):
    from collabgraph.cli.commands import app

    pytest.importorskip("oxrdflib", reason="the oxigraph store needs collabgraph[fast]")
    runner = CliRunner()
    pushed = runner.invoke(app, ["--store", fresh_server, "push"])
    assert pushed.exit_code == 0, pushed.output
    outputs = {}
    for store in ("memory", "oxigraph", fresh_server):
        result = runner.invoke(app, ["--store", store, *command])
        assert result.exit_code == 0, (store, result.output)
        outputs[store] = result.stdout
    assert outputs["memory"] == outputs["oxigraph"] == outputs[fresh_server]
    assert len(outputs["memory"]) > 1000


def test_a_tie_shows_the_same_quote_whatever_the_row_order_and_the_store():
    data = Path(__file__).parent / "data" / "two-mentions.ttl"
    outputs = set()
    for seed in ("0", "3", "6"):
        for store in ("memory", "oxigraph"):
            result = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "collabgraph",
                    "--store",
                    store,
                    "partners",
                    "UKM",
                    "--format",
                    "json",
                    "--data",
                    str(data),
                ],
                capture_output=True,
                text=True,
                timeout=300,
                env={**__import__("os").environ, "PYTHONHASHSEED": seed},
            )
            assert result.returncode == 0, result.stderr
            outputs.add(result.stdout)
    assert len(outputs) == 1 and "first mention" in outputs.pop()


def test_a_persistent_store_is_filled_from_a_copy_in_memory_that_validation_then_takes(tmp_path, monkeypatch):
    pytest.importorskip("oxrdflib", reason="the oxigraph store needs collabgraph[fast]")
    import pyoxigraph as ox

    import collabgraph.store.oxigraph as oxigraph_store
    from collabgraph.checks.validate import validate
    from collabgraph.namespaces import DERIVED_GRAPHS
    from collabgraph.store import lend_memory_copy, memory_copy, native_oxigraph

    filled = load(store=f"oxigraph:{tmp_path / 'kg'}", sources="seeds", reasoner="rules", keep_copy=True)
    direct = load(store="oxigraph", sources="seeds", reasoner="rules")
    assert _graph_sizes(filled) == _graph_sizes(direct)
    derived = {ox.NamedNode(str(g)) for g in DERIVED_GRAPHS}
    asserted = {q for q in native_oxigraph(filled) if q.graph_name not in derived}
    copy = memory_copy(filled, skip=DERIVED_GRAPHS)
    # The same graphs; the store parsed the files itself, so its blank nodes (the quotes) have
    # names of their own, and nothing inferred mentions one.
    assert _as_graphs(native_oxigraph(copy)) == _as_graphs(asserted)
    assert any(isinstance(q.subject, ox.BlankNode) for q in asserted)
    inferred = [q for q in native_oxigraph(filled) if q.graph_name in derived]
    assert inferred and not any(isinstance(t, ox.BlankNode) for q in inferred for t in (q.subject, q.object))
    lend_memory_copy(filled, copy)
    expected = validate(direct)

    def refuse(*args, **kwargs):
        raise AssertionError("validation copied the store although the load kept its copy")

    monkeypatch.setattr(oxigraph_store, "memory_copy", refuse)
    assert validate(filled) == expected
    with pytest.raises(AssertionError, match="validation copied"):
        validate(filled)  # taken once: a second validation copies again


def test_a_refused_user_file_leaves_a_persistent_store_empty_after_its_loader_stopped(tmp_path):
    pytest.importorskip("oxrdflib", reason="the oxigraph store needs collabgraph[fast]")
    from collabgraph.errors import DataFileError
    from collabgraph.store import new_dataset

    mine = tmp_path / "mine.ttl"
    mine.write_text('@prefix cg: <https://w3id.org/collabgraph/ontology#> .\n<urn:a> cg:startDate "2019-02-30" .\n')
    spec = f"oxigraph:{tmp_path / 'kg'}"
    with pytest.raises(DataFileError, match="mine.ttl"):
        load(store=spec, sources="all", data=[mine])  # the curated files are bulk-loaded beside the checks
    gc.collect()  # the store's lock goes with the last reference
    assert len(new_dataset(spec)) == 0


@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
def test_constructs_run_together_each_read_the_store_as_it_was_before_them(kind):
    if kind == "oxigraph":
        pytest.importorskip("oxrdflib", reason="the oxigraph store needs collabgraph[fast]")
    from rdflib import URIRef

    from collabgraph.store import backend, new_dataset

    ds = new_dataset(kind)
    ds.graph(URIRef("urn:g")).add((URIRef("urn:s"), URIRef("urn:p"), URIRef("urn:o")))
    copy = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
    swap = "CONSTRUCT { ?o ?p ?s } WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert backend(ds).construct_each([(copy, URIRef("urn:a")), (swap, URIRef("urn:b"))]) == [1, 1]
    assert set(ds.graph(URIRef("urn:b"))) == {(URIRef("urn:o"), URIRef("urn:p"), URIRef("urn:s"))}
