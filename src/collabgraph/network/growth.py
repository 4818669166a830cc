"""How the network grew: per year, what was added and the running totals; undated kept apart."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

__all__ = ["GrowthYear", "Growth", "growth"]


@dataclass(frozen=True)
class GrowthYear:
    """What started in one year, and the totals of dated items by its end."""

    year: int
    institutions_added: int
    ties_added: int
    agreements_added: int
    institutions_total: int
    ties_total: int
    agreements_total: int


@dataclass
class Growth:
    """Year-by-year growth since ``since``, what came before, and what has no date at all."""

    since: int
    years: list[GrowthYear] = field(default_factory=list)
    before: dict[str, int] = field(default_factory=dict)
    undated: dict[str, int] = field(default_factory=dict)


def growth(g: nx.Graph, *, since: int | None = None, until: int | None = None) -> Growth:
    """Count institutions, ties and agreements by the year they started.

    A tie (edge) starts with its earliest dated connection; an institution with its earliest
    dated tie; an agreement (any non-alliance connection) with its own date. Items with no date
    are counted in ``undated``, never placed in a year. Use an uncut graph
    (:func:`~collabgraph.network.project.institution_graph` without ``as_of``).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", start="2019-05", ties=[{"via": "m1", "kind": "mou", "date": "2019-05"}])
    >>> g.add_edge("b", "c", start=None, ties=[{"via": "n1", "kind": "collaboration", "date": None}])
    >>> r = growth(g, since=2018, until=2020)
    >>> [(y.year, y.institutions_added, y.ties_added) for y in r.years]
    [(2018, 0, 0), (2019, 2, 1), (2020, 0, 0)]
    >>> r.undated
    {'institutions': 1, 'ties': 1, 'agreements': 1}
    """
    tie_year = {(a, b): int(d["start"][:4]) for a, b, d in g.edges(data=True) if d.get("start")}
    node_year: dict[str, int] = {}
    for (a, b), y in tie_year.items():
        for n in (a, b):
            node_year[n] = min(y, node_year.get(n, y))
    agreement_year: dict[str, int | None] = {}
    for _, _, d in g.edges(data=True):
        for t in d["ties"]:
            if t["kind"] == "alliance":
                continue
            y = int(t["date"][:4]) if t.get("date") else None
            known = agreement_year.get(t["via"])
            agreement_year[t["via"]] = y if known is None else (known if y is None else min(y, known))
    by_year = {name: Counter(y for y in values if y is not None) for name, values in
               (("institutions", node_year.values()), ("ties", tie_year.values()),
                ("agreements", agreement_year.values()))}
    dated_years = sorted(set().union(*by_year.values()))
    first = since if since is not None else (dated_years[0] if dated_years else 0)
    last = until if until is not None else max(dated_years + [first])
    result = Growth(since=first)
    result.before = {name: sum(n for y, n in c.items() if y < first) for name, c in by_year.items()}
    result.undated = {
        "institutions": sum(1 for n in g if n not in node_year),
        "ties": g.number_of_edges() - len(tie_year),
        "agreements": sum(1 for y in agreement_year.values() if y is None),
    }
    totals = dict(result.before)
    for year in range(first, last + 1):
        added = {name: c.get(year, 0) for name, c in by_year.items()}
        totals = {name: totals[name] + added[name] for name in totals}
        result.years.append(GrowthYear(
            year=year, institutions_added=added["institutions"], ties_added=added["ties"],
            agreements_added=added["agreements"], institutions_total=totals["institutions"],
            ties_total=totals["ties"], agreements_total=totals["agreements"]))
    return result
