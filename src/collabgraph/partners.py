"""Who an institution collaborates with, and through what."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from rdflib import Dataset

from .dates import parse_partial_date, started_by
from .facts import concept_name, kind_of, resource_label, source_name
from .lookup import Names, names, resolve
from .query import run_named

__all__ = ["Via", "Partner", "partners"]


@dataclass(frozen=True)
class Via:
    """One connection to a partner: an agreement, collaboration, network, programme or alliance."""

    kind: str
    iri: str
    label: str
    date: str | None
    status: str | None
    source: str | None
    undated: bool = False
    curation: str | None = None


@dataclass
class Partner:
    """A partner institution and every connection to it."""

    iri: str
    label: str
    alt_labels: list[str]
    via: list[Via] = field(default_factory=list)

    def to_dict(self) -> dict:
        """A JSON-ready dict (``iri``, ``label``, ``alt_labels``, ``via``)."""
        return asdict(self)


def _tie_date(row: dict) -> str | None:
    if row["kind"] and kind_of(row["kind"]) == "alliance":
        # A shared membership exists once both are members: the later of the two join dates.
        dates = [row["date"], row["partnerSince"]]
        return None if None in dates else max(dates)
    return row["date"]


def partners(ds: Dataset, name: str, *, as_of: str | None = None,
             index: Names | None = None) -> list[Partner]:
    """Partners of the institution called ``name`` and every connection to each.

    Parameters
    ----------
    ds : Dataset
        A loaded dataset (choose its sources when loading).
    name : str
        Any label or alternative label of the institution, in any case.
    as_of : str, optional
        ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``: keep only connections that had started by then.
        Undated connections are kept and marked ``undated``; one dated only by the news item that
        reports it counts from that item's date.
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
    >>> from collabgraph.load import load
    >>> ds = load(sources="seeds")
    >>> [p.label for p in partners(ds, "UKM", as_of="2023-12")]
    ['Medisch Spectrum Twente', 'RSUD Dr. Soedarso', 'Tanjungpura University', 'University of Münster', 'University of Twente']
    >>> sorted({v.kind for p in partners(ds, "ukm") for v in p.via})
    ['collaboration', 'mou']
    """
    if as_of is not None:
        as_of = parse_partial_date(as_of)
    index = index or names(ds)
    me = resolve(index, name)
    found: dict[str, Partner] = {}
    seen: set[tuple] = set()
    for row in run_named(ds, "partners", institution=me):
        date = _tie_date(row)
        start = date or row["reported"]
        undated = start is None
        if as_of is not None and not undated and not started_by(start, as_of):
            continue
        via = Via(
            kind=kind_of(row["kind"]), iri=row["via"], label=resource_label(ds, row["via"]),
            date=start, status=concept_name(row["status"]), source=source_name(ds, row["source"]),
            undated=undated, curation=concept_name(row["curation"]),
        )
        key = (row["partner"], via)
        if key in seen:
            continue
        seen.add(key)
        partner = found.setdefault(row["partner"], Partner(
            iri=row["partner"], label=index.label(row["partner"]),
            alt_labels=index.alt_labels(row["partner"])))
        partner.via.append(via)
    return sorted(found.values(), key=lambda p: p.label.casefold())
