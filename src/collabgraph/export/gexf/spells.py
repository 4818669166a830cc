"""Time in the GEXF file: the spells of edges and nodes, and the ties in force over time.

:func:`_edge_flat` and :func:`_node_flat` give an edge's or a node's attributes as the writer
writes them, with ``since`` and GEXF's reserved keys renamed, and :func:`_edge_spell` and
:func:`_node_starts` the spells; :func:`gexf_graph` makes the same as a flattened networkx copy
(for networkx's own writer and for inspection); :func:`ties_in_force` gives the dynamic
``ties_in_force`` attribute's intervals. All follow the rules of the package docstring
(:mod:`collabgraph.export.gexf`, *Spell convention* and *Dynamic attribute*).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Iterable

import networkx as nx

from collabgraph.dates import earliest, latest, parse_partial_date
from collabgraph.errors import BadDate
from collabgraph.export.flatten import flat_copy
from collabgraph.export.gexf.attributes import _flatten

__all__ = ["gexf_graph", "ties_in_force"]


#: Keys networkx's GEXF writer reads as GEXF structure rather than as attribute values.
_NODE_RESERVED = {"id", "pid", "start", "end", "spells", "slices", "viz", "parents"}
_EDGE_RESERVED = {"id", "type", "kind", "start", "end", "spells", "slices", "viz", "ties_in_force"}


@functools.lru_cache(maxsize=65536)
def _checked(value: str) -> str | None:
    try:
        return parse_partial_date(value)
    except BadDate:
        return None


def _date(value: object) -> str | None:
    """A partial date as given, or None when ``value`` is empty or not a date."""
    return _checked(str(value)) if value else None


@functools.lru_cache(maxsize=65536)
def _day_after(day: str) -> str | None:
    try:
        return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()
    except OverflowError:  # 9999-12-31
        return None


def _rename_reserved(data: dict, reserved: set) -> None:
    for key in sorted(reserved & set(data)):
        data[f"{key}_attr"] = data.pop(key)


def _last_day(tie: dict) -> tuple[bool, str | None]:
    """Whether a tie ends, and the last day it holds by :func:`collabgraph.questions.timeline.holds`.

    An end date excludes the tie from its first day on, so it holds to the day before; an ended
    tie without an end date holds to the last day a source confirms it (never, without one).
    """
    end = _date(tie.get("end"))
    if end is not None:
        day = dt.date.fromisoformat(earliest(end)) - dt.timedelta(days=1)
        return True, day.isoformat()
    if tie.get("status") == "ended":
        confirmed = _date(tie.get("confirmed"))
        return True, latest(confirmed) if confirmed else None
    return False, None


def _edge_spell(data: dict) -> tuple[str, str | None] | None:
    start = _date(data.get("start"))
    if start is None:
        return None
    first = earliest(start)
    ends = [_last_day(t) for t in data.get("ties") or ()]
    if not ends or not all(ended for ended, _ in ends):
        return first, None
    return first, max([first] + [day for _, day in ends if day])  # never before its start


def ties_in_force(ties: Iterable[dict] | None) -> list[tuple[int, str, str | None]]:
    """``(count, first day, last day)`` of the dated ties in force, as consecutive intervals.

    A tie counts from the first day of its ``date`` as long as :func:`collabgraph.questions.timeline.holds`
    says it holds: to the day before its ``end``, or, ended without an end date, to the last
    day of ``confirmed``; open otherwise. Ties whose start is (partly) unknown (``undated``) and
    planned or announced ties are left out. Intervals are inclusive and one day apart; the last
    one is open (``None``) unless every tie has ended.

    Examples
    --------
    >>> ties_in_force([{"date": "2019-05"}, {"date": "2021", "end": "2023"}, {"date": None}])
    [(1, '2019-05-01', '2020-12-31'), (2, '2021-01-01', '2022-12-31'), (1, '2023-01-01', None)]
    >>> ties_in_force([{"date": "2019", "end": "2019-07"},
    ...                {"date": "2020-03-01", "status": "ended", "confirmed": "2020"},
    ...                {"date": "2018", "undated": True}, {"date": "2018", "planned": True}])
    [(1, '2019-01-01', '2019-06-30'), (0, '2019-07-01', '2020-02-29'), (1, '2020-03-01', '2020-12-31')]
    """
    change: Counter = Counter()
    for tie in ties or ():
        start = _date(tie.get("date"))
        if start is None or tie.get("undated") or tie.get("planned"):
            continue
        first = earliest(start)
        ended, last = _last_day(tie)
        if ended and (last is None or last < first):
            continue  # never held
        change[first] += 1
        after = _day_after(last) if ended else None
        if after:
            change[after] -= 1
    steps: list[tuple[int, str, str | None]] = []
    count = 0
    for day in sorted(change):
        count += change[day]
        if steps and steps[-1][0] == count:
            continue  # one tie ended the day before another began
        if steps:
            previous = dt.date.fromisoformat(day) - dt.timedelta(days=1)
            steps[-1] = (steps[-1][0], steps[-1][1], previous.isoformat())
        steps.append((count, day, None))
    if steps and steps[-1][0] == 0:
        steps.pop()
    return steps


def _node_starts(g: nx.Graph) -> dict:
    """Node → the earliest start (as given) among its dated edges; undated nodes are left out."""
    first: dict = {}
    for u, v, data in g.edges(data=True):
        start = _date(data.get("start"))
        if start is None:
            continue
        day = earliest(start)
        for n in (u, v):
            if n not in first or day < earliest(first[n]):
                first[n] = start
    return first


def _edge_flat(data: dict) -> tuple[dict, tuple[str, str | None] | None]:
    """An edge's attributes as :func:`gexf_graph` has them (``since``, no ``spells``), and its spell."""
    flat = _flatten(data, edge=True)
    flat.pop("start", None)  # becomes the spell and ``since``
    if not _EDGE_RESERVED.isdisjoint(flat):
        _rename_reserved(flat, _EDGE_RESERVED)
    start = _date(data.get("start"))
    flat.setdefault("undated", start is None)
    if start is None:  # a spell is there exactly when the start is a date
        return flat, None
    flat["since"] = start
    return flat, _edge_spell(data)


