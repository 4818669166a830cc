"""Memberships and roles: who is a member (coordinator, founder) of an alliance, and who holds a post in an organisation.

:func:`_memberships` proposes one ``Membership`` per member of an alliance that a sentence names
or refers back to ("the network", "het netwerk"); :func:`_posts` proposes a ``Post`` for a
person named with a role beside an organisation ("Prof. Dr. Ute Schwarzkopf, Präsidentin der
FH Münster"), and :func:`org_role` maps the role as the text words it to the ontology's
``org:Role``. The role words are hand-written in German, Dutch, English and French, for the
same reasons as the cues of :mod:`collabgraph.ingest.cues`.
"""

from __future__ import annotations

import re

from collabgraph.ingest.cues import _COORDINATOR, _FOUNDER, _FUTURE, _I, _LEFT, _MEMBER, _PAST_AUX, _THE_ALLIANCE, _WE
from collabgraph.ingest.facts import _COUNT, _GROUP, _candidate, _date_fields, _earlier, _parties, _Sentence
from collabgraph.ingest.model import Candidate, Party
from collabgraph.ingest.name_words import fold
from collabgraph.ingest.places import world_places

__all__ = ["org_role"]


def _memberships(reading, s: _Sentence, sentence: str, found, host, before: list[_Sentence]) -> list[Candidate]:
    alliances = _parties(s.mentions, alliances=True)
    cue = _MEMBER.search(sentence) or _COORDINATOR.search(sentence) or _FOUNDER.search(sentence)
    if not cue:
        return []
    reasons = [f"membership: {cue.group()}"]
    if not alliances and (ref := _THE_ALLIANCE.search(sentence)):
        earlier = [m for b in reversed(before) for m in reversed(b.mentions) if m.alliance]
        if earlier:
            alliances = [earlier[0]]
            reasons.append(f"'{ref.group()}' → {earlier[0].label or earlier[0].name}")
    if not alliances:
        # "X is a member of Universitas 21": what one is a member of is a group, whatever its name says
        after = sentence[cue.end() :]
        lead = re.match(r"\s*(?:of|der|des|van|de|du|in|im|bei|von)?\s*(?:the|het|de|la|l['’]|dem|den)?\s*", after)
        at = s.start + cue.end() + (lead.end() if lead else 0)
        group = next((m for m in s.mentions if m.start == at), None)
        if group is not None and _MEMBER.search(cue.group()):
            group.alliance = True
            alliances = [group]
            reasons.append(f"member of → {group.name} is a group")
    if not alliances:
        return []
    members = _parties(s.mentions)
    if not members and (group_words := _GROUP.search(sentence)):
        count = _COUNT.get(fold(group_words.group(1).split()[-1]), 2)
        earlier = _earlier(before, set())
        if len(earlier) >= count:
            members = earlier[:count]
            reasons.append(f"'{group_words.group()}' → " + ", ".join(m.label or m.name for m in members))
    if not members and host is not None and _WE.search(sentence):
        members = [host]
        reasons.append(f"first person → {host.label or host.name}")
    if not members:
        return []
    role = "Member"
    if coordinator := _COORDINATOR.search(sentence):
        role, reasons = "Coordinator", reasons + [f"role: {coordinator.group()}"]
    elif founder := _FOUNDER.search(sentence):
        role, reasons = "Founder", reasons + [f"role: {founder.group()}"]
    lang = reading.language if reading.language in _FUTURE else "en"
    if m := _LEFT.search(sentence):
        status, reasons = "ended", reasons + [f"left: {m.group()}"]
    elif (f := re.search(_FUTURE[lang], sentence, _I)) and not re.search(_PAST_AUX[lang], sentence, _I):
        status, reasons = "planned", reasons + [f"planned: {f.group()}"]
    else:
        status = "active"
    dates = _date_fields(found, sentence)
    pairs = [(members[0], a) for a in alliances] if len(members) == 1 else [(m, alliances[0]) for m in members]
    out = []
    for member, alliance in pairs:
        confidence = 0.55 + (0.15 if member.iri else 0) + (0.1 if alliance.iri else 0)
        parties = [member.party("member"), alliance.party("alliance", "Alliance")]
        out.append(_candidate(reading, s, "Membership", status, parties, confidence, list(reasons), dates, role))
    return out


