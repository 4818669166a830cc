"""Members of an alliance or network, with role, join date and sources: each institution once.

A member stated by several sources (a seed document and a public list) is one entry with all its
sources, the earliest join date any of them states, and every role; a unit's membership counts
for its institution, as in ``partners`` and the network. Which memberships hold at a
date is :func:`collabgraph.questions.timeline.holds`, the rule every command uses; former members (ended at
a date no source gives) are listed only with ``former=True``. Place names and partial names
(``cg:UnresolvedOrganization``) are never members.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from rdflib import Dataset, URIRef

from collabgraph.dates import parse_partial_date
from collabgraph.questions.labels import concept_name, resource_label, source_name
from collabgraph.questions.lookup import Names, names, resolve
from collabgraph.questions.organisations import OrganisationLookup, top_level
from collabgraph.questions.reconcile import canonical
from collabgraph.questions.timeline import When, combine, holds, is_former
from collabgraph.sparql.query import run_named

__all__ = ["Member", "members"]


@dataclass
class Member:
    """One member: who, in what roles, since when, by which sources."""

    iri: str
    label: str
    alt_labels: list[str]
    role: str | None
    since: str | None
    status: str | None
    curation: str | None
    source: str | None
    membership: str
    sources: list[str] = field(default_factory=list)
    memberships: list[str] = field(default_factory=list)
    until: str | None = None
    former: bool = False

    def to_dict(self) -> dict:
        """A JSON-ready dict."""
        return asdict(self)


def members(
    ds: Dataset,
    alliance: str,
    *,
    as_of: str | None = None,
    include_planned: bool = False,
    former: bool = False,
    index: Names | None = None,
) -> list[Member]:
    """Members of the alliance called ``alliance``: one entry per institution.

    Parameters
    ----------
    ds : Dataset
        A loaded dataset.
    alliance : str
        Any label or alternative label of the alliance (``"CHARM-EU"``, ``"wun"``).
    as_of : str, optional
        The members at that date (None: today), by :func:`collabgraph.questions.timeline.holds`;
        undated memberships are kept.
    include_planned : bool
        Also planned and announced memberships.
    former : bool
        Also former members (ended at an unknown date), flagged ``former``.

    Raises
    ------
    UnknownAlliance
        No alliance has that name (with close matches).

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> ds = load(sources="seeds")
    >>> [(m.label, m.role) for m in members(ds, "YERUN")]
    [('Maastricht University', 'founder, member')]
    """
    if as_of is not None:
        as_of = parse_partial_date(as_of)
    index = index or names(ds)
    canon = canonical(ds)
    orgs = OrganisationLookup(ds, index)
    target = resolve(index, alliance, alliance=True)
    grouped: dict[str, dict] = {}
    rows = [
        row
        for alias in canon.aliases(str(target))  # memberships stated on a merged IRI too
        for row in run_named(ds, "members", alliance=URIRef(alias))
    ]
    for row in rows:
        iri = top_level(orgs, canon, row["member"])  # a unit's membership is its institution's
        if iri in orgs and orgs[iri].unresolved:
            continue
        entry = grouped.setdefault(iri, {"whens": {}, "roles": set(), "sources": set(), "curation": set()})
        entry["whens"][row["membership"]] = When(
            row["since"], row["since"] is not None, row["until"], concept_name(row["status"]), row["reported"]
        )
        if row["role"]:
            entry["roles"].add(resource_label(ds, row["role"]))
        if row["source"]:
            entry["sources"].add(source_name(ds, row["source"]))
        if row["curation"]:
            entry["curation"].add(concept_name(row["curation"]))
    result = []
    for iri, e in grouped.items():
        when = combine(list(e["whens"].values()))
        gone = is_former(when)
        if not holds(when, as_of, include_planned=include_planned) and not (former and gone):
            continue
        sources = sorted(e["sources"])
        memberships = sorted(e["whens"])
        alt = index.alt_labels(iri)  # a merged alias's names are among them
        result.append(
            Member(
                iri=iri,
                label=index.label(iri),
                alt_labels=alt,
                role=", ".join(sorted(e["roles"])) or None,
                since=when.start,
                status=when.status,
                curation=", ".join(sorted(e["curation"])) or None,
                source="; ".join(sources) or None,
                membership=memberships[0],
                sources=sources,
                memberships=memberships,
                until=when.end,
                former=gone,
            )
        )
    return sorted(result, key=lambda m: (m.label.casefold(), m.iri))
