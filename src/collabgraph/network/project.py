"""Project the knowledge graph onto networkx: institution–institution and bipartite graphs.

Every edge keeps the evidence behind it: each tie (agreement, collaboration, network, programme or
shared alliance) with its IRI, label, date, status, sources and one supporting quote. Edge weights
follow Newman's collaboration weighting: a tie among *n* parties adds ``1 / (n - 1)`` to each of
its pairs, so a bilateral MoU weighs 1 and co-membership of a 24-member alliance 1/23 — large
alliances do not swamp the network. ``distance`` is ``1 / weight`` for path-based metrics.

Co-membership of a very large alliance is not expanded into pairs: above
:data:`ALLIANCE_CLIQUE_LIMIT` members (100 by default) an alliance would add n(n-1)/2 edges (a
900-member network alone, 400,000), each worth only 1/(n-1). Such an alliance stays a node
attribute (``alliances`` on each member) and is listed in ``g.graph["large_alliances"]``; its
memberships remain in the bipartite graph. This is the cut-off VOSviewer applies to documents with
many authors, for the same reason.
"""

from __future__ import annotations

import networkx as nx
from rdflib import Dataset

from collabgraph.dates import parse_partial_date
from collabgraph.gc_pause import gc_paused
from collabgraph.questions.labels import reading
from collabgraph.questions.ties import ALLIANCE_CLIQUE_LIMIT, NODE_TYPES, Organisation, Tie, organisations, ties
from collabgraph.questions.timeline import When, ever_held, holds, today
from collabgraph.sparql.query import run

__all__ = [
    "Tie",
    "Organisation",
    "organisations",
    "ties",
    "institution_graph",
    "institution_graphs",
    "history_view",
    "bipartite_graph",
    "glosses",
    "NODE_TYPES",
    "ALLIANCE_CLIQUE_LIMIT",
]


def institution_graph(
    ds: Dataset,
    *,
    as_of: str | None = None,
    since: str | None = None,
    until: str | None = None,
    include_planned: bool = False,
    undated: bool = True,
    max_alliance: int = ALLIANCE_CLIQUE_LIMIT,
    history: bool = False,
) -> nx.Graph:
    """The institution–institution graph: an edge for every pair with at least one tie.

    Which ties hold when is decided by :func:`collabgraph.questions.timeline.holds`, the rule ``partners``
    and every other command use: without ``as_of``, the network as it stands today.

    Parameters
    ----------
    ds : Dataset
        A loaded dataset (its sources decide seeds-only or seeds plus public).
    as_of : str, optional
        The network at this date (``YYYY[-MM[-DD]]``); None: today.
    since, until : str, optional
        Keep ties that started within this window.
    include_planned : bool
        Also keep planned and announced agreements (flagged ``planned`` on the tie).
    undated : bool
        Keep ties the sources give no date for (flagged ``undated``).
    max_alliance : int
        Alliances with more members are not expanded into co-membership edges; their members
        get an ``alliances`` node attribute instead (see the module notes).
    history : bool
        Every tie that ever held, ended ones included (for growth): no cut by date.

    Returns
    -------
    networkx.Graph
        Nodes carry ``label``, ``type``, ``country``; edges carry ``weight`` (Newman),
        ``distance`` (1/weight), ``count`` (ties), ``kinds``, ``start`` (earliest dated tie, or
        None), ``undated`` (no tie dated), ``planned`` (every tie planned) and ``ties`` (a list of
        dicts with via, kind, label, date, status, sources, quote and the quote's English
        ``gloss`` where the data give one; the pairs of one agreement share its dict, and edges
        with the same ties their ``ties`` and ``kinds`` lists, so treat them as read-only).

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> g = institution_graph(load(sources="seeds"))
    >>> g.has_edge("https://w3id.org/collabgraph/id/ukm",
    ...            "https://w3id.org/collabgraph/id/klinikum-osnabrueck")
    True
    """
    return institution_graphs(
        ds,
        dict(as_of=as_of, since=since, until=until, include_planned=include_planned, undated=undated, history=history),
        max_alliance=max_alliance,
    )[0]