def _node_flat(data: dict, start: str | None) -> dict:
    """A node's attributes as :func:`gexf_graph` has them (no ``spells``), its first edge ``start`` given."""
    flat = _flatten(data, edge=False)
    if not _NODE_RESERVED.isdisjoint(flat):
        _rename_reserved(flat, _NODE_RESERVED)
    flat["undated"] = start is None
    if start is not None:
        flat["since"] = start
    return flat


def gexf_graph(g: nx.Graph) -> nx.Graph:
    """A flattened copy of ``g`` carrying spells (see the module docstring); ``g`` is unchanged.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", start="2019-05", undated=False, ties=[{"via": "x", "end": None}])
    >>> g.add_edge("b", "c", start=None, undated=True, ties=[])
    >>> h = gexf_graph(g)
    >>> h.edges["a", "b"]["spells"], h.edges["a", "b"]["since"], h.graph["mode"]
    ([('2019-05-01', None)], '2019-05', 'dynamic')
    >>> "spells" in h.edges["b", "c"], h.nodes["c"]["undated"], h.nodes["b"]["spells"]
    (False, True, [('2019-05-01', None)])
    """
    h = flat_copy(g)
    first: dict = {}
    for u, v, data in g.edges(data=True):
        flat = h.edges[u, v]
        flat.pop("start", None)  # becomes the spell and ``since``
        _rename_reserved(flat, _EDGE_RESERVED)
        spell = _edge_spell(data)
        flat.setdefault("undated", spell is None)
        start = _date(data.get("start"))
        if spell is None or start is None:  # a spell is there exactly when the start is a date
            continue
        flat["since"] = start
        flat["spells"] = [spell]
        for n in (u, v):
            if n not in first or earliest(start) < earliest(first[n]):
                first[n] = start
    for n, flat in h.nodes(data=True):
        _rename_reserved(flat, _NODE_RESERVED)
        flat["undated"] = n not in first
        if n in first:
            flat["since"] = first[n]
            flat["spells"] = [(earliest(first[n]), None)]
    h.graph = {"mode": "dynamic" if first else "static"}
    return h
