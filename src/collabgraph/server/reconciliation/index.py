"""The name index: every canonical institution with its names, classes, countries, ids and alliances.

:func:`build_index` reads the dataset once (a few SPARQL queries, so the server runs it in a
worker) into an :class:`Index` of plain dicts and lists that crosses back to the server process
pickled: the :class:`Entity` of each canonical institution, its names as
:func:`~collabgraph.questions.reconcile.name_key` forms (with the names only a resolved place-name
mention gives it marked loose), blocks of uncommon words for quick lookups, and tables by ROR id,
Wikidata id, country and alliance. :func:`institution_types` names the institution classes (the
manifest's default types).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import OWL, RDF, RDFS, Dataset, Literal, URIRef
from rdflib.namespace import SKOS

from collabgraph.errors import CollabgraphError
from collabgraph.namespaces import CG, PREFIXES
from collabgraph.questions.labels import organisation_classes, superclasses
from collabgraph.questions.lookup import names
from collabgraph.questions.members import members
from collabgraph.questions.reconcile import canonical, name_key

__all__ = ["Entity", "Index", "institution_types", "build_index"]


@dataclass(frozen=True)
class Entity:
    """One canonical institution as the service shows it."""

    iri: str
    name: str
    other_names: tuple[str, ...]
    types: tuple[str, ...]  # its most specific institution classes
    classes: frozenset[str]  # every class, superclasses included
    countries: tuple[str, ...]
    ror: tuple[str, ...]  # bare ids, lower case: 02jz4aj89
    wikidata: tuple[str, ...]  # Q-ids: Q1137652
    alliances: tuple[str, ...]  # canonical alliance IRIs it is or was a member of


@dataclass
class Index:
    """Everything a reconciliation query needs, built once by :func:`build_index` (picklable)."""

    entities: dict[str, Entity] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)  # merged IRI → canonical IRI
    keys: list[str] = field(default_factory=list)  # distinct name forms
    owners: list[tuple[tuple[str, bool], ...]] = field(default_factory=list)  # per key: (iri, loose)
    position: dict[str, int] = field(default_factory=dict)  # name form → its place in keys
    blocks: dict[str, list[int]] = field(default_factory=dict)  # word or "^" + 4 letters → keys
    by_ror: dict[str, tuple[str, ...]] = field(default_factory=dict)
    by_wikidata: dict[str, tuple[str, ...]] = field(default_factory=dict)
    by_country: dict[str, tuple[str, ...]] = field(default_factory=dict)
    by_alliance: dict[str, tuple[str, ...]] = field(default_factory=dict)
    countries: dict[str, tuple[str, str]] = field(default_factory=dict)  # IRI → (code, name)
    country_keys: dict[str, str] = field(default_factory=dict)  # code or name form → IRI
    alliances: dict[str, str] = field(default_factory=dict)  # canonical alliance IRI → name
    alliance_keys: dict[str, frozenset[str]] = field(default_factory=dict)  # name form → IRIs
    class_names: dict[str, str] = field(default_factory=dict)  # institution classes: IRI → name

    def canonical(self, iri: str) -> str:
        """The canonical IRI of ``iri`` (itself when nothing was merged into another IRI)."""
        return self.aliases.get(iri, iri)

    def type_refs(self, entity: Entity) -> list[dict[str, str]]:
        """The entity's types as the API writes them: ``{"id", "name"}``."""
        return [{"id": t, "name": self.class_names.get(t, _last_segment(t))} for t in entity.types]

    def description(self, entity: Entity) -> str:
        """A short line telling namesakes apart: its kind and country."""
        parts = [", ".join(self.class_names.get(t, _last_segment(t)) for t in entity.types)]
        parts += [self.countries[c][1] for c in entity.countries if c in self.countries]
        return ", ".join(p for p in parts if p)


def _last_segment(iri: str) -> str:
    return re.split(r"[/#]", iri.rstrip("/#"))[-1]