def institution_graphs(ds: Dataset, *cuts: dict, max_alliance: int = ALLIANCE_CLIQUE_LIMIT) -> list[nx.Graph]:
    """Several cuts of one projection (each a dict of :func:`institution_graph`'s options), the
    ties read once: ``build`` takes today's network and the history for growth and the slider.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> history, now = institution_graphs(load(sources="seeds"), {"history": True}, {})
    >>> all(history.has_edge(*edge) for edge in now.edges), now.number_of_edges() < history.number_of_edges()
    (True, True)
    """
    # gc paused: millions of rows, records and edge dicts; the few cycles go when it ends.
    with gc_paused(), reading(ds):
        orgs = organisations(ds)
        large: dict = {}
        network = _network_ties(orgs, ties(ds, orgs, max_alliance=max_alliance, large=large), glosses(ds))
        made: dict[tuple[int, ...], dict] = {}  # an edge's attributes by its ties, for every cut
        return [_assemble(orgs, network, large, made, **cut) for cut in cuts]


def _network_ties(orgs: dict, found: list, glossed: dict | None) -> tuple[list[tuple], list[tuple[str, str, int]]]:
    """The network's ties once for every cut: ``(when, record, weight)`` per tie, and the pairs
    ``(a, b, index of the tie)`` in the order of ``found`` (alliances' own memberships and grants
    left out).

    The pairs of one agreement share its record, and every cut shares the records: memory stays
    linear in the ties, and a tie's record and weight are computed once, not once per pair and
    cut (they were a third of the projection at 100,000 institutions).
    """
    network: list[tuple] = []
    pairs: list[tuple[str, str, int]] = []
    index: dict[int, int] = {}  # id of a Tie (alive in found) → its place in network
    for a, b, tie in found:
        if orgs[a].alliance or orgs[b].alliance:
            continue  # memberships and an alliance's grants: partners lists them, not the network
        k = index.get(id(tie))
        if k is None:
            k = index[id(tie)] = len(network)
            when = tie.when  # a new When per access: made once
            network.append((when, _record(tie, when, glossed), tie.weight))
        pairs.append((a, b, k))
    return network, pairs


#: A quote's English gloss (``cg:gloss`` on the annotation that holds the quote).
GLOSSES = """PREFIX cg: <https://w3id.org/collabgraph/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?quote ?gloss WHERE { ?annotation cg:gloss ?gloss ; oa:hasTarget/oa:hasSelector/oa:exact ?quote }"""


def glosses(ds: Dataset) -> dict[str, str]:
    """The English gloss of each quote that has one: quote text → gloss (the first, sorted).

    Tie records carry it as ``gloss`` beside their ``quote``, so a page can show both.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> found = glosses(load(sources="seeds"))
    >>> found["Dit instituut heeft tot doel het opleiden van translational scientists en netwerkvorming."]
    'This institute aims to train translational scientists and to build networks.'
    """
    found: dict[str, str] = {}
    for row in sorted(run(ds, GLOSSES), key=lambda r: (str(r["quote"]), str(r["gloss"]))):
        found.setdefault(str(row["quote"]), str(row["gloss"]))
    return found


def _assemble(
    orgs: dict,
    network: tuple[list[tuple], list[tuple[str, str, int]]],
    large: dict,
    made: dict[tuple[int, ...], dict] | None = None,
    *,
    as_of: str | None = None,
    since: str | None = None,
    until: str | None = None,
    include_planned: bool = False,
    undated: bool = True,
    history: bool = False,
) -> nx.Graph:
    """The networkx graph of the ties that hold in one cut.

    Whether a tie holds is decided once per tie, not per pair; edges are gathered in plain dicts
    and handed to networkx at once: per-pair ``has_edge`` and edge-view lookups were most of the
    time for the half million pairs of 100,000 institutions. An edge's attributes depend only on
    its ties: they are made once per set of ties in ``made`` (the pairs of one agreement, and the
    same edge in every cut, share them; networkx copies them into each edge's own dict).
    """
    made = {} if made is None else made
    cut = {k: parse_partial_date(v) if v else None for k, v in (("as_of", as_of), ("since", since), ("until", until))}
    g = nx.Graph(as_of=cut["as_of"], since=cut["since"], until=cut["until"], include_planned=include_planned, large_alliances={})
    options = {"include_planned": include_planned, "undated": undated}
    at = cut["as_of"] or today()  # once, not per tie

    def kept(when) -> bool:
        if history:
            return ever_held(when, **options)
        return holds(when, at, since=cut["since"], until=cut["until"], **options)

    found, pairs = network
    held = [kept(when) for when, _, _ in found]
    chosen: dict[tuple[str, str], tuple[int, ...]] = {}
    for a, b, k in pairs:
        if held[k]:
            ks = chosen.get((a, b))
            if ks is None:
                chosen[(a, b)] = (k,)
            else:
                chosen[(a, b)] = (*ks, k)
    edges = []
    for (a, b), ks in chosen.items():
        data = made.get(ks)
        if data is None:
            data = made[ks] = _edge(found, ks)
        edges.append((a, b, data))
    ends = dict.fromkeys(n for pair in chosen for n in pair)  # in first-seen order, as before
    g.add_nodes_from((n, _node(orgs[n])) for n in ends)
    g.add_edges_from(edges)
    for _via, (label, members) in sorted(large.items()):
        g.graph["large_alliances"][label] = len(members)
        for n, when in members:
            if not kept(when):
                continue
            if n not in g:
                g.add_node(n, **_node(orgs[n]))
            g.nodes[n].setdefault("alliances", []).append(label)
    return g


