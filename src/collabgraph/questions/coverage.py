"""What each source contributes: every fact it supports, for curators and the coverage test."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Dataset, URIRef

from collabgraph.errors import CollabgraphError
from collabgraph.namespaces import CG, SRC
from collabgraph.questions.labels import concept_name
from collabgraph.sparql.query import run_named

__all__ = ["SourceFact", "source_facts", "source_iri"]


@dataclass(frozen=True)
class SourceFact:
    """One fact a source supports: type, label, what it links, date, status, number of quotes."""

    iri: str
    type: str
    label: str
    links: tuple[str, ...]
    date: str | None
    status: str | None
    curation: str | None
    quotes: int

    def __str__(self) -> str:
        short = lambda iri: iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]  # noqa: E731
        parts = [
            short(self.type),
            short(self.iri),
            self.label,
            "links=" + ",".join(short(x) for x in self.links),
            f"date={self.date or 'undated'}",
            f"status={self.status or '-'}",
            f"curation={self.curation or 'stated'}",
            f"quotes={self.quotes}",
        ]
        return " | ".join(parts)


def source_iri(ds: Dataset, source: str) -> URIRef:
    """The document IRI for a source given by stem, file name or IRI.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> source_iri(load(sources="seeds"), "004_e6e09fa7cb1010b6.txt")
    rdflib.term.URIRef('https://w3id.org/collabgraph/source/004_e6e09fa7cb1010b6')
    """
    stem = source.rsplit("/", 1)[-1].removesuffix(".txt")
    for candidate in (URIRef(source), SRC[stem]):
        if (candidate, None, CG.SourceDocument) in ds or (
            candidate,
            URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            CG.SourceDocument,
        ) in ds:
            return candidate
    known = sorted(str(f) for f in ds.objects(None, CG.fileName))
    raise CollabgraphError(f"unknown source {source!r}; known: {', '.join(known)}")


def source_facts(ds: Dataset, source: str) -> list[SourceFact]:
    """Every fact with a quote from ``source``, sorted by type and IRI.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> facts = source_facts(load(sources="seeds"), "000_b86e7fc7cd7be3f7")
    >>> [f.label for f in facts if f.type.endswith("#MemorandumOfUnderstanding")][:1]
    ['MoU UKM – Klinikum Osnabrück']
    """
    rows = run_named(ds, "source_facts", source=source_iri(ds, source))
    return [
        SourceFact(
            iri=r["fact"],
            type=r["type"] or "",
            label=r["label"] or "",
            links=tuple(sorted((r["links"] or "").split())),
            date=r["date"] or r["reported"],
            status=concept_name(r["status"]),
            curation=concept_name(r["curation"]),
            quotes=int(r["quotes"]),
        )
        for r in rows
    ]
