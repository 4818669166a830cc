"""One notion of time and one node per institution, checked on the curated graph (seeds + public)."""

from __future__ import annotations

import pytest

from collabgraph.dates import started_by
from collabgraph.network.metrics import with_metrics
from collabgraph.network.paths import NoPath, explain_path
from collabgraph.network.project import institution_graph
from collabgraph.questions.lookup import names
from collabgraph.questions.members import members
from collabgraph.questions.partners import partners
from collabgraph.questions.ties import institution, organisations
from collabgraph.questions.timeline import When, holds

CGR = "https://w3id.org/collabgraph/id/"
YEARS = [str(y) for y in range(2015, 2027)]


@pytest.fixture(scope="module")
def index(ds_all):
    return names(ds_all)


@pytest.fixture(scope="module")
def institutions(ds_all):
    """Every top-level institution that has a tie at some date."""
    return sorted(institution_graph(ds_all, history=True, include_planned=True))


@pytest.mark.parametrize("year", YEARS)
def test_partners_as_of_a_year_are_exactly_the_network_neighbours_that_year(ds_all, index, institutions, year):
    g = institution_graph(ds_all, as_of=year)
    orgs = organisations(ds_all, index)
    for iri in institutions:
        found = partners(ds_all, iri, as_of=year, index=index)
        institutions_found = {p.iri for p in found if not orgs[p.iri].alliance}
        neighbours = set(g.neighbors(iri)) if iri in g else set()
        assert institutions_found == neighbours, (iri, year)
        for p in found:
            for via in p.via:
                assert via.date is None or started_by(via.date, year), (iri, p.label, via)
                assert via.status not in ("planned", "announced"), (iri, p.label, via)
                assert via.status != "ended" or via.former, (iri, p.label, via)  # confirmed then


def test_a_join_known_to_be_later_excludes_a_shared_alliance_tie_even_if_the_other_is_undated():
    assert not holds(When("2022", start_known=False), "2020")
    assert holds(When("2015", start_known=False), "2020")
    assert not holds(When("2015", start_known=False), "2020", undated=False)


def test_maastricht_partners_in_2020_include_no_later_yerun_or_yufe_joiner(ds_all):
    found = {p.iri: p for p in partners(ds_all, "Maastricht University", as_of="2020")}
    checked = 0
    for alliance in ("YERUN", "YUFE"):
        label = {"YERUN": "Young European Research Universities Network", "YUFE": "Young Universities for the Future of Europe"}[
            alliance
        ]
        for m in members(ds_all, alliance):
            if m.since and not started_by(m.since, "2020"):
                checked += 1
                vias = found[m.iri].via if m.iri in found else []
                assert not [v for v in vias if v.kind == "alliance" and v.label == label], m.label
    assert checked >= 3, "the public lists name members who joined after 2020"


def test_umc_utrecht_at_the_end_of_2021_has_no_charm_eu_partner_that_joined_in_2022(ds_all):
    found = partners(ds_all, "UMC Utrecht", as_of="2021-12-31")
    charm = {p.label for p in found for v in p.via if v.kind == "alliance" and v.label == "CHARM-EU"}
    assert not charm & {"Åbo Akademi University", "University of Würzburg", "Hochschule Ruhr West"}


def test_a_former_member_is_no_current_partner_but_is_listed_apart_as_former(ds_all):
    now = {p.label for p in partners(ds_all, "Maastricht University")}
    former = [v for p in partners(ds_all, "Maastricht University", former=True) if p.label == "University of Oslo" for v in p.via]
    assert former and all(v.former and v.status == "ended" for v in former)
    assert "University of Oslo" not in now


def test_the_current_network_leaves_out_former_members(ds_all):
    g = institution_graph(ds_all)
    oslo = CGR + "university-of-oslo"
    assert oslo not in g
    assert oslo in institution_graph(ds_all, history=True)


