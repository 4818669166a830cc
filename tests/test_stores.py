"""The same competency questions answered by every store behind the seam."""

import pytest
from rdflib import Literal

from collabgraph.errors import CollabgraphError
from collabgraph.load import load
from collabgraph.members import members
from collabgraph.namespaces import CGR, SRC
from collabgraph.network.project import institution_graph
from collabgraph.partners import partners
from collabgraph.query import run_named

pytest.importorskip("oxrdflib", reason="the oxigraph store needs collabgraph[fast]")

STORES = ["memory", "oxigraph"]


@pytest.fixture(scope="module", params=STORES)
def ds(request):
    return load(store=request.param)


@pytest.fixture(scope="module")
def reference():
    return load(store="memory")


def _answers(ds):
    return {
        "partners": sorted(((p.label, v.iri, v.date) for p in partners(ds, "Maastricht University")
                            for v in p.via), key=repr),
        "members": sorted(((m.label, m.role, m.since, m.source) for m in members(ds, "CHARM-EU")),
                          key=repr),
        "agreements_2019": sorted(r["agreement"] for r in run_named(
            ds, "agreements_in_year", year=Literal("2019"))),
        "two_alliances": sorted((r["institution"], r["alliances"]) for r in run_named(
            ds, "institutions_in_alliances")),
        "facts_004": sorted((r["fact"], r["quote"]) for r in run_named(
            ds, "facts_by_source", source=SRC["004_e6e09fa7cb1010b6"])),
    }


def test_every_store_gives_the_same_competency_answers(ds, reference):
    assert _answers(ds) == _answers(reference)


def test_every_store_gives_the_same_network(ds, reference):
    a, b = institution_graph(ds), institution_graph(reference)
    assert sorted(a.edges()) == sorted(b.edges())
    assert a.edges[str(CGR.ukm), str(CGR["klinikum-osnabrueck"])]["ties"] == \
        b.edges[str(CGR.ukm), str(CGR["klinikum-osnabrueck"])]["ties"]


def test_persistent_oxigraph_store_is_reopened_without_parsing(tmp_path, monkeypatch):
    spec = f"oxigraph:{tmp_path / 'kg'}"
    first = load(store=spec, sources="seeds")
    count = len(first)
    first.close()
    import importlib

    module = importlib.import_module("collabgraph.load")  # the package's load() shadows it

    def refuse(*args, **kwargs):
        raise AssertionError("reopening parsed the files again")

    monkeypatch.setattr(module, "parse_file", refuse)
    second = load(store=spec, sources="seeds")
    assert len(second) == count
    assert [p.label for p in partners(second, "Klinikum Osnabrück")] == ["University Hospital Münster"]


def test_unknown_store_is_a_clear_error():
    with pytest.raises(CollabgraphError, match="unknown store 'postgres'"):
        load(store="postgres")
