"""Names that have an institution's form, found in a text whether or not the graph knows the institution.

:func:`institution_names` recognises institutions by the form of their name in German, Dutch,
English and French (``Universität …``, ``University of …``, ``… University``,
``Hogeschool …``, ``Universitair Medisch Centrum …``, ``Universitätsklinikum …``,
``CHU de …``, ``… Institutet``, ministries, alliances …): a head word
(:data:`~collabgraph.ingest.name_words.HEADS`) extended over the capitalised words and
connectors around it. A :class:`Mention` is a name found in a text; a new one's class is
guessed from its words. The grammar is hand-written: no pip-installable model we measured
knows these forms in four languages without downloading weights at run time.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from collabgraph.ingest.model import Party
from collabgraph.ingest.name_words import (
    _ARTICLES,
    _CONJUNCTIONS,
    _CONNECTORS,
    _FR_ADJECTIVES,
    _GENERIC,
    _HEAD_SUFFIXES,
    _NOT_NAME,
    _PLURAL_HEADS,
    ALLIANCE_HEADS,
    HEADS,
    _tokens,
    fold,
)
from collabgraph.ingest.places import world_places

__all__ = ["Mention", "institution_names"]


@dataclass
class Mention:
    """A name in the text: its span, the text as written, and what it was resolved to."""

    start: int
    end: int
    name: str
    iri: str | None = None
    label: str | None = None
    score: float = 0.0
    alliance: bool = False
    source: str = "gazetteer"
    candidates: list[str] = field(default_factory=list)

    def party(self, role: str = "party", type_: str | None = None) -> Party:
        """The mention as a candidate's party."""
        return Party(
            name=self.name,
            iri=self.iri,
            label=self.label,
            new=self.iri is None,
            role=role,
            type=None if self.iri else type_ or _guess_type(self.label or self.name, self.alliance),
            score=round(self.score, 1),
            start=self.start,
            end=self.end,
        )


def _guess_type(name: str, alliance: bool) -> str:
    words = set(fold(name).replace("-", " ").split())
    if alliance or words & ALLIANCE_HEADS:
        return "Alliance"
    if (
        words
        & {"universitatsklinikum", "uniklinik", "uniklinikum", "umc", "chu", "chru", "universitatsmedizin", "universitatsspital"}
        or ({"medisch", "centrum"} <= words and "universitair" in words)
        or ("hospitalier" in words and "universitaire" in words)
    ):
        return "UniversityHospital"
    if words & {
        "klinikum",
        "klinik",
        "kliniken",
        "krankenhaus",
        "ziekenhuis",
        "hospital",
        "hospitals",
        "hopital",
        "hopitaux",
        "clinic",
        "spital",
        "rsud",
        "hospitaal",
    }:
        return "Hospital"
    if words & {"hogeschool", "fachhochschule", "fh"} or "applied" in words:
        return "UniversityOfAppliedSciences"
    if words & {
        "universitat",
        "universiteit",
        "university",
        "universite",
        "universitas",
        "universidad",
        "universita",
        "universidade",
        "universitet",
        "uniwersytet",
        "hochschule",
        "college",
        "polytechnic",
        "universiti",
        "institutet",
        "politecnico",
        "daigaku",
        "tu",
        "th",
        "ku",
    } or any(w.endswith("universitat") for w in words):
        return "University"
    if words & {
        "ministerium",
        "bundesministerium",
        "ministerie",
        "ministry",
        "ministere",
        "commission",
        "agency",
        "agence",
        "council",
        "conseil",
    }:
        return "GovernmentBody"
    if words & {"stiftung", "foundation", "fondation", "stichting", "forschungsgemeinschaft"}:
        return "Funder"
    if words & {"institut", "institute", "instituut", "forschungszentrum", "zentrum", "centre", "center", "centrum"}:
        return "ResearchInstitute"
    return "Institution"


def _capitalised(token: str) -> bool:
    return token[:1].isupper() or token[:1].isdigit() and len(token) > 1 and not token.isdigit()


@lru_cache(maxsize=65536)
def _is_head(folded: str) -> bool:
    plain = folded.rstrip("+")
    return (
        plain in HEADS
        or plain in ALLIANCE_HEADS
        or any(
            plain.endswith("-" + s) or (p.endswith(s) and len(p) > len(s) + 3)
            for s in _HEAD_SUFFIXES
            for p in (plain, plain[:-1] if plain.endswith("s") else plain)
        )
    )


