"""Flatten the network's attributes to the scalars that file formats can hold.

The institution graph keeps lists (``kinds``), ``None`` (an undated ``start``) and the evidence as a
list of tie dicts; GraphML, GEXF and CSV hold only strings, numbers and booleans. These helpers
convert explicitly, on a copy: the caller's graph is never changed. Lists become ``"; "``-joined
strings, the ties a readable ``" | "``-joined summary plus ``vias``, ``sources`` and the first
``quote``, and ``None`` is left out (GraphML and GEXF) or written as an empty cell (CSV).
"""

from __future__ import annotations

import json
import numbers
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import cast

import networkx as nx

from collabgraph.scoped import memo_scope

__all__ = [
    "Scalar",
    "CORE_NODE_KEYS",
    "scalar",
    "node_attributes",
    "edge_attributes",
    "edge_keys",
    "extra_node_keys",
    "numeric_node_keys",
    "tie_text",
    "flat_copy",
    "flattening",
]

Scalar = str | int | float | bool | None

#: Node attributes every projection sets; anything else (metrics, communities) is an extra.
CORE_NODE_KEYS = ("label", "type", "country")

_SEP = "; "
#: Types that are scalars already (exactly these: a ``str`` subclass such as an rdflib term is not).
_PLAIN = frozenset({str, int, float, bool, type(None)})


def scalar(value: object) -> Scalar:
    """Turn one attribute value into a plain ``str``, ``int``, ``float``, ``bool`` or ``None``.

    numpy scalars become Python numbers, ``str`` subclasses (rdflib terms) plain strings,
    sequences and sets ``"; "``-joined strings, mappings JSON.

    Examples
    --------
    >>> scalar(["agreement", "alliance"]), scalar(None), scalar(3), scalar(True)
    ('agreement; alliance', None, 3, True)
    """
    if type(value) in _PLAIN:  # most values: no ABC isinstance checks (half the time of a big export)
        return cast(Scalar, value)
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return scalar(value.item())  # numpy scalar
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)
    if isinstance(value, (set, frozenset)):
        return _SEP.join(sorted(str(scalar(v)) for v in value))
    if isinstance(value, Iterable):
        return _SEP.join(str(scalar(v)) for v in value)
    return str(value)


def tie_text(tie: dict) -> str:
    """One tie as a line a person can read: label, kind, date, status and sources.

    Examples
    --------
    >>> tie_text({"label": "MoU", "kind": "agreement", "date": "2024-07", "status": "signed",
    ...           "sources": ("000_b86e.txt",)})
    'MoU (agreement, 2024-07, signed) [000_b86e.txt]'
    """
    facts = [tie.get("kind"), tie.get("date") or "undated", tie.get("status")]
    text = f"{tie.get('label') or tie.get('via')} ({', '.join(str(f) for f in facts if f)})"
    sources = tie.get("sources") or ()
    return f"{text} [{_SEP.join(sources)}]" if sources else text


def node_attributes(data: dict) -> dict[str, Scalar]:
    """A node's attributes as scalars (see :func:`scalar`).

    Examples
    --------
    >>> node_attributes({"label": "UKM", "community": 2, "tags": ["a", "b"]})
    {'label': 'UKM', 'community': 2, 'tags': 'a; b'}
    """
    return {k if type(k) is str else str(k): scalar(v) for k, v in data.items()}


#: Within :func:`flattening`: id of an edge's ``ties`` list → (the list, its flat values).
_TIES: ContextVar[dict[int, tuple[list, tuple[str, str, str, str | None]]] | None] = ContextVar(
    "collabgraph_flat_ties", default=None
)


@contextmanager
def flattening() -> Iterator[None]:
    """Within the block, :func:`edge_attributes` summarises each ``ties`` list once.

    The pairs of one agreement, and the same edge in every format a build writes, share one list
    of ties; its text, vias, sources and quote were a third of the exports at 100,000
    institutions, made anew per edge and per format. The summaries are kept only for the block
    (with the lists they came from, so no id is reused while it lasts); nested blocks share
    the outer one's.

    Examples
    --------
    >>> ties = [{"via": "x:mou", "label": "MoU", "kind": "mou", "sources": ("s1",)}]
    >>> with flattening():
    ...     a, b = edge_attributes({"ties": ties}), edge_attributes({"weight": 1.0, "ties": ties})
    >>> a["ties"] is b["ties"], b["weight"]
    (True, 1.0)
    """
    with memo_scope(_TIES):
        yield


