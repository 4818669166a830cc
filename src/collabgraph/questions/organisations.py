"""Organisations as the nodes of ties and the network: each with its label, type, country and
parent, read for the whole graph (:func:`organisations`) or one IRI at a time
(:class:`OrganisationLookup`), and :func:`top_level`, the canonical institution an IRI rolls up
to (units to their institution, aliases to their canonical IRI).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import RDF, Dataset, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from collabgraph.namespaces import CG, ORG
from collabgraph.questions.labels import organisation_classes, reading, resource_label, superclasses, values_of
from collabgraph.questions.lookup import Names, names
from collabgraph.questions.reconcile import Reconciliation

__all__ = ["NODE_TYPES", "Organisation", "organisations", "OrganisationLookup", "top_level"]

#: Node types, most specific first: the first class an organisation has names its type.
NODE_TYPES = [
    (CG.UniversityHospital, "university hospital"),
    (CG.Hospital, "hospital"),
    (CG.UniversityOfAppliedSciences, "university of applied sciences"),
    (CG.University, "university"),
    (CG.ResearchInstitute, "research institute"),
    (CG.HealthcareGroup, "healthcare group"),
    (CG.Company, "company"),
    (CG.Funder, "funder"),
    (CG.GovernmentBody, "government body"),
    (CG.Association, "association"),
    (CG.UnresolvedOrganization, "unresolved"),
    (CG.OrganizationalUnit, "unit"),
    (ORG.OrganizationalUnit, "unit"),
    (CG.Alliance, "alliance"),
    (ORG.OrganizationalCollaboration, "alliance"),
]


@dataclass
class Organisation:
    """A node: label, type, country, the IRI of the top-level organisation it rolls up to."""

    iri: str
    label: str
    type: str
    country: str | None
    alliance: bool
    parent: str | None = None
    classes: set = field(default_factory=set)
    unresolved: bool = False


def organisations(ds: Dataset, index: Names | None = None) -> dict[str, Organisation]:
    """Every organisation in ``ds`` with its label, type, country and parent.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> organisations(load(sources="seeds"))["https://w3id.org/collabgraph/id/item-maastricht"].parent
    'https://w3id.org/collabgraph/id/maastricht-university'
    """
    with reading(ds):  # the name index, the reconciliation and this read the same properties
        return _organisations(ds, index)


def _organisations(ds: Dataset, index: Names | None) -> dict[str, Organisation]:
    typed = organisation_classes(ds)
    index = index or names(ds, typed)
    found: dict[str, Organisation] = {}
    for iri, classes in typed.items():
        found[iri] = Organisation(iri=iri, label=index.label(iri), type="organisation", country=None, alliance=False)
        found[iri].classes |= classes
    codes = {c: code for c, code, _ in values_of(ds, SKOS.notation)}
    for node, country, _ in values_of(ds, CG.country):
        if node in found:
            found[node].country = codes.get(country)
    for unit, parent, _ in values_of(ds, ORG.unitOf):
        if unit in found:
            found[unit].parent = parent
    for org in found.values():
        org.alliance = ORG.OrganizationalCollaboration in org.classes
        org.unresolved = CG.UnresolvedOrganization in org.classes
        org.type = next((name for cls, name in NODE_TYPES if cls in org.classes), "organisation")
    return found


class OrganisationLookup(dict):
    """:func:`organisations` read one IRI at a time, for questions about one institution.

    ``partners`` and ``members`` touch a few hundred organisations; reading all of them (about
    6 s at 100,000 institutions) would cost more than the question. An IRI is looked up on first
    use (its types, label, country, parent) and kept.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> orgs = OrganisationLookup(load(sources="seeds"))
    >>> orgs["https://w3id.org/collabgraph/id/item-maastricht"].parent
    'https://w3id.org/collabgraph/id/maastricht-university'
    >>> "https://w3id.org/collabgraph/id/mou-ukm-klinikum-osnabrueck-2024" in orgs
    False
    """

    def __init__(self, ds: Dataset, index: Names | None = None):
        super().__init__()
        self.ds, self.index, self.supers = ds, index, superclasses(ds)
        self.missing: set[str] = set()

    def _read(self, iri: str) -> Organisation | None:
        node = URIRef(iri)
        types = self.ds.objects(node, RDF.type)
        classes = frozenset().union(*(self.supers.get(c, frozenset({c})) if isinstance(c, URIRef) else {c} for c in types))
        if ORG.Organization not in classes:
            return None
        country = self.ds.value(node, CG.country)
        code = self.ds.value(country, SKOS.notation) if country is not None else None
        parent = self.ds.value(node, ORG.unitOf)
        label = self.index.label(iri) if self.index else resource_label(self.ds, iri)
        return Organisation(
            iri=iri,
            label=label,
            country=str(code) if code is not None else None,
            alliance=ORG.OrganizationalCollaboration in classes,
            type=next((name for cls, name in NODE_TYPES if cls in classes), "organisation"),
            parent=str(parent) if parent is not None else None,
            classes=set(classes),
            unresolved=CG.UnresolvedOrganization in classes,
        )

    def __contains__(self, iri) -> bool:
        if dict.__contains__(self, iri):
            return True
        if iri in self.missing:
            return False
        found = self._read(str(iri))
        if found is None:
            self.missing.add(iri)
            return False
        dict.__setitem__(self, iri, found)
        return True

    def __missing__(self, iri: str) -> Organisation:
        if iri in self:
            return dict.__getitem__(self, iri)
        raise KeyError(iri)

    def units(self, iri: str) -> set[str]:
        """Every unit that rolls up to ``iri`` (``org:unitOf``, transitively)."""
        found: set[str] = set()
        todo: list[Node] = [URIRef(iri)]
        while todo:
            for unit in self.ds.subjects(ORG.unitOf, todo.pop()):
                if str(unit) not in found:
                    found.add(str(unit))
                    todo.append(unit)
        return found


def top_level(orgs: dict[str, Organisation], canon: Reconciliation, iri: str) -> str:
    """The canonical top-level organisation ``iri`` rolls up to (units to their institution).

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> from collabgraph.questions.reconcile import canonical
    >>> ds = load(sources="seeds")
    >>> top_level(organisations(ds), canonical(ds), "https://w3id.org/collabgraph/id/item-maastricht")
    'https://w3id.org/collabgraph/id/maastricht-university'
    """
    seen = set()
    iri = canon(iri)
    while iri in orgs and (parent := orgs[iri].parent) and iri not in seen:
        seen.add(iri)
        iri = canon(parent)
    return iri
