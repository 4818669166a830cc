"""SHACL shapes: the curated data conforms; each small invalid example breaks exactly its rule."""

from pathlib import Path

import pytest

from collabgraph.checks.validate import validate
from collabgraph.loading.load import load
from collabgraph.network.metrics import with_metrics

CASES = Path(__file__).parent / "data" / "shapes"
VALID = sorted(CASES.glob("*/valid/*.ttl"))
INVALID = sorted(CASES.glob("*/invalid/*.ttl"))


def _report(path):
    # The shapes alone: load's own checks of user data (collabgraph.checks.user_data) refuse some of these first.
    return validate(load(data=[path], curated=False, reason=False, check=False))


def test_curated_data_conforms(ds_all):
    report = validate(ds_all)
    assert report.violations == []
    assert report.conforms


@pytest.mark.parametrize("path", VALID, ids=lambda p: f"{p.parts[-3]}/{p.stem}")
def test_valid_example_conforms(path):
    assert _report(path).violations == []


@pytest.mark.parametrize("path", INVALID, ids=lambda p: f"{p.parts[-3]}/{p.stem}")
def test_invalid_example_is_reported_with_node_and_rule(path):
    report = _report(path)
    assert not report.conforms
    line = str(report.violations[0])
    assert "ex:" in line and "[" in line and "sh:" in line


def test_violation_names_the_node_and_the_rule():
    report = _report(CASES / "agreement" / "invalid" / "one-party.ttl")
    assert [str(v) for v in report.violations] == [
        "Violation: ex:mou cg:hasParty: a collaboration needs at least two parties (cg:hasParty) "
        "[inline shape, sh:MinCountConstraintComponent]"
    ]


@pytest.mark.parametrize("path", INVALID + VALID, ids=lambda p: f"{p.parts[-3]}/{p.parts[-2]}/{p.stem}")
def test_chunked_validation_finds_the_same_violations_as_whole(path):
    ds = load(data=[path], curated=False, reason=False, check=False)
    whole = validate(ds).violations
    assert validate(ds, chunk=1, jobs=1, cache=False).violations == whole  # one subject per chunk: the worst case


def test_chunked_validation_of_curated_data_with_processes_conforms(ds_all):
    report = validate(ds_all, chunk=500, jobs=2, cache=False)
    assert report.conforms and report.violations == []


def test_chunked_validation_reports_a_party_that_has_no_triples(tmp_path):
    data = tmp_path / "ghost.ttl"
    data.write_text(
        (CASES / "agreement" / "valid").glob("*.ttl").__next__().read_text(encoding="utf-8")
        + '\nex:ghostmou a cg:MemorandumOfUnderstanding ; rdfs:label "MoU"@en ; '
        "cg:hasParty ex:ghost, ex:ghost2 ; cg:status cgs:signed ; cg:undated true .\n",
        encoding="utf-8",
    )
    ds = load(data=[data], curated=False, reason=False)
    whole = validate(ds).violations
    assert any("ex:ghost " in f"{v} " for v in whole)
    assert validate(ds, chunk=1, jobs=1, cache=False).violations == whole


@pytest.mark.parametrize("path", sorted(CASES.glob("annotation/invalid/*.ttl")), ids=lambda p: p.stem)
def test_chunked_validation_on_oxigraph_follows_blank_nodes_like_rdflib(path):
    pytest.importorskip("oxrdflib", reason="the oxigraph store needs collabgraph[fast]")
    whole = validate(load(data=[path], curated=False, reason=False)).violations
    ds = load(data=[path], curated=False, reason=False, store="oxigraph")
    assert whole and validate(ds, chunk=1, jobs=1, cache=False).violations == whole  # and ex: names the nodes


def _counting(monkeypatch):
    """Count the chunks pyshacl really validates (jobs=1 keeps them in this process)."""
    import importlib

    validation = importlib.import_module("collabgraph.checks.chunks")
    calls = []
    real = validation._chunk_violations

    def counted(*args):
        calls.append(args[1])
        return real(*args)

    monkeypatch.setattr(validation, "_chunk_violations", counted)
    return calls


