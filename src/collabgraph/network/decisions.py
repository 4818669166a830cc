"""Decision aids for an international-relations office: alliance overlap, partner suggestions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx
from rdflib import Dataset

from collabgraph.questions.lookup import names
from collabgraph.questions.members import members as alliance_members
from collabgraph.sparql.query import run_named

__all__ = ["AllianceOverlap", "alliance_overlap", "Suggestion", "suggest_partners"]


@dataclass
class AllianceOverlap:
    """Alliances (by label), their sizes, and how many members each pair shares."""

    alliances: list[str]
    sizes: dict[str, int]
    shared: dict[tuple[str, str], int] = field(default_factory=dict)
    members: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def matrix(self) -> list[list[int]]:
        """Square matrix in ``alliances`` order: diagonal = size, off-diagonal = shared members."""
        return [[self.sizes[a] if a == b else self.shared.get((a, b), 0) for b in self.alliances] for a in self.alliances]


def alliance_overlap(ds: Dataset, *, as_of: str | None = None) -> AllianceOverlap:
    """Which alliances share members, and how many (every source in ``ds``).

    Members are those :func:`collabgraph.questions.members.members` lists at ``as_of`` (today when None):
    each institution once, units rolled up, former members and place names left out.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> o = alliance_overlap(load())
    >>> o.shared[("Young European Research Universities Network",
    ...           "Young Universities for the Future of Europe")] >= 5
    True
    """
    index = names(ds)
    members: dict[str, set] = defaultdict(set)
    for alliance in sorted({row["alliance"] for row in run_named(ds, "alliance_members")}):
        if alliance in index.aliases:
            continue  # a merged alias: its canonical alliance is listed
        members[index.label(alliance)] |= {m.iri for m in alliance_members(ds, alliance, as_of=as_of, index=index)}
    labels = sorted(a for a in members if members[a])
    result = AllianceOverlap(labels, {a: len(members[a]) for a in labels})
    for a in labels:
        for b in labels:
            common = members[a] & members[b]
            if a != b and common:
                result.shared[(a, b)] = len(common)
                result.members[(a, b)] = sorted(index.label(m) for m in common)
    return result


@dataclass(frozen=True)
class Suggestion:
    """A partner of partners not yet linked, with the intermediaries and ties that support it."""

    iri: str
    label: str
    score: float
    common: int
    paths: tuple[tuple[str, str, str], ...]  # (intermediary label, tie to it, tie from it)


def suggest_partners(g: nx.Graph, node: str, *, limit: int = 10, kinds: set[str] | None = None) -> list[Suggestion]:
    """Partners of ``node``'s partners that ``node`` has no tie with, best supported first.

    The score is the Adamic–Adar index (shared partners, rarer ones counting more). Each
    suggestion lists the paths ``node`` – intermediary – candidate with the ties behind each hop.
    ``kinds`` limits which ties count (e.g. ``{"mou", "strategic_partnership"}``).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", ties=[{"kind": "mou", "label": "MoU ab"}])
    >>> g.add_edge("b", "c", ties=[{"kind": "mou", "label": "MoU bc"}])
    >>> [(s.iri, s.paths) for s in suggest_partners(g, "a")]
    [('c', (('b', 'MoU ab', 'MoU bc'),))]
    """
    if kinds:
        keep = [(u, v) for u, v, d in g.edges(data=True) if any(t["kind"] in kinds for t in d["ties"])]
        g = g.edge_subgraph(keep)
    if node not in g:
        return []
    label = lambda n: g.nodes[n].get("label", n)  # noqa: E731
    first_tie = lambda u, v: g.edges[u, v]["ties"][0].get("label", "")  # noqa: E731
    candidates = {c for p in g.neighbors(node) for c in g.neighbors(p)} - set(g.neighbors(node))
    candidates.discard(node)
    scores = dict(((u, v), s) for u, v, s in nx.adamic_adar_index(g, [(node, c) for c in candidates]))
    found = []
    for c in candidates:
        common = sorted(nx.common_neighbors(g, node, c), key=label)
        paths = tuple((label(p), first_tie(node, p), first_tie(p, c)) for p in common)
        found.append(Suggestion(c, label(c), scores[(node, c)], len(common), paths))
    found.sort(key=lambda s: (-s.score, s.label))
    return found[:limit]
