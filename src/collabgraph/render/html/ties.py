"""The ties behind each link, as the page carries them, and the link they make.

Each tie becomes one entry of the page's tie table (:func:`_tie_entry`: what the side panel shows,
and the years it holds by :func:`collabgraph.questions.timeline.span`, which the year slider
follows); a link gets the year spans of its ties, and its kind, colour and line from them
(:func:`_link`). :func:`is_hub_tie` says which ties the hub view draws as a node.
"""

from __future__ import annotations

from collabgraph.questions.timeline import record_when, span
from collabgraph.render.html.styles import KIND_COLORS, OTHER_KIND_COLOR, _line

__all__ = ["is_hub_tie"]


def is_hub_tie(tie: dict) -> bool:
    """Whether a tie joins more than two parties (a shared alliance, a multilateral agreement):
    the hub view draws it as a node its parties link to.

    Examples
    --------
    >>> is_hub_tie({"kind": "alliance", "parties": 2}), is_hub_tie({"kind": "mou", "parties": 3})
    (True, True)
    >>> is_hub_tie({"kind": "mou", "parties": 2})
    False
    """
    return tie.get("kind") == "alliance" or int(tie.get("parties") or 2) > 2


def _tie_span(tie: dict, include_planned: bool) -> list | None:
    """``[first, last, undated]``: the years the tie holds by :func:`collabgraph.questions.timeline.holds`."""
    date = tie.get("date")
    record = {**tie, "date": date, "undated": bool(tie.get("undated", date is None))}
    held = span(record_when(record), include_planned=include_planned)
    return list(held) if held is not None else None


def _tie_entry(tie: dict, include_planned: bool) -> dict:
    """A tie as the page carries it: what the panel shows and the years it holds."""
    date = tie.get("date")
    return {
        "label": str(tie.get("label") or tie.get("via") or tie.get("kind") or "tie"),
        "kind": str(tie.get("kind") or "collaboration"),
        "via": str(tie.get("via") or ""),
        "date": date,
        "end": tie.get("end"),
        "status": tie.get("status"),
        "undated": bool(tie.get("undated", date is None)),
        "sources": [str(s) for s in tie.get("sources") or ()],
        "quote": tie.get("quote"),
        "gloss": tie.get("gloss"),
        "curation": tie.get("curation"),
        "parties": int(tie.get("parties") or 2),
        "span": _tie_span(tie, include_planned),
    }


def _sorted_spans(found) -> list[list]:
    return [list(s) for s in sorted({tuple(s) for s in found}, key=lambda s: (s[0] or 0, s[1] or 9999, s[2]))]


def _edge_spans(data: dict, entries: list[dict]) -> list[list]:
    """When the edge holds, as ``[first, last, undated]`` year spans of its ties (the slider shows
    exactly what ``--as-of YEAR`` shows); a graph without tie records: its start and flag."""
    if "spans" in data:  # an overview's link: the spans of the links it sums up
        return [list(s) for s in data["spans"]]
    if entries:
        return _sorted_spans(e["span"] for e in entries if e["span"] is not None)
    start = data.get("start")
    return [[int(str(start)[:4]) if start else None, None, bool(data.get("undated", start is None))]]


def _link(entries: list[dict], data: dict | None = None) -> dict:
    """Kind (of the heaviest tie), flags, colour and line of a link made of ``entries``."""
    data = data or {}
    if entries:
        heaviest = max(entries, key=lambda t: (1.0 / max(t["parties"] - 1, 1), t["kind"]))
        kind = heaviest["kind"]
        dated = [t["date"] for t in entries if not t["undated"] and t["date"]]
        start = min(dated) if dated else None
        undated = not dated
        planned = all(t["status"] in ("planned", "announced") for t in entries)
        ended = all(t["status"] == "ended" for t in entries)
    else:
        kind = (data.get("kinds") or ["collaboration"])[0]
        start = data.get("start")
        undated = bool(data.get("undated", start is None))
        planned, ended = bool(data.get("planned", False)), bool(data.get("ended", False))
    return {
        "kind": kind,
        "start": start,
        "year": int(str(start)[:4]) if start else None,
        "undated": undated,
        "planned": planned,
        "ended": ended,
        "color": KIND_COLORS.get(kind, OTHER_KIND_COLOR),
        "dashes": _line(planned, ended, undated),
    }
