"""Shared pieces for turning query rows into typed results: labels, kinds, statuses, sources."""

from __future__ import annotations

from rdflib import RDF, RDFS, Dataset, URIRef
from rdflib.namespace import SKOS

from .namespaces import CG, CGS, ORG

__all__ = ["KINDS", "kind_of", "concept_name", "source_name", "resource_label", "superclasses",
           "organisation_classes"]

#: Short names of collaboration classes, as used in the ``kind`` of results.
KINDS = {
    CG.MemorandumOfUnderstanding: "mou",
    CG.CooperationAgreement: "cooperation_agreement",
    CG.StrategicPartnership: "strategic_partnership",
    CG.StrategicNetwork: "strategic_network",
    CG.JointDegreeProgramme: "joint_programme",
    CG.Agreement: "agreement",
    CG.Collaboration: "collaboration",
    CG.Alliance: "alliance",
}


def kind_of(cls: str | None) -> str:
    """The short kind of a collaboration class IRI.

    Examples
    --------
    >>> kind_of(str(CG.StrategicNetwork)), kind_of(str(CG.Alliance))
    ('strategic_network', 'alliance')
    """
    if cls is None:
        return "collaboration"
    return KINDS.get(URIRef(cls), URIRef(cls).rsplit("#", 1)[-1].rsplit("/", 1)[-1])


def concept_name(iri: str | None) -> str | None:
    """The slug of a status or curation concept (``cgs:former-inferred`` → ``former-inferred``).

    Examples
    --------
    >>> concept_name(str(CGS.planned)), concept_name(None)
    ('planned', None)
    """
    if iri is None:
        return None
    return iri[len(str(CGS)):] if iri.startswith(str(CGS)) else iri


def source_name(ds: Dataset, iri: str | None) -> str | None:
    """A source as users know it: a seed document's file name, else the public page's URL."""
    if iri is None:
        return None
    name = ds.value(URIRef(iri), CG.fileName)
    return str(name) if name is not None else iri


def resource_label(ds: Dataset, iri: str) -> str:
    """``rdfs:label`` or English ``skos:prefLabel`` of any resource, else its last IRI segment."""
    node = URIRef(iri)
    labels = list(ds.objects(node, RDFS.label)) + list(ds.objects(node, SKOS.prefLabel))
    for lab in labels:
        if getattr(lab, "language", None) in ("en", None):
            return str(lab)
    return str(labels[0]) if labels else iri.rstrip("/").rsplit("/", 1)[-1]


def superclasses(ds: Dataset) -> dict[URIRef, frozenset[URIRef]]:
    """Every class's superclasses (itself included), from the ``rdfs:subClassOf`` triples in ``ds``.

    Computed once in Python so queries need no ``rdfs:subClassOf*`` path per row.

    Examples
    --------
    >>> from collabgraph.load import load
    >>> CG.Institution in superclasses(load(sources="seeds", reason=False))[CG.UniversityHospital]
    True
    """
    direct: dict[URIRef, set[URIRef]] = {}
    for sub, sup in ds.subject_objects(RDFS.subClassOf):
        direct.setdefault(sub, set()).add(sup)
    result: dict[URIRef, frozenset[URIRef]] = {}

    def walk(cls: URIRef, trail: frozenset) -> frozenset:
        if cls in result:
            return result[cls]
        found = {cls}
        for parent in direct.get(cls, ()):
            if parent not in trail:
                found |= walk(parent, trail | {cls})
        result[cls] = frozenset(found)
        return result[cls]

    for cls in list(direct):
        walk(cls, frozenset())
    return result


def organisation_classes(ds: Dataset, supers: dict | None = None) -> dict[str, frozenset[URIRef]]:
    """Every organisation (typed with a subclass of ``org:Organization``) and all its classes.

    One index lookup per organisation class, not a scan of every ``rdf:type`` triple (millions
    in a big graph with inferred types).

    Examples
    --------
    >>> from collabgraph.load import load
    >>> from collabgraph.namespaces import CGR
    >>> CG.UniversityHospital in organisation_classes(load(sources="seeds"))[str(CGR.ukm)]
    True
    """
    supers = supers if supers is not None else superclasses(ds)
    found: dict[str, frozenset[URIRef]] = {}
    for cls, classes in supers.items():
        if ORG.Organization in classes:
            for node in ds.subjects(RDF.type, cls):
                found[str(node)] = found.get(str(node), frozenset()) | classes
    return found
