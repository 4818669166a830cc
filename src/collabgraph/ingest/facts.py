"""One sentence, one quote: what the proposers share to turn a sentence into candidate facts.

A :class:`_Sentence` is a sentence's span and the organisations it names, witnesses ("in
Anwesenheit der …", "in the presence of …") set apart (:func:`_split`). :func:`_parties` picks
the distinct parties among the mentions, :func:`_host` the page's own institution and
:func:`_earlier` the institutions named before; :func:`_date_fields` turns the dates found in
the sentence (:mod:`collabgraph.ingest.when`) into a fact's date, end date and reasons; and
:func:`_candidate` builds the :class:`~collabgraph.ingest.model.Candidate` whose quote is the
sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from collabgraph.ingest.cues import _I, _WITNESS
from collabgraph.ingest.model import Candidate, Party, Reading, candidate_id
from collabgraph.ingest.name_forms import Mention, _guess_type
from collabgraph.ingest.name_words import fold
from collabgraph.ingest.when import add_years, validity_years


@dataclass
class _Sentence:
    start: int
    end: int
    mentions: list[Mention]
    excluded: list[Mention]


def _identity(m: Mention) -> str:
    return m.iri or fold(m.label or m.name)


def _split(text: str, start: int, end: int, mentions: list[Mention]) -> _Sentence:
    inside = [m for m in mentions if start <= m.start < end]
    sentence = text[start:end]
    excluded: list[Mention] = []
    for w in _WITNESS.finditer(sentence):
        clause_end = len(sentence)
        for stop in re.finditer(r"[,;:.()–—]|\b(?:und|and|en|et)\s+(?:die|der|das|the|de|het|le|la)\b", sentence[w.end() :]):
            # the witness clause ends at punctuation after the first name it holds
            if any(start + w.end() < m.start and m.end <= start + w.end() + stop.start() for m in inside):
                clause_end = w.end() + stop.start()
                break
        lo, hi = start + w.start(), start + clause_end
        excluded += [m for m in inside if lo <= m.start < hi]
    kept = [m for m in inside if m not in excluded]
    return _Sentence(start, end, kept, excluded)


_PART_OF = re.compile(r"^\s*,?\s*(?:van de|van het|van|of the|of|der|des|de la|de l['’]|du|at the|an der|am)\s*$", _I)


def _parties(mentions: list[Mention], *, alliances: bool = False, text: str | None = None) -> list[Mention]:
    """The distinct organisations among ``mentions``; with ``text``, an institution named only as the one
    a unit belongs to ("het ITEM van de Universiteit Maastricht") is not a party of its own."""
    parents = set()
    if text is not None:
        for a, b in zip(mentions, mentions[1:], strict=False):
            if _PART_OF.match(text[a.end : b.start]):
                parents.add(id(b))
    seen, out = set(), []
    for m in mentions:
        if id(m) in parents:
            continue
        if m.alliance != alliances:
            continue
        key = _identity(m)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


def _host(sents: list[_Sentence], title: str | None) -> Mention | None:
    counts: dict[str, list[Mention]] = {}
    for s in sents:
        for m in s.mentions:
            if not m.alliance:
                counts.setdefault(_identity(m), []).append(m)
    if not counts:
        return None
    ranked = sorted(counts.values(), key=lambda ms: (-len(ms), ms[0].start))
    return ranked[0][0] if len(ranked[0]) >= 2 else None


def _date_fields(found, sentence: str, status: str | None = None, published: str | None = None):
    """The fact's date, end date and the words, from the dates found in its sentence.

    An ended fact's only date is when it ended ("lief 2019 aus"), unless the text says it is a start
    ("seit 2015").
    """
    point = [d for d in found if d.value]
    if status == "ended" and len(point) == 1 and point[0].role != "since" and not point[0].end_value:
        only = point[0]
        return (
            None,
            only.value,
            only.text if only.relative else None,
            "relative" if only.relative else None,
            [f"ended: {only.text}"],
        )
    date = end_date = date_text = basis = None
    reasons = []
    if point:
        first = point[0]
        date = first.value
        end_date = first.end_value
        if first.relative:
            date_text, basis = first.text, "relative"
        reasons.append(f"date: {first.text}")
        until = [d for d in point[1:] if d.role == "until"]
        if until and not end_date:
            end_date = until[0].value
            reasons.append(f"end: {until[0].text}")
    elif found:
        date_text = found[0].text
        reasons.append(f"date not resolved: {found[0].text}")
    validity = validity_years(sentence)
    if validity and date and not end_date:
        end_date = add_years(date, validity[0])
        reasons.append(f"end from validity: {validity[1]}")
    return date, end_date, date_text, basis, reasons


def _candidate(
    reading: Reading,
    s: _Sentence,
    kind: str,
    status: str,
    parties: list[Party],
    confidence: float,
    reasons: list[str],
    dates=None,
    role: str | None = None,
) -> Candidate:
    quote = reading.text[s.start : s.end]
    date, end_date, date_text, basis, date_reasons = dates or (None, None, None, None, [])
    if basis == "relative":
        basis = f"relative to the published date {reading.published} ({reading.published_basis or 'given'})"
    return Candidate(
        id=candidate_id(reading.source, kind + "|" + "|".join(p.name for p in parties), s.start, s.end),
        kind=kind,
        status=status,
        quote=quote,
        start=s.start,
        end=s.end,
        date=date,
        end_date=end_date,
        date_text=date_text,
        date_basis=basis,
        parties=parties,
        confidence=round(min(confidence, 0.95), 2),
        reasons=reasons + date_reasons,
        role=role,
    )


_COUNT = {
    "beide": 2,
    "beiden": 2,
    "both": 2,
    "two": 2,
    "twee": 2,
    "deux": 2,
    "drei": 3,
    "three": 3,
    "drie": 3,
    "trois": 3,
    "vier": 4,
    "four": 4,
    "quatre": 4,
}
_GROUP = re.compile(
    r"\b(beide[n]?|both|(?:the|die|de|les) (?:two|beiden|twee|deux|three|drei|drie|trois|four|vier|"
    r"quatre))\b(?!\s+(?:of|van|von|de|d['’])\b)",
    _I,
)


def _earlier(before: list[_Sentence], exclude: set[str]) -> list[Mention]:
    """Institutions named before, most recent first, once each."""
    out, seen = [], set(exclude)
    for b in reversed(before):
        for m in reversed(b.mentions):
            if not m.alliance and _identity(m) not in seen:
                seen.add(_identity(m))
                out.append(m)
    return out


def _type_in(m: Mention, types: set[str]) -> bool:
    return _guess_type(m.label or m.name, False) in types