@pytest.fixture(params=["memory", "oxigraph"])
def cached_run(request, tmp_path, monkeypatch):
    """A store to load into, and the list of chunks pyshacl validates, with a fresh cache."""
    if request.param == "oxigraph":
        pytest.importorskip("oxrdflib", reason="the oxigraph store needs collabgraph[fast]")
    monkeypatch.setenv("COLLABGRAPH_CACHE", str(tmp_path / "cache"))
    return request.param, _counting(monkeypatch)


def test_validating_reloaded_data_again_takes_every_chunk_from_the_cache(cached_run):
    store, calls = cached_run
    # Quotes are blank nodes, named afresh by every load: the chunk text must not depend on it.
    data = [CASES / "agreement" / "invalid" / "one-party.ttl", *sorted(CASES.glob("annotation/invalid/*.ttl"))[:1]]
    first = validate(load(data=data, curated=False, reason=False, store=store), chunk=2, jobs=1)
    assert calls and not first.conforms
    calls.clear()
    again = validate(load(data=data, curated=False, reason=False, store=store), chunk=2, jobs=1)
    assert calls == [] and again.violations == first.violations  # the violations come back too


def test_metrics_written_back_change_no_chunk_of_the_validation(cached_run):
    from collabgraph.network.project import institution_graph
    from collabgraph.network.writeback import write_metrics

    store, calls = cached_run
    ds = load(sources="seeds", store=store)
    first = validate(ds, chunk=500, jobs=1)
    g = institution_graph(ds)
    with_metrics(g)
    write_metrics(ds, g)  # a build's write-back, kept in a persistent store for the next run
    calls.clear()
    assert validate(ds, chunk=500, jobs=1) == first and calls == []


def test_after_adding_a_file_only_its_chunks_are_validated_again(tmp_path, monkeypatch):
    monkeypatch.setenv("COLLABGRAPH_CACHE", str(tmp_path / "cache"))
    calls = _counting(monkeypatch)
    first = sorted((CASES / "agreement" / "valid").glob("*.ttl"))[:1]
    validate(load(data=first, curated=False, reason=False), chunk=1000, jobs=1)
    before = len(calls)
    added = tmp_path / "added.ttl"
    added.write_text(
        "@prefix ex: <http://example.org/> .\n"
        "@prefix cg: <https://w3id.org/collabgraph/ontology#> .\n"
        "ex:newmou a cg:MemorandumOfUnderstanding ; cg:hasParty ex:nobody .\n",
        encoding="utf-8",
    )
    report = validate(load(data=[*first, added], curated=False, reason=False), chunk=1000, jobs=1)
    assert before >= 1 and len(calls) == before + 1  # one new chunk: the new file's
    assert any("ex:newmou" in str(v) for v in report.violations)
    assert report.violations == validate(load(data=[*first, added], curated=False, reason=False)).violations


def test_chunk_text_is_the_same_whatever_the_stores_blank_node_names_and_order():
    import importlib

    validation = importlib.import_module("collabgraph.checks.chunks")

    def facts(first, second):  # two facts quoting the same words: alike blank nodes, different owners
        return [
            (f"<http://example.org/{fact}>", "<https://w3id.org/collabgraph/ontology#evidence>", quote)
            for fact, quote in (("a", first), ("b", second))
        ] + [(quote, "<http://www.w3.org/ns/oa#exact>", '"same words"@de') for quote in (first, second)]

    one = facts("_:x1", "_:x2")
    other = list(reversed(facts("_:q9", "_:q3")))
    assert validation._canonical_text(one) == validation._canonical_text(other)
    assert validation._canonical_text(one) != validation._canonical_text(facts("_:x1", "_:x1"))


def test_validation_workers_start_from_a_script_without_a_main_guard(tmp_path):
    import subprocess
    import sys

    script = tmp_path / "check.py"  # what a user writes first: no `if __name__ == "__main__":`
    script.write_text(
        "from collabgraph.loading.load import load\n"
        "from collabgraph.checks.validate import validate\n"
        f"ds = load(data=[{str(CASES / 'agreement' / 'invalid' / 'one-party.ttl')!r}], curated=False, reason=False)\n"
        "print(len(validate(ds, chunk=1, jobs=2, cache=False).violations))\n",
        encoding="utf-8",
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "1"
