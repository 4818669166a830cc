"""SHACL shapes: the curated data conforms; each small invalid example breaks exactly its rule."""

from pathlib import Path

import pytest

from collabgraph.load import load
from collabgraph.validate import validate

CASES = Path(__file__).parent / "data" / "shapes"
VALID = sorted(CASES.glob("*/valid/*.ttl"))
INVALID = sorted(CASES.glob("*/invalid/*.ttl"))


def _report(path):
    return validate(load(data=[path], curated=False, reason=False))


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
        "[inline shape, sh:MinCountConstraintComponent]"]


@pytest.mark.parametrize("path", INVALID + VALID, ids=lambda p: f"{p.parts[-3]}/{p.parts[-2]}/{p.stem}")
def test_chunked_validation_finds_the_same_violations_as_whole(path):
    ds = load(data=[path], curated=False, reason=False)
    whole = validate(ds).violations
    assert validate(ds, chunk=1, jobs=1).violations == whole  # one subject per chunk: the worst case


def test_chunked_validation_of_curated_data_with_processes_conforms(ds_all):
    report = validate(ds_all, chunk=500, jobs=2)
    assert report.conforms and report.violations == []


def test_chunked_validation_reports_a_party_that_has_no_triples(tmp_path):
    data = tmp_path / "ghost.ttl"
    data.write_text(
        (CASES / "agreement" / "valid").glob("*.ttl").__next__().read_text(encoding="utf-8")
        + "\nex:ghostmou a cg:MemorandumOfUnderstanding ; rdfs:label \"MoU\"@en ; "
        "cg:hasParty ex:ghost, ex:ghost2 ; cg:status cgs:signed ; cg:undated true .\n",
        encoding="utf-8")
    ds = load(data=[data], curated=False, reason=False)
    whole = validate(ds).violations
    assert any("ex:ghost " in f"{v} " for v in whole)
    assert validate(ds, chunk=1, jobs=1).violations == whole


@pytest.mark.parametrize("path", sorted(CASES.glob("annotation/invalid/*.ttl")), ids=lambda p: p.stem)
def test_chunked_validation_on_oxigraph_follows_blank_nodes_like_rdflib(path):
    pytest.importorskip("oxrdflib", reason="the oxigraph store needs collabgraph[fast]")
    whole = validate(load(data=[path], curated=False, reason=False)).violations
    ds = load(data=[path], curated=False, reason=False, store="oxigraph")
    assert whole and validate(ds, chunk=1, jobs=1).violations == whole  # and ex: names the nodes
