"""What a partnership card shows, gathered for one institution at one date (:func:`portfolio`).

Everything comes from what the commands already answer:

- its partners, exactly as :func:`collabgraph.questions.partners.partners` lists them at that date (the
  same rule of time, :func:`collabgraph.questions.timeline.holds`), grouped by kind of tie and by country;
- the alliances it belongs to, with its roles (:func:`collabgraph.questions.members.members`);
- its agreements on a timeline: in force, planned or announced, ended (each by
  :mod:`collabgraph.questions.timeline`; planned and ended ones are listed apart and never counted as
  partners);
- its position in the network at that date (:mod:`collabgraph.network`: degree and betweenness
  with their ranks as ``metrics`` gives them, brokerage between alliances and communities as
  ``brokers`` words it, its Louvain community);
- its most recent ties, each with the quote and source behind it;
- partners of partners worth a look, with the reasons ``suggest`` gives.

:mod:`collabgraph.render.card` renders it as the printable page.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Dataset

from collabgraph.dates import earliest, latest, parse_partial_date, started_by
from collabgraph.questions.lookup import names
from collabgraph.questions.partners import Partner, partners
from collabgraph.questions.timeline import holds, is_former

__all__ = ["KIND_LABELS", "TimelineItem", "AllianceRole", "Position", "Portfolio", "portfolio"]


#: How the card names each kind of tie.
KIND_LABELS = {
    "mou": "Memoranda of understanding",
    "cooperation_agreement": "Cooperation agreements",
    "strategic_partnership": "Strategic partnerships",
    "strategic_network": "Strategic networks",
    "joint_programme": "Joint programmes",
    "agreement": "Agreements",
    "collaboration": "Collaborations",
    "funding": "Funding (grants given or received)",
    "membership": "Alliances it belongs to",
    "alliance": "Fellow members of its alliances",
}

#: Most recent direct ties, and most recent fellow alliance members, the card quotes.
RECENT = 10
RECENT_ALLIANCE = 5

#: Partners of partners the card suggests, and the paths it shows for each.
SUGGESTIONS = 8
PATHS_SHOWN = 3


@dataclass(frozen=True)
class TimelineItem:
    """One tie on the timeline: when, what, with whom, in what state, on whose word."""

    date: str | None
    kind: str
    label: str
    partner: str
    status: str | None
    source: str | None
    end: str | None = None
    note: str = ""


@dataclass(frozen=True)
class AllianceRole:
    """An alliance the institution belongs to: its roles there, since when, how many members."""

    iri: str
    label: str
    role: str | None
    since: str | None
    status: str | None
    members: int
    partners: int
    source: str | None


@dataclass
class Position:
    """Where the institution stands in the network at the card's date."""

    degree: int
    degree_rank: int
    betweenness: float
    betweenness_rank: int
    institutions: int
    constraint: float | None
    reasons: list[str]
    alliances: list[str]
    articulation_point: bool
    community: int
    communities: int
    community_size: int
    community_peers: list[str]
    touched_communities: int


@dataclass
class Portfolio:
    """Everything the card shows, for one institution at one date (see the module notes)."""

    iri: str
    label: str
    as_of: str | None
    today: str
    partners: list[Partner]
    countries: dict[str, str | None]
    by_kind: list[tuple[str, str, list[str]]]
    by_country: list[tuple[str, list[str]]]
    alliances: list[AllianceRole]
    timeline: dict[str, list[TimelineItem]]
    position: Position | None
    recent: list[dict]
    recent_alliance: list[dict]
    suggestions: list[dict]
    sources: list[str] = field(default_factory=list)

    @property
    def ties(self) -> int:
        """How many ties the partners are held by (the rows of ``collabgraph partners``)."""
        return sum(len(p.via) for p in self.partners)


def _country_name(code: str | None) -> str:
    """A country's English name from its ISO code.

    Examples
    --------
    >>> _country_name("NL"), _country_name(None), _country_name("XX")
    ('Netherlands', 'Country not recorded', 'XX')
    """
    if not code:
        return "Country not recorded"
    import pycountry

    found = pycountry.countries.get(alpha_2=code.upper())
    return getattr(found, "common_name", None) or (found.name if found else code)


def _date_key(date: str | None) -> str:
    return earliest(date) if date else ""


