"""Shared pieces for turning query rows into typed results: labels, kinds, statuses, sources."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import overload

from rdflib import RDFS, Dataset, URIRef
from rdflib.namespace import SKOS

from collabgraph.namespaces import CG, CGS, ORG
from collabgraph.scoped import memo_scope
from collabgraph.sparql.query import run_named

__all__ = [
    "KINDS",
    "kind_of",
    "concept_name",
    "source_name",
    "resource_label",
    "resource_labels",
    "superclasses",
    "values_of",
    "reading",
    "organisation_classes",
]

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
    return iri[len(str(CGS)) :] if iri.startswith(str(CGS)) else iri


@overload
def source_name(ds: Dataset, iri: str) -> str: ...


@overload
def source_name(ds: Dataset, iri: None) -> None: ...


def source_name(ds: Dataset, iri: str | None) -> str | None:
    """A source as users know it: a seed document's file name, else the public page's URL."""
    if iri is None:
        return None
    name = ds.value(URIRef(iri), CG.fileName)
    return str(name) if name is not None else iri


def _best_label(candidates: list[tuple[int, str, str]]) -> str:
    """English or untagged first, ``rdfs:label`` before ``skos:prefLabel``, then alphabetical."""
    return min(candidates, key=lambda c: (c[2] not in ("en", ""), c[0], c[1]))[1]


def _fallback(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def resource_label(ds: Dataset, iri: str) -> str:
    """``rdfs:label`` or English ``skos:prefLabel`` of any resource, else its last IRI segment.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> resource_label(load(sources="seeds"), "https://w3id.org/collabgraph/id/ukm")
    'University Hospital Münster'
    """
    node = URIRef(iri)
    candidates = [
        (rank, str(lab), getattr(lab, "language", None) or "")
        for rank, prop in ((1, RDFS.label), (2, SKOS.prefLabel))
        for lab in ds.objects(node, prop)
    ]
    return _best_label(candidates) if candidates else _fallback(iri)


def resource_labels(ds: Dataset) -> dict[str, str]:
    """Every labelled resource's label as :func:`resource_label` picks it, from one query.

    For many resources at once (a projection labels every agreement): one pass over the labels
    instead of two index lookups per resource. Resources without a label are absent; use
    ``resource_labels(ds).get(iri) or resource_label(ds, iri)``.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> ds = load(sources="seeds")
    >>> iri = "https://w3id.org/collabgraph/id/ukm"
    >>> resource_labels(ds)[iri] == resource_label(ds, iri)
    True
    """
    found: dict[str, list[tuple[int, str, str]]] = {}
    # Two property scans (the preferred labels are shared with the name index within
    # :func:`reading`), each label as rank 1 (rdfs:label) or 2 (skos:prefLabel).
    for rank, prop in ((1, RDFS.label), (2, SKOS.prefLabel)):
        for iri, label, lang in values_of(ds, prop):
            found.setdefault(iri, []).append((rank, label, lang))
    return {iri: _best_label(candidates) for iri, candidates in found.items()}


#: Within :func:`reading`: (id of a dataset, property) → what :func:`values_of` read.
_READ: ContextVar[dict[tuple[int, str], tuple[Dataset, list]] | None] = ContextVar("collabgraph_values_read", default=None)


@contextmanager
def reading(ds: Dataset) -> Iterator[None]:
    """Within the block, :func:`values_of` reads each property of ``ds`` once.

    :func:`~collabgraph.questions.organisations.organisations`, the name index and the
    reconciliation each read the labels and countries; at 100,000 institutions every read is a
    second. The values are kept only for the block, so nothing read outlives a change to ``ds``
    made after it; do not change ``ds`` inside the block (a read would not see it). Nested
    blocks share the outer one's values; each thread has its own.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> ds = load(sources="seeds")
    >>> with reading(ds):
    ...     values_of(ds, SKOS.altLabel) is values_of(ds, SKOS.altLabel)
    True
    >>> values_of(ds, SKOS.altLabel) is values_of(ds, SKOS.altLabel)
    False
    """
    with memo_scope(_READ):
        yield


def values_of(ds: Dataset, predicate) -> list[tuple[str, str, str]]:
    """Every ``(subject, object, language)`` of ``predicate`` in ``ds`` as plain strings, from one
    scan (``property_values.rq``); the language is ``""`` where the object has none. Within
    :func:`reading`, each property is read once (do not change the list).

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> from rdflib.namespace import SKOS
    >>> ("https://w3id.org/collabgraph/id/ukm", "UKM", "") in values_of(load(sources="seeds"), SKOS.altLabel)
    True
    """
    read = _READ.get()
    key = (id(ds), str(predicate))
    if read is not None and (kept := read.get(key)) is not None and kept[0] is ds:
        return kept[1]
    found = [
        (row["subject"], str(row["object"]), row["lang"] or "")
        for row in run_named(ds, "property_values", property=URIRef(predicate))
    ]
    if read is not None:
        read[key] = (ds, found)  # ds kept with its values: no other dataset can take its id meanwhile
    return found


def superclasses(ds: Dataset) -> dict[URIRef, frozenset[URIRef]]:
    """Every class's superclasses (itself included), from the ``rdfs:subClassOf`` triples in ``ds``.

    Computed once in Python so queries need no ``rdfs:subClassOf*`` path per row.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> CG.Institution in superclasses(load(sources="seeds", reason=False))[CG.UniversityHospital]
    True
    """
    direct: dict[URIRef, set[URIRef]] = {}
    for sub, sup in ds.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):  # named classes only
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
    >>> from collabgraph.loading.load import load
    >>> from collabgraph.namespaces import CGR
    >>> CG.UniversityHospital in organisation_classes(load(sources="seeds"))[str(CGR.ukm)]
    True
    """
    supers = supers if supers is not None else superclasses(ds)
    found: dict[str, frozenset[URIRef]] = {}
    for cls, classes in supers.items():
        if ORG.Organization in classes:
            for row in run_named(ds, "instances", **{"class": cls}):
                found[row["node"]] = found.get(row["node"], frozenset()) | classes
    return found
