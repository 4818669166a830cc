"""The details the curator notes single out: precision of dates, plans, partial names, spelling."""

from rdflib import XSD, Literal
from rdflib.namespace import SKOS

from collabgraph.namespaces import CG, CGR, CGS, ORG, SCHEMA


def test_july_2023_is_a_year_month_not_a_day(ds_seeds):
    date = ds_seeds.value(CGR["mou-ukm-muenster-mst-twente-2023"], CG.startDate)
    assert date == Literal("2023-07", datatype=XSD.gYearMonth)


def test_december_2025_agreements_are_planned_not_signed(ds_seeds):
    for planned in (CGR["agreement-vnu-ump-uca-2025-12"], CGR["agreement-vnu-ump-chu-clermont-ferrand-2025-12"]):
        assert ds_seeds.value(planned, CG.status) == CGS.planned
        assert ds_seeds.value(planned, CG.startDate) == Literal("2025-12", datatype=XSD.gYearMonth)


def test_partial_eureka_names_are_unresolved(ds_seeds):
    for place in ("toronto", "miami", "arizona", "united-emirates", "stanford"):
        iri = CGR[f"eureka-partner-{place}"]
        assert (iri, None, CG.UnresolvedOrganization) in ds_seeds
        assert ds_seeds.value(iri, CG.curationStatus) == CGS.unresolved


def test_misspelling_is_an_alternative_label_with_the_correct_name_preferred(ds_seeds):
    iri = CGR["universitas-tanjungpura"]
    assert "Universitas Tangjungpura" in {str(x) for x in ds_seeds.objects(iri, SKOS.altLabel)}
    assert "Universitas Tanjungpura" in {str(x) for x in ds_seeds.objects(iri, SKOS.prefLabel)}


def test_vaasa_is_read_as_abo_akademi_with_provenance(ds_seeds):
    iri = CGR["abo-akademi-university"]
    assert "Vaasa" in {str(x) for x in ds_seeds.objects(iri, SKOS.altLabel)}
    assert "myscience" in str(ds_seeds.value(iri, SKOS.editorialNote))


def test_charm_eu_grant_is_twelve_point_eight_million_euro(ds_seeds):
    grants = [g for g in ds_seeds.subjects(CG.recipient, CGR["charm-eu"])]
    amounts = {
        (float(ds_seeds.value(a, SCHEMA.value)), str(ds_seeds.value(a, SCHEMA.currency)))
        for g in grants
        for a in ds_seeds.objects(g, CG.amount)
    }
    assert (12_800_000.0, "EUR") in amounts


def test_maastricht_coordinates_yufe_and_founded_yerun(ds_seeds):
    roles = {
        (str(ds_seeds.value(m, ORG.organization)), r)
        for m in ds_seeds.subjects(ORG.member, CGR["maastricht-university"])
        for r in ds_seeds.objects(m, ORG.role)
    }
    assert (str(CGR.yufe), CG.Coordinator) in roles
    assert (str(CGR.yerun), CG.Founder) in roles


def test_martin_paul_chairs_yufe(ds_seeds):
    posts = list(ds_seeds.subjects(ORG.heldBy, CGR["person-martin-paul"]))
    chairs = {ds_seeds.value(p, ORG.postIn) for p in posts if (p, ORG.role, CG.Chair) in ds_seeds}
    assert CGR.yufe in chairs


def test_news_dated_facts_keep_the_news_date_apart(ds_seeds):
    mou = CGR["mou-maastricht-university-uc-irvine"]
    assert ds_seeds.value(mou, CG.startDate) is None
    assert ds_seeds.value(mou, CG.reportedDate) == Literal("2018-11-28", datatype=XSD.date)


PREFIXES = """
PREFIX cg: <https://w3id.org/collabgraph/ontology#>
PREFIX cgr: <https://w3id.org/collabgraph/id/>
PREFIX cgs: <https://w3id.org/collabgraph/concept/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
"""


def _ask(ds, query: str) -> bool:
    return bool(ds.query(PREFIXES + query).askAnswer)


