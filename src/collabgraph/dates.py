"""Dates as precise as the text: parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` and compare them."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache

from collabgraph.errors import BadDate

__all__ = ["parse_partial_date", "earliest", "latest", "started_by"]

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_partial_date(text: str) -> str:
    """Check a date of year, month or day precision and return it unchanged.

    Examples
    --------
    >>> parse_partial_date("2020-05")
    '2020-05'
    >>> parse_partial_date("2020-13")
    Traceback (most recent call last):
    ...
    collabgraph.errors.BadDate: not a date: '2020-13' (use YYYY, YYYY-MM or YYYY-MM-DD)
    """
    m = _PATTERN.match(text.strip())
    if m:
        year, month, day = (int(g or 0) for g in m.groups())
        try:
            dt.date(year, month or 1, day or 1)
            return text.strip()
        except ValueError:
            pass
    raise BadDate(f"not a date: {text!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")


@lru_cache(maxsize=8192)  # a network compares the same few thousand dates a million times
def earliest(text: str) -> str:
    """The first day a partial date can denote, as ``YYYY-MM-DD``.

    Examples
    --------
    >>> earliest("2023-07"), earliest("2019")
    ('2023-07-01', '2019-01-01')
    """
    parts = text.split("-") + ["01", "01"]
    return "-".join(parts[:3])


@lru_cache(maxsize=8192)
def latest(text: str) -> str:
    """The last day a partial date can denote, as ``YYYY-MM-DD``.

    Examples
    --------
    >>> latest("2024-02"), latest("2020")
    ('2024-02-29', '2020-12-31')
    """
    parts = text.split("-")
    year = int(parts[0])
    month = int(parts[1]) if len(parts) > 1 else 12
    day = int(parts[2]) if len(parts) > 2 else calendar.monthrange(year, month)[1]
    return f"{year:04d}-{month:02d}-{day:02d}"


def started_by(start: str, as_of: str) -> bool:
    """Whether something that started at ``start`` had certainly started by ``as_of``.

    Both are partial dates; a month or year counts from its first day, and ``as_of`` to its last.

    Examples
    --------
    >>> started_by("2023-07", "2023"), started_by("2024", "2023-12-31")
    (True, False)
    """
    return earliest(start) <= latest(as_of)