@pytest.mark.parametrize("alliance", ["CHARM-EU", "YERUN", "WUN", "YUFE", "Eureka Institute for Translational Medicine"])
def test_members_lists_each_institution_once_with_all_its_sources(ds_all, alliance):
    found = members(ds_all, alliance, former=True)
    assert len({m.iri for m in found}) == len(found)
    assert len({m.label for m in found}) == len(found)


def test_a_member_stated_by_seed_and_public_list_keeps_both_sources(ds_all):
    elte = next(m for m in members(ds_all, "CHARM-EU") if m.label == "Eötvös Loránd University")
    assert len(elte.sources) == 2 and any(s.endswith(".txt") for s in elte.sources)


def test_place_names_are_never_partners_members_or_nodes(ds_all):
    places = {"Alberta", "Cape Town", "Kaapstad", "Sydney", "Hong Kong", "Toronto", "Stanford", "Miami"}
    for name in ("Maastricht University", "UMC Utrecht"):
        assert not places & {p.label for p in partners(ds_all, name)}
    for alliance in ("WUN", "Eureka Institute for Translational Medicine"):
        assert not places & {m.label for m in members(ds_all, alliance, former=True)}
    g = institution_graph(ds_all, history=True, include_planned=True)
    assert not any(d["type"] == "unresolved" for _, d in g.nodes(data=True))


def test_a_units_agreement_is_its_institutions_tie_and_gives_a_path(ds_all):
    # ITEM (a Maastricht University institute) and UHasselt: a signing announced for 8 May 2019.
    planned = {p.label: p for p in partners(ds_all, "Maastricht University", include_planned=True)}
    assert [v.status for v in planned["Hasselt University"].via] == ["announced"]
    assert "Hasselt University" not in {p.label for p in partners(ds_all, "Maastricht University")}
    hops = explain_path(
        institution_graph(ds_all, include_planned=True),
        institution(ds_all, "UHasselt"),
        institution(ds_all, "Maastricht University"),
    )
    assert len(hops) == 1 and hops[0].source_label == "Hasselt University"


def test_no_path_names_both_institutions_by_label_not_iri(ds_all):
    index = names(ds_all)
    with pytest.raises(NoPath) as err:
        explain_path(
            institution_graph(ds_all, as_of="2015"),
            institution(ds_all, "UHasselt"),
            institution(ds_all, "ITEM"),
            labels=index.label,
        )
    assert "Hasselt University" in str(err.value) and "https://" not in str(err.value)


def test_partners_name_every_kind_of_tie_including_funding_and_membership(ds_all):
    kinds = {v.kind for p in partners(ds_all, "Maastricht University") for v in p.via}
    assert {"funding", "membership", "alliance", "mou"} <= kinds
    funders = {p.iri for p in partners(ds_all, "Maastricht UMC+", kinds={"funding"})}
    assert {CGR + "zonmw", CGR + "nwo", CGR + "icssr"} <= funders
    alliances = {p.label for p in partners(ds_all, "Maastricht University", kinds={"membership"})}
    assert {
        "Worldwide Universities Network",
        "Young European Research Universities Network",
        "Young Universities for the Future of Europe",
    } <= alliances