def test_wun_place_names_are_mentions_not_members(ds_seeds):
    places = [CGR[f"wun-member-{p}"] for p in ("alberta", "kaapstad", "sydney", "hong-kong")]
    assert not _ask(
        ds_seeds,
        """ASK { ?m org:organization cgr:wun ; org:member ?u .
                                      ?u a cg:UnresolvedOrganization }""",
    )
    assert set(ds_seeds.objects(CGR.wun, CG.mentions)) == set(places)
    for place in places:
        assert (place, None, CG.UnresolvedOrganization) in ds_seeds
        assert ds_seeds.value(place, CG.curationStatus) == CGS.unresolved
    labels = set(ds_seeds.objects(CGR["wun-member-kaapstad"], SKOS.prefLabel))
    assert {Literal("Kaapstad", lang="nl"), Literal("Cape Town", lang="en")} <= labels


def test_san_raffaele_stays_unresolved_between_hospital_and_university(ds_seeds):
    assert not _ask(
        ds_seeds,
        """ASK { { ?f org:member cgr:ospedale-san-raffaele }
                                      UNION { ?f cg:hasParty cgr:ospedale-san-raffaele } }""",
    )
    members = {
        r.u
        for r in ds_seeds.query(
            PREFIXES
            + """
        SELECT ?u WHERE { ?m org:organization cgr:eureka-institute ; org:member ?u .
                          ?u a cg:UnresolvedOrganization ; cg:candidate cgr:ospedale-san-raffaele,
                             cgr:universita-vita-salute-san-raffaele ;
                             cg:curationStatus cgs:unresolved }"""
        )
    }
    assert members == {CGR["eureka-partner-san-raffaele-milan"]}
    assert (CGR["universita-vita-salute-san-raffaele"], None, CG.University) in ds_seeds


def test_clermont_hanoi_initiators_get_no_affiliation_the_text_does_not_give(ds_seeds):
    for person in ("person-charles-de-ribeyrolles", "person-ton-that-bach"):
        assert (CGR[person], None, CG.Person) in ds_seeds
        assert list(ds_seeds.subjects(ORG.heldBy, CGR[person])) == []


def test_ministry_of_health_is_no_party_to_the_hanoi_cooperation(ds_seeds):
    assert list(ds_seeds.subjects(CG.hasParty, CGR["ministry-of-health-vietnam"])) == []


def test_december_2025_agreements_are_one_per_clermont_partner(ds_seeds):
    assert not _ask(
        ds_seeds,
        """ASK { ?a cg:hasParty cgr:universite-clermont-auvergne,
                                                     cgr:chu-clermont-ferrand }""",
    )
    for planned, partner in (
        ("agreement-vnu-ump-uca-2025-12", "universite-clermont-auvergne"),
        ("agreement-vnu-ump-chu-clermont-ferrand-2025-12", "chu-clermont-ferrand"),
    ):
        parties = set(ds_seeds.objects(CGR[planned], CG.hasParty))
        assert parties == {CGR["vnu-university-of-medicine-and-pharmacy"], CGR[partner]}
    assert (CGR["agreement-vnu-ump-uca-chu-clermont-ferrand-2025-12"], None, None) not in ds_seeds


def test_prince_claus_chair_has_no_provider_the_text_does_not_name(ds_seeds):
    chair = CGR["programme-prins-claus-leerstoel-health-equity-research"]
    assert (chair, None, CG.Programme) in ds_seeds
    assert list(ds_seeds.objects(chair, SCHEMA.provider)) == []


def test_qualified_counts_keep_their_qualifier(ds_seeds):
    expected = {
        "mundo": (20, "more than"),
        "she-collaborates": (40, "more than"),
        "collab-maastricht-umc-plus-india": (25, "about"),
    }
    for name, (count, qualifier) in expected.items():
        assert int(ds_seeds.value(CGR[name], CG["count"])) == count
        assert str(ds_seeds.value(CGR[name], CG.countQualifier)) == qualifier


def test_providers_and_affiliations_only_from_the_text(ds_seeds):
    # 'Maastricht School of Governance': the UM affiliation came from an outside page only
    assert ds_seeds.value(CGR["maastricht-graduate-school-of-governance"], ORG.unitOf) is None
    # 'bijvoorbeeld MaRBLe in WUN' and 'die Partnerschaft ... Schulungsprogramme' name no provider
    for programme in ("programme-marble-in-wun", "programme-clermont-ferrand-hanoi-staff-training"):
        assert (CGR[programme], None, CG.Programme) in ds_seeds
        assert list(ds_seeds.objects(CGR[programme], SCHEMA.provider)) == []
