"""Agreements: a sentence with a cue for a kind of agreement, and its parties, proposes an agreement between them.

:func:`_agreement` takes the parties the sentence names, completes those it names without a
name ("beide Kliniken", "die Hochschule", "wir", an implicit subject), leaves out a funder and
an institution named only as the one a unit belongs to, and sets status, dates and confidence;
agreements in the plural between one institution and several partners are one agreement with
each. :func:`_continue` lets the next sentence about the same agreement ("Die seit Juli 2023
bestehende Absichtserklärung …") extend that candidate's quote instead of proposing another.
"""

from __future__ import annotations

import re

from collabgraph.ingest.cues import _DEFINITE, _FIRST_PERSON, _HOPE, _I, _SIGNED, kind_of, status_of
from collabgraph.ingest.facts import (
    _COUNT,
    _GROUP,
    _candidate,
    _date_fields,
    _earlier,
    _identity,
    _parties,
    _Sentence,
    _type_in,
)
from collabgraph.ingest.funding import _FUNDING_VERB, _funder
from collabgraph.ingest.model import Candidate, Reading
from collabgraph.ingest.name_forms import Mention
from collabgraph.ingest.name_words import fold
from collabgraph.ingest.when import add_years, validity_years


def _continue(reading: Reading, previous: Candidate, s: _Sentence, sentence: str, found) -> bool:
    """A sentence that goes on about the agreement the sentence before proposed ("Die seit Juli 2023
    bestehende Absichtserklärung …") extends that candidate's quote and adds what it says."""
    kind = kind_of(sentence)
    if kind is None or not (
        kind[0] == previous.kind or _anaphoric(sentence, kind[1]) or kind[0] == "Collaboration" and not _SIGNED.search(sentence)
    ):
        return False
    previous.end = s.end
    previous.quote = reading.text[previous.start : s.end]
    previous.reasons.append(f"continued: {kind[1]}")
    if previous.date is None:
        date, end_date, date_text, basis, reasons = _date_fields(found, sentence)
        if date:
            previous.date, previous.end_date, previous.date_text = date, end_date, date_text
            previous.date_basis = f"relative to the published date {reading.published}" if basis else None
            previous.reasons += reasons
    validity = validity_years(sentence)
    if validity and previous.date and not previous.end_date:
        previous.end_date = add_years(previous.date, validity[0])
        previous.reasons.append(f"end from validity: {validity[1]}")
    if previous.status == "reported":
        status, reasons = status_of(sentence, reading.language, found, reading.published)
        previous.status = status
        previous.reasons += reasons
    return True


_ANAPHOR = re.compile(
    r"\b(?:the|this|that|these|die|der|das|dem|den|des|diese[rsnm]?|de|het|deze|dit|dat|"
    r"l['’]|le|la|les|cette|cet|ce|ces|du|under the|im Rahmen de[rs]|dans le cadre d[ue]|"
    r"in het kader van)\s*(?:\w+\s+){0,2}$",
    _I,
)
_INDEFINITE = re.compile(
    r"\b(?:a|an|ein\w*|een|un|une|neue[nrs]?|new|nieuwe?|nouvel\w*|weitere[nrs]?|"
    r"another|other)\s+(?:\w+\s+){0,2}$",
    _I,
)
_PARTNER_PREPOSITION = re.compile(r"\b(?:mit|with|met|avec|zwischen|between|tussen|entre)\b", _I)


def _anaphoric(sentence: str, cue_text: str) -> bool:
    """The kind cue refers back to a fact already stated ("the agreement", "dieses MoU", "l'accord")."""
    at = sentence.find(cue_text)
    before = sentence[max(0, at - 40) : at] if at >= 0 else ""
    return bool(_ANAPHOR.search(before)) and not _INDEFINITE.search(before)


