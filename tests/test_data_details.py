"""The details the curator notes single out: precision of dates, plans, partial names, spelling."""

from rdflib import XSD, Literal
from rdflib.namespace import SKOS

from collabgraph.namespaces import CG, CGR, CGS, ORG, SCHEMA


def test_july_2023_is_a_year_month_not_a_day(ds_seeds):
    date = ds_seeds.value(CGR["mou-ukm-muenster-mst-twente-2023"], CG.startDate)
    assert date == Literal("2023-07", datatype=XSD.gYearMonth)


def test_december_2025_agreements_are_planned_not_signed(ds_seeds):
    planned = CGR["agreement-vnu-ump-uca-chu-clermont-ferrand-2025-12"]
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
    amounts = {(float(ds_seeds.value(a, SCHEMA.value)), str(ds_seeds.value(a, SCHEMA.currency)))
               for g in grants for a in ds_seeds.objects(g, CG.amount)}
    assert (12_800_000.0, "EUR") in amounts


def test_maastricht_coordinates_yufe_and_founded_yerun(ds_seeds):
    roles = {(str(ds_seeds.value(m, ORG.organization)), r)
             for m in ds_seeds.subjects(ORG.member, CGR["maastricht-university"])
             for r in ds_seeds.objects(m, ORG.role)}
    assert (str(CGR.yufe), CG.Coordinator) in roles
    assert (str(CGR.yerun), CG.Founder) in roles


def test_martin_paul_chairs_yufe(ds_seeds):
    posts = list(ds_seeds.subjects(ORG.heldBy, CGR["person-martin-paul"]))
    chairs = {ds_seeds.value(p, ORG.postIn) for p in posts
              if (p, ORG.role, CG.Chair) in ds_seeds}
    assert CGR.yufe in chairs


def test_news_dated_facts_keep_the_news_date_apart(ds_seeds):
    mou = CGR["mou-maastricht-university-uc-irvine"]
    assert ds_seeds.value(mou, CG.startDate) is None
    assert ds_seeds.value(mou, CG.reportedDate) == Literal("2018-11-28", datatype=XSD.date)