def _via_record(partner: Partner, via, country: str | None) -> dict:
    return {
        "partner": partner.label,
        "country": country,
        "kind": via.kind,
        "via_iri": via.iri,
        "kind_label": KIND_LABELS.get(via.kind, via.kind),
        "via": via.label,
        "date": via.date,
        "undated": via.undated,
        "status": via.status,
        "curation": via.curation,
        "source": via.source,
        "sources": (via.source or "").split("; ") if via.source else [],
        "quote": via.quote,
    }


def _timeline(ds: Dataset, me: str, orgs, as_of: str | None) -> dict[str, list[TimelineItem]]:
    """The institution's ties other than shared alliances (agreements, collaborations, grants,
    its own memberships), by their state at ``as_of`` (today if None)."""
    from collabgraph.questions.ties import ties

    at = as_of or dt.date.today().isoformat()
    found: dict[str, dict[tuple, TimelineItem]] = {"in_force": {}, "planned": {}, "ended": {}}
    for a, b, tie in ties(ds, orgs, focus=me):
        if me not in (a, b):
            continue
        when = tie.when
        other = b if a == me else a
        other = orgs[other].label if other in orgs else other
        started = when.start is None or started_by(when.start, at)
        if holds(when, as_of):
            state, note = "in_force", "" if tie.date else "date unknown"
        elif when.planned and holds(when, as_of, include_planned=True):
            state, note = "planned", ""
        elif started and is_former(when):
            state = "ended"
            note = (
                f"ended at a date no source gives; last confirmed {when.confirmed}"
                if when.confirmed
                else "ended at a date no source gives"
            )
        elif started and when.end is not None and earliest(when.end) <= latest(at):
            state, note = "ended", f"ended {when.end}"
        else:
            continue  # starts after the card's date
        if tie.kind == "alliance":
            continue  # fellow members of an alliance are no agreement: the alliances section has them
        item = TimelineItem(
            date=tie.date,
            kind=tie.kind,
            label=tie.label,
            partner=other,
            status=tie.status,
            source="; ".join(tie.sources) or None,
            end=tie.end,
            note=note,
        )
        found[state].setdefault((tie.via, other), item)
    order = lambda i: (i.date is None, _date_key(i.date), i.label, i.partner)  # noqa: E731
    return {state: sorted(items.values(), key=order) for state, items in found.items()}


def _position(g, me: str) -> Position | None:
    """Degree, betweenness, brokerage and community of ``me`` in ``g`` (None when it has no ties)."""
    import networkx as nx

    from collabgraph.network.brokers import Broker, alliances_of, structural_holes
    from collabgraph.network.centrality import centrality
    from collabgraph.network.communities import communities

    if me not in g:
        return None
    ranked = centrality(g)  # most central first, as `collabgraph metrics` lists them
    found = communities(g)  # Louvain, seed 42: the `metrics` default
    mine = next(m for m in ranked if m.iri == me)
    membership = found.membership()
    own = membership[me]
    touched = {membership[n] for n in g.neighbors(me)} | {own}
    constraint, _ = structural_holes(g, [me])
    broker = Broker(
        iri=me,
        label=mine.label,
        betweenness=mine.betweenness,
        constraint=None if constraint[me] != constraint[me] else constraint[me],
        effective_size=None,
        articulation_point=me in set(nx.articulation_points(g)),
        alliances=alliances_of(g, me),
        communities=sorted(touched),
    )
    peers = sorted((n for n in found.groups[own] if n != me), key=lambda n: (-g.degree(n), g.nodes[n].get("label", n)))
    return Position(
        degree=mine.degree,
        degree_rank=1 + sum(1 for m in ranked if m.degree > mine.degree),
        betweenness=mine.betweenness,
        betweenness_rank=1 + ranked.index(mine),
        institutions=len(g),
        constraint=broker.constraint,
        reasons=broker.reasons,
        alliances=broker.alliances,
        articulation_point=broker.articulation_point,
        community=own,
        communities=len(found.groups),
        community_size=len(found.groups[own]),
        community_peers=[g.nodes[n].get("label", n) for n in peers[:6]],
        touched_communities=len(touched),
    )


