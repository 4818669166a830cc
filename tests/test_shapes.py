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