def _edge(found: list[tuple], ks: tuple[int, ...]) -> dict:
    """An edge's attributes from its ties (their places in ``found``)."""
    records = [found[k][1] for k in ks]
    weight = 0.0
    for k in ks:
        weight += found[k][2]
    dated = [t["date"] for t in records if not t["undated"]]
    return {
        "weight": weight,
        "count": len(ks),
        "ties": records,
        "start": min(dated) if dated else None,
        "undated": not dated,
        "planned": all(t["planned"] for t in records),
        "kinds": sorted({t["kind"] for t in records}),
        "distance": 1.0 / weight,
    }


def _record(tie: Tie, when: When, glossed: dict | None) -> dict:
    """A tie as the network's edges carry it: its fields, its flags (from ``when``, its time) and
    its quote's gloss."""
    gloss = (glossed or {}).get(tie.quote) if tie.quote else None
    return {**vars(tie), "undated": when.undated, "planned": when.planned, "gloss": gloss}


def _node(o) -> dict:
    return {"label": o.label, "type": o.type, "country": o.country or ""}


def history_view(ds: Dataset, current: nx.Graph, *, include_planned: bool = False, history: nx.Graph | None = None) -> nx.Graph:
    """Every tie that ever held, with ``current``'s node attributes (metrics, community): what a
    year slider draws, each tie in the years it holds (:func:`collabgraph.questions.timeline.span`), so the
    slider at a year shows exactly the network as of that year. Pass ``history`` when you have it
    (:func:`institution_graphs`); it gets ``current``'s node attributes.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> ds = load(sources="seeds")
    >>> now = institution_graph(ds)
    >>> history_view(ds, now).number_of_edges() >= now.number_of_edges()
    True
    """
    g = history if history is not None else institution_graph(ds, include_planned=include_planned, history=True)
    for n, data in current.nodes(data=True):
        if n in g:
            g.nodes[n].update({k: v for k, v in data.items() if k not in g.nodes[n]})
    g.graph["include_planned"] = include_planned
    return g


def bipartite_graph(ds: Dataset, **cut) -> nx.Graph:
    """Institutions linked to the alliances and agreements that connect them (two-mode graph).

    Takes the same cut options as :func:`institution_graph`. Institution nodes have
    ``bipartite=0``; alliance and agreement nodes ``bipartite=1`` with their ``kind``, ``date``
    and ``status``.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> g = bipartite_graph(load(sources="seeds"))
    >>> g.nodes["https://w3id.org/collabgraph/id/mou-ukm-klinikum-osnabrueck-2024"]["bipartite"]
    1
    """
    projected = institution_graph(ds, **cut)
    g = nx.Graph()
    for n, data in projected.nodes(data=True):
        g.add_node(n, bipartite=0, **data)
    for a, b, data in projected.edges(data=True):
        for t in data["ties"]:
            g.add_node(
                t["via"],
                bipartite=1,
                label=t["label"],
                type=t["kind"],
                kind=t["kind"],
                date=t["date"] or "",
                status=t["status"] or "",
                country="",
            )
            g.add_edge(a, t["via"])
            g.add_edge(b, t["via"])
    return g
