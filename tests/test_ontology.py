"""The ontology: metadata, labels and definitions, and one test per axiom that earns its keep."""

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from collabgraph.loading.load import parse_file
from collabgraph.namespaces import CG, INFERRED_GRAPH, OA, ORG
from collabgraph.reasoning.reason import inconsistencies, infer
from collabgraph.resources import ontology_dir

EX = "http://example.org/"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return parse_file(ontology_dir() / "collabgraph.ttl")


def _infer_with(ontology: Graph, turtle: str) -> Graph:
    data = Graph().parse(
        data=f"@prefix cg: <{CG}> . @prefix org: <{ORG}> . @prefix ex: <{EX}> . @prefix oa: <{OA}> . {turtle}", format="turtle"
    )
    return infer([ontology, data])


def test_ontology_has_iri_and_version_iri(ontology):
    onto = next(ontology.subjects(RDF.type, OWL.Ontology))
    assert str(onto) == "https://w3id.org/collabgraph/ontology"
    assert ontology.value(onto, OWL.versionIRI) is not None


def test_every_term_has_an_english_label_and_definition(ontology):
    terms = {s for s in ontology.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(str(CG))}
    assert len(terms) > 60
    lacking = [
        t
        for t in terms
        if not any(lab.language == "en" for lab in ontology.objects(t, RDFS.label)) or ontology.value(t, SKOS.definition) is None
    ]
    assert lacking == []


@pytest.mark.parametrize(
    "cls",
    [
        "Institution",
        "University",
        "UniversityHospital",
        "Hospital",
        "Alliance",
        "Agreement",
        "MemorandumOfUnderstanding",
        "Membership",
        "Grant",
        "Programme",
    ],
)
def test_main_classes_have_german_and_dutch_labels(ontology, cls):
    langs = {lab.language for lab in ontology.objects(CG[cls], RDFS.label)}
    assert {"en", "de", "nl"} <= langs


def test_curated_graph_reasons_consistently(ds_all):
    assert inconsistencies(ds_all.graph(INFERRED_GRAPH)) == []


def test_a_clash_is_reported_as_inconsistent(ontology):
    """If something is both a collaboration and an organisation then owlrl reports a clash."""
    inferred = _infer_with(ontology, "ex:x a cg:MemorandumOfUnderstanding, cg:University .")
    assert inconsistencies(inferred) != []


def test_shared_collaboration_is_symmetric_and_derived(ontology):
    """If a and b are parties to one agreement then a sharesCollaborationWith b and b with a."""
    inferred = _infer_with(ontology, "ex:mou a cg:MemorandumOfUnderstanding ; cg:hasParty ex:a, ex:b .")
    a, b = URIRef(EX + "a"), URIRef(EX + "b")
    assert (a, CG.sharesCollaborationWith, b) in inferred
    assert (b, CG.sharesCollaborationWith, a) in inferred


def test_party_to_is_the_inverse_of_has_party(ontology):
    """If an agreement hasParty x then x partyTo the agreement."""
    inferred = _infer_with(ontology, "ex:mou cg:hasParty ex:a .")
    assert (URIRef(EX + "a"), CG.partyTo, URIRef(EX + "mou")) in inferred


def test_membership_implies_member_of(ontology):
    """If a membership has member x and organization y then x org:memberOf y (and y hasMember x)."""
    inferred = _infer_with(ontology, "ex:m a cg:Membership ; org:member ex:x ; org:organization ex:y .")
    x, y = URIRef(EX + "x"), URIRef(EX + "y")
    assert (x, ORG.memberOf, y) in inferred
    assert (y, ORG.hasMember, x) in inferred


def test_class_hierarchy_makes_a_university_hospital_an_organization(ontology):
    """If x is a university hospital then x is a hospital, an institution and an org:Organization."""
    inferred = _infer_with(ontology, "ex:x a cg:UniversityHospital .")
    x = URIRef(EX + "x")
    for cls in (CG.Hospital, CG.Institution, ORG.Organization):
        assert (x, RDF.type, cls) in inferred


def test_evidence_is_the_inverse_of_annotation_body(ontology):
    """If a fact has evidence e then e oa:hasBody the fact."""
    inferred = _infer_with(ontology, "ex:f cg:evidence ex:e .")
    assert (URIRef(EX + "e"), OA.hasBody, URIRef(EX + "f")) in inferred


def test_reasoning_twice_adds_nothing(ontology):
    data = Graph().parse(
        data=f"@prefix cg: <{CG}> . @prefix ex: <{EX}> . ex:mou a cg:StrategicNetwork ; cg:hasParty ex:a, ex:b, ex:c .",
        format="turtle",
    )
    first = infer([ontology, data])
    second = infer([ontology, data, first])
    assert len(second) == 0


def test_status_is_not_used_to_infer_types(ontology):
    """Domain/range are declared only where harmless: a status value is not typed an organisation."""
    inferred = _infer_with(ontology, "ex:a cg:status ex:s .")
    assert (URIRef(EX + "s"), RDF.type, ORG.Organization) not in inferred
    assert Literal(True) not in set(inferred.subjects())
