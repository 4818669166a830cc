"""The Python API: typed results, the rdflib Dataset underneath, errors of collabgraph's own."""

import pytest
from rdflib import Dataset

import collabgraph as cg
from collabgraph.namespaces import CGR


@pytest.fixture(scope="module")
def kg():
    return cg.load()


def test_load_returns_a_knowledge_graph_that_has_an_rdflib_dataset(kg):
    assert isinstance(kg, cg.KnowledgeGraph) and not isinstance(kg, Dataset)
    assert isinstance(kg.dataset, Dataset)
    assert len(kg.graph(CGR["nothing"])) == 0  # rdflib's API, looked up on the dataset
    assert len(kg) == len(kg.dataset)


def test_plain_functions_take_the_knowledge_graph_or_its_dataset(kg):
    from collabgraph.questions.stats import stats

    assert stats(kg) == stats(kg.dataset)
    assert cg.validate(kg).conforms == cg.validate(kg.dataset).conforms


def test_query_returns_rows_and_a_dataframe(kg):
    rows = kg.query("SELECT ?a WHERE { ?a a cg:EuropeanUniversityAlliance } ORDER BY ?a")
    assert isinstance(rows, cg.Rows)
    frame = rows.to_dataframe()
    assert list(frame["a"]) == [str(CGR["charm-eu"]), str(CGR.yufe)]


def test_named_query_with_a_binding(kg):
    rows = kg.query("agreements_in_year", year="2024")
    assert [r["agreement"] for r in rows] == [str(CGR["mou-ukm-klinikum-osnabrueck-2024"])]


def test_the_datasets_own_query_gives_rdflib_results(kg):
    result = kg.dataset.query("ASK { ?s ?p ?o }")
    assert result.askAnswer is True


def test_partners_are_typed_with_their_connections(kg):
    found = {p.label: p for p in kg.partners("Maastricht University", as_of="2020")}
    york = found["University of York"]
    assert isinstance(york, cg.Partner) and all(isinstance(v, cg.Via) for v in york.via)


def test_unknown_institution_carries_suggestions(kg):
    with pytest.raises(cg.UnknownInstitution) as err:
        kg.partners("Maastrict")
    assert "Maastricht University" in err.value.suggestions


def test_lookup_finds_institutions_and_alliances(kg):
    assert kg.lookup("UMCU").iri == str(CGR["umc-utrecht"])
    assert kg.lookup("charm-eu").alliance


def test_network_growth_brokers_and_path(kg):
    g = kg.network(as_of="2020")
    assert all("betweenness" in d for _, d in g.nodes(data=True))
    assert kg.growth(since=2018).years[0].year == 2018
    assert kg.brokers(limit=3)[0].label in ("Maastricht University", "University Medical Center Utrecht")
    assert kg.path("UMC Utrecht", "Maastricht University")[-1].target == str(CGR["maastricht-university"])


def test_show_writes_html_and_embeds_it_escaped(kg, tmp_path):
    view = kg.show("Maastricht University", path=tmp_path / "um.html", as_of="2020")
    assert view.path.is_file()
    inline = view._repr_html_()
    assert inline.startswith("<iframe srcdoc=") and "<script" not in inline


def test_export_writes_gexf(kg, tmp_path):
    written = kg.export("gexf", tmp_path / "n.gexf")
    assert written[0].read_text(encoding="utf-8").count("<node ") == kg.network(metrics=False).number_of_nodes() > 90
