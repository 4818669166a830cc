"""Propose candidate facts from a page: agreements, alliance memberships and funding, each with its quote.

One sentence is one quote. A sentence proposes an agreement when it holds a cue for a kind of
agreement (:data:`KIND_CUES`, de/nl/en/fr) and names its parties; the status comes from tense
and modality (:func:`status_of`): a plan ("wird … abschließen", "will sign", "zijn van plan te
ondertekenen", "compte signer") is never a signed agreement, and a scheduled signing ("la
signature aura lieu le …") is announced. Dates are as precise as the text
(:mod:`collabgraph.ingest.when`); a relative date says what it was resolved against.

The cue lexicons are hand-written, small and visible on purpose: a curator can read why a
candidate was proposed (``reasons`` names every cue that fired), and no pip-installable model
we could find covers agreement kinds and modality in these four languages offline. Recall is
measured, not assumed: ``bench/ingest_eval.py``.

:func:`propose` runs the proposers over each sentence, in the modules named after what they
propose: :mod:`~collabgraph.ingest.agreements`, :mod:`~collabgraph.ingest.memberships` (and
posts) and :mod:`~collabgraph.ingest.funding`, with the cue words of
:mod:`~collabgraph.ingest.cues` and the sentence pieces of :mod:`~collabgraph.ingest.facts`;
then it merges what was stated twice.
"""

from __future__ import annotations

from collabgraph.ingest.agreements import _agreement, _continue
from collabgraph.ingest.coreference import find_mentions
from collabgraph.ingest.cues import KIND_CUES, kind_of, status_of
from collabgraph.ingest.facts import _host, _parties, _split
from collabgraph.ingest.funding import _funding
from collabgraph.ingest.gazetteer import Gazetteer
from collabgraph.ingest.memberships import _memberships, _posts, org_role
from collabgraph.ingest.model import Candidate, Reading
from collabgraph.ingest.name_forms import _guess_type
from collabgraph.ingest.name_words import fold
from collabgraph.ingest.text import sentences
from collabgraph.ingest.when import find_dates

__all__ = ["KIND_CUES", "propose", "status_of", "kind_of", "org_role"]


def propose(reading: Reading, gazetteer: Gazetteer) -> Reading:
    """Fill ``reading.candidates`` with the facts its text states: agreements, memberships, funding.

    Examples
    --------
    >>> from collabgraph.ingest.model import Reading
    >>> g = Gazetteer()
    >>> text = ("Die Universität Ulm und das Universitätsklinikum Freiburg haben am 12. März 2025 "
    ...         "eine Kooperationsvereinbarung unterzeichnet, in Anwesenheit der Universität Basel.")
    >>> r = propose(Reading(source="p.txt", text=text, language="de", published="2025-03-14"), g)
    >>> [(c.kind, c.status, c.date, [p.name for p in c.parties]) for c in r.candidates]
    [('CooperationAgreement', 'signed', '2025-03-12', ['Universität Ulm', 'Universitätsklinikum Freiburg'])]
    >>> r = propose(Reading(source="p.txt", text="Die Präsidentin der Universität Ulm, Prof. Dr. Ute Schwarz, sprach.",
    ...                     language="de"), g)
    >>> [(c.kind, c.role, c.role_text, [p.name for p in c.parties]) for c in r.candidates]
    [('Post', 'Head', 'Präsidentin', ['Ute Schwarz', 'Universität Ulm'])]
    """
    text, language = reading.text, reading.language
    mentions = find_mentions(text, gazetteer, language=language)
    sents = [_split(text, a, b, mentions) for a, b in sentences(text, language)]
    host = _host(sents, reading.title)
    candidates: list[Candidate] = []
    previous: Candidate | None = None
    for i, s in enumerate(sents):
        sentence = text[s.start : s.end]
        found = [
            d
            for d in find_dates(sentence, language, reading.published)
            if (s.start + d.start, s.start + d.end) != reading.dateline_span
        ]
        if (
            previous is not None
            and previous.end == sents[i - 1].end
            and not _parties(s.mentions)
            and kind_of(sentence)
            and _continue(reading, previous, s, sentence, found)
        ):
            continue
        agreements = _agreement(reading, s, sentence, found, sents[max(0, i - 3) : i], host)
        previous = agreements[-1] if agreements else None
        candidates += agreements
        candidates += _memberships(reading, s, sentence, found, host, sents[max(0, i - 5) : i])
        candidates += _funding(reading, s, sentence, host)
        candidates += _posts(reading, s, sentence)
    reading.candidates = _merge(candidates)
    for c in reading.candidates:
        for p in c.parties:
            if p.new and p.type is None:
                p.type = _guess_type(p.name, p.role == "alliance")
    return reading


def _merge(candidates: list[Candidate]) -> list[Candidate]:
    """One candidate per fact: the same kind and parties stated twice (a heading, then the body)
    keep the statement that says most (a status verb, a date), and name the other in ``reasons``."""
    out: list[Candidate] = []
    for c in candidates:
        twin = next((o for o in out if _same_fact(o, c)), None)
        if twin is None:
            out.append(c)
            continue
        keep, drop = (c, twin) if _informative(c) > _informative(twin) else (twin, c)
        if keep is c:
            out[out.index(twin)] = c
        keep.reasons.append(f"also stated at {drop.start}–{drop.end}")
    return sorted(out, key=lambda c: (c.start, c.kind))


def _party_keys(c: Candidate) -> set[str]:
    return {p.iri or fold(p.label or p.name) for p in c.parties}


def _same_fact(a: Candidate, b: Candidate) -> bool:
    return (
        _party_keys(a) == _party_keys(b)
        and a.role == b.role
        and (a.kind == b.kind or "Collaboration" in (a.kind, b.kind) and "Membership" not in (a.kind, b.kind))
        and (a.status == b.status or "reported" in (a.status, b.status))
    )


def _informative(c: Candidate) -> tuple:
    return (c.kind != "Collaboration", c.status != "reported", c.date is not None, c.confidence, -c.start)
