"""Ties between organisations, with their evidence and time: what partners and the network share.

A tie joins two organisations through

- a **collaboration or agreement** both are parties to (kind from its most specific class:
  ``mou``, ``cooperation_agreement``, ``strategic_network``…),
- a **grant** (``funding``): each funder to each recipient,
- a **shared alliance** (``alliance``): two members of one alliance, from the later of their
  joins (:func:`collabgraph.questions.timeline.shared`),
- a **membership** (``membership``): a member and the alliance itself.

Units roll up to their institution (ITEM's agreement is Maastricht University's tie), every IRI
is mapped to its canonical institution (:mod:`collabgraph.questions.reconcile`), and unresolved
organisations (place names, partial names) are never an end of a tie. Edge weights follow
Newman's collaboration weighting: a tie among *n* parties adds ``1 / (n - 1)``.

:func:`ties` reads the whole graph (the network) or only what concerns one organisation
(``focus``, for :func:`collabgraph.questions.partners.partners`) with the same rules, so an institution's
partners are exactly its neighbours in the network at every date.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import RDF, Dataset, URIRef
from rdflib.namespace import SKOS

from collabgraph.namespaces import CG, ORG
from collabgraph.questions.labels import (
    concept_name,
    kind_of,
    organisation_classes,
    resource_label,
    resource_labels,
    source_name,
    superclasses,
)
from collabgraph.questions.lookup import Names, names, resolve
from collabgraph.questions.reconcile import Reconciliation, canonical
from collabgraph.questions.timeline import When, combine, shared
from collabgraph.sparql.query import run_named

__all__ = [
    "Tie",
    "Organisation",
    "organisations",
    "OrganisationLookup",
    "ties",
    "top_level",
    "institution",
    "NODE_TYPES",
    "ALLIANCE_CLIQUE_LIMIT",
]

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

#: Alliances with more members than this are not expanded into co-membership pairs.
ALLIANCE_CLIQUE_LIMIT = 100


@dataclass(frozen=True)
class Tie:
    """One connection between two organisations, with its evidence and time."""

    via: str
    kind: str
    label: str
    date: str | None
    end: str | None
    status: str | None
    curation: str | None
    sources: tuple[str, ...]
    quote: str | None
    parties: int
    date_known: bool = True
    confirmed: str | None = None

    @property
    def when(self) -> When:
        """The tie's time, for :func:`collabgraph.questions.timeline.holds`."""
        return When(self.date, self.date_known and self.date is not None, self.end, self.status, self.confirmed)

    @property
    def undated(self) -> bool:
        return self.when.undated

    @property
    def planned(self) -> bool:
        return self.when.planned

    @property
    def weight(self) -> float:
        return 1.0 / max(self.parties - 1, 1)


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
    typed = organisation_classes(ds)
    index = index or names(ds, typed)
    found: dict[str, Organisation] = {}
    for iri, classes in typed.items():
        found[iri] = Organisation(iri=iri, label=index.label(iri), type="organisation", country=None, alliance=False)
        found[iri].classes |= classes
    codes = {str(c): str(code) for c, code in ds.subject_objects(SKOS.notation)}
    for node, country in ds.subject_objects(CG.country):
        if str(node) in found:
            found[str(node)].country = codes.get(str(country))
    for unit, parent in ds.subject_objects(ORG.unitOf):
        if str(unit) in found:
            found[str(unit)].parent = str(parent)
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
        classes = frozenset().union(*(self.supers.get(c, frozenset({c})) for c in self.ds.objects(node, RDF.type)))
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
        found, todo = set(), [URIRef(iri)]
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
    while iri in orgs and orgs[iri].parent and iri not in seen:
        seen.add(iri)
        iri = canon(orgs[iri].parent)
    return iri


def institution(ds: Dataset, name: str, index: Names | None = None) -> str:
    """The node that stands for the institution called ``name`` in every view: its canonical,
    top-level IRI (a unit's name gives its institution).

    Raises
    ------
    UnknownInstitution
        No institution has that name (with close matches).

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> institution(load(sources="seeds"), "ITEM")
    'https://w3id.org/collabgraph/id/maastricht-university'
    """
    index = index or names(ds)
    return top_level(OrganisationLookup(ds, index), canonical(ds), str(resolve(index, name)))


def _most_specific(classes: set[URIRef], supers: dict) -> URIRef | None:
    collab = [c for c in classes if CG.Collaboration in supers.get(c, ())]
    return next((c for c in collab if not any(o != c and c in supers[o] for o in collab)), None)


