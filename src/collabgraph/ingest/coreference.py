"""Coreference within a page: every organisation it names, its short forms and repeats bound to the long form.

:func:`find_mentions` runs the :class:`~collabgraph.ingest.gazetteer.Gazetteer`, then the name
forms (:func:`~collabgraph.ingest.name_forms.institution_names`), and reconciles each new
name. A page's own short forms are bound to the long form they stand for: an acronym in
brackets after a name ("Technische Universität München (TUM)") and the name's later mentions.
An alliance named after its kind ("die Hochschulallianz U!REKA") is the name, not the kind
word; names coordinated with a recognised organisation ("zwischen dem UKM, der Universität
Münster und …") are organisations too. People, cities, regions and programmes have no
institution form and are not in the gazetteer, so they are never found; witnesses are dropped
by :mod:`collabgraph.ingest.proposals`.
"""

from __future__ import annotations

import re

from collabgraph.ingest.gazetteer import Gazetteer
from collabgraph.ingest.name_forms import Mention, _is_head, institution_names
from collabgraph.ingest.name_words import _GENERIC, _NOT_NAME, fold
from collabgraph.ingest.places import world_places

__all__ = ["find_mentions"]

_BRACKET = re.compile(r"^\s*\(\s*([A-Z][\w&\-.]{1,11}(?: [\w&\-.']{1,14}){0,3})\s*\)")


def _short_form_of(short: str, long: str) -> bool:
    """Whether "(UKM)", "(VinUni)" or "(CHU de Lille)" can stand for the name before it ("(Indonesien)" cannot)."""
    if fold(short) in world_places() or short.isdigit():
        return False
    capitals = sum(ch.isupper() for ch in short)
    return capitals >= 2 or set(fold(short).split()) <= set(fold(long).split())


def find_mentions(
    text: str, gazetteer: Gazetteer, *, language: str | None = None, places: set[str] | None = None
) -> list[Mention]:
    """Every organisation named in a page, known or new, with acronyms and repeats bound within the page.

    A new name is reconciled with :meth:`Gazetteer.match`; one that is a place name is dropped.

    Examples
    --------
    >>> g = Gazetteer()
    >>> t = "Die Technische Universität München (TUM) und die TUM School of Medicine."
    >>> [(m.name, m.label or m.name) for m in find_mentions(t, g, language="de")][:2]
    [('Technische Universität München', 'Technische Universität München'), ('TUM', 'Technische Universität München')]
    """
    places = places if places is not None else gazetteer.places
    known = gazetteer.find(text)
    new = institution_names(text, language=language, taken=[(m.start, m.end) for m in known])
    mentions = sorted(known + new, key=lambda m: m.start)
    bound: dict[str, Mention] = {}
    out: list[Mention] = []
    for m in mentions:
        if any(a.start <= m.start and m.end <= a.end for a in out):
            continue
        if m.source == "form":
            if fold(m.name) in places or fold(m.name) in world_places():
                continue
            party = gazetteer.match(m.name)
            if not party.new:
                m.iri, m.label, m.score = party.iri, party.label, party.score or 0.0
                m.alliance = m.alliance or party.iri in gazetteer.alliances
            else:
                m.score = party.score or 0.0
                m.candidates = [c] if (c := gazetteer.closest(m.name)) else []
        out.append(m)
        after = _BRACKET.match(text[m.end :])
        if after and _short_form_of(after.group(1), m.name):
            bound.setdefault(after.group(1), m)
    # Bound acronyms: the brackets themselves and every later bare use.
    if bound:
        pattern = re.compile(r"\b(" + "|".join(re.escape(a) for a in sorted(bound, key=len, reverse=True)) + r")\b")
        for hit in pattern.finditer(text):
            long_form = bound[hit.group(1)]
            inside = [x for x in out if x.start <= hit.start() < x.end]
            if long_form in inside or any(x.source != "form" for x in inside):
                continue
            out = [x for x in out if x not in inside]  # a form name inside the brackets is the short form
            out.append(
                Mention(
                    hit.start(),
                    hit.end(),
                    hit.group(1),
                    long_form.iri,
                    long_form.label or long_form.name,
                    long_form.score,
                    long_form.alliance,
                    "acronym",
                )
            )
    out = _named_alliances(text, out, gazetteer)
    out += _coordinated(text, sorted(out, key=lambda m: m.start), gazetteer, language)
    return sorted(out, key=lambda m: m.start)


_ALLIANCE_NAMED = re.compile(
    r"(?<![A-ZÄÖÜ][\w-]\s)(?<![A-ZÄÖÜ][\w-]{2}\s)(?<![A-ZÄÖÜ][\w-]{3}\s)"
    r"\b\w*(?:[Aa]llian(?:z|ce|tie)|[Nn]etzwerk\w*|[Nn]etwork|[Nn]etwerk|[Rr]éseau|[Cc]onsortium|[Kk]onsortium)\s+"
    r"(?:(?:européenne|européen|europäische[n]?|europese|European|internationale?|international|universitaire|"
    r"universitaires)\s+)*"
    r"((?:[A-Z][\w!&+-]*(?:\s+(?=[A-Z])|(?=[\s,.;:)(]|$)))+)"
)


