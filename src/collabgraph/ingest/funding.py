"""Funding: who funds whom, from a funding verb or a grant noun ("gefördert von", "funded by", "ZonMw finances …").

:func:`_funder` finds the funder: the organisation after "by/von/door/par" (a passive, or a
grant noun), else the one right before an active verb. :func:`_funding` proposes a ``Grant``
from it to the other organisations of the sentence, or, when none is named, to the page's own
institution.
"""

from __future__ import annotations

import re

from collabgraph.ingest.cues import _I
from collabgraph.ingest.facts import _candidate, _date_fields, _identity, _parties, _Sentence
from collabgraph.ingest.model import Candidate
from collabgraph.ingest.name_forms import Mention
from collabgraph.ingest.when import find_dates

_FUNDING_VERB = re.compile(
    r"\b(?:gefördert|fördert|fördern|finanziert|finanzieren|unterstützt|funded|funds|fund|"
    r"financed|finances|sponsored|sponsors|supported|supports|gefinancierd|financiert|financieren|"
    r"gesubsidieerd|subsidieert|gesponsord|financée?s?|finance|financent|subventionnée?s?|"
    r"subventionne|cofinancée?s?|soutenue?s?|soutient)\b",
    _I,
)
_BY = re.compile(r"\b(?:von|vom|durch|by|door|par|with (?:a )?(?:grant|funding) from|mit Mitteln (?:der|des|von))\s*$", _I)
_GRANT_NOUN = re.compile(
    r"\b(?:Förderung|Fördermittel\w*|funding|grant|financiering|subsidie|financement|subvention)\s+"
    r"(?:\w+\s+){0,2}?(?:von|vom|der|des|from|of|van|door|de|du)\s*$",
    _I,
)


def _funder(sentence: str, s: _Sentence, verb) -> tuple[Mention | None, str]:
    """Who funds: the organisation after "by/von/door/par" (passive, or a grant noun), else the one
    right before an active verb ("ZonMw finances …")."""
    orgs = _parties(s.mentions) + _parties(s.mentions, alliances=True)
    for m in sorted(orgs, key=lambda m: m.start):
        before = sentence[: m.start - s.start]
        lead = re.sub(r"\s*(?:(?:der|die|das|dem|den|the|de|het|la|le|les|l['’]|du|des)\s+)+$", " ", before)
        if _BY.search(lead.rstrip() + " ") or _BY.search(lead) or _GRANT_NOUN.search(lead):
            return m, "by"
    active = [m for m in orgs if m.end - s.start <= verb.start() and not sentence[m.end - s.start : verb.start()].strip()]
    if active and verb.group().lower() not in (
        "gefördert",
        "funded",
        "financed",
        "sponsored",
        "supported",
        "gefinancierd",
        "gesubsidieerd",
        "gesponsord",
    ):
        return active[-1], "active"
    return None, ""


def _funding(reading, s: _Sentence, sentence: str, host) -> list[Candidate]:
    verb = _FUNDING_VERB.search(sentence) or _GRANT_NOUN.search(sentence)
    if not verb:
        return []
    funder, how = _funder(sentence, s, verb)
    if funder is None:
        return []
    orgs = [m for m in _parties(s.mentions) if _identity(m) != _identity(funder)]
    reasons = [f"funding: {verb.group().strip()} ({'funder after by/von/door/par' if how == 'by' else 'active verb'})"]
    recipients = orgs
    if not recipients and host is not None and _identity(host) != _identity(funder):
        recipients = [host]
        reasons.append(f"recipient not named: the page's institution, {host.label or host.name}")
    if not recipients:
        return []
    parties = [funder.party("funder", "Funder")] + [r.party("recipient") for r in recipients]
    return [
        _candidate(
            reading,
            s,
            "Grant",
            "reported",
            parties,
            0.6 if recipients is orgs else 0.45,
            reasons,
            _date_fields(find_dates(sentence, reading.language, reading.published), sentence),
        )
    ]