def _key(text: str) -> str:
    """The form names are compared in: :func:`~collabgraph.questions.reconcile.name_key`, else (a name in
    a script it drops, such as Chinese) the name without case and extra spaces."""
    return name_key(text) or " ".join(text.casefold().split())


def _ror(value: str) -> str:
    text = value.strip().lower()
    text = re.sub(r"^(https?://)?(www\.)?ror\.org/", "", text)
    return text.strip("/")


def _wikidata(value: str) -> str:
    text = value.strip().rstrip("/")
    return re.split(r"[/:]", text)[-1].upper()


def _expand(text: str) -> str:
    """A CURIE with a collabgraph prefix (``cg:University``) as a full IRI; anything else as given."""
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return str(PREFIXES[prefix]) + local
    return text


def institution_types(ds: Dataset, supers: dict | None = None) -> dict[str, str]:
    """The institution classes (``cg:Institution`` and its subclasses) and their English names.

    ``cg:Institution`` first, then by name: the manifest's default types. Reads only the class
    hierarchy and the classes' labels, so it is cheap enough for the server process.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> types = institution_types(load(sources="seeds"))
    >>> list(types.values())[:3]
    ['institution', 'association', 'company']
    >>> types["https://w3id.org/collabgraph/ontology#UniversityHospital"]
    'university hospital'
    """
    supers = supers if supers is not None else superclasses(ds)
    found = {str(c) for c, up in supers.items() if CG.Institution in up and isinstance(c, URIRef) and c != OWL.Nothing}
    found.add(str(CG.Institution))
    named = {}
    for cls in found:
        labels = sorted(
            ((lab.language or "") != "en", str(lab)) for lab in ds.objects(URIRef(cls), RDFS.label) if isinstance(lab, Literal)
        )
        named[cls] = labels[0][1] if labels else _last_segment(cls)
    return {c: named[c] for c in sorted(found, key=lambda c: (c != str(CG.Institution), named[c], c))}


