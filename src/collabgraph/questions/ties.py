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

This module reads the tie rows from the store and pairs up their ends. The ends are
organisations (:mod:`collabgraph.questions.organisations`), a tie and its evidence are a
:class:`~collabgraph.questions.evidence.Tie`, and :func:`~collabgraph.questions.institution.institution`
finds an institution by name; those names are importable from here too.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Dataset, URIRef

from collabgraph.namespaces import CG
from collabgraph.questions.evidence import Evidence, Tie, membership_tie, shortest_quote
from collabgraph.questions.institution import institution
from collabgraph.questions.labels import concept_name, kind_of, resource_label, resource_labels, superclasses
from collabgraph.questions.organisations import NODE_TYPES, Organisation, OrganisationLookup, organisations, top_level
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

#: Alliances with more members than this are not expanded into co-membership pairs.
ALLIANCE_CLIQUE_LIMIT = 100


def _most_specific(classes: Iterable[URIRef], supers: dict) -> URIRef | None:
    collab = [c for c in classes if CG.Collaboration in supers.get(c, ())]
    return next((c for c in collab if not any(o != c and c in supers[o] for o in collab)), None)


def _rows(ds: Dataset, name: str, focus: list[str] | None):
    if focus is None:
        yield from run_named(ds, name)
        return
    for iri in focus:
        yield from run_named(ds, f"focus_{name}", focus=URIRef(iri))


#: tie_attributes.rq's properties → the row keys the focus queries give them.
_ATTRIBUTES = {
    str(CG.startDate): "date",
    str(CG.reportedDate): "reported",
    str(CG.endDate): "end",
    str(CG.status): "status",
    str(CG.curationStatus): "curation",
}


def _attributes(ds: Dataset) -> dict[str, dict]:
    """Each tie's dates and status (tie_attributes.rq), keyed as the focus queries' columns; of two
    values (the shapes allow one) the least, so every store and run picks the same."""
    found: dict[str, dict] = {}
    for r in run_named(ds, "tie_attributes"):
        row = found.setdefault(r["via"], dict.fromkeys(_ATTRIBUTES.values()))
        key = _ATTRIBUTES[r["attribute"]]
        if row[key] is None or str(r["value"]) < str(row[key]):
            row[key] = r["value"]
    return found


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
    evidence = Evidence(ds, whole=focus is None)
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
    if focus_iris is None:  # the whole graph's parties come without their dates: one scan adds them
        attributes = _attributes(ds)
        none = dict.fromkeys(_ATTRIBUTES.values())
        for via, c in collabs.items():
            c["row"] = {**c["row"], **attributes.get(via, none)}
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
        entry["quote"] = shortest_quote([q for q in (entry["quote"], quote) if q])
    for via, members in alliances.items():
        if not keep(via):
            continue
        label = orgs[via].label
        kept = sorted(m for m in members if keep(m))
        whens = {m: combine(members[m]["whens"]) for m in kept}

        def tie(kind: str, w: When, ends: list[str], n: int, via=via, label=label, members=members) -> Tie:
            return membership_tie(via, label, kind, w, [members[m] for m in ends], n)

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
