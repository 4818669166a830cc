"""Projections and analytics: what each answers on the curated graph and on small known graphs."""

import networkx as nx
import pytest
from rdflib.namespace import PROV

from collabgraph.namespaces import CG, CGR
from collabgraph.network.brokers import brokers
from collabgraph.network.centrality import centrality
from collabgraph.network.communities import communities
from collabgraph.network.decisions import alliance_overlap, suggest_partners
from collabgraph.network.growth import growth
from collabgraph.network.metrics import with_metrics
from collabgraph.network.paths import NoPath, explain_path
from collabgraph.network.project import bipartite_graph, institution_graph
from collabgraph.network.writeback import METRICS_GRAPH, write_metrics
from collabgraph.sparql.query import run_named

UM, UMCU, UKM = str(CGR["maastricht-university"]), str(CGR["umc-utrecht"]), str(CGR.ukm)


@pytest.fixture(scope="module")
def g(ds_all):
    return institution_graph(ds_all)


def test_every_edge_carries_its_ties_with_sources(g):
    for _, _, d in g.edges(data=True):
        assert d["ties"] and d["count"] == len(d["ties"])
        assert all(t["sources"] for t in d["ties"])


def test_bilateral_mou_weighs_one_and_large_alliance_co_membership_less(g):
    assert g.edges[UKM, str(CGR["klinikum-osnabrueck"])]["weight"] == 1.0
    alliance_only = [d for _, _, d in g.edges(data=True) if d["kinds"] == ["alliance"]]
    assert alliance_only and all(d["weight"] < 1.0 for d in alliance_only)


def test_as_of_cut_drops_later_ties_but_keeps_undated(ds_seeds):
    full = institution_graph(ds_seeds)
    cut = institution_graph(ds_seeds, as_of="2023-12")
    assert not cut.has_edge(UKM, str(CGR["klinikum-osnabrueck"]))  # signed July 2024
    assert full.has_edge(UKM, str(CGR["klinikum-osnabrueck"]))
    assert cut.has_edge(UKM, str(CGR["rsud-dr-soedarso"]))  # undated MoU stays
    assert cut.edges[UKM, str(CGR["rsud-dr-soedarso"])]["undated"]


def test_planned_agreements_are_kept_apart_unless_asked_for(ds_seeds):
    ump, uca = str(CGR["vnu-university-of-medicine-and-pharmacy"]), str(CGR["universite-clermont-auvergne"])
    assert not institution_graph(ds_seeds).has_edge(ump, uca)
    with_plans = institution_graph(ds_seeds, include_planned=True)
    assert with_plans.edges[ump, uca]["planned"]


def test_seeds_only_projection_is_smaller(ds_seeds, g):
    assert institution_graph(ds_seeds).number_of_nodes() < g.number_of_nodes()


def test_bipartite_graph_links_institutions_to_what_connects_them(ds_seeds):
    b = bipartite_graph(ds_seeds)
    mou = str(CGR["mou-ukm-klinikum-osnabrueck-2024"])
    assert b.nodes[mou]["bipartite"] == 1 and b.nodes[UKM]["bipartite"] == 0
    assert set(b.neighbors(mou)) == {UKM, str(CGR["klinikum-osnabrueck"])}


def test_centrality_of_a_star_centre_is_highest():
    star = nx.star_graph(4)
    nx.set_edge_attributes(star, 1.0, "weight")
    top = centrality(star)[0]
    assert (top.iri, top.degree, top.betweenness, top.core_number) == (0, 4, 1.0, 1)


def test_maastricht_and_umc_utrecht_are_the_most_central(g):
    top = [m.iri for m in centrality(g)[:2]]
    assert set(top) == {UM, UMCU}


def test_louvain_with_a_fixed_seed_is_reproducible(g):
    a = communities(g.copy(), seed=7)
    b = communities(g.copy(), seed=7)
    assert a.groups == b.groups and 0.3 < a.modularity <= 1


