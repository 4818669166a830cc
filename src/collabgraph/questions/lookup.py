"""Find organisations by name: any label or alternative label, any language, any case."""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from rdflib import Dataset, URIRef
from rdflib.namespace import SKOS

from collabgraph.errors import CollabgraphError, UnknownAlliance, UnknownInstitution
from collabgraph.namespaces import CG, ORG
from collabgraph.questions.labels import organisation_classes, values_of

__all__ = ["Names", "names", "resolve", "AmbiguousName"]


class AmbiguousName(CollabgraphError):
    """A name shared by several organisations."""


@dataclass
class Names:
    """Labels of every organisation in a dataset."""

    preferred: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # iri → (label, lang)
    alternative: dict[str, list[str]] = field(default_factory=dict)
    alliances: set[str] = field(default_factory=set)
    by_name: dict[str, set[str]] = field(default_factory=dict)  # casefolded name → iris
    candidates: dict[str, list[str]] = field(default_factory=dict)  # unresolved → who it may be
    aliases: dict[str, str] = field(default_factory=dict)  # merged IRI → canonical IRI

    def label(self, iri: str) -> str:
        """The English preferred label, else any preferred label, else the IRI's last segment."""
        labels = self.preferred.get(iri, [])
        for text, lang in labels:
            if lang == "en":
                return text
        return labels[0][0] if labels else iri.rstrip("/").rsplit("/", 1)[-1]

    def alt_labels(self, iri: str) -> list[str]:
        """Every other name of ``iri``: other-language preferred labels and alternative labels."""
        main = self.label(iri)
        others = [t for t, _ in self.preferred.get(iri, []) if t != main]
        return sorted(set(others + self.alternative.get(iri, [])))


def names(ds: Dataset, classes: dict[str, frozenset] | None = None) -> Names:
    """Index the labels of every organisation in ``ds``.

    Organisations are resources typed with a subclass of ``org:Organization`` (the class
    hierarchy is read once, so no query walks it per row); pass ``classes`` from
    :func:`~collabgraph.questions.labels.organisation_classes` when you have them already.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> n = names(load(sources="seeds"))
    >>> n.label("https://w3id.org/collabgraph/id/ukm")
    'University Hospital Münster'
    """
    classes = classes if classes is not None else organisation_classes(ds)
    orgs = {iri: ORG.OrganizationalCollaboration in cls for iri, cls in classes.items()}
    idx = Names(alliances={iri for iri, alliance in orgs.items() if alliance})
    for prop, preferred in ((SKOS.prefLabel, True), (SKOS.altLabel, False)):
        for iri, name, lang in values_of(ds, prop):
            if iri not in orgs:
                continue
            if preferred:
                idx.preferred.setdefault(iri, []).append((name, lang))
            else:
                idx.alternative.setdefault(iri, []).append(name)
            idx.by_name.setdefault(name.casefold(), set()).add(iri)
    _merge(ds, idx, classes)
    _mentions(ds, idx)
    for labels in idx.preferred.values():
        labels[:] = sorted(set(labels), key=lambda pair: (pair[1] != "en", pair[1], pair[0]))
    for alternatives in idx.alternative.values():
        alternatives[:] = sorted(set(alternatives))
    return idx


def _merge(ds: Dataset, idx: Names, classes: dict[str, frozenset]) -> None:
    """One entry per institution (:mod:`collabgraph.questions.reconcile`): an alias's names become the
    canonical IRI's alternative labels, and the canonical keeps the labels its own layers assert
    (reasoning over ``owl:sameAs`` copies every alias's labels onto it)."""
    from collabgraph.questions.reconcile import canonical

    r = canonical(ds, classes)
    idx.aliases = dict(r.canonical)
    for alias, top in r.canonical.items():
        idx.alternative.setdefault(top, []).extend([t for t, _ in idx.preferred.pop(alias, [])] + idx.alternative.pop(alias, []))
    if r.canonical:
        for key, iris in idx.by_name.items():
            idx.by_name[key] = {r(i) for i in iris}
    for top, asserted in r.labels.items():
        copied = [t for t, _ in idx.preferred.get(top, []) if (t, _) not in asserted]
        idx.preferred[top] = list(asserted)
        idx.alternative.setdefault(top, []).extend(copied)


def _mentions(ds: Dataset, idx: Names) -> None:
    """A place name resolved by a public list (:mod:`collabgraph.questions.reconcile`) finds its institution,
    and keeps the text's own form as an alternative label; one with several candidates names them."""
    from collabgraph.questions.reconcile import canonical

    for m in canonical(ds).mentions:
        if m.resolved is not None:
            for text in m.texts:
                idx.alternative.setdefault(m.resolved, []).append(text)
                idx.by_name.setdefault(text.casefold(), set()).discard(m.mention)
                idx.by_name[text.casefold()].add(m.resolved)
        else:
            idx.candidates.setdefault(m.mention, []).extend(c for c, _ in m.candidates)
    for s, o, _ in values_of(ds, CG.candidate):
        idx.candidates.setdefault(s, []).append(o)


def resolve(index: Names, name: str, *, alliance: bool = False, limit: int = 5) -> URIRef:
    """Return the organisation called ``name`` (an institution, or an alliance if ``alliance``).

    ``name`` may be any label or alternative label in any case, or the organisation's IRI.

    Raises
    ------
    UnknownInstitution, UnknownAlliance
        Nothing has that name; the error carries up to ``limit`` close matches (rapidfuzz).
    AmbiguousName
        Several organisations have that name.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> idx = names(load(sources="seeds"))
    >>> resolve(idx, "ukm")
    rdflib.term.URIRef('https://w3id.org/collabgraph/id/ukm')
    >>> resolve(idx, "Klinikum Osnabruck")
    Traceback (most recent call last):
    ...
    collabgraph.errors.UnknownInstitution: unknown institution 'Klinikum Osnabruck'; did you mean: Klinikum Osnabrück...?
    """
    wanted = (lambda iri: iri in index.alliances) if alliance else (lambda iri: iri not in index.alliances)
    if name in index.aliases:
        return URIRef(index.aliases[name])
    if name in index.preferred or name in index.alternative:
        return URIRef(name)
    found = sorted(i for i in index.by_name.get(name.strip().casefold(), ()) if wanted(i))
    if len(found) == 1 and found[0] in index.candidates:
        raise AmbiguousName(
            f"{name!r} is a name the sources use loosely; it may denote: "
            + ", ".join(sorted({index.label(c) for c in index.candidates[found[0]]}))
        )
    if len(found) == 1:
        return URIRef(found[0])
    if found:
        raise AmbiguousName(f"{name!r} names several organisations: " + ", ".join(f"{index.label(i)} <{i}>" for i in found))
    choices = {}
    for iri in set(index.preferred) | set(index.alternative):
        if wanted(iri):
            for text in [t for t, _ in index.preferred.get(iri, [])] + index.alternative.get(iri, []):
                choices[text] = iri
    matches = process.extract(name, list(choices), scorer=fuzz.WRatio, processor=str.casefold, limit=limit * 3, score_cutoff=60)
    suggestions: list[str] = []
    for text, _, _ in matches:
        label = index.label(choices[text])
        if label not in suggestions:
            suggestions.append(label)
    error = UnknownAlliance if alliance else UnknownInstitution
    raise error(name, suggestions[:limit])
