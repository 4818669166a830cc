"""The SPARQL rules give exactly what owlrl gives on the curated graph, on every local store."""

import time

import pytest

from collabgraph.errors import CollabgraphError
from collabgraph.loading.load import load
from collabgraph.namespaces import INFERRED_GRAPH
from collabgraph.questions.partners import partners
from collabgraph.reasoning.reason import infer
from collabgraph.reasoning.rules import materialise


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_rules_infer_the_same_triples_as_owlrl_on_the_curated_graph(store):
    if store == "oxigraph":
        pytest.importorskip("oxrdflib", reason="the oxigraph store needs collabgraph[fast]")
    ds = load(reason=False, store=store)
    # owlrl reads the very same triples (same blank nodes), so the two results compare exactly.
    reference = set(infer([g for g in ds.graphs() if len(g)]))
    done = materialise(ds)
    assert set(ds.graph(INFERRED_GRAPH)) == reference
    assert done.total == len(reference) > 2000


def test_rules_run_until_nothing_new_appears():
    ds = load(sources="seeds", reason=False)
    done = materialise(ds)
    again = materialise(ds)
    assert done.rounds >= 2  # chains feed inverses feed types: one pass is not enough
    assert sum(again.per_rule.values()) == 0


def test_loading_with_the_rules_reasoner_answers_like_owlrl():
    by_rules = load(sources="seeds", reasoner="rules")
    by_owlrl = load(sources="seeds", reasoner="owlrl")
    assert len(by_rules.graph(INFERRED_GRAPH)) == len(by_owlrl.graph(INFERRED_GRAPH))
    assert [p.label for p in partners(by_rules, "Klinikum Osnabrück")] == [
        p.label for p in partners(by_owlrl, "Klinikum Osnabrück")
    ]


def test_unknown_reasoner_is_a_clear_error():
    with pytest.raises(CollabgraphError, match="unknown reasoner 'hermit'"):
        load(sources="seeds", reasoner="hermit")


def test_rules_use_class_axioms_from_the_users_data(tmp_path):
    user = tmp_path / "mine.ttl"
    user.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix cg: <https://w3id.org/collabgraph/ontology#> .\n"
        "@prefix ex: <http://example.org/> .\n"
        "ex:Uni owl:equivalentClass cg:University .\nex:x a ex:Uni .\n"
    )
    ds = load(sources="seeds", data=[user], reason=False)
    reference = set(infer([g for g in ds.graphs() if len(g)]))
    materialise(ds)
    assert set(ds.graph(INFERRED_GRAPH)) == reference
    from rdflib import RDF, URIRef

    from collabgraph.namespaces import CG

    assert (URIRef("http://example.org/x"), RDF.type, CG.University) in reference


def test_auto_reasoner_uses_the_rules_above_the_owlrl_limit(monkeypatch):
    import importlib

    expected = len(load(sources="seeds", reasoner="owlrl").graph(INFERRED_GRAPH))
    module = importlib.import_module("collabgraph.loading.inference")
    called = []
    monkeypatch.setattr(module, "cached_infer", lambda *a, **k: called.append(1) or (None, False))
    monkeypatch.setattr(module, "OWLRL_LIMIT", 0)
    by_auto = load(sources="seeds", reasoner="auto")
    assert not called  # owlrl never ran
    assert len(by_auto.graph(INFERRED_GRAPH)) == expected


def test_owlrl_past_its_time_limit_is_stopped_and_the_rules_reason_instead(monkeypatch, capsys):
    import collabgraph.reasoning.reason as reason
    from collabgraph.loading.load import load
    from collabgraph.namespaces import INFERRED_GRAPH

    monkeypatch.setattr(reason, "OWLRL_SLOW_TRIPLES", 0)  # every graph counts as big
    monkeypatch.setattr(reason, "OWLRL_TIME_LIMIT", 0.01)
    started = time.monotonic()
    ds = load(sources="seeds", reasoner="owlrl", cache=False)
    assert time.monotonic() - started < 60
    assert "owlrl did not finish within 0.01 s; reasoning with the rules instead" in capsys.readouterr().err
    assert len(ds.graph(INFERRED_GRAPH)) > 0


def test_owlrl_within_its_time_limit_gives_what_it_gives_inline(ds_seeds):
    from collabgraph.reasoning.reason import ReasoningTimeout, infer

    graphs = [ds_seeds.graph(g.identifier) for g in ds_seeds.graphs() if "/graph/seed/" in str(g.identifier)]
    assert set(infer(graphs, seconds=120)) == set(infer(graphs))
    with pytest.raises(ReasoningTimeout):
        infer(graphs, seconds=0.001)


def test_rules_run_in_a_copy_in_memory_write_owlrls_triples_elsewhere_and_leave_the_copy_as_it_was():
    pytest.importorskip("oxrdflib", reason="the oxigraph store needs collabgraph[fast]")
    from collabgraph.store import new_dataset

    copy = load(reason=False, store="oxigraph")
    before = set(copy.quads())
    reference = set(infer([g for g in copy.graphs() if len(g)]))
    into = new_dataset("oxigraph")
    done = materialise(copy, into=into)
    assert set(into.graph(INFERRED_GRAPH)) == reference and done.total == len(reference)
    assert set(copy.quads()) == before  # its scratch graphs are gone again, nothing was added
    assert {str(g.identifier) for g in copy.graphs()} == {
        str(g.identifier) for g in load(reason=False, store="oxigraph").graphs()
    }


#: A property typed transitive through its class, one typed symmetric through an equivalent class
#: (closing the derived axiom gives back the asserted type, which is not an inference), and a
#: subclass of rdfs:Resource: axioms the rules derive, and trivial types owlrl drops.
_DERIVED_AXIOMS = """@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/> .
ex:Chained rdfs:subClassOf owl:TransitiveProperty .
ex:within a ex:Chained .
ex:a ex:within ex:b . ex:b ex:within ex:c .
ex:A rdfs:subClassOf ex:B . ex:B rdfs:subClassOf rdfs:Resource .
ex:x a ex:A . ex:y a ex:B .
ex:Mutual owl:equivalentClass owl:SymmetricProperty .
ex:meets a ex:Mutual .
ex:d ex:meets ex:e .
"""


@pytest.mark.parametrize("in_place", [False, True], ids=["scratch store", "in the copy"])
def test_rules_use_axioms_they_derive_and_drop_trivial_types_as_owlrl_does(tmp_path, in_place):
    pytest.importorskip("oxrdflib", reason="the oxigraph store needs collabgraph[fast]")
    from rdflib import RDF, RDFS, URIRef

    from collabgraph.store import new_dataset

    user = tmp_path / "mine.ttl"
    user.write_text(_DERIVED_AXIOMS, encoding="utf-8")
    ds = load(sources="seeds", data=[user], reason=False, check=False, store="oxigraph")
    reference = set(infer([g for g in ds.graphs() if len(g)]))
    into = new_dataset("oxigraph") if in_place else ds
    materialise(ds, into=into if in_place else None)
    inferred = set(into.graph(INFERRED_GRAPH))
    ex = "http://example.org/"
    assert (URIRef(ex + "a"), URIRef(ex + "within"), URIRef(ex + "c")) in inferred & reference
    assert not {t for t in inferred if t[1] == RDF.type and t[2] == RDFS.Resource}
    assert inferred == reference