def test_leiden_finds_a_partition_as_good_as_louvain(g):
    louvain = communities(g.copy(), method="louvain")
    leiden = communities(g.copy(), method="leiden")
    assert leiden.modularity >= louvain.modularity - 0.02


def test_brokers_name_the_alliances_they_connect(g):
    h = g.copy()
    with_metrics(h)
    found = {b.iri: b for b in brokers(h, limit=None)}
    assert {
        "Worldwide Universities Network",
        "Young European Research Universities Network",
        "Young Universities for the Future of Europe",
    } <= set(found[UM].alliances)
    assert found[UM].articulation_point and len(found[UM].communities) >= 2


def test_path_hops_carry_source_and_tie(g):
    hops = explain_path(g, UMCU, UM)
    assert hops[0].source == UMCU and hops[-1].target == UM
    assert all(t["sources"] for h in hops for t in h.ties)


def test_no_path_between_components_says_so(g):
    with pytest.raises(NoPath, match="no path between University Hospital Münster"):
        explain_path(g, UKM, str(CGR["hanoi-medical-university"]))


def test_growth_keeps_undated_apart_and_each_years_total_is_the_network_as_of_that_year(ds_all):
    history = institution_graph(ds_all, history=True)
    result = growth(history, since=2015, until=2026)
    assert result.years[0].year == 2015
    assert result.undated["ties"] > 0
    for y in result.years:
        at = institution_graph(ds_all, as_of=str(y.year), undated=False)
        assert (y.ties_total, y.institutions_total) == (at.number_of_edges(), at.number_of_nodes()), y.year
    assert sum(y.ties_added for y in result.years) + result.before["ties"] >= result.years[-1].ties_total


def test_growth_counts_as_undated_only_what_holds_through_ties_of_unknown_start():
    def tie(via, date, undated=False, **extra):
        return {"via": via, "kind": "mou", "date": date, "undated": undated, **extra}

    g = nx.Graph()
    g.add_edge("a", "b", ties=[tie("m1", "2019")])
    g.add_edge("c", "d", ties=[tie("m2", "2024")])  # starts after the window
    g.add_edge("e", "f", ties=[tie("m3", "2019-02", end="2019-09", status="ended")])  # ended in its first year
    g.add_edge("g", "h", ties=[tie("m4", "2019", status="planned")])  # a plan never held
    g.add_edge("i", "j", ties=[tie("m5", None, undated=True)])  # start unknown
    g.add_edge("a", "k", ties=[tie("m6", None, undated=True)])  # a is dated through a-b; k is not
    g.add_edge("l", "m", ties=[tie("m7", "2024", undated=True)])  # one join known, after the window
    g.add_edge("n", "o", ties=[tie("m8", None, undated=True, end="2010", status="ended")])  # ended before it
    # held before the window only, and through a tie of unknown start that may hold within it
    g.add_edge("p", "q", ties=[tie("m9", "2015", end="2016", status="ended"), tie("m10", None, undated=True)])
    result = growth(g, since=2018, until=2020)
    assert result.undated == {"institutions": 5, "ties": 3, "agreements": 3}
    assert [y.ties_total for y in result.years] == [0, 1, 1]
    with_plans = growth(g, since=2018, until=2020, include_planned=True)
    assert [y.ties_total for y in with_plans.years] == [0, 2, 2] and with_plans.undated == result.undated


def test_metrics_written_back_answer_the_ten_most_central_query(ds_seeds):
    g = institution_graph(ds_seeds)
    with_metrics(g)
    write_metrics(ds_seeds, g, parameters={"test": True})
    try:
        rows = run_named(ds_seeds, "most_central")
        expected = sorted((m.betweenness for m in centrality(g)), reverse=True)[:10]
        assert [r["betweenness"] for r in rows] == pytest.approx(expected)
        assert rows[0]["institution"] == centrality(g)[0].iri
        metrics = ds_seeds.graph(METRICS_GRAPH)
        activity = metrics.value(METRICS_GRAPH, PROV.wasGeneratedBy)
        assert '"test": true' in str(metrics.value(activity, CG.parameters))
        assert metrics.value(activity, PROV.startedAtTime) is not None
    finally:
        ds_seeds.remove_graph(ds_seeds.graph(METRICS_GRAPH))


