"""RDF export: Turtle (union), TriG and JSON-LD (named graphs) parse back with rdflib unchanged."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from collabgraph.export import export
from collabgraph.export.rdf import union_graph

PARSERS = {"ttl": "turtle", "trig": "trig", "jsonld": "json-ld"}
CG = "https://w3id.org/collabgraph/"
XSD = "http://www.w3.org/2001/XMLSchema#"
DECIMAL, YEAR_MONTH = URIRef(XSD + "decimal"), URIRef(XSD + "gYearMonth")

# rdflib's own TriG parser builds a ConjunctiveGraph internally; nothing of ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


def small_dataset() -> Dataset:
    """Two named graphs: a dated MoU with a blank-node annotation in German and English, a grant."""
    ds = Dataset()
    seed, public = ds.graph(URIRef(CG + "graph/seed/a")), ds.graph(URIRef(CG + "graph/public/b"))
    mou, note = URIRef(CG + "id/mou"), BNode()
    seed.add((mou, URIRef(CG + "ontology#startDate"), Literal("2024-07", datatype=YEAR_MONTH)))
    seed.add((mou, URIRef(CG + "ontology#evidence"), note))
    seed.add((note, URIRef("http://www.w3.org/ns/oa#exact"), Literal('Das "MoU", im Juli\nunterzeichnet', lang="de")))
    seed.add((note, URIRef(CG + "ontology#gloss"), Literal("The MoU was signed.", lang="en")))
    public.add((mou, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("MoU UKM–Osnabrück")))
    public.add((mou, URIRef("https://schema.org/amount"), Literal("1.50", datatype=DECIMAL)))
    return ds


def _back(ds, fmt, tmp_path) -> Dataset:
    [path] = export(ds, fmt, tmp_path / f"out.{fmt}")
    return Dataset().parse(path, format=PARSERS[fmt])


def _named(ds) -> dict:
    return {g.identifier: g for g in ds.graphs() if len(g)}


def _canonical(triple):
    """Decimals by value: rdflib's Turtle writer turns ``"2200000"^^xsd:decimal`` into ``2200000.0``."""
    s, p, o = triple
    if isinstance(o, Literal) and o.datatype == DECIMAL:
        o = Literal(format(Decimal(str(o)).normalize(), "f"), datatype=DECIMAL)
    return s, p, o


def _ground(graph) -> set:
    return {_canonical(t) for t in graph if not any(isinstance(x, BNode) for x in t)}


def _shapes(graph) -> Counter:
    return Counter(tuple("_" if isinstance(x, BNode) else x for x in _canonical(t)) for t in graph)


def test_turtle_parses_back_isomorphic_to_the_union_of_the_named_graphs(tmp_path):
    ds = small_dataset()
    assert isomorphic(_back(ds, "ttl", tmp_path).default_graph, union_graph(ds))


@pytest.mark.parametrize("fmt", ["trig", "jsonld"])
def test_named_graphs_parse_back_isomorphic(fmt, tmp_path):
    ds = small_dataset()
    back = _named(_back(ds, fmt, tmp_path))
    assert set(back) == set(_named(ds))
    assert all(isomorphic(back[name], graph) for name, graph in _named(ds).items())


@pytest.mark.parametrize("fmt", ["ttl", "trig"])
def test_a_decimal_keeps_its_lexical_form_through_an_export(fmt, tmp_path):
    ds = Dataset()
    grant = (URIRef(CG + "id/grant"), URIRef("https://schema.org/value"))
    ds.graph(URIRef(CG + "graph/seed/g")).add((*grant, Literal("12800000", datatype=DECIMAL)))
    back = _back(ds, fmt, tmp_path)
    [value] = {o for s, p, o, _ in back.quads((*grant, None, None))}
    assert str(value) == "12800000" and value.value == Decimal("12800000")


@pytest.mark.parametrize("fmt", ["ttl", "trig"])
def test_the_curated_dataset_round_trips_without_a_changed_literal(ds_all, fmt, tmp_path):
    back = _back(ds_all, fmt, tmp_path)
    literals = lambda g: {o for _, _, o, _ in g.quads() if isinstance(o, Literal)}  # noqa: E731
    assert literals(back) == literals(ds_all)


def test_turtle_of_the_curated_dataset_has_every_triple_of_the_union(ds_all, tmp_path):
    back = _back(ds_all, "ttl", tmp_path).default_graph
    union = union_graph(ds_all)
    assert len(back) == len(union) and _ground(back) == _ground(union)
    assert _shapes(back) == _shapes(union)


@pytest.mark.parametrize("fmt", ["trig", "jsonld"])
def test_curated_dataset_keeps_every_named_graph_and_its_triples(ds_all, fmt, tmp_path):
    back, named = _named(_back(ds_all, fmt, tmp_path)), _named(ds_all)
    assert set(back) == set(named) and len(named) >= 8
    for name, graph in named.items():
        assert len(back[name]) == len(graph), name
        assert _ground(back[name]) == _ground(graph) and _shapes(back[name]) == _shapes(graph), name


def test_jsonld_carries_the_collabgraph_prefixes_inline(ds_seeds, tmp_path):
    [path] = export(ds_seeds, "jsonld", tmp_path / "d.jsonld")
    assert '"cgr": "https://w3id.org/collabgraph/id/"' in path.read_text(encoding="utf-8")


def test_a_plain_graph_exports_as_turtle(tmp_path):
    g = Graph()
    g.add((URIRef(CG + "id/a"), URIRef(CG + "ontology#p"), Literal("x")))
    [path] = export(g, "ttl", tmp_path / "g.ttl")
    assert isomorphic(Graph().parse(path, format="turtle"), g)


def test_trig_of_an_oxigraph_dataset_comes_from_oxigraphs_writer_and_parses_back_unchanged(tmp_path):
    pytest.importorskip("oxrdflib")
    from collabgraph.store import new_dataset

    ds = new_dataset("oxigraph")
    for g in small_dataset().graphs():
        ds.graph(g.identifier).addN((s, p, o, ds.graph(g.identifier)) for s, p, o in g)
    ds.bind("cgr", CG + "id/")
    [path] = export(ds, "trig", tmp_path / "d.trig")
    text = path.read_text(encoding="utf-8")
    assert "@prefix cgr: <https://w3id.org/collabgraph/id/>" in text and "cgr:mou" in text
    back, named = _named(Dataset().parse(path, format="trig")), _named(small_dataset())
    assert set(back) == set(named)
    for name, graph in named.items():  # Oxigraph keeps decimals by value: "1.50" comes back 1.5
        assert _ground(back[name]) == _ground(graph) and _shapes(back[name]) == _shapes(graph), name