def _shortest(quotes: list[str]) -> str | None:
    """The shortest quote, the first in text order among equals: the same on every store and run."""
    return min(quotes, key=lambda q: (len(q), q)) if quotes else None


class _Evidence:
    """Sources and one supporting quote per fact: read all at once, or per fact (focus)."""

    def __init__(self, ds: Dataset, whole: bool):
        self.ds, self.found, self.named = ds, {}, {}
        if whole:
            self._add(run_named(ds, "evidence"))
        self.whole = whole

    def _add(self, rows) -> None:
        for row in rows:
            sources, quotes = self.found.setdefault(row["fact"], (set(), []))
            if row["source"] not in self.named:  # a few sources behind many facts: name each once
                self.named[row["source"]] = source_name(self.ds, row["source"])
            sources.add(self.named[row["source"]])
            if row["quote"]:
                quotes.append(row["quote"])

    def __call__(self, fact: str) -> tuple[set[str], str | None]:
        if not self.whole and fact not in self.found:
            self.found[fact] = (set(), [])
            self._add(run_named(self.ds, "fact_evidence", fact=URIRef(fact)))
        sources, quotes = self.found.get(fact, (set(), []))
        return sources, _shortest(quotes)


def _membership_tie(via: str, label: str, kind: str, w: When, ends: list[dict], n: int) -> Tie:
    """A membership or shared-membership tie from the members' entries (sorted ends)."""
    return Tie(
        via=via,
        kind=kind,
        label=label,
        date=w.start,
        end=w.end,
        status=w.status,
        curation=", ".join(sorted(set().union(*(e["curation"] for e in ends)))) or None,
        sources=tuple(sorted(set().union(*(e["sources"] for e in ends)))),
        quote=next((e["quote"] for e in reversed(ends) if e["quote"]), None),
        parties=n,
        date_known=w.start_known,
        confirmed=w.confirmed,
    )


def _rows(ds: Dataset, name: str, focus: list[str] | None):
    if focus is None:
        yield from run_named(ds, name)
        return
    for iri in focus:
        yield from run_named(ds, f"focus_{name}", focus=URIRef(iri))


def _focus_iris(orgs: dict[str, Organisation], canon: Reconciliation, focus: str) -> list[str]:
    """``focus``, its aliases and every unit that rolls up to it."""
    top = top_level(orgs, canon, focus)
    if isinstance(orgs, OrganisationLookup):
        around = {a for alias in canon.aliases(top) for a in {alias} | orgs.units(alias)}
        around |= {a for unit in list(around) for a in canon.aliases(unit)}
    else:
        around = set(orgs)
    return sorted(iri for iri in around | {focus} if top_level(orgs, canon, iri) == top)