def _named_alliances(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """An alliance named after its kind ("die Hochschulallianz U!REKA", "l'alliance européenne EUHA"):
    the name, not the kind word, is the alliance."""
    out = list(mentions)
    for hit in _ALLIANCE_NAMED.finditer(text):
        start, end = hit.span(1)
        name = text[start:end].rstrip()
        end = start + len(name)
        if fold(name) in world_places() or set(fold(name).split()) <= _GENERIC:
            continue
        if any(m.source != "form" and m.start <= start < m.end for m in out):
            continue
        out = [m for m in out if not (m.start < end and start < m.end)]
        party = gazetteer.match(name)
        out.append(Mention(start, end, name, party.iri, party.label, party.score or 0.0, True, "alliance"))
    return sorted(out, key=lambda m: m.start)


_LIST_GLUE = r"(?:,|;|\bund\b|\band\b|\ben\b|\bet\b|&|\bsowie\b|\bas well as\b|\bainsi que\b|\balsook\b)"
_ITEM_ARTICLE = r"(?:(?:dem|der|den|die|das|des|the|de|het|le|la|les|du|l['’])\s*)?"
_NAME_WORD = r"[A-ZÄÖÜÀ-Þ][\w'’&.-]*"
_ITEM = rf"{_NAME_WORD}(?:[ -](?:{_NAME_WORD}|of|de|van|von|für|for|du|des|la|di)(?=[ -]{_NAME_WORD}|\b))*(?: {_NAME_WORD})*"
_AFTER = re.compile(rf"^\s*{_LIST_GLUE}\s*{_ITEM_ARTICLE}({_ITEM})")
_BEFORE = re.compile(rf"(?:^|[\s(:])({_ITEM})\s*{_LIST_GLUE}\s*{_ITEM_ARTICLE}$")
_TITLES = re.compile(
    r"(?:\b(?:Prof|Dr|Herr|Frau|Mr|Mrs|Ms|Mme|M|dhr|mevr|Professeure?|Docteur|Madame|Monsieur|Mevrouw|"
    r"Meneer)|\w*(?:minister\w*|meister\w*|rektor\w*|präsident\w*|president|dean|dekan\w*|"
    r"burgemeester|ambassad\w*|botschafter\w*|maire|préfet|gouverneur|governor|mayor|chancellor|"
    r"direct\w*|direkt\w*|voorzitter|secretary))\.?\s*$",
    re.I,
)


def _list_item_ok(name: str, language: str | None, before: str) -> bool:
    words = name.split()
    folded = fold(name)
    if folded in world_places() or set(folded.replace("-", " ").split()) <= _GENERIC | _NOT_NAME:
        return False
    if _TITLES.search(before) or _TITLES.search(words[0]) or _TITLES.search(words[0] + "."):
        return False  # "Prof. Anna Weber und die Universität Ulm"
    if len(words) == 1:
        word = words[0]
        acronym = sum(ch.isupper() for ch in word) >= 2 or any(ch.isdigit() for ch in word)
        return acronym or language not in (None, "de") and len(word) > 2
    if len(words) == 2 and all(w[:1].isupper() and w[1:].islower() for w in words) and not any(_is_head(fold(w)) for w in words):
        return False  # "Markus Lewe": two plain capitalised words are a person's name far more often than not
    return True


def _coordinated(text: str, mentions: list[Mention], gazetteer: Gazetteer, language: str | None) -> list[Mention]:
    """Names coordinated with a recognised organisation ("zwischen dem UKM, der Universität Münster, dem
    Medisch Spectrum Twente und …", "De UM en UNU …") are organisations too, even without an
    institution's form. German nouns are capitalised, so there a single word must be an acronym."""
    known = list(mentions)
    added: list[Mention] = []
    frontier = list(mentions)
    while frontier:
        grown = []
        for m in frontier:
            line_end = text.find("\n", m.end)
            right = text[m.end : line_end if line_end >= 0 else len(text)]
            if a := _AFTER.match(right):
                grown.append((m.end + a.start(1), m.end + a.end(1)))
            line_start = text.rfind("\n", 0, m.start) + 1
            left = text[line_start : m.start]
            if b := _BEFORE.search(left):
                grown.append((line_start + b.start(1), line_start + b.end(1)))
        frontier = []
        for start, end in grown:
            name = text[start:end].rstrip(".")
            end = start + len(name)
            if any(k.start < end and start < k.end for k in known) or not _list_item_ok(
                name, language, text[max(0, start - 30) : start]
            ):
                continue
            party = gazetteer.match(name)
            m = Mention(
                start,
                end,
                name,
                party.iri,
                party.label,
                party.score or 0.0,
                bool(party.iri and party.iri in gazetteer.alliances),
                "list",
            )
            known.append(m)
            added.append(m)
            frontier.append(m)
    return added