def _ties_summary(ties: list) -> tuple[str, str, str, str | None]:
    """The flat ``ties``, ``vias``, ``sources`` and ``quote`` of a non-empty list of ties."""
    memo = _TIES.get()
    if memo is not None and (kept := memo.get(id(ties))) is not None and kept[0] is ties:
        return kept[1]
    summary = (
        " | ".join(tie_text(t) for t in ties),
        _SEP.join(dict.fromkeys(str(t.get("via")) for t in ties)),
        _SEP.join(sorted({s for t in ties for s in t.get("sources") or ()})),
        next((t["quote"] for t in ties if t.get("quote")), None),
    )
    if memo is not None:
        memo[id(ties)] = (ties, summary)
    return summary


def edge_attributes(data: dict) -> dict[str, Scalar]:
    """An edge's attributes as scalars, its ``ties`` summarised as text, vias, sources and a quote.

    Examples
    --------
    >>> flat = edge_attributes({"weight": 1.0, "kinds": ["agreement"], "start": None,
    ...     "ties": [{"via": "x:mou", "label": "MoU", "kind": "agreement", "date": None,
    ...               "sources": ("s1",), "quote": "signed"}]})
    >>> flat["kinds"], flat["start"], flat["vias"], flat["quote"]
    ('agreement', None, 'x:mou', 'signed')
    >>> flat["ties"]
    'MoU (agreement, undated) [s1]'
    """
    flat = {k if type(k) is str else str(k): scalar(v) for k, v in data.items() if k != "ties"}
    ties = data.get("ties")
    if ties:
        flat["ties"], flat["vias"], flat["sources"], flat["quote"] = _ties_summary(ties)
    elif ties is not None:
        flat["ties"] = ""
    return flat


def edge_keys(data: dict) -> list[str]:
    """The keys :func:`edge_attributes` gives ``data``, without flattening its values: a table's
    header is known before its first row is written.

    Examples
    --------
    >>> data = {"weight": 1.0, "ties": [{"via": "x:mou", "sources": ("s1",)}]}
    >>> edge_keys(data) == list(edge_attributes(data)), edge_keys(data)
    (True, ['weight', 'ties', 'vias', 'sources', 'quote'])
    >>> edge_keys({"weight": 1.0, "ties": []}), edge_keys({"weight": 1.0, "ties": None})
    (['weight', 'ties'], ['weight'])
    >>> data = {"sources": "own", 1: "a", "1": "b", "ties": [{"via": "v"}]}
    >>> edge_keys(data) == list(edge_attributes(data))
    True
    """
    keys = [k if type(k) is str else str(k) for k in data if k != "ties"]
    ties = data.get("ties")
    if ties:
        keys += ["ties", "vias", "sources", "quote"]
    elif ties is not None:
        keys.append("ties")
    return list(dict.fromkeys(keys))  # as a dict keeps them: once each, where first set


def extra_node_keys(g: nx.Graph) -> list[str]:
    """Node attributes beyond label, type and country (metrics, communities…), sorted.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("a", label="A", pagerank=0.5, community=1)
    >>> extra_node_keys(g)
    ['community', 'pagerank']
    """
    keys = {str(k) for _, data in g.nodes(data=True) for k in data}
    return sorted(keys - set(CORE_NODE_KEYS))


def numeric_node_keys(g: nx.Graph) -> list[str]:
    """Extra node attributes that are a number (not a boolean) on every node.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("a", degree=2, note="x", hub=True)
    >>> g.add_node("b", degree=1, note="y", hub=False)
    >>> numeric_node_keys(g)
    ['degree']
    """

    def numeric(v: Scalar) -> bool:
        return isinstance(v, (int, float)) and not isinstance(v, bool)

    nodes = [node_attributes(d) for _, d in g.nodes(data=True)]
    return [k for k in extra_node_keys(g) if nodes and all(numeric(d.get(k)) for d in nodes)]


def flat_copy(g: nx.Graph) -> nx.Graph:
    """A copy of ``g`` whose graph, node and edge attributes are scalars, ``None`` left out.

    Examples
    --------
    >>> g = nx.Graph(as_of=None)
    >>> g.add_edge("a", "b", kinds=["alliance"], start=None)
    >>> h = flat_copy(g)
    >>> h.edges["a", "b"], h.graph, g.edges["a", "b"]["kinds"]
    ({'kinds': 'alliance'}, {}, ['alliance'])
    """
    h = nx.DiGraph() if g.is_directed() else nx.Graph()
    h.graph.update(_present(node_attributes(g.graph)))
    for n, data in g.nodes(data=True):
        h.add_node(n, **_present(node_attributes(data)))
    for u, v, data in g.edges(data=True):
        h.add_edge(u, v, **_present(edge_attributes(data)))
    return h


def _present(attrs: dict[str, Scalar]) -> dict[str, Scalar]:
    return {k: v for k, v in attrs.items() if v is not None}