def build_index(ds: Dataset) -> Index:
    """Index the canonical institutions of ``ds`` for reconciliation queries.

    Reads the names with :func:`collabgraph.questions.lookup.names` (aliases merged by
    :func:`collabgraph.questions.reconcile.canonical`), classes with
    :func:`collabgraph.questions.labels.organisation_classes`, countries, ROR and Wikidata ids, and alliance
    memberships with :func:`collabgraph.questions.members.members` (former members included, planned ones
    not). Runs a few SPARQL queries, so the server runs it in a worker.

    Parameters
    ----------
    ds : Dataset
        A loaded dataset.

    Returns
    -------
    Index
        Plain dicts and lists (it crosses from the worker to the server process pickled).

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> index = build_index(load(sources="seeds"))
    >>> entity = index.entities["https://w3id.org/collabgraph/id/ukm"]
    >>> entity.name, index.type_refs(entity)[0]["name"], index.description(entity)
    ('University Hospital Münster', 'university hospital', 'university hospital, Germany')
    >>> "https://w3id.org/collabgraph/id/yerun" in index.entities  # an alliance is no candidate
    False
    """
    supers = superclasses(ds)
    classes = organisation_classes(ds, supers)
    idx = names(ds, classes)
    canon = canonical(ds, classes)
    index = Index(aliases=dict(canon.canonical))

    index.class_names = institution_types(ds, supers)
    institution_classes = set(index.class_names)

    def values(prop: URIRef) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for s, o in ds.subject_objects(prop):
            found.setdefault(canon(str(s)), set()).add(str(o))
        return found

    country_of, ror_of, wikidata_of = values(CG.country), values(CG.ror), values(CG.wikidata)
    for country in {c for cs in country_of.values() for c in cs} | {str(s) for s in ds.subjects(RDF.type, CG.Country)}:
        node = URIRef(country)
        codes = sorted(str(n) for n in ds.objects(node, SKOS.notation))
        labels = sorted(
            ((lab.language or "") != "en", str(lab)) for lab in ds.objects(node, SKOS.prefLabel) if isinstance(lab, Literal)
        )
        index.countries[country] = (codes[0] if codes else "", labels[0][1] if labels else _last_segment(country))
        for text in codes + [t for _, t in labels] + [str(a) for a in ds.objects(node, SKOS.altLabel)]:
            index.country_keys.setdefault(_key(text), country)
        index.country_keys.setdefault(country.casefold(), country)

    group_classes: dict[str, set[URIRef]] = {}
    for iri, its_classes in classes.items():
        group_classes.setdefault(canon(iri), set()).update(its_classes)

    member_of: dict[str, set[str]] = {}
    for alliance in sorted({canon(a) for a in idx.alliances}):
        index.alliances[alliance] = idx.label(alliance)
        for text in [idx.label(alliance), *idx.alt_labels(alliance)]:
            key = _key(text)
            index.alliance_keys[key] = index.alliance_keys.get(key, frozenset()) | {alliance}
        try:
            listed = members(ds, alliance, former=True, index=idx)
        except CollabgraphError:  # an alliance with no name to resolve it by
            continue
        for m in listed:
            member_of.setdefault(m.iri, set()).add(alliance)

    loose: dict[str, set[str]] = {}  # institution → name forms only a resolved mention gives it
    for mention in canon.mentions:
        if mention.resolved is not None:
            loose.setdefault(canon(mention.resolved), set()).update(_key(t) for t in mention.texts)
    for iri, loose_forms in loose.items():
        for alias in canon.aliases(iri):
            for prop in (SKOS.prefLabel, SKOS.altLabel):
                loose_forms.difference_update(_key(str(o)) for o in ds.objects(URIRef(alias), prop))

    kinds: dict[frozenset, tuple[frozenset[str], tuple[str, ...]]] = {}  # classes → (as text, most specific)
    owners: dict[str, dict[str, bool]] = {}
    for iri, cls in sorted(group_classes.items()):
        if iri in index.aliases or CG.Institution not in cls or CG.UnresolvedOrganization in cls:
            continue
        frozen = frozenset(cls)
        if frozen not in kinds:
            mine = frozenset(str(c) for c in cls)
            inside = mine & institution_classes
            narrowest = [
                c for c in inside if not any(c != other and URIRef(c) in supers.get(URIRef(other), ()) for other in inside)
            ]
            kinds[frozen] = (mine, tuple(sorted(narrowest, key=lambda c: (index.class_names[c], c))))
        mine, specific = kinds[frozen]
        entity = Entity(
            iri=iri,
            name=idx.label(iri),
            other_names=tuple(idx.alt_labels(iri)),
            types=specific,
            classes=mine,
            countries=tuple(sorted(country_of.get(iri, ()))),
            ror=tuple(sorted({_ror(v) for v in ror_of.get(iri, ())})),
            wikidata=tuple(sorted({_wikidata(v) for v in wikidata_of.get(iri, ())})),
            alliances=tuple(sorted(member_of.get(iri, ()))),
        )
        index.entities[iri] = entity
        for text in (entity.name, *entity.other_names):
            key = _key(text)
            if key:
                forms = owners.setdefault(key, {})
                forms[iri] = forms.get(iri, True) and key in loose.get(iri, ())

    for key, owned in owners.items():
        index.position[key] = len(index.keys)
        index.keys.append(key)
        index.owners.append(tuple(sorted(owned.items())))
        for block in _blocks(key):
            index.blocks.setdefault(block, []).append(index.position[key])

    for attribute, table in (
        ("ror", index.by_ror),
        ("wikidata", index.by_wikidata),
        ("countries", index.by_country),
        ("alliances", index.by_alliance),
    ):
        grouped: dict[str, list[str]] = {}
        for entity in index.entities.values():
            for value in getattr(entity, attribute):
                grouped.setdefault(value, []).append(entity.iri)
        table.update({value: tuple(iris) for value, iris in grouped.items()})
    return index


def _blocks(key: str) -> set[str]:
    """The blocks a name form is filed under: each word, and the first four letters of each."""
    found = set()
    for word in key.split():
        found.add(word)
        if len(word) > 4:
            found.add("^" + word[:4])
    return found
