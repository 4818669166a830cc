"""Nodes and edges as GEXF elements: their XML attributes, typed ``attvalue``\\ s and text XML can carry.

:func:`xml_text` cleans text of what XML 1.0 cannot carry; :func:`_declare` gives each attribute
its GEXF type (integers and fractions together are ``double``, numbers and text ``string``);
:func:`_node_parts` and :func:`_edge_parts` split a node or an edge into its XML attributes
(``id``, ``label``, ``source``, ``target``, ``weight``), its spells and its attribute values.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import TypeGuard

__all__ = ["xml_text"]


_FLOATS = {"inf": "INF", "-inf": "-INF", "nan": "NaN"}
_LONG = 2**63

#: What XML 1.0 cannot carry, and the C1 controls it discourages.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: object) -> str:
    """``value`` as text XML 1.0 can carry: forbidden and control characters removed.

    Tabs, line feeds and carriage returns stay (lxml writes them as character references in
    attribute values); everything else, including non-BMP characters, is kept.

    Examples
    --------
    >>> print(xml_text("R&D <Lab>\\x00\\x1b 𝔘🎓\\ud800|"))
    R&D <Lab> 𝔘🎓|
    >>> xml_text("tab\\there")
    'tab\\there'
    """
    text = str(value)
    return text if text.isprintable() else _NOT_XML.sub("", text)  # printable: nothing to remove


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long" if -_LONG <= value < _LONG else "string"
    if isinstance(value, float):
        return "double"
    return "string"


def _declare(rows: Iterator[dict]) -> dict[str, str]:
    """title → GEXF type for every attribute in ``rows``, in first-seen order."""
    kinds: dict[str, set[str]] = {}
    for data in rows:
        for key, value in data.items():
            kinds.setdefault(key, set()).add(_kind(value))
    return {k: ks.pop() if len(ks) == 1 else "double" if ks == {"long", "double"} else "string" for k, ks in kinds.items()}


def _number(value: float) -> str:
    return _FLOATS.get(repr(float(value)), repr(float(value)))


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _number(value)
    return xml_text(value)


def _finite(value: object) -> TypeGuard[float]:
    """Whether ``value`` is a finite number (an int or a float, not a bool)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _numeric(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _node_parts(n, data: dict) -> tuple[dict, list, dict]:
    attrs = {k: v for k, v in data.items() if k not in ("label", "spells")}
    return {"id": xml_text(n), "label": xml_text(data.get("label", n))}, data.get("spells") or [], attrs


def _edge_parts(i: int, u, v, data: dict) -> tuple[dict, list, dict]:
    element = {"id": str(i), "source": xml_text(u), "target": xml_text(v)}
    if "label" in data:
        element["label"] = xml_text(data["label"])
    numeric = _numeric(data.get("weight"))
    if numeric:
        element["weight"] = _number(data["weight"])
    return element, data.get("spells") or [], _edge_attrs(data, numeric)


def _edge_attrs(data: dict, numeric_weight: bool) -> dict:
    """An edge's attvalues: all but label and spells, and weight when it is the XML ``weight``."""
    return {
        ("weight_attr" if k == "weight" else k): x
        for k, x in data.items()
        if k not in ("label", "spells") and not (k == "weight" and numeric_weight)
    }