def institution_names(
    text: str, start: int = 0, end: int | None = None, *, language: str | None = None, taken: Iterable[tuple[int, int]] = ()
) -> list[Mention]:
    """Names in ``text[start:end]`` that have an institution's form, outside the spans ``taken``.

    Examples
    --------
    >>> t = "Die Universität Ulm und das Universitätsklinikum Freiburg unterzeichneten mit der University of Glasgow."
    >>> [m.name for m in institution_names(t, language="de")]
    ['Universität Ulm', 'Universitätsklinikum Freiburg', 'University of Glasgow']
    >>> [m.name for m in institution_names("Le CHU de Lille et l'Université de Lille ont signé.", language="fr")]
    ['CHU de Lille', 'Université de Lille']
    >>> [m.name for m in institution_names("Maastricht University and Utrecht University signed.")]
    ['Maastricht University', 'Utrecht University']
    >>> [m.name for m in institution_names("Prof. Anna Weber from Münster spoke.")]
    []
    """
    end = len(text) if end is None else end
    spans = sorted(taken)
    starts = [a for a, _ in spans]

    def inside(at: int) -> bool:
        k = bisect.bisect_right(starts, at) - 1
        return k >= 0 and spans[k][0] <= at < spans[k][1]

    toks = [t for t in _tokens(text[start:end], start) if not inside(t[1])]
    found: list[Mention] = []
    i = 0
    while i < len(toks):
        word, s, _ = toks[i]
        f = fold(word)
        if not _is_head(f) or not (_capitalised(word) or f in {"umc", "chu"}):
            i += 1
            continue
        # Extend left over capitalised words that can open a name ("Technische", "Maastricht").
        left = i
        while left > 0:
            prev, ps, pe = toks[left - 1]
            nxt_start = toks[left][1]
            if (
                fold(prev) in {"de", "van", "von", "of", "del", "di", "du", "la"}
                and left >= 2
                and _capitalised(toks[left - 2][0])
                and fold(toks[left - 2][0]) not in _NOT_NAME
                and not text[toks[left - 2][2] : ps].strip()
                and not text[pe:nxt_start].strip()
                and toks[left - 2][1] > 0
                and not _is_head(fold(toks[left - 2][0]))
            ):
                left -= 2  # "Anton de Kom Universiteit"
                continue
            gap = text[pe:nxt_start].strip()
            if (
                not _capitalised(prev)
                or fold(prev) in _NOT_NAME
                or gap not in ("", "-", "–")
                or prev.isupper()
                and len(prev) <= 1
                or gap == "–"
                and fold(prev) in world_places()
            ):
                break
            left -= 1
        # "Herz- und Diabeteszentrum NRW": a compound's first half joined by a conjunction.
        if (
            left >= 2
            and fold(toks[left - 1][0]) in _CONJUNCTIONS
            and text[toks[left - 2][2] : toks[left - 1][1]].strip() == "-"
            and _capitalised(toks[left - 2][0])
        ):
            left -= 2
        # Extend right over capitalised words and connectors; a conjunction only inside a complement.
        right = i + 1
        in_complement = False
        while right < len(toks):
            word_r, rs, re_ = toks[right]
            gap = text[toks[right - 1][2] : rs]
            if gap.strip() not in ("", "-", "–") or "\n" in gap:
                break
            fr = fold(word_r)
            if (_capitalised(word_r) or word_r.isdigit() and right == i + 1) and fr not in _ARTICLES | {"in", "im"}:
                right += 1  # "Maastricht University Medical Center", "Universitas 21"
                continue
            if fr in _FR_ADJECTIVES and right == i + 1 + (right - i - 1) and language in (None, "fr"):
                right += 1
                continue
            if fr in _CONNECTORS and right + 1 < len(toks):
                nxt = toks[right + 1][0]
                if fr in _CONJUNCTIONS:
                    if (
                        not in_complement
                        or _next_name_has_head(toks, right + 1, text)
                        or nxt.isupper()
                        or fold(nxt) in world_places()
                    ):
                        break
                elif fr in _ARTICLES and fold(toks[right - 1][0]) not in {"de", "van", "of", "du", "d", "l", "voor"}:
                    if not _capitalised(nxt) or fold(nxt) in ("universitat",):
                        break
                if _capitalised(nxt) or fold(nxt) in _ARTICLES | {"l", "d"}:
                    in_complement = in_complement or fr not in _CONJUNCTIONS
                    right += 1
                    continue
            break
        while right - 1 > i and fold(toks[right - 1][0]) in _CONNECTORS | _ARTICLES:
            right -= 1
        s, e = toks[left][1], toks[right - 1][2]
        name = text[s:e]
        if len(name.split()) == 1 and fold(name) in HEADS | ALLIANCE_HEADS:
            i = right  # a bare "Universität" or "Hospital" is a reference, not a name
            continue
        words = set(fold(name).replace("-", " ").split())
        if words <= _GENERIC | _NOT_NAME and len(words - _CONNECTORS) < 3:
            i = right  # "European University", "the Medical Faculty": a kind of institution, not one
            continue
        alliance = bool(words & (ALLIANCE_HEADS | _PLURAL_HEADS)) or any(
            w.rstrip("s").endswith(
                ("netzwerk", "netwerk", "verbund", "allianz", "konsortium", "alliantie", "alliance", "network")
            )
            for w in words
        )
        found.append(Mention(s, e, name, source="form", alliance=alliance))
        i = right
    return found


def _next_name_has_head(toks, at: int, text: str) -> bool:
    j = at
    while j < len(toks) and (_capitalised(toks[j][0]) or fold(toks[j][0]) in _CONNECTORS - _CONJUNCTIONS):
        if _is_head(fold(toks[j][0])):
            return True
        if j > at and text[toks[j - 1][2] : toks[j][1]].strip():
            break
        j += 1
    return False