def _complete(sentence: str, parties: list[Mention], before: list[_Sentence], host: Mention | None, reasons: list[str]) -> float:
    """Add the parties a sentence names without a name: "beide Kliniken", "die Hochschule", "wir", an
    implicit subject ("Für 2024 plant die Hochschule ein MoU mit dem UKM"). Returns the confidence cost."""
    cost = 0.0
    have = {_identity(p) for p in parties}
    if m := _GROUP.search(sentence):
        count = _COUNT.get(fold(m.group(1).split()[-1]), 2)
        earlier = _earlier(before, set())
        group = earlier[:count] if len(earlier) >= count else []
        added = [g for g in group if _identity(g) not in have]
        if added:
            parties[:0] = added
            have |= {_identity(g) for g in added}
            reasons.append(f"'{m.group()}' → " + ", ".join(g.label or g.name for g in group))
            cost += 0.1
    for pattern, types in _DEFINITE:
        m = pattern.search(sentence)
        if not m:
            continue
        target = host if host is not None and (_type_in(host, types) or not host.iri) else None
        if target is None:
            target = next((x for x in _earlier(before, have) if _type_in(x, types)), None)
        if target is not None and _identity(target) not in have:
            parties.insert(0, target)
            have.add(_identity(target))
            reasons.append(f"'{m.group()}' → {target.label or target.name}")
            cost += 0.1
    if (
        host is not None
        and _identity(host) not in have
        and (_FIRST_PERSON.search(sentence) or len(parties) < 2 and _PARTNER_PREPOSITION.search(sentence))
    ):
        parties.insert(0, host)
        reasons.append(
            f"{'first person' if _FIRST_PERSON.search(sentence) else 'implicit subject'} → "
            f"{host.label or host.name} (the page's institution)"
        )
        cost += 0.15
    return cost


def _agreement(reading, s: _Sentence, sentence: str, found, before: list[_Sentence], host) -> list[Candidate]:
    cue = kind_of(sentence)
    if cue is None:
        return []
    kind, cue_text, strength = cue
    reasons = [f"kind: {cue_text}"]
    parties = _parties(s.mentions, text=reading.text)
    if verb := _FUNDING_VERB.search(sentence):
        funder, _ = _funder(sentence, s, verb)
        if funder is not None:
            parties = [p for p in parties if _identity(p) != _identity(funder)]
            reasons.append(f"{funder.name} funds it: not a party")
    if len(parties) < len(_parties(s.mentions)) and not verb:
        reasons.append("an institution named as the one a unit belongs to is not a party of its own")
    anaphoric = _anaphoric(sentence, cue_text)
    if anaphoric and len(parties) < 2:
        return []  # "Under the agreement, …": more about a fact stated before, not a new one
    if s.excluded:
        reasons.append("not parties (witness/support): " + ", ".join(m.name for m in s.excluded))
    confidence = 0.3 + 0.3 * strength
    if len(parties) < 2 or _GROUP.search(sentence) or _FIRST_PERSON.search(sentence):
        confidence -= _complete(sentence, parties, before, host, reasons)
    if not parties or (len(parties) < 2 and strength < 1.0):
        return []
    if len(parties) < 2:
        reasons.append("only one party found: add the other in review")
        confidence -= 0.3
    status, status_reasons = status_of(sentence, reading.language, found, reading.published)
    if kind == "Collaboration" and status == "reported":
        return []  # "collaboration" without a verb of agreeing or existing is talk, not a fact
    if (hedge := _HOPE.search(sentence)) and status in ("planned", "reported"):
        reasons.append(f"hedged: {hedge.group()}")
        confidence -= 0.3
        if kind == "Collaboration":
            return []
    if status != "reported":
        confidence += 0.15
    dates = _date_fields(found, sentence, status, reading.published)
    if dates[0] or dates[1]:
        confidence += 0.1
    if dates[1] and reading.published and dates[1] < reading.published[: len(dates[1])] and status in ("active", "reported"):
        status, status_reasons = "ended", status_reasons + [f"ended: the end date {dates[1]} is before the page's date"]
    if anaphoric:
        reasons.append(f"refers back: {cue_text}")
    groups = _one_per_partner(sentence, s, cue_text, parties)
    if len(groups) > 1:
        reasons.append(f"'{cue_text}' (plural) with several partners: one agreement with each")
    return [
        _candidate(reading, s, kind, status, [p.party("party") for p in group], confidence, list(reasons + status_reasons), dates)
        for group in groups
    ]


_PLURAL_CUE = re.compile(
    r"(?:vereinbarungen|verträge|abkommen|agreements|overeenkomsten|akkoorden|accords|conventions|"
    r"MoUs|memoranda|verklaringen|protocoles)$",
    _I,
)


def _one_per_partner(sentence: str, s: _Sentence, cue_text: str, parties: list[Mention]) -> list[list[Mention]]:
    """ "Eine Reihe neuer Kooperationsvereinbarungen mit der UCA und dem CHU": agreements in the plural between
    one institution and several partners are one agreement with each partner."""
    if not _PLURAL_CUE.search(cue_text) or len(parties) < 3:
        return [parties]
    prep = _PARTNER_PREPOSITION.search(sentence)
    if prep is None or prep.group().lower() in ("zwischen", "between", "tussen", "entre"):
        return [parties]
    at = s.start + prep.start()
    subject = [p for p in parties if p.start < at]
    partners = [p for p in parties if p.start >= at]
    if len(subject) != 1 or len(partners) < 2:
        return [parties]
    return [[subject[0], partner] for partner in partners]
