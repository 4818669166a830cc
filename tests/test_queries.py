"""Competency queries (src/collabgraph/queries/*.rq), each with its expected answer."""

from rdflib import Literal, URIRef

from collabgraph.namespaces import CGR, SRC
from collabgraph.questions.members import members
from collabgraph.questions.partners import partners
from collabgraph.sparql.query import named_queries, run, run_named


def _iris(rows, var):
    return {r[var] for r in rows}


def test_every_named_query_parses(ds_seeds):
    for name, path in named_queries().items():
        assert path.read_text().strip(), name
    assert {"partners", "members", "agreements_in_year", "institutions_in_alliances", "facts_by_source"} <= set(named_queries())


def test_partners_query_finds_every_party_of_a_shared_agreement(ds_seeds):
    rows = run_named(ds_seeds, "partners", institution=CGR["klinikum-osnabrueck"])
    assert _iris(rows, "partner") == {str(CGR.ukm)}
    assert _iris(rows, "via") == {str(CGR["mou-ukm-klinikum-osnabrueck-2024"])}


def test_partners_of_hanoi_medical_university_are_vinmec_and_vinuni(ds_seeds):
    found = {p.label for p in partners(ds_seeds, "Hanoi Medical University")}
    assert {"Vinmec Healthcare System", "VinUniversity"} <= found


def test_members_query_lists_charm_eu_members_with_roles(ds_seeds):
    rows = run_named(ds_seeds, "members", alliance=CGR["charm-eu"])
    assert {
        str(CGR[s])
        for s in (
            "umc-utrecht",
            "utrecht-university",
            "university-of-barcelona",
            "abo-akademi-university",
            "university-of-wuerzburg",
            "hochschule-ruhr-west",
        )
    } <= _iris(rows, "member")


def test_agreements_in_2024_is_the_osnabrueck_mou(ds_seeds):
    rows = run_named(ds_seeds, "agreements_in_year", year=Literal("2024"))
    assert _iris(rows, "agreement") == {str(CGR["mou-ukm-klinikum-osnabrueck-2024"])}


def test_agreements_in_2025_include_the_planned_december_agreements(ds_seeds):
    rows = run_named(ds_seeds, "agreements_in_year", year=Literal("2025"))
    planned = [r for r in rows if r["status"].endswith("/planned")]
    assert [r["date"] for r in planned] == ["2025-12", "2025-12"]  # one agreement with each partner


def test_institutions_in_two_or_more_alliances_include_maastricht(ds_all):
    rows = run_named(ds_all, "institutions_in_alliances")
    counts = {r["institution"]: r["alliances"] for r in rows}
    which = {r["institution"]: set(r["which"].split()) for r in rows}
    assert {str(CGR[a]) for a in ("wun", "yerun", "yufe")} <= which[str(CGR["maastricht-university"])]
    assert {str(CGR[a]) for a in ("charm-eu", "ewuu", "wun")} == which[str(CGR["utrecht-university"])]
    assert all(c >= 2 for c in counts.values())


def test_seeds_only_institutions_in_two_alliances_are_fewer(ds_seeds, ds_all):
    seeds = run_named(ds_seeds, "institutions_in_alliances")
    everything = run_named(ds_all, "institutions_in_alliances")
    assert len(seeds) < len(everything)


def test_facts_by_source_returns_each_fact_with_its_quote(ds_seeds):
    rows = run_named(ds_seeds, "facts_by_source", source=SRC["004_e6e09fa7cb1010b6"])
    mou = [r for r in rows if r["fact"] == str(CGR["mou-hmu-vinmec-vinuniversity"])]
    assert mou and all(r["quote"] for r in mou)
    assert all(r["fact"].startswith(str(CGR)) for r in rows)


def test_public_and_seed_sources_disagree_visibly_on_wun_dutch_members(ds_all):
    current = {m.label for m in members(ds_all, "WUN")}
    assert "Maastricht University" in current and "Utrecht University" not in current
    rows = members(ds_all, "WUN", former=True)
    dutch = {m.label: m for m in rows if m.label in ("Maastricht University", "Utrecht University")}
    assert set(dutch) == {"Maastricht University", "Utrecht University"}
    assert dutch["Utrecht University"].curation == "former-inferred"
    assert dutch["Utrecht University"].former and not dutch["Maastricht University"].former
    assert dutch["Utrecht University"].source.startswith("http")
    quote = run(
        ds_all,
        """
        SELECT ?q WHERE { ?f cg:evidence/oa:hasTarget/oa:hasSelector/oa:exact ?q .
                          FILTER(CONTAINS(?q, "enige Nederlandse lid")) }""",
    )
    assert len(quote) >= 1


def test_construct_free_ask_query_returns_a_boolean(ds_seeds):
    rows = run(ds_seeds, "ASK { cgr:ukm a cg:UniversityHospital }")
    assert rows[0]["ask"] is True
    assert URIRef(str(CGR.ukm))


def test_values_read_once_in_a_block_belong_to_their_own_dataset_even_when_an_id_is_reused():
    from rdflib.namespace import SKOS

    from collabgraph.questions.labels import reading, values_of
    from collabgraph.store import new_dataset

    with reading(new_dataset("memory")):
        for i in range(200):  # short-lived datasets: CPython hands a freed one's id to the next
            ds = new_dataset("memory")
            ds.graph(URIRef("urn:g")).add((URIRef("urn:x"), SKOS.prefLabel, Literal(f"name {i}")))
            assert values_of(ds, SKOS.prefLabel) == [("urn:x", f"name {i}", "")]
            del ds