def ties(
    ds: Dataset,
    orgs: dict[str, Organisation] | None = None,
    *,
    focus: str | None = None,
    max_alliance: int = ALLIANCE_CLIQUE_LIMIT,
    large: dict | None = None,
) -> list[tuple[str, str, Tie]]:
    """Every tie between two canonical top-level organisations (see the module notes).

    Parameters
    ----------
    ds : Dataset
        A loaded dataset.
    orgs : dict, optional
        :func:`organisations` of ``ds``, when you have them.
    focus : str, optional
        Only the ties of this organisation (read with focused queries; the same rules).
    max_alliance : int
        Alliances of more members give no co-membership pairs; they go into ``large``:
        IRI → (label, [(member, When)]).

    Returns
    -------
    list of (a, b, Tie)
        ``a < b``; alliances are ends only of ``membership`` and ``funding`` ties.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> ds = load(sources="seeds")
    >>> um = "https://w3id.org/collabgraph/id/maastricht-university"
    >>> kinds = sorted({t.kind for a, b, t in ties(ds, focus=um)})
    >>> kinds[:4]
    ['alliance', 'collaboration', 'cooperation_agreement', 'funding']
    >>> kinds[4:]
    ['joint_programme', 'membership', 'mou', 'strategic_partnership']
    """
    if orgs is None:
        orgs = organisations(ds) if focus is None else OrganisationLookup(ds)
    canon = canonical(ds)
    focus_iris = _focus_iris(orgs, canon, focus) if focus is not None else None
    supers = superclasses(ds)
    evidence = _Evidence(ds, whole=focus is None)
    labels = resource_labels(ds) if focus is None else {}
    label_of = lambda iri: labels.get(iri) or resource_label(ds, iri)  # noqa: E731
    top = lambda iri: top_level(orgs, canon, iri)  # noqa: E731
    keep = lambda iri: iri in orgs and not orgs[iri].unresolved  # noqa: E731
    specific: dict[frozenset, URIRef | None] = {}

    def when_of(r: dict) -> When:
        start = r["date"] or r["reported"]
        return When(start, start is not None, r["end"], concept_name(r["status"]), r["reported"] or start)

    def pairs(via: str, kind: str, left: list[str], right: list[str] | None, r: dict, n: int) -> list[tuple[str, str, Tie]]:
        sources, quote = evidence(via)
        w = when_of(r)
        tie = Tie(
            via=via,
            kind=kind,
            label=label_of(via),
            date=w.start,
            end=w.end,
            status=w.status,
            curation=concept_name(r["curation"]),
            sources=tuple(sorted(sources)),
            quote=quote,
            parties=n,
            date_known=w.start_known,
            confirmed=w.confirmed,
        )
        found = []
        for i, a in enumerate(left):
            for b in left[i + 1 :] if right is None else right:
                if a != b:
                    found.append((min(a, b), max(a, b), tie))
        return found

    result: list[tuple[str, str, Tie]] = []
    collabs: dict[str, dict] = {}
    for r in _rows(ds, "collaboration_parties", focus_iris):
        c = collabs.setdefault(r["via"], {"row": r, "parties": set(), "classes": set()})
        c["parties"].add(top(r["party"]))
    for r in _rows(ds, "collaboration_kinds", focus_iris):
        if r["via"] in collabs:
            collabs[r["via"]]["classes"].add(URIRef(r["kind"]))
    for via, c in collabs.items():
        classes = frozenset(c["classes"])
        if classes not in specific:
            specific[classes] = _most_specific(classes, supers)
        if specific[classes] is None:
            continue
        parties = sorted(p for p in c["parties"] if keep(p) and not orgs[p].alliance)
        result.extend(pairs(via, kind_of(str(specific[classes])), parties, None, c["row"], len(c["parties"])))

    grants: dict[str, dict] = {}
    for r in run_named(ds, "grants") if focus_iris is None else _rows(ds, "grants", focus_iris):
        g = grants.setdefault(r["via"], {"row": r, "funder": set(), "recipient": set()})
        g[r["side"]].add(top(r["org"]))
    for via, g in grants.items():
        funders = sorted(p for p in g["funder"] if keep(p))
        recipients = sorted(p for p in g["recipient"] if keep(p))
        result.extend(pairs(via, "funding", funders, recipients, g["row"], len(g["funder"] | g["recipient"])))

    alliances: dict[str, dict[str, dict]] = {}
    for r in _rows(ds, "memberships", focus_iris):
        member = top(r["member"])
        entry = alliances.setdefault(canon(r["alliance"]), {}).setdefault(
            member, {"whens": [], "curation": set(), "sources": set(), "quote": None}
        )
        entry["whens"].append(When(r["date"], r["date"] is not None, r["end"], concept_name(r["status"]), r["reported"]))
        if r["curation"]:
            entry["curation"].add(concept_name(r["curation"]))
        sources, quote = evidence(r["membership"])
        entry["sources"] |= sources
        entry["quote"] = _shortest([q for q in (entry["quote"], quote) if q])
    for via, members in alliances.items():
        if not keep(via):
            continue
        label = orgs[via].label
        kept = sorted(m for m in members if keep(m))
        whens = {m: combine(members[m]["whens"]) for m in kept}

        def tie(kind: str, w: When, ends: list[str], n: int, via=via, label=label, members=members) -> Tie:
            return _membership_tie(via, label, kind, w, [members[m] for m in ends], n)

        for m in kept:
            if focus_iris is None or m == top(focus) or via == top(focus):
                result.append((min(m, via), max(m, via), tie("membership", whens[m], [m], 2)))
        if len(kept) > max_alliance:
            if large is not None:
                large[via] = (label, [(m, whens[m]) for m in kept])
            continue
        pool = kept if focus_iris is None else [top(focus)] if top(focus) in kept else []
        for a in pool:
            for b in kept:
                if a < b or (focus_iris is not None and a != b):
                    w = shared(whens[a], whens[b])
                    ends = sorted((a, b))
                    result.append((ends[0], ends[1], tie("alliance", w, ends, len(members))))
    result.sort(key=lambda t: (t[0], t[1], t[2].via, t[2].kind))
    return result
