"""validate() answers the same whether pyshacl runs the shapes or Oxigraph runs them compiled to
SPARQL: the same violations, named the same way, on every shape example, the curated graph, a
generated graph broken once per kind of constraint, and a user's files judged in context."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_shacl_sparql import _generate, _inject  # the generator and the injected violations

from collabgraph.checks.validate import validate
from collabgraph.loading.load import load

pytest.importorskip("oxrdflib", reason="the oxigraph store needs collabgraph[fast]")

CASES = Path(__file__).parent / "data" / "shapes"


def _both(ds, **options):
    sparql = validate(ds, engine="sparql", **options)
    assert sparql == validate(ds, engine="pyshacl", **options)
    return sparql


@pytest.mark.parametrize("path", sorted(CASES.rglob("*.ttl")), ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}/{p.name}")
def test_each_shape_example_gets_the_same_report_from_both_engines(path):
    report = _both(load(data=[path], curated=False, reason=False, check=False, store="oxigraph"))
    assert report.conforms == (path.parent.name == "valid")


def test_the_curated_graph_gets_the_same_report_from_both_engines(ds_all):
    ds = load(sources="all", store="oxigraph")  # reasoned: the inferred graph is left out by both
    assert _both(ds).conforms


def test_a_broken_generated_graph_gets_the_same_report_from_both_engines(tmp_path):
    from rdflib import Graph

    data = Graph()
    for path in _generate(tmp_path / "generated", 120):
        data.parse(path)
    expected = _inject(data)
    broken = tmp_path / "broken.ttl"
    data.serialize(broken, format="turtle")
    report = _both(load(data=[broken], curated=False, reason=False, check=False, store="oxigraph"))
    rules = {v.rule.removeprefix("sh:") for v in report.violations}
    assert {component for _, _, component in expected} <= rules
    assert any(v.node.startswith("quote of ") for v in report.violations)  # blank quotes named by their fact


def test_on_oxigraph_auto_is_the_store_and_a_users_file_is_judged_in_context(tmp_path):
    mine = tmp_path / "mine.ttl"
    mine.write_text(
        "@prefix cg: <https://w3id.org/collabgraph/ontology#> .\n"
        "@prefix cgr: <https://w3id.org/collabgraph/id/> .\n"
        "cgr:my-mou a cg:MemorandumOfUnderstanding ; cg:hasParty cgr:ukm .\n",
        encoding="utf-8",
    )
    ds = load(sources="seeds", data=[mine], reason=False, store="oxigraph")
    from collabgraph.namespaces import graph_iri

    mine_only = _both(ds, focus_graphs=[graph_iri("user", "mine")])
    assert mine_only.violations and all(v.node == "cgr:my-mou" for v in mine_only.violations)
    assert validate(ds, focus_graphs=[graph_iri("user", "mine")]) == mine_only


def test_checks_still_parse_once_matplotlib_has_turned_on_pyparsings_packrat_cache():
    """matplotlib's mathtext enables pyparsing's packrat cache for every grammar at import, which
    makes rdflib's SPARQL parser need many more Python frames per nesting level."""
    import pyparsing

    ds = load(sources="seeds", reason=False)
    expected = validate(ds, engine="pyshacl")
    pyparsing.ParserElement.enable_packrat()
    try:
        assert validate(ds, engine="sparql") == expected  # the rdflib engine: rdflib parses every check
    finally:
        pyparsing.ParserElement.disable_memoization()