def test_alliance_overlap_counts_shared_members(ds_all):
    overlap = alliance_overlap(ds_all)
    yerun, yufe = ("Young European Research Universities Network", "Young Universities for the Future of Europe")
    assert overlap.shared[(yerun, yufe)] == overlap.shared[(yufe, yerun)] >= 5
    assert "Maastricht University" in overlap.members[(yerun, yufe)]


def test_suggestions_are_not_yet_linked_and_explained(g):
    found = suggest_partners(g, UM, limit=5)
    assert found and all(not g.has_edge(UM, s.iri) for s in found)
    assert all(s.paths and s.common == len(s.paths) for s in found)


def test_big_graphs_say_betweenness_was_sampled(monkeypatch):
    from collabgraph.network import centrality as module

    g = nx.path_graph(30)
    nx.set_edge_attributes(g, 1.0, "weight")
    monkeypatch.setattr(module, "EXACT_LIMIT", 10)
    monkeypatch.setattr(module, "SAMPLE", 5)
    module.centrality(g, backend="networkx")
    assert g.graph["centrality"] == "betweenness sampled from 5 sources (seed 42), networkx"


def test_large_alliances_are_not_expanded_into_cliques(ds_all):
    from collabgraph.network.brokers import alliances_of

    full = institution_graph(ds_all)
    capped = institution_graph(ds_all, max_alliance=5)
    large = capped.graph["large_alliances"]
    assert large and all(size > 5 for size in large.values())
    assert not any(t["kind"] == "alliance" and t["label"] in large for _, _, d in capped.edges(data=True) for t in d["ties"])
    assert capped.number_of_edges() < full.number_of_edges()
    # membership is kept on the node, so brokers still see every alliance of an institution
    um = "https://w3id.org/collabgraph/id/maastricht-university"
    assert len(alliances_of(full, um)) >= 3
    assert alliances_of(capped, um) == alliances_of(full, um)
    assert set(capped) == set(full)


def test_aggregated_view_keeps_every_institution_and_every_tie_between_groups(ds_all):
    from collabgraph.network.aggregate import aggregate

    g = institution_graph(ds_all)
    with_metrics(g)
    for by in ("community", "country"):
        h = aggregate(g, by=by)
        assert sum(n for _, n in h.nodes(data="institutions")) == g.number_of_nodes()
        between = sum(d["count"] for a, b, d in g.edges(data=True) if g.nodes[a][by] != g.nodes[b][by])
        assert sum(d["count"] for _, _, d in h.edges(data=True)) == between
    nl = aggregate(g, by="country").nodes["country:NL"]
    assert "Maastricht University" in nl["label"] and nl["institutions"] >= 5


def test_aggregating_by_an_unknown_attribute_is_a_clear_error(ds_all):
    from collabgraph.errors import CollabgraphError
    from collabgraph.network.aggregate import aggregate

    with pytest.raises(CollabgraphError, match="cannot aggregate by 'city'"):
        aggregate(institution_graph(ds_all), by="city")


def test_structural_holes_agree_with_networkx_definitions_on_the_curated_graph(ds_all):
    import math

    from collabgraph.network.brokers import structural_holes

    g = institution_graph(ds_all)
    g.add_node("alone")
    constraint, effective = structural_holes(g, list(g), block=7)
    theirs_c = nx.constraint(g, weight="weight")  # networkx's sparse formula
    theirs_e = nx.effective_size(g, nodes=list(g), weight="weight")  # its per-node definition
    for n in g:
        if n == "alone":
            assert math.isnan(constraint[n]) and math.isnan(effective[n])
        else:
            assert math.isclose(constraint[n], theirs_c[n], abs_tol=1e-12)
            assert math.isclose(effective[n], theirs_e[n], abs_tol=1e-9)
