"""Tie objects with their evidence: the :class:`Tie` record (its kind, time, sources and one
supporting quote), the sources and quotes behind each fact (:class:`Evidence`, read for the whole
graph at once or per fact), and the tie a membership or shared membership gives.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Dataset, URIRef

from collabgraph.questions.labels import source_name
from collabgraph.questions.timeline import When
from collabgraph.sparql.query import run_named

__all__ = ["Tie", "Evidence", "membership_tie", "shortest_quote"]


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


def shortest_quote(quotes: list[str]) -> str | None:
    """The shortest quote, the first in text order among equals: the same on every store and run.

    Examples
    --------
    >>> shortest_quote(["a longer quote", "short", "alike"])
    'alike'
    >>> shortest_quote([]) is None
    True
    """
    return min(quotes, key=lambda q: (len(q), q)) if quotes else None


class Evidence:
    """Sources and one supporting quote per fact: read all at once, or per fact (focus).

    Called with a fact's IRI, gives the names of its sources and its shortest quote.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> evidence = Evidence(load(sources="seeds"), whole=False)
    >>> sources, quote = evidence("https://w3id.org/collabgraph/id/mou-ukm-klinikum-osnabrueck-2024")
    >>> sorted(sources), quote[:44]
    (['000_b86e7fc7cd7be3f7.txt'], 'Das Memorandum of Understanding (MoU) zwisch')
    """

    def __init__(self, ds: Dataset, whole: bool):
        self.ds = ds
        self.found: dict[str, tuple[set[str], list[str]]] = {}  # fact → (source names, quotes)
        self.named: dict[str, str] = {}  # source IRI → its name
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
        return sources, shortest_quote(quotes)


def membership_tie(via: str, label: str, kind: str, w: When, ends: list[dict], n: int) -> Tie:
    """A membership or shared-membership tie from the members' entries (sorted ends).

    Examples
    --------
    >>> entry = {"curation": set(), "sources": {"a.pdf"}, "quote": "X joined Y"}
    >>> tie = membership_tie("urn:y", "Y", "membership", When("2019", True), [entry], 2)
    >>> tie.date, tie.sources, tie.quote, tie.weight
    ('2019', ('a.pdf',), 'X joined Y', 1.0)
    """
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