def portfolio(ds: Dataset, name: str, *, as_of: str | None = None) -> Portfolio:
    """Everything the card of the institution called ``name`` shows, at ``as_of`` (today if None).

    Parameters
    ----------
    ds : Dataset
        A loaded dataset (its sources are the card's).
    name : str
        Any label or alternative label of the institution (or one of its units), any case.
    as_of : str, optional
        ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``. Partners are exactly those
        ``collabgraph partners NAME --as-of DATE`` lists; the network is the one
        ``collabgraph metrics --as-of DATE`` measures.

    Raises
    ------
    UnknownInstitution
        No institution has that name (with close matches).
    BadDate
        ``as_of`` is not a date.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> card = portfolio(load(sources="seeds"), "UKM", as_of="2023-12")
    >>> card.label, [p.label for p in card.partners][:2]
    ('University Hospital Münster', ['Medisch Spectrum Twente', 'RSUD Dr. Soedarso'])
    >>> [i.label for i in card.timeline["in_force"]][:1]
    ['MoU UKM – Universität Münster – Medisch Spectrum Twente – University of Twente']
    """
    from collabgraph.network.decisions import suggest_partners
    from collabgraph.network.project import institution_graph
    from collabgraph.questions.members import members
    from collabgraph.questions.ties import OrganisationLookup, institution

    if as_of is not None:
        as_of = parse_partial_date(as_of)
    index = names(ds)
    me = institution(ds, name, index)
    found = partners(ds, name, as_of=as_of, index=index)  # exactly what `collabgraph partners` lists
    orgs = OrganisationLookup(ds, index)
    countries = {p.iri: (orgs[p.iri].country if p.iri in orgs else None) for p in found}

    kinds: dict[str, set[str]] = defaultdict(set)
    for p in found:
        for v in p.via:
            kinds[v.kind].add(p.label)
    order = list(KIND_LABELS)
    by_kind = [
        (k, KIND_LABELS.get(k, k), sorted(kinds[k], key=str.casefold))
        for k in sorted(kinds, key=lambda k: (order.index(k) if k in order else len(order), k))
    ]
    grouped: dict[str | None, list[str]] = defaultdict(list)
    for p in found:
        if not p.alliance:
            grouped[countries[p.iri]].append(p.label)
    by_country = sorted(
        ((_country_name(c), sorted(v, key=str.casefold)) for c, v in grouped.items()),
        key=lambda x: (x[0] == "Country not recorded", -len(x[1]), x[0]),
    )

    alliances = []
    for p in found:
        for v in p.via:
            if v.kind != "membership":
                continue
            listed = members(ds, p.iri, as_of=as_of, index=index)
            mine = next((m for m in listed if m.iri == me), None)
            fellows = sum(1 for q in found if any(w.kind == "alliance" and w.iri == p.iri for w in q.via))
            alliances.append(
                AllianceRole(
                    iri=p.iri,
                    label=p.label,
                    role=mine.role if mine else None,
                    since=mine.since if mine else v.date,
                    status=mine.status if mine else v.status,
                    members=len(listed),
                    partners=fellows,
                    source=v.source,
                )
            )

    records = [_via_record(p, v, countries[p.iri]) for p in found for v in p.via]
    dated = sorted(
        (r for r in records if r["date"] and not r["undated"]), key=lambda r: (_date_key(r["date"]), r["partner"]), reverse=True
    )
    recent = [r for r in dated if r["kind"] != "alliance"][:RECENT]
    recent_alliance = [r for r in dated if r["kind"] == "alliance"][:RECENT_ALLIANCE]

    g = institution_graph(ds, as_of=as_of)  # the network `metrics --as-of` measures
    position = _position(g, me)
    suggestions = []
    for s in suggest_partners(g, me, limit=SUGGESTIONS):
        suggestions.append(
            {
                "label": s.label,
                "score": s.score,
                "common": s.common,
                "paths": [{"through": p, "to_it": a, "from_it": b} for p, a, b in s.paths[:PATHS_SHOWN]],
                "more_paths": max(0, len(s.paths) - PATHS_SHOWN),
            }
        )
    sources = sorted({s for r in records for s in r["sources"]})
    return Portfolio(
        iri=me,
        label=index.label(me),
        as_of=as_of,
        today=dt.date.today().isoformat(),
        partners=found,
        countries=countries,
        by_kind=by_kind,
        by_country=by_country,
        alliances=sorted(alliances, key=lambda a: a.label.casefold()),
        timeline=_timeline(ds, me, orgs, as_of),
        position=position,
        recent=recent,
        recent_alliance=recent_alliance,
        suggestions=suggestions,
        sources=sources,
    )
