"""Project the knowledge graph onto networkx: institution–institution and bipartite graphs.

Every edge keeps the evidence behind it: each tie (agreement, collaboration, network, programme or
shared alliance) with its IRI, label, date, status, sources and one supporting quote. Edge weights
follow Newman's collaboration weighting: a tie among *n* parties adds ``1 / (n - 1)`` to each of
its pairs, so a bilateral MoU weighs 1 and co-membership of a 24-member alliance 1/23 — large
alliances do not swamp the network. ``distance`` is ``1 / weight`` for path-based metrics.

Co-membership of a very large alliance is not expanded into pairs: above
:data:`ALLIANCE_CLIQUE_LIMIT` members (100 by default) an alliance would add n(n-1)/2 edges (a
900-member network alone, 400,000), each worth only 1/(n-1). Such an alliance stays a node
attribute (``alliances`` on each member) and is listed in ``g.graph["large_alliances"]``; its
memberships remain in the bipartite graph. This is the cut-off VOSviewer applies to documents with
many authors, for the same reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx
from rdflib import Dataset, URIRef
from rdflib.namespace import SKOS

from ..dates import parse_partial_date, started_by
from ..facts import concept_name, kind_of, organisation_classes, resource_label, resource_labels, source_name, superclasses
from ..lookup import Names, names
from ..namespaces import CG, ORG
from ..query import run_named

__all__ = ["Tie", "Organisation", "organisations", "ties", "institution_graph", "bipartite_graph",
           "NODE_TYPES"]

#: Node types, most specific first: the first class an organisation has names its type.
NODE_TYPES = [
    (CG.UniversityHospital, "university hospital"), (CG.Hospital, "hospital"),
    (CG.UniversityOfAppliedSciences, "university of applied sciences"),
    (CG.University, "university"), (CG.ResearchInstitute, "research institute"),
    (CG.HealthcareGroup, "healthcare group"), (CG.Company, "company"), (CG.Funder, "funder"),
    (CG.GovernmentBody, "government body"), (CG.Association, "association"),
    (CG.UnresolvedOrganization, "unresolved"), (CG.OrganizationalUnit, "unit"),
    (ORG.OrganizationalUnit, "unit"), (CG.Alliance, "alliance"),
    (ORG.OrganizationalCollaboration, "alliance"),
]
_PLANNED = {"planned", "announced"}


@dataclass(frozen=True)
class Tie:
    """One connection between two organisations, with its evidence."""

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

    @property
    def undated(self) -> bool:
        return self.date is None

    @property
    def planned(self) -> bool:
        return self.status in _PLANNED

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


def organisations(ds: Dataset, index: Names | None = None) -> dict[str, Organisation]:
    """Every organisation in ``ds`` with its label, type, country and parent."""
    typed = organisation_classes(ds)
    index = index or names(ds, typed)
    found: dict[str, Organisation] = {}
    for iri, classes in typed.items():
        found[iri] = Organisation(iri=iri, label=index.label(iri), type="organisation",
                                  country=None, alliance=False)
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
        org.type = next((name for cls, name in NODE_TYPES if cls in org.classes), "organisation")
    return found


def _top(orgs: dict[str, Organisation], iri: str) -> str:
    seen = set()
    while iri in orgs and orgs[iri].parent and iri not in seen:
        seen.add(iri)
        iri = orgs[iri].parent
    return iri


def _most_specific(classes: set[URIRef], supers: dict) -> URIRef:
    collab = [c for c in classes if CG.Collaboration in supers.get(c, ())]
    return next(c for c in collab if not any(o != c and c in supers[o] for o in collab))


def _evidence(ds: Dataset) -> dict[str, tuple[set[str], str | None]]:
    found: dict[str, tuple[set[str], list]] = {}
    named: dict[str, str | None] = {}  # a few sources behind many facts: name each once
    for row in run_named(ds, "evidence"):
        sources, quotes = found.setdefault(row["fact"], (set(), []))
        if row["source"] not in named:
            named[row["source"]] = source_name(ds, row["source"])
        sources.add(named[row["source"]])
        if row["quote"]:
            quotes.append(row["quote"])
    return {fact: (sources, min(quotes, key=len) if quotes else None)
            for fact, (sources, quotes) in found.items()}


#: Alliances with more members than this are not expanded into co-membership pairs.
ALLIANCE_CLIQUE_LIMIT = 100


def ties(ds: Dataset, orgs: dict[str, Organisation] | None = None, *,
         max_alliance: int = ALLIANCE_CLIQUE_LIMIT,
         large: dict | None = None) -> list[tuple[str, str, Tie]]:
    """Every tie between two top-level, non-alliance organisations (units roll up to parents).

    Collaborations give a tie to each pair of their parties; alliances of at most
    ``max_alliance`` members a tie to each pair of members (dated by the later of the two join
    dates; undated if either is unknown). Larger alliances go into ``large``: IRI → (label,
    [(member, join date, status)]).
    """
    orgs = orgs if orgs is not None else organisations(ds)
    supers = superclasses(ds)
    evidence = _evidence(ds)
    labels = resource_labels(ds)
    label_of = lambda iri: labels.get(iri) or resource_label(ds, iri)  # noqa: E731
    specific: dict[frozenset, URIRef] = {}
    keep = lambda iri: iri in orgs and not orgs[iri].alliance  # noqa: E731

    collabs: dict[str, dict] = {}
    for r in run_named(ds, "collaboration_parties"):
        c = collabs.setdefault(r["via"], {"row": r, "parties": set(), "classes": set()})
        c["parties"].add(_top(orgs, r["party"]))
    for r in run_named(ds, "collaboration_kinds"):
        if r["via"] in collabs:
            collabs[r["via"]]["classes"].add(URIRef(r["kind"]))
    alliances: dict[str, dict[str, dict]] = {}
    for r in run_named(ds, "memberships"):
        member = _top(orgs, r["member"])
        entry = alliances.setdefault(r["alliance"], {}).setdefault(
            member, {"date": r["date"], "row": r, "sources": set(), "quote": None})
        if r["date"] and (entry["date"] is None or r["date"] < entry["date"]):
            entry["date"] = r["date"]
        sources, quote = evidence.get(r["membership"], (set(), None))
        entry["sources"] |= sources
        entry["quote"] = entry["quote"] or quote

    result = []
    for via, c in collabs.items():
        if not any(CG.Collaboration in supers.get(k, ()) for k in c["classes"]):
            continue
        r = c["row"]
        parties = sorted(p for p in c["parties"] if keep(p))
        if len(parties) < 2:
            continue
        sources, quote = evidence.get(via, (set(), None))
        classes = frozenset(c["classes"])
        if classes not in specific:
            specific[classes] = _most_specific(classes, supers)
        tie = Tie(  # one for all the pairs of this collaboration
            via=via, kind=kind_of(str(specific[classes])),
            label=label_of(via), date=r["date"] or r["reported"], end=r["end"],
            status=concept_name(r["status"]), curation=concept_name(r["curation"]),
            sources=tuple(sorted(sources)), quote=quote, parties=len(c["parties"]))
        result.extend((a, b, tie) for i, a in enumerate(parties) for b in parties[i + 1:])
    for via, members in alliances.items():
        label = label_of(via) if via not in orgs else orgs[via].label
        kept = sorted(m for m in members if keep(m))
        if len(kept) > max_alliance:
            if large is not None:
                large[via] = (label, [(m, members[m]["date"], concept_name(members[m]["row"]["status"]))
                                      for m in kept])
            continue
        for i, a in enumerate(kept):
            for b in kept[i + 1:]:
                ea, eb = members[a], members[b]
                dates = (ea["date"], eb["date"])
                curation = {concept_name(e["row"]["curation"]) for e in (ea, eb)} - {None}
                result.append((a, b, Tie(
                    via=via, kind="alliance", label=label,
                    date=None if None in dates else max(dates), end=None,
                    status=concept_name(eb["row"]["status"]),
                    curation=", ".join(sorted(curation)) or None,
                    sources=tuple(sorted(ea["sources"] | eb["sources"])),
                    quote=eb["quote"] or ea["quote"], parties=len(members))))
    result.sort(key=lambda t: (t[0], t[1], t[2].via))
    return result


def _in_cut(date: str | None, as_of, since, until, undated: bool) -> bool:
    """Whether a start date (None: undated) falls in the cut."""
    if date is None:
        return undated
    if as_of is not None and not started_by(date, as_of):
        return False
    if since is not None and date[:len(since)] < since:
        return False
    if until is not None and not started_by(date, until):
        return False
    return True


def _keep(tie: Tie, as_of, since, until, include_planned, undated) -> bool:
    if tie.planned and not include_planned:
        return False
    return _in_cut(tie.date, as_of, since, until, undated)


def institution_graph(ds: Dataset, *, as_of: str | None = None, since: str | None = None,
                      until: str | None = None, include_planned: bool = False,
                      undated: bool = True, max_alliance: int = ALLIANCE_CLIQUE_LIMIT) -> nx.Graph:
    """The institution–institution graph: an edge for every pair with at least one tie.

    Parameters
    ----------
    ds : Dataset
        A loaded dataset (its sources decide seeds-only or seeds plus public).
    as_of : str, optional
        Keep ties that had started by this date (``YYYY[-MM[-DD]]``).
    since, until : str, optional
        Keep ties that started within this window.
    include_planned : bool
        Also keep planned and announced agreements (flagged ``planned`` on the tie).
    undated : bool
        Keep ties the sources give no date for (flagged ``undated``).
    max_alliance : int
        Alliances with more members are not expanded into co-membership edges; their members
        get an ``alliances`` node attribute instead (see the module notes).

    Returns
    -------
    networkx.Graph
        Nodes carry ``label``, ``type``, ``country``; edges carry ``weight`` (Newman),
        ``distance`` (1/weight), ``count`` (ties), ``kinds``, ``start`` (earliest dated tie, or
        None), ``undated`` (no tie dated), ``planned`` (every tie planned) and ``ties`` (a list of
        dicts with via, kind, label, date, status, sources, quote; the pairs of one agreement
        share its dict, so treat them as read-only).

    Examples
    --------
    >>> from collabgraph.load import load
    >>> g = institution_graph(load(sources="seeds"))
    >>> g.has_edge("https://w3id.org/collabgraph/id/ukm",
    ...            "https://w3id.org/collabgraph/id/klinikum-osnabrueck")
    True
    """
    cut = {k: parse_partial_date(v) if v else None
           for k, v in (("as_of", as_of), ("since", since), ("until", until))}
    orgs = organisations(ds)
    g = nx.Graph(as_of=cut["as_of"], since=cut["since"], until=cut["until"],
                 include_planned=include_planned, large_alliances={})
    large: dict = {}
    shared: dict[Tie, dict] = {}  # read-only tie records, one per distinct tie
    for a, b, tie in ties(ds, orgs, max_alliance=max_alliance, large=large):
        if not _keep(tie, cut["as_of"], cut["since"], cut["until"], include_planned, undated):
            continue
        for n in (a, b):
            if n not in g:
                o = orgs[n]
                g.add_node(n, label=o.label, type=o.type, country=o.country or "")
        if g.has_edge(a, b):
            data = g.edges[a, b]
        else:
            g.add_edge(a, b, weight=0.0, count=0, ties=[])
            data = g.edges[a, b]
        data["weight"] += tie.weight
        data["count"] += 1
        record = shared.get(tie)
        if record is None:  # the pairs of one agreement share its record: memory stays linear
            record = shared[tie] = {**vars(tie), "undated": tie.undated, "planned": tie.planned}
        data["ties"].append(record)
    for _, _, data in g.edges(data=True):
        dated = [t["date"] for t in data["ties"] if t["date"]]
        data["start"] = min(dated) if dated else None
        data["undated"] = not dated
        data["planned"] = all(t["planned"] for t in data["ties"])
        data["kinds"] = sorted({t["kind"] for t in data["ties"]})
        data["distance"] = 1.0 / data["weight"]
    for _via, (label, members) in sorted(large.items()):
        g.graph["large_alliances"][label] = len(members)
        for n, date, status in members:
            if status in _PLANNED and not include_planned:
                continue
            if not _in_cut(date, cut["as_of"], cut["since"], cut["until"], undated):
                continue
            if n not in g:
                o = orgs[n]
                g.add_node(n, label=o.label, type=o.type, country=o.country or "")
            g.nodes[n].setdefault("alliances", []).append(label)
    return g


def bipartite_graph(ds: Dataset, **cut) -> nx.Graph:
    """Institutions linked to the alliances and agreements that connect them (two-mode graph).

    Takes the same cut options as :func:`institution_graph`. Institution nodes have
    ``bipartite=0``; alliance and agreement nodes ``bipartite=1`` with their ``kind``, ``date``
    and ``status``.

    Examples
    --------
    >>> from collabgraph.load import load
    >>> g = bipartite_graph(load(sources="seeds"))
    >>> g.nodes["https://w3id.org/collabgraph/id/mou-ukm-klinikum-osnabrueck-2024"]["bipartite"]
    1
    """
    projected = institution_graph(ds, **cut)
    g = nx.Graph()
    for n, data in projected.nodes(data=True):
        g.add_node(n, bipartite=0, **data)
    for a, b, data in projected.edges(data=True):
        for t in data["ties"]:
            g.add_node(t["via"], bipartite=1, label=t["label"], type=t["kind"], kind=t["kind"],
                       date=t["date"] or "", status=t["status"] or "", country="")
            g.add_edge(a, t["via"])
            g.add_edge(b, t["via"])
    return g
