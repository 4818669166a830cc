"""Dates in running text, at the precision the text gives, and relative dates anchored to a page's date.

Month and weekday names come from Babel's locale data (de, nl, en, fr); the patterns that find
a date's extent and precision are hand-written because the libraries measured do not give
either: ``dateparser.search.search_dates`` returns no spans' precision and takes verbs ("May",
"mars") for months, and ``dateparser`` returns nothing for weekday-relative forms in German,
Dutch and French ("am vergangenen Dienstag", "afgelopen dinsdag", "mardi dernier").

A relative date ("gestern", "vorig jaar", "the previous month") is resolved against the page's
publication date only; without one it stays unresolved (``value`` None) and the fact keeps the
words (``cg:dateText``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["FoundDate", "find_dates", "validity_years", "add_years"]

_LANGS = ("de", "nl", "en", "fr")


@dataclass(frozen=True)
class FoundDate:
    """A date expression found in a text: its span, value, precision and whether it was relative.

    ``value`` is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (None when a relative expression has no
    anchor); ``end_value`` is set for ranges ("2019–2023"); ``after`` marks "since"/"from"
    openings and ``until`` "until"/"bis" closings.
    """

    start: int
    end: int
    text: str
    value: str | None
    precision: str
    relative: bool = False
    end_value: str | None = None
    role: str = "point"


@lru_cache(maxsize=1)
def _names():
    from babel.dates import get_day_names, get_month_names

    months: dict[str, int] = {}
    days: dict[str, int] = {}
    for lang in _LANGS:
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=lang).items():
                name = name.rstrip(".").lower()
                if len(name) >= 3:
                    months[name] = number
        for number, name in get_day_names("wide", locale=lang).items():
            days[name.lower()] = number  # 0 = Monday
    months.pop("mar", None)  # Dutch/English "mar" is too often a word; "März", "March", "mars" stay
    months["sept"] = 9
    return months, days


def _alternatives(words) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_NUMBER_WORDS = {
    "ein": 1,
    "eins": 1,
    "einem": 1,
    "einen": 1,
    "one": 1,
    "a": 1,
    "een": 1,
    "un": 1,
    "une": 1,
    "zwei": 2,
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
    "fünf": 5,
    "five": 5,
    "vijf": 5,
    "cinq": 5,
    "sechs": 6,
    "six": 6,
    "zes": 6,
    "sieben": 7,
    "seven": 7,
    "zeven": 7,
    "sept": 7,
    "acht": 8,
    "eight": 8,
    "huit": 8,
    "neun": 9,
    "nine": 9,
    "negen": 9,
    "neuf": 9,
    "zehn": 10,
    "ten": 10,
    "tien": 10,
    "dix": 10,
}

_PAST = r"(?:vergangenen|letzten|vorigen|vergangener|letzter|last|this past|past|afgelopen|vorige|jongstleden)"
_RELATIVE_SIMPLE = [
    # (pattern, unit, offset)
    (r"\b(?:vorgestern|eergisteren|the day before yesterday|avant-hier)\b", "day", -2),
    (r"\b(?:gestern|yesterday|gisteren)\b", "day", -1),
    (r"\b(?:heute|today|vandaag|aujourd'hui|aujourd’hui)\b", "day", 0),
    (r"\b(?:morgen|tomorrow|demain)\b", "day", 1),
    (
        r"\b(?:(?:im |in )?(?:letzten|vergangenen|vorigen) Monat|(?:the |last )?(?:previous|past|last) month|"
        r"(?:vorige|afgelopen) maand|le mois (?:dernier|passé|précédent))\b",
        "month",
        -1,
    ),
    (r"\b(?:(?:in )?diesem Monat|this month|deze maand|ce mois-ci)\b", "month", 0),
    (r"\b(?:(?:im )?nächsten Monat|next month|volgende maand|le mois prochain)\b", "month", 1),
    (
        r"\b(?:(?:im )?(?:letzten|vergangenen|vorigen) Jahr(?:es)?|letztes Jahr|vergangenes Jahr|"
        r"(?:the |last )?(?:previous|past|last) year|(?:vorig|afgelopen|verleden|vorige) jaar|"
        r"l['’]année (?:dernière|passée|précédente)|l['’]an dernier)\b",
        "year",
        -1,
    ),
    (r"\b(?:(?:in )?diesem Jahr|dieses Jahr|this year|dit jaar|cette année)\b", "year", 0),
    (
        r"\b(?:(?:im )?(?:nächsten|kommenden) Jahr|nächstes Jahr|kommendes Jahr|next year|(?:the )?coming year|"
        r"volgend jaar|komend jaar|l['’]année prochaine|l['’]an prochain)\b",
        "year",
        1,
    ),
]


@lru_cache(maxsize=1)
def _patterns():
    months, days = _names()
    month = _alternatives(months)
    day = _alternatives(days)
    year = r"(1[89]\d\d|20\d\d)"
    return {
        "iso": re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"),
        "dmy": re.compile(rf"\b(\d{{1,2}})(?:\.|er|st|nd|rd|th)?\s+(?:de\s+)?({month})\.?\s+{year}\b", re.I),
        "mdy": re.compile(rf"\b({month})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+{year}\b", re.I),
        "dm": re.compile(rf"\b(\d{{1,2}})(?:\.|er|st|nd|rd|th)?\s+(?:de\s+)?({month})\b(?!\.?\s+\d)", re.I),
        "md": re.compile(rf"\b({month})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s+\d{{4}})(?!\d)", re.I),
        "numeric": re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b"),
        "my": re.compile(rf"\b({month})\.?\s+(?:de\s+|of\s+)?{year}\b", re.I),
        "range": re.compile(rf"\b{year}\s*(?:[-–—/]|\bbis\b|\btot\b|\bto\b|\buntil\b|\bà\b|\bau\b)\s*{year}\b"),
        "year": re.compile(rf"\b{year}\b"),
        "month_only": re.compile(rf"\b(?:im|in|en|au mois de|op)\s+({month})\b", re.I),
        "weekday": re.compile(
            rf"\b(?:(?:am|on)\s+)?{_PAST}\s+({day})\b|\b({day})\s+(?:dernier|passé)\b|"
            rf"\b(?:am|on|op)\s+({day})\b",
            re.I,
        ),
        "relative": [(re.compile(p, re.I), unit, offset) for p, unit, offset in _RELATIVE_SIMPLE],
        "since": re.compile(
            r"(?:\bseit\b|\bsince\b|\bsinds\b|\bdepuis\b|\bab\b|\bvanaf\b|\bfrom\b|\bà partir de\b)\s*"
            r"(?:dem |de |le |the )?$",
            re.I,
        ),
        "until": re.compile(
            r"(?:\bbis\b|\buntil\b|\btot(?: en met)?\b|\bjusqu['’]au?\b|\bthrough\b|\bup to\b|"
            r"\bended\b|\bexpired\b|\bexpires\b|\bendete\b|\bendet\b|\beindigde\b|\bliep af\b|"
            r"\bpris fin\b|\bprend fin\b|\bexpir\w+\b|\bläuft\b|\bloopt\b|\bvalid until\b|"
            r"\bgültig bis\b|\bgeldig tot\b)\s*(?:zum |am |on |op |le |in |im |en |einschließlich |"
            r"and including )?$",
            re.I,
        ),
    }


def _valid(year: int, month: int, day: int | None = None) -> bool:
    try:
        dt.date(year, month, day or 1)
        return True
    except ValueError:
        return False


def _shift_month(date: dt.date, months: int) -> tuple[int, int]:
    index = date.year * 12 + date.month - 1 + months
    return index // 12, index % 12 + 1


def add_years(value: str, years: int) -> str:
    """A partial date ``years`` later, at the same precision (29 February becomes 28 February).

    Examples
    --------
    >>> add_years("2025-03", 3), add_years("2024-02-29", 1), add_years("2019", 4)
    ('2028-03', '2025-02-28', '2023')
    """
    parts = value.split("-")
    year = int(parts[0]) + years
    if len(parts) == 1:
        return f"{year:04d}"
    if len(parts) == 2:
        return f"{year:04d}-{parts[1]}"
    month, day = int(parts[1]), int(parts[2])
    while not _valid(year, month, day):
        day -= 1
    return f"{year:04d}-{month:02d}-{day:02d}"


def _anchor(published: str | None) -> dt.date | None:
    if not published or len(published) < 10:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


def find_dates(text: str, language: str | None, published: str | None) -> list[FoundDate]:
    """Every date expression in ``text``, in text order, without overlaps (the most precise wins).

    Parameters
    ----------
    text : str
        A sentence or a page.
    language : str or None
        Its language; French "hier" (yesterday) is read only in French text.
    published : str or None
        ``YYYY-MM-DD`` that relative expressions are resolved against.

    Examples
    --------
    >>> [(d.text, d.value) for d in find_dates("Seit Juli 2023 und am 12. März 2025.", "de", None)]
    [('Juli 2023', '2023-07'), ('12. März 2025', '2025-03-12')]
    >>> [(d.value, d.precision, d.relative) for d in find_dates("vorig jaar getekend", "nl", "2025-03-14")]
    [('2024', 'year', True)]
    >>> [d.value for d in find_dates("signed last Tuesday", "en", "2025-03-14")]
    ['2025-03-11']
    >>> [(d.value, d.end_value) for d in find_dates("für die Jahre 2019–2023", "de", None)]
    [('2019', '2023')]
    >>> [(d.text, d.value) for d in find_dates("Op 8 mei ondertekenen zij", "nl", "2019-05-02")]
    [('8 mei', '2019-05-08')]
    """
    months, days = _names()
    pats = _patterns()
    anchor = _anchor(published)
    found: list[FoundDate] = []

    def add(m, value, precision, relative=False, end_value=None, group=0):
        start, end = m.span(group)
        found.append(FoundDate(start, end, text[start:end], value, precision, relative, end_value))

    for m in pats["iso"].finditer(text):
        y, mo, d = (int(g) for g in m.groups())
        if _valid(y, mo, d):
            add(m, f"{y:04d}-{mo:02d}-{d:02d}", "day")
    for m in pats["dmy"].finditer(text):
        d, name, y = int(m.group(1)), m.group(2).lower().rstrip("."), int(m.group(3))
        mo = months.get(name)
        if mo and _valid(y, mo, d):
            add(m, f"{y:04d}-{mo:02d}-{d:02d}", "day")
    for m in pats["mdy"].finditer(text):
        name, d, y = m.group(1).lower().rstrip("."), int(m.group(2)), int(m.group(3))
        mo = months.get(name)
        if mo and _valid(y, mo, d):
            add(m, f"{y:04d}-{mo:02d}-{d:02d}", "day")
    for key, day_first in (("dm", True), ("md", False)):
        for m in pats[key].finditer(text):
            d, name = (m.group(1), m.group(2)) if day_first else (m.group(2), m.group(1))
            mo = months.get(name.lower().rstrip("."))
            if mo and anchor and _valid(anchor.year, mo, int(d)):
                add(m, f"{anchor.year:04d}-{mo:02d}-{int(d):02d}", "day", relative=True)
            elif mo and 1 <= int(d) <= 31:
                add(m, None, "day", relative=True)
    for m in pats["numeric"].finditer(text):
        d, mo, y = (int(g) for g in m.groups())
        if _valid(y, mo, d) and 1800 < y < 2100:
            add(m, f"{y:04d}-{mo:02d}-{d:02d}", "day")
    for m in pats["my"].finditer(text):
        mo = months.get(m.group(1).lower().rstrip("."))
        if mo:
            add(m, f"{int(m.group(2)):04d}-{mo:02d}", "month")
    for m in pats["range"].finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        if a <= b:
            add(m, f"{a:04d}", "year", end_value=f"{b:04d}")
    for m in pats["year"].finditer(text):
        add(m, m.group(1), "year")
    for m in pats["month_only"].finditer(text):
        mo = months.get(m.group(1).lower().rstrip("."))
        if mo:
            value = f"{anchor.year:04d}-{mo:02d}" if anchor else None
            add(m, value, "month", relative=True, group=0)
    for m in pats["weekday"].finditer(text):
        name = next(g for g in m.groups() if g)
        weekday = days.get(name.lower())
        if weekday is None:
            continue
        value = None
        if anchor:
            back = (anchor.weekday() - weekday) % 7 or 7
            value = (anchor - dt.timedelta(days=back)).isoformat()
        add(m, value, "day", relative=True)
    for pattern, unit, offset in pats["relative"]:
        for m in pattern.finditer(text):
            value = None
            if anchor:
                if unit == "day":
                    value = (anchor + dt.timedelta(days=offset)).isoformat()
                elif unit == "month":
                    y, mo = _shift_month(anchor, offset)
                    value = f"{y:04d}-{mo:02d}"
                else:
                    value = f"{anchor.year + offset:04d}"
            add(m, value, unit, relative=True)
    if language == "fr":
        for m in re.finditer(r"\bhier\b", text, re.I):
            value = (anchor - dt.timedelta(days=1)).isoformat() if anchor else None
            add(m, value, "day", relative=True)
    return _roles(text, _without_overlaps(found), pats)


_RANK = {"day": 3, "month": 2, "year": 1}


def _without_overlaps(found: list[FoundDate]) -> list[FoundDate]:
    # Longest first, then most precise: "12. März 2025" beats "2025", a range beats its years.
    kept: list[FoundDate] = []
    for f in sorted(found, key=lambda f: (-(f.end - f.start), -_RANK[f.precision], f.start)):
        if all(f.end <= k.start or f.start >= k.end for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f.start)


def _roles(text: str, found: list[FoundDate], pats) -> list[FoundDate]:
    out = []
    for f in found:
        before = text[max(0, f.start - 20) : f.start]
        role = "since" if pats["since"].search(before) else "until" if pats["until"].search(before) else "point"
        out.append(FoundDate(f.start, f.end, f.text, f.value, f.precision, f.relative, f.end_value, role))
    return out


_VALIDITY = re.compile(
    r"\b(?:für|auf|over|for|voor|pour|sur|d['’]une durée de|pour une durée de|für die Dauer von|for a (?:period|term) of|"
    r"voor (?:een periode|de duur) van|looptijd van|Laufzeit von)\s+(?:die\s+|the\s+|de\s+|les\s+)?"
    r"(\d{1,2}|[a-zäöüé]+)\s+(Jahre?n?|years?|jaar|ans?|années)\b",
    re.I,
)


def validity_years(text: str) -> tuple[int, str] | None:
    """A validity period stated in years ("für drei Jahre", "for a period of five years"): (years, words).

    Examples
    --------
    >>> validity_years("Die Vereinbarung gilt zunächst für drei Jahre.")
    (3, 'für drei Jahre')
    >>> validity_years("pour une durée de cinq ans")
    (5, 'pour une durée de cinq ans')
    >>> validity_years("seit drei Jahren") is None
    True
    """
    m = _VALIDITY.search(text)
    if not m:
        return None
    count = m.group(1).lower()
    years = int(count) if count.isdigit() else _NUMBER_WORDS.get(count)
    if not years:
        return None
    return years, m.group(0)