def _user_file(tmp_path, body: str):
    path = tmp_path / "mine.ttl"
    path.write_text(
        """@prefix cg: <https://w3id.org/collabgraph/ontology#> .
@prefix cgr: <https://w3id.org/collabgraph/id/> .
@prefix cgs: <https://w3id.org/collabgraph/concept/> .
@prefix ex: <https://example.org/our-office/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
        + body,
        encoding="utf-8",
    )
    return path


def test_a_user_iri_with_a_known_ror_id_is_the_same_node_as_the_curated_institution(tmp_path):
    from collabgraph.loading.load import load
    from collabgraph.questions.reconcile import canonical

    mine = _user_file(
        tmp_path,
        """
ex:um a cg:University ; skos:prefLabel "UM (our name)"@en ; cg:ror <https://ror.org/02jz4aj89> .
ex:partner a cg:University ; skos:prefLabel "Our Partner University"@en .
ex:mou a cg:MemorandumOfUnderstanding ; cg:hasParty ex:um, ex:partner ; cg:startDate "2019"^^xsd:gYear ;
    cg:status cgs:signed .
""",
    )
    ds = load(sources="all", data=[mine])
    r = canonical(ds)
    um = CGR + "maastricht-university"
    assert r("https://example.org/our-office/um") == um
    assert any(m.rule == "ror" and m.alias == "https://example.org/our-office/um" for m in r.merges)
    found = {p.label for p in partners(ds, "Maastricht University")}
    assert "Our Partner University" in found
    g = institution_graph(ds)
    assert "https://example.org/our-office/um" not in g and g.has_edge(um, "https://example.org/our-office/partner")


def test_a_same_full_name_in_another_layer_is_merged_but_a_look_alike_is_only_reported(tmp_path):
    from collabgraph.loading.load import load
    from collabgraph.questions.reconcile import canonical, reconcile

    mine = _user_file(
        tmp_path,
        """
ex:same a cg:University ; skos:prefLabel "Hasselt University"@en ; cg:country cgr:country-BE .
ex:alike a cg:University ; skos:prefLabel "University of Hasselt"@en ; cg:country cgr:country-BE .
ex:elsewhere a cg:University ; skos:prefLabel "Hasselt University"@en ; cg:country cgr:country-US .
""",
    )
    ds = load(sources="seeds", data=[mine])
    assert canonical(ds).undecided == []  # every read skips the look-alike report
    r = reconcile(ds)
    assert r("https://example.org/our-office/same") == CGR + "hasselt-university"
    assert r("https://example.org/our-office/alike") == "https://example.org/our-office/alike"
    assert r("https://example.org/our-office/elsewhere") == "https://example.org/our-office/elsewhere"
    assert any({u.a, u.b} == {CGR + "hasselt-university", "https://example.org/our-office/alike"} for u in r.undecided)


def test_a_place_name_is_resolved_only_when_one_listed_member_matches_and_keeps_the_texts_form(ds_all):
    from collabgraph.errors import CollabgraphError
    from collabgraph.questions.lookup import resolve
    from collabgraph.questions.reconcile import canonical

    mentions = {m.texts: m for m in canonical(ds_all).mentions}
    assert mentions[("Cape Town", "Kaapstad")].resolved == CGR + "university-of-cape-town"
    assert mentions[("Cape Town", "Kaapstad")].candidates[0][1].startswith("https://")
    assert mentions[("Sydney",)].resolved is None and len(mentions[("Sydney",)].candidates) == 2
    index = names(ds_all)
    assert str(resolve(index, "Kaapstad")) == CGR + "university-of-cape-town"
    assert "Kaapstad" in index.alt_labels(CGR + "university-of-cape-town")
    with pytest.raises(CollabgraphError, match="University of Technology Sydney"):
        resolve(index, "Sydney")


@pytest.mark.parametrize(
    "written, institution_iri",
    [
        ("Boedapest", "eotvos-lorand-university"),
        ("Dublin", "trinity-college-dublin"),
        ("Vaasa", "abo-akademi-university"),
        ("Kaapstad", "university-of-cape-town"),
    ],
)
def test_a_search_for_what_the_source_says_finds_the_resolved_institution(ds_all, written, institution_iri):
    from collabgraph.questions.lookup import resolve

    assert str(resolve(names(ds_all), written)) == CGR + institution_iri


def test_reconcile_command_reports_merges_with_evidence_and_writes_same_as(tmp_path):
    from typer.testing import CliRunner

    from collabgraph.cli.commands import app

    mine = _user_file(
        tmp_path,
        """
ex:um a cg:University ; skos:prefLabel "Universiteit Maastricht (ours)"@nl ; cg:ror <https://ror.org/02jz4aj89> .
""",
    )
    out = tmp_path / "same-as.ttl"
    result = CliRunner().invoke(app, ["reconcile", "--data", str(mine), "--format", "ttl", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "<https://example.org/our-office/um> owl:sameAs cgr:maastricht-university" in text
    shown = CliRunner().invoke(app, ["reconcile", "--data", str(mine), "--format", "json"])
    merges = __import__("json").loads(shown.stdout)["merges"]
    assert merges == [
        {
            "canonical": CGR + "maastricht-university",
            "alias": "https://example.org/our-office/um",
            "rule": "ror",
            "evidence": "same ror id https://ror.org/02jz4aj89",
        }
    ]


def test_an_owl_same_as_in_a_user_file_keeps_one_node_found_by_every_name_under_the_curated_label(tmp_path):
    from collabgraph.loading.load import load

    mine = _user_file(
        tmp_path,
        """
@prefix owl: <http://www.w3.org/2002/07/owl#> .
ex:um a cg:University ; skos:prefLabel "Alma Mater Traiectum ad Mosam"@en ; owl:sameAs cgr:maastricht-university .
ex:yerun a cg:Alliance ; skos:prefLabel "Our YERUN"@en ; owl:sameAs cgr:yerun .
""",
    )
    ds = load(sources="all", data=[mine])
    index = names(ds)
    from collabgraph.questions.lookup import resolve

    um = CGR + "maastricht-university"
    assert str(resolve(index, "Maastricht University")) == um
    assert str(resolve(index, "Alma Mater Traiectum ad Mosam")) == um
    assert index.label(um) == "Maastricht University"
    assert "Alma Mater Traiectum ad Mosam" in index.alt_labels(um)
    found = members(ds, "YERUN")
    assert len({m.iri for m in found}) == len(found)
    assert [m.label for m in found if m.iri == um] == ["Maastricht University"]
    assert "https://example.org/our-office/um" not in institution_graph(ds)


def test_a_units_membership_counts_for_its_institution(tmp_path):
    from collabgraph.loading.load import load

    mine = _user_file(
        tmp_path,
        """
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:alliance a cg:Alliance ; skos:prefLabel "Border Health Alliance"@en .
ex:m1 a cg:Membership ; org:member cgr:item-maastricht ; org:organization ex:alliance ;
    cg:startDate "2018"^^xsd:gYear ; cg:status cgs:active .
ex:m2 a cg:Membership ; org:member cgr:maastricht-university ; org:organization ex:alliance ;
    cg:startDate "2021"^^xsd:gYear ; cg:status cgs:active .
""",
    )
    ds = load(sources="seeds", data=[mine], check=False)
    found = members(ds, "Border Health Alliance")
    assert [(m.label, m.since) for m in found] == [("Maastricht University", "2018")]


def test_the_year_slider_shows_exactly_the_network_as_of_each_year(ds_all, tmp_path):
    import json
    import re

    from collabgraph.network.project import history_view
    from collabgraph.render import render_whole

    now = institution_graph(ds_all)
    with_metrics(now)
    page = render_whole(history_view(ds_all, now), tmp_path / "all.html", title="t").read_text(encoding="utf-8")
    data = json.loads(re.search('id="graph-data">(.*?)</script>', page, re.S).group(1))
    ids = {n["id"]: n["label"] for n in data["nodes"]}
    label = {iri: d["label"] for iri, d in now.nodes(data=True)}

    def shown(year, with_undated=True):  # the page's own rule (network.html.j2, update())
        return {
            frozenset((ids[e["from"]], ids[e["to"]]))
            for e in data["edges"]
            if any(
                (s[0] is None or s[0] <= year) and (s[1] is None or year <= s[1]) and (not s[2] or with_undated)
                for s in e["spans"]
            )
        }

    for year in range(2015, 2027):
        for with_undated in (True, False):
            cut = institution_graph(ds_all, as_of=str(year), undated=with_undated)
            labels = {iri: d["label"] for iri, d in cut.nodes(data=True)} | label
            expected = {frozenset((labels[a], labels[b])) for a, b in cut.edges()}
            assert shown(year, with_undated) == expected, (year, with_undated)


def test_a_membership_stated_on_a_merged_alliance_iri_counts_without_owl_reasoning(tmp_path):
    from collabgraph.loading.load import load

    mine = _user_file(
        tmp_path,
        """
@prefix owl: <http://www.w3.org/2002/07/owl#> .
ex:yerun a cg:Alliance ; skos:prefLabel "YERUN (our list)"@en ; owl:sameAs cgr:yerun .
ex:new a cg:University ; skos:prefLabel "Our New University"@en .
ex:m a cg:Membership ; org:member ex:new ; org:organization ex:yerun ; cg:startDate "2023"^^xsd:gYear ;
    cg:status cgs:active .
""",
    )
    ds = load(sources="all", data=[mine], reasoner="rules", check=False)
    assert "Our New University" in {m.label for m in members(ds, "YERUN")}


def test_a_place_name_finds_candidates_only_among_the_members_of_the_alliance_it_is_about(tmp_path):
    from collabgraph.loading.load import load
    from collabgraph.questions.reconcile import canonical

    mine = _user_file(
        tmp_path,
        """
ex:harbour-network a cg:Alliance ; skos:prefLabel "Harbour Network"@en .
ex:harbour-institute a cg:University ; skos:prefLabel "Sydney Harbour Institute"@en .
ex:harbour-membership a cg:Membership ; org:member ex:harbour-institute ; org:organization ex:harbour-network .
""",
    )
    mentions = {m.texts: m for m in canonical(load(data=[mine])).mentions}
    candidates = [iri for iri, _ in mentions[("Sydney",)].candidates]
    assert len(candidates) == 2 and "https://example.org/our-office/harbour-institute" not in candidates


def test_a_place_names_candidate_from_a_membership_no_page_lists_has_an_empty_source(tmp_path):
    from collabgraph.loading.load import load
    from collabgraph.questions.reconcile import canonical

    mine = _user_file(
        tmp_path,
        """
ex:harbour-network a cg:Alliance ; skos:prefLabel "Harbour Network"@en ; cg:mentions ex:harbour-place .
ex:harbour-place a cg:UnresolvedOrganization ; skos:prefLabel "Harbourside"@en .
ex:harbour-institute a cg:University ; skos:prefLabel "Harbourside Institute"@en .
ex:harbour-membership a cg:Membership ; org:member ex:harbour-institute ; org:organization ex:harbour-network .
""",
    )
    mention = {m.texts: m for m in canonical(load(data=[mine])).mentions}[("Harbourside",)]
    assert mention.candidates == (("https://example.org/our-office/harbour-institute", ""),)
    assert mention.resolved == "https://example.org/our-office/harbour-institute"


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_a_place_names_candidate_from_a_blank_node_membership_keeps_the_page_that_lists_it(tmp_path, store):
    from collabgraph.loading.load import load
    from collabgraph.questions.reconcile import canonical

    mine = _user_file(
        tmp_path,
        """
ex:harbour-network a cg:Alliance ; skos:prefLabel "Harbour Network"@en ; cg:mentions ex:harbour-place .
ex:harbour-place a cg:UnresolvedOrganization ; skos:prefLabel "Harbourside"@en .
ex:harbour-institute a cg:University ; skos:prefLabel "Harbourside Institute"@en .
[] a cg:Membership ; org:member ex:harbour-institute ; org:organization ex:harbour-network ;
    cg:evidence [ oa:hasTarget [ oa:hasSource <https://example.org/members.html> ] ] .
""",
    )
    mention = {m.texts: m for m in canonical(load(data=[mine], store=store)).mentions}[("Harbourside",)]
    assert mention.candidates == (("https://example.org/our-office/harbour-institute", "https://example.org/members.html"),)
