"""Members of an alliance or network, with role, join date and source."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from rdflib import Dataset

from .dates import parse_partial_date, started_by
from .facts import concept_name, resource_label, source_name
from .lookup import Names, names, resolve
from .query import run_named

__all__ = ["Member", "members"]


@dataclass
class Member:
    """One membership: who, in what role, since when, by which source."""

    iri: str
    label: str
    alt_labels: list[str]
    role: str | None
    since: str | None
    status: str | None
    curation: str | None
    source: str | None
    membership: str

    def to_dict(self) -> dict:
        """A JSON-ready dict."""
        return asdict(self)


def members(ds: Dataset, alliance: str, *, as_of: str | None = None,
            index: Names | None = None) -> list[Member]:
    """Members of the alliance called ``alliance``: one entry per membership and source.

    A member stated by several sources appears once per source, so disagreements (a join year,
    a former member) stay visible with their provenance.

    Parameters
    ----------
    ds : Dataset
        A loaded dataset.
    alliance : str
        Any label or alternative label of the alliance (``"CHARM-EU"``, ``"wun"``).
    as_of : str, optional
        Keep memberships that had started by then; undated ones are kept.

    Raises
    ------
    UnknownAlliance
        No alliance has that name (with close matches).

    Examples
    --------
    >>> from collabgraph.load import load
    >>> ds = load(sources="seeds")
    >>> [(m.label, m.role) for m in members(ds, "YERUN")]
    [('Maastricht University', 'founder, member')]
    """
    if as_of is not None:
        as_of = parse_partial_date(as_of)
    index = index or names(ds)
    target = resolve(index, alliance, alliance=True)
    grouped: dict[tuple, dict] = {}
    for row in run_named(ds, "members", alliance=target):
        if as_of is not None and row["since"] and not started_by(row["since"], as_of):
            continue
        key = (row["membership"], row["source"])
        entry = grouped.setdefault(key, {"row": row, "roles": set()})
        if row["role"]:
            entry["roles"].add(resource_label(ds, row["role"]))
    result = [
        Member(
            iri=e["row"]["member"], label=index.label(e["row"]["member"]),
            alt_labels=index.alt_labels(e["row"]["member"]),
            role=", ".join(sorted(e["roles"])) or None, since=e["row"]["since"],
            status=concept_name(e["row"]["status"]), curation=concept_name(e["row"]["curation"]),
            source=source_name(ds, e["row"]["source"]), membership=e["row"]["membership"],
        )
        for e in grouped.values()
    ]
    return sorted(result, key=lambda m: (m.label.casefold(), m.since or "", m.source or ""))
