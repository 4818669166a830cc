"""Who an institution collaborates with, and through what.

Partners are read from the same ties as the network (:func:`collabgraph.questions.ties.ties` with a
``focus``) and cut by the same rule (:func:`collabgraph.questions.timeline.holds`), so an institution's
partners at a date are exactly its neighbours in the network at that date, plus the alliances it
belongs to (``membership``) and the alliances that fund it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from rdflib import Dataset

from collabgraph.dates import parse_partial_date
from collabgraph.questions.lookup import Names, names, resolve
from collabgraph.questions.organisations import OrganisationLookup, top_level
from collabgraph.questions.reconcile import canonical
from collabgraph.questions.ties import ties
from collabgraph.questions.timeline import holds, is_former

__all__ = ["Via", "Partner", "partners", "KINDS"]

#: The kinds of ties ``partners`` reports, for ``--kind``.
KINDS = (
    "mou",
    "cooperation_agreement",
    "strategic_partnership",
    "strategic_network",
    "joint_programme",
    "agreement",
    "collaboration",
    "funding",
    "alliance",
    "membership",
)


@dataclass(frozen=True)
class Via:
    """One connection to a partner: an agreement, collaboration, grant, shared alliance or membership.

    ``kind`` is ``alliance`` for a shared alliance and ``membership`` for the alliance itself;
    ``date`` is the start (a lower bound when ``undated``); ``former`` marks a tie that ended at a
    date no source gives (listed only with ``former=True``).
    """

    kind: str
    iri: str
    label: str
    date: str | None
    status: str | None
    source: str | None
    undated: bool = False
    curation: str | None = None
    end: str | None = None
    quote: str | None = None
    former: bool = False


@dataclass
class Partner:
    """A partner institution (or alliance) and every connection to it."""

    iri: str
    label: str
    alt_labels: list[str]
    via: list[Via] = field(default_factory=list)
    alliance: bool = False

    def to_dict(self) -> dict:
        """A JSON-ready dict (``iri``, ``label``, ``alt_labels``, ``via``, ``alliance``)."""
        return asdict(self)


def partners(
    ds: Dataset,
    name: str,
    *,
    as_of: str | None = None,
    include_planned: bool = False,
    kinds: set[str] | None = None,
    former: bool = False,
    index: Names | None = None,
) -> list[Partner]:
    """Partners of the institution called ``name`` and every connection to each.

    Parameters
    ----------
    ds : Dataset
        A loaded dataset (choose its sources when loading).
    name : str
        Any label or alternative label of the institution (or one of its units), in any case.
    as_of : str, optional
        ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``: the partners at that date; None: today. The rule
        is :func:`collabgraph.questions.timeline.holds` (undated ties kept and marked ``undated``).
    include_planned : bool
        Also planned and announced agreements.
    kinds : set of str, optional
        Only these kinds of tie (:data:`KINDS`).
    former : bool
        Also ties that ended at an unknown date (former members of a shared alliance), flagged.
    index : Names, optional
        A name index to reuse across calls.

    Raises
    ------
    UnknownInstitution
        No institution has that name (with close matches).
    BadDate
        ``as_of`` is not a date.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> ds = load(sources="seeds")
    >>> [p.label for p in partners(ds, "UKM", as_of="2023-12")]
    ['Medisch Spectrum Twente', 'RSUD Dr. Soedarso', 'Tanjungpura University', 'University of Münster', 'University of Twente']
    >>> sorted({v.kind for p in partners(ds, "ukm") for v in p.via})
    ['mou']
    >>> sorted({v.kind for p in partners(ds, "ukm", as_of="2025-07-08") for v in p.via})  # a week's event
    ['collaboration', 'mou']
    """
    if as_of is not None:
        as_of = parse_partial_date(as_of)
    index = index or names(ds)
    orgs = OrganisationLookup(ds, index)
    canon = canonical(ds)
    me = top_level(orgs, canon, str(resolve(index, name)))
    found: dict[str, Partner] = {}
    for a, b, tie in ties(ds, orgs, focus=me):
        if me not in (a, b) or (kinds and tie.kind not in kinds):
            continue
        other = b if a == me else a
        when = tie.when
        gone = is_former(when)
        if not holds(when, as_of, include_planned=include_planned) and not (former and gone):
            continue
        via = Via(
            kind=tie.kind,
            iri=tie.via,
            label=tie.label,
            date=tie.date,
            status=tie.status,
            source="; ".join(tie.sources) or None,
            undated=when.undated,
            curation=tie.curation,
            end=tie.end,
            quote=tie.quote,
            former=gone,
        )
        partner = found.get(other)
        if partner is None:
            alt = index.alt_labels(other)  # a merged alias's names are among them
            partner = found[other] = Partner(
                iri=other, label=index.label(other), alt_labels=alt, alliance=orgs[other].alliance if other in orgs else False
            )
        if via not in partner.via:
            partner.via.append(via)
    for partner in found.values():
        partner.via.sort(key=lambda v: (v.kind, v.date or "", v.label, v.iri))
    return sorted(found.values(), key=lambda p: (p.label.casefold(), p.iri))
