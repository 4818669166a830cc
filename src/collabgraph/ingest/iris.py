"""IRIs for accepted facts and new institutions: ASCII slugs of names, minted in ``cgr:`` where nothing uses them yet.

:func:`slugify` spells a name as a lower-case ASCII slug (umlauts spelled out, accents dropped,
words joined by ``-``); :class:`_Minter` mints an IRI from a slug that neither the graph the
facts join nor this run uses (adding the candidate's id, then a number, where it is taken),
and one IRI per new institution or person, whatever type each mention of it guessed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rdflib import Dataset, URIRef

from collabgraph.ingest.model import Party
from collabgraph.ingest.vocabulary import default_type
from collabgraph.namespaces import CGR

__all__ = ["slugify"]

_TRANSLITERATE = str.maketrans(
    {
        "ä": "ae",
        "ö": "oe",
        "ü": "ue",
        "ß": "ss",
        "Ä": "ae",
        "Ö": "oe",
        "Ü": "ue",
        "æ": "ae",
        "ø": "o",
        "å": "a",
        "œ": "oe",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
    }
)


def slugify(text: str, *, limit: int = 60) -> str:
    """A lower-case ASCII slug for an IRI: umlauts spelled out, accents dropped, words joined by ``-``.

    Examples
    --------
    >>> slugify("Universität Münster"), slugify("Université Paris-Saclay"), slugify("«»")
    ('universitaet-muenster', 'universite-paris-saclay', 'x')
    """
    text = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0] or slug[:limit]
    return slug or "x"


@dataclass
class _Minter:
    """Mints IRIs that are in neither the base graph nor this run."""

    base: Dataset
    taken: set[str] = field(default_factory=set)
    parties: dict[tuple, URIRef] = field(default_factory=dict)

    def free(self, iri: str) -> bool:
        return iri not in self.taken and next(iter(self.base.triples((URIRef(iri), None, None))), None) is None

    def mint(self, local: str, suffix: str) -> URIRef:
        iri = str(CGR[local])
        if not self.free(iri):
            iri = str(CGR[f"{local}-{suffix}"])
            n = 2
            while not self.free(iri):
                iri, n = str(CGR[f"{local}-{suffix}-{n}"]), n + 1
        self.taken.add(iri)
        return URIRef(iri)

    def party(self, p: Party) -> URIRef:
        if p.iri:
            return URIRef(p.iri)
        kind = p.type or default_type(p.role)
        name = (p.label or p.name).strip()
        key = (name.casefold(), kind == "Person")  # one new institution per name, whatever type each mention guessed
        if key not in self.parties:
            local = ("person-" if kind == "Person" else "") + slugify(name)
            self.parties[key] = self.mint(local, "new")
        return self.parties[key]


def _local(iri: URIRef, label: str) -> str:
    text = str(iri)
    return text[len(str(CGR)) :] if text.startswith(str(CGR)) else slugify(label)
