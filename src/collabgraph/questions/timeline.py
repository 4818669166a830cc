"""When a tie holds: the one notion of time every command, view and store uses.

A *tie* joins two organisations through an agreement, a collaboration, a grant or a shared
alliance. Its time is a :class:`When`; :func:`holds` decides whether it holds at a date ``D``
(or now, when no date is given). ``partners``, ``members``, the network (``show``, ``metrics``,
``brokers``, ``path``, ``growth``, ``export``) and the Python API all call :func:`holds`, so the
same question gets the same answer everywhere. The rules:

**Start.** An agreement, collaboration or grant starts at its ``cg:startDate``, else at the date
of the news item that reports it (``cg:reportedDate``). A membership starts at its join date;
when several sources state one membership, the earliest join date they state counts. A *shared*
membership (two members of one alliance) starts at the later of the two joins. A start is known
only when every part of it is known; when one join date is known and the other is not, the known
one is still a lower bound: the tie cannot have started before it.

**At a date D** (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; a partial date counts to its last day):

1. a known start after D always excludes the tie (:func:`~collabgraph.dates.started_by`), even
   when another part of its start is unknown;
2. a tie whose start is (partly) unknown is kept and flagged *undated* (``undated=False`` drops
   it);
3. an ended tie drops out from its end date on: ``cg:endDate`` on or before D excludes it; an
   end date after D keeps it;
4. an ended tie whose end date is unknown (``cg:status cgs:ended`` without ``cg:endDate``, e.g.
   a former member inferred from a later list) holds only as far as a source confirms it: at a
   D that begins on or before the latest date a source states it (its start, or the
   ``cg:reportedDate`` of a news item or list that names it), and no later; so never now.
   Commands list it apart, as *former*;
5. **planned** and **announced** ties (a text's plan, or an announced signing) do not hold
   unless ``include_planned`` (then they are kept from their start like any other, flagged
   *planned*).

**Now** (no D): the same rules with D = today; a tie with an end date in the future holds.

The statuses: *planned* (the text says someone intends to), *announced* (a date for signing is
announced), *signed* (the text says it was signed), *active* (in force, no signing reported),
*reported* (mentioned without saying whether signed or in force), *ended* (no longer in force).
Signed, active and reported ties hold from their start.

Hand-written: these are collabgraph's own rules over partial ISO dates; no library models
"a tie holds from a partly known start".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from collabgraph.dates import earliest, latest, started_by

__all__ = [
    "When",
    "holds",
    "held_years",
    "span",
    "record_when",
    "ever_held",
    "shared",
    "combine",
    "is_former",
    "today",
    "PLANNED",
    "ENDED",
]

#: Statuses of ties that have not started: kept out unless planned ties are asked for.
PLANNED = frozenset({"planned", "announced"})
#: The status of a tie that no longer holds.
ENDED = "ended"


@dataclass(frozen=True)
class When:
    """The time of a tie.

    Attributes
    ----------
    start : str or None
        The latest known part of the start (a lower bound when ``start_known`` is False).
    start_known : bool
        Whether every part of the start is known.
    end : str or None
        The end date, where a source gives one.
    status : str or None
        ``planned``, ``announced``, ``signed``, ``active``, ``reported`` or ``ended``.
    confirmed : str or None
        The latest date a source confirms the tie held (a start or a report date): how far an
        ended tie without an end date is known to have held.

    Examples
    --------
    >>> When("2019", True, None, "signed").undated
    False
    """

    start: str | None = None
    start_known: bool = False
    end: str | None = None
    status: str | None = None
    confirmed: str | None = None

    @property
    def undated(self) -> bool:
        """Whether the start is (partly) unknown."""
        return not self.start_known

    @property
    def planned(self) -> bool:
        """Whether the tie is planned or announced, not (yet) in force."""
        return self.status in PLANNED


def is_former(when: When) -> bool:
    """Whether ``when`` ended at a date no source gives (listed apart, never held).

    Examples
    --------
    >>> is_former(When("2004", True, None, "ended")), is_former(When("2004", True, "2019", "ended"))
    (True, False)
    """
    return when.status == ENDED and when.end is None


def today() -> str:
    """Today's date, ``YYYY-MM-DD``: the ``as_of`` of a question asked without one.

    Examples
    --------
    >>> len(today()), today()[4]
    (10, '-')
    """
    return dt.date.today().isoformat()


def holds(
    when: When,
    as_of: str | None = None,
    *,
    include_planned: bool = False,
    undated: bool = True,
    since: str | None = None,
    until: str | None = None,
) -> bool:
    """Whether a tie with time ``when`` holds at ``as_of`` (now when None), by the module's rules.

    Parameters
    ----------
    when : When
        The tie's time.
    as_of : str, optional
        ``YYYY[-MM[-DD]]``; None means today.
    include_planned : bool
        Keep planned and announced ties too.
    undated : bool
        Keep ties whose start is (partly) unknown.
    since, until : str, optional
        Keep only ties whose known start lies in this window (for growth and windows).

    Examples
    --------
    >>> holds(When("2022", False), "2020")            # one join known, later than D
    False
    >>> holds(When("2015", False), "2020")            # one join known, earlier: undated, kept
    True
    >>> holds(When("2015", True, None, "ended"), "2020")  # former, end unknown
    False
    >>> former = When("2004", True, None, "ended", confirmed="2020-08")  # still listed in 2020-08
    >>> holds(former, "2019-03"), holds(former, "2020"), holds(former, "2021"), holds(former)
    (True, True, False, False)
    >>> holds(When("2015", True, "2021", "ended"), "2020"), holds(When("2015", True, "2021"), "2021")
    (True, False)
    >>> holds(When("2019", True, None, "planned"), "2020"), holds(When(None, False), "2020", undated=False)
    (False, False)
    """
    if when.planned and not include_planned:
        return False
    at = as_of if as_of is not None else today()
    if is_former(when) and (when.confirmed is None or earliest(at) > latest(when.confirmed)):
        return False
    if when.start is not None and not started_by(when.start, at):
        return False
    if when.end is not None and earliest(when.end) <= latest(at):
        return False
    if not when.start_known and not undated:
        return False
    if since is not None and (when.start is None or when.start[: len(since)] < since):
        return False
    if until is not None and (when.start is None or not started_by(when.start, until)):
        return False
    return True


def held_years(when: When, first: int, last: int, *, include_planned: bool = False) -> range:
    """The years ``first``..``last`` at whose end a dated tie holds: ``holds(when, str(y),
    undated=False)`` for each ``y`` in the result and no other, computed without a call per year.

    Examples
    --------
    >>> held_years(When("2016-05", True, "2019-02", "ended"), 2010, 2026)
    range(2016, 2019)
    >>> list(held_years(When("2004", True, None, "ended", confirmed="2020-08"), 2018, 2026))
    [2018, 2019, 2020]
    >>> held_years(When(None, False), 2010, 2026)
    range(0, 0)
    """
    held = span(when, include_planned=include_planned)
    if held is None or held[2]:  # never holds, or its start is (partly) unknown
        return range(0)
    lo = first if held[0] is None else max(first, held[0])  # an open start (known to be open) holds from ``first``
    hi = last if held[1] is None else min(last, held[1])
    return range(lo, hi + 1) if lo <= hi else range(0)


def record_when(record: dict) -> When:
    """The time of a tie record (an entry of a network edge's ``ties``).

    A record without ``confirmed`` (one built by hand) counts its known start as confirmed.

    Examples
    --------
    >>> record_when({"date": "2004", "undated": False, "status": "ended"})
    When(start='2004', start_known=True, end=None, status='ended', confirmed='2004')
    """
    start_known = not record["undated"]
    confirmed = record["confirmed"] if "confirmed" in record else (record["date"] if start_known else None)
    return When(record["date"], start_known, record.get("end"), record.get("status"), confirmed)


def span(when: When, *, include_planned: bool = False) -> tuple[int | None, int | None, bool] | None:
    """The years a tie holds, for a year slider: ``(first, last, undated)``, None for never.

    ``first``/``last`` are None where open; ``undated`` marks a tie whose start is (partly)
    unknown (shown with the "undated" toggle). For every year ``y``: ``holds(when, str(y),
    include_planned=…)`` is true exactly when ``first <= y <= last`` (open ends unbounded).

    Examples
    --------
    >>> span(When("2022", start_known=False))   # one join known: not before 2022, undated
    (2022, None, True)
    >>> span(When("2004", True, None, "ended", confirmed="2020-08")), span(When("2019", True, None, "planned"))
    ((2004, 2020, False), None)
    """
    if (when.planned and not include_planned) or (is_former(when) and when.confirmed is None):
        return None
    first = int(when.start[:4]) if when.start is not None else None
    confirmed = [int(when.confirmed[:4])] if is_former(when) and when.confirmed is not None else []
    lasts = ([int(when.end[:4]) - 1] if when.end is not None else []) + confirmed
    last = min(lasts) if lasts else None
    if first is not None and last is not None and last < first:
        return None
    return first, last, when.undated


def ever_held(when: When, *, include_planned: bool = False, undated: bool = True) -> bool:
    """Whether a tie held at some date, ended ones included (growth counts them by start).

    Examples
    --------
    >>> ever_held(When("2004", True, None, "ended")), ever_held(When("2026", True, None, "planned"))
    (True, False)
    """
    if when.planned and not include_planned:
        return False
    return when.start_known or undated


def _status(statuses: list[str | None]) -> str | None:
    """The status of a tie made of parts: ended if any part ended, planned if any is planned."""
    for wanted in (ENDED, "planned", "announced"):
        if wanted in statuses:
            return wanted
    known = [s for s in statuses if s]
    return known[0] if known else None


def shared(a: When, b: When) -> When:
    """The time of a shared membership: from the later of the two joins, until the first end.

    Examples
    --------
    >>> shared(When("2015", True), When("2022", True))
    When(start='2022', start_known=True, end=None, status=None, confirmed=None)
    >>> shared(When("2022", True), When(None, False))
    When(start='2022', start_known=False, end=None, status=None, confirmed=None)
    >>> holds(shared(When("2010", True, None, "ended", "2012"), When("2010", True, "2020", "ended")), "2015")
    False
    """
    starts = [w.start for w in (a, b) if w.start is not None]
    ends = [w.end for w in (a, b) if w.end is not None]
    formers = [w for w in (a, b) if is_former(w)]
    confirmed = [w.confirmed for w in formers if w.confirmed is not None]
    last = None if not formers or len(confirmed) < len(formers) else min(confirmed, key=latest)
    end = min(ends, key=earliest) if ends else None
    # A planned membership never held, whatever the other did; a former one holds only as far as
    # it is confirmed, even beside a membership whose end is known later.
    planned = [s for s in (a.status, b.status) if s in ("planned", "announced")]
    status = planned[0] if planned else _status([a.status, b.status])
    if formers and status == ENDED and (end is None or last is None or latest(last) < earliest(end)):
        end = None  # ended at no known date: holds up to ``last``
    elif formers and planned:
        # planned beside a membership that ended at no known date: it can only hold before the
        # other's last confirmation ("0001": never, when nothing confirms the other at all)
        bound = last if last is not None else "0001"
        end = bound if end is None or earliest(bound) < earliest(end) else end
    return When(
        start=max(starts, key=earliest) if starts else None,
        start_known=a.start_known and b.start_known,
        end=end,
        status=status,
        confirmed=last if formers else None,
    )


def combine(whens: list[When]) -> When:
    """One membership stated by several sources: the earliest stated join, ended if any says so,
    confirmed as late as any source states it.

    Examples
    --------
    >>> combine([When(None, False, None, "active"), When("2015", True, None, "active", "2019-02")])
    When(start='2015', start_known=True, end=None, status='active', confirmed='2019-02')
    >>> combine([When("2004", True, None, "active"), When(None, False, None, "ended")]).status
    'ended'
    """
    starts = [w.start for w in whens if w.start_known and w.start is not None]
    ends = [w.end for w in whens if w.end is not None]
    confirmed = [d for w in whens for d in (w.confirmed, w.start) if d is not None]
    return When(
        start=min(starts, key=earliest) if starts else None,
        start_known=bool(starts),
        end=min(ends, key=earliest) if ends else None,
        status=_status([w.status for w in whens]),
        confirmed=max(confirmed, key=latest) if confirmed else None,
    )