_ROLE_WORDS = (
    r"(?:Vize|Pro|Vice-?|vice-|Co-?)?(?:Rektor|Präsident|Dekan|Direktor|Vorstandsvorsitzende|Vorsitzende|"
    r"Geschäftsführer|Leiter|Koordinator|Kanzler|Sprecher)(?:in|r|s)?|Ärztliche[rn]? Direktor(?:in)?|"
    r"(?:Vice[- ])?(?:President|Chancellor|Rector|Dean|Provost)|(?:General |Executive |Managing )?Director"
    r"(?:[- ]General)?|Chair(?:man|woman|person)?|CEO|Head|Secretary[- ]General|Coordinator|"
    r"rector magnificus|rector|voorzitter(?: van de raad van bestuur)?|bestuursvoorzitter|decaan|directeur|"
    r"(?:vice-)?présidente?|doyen(?:ne)?|directrice|(?:vice-)?rect(?:eur|rice)|coordinat(?:eur|rice)|"
    r"Minister(?:in)?|ministre|minister"
)
_HONORIFIC = r"(?:(?:Prof|Dr|Assoc|Associate|Professor|Professorin|Mr|Mrs|Ms|M|Mme|Herr|Frau|dhr|mevr|ir|drs|prof|dr)\.?\s+)"
_PERSON = rf"{_HONORIFIC}*([A-ZÀ-Þ][a-zß-ÿ'’-]+(?:\s+(?:van der|van den|van|de|von|da|di|[A-ZÀ-Þ][a-zß-ÿ'’-]+)){{1,3}})"
_POST_AFTER = re.compile(rf"{_PERSON},\s+({_ROLE_WORDS})\b[^,.;:]{{0,80}}?$")
_POST_BEFORE = re.compile(rf"\b({_ROLE_WORDS})\s+(?:der|des|of the|of|van de|van het|van|de la|de l['’]|du|de)\s*$")
_POST_FOLLOWS = re.compile(rf"^\s*,?\s*{_PERSON}")
_POST_COMPOUND = re.compile(rf"^-({_ROLE_WORDS})\s+{_PERSON}")


def _posts(reading, s: _Sentence, sentence: str) -> list[Candidate]:
    """People in roles: "Prof. Dr. Ute Schwarzkopf, Präsidentin der FH Münster", "die Präsidentin der FH
    Münster, Prof. Dr. Ute Schwarzkopf", "TUM-Vizepräsidentin Prof. Dr. Claudia Roth-Lindner"."""
    out = []
    for m in _parties(s.mentions) + _parties(s.mentions, alliances=True):
        rel_start, rel_end = m.start - s.start, m.end - s.start
        person = role = None
        if hit := _POST_AFTER.search(sentence[:rel_start]):
            person, role = hit.group(1), hit.group(2)
        elif (hit := _POST_BEFORE.search(sentence[:rel_start])) and (who := _POST_FOLLOWS.match(sentence[rel_end:])):
            person, role = who.group(1), hit.group(1)
        elif hit := _POST_COMPOUND.match(sentence[rel_end:]):
            person, role = hit.group(2), hit.group(1)
        if not person or fold(person) in world_places():
            continue
        parties = [Party(name=person, new=True, role="person", type="Person"), m.party("organisation")]
        post = _candidate(reading, s, "Post", "active", parties, 0.6, [f"post: {role}"], role=org_role(role))
        post.role_text = role
        out.append(post)
    return out


_ORG_ROLES = [  # (pattern over the role as written, org:Role local name); first match wins
    (r"minist", "Minister"),
    (r"\brekt|\brector|\brecteur|\brectrice", "Rector"),
    (r"vorsitz|chair|voorzitter", "Chair"),
    (r"koordin|coordin|coördin", "Coordinator"),
    (r"direkt|direct|geschäftsführ|ceo|managing", "Director"),
    (r"^(?:vize|vice|pro|co-)", "StaffMember"),
    (
        r"präsident|president|présiden|dekan|dean|decaan|doyen|leiter|head|kanzler|chancellor|provost|sprecher|"
        r"secretary",
        "Head",
    ),
]


def org_role(written: str | None) -> str | None:
    """The ontology's ``org:Role`` for a role as a text words it; None when none fits.

    Examples
    --------
    >>> org_role("Präsidentin"), org_role("rector magnificus"), org_role("General Director"), org_role("Vizepräsidentin")
    ('Head', 'Rector', 'Director', 'StaffMember')
    """
    if not written:
        return None
    from collabgraph.ingest.vocabulary import post_roles

    known = post_roles().get(written.strip().casefold())
    if known:
        return known
    folded = written.casefold()
    return next((role for pattern, role in _ORG_ROLES if re.search(pattern, folded)), "StaffMember")
