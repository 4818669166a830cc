"""Nodes' and edges' attributes as GEXF text: flattened, cleaned, escaped and typed ``attvalue``\\ s.

:func:`xml_text` cleans text of what XML 1.0 cannot carry and :func:`_escape` escapes it for an
XML attribute as lxml does; :func:`_flatten` makes a node's or an edge's attributes scalars (what
:func:`collabgraph.export.flatten.flat_copy` gives, without a copy of the graph); :class:`_Keys`
numbers one class's attributes in first-seen order, writes their ``attvalue``\\ s and declares
each one's GEXF type from all the values written (integers and fractions together are
``double``, numbers and text ``string``).
"""

from __future__ import annotations

import math
import re
from typing import TypeGuard

from collabgraph.export.flatten import edge_attributes, node_attributes

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


#: What lxml escapes in an attribute value (tab and line breaks as character references).
_SPECIALS = re.compile('[&<>"\t\n\r]')
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"}


def _escape(text: str) -> str:
    """``text`` (already :func:`xml_text`) as an XML attribute value, escaped as lxml escapes it.

    Examples
    --------
    >>> print(_escape('R&D <"Lab">\\tA\\nB'))
    R&amp;D &lt;&quot;Lab&quot;&gt;&#9;A&#10;B
    """
    return text if _SPECIALS.search(text) is None else _SPECIALS.sub(lambda m: _ESCAPES[m.group()], text)


def _flatten(data: dict, edge: bool) -> dict:
    """A node's (or edge's) attributes as :func:`~collabgraph.export.flatten.flat_copy` makes them:
    :func:`~collabgraph.export.flatten.node_attributes` (or ``edge_attributes``) with ``None`` left out.

    Examples
    --------
    >>> _flatten({"kinds": ["a", "b"], "start": None, "ties": [{"via": "x", "quote": None}]}, True)
    {'kinds': 'a; b', 'ties': 'x (undated)', 'vias': 'x', 'sources': ''}
    """
    flat = edge_attributes(data) if edge else node_attributes(data)
    return {k: v for k, v in flat.items() if v is not None}


class _Keys:
    """One class's attributes (``node`` or ``edge``): ids from ``first`` in first-seen order, types seen.

    Examples
    --------
    >>> keys, out = _Keys(3), []
    >>> keys.attvalues({"n": 1, "note": "a<b"}, out), keys.attvalues({"n": 0.5}, out)
    (None, None)
    >>> print("".join(out))
    <attvalue for="3" value="1"/><attvalue for="4" value="a&lt;b"/><attvalue for="3" value="0.5"/>
    >>> keys.declared()
    [('3', 'n', 'double'), ('4', 'note', 'string')]
    """

    def __init__(self, first: int) -> None:
        self.first = first
        self.keys: dict[str, tuple[str, set[str]]] = {}

    def _key(self, title: str) -> tuple[str, set[str]]:
        key = self.keys[title] = (f'<attvalue for="{self.first + len(self.keys)}" value="', set())
        return key

    def attvalues(self, attrs: dict, out: list[str]) -> None:
        """Append an ``attvalue`` per item of ``attrs`` to ``out``, noting each value's type."""
        keys, append = self.keys, out.append
        for title, value in attrs.items():
            start, kinds = keys.get(title) or self._key(title)
            t = type(value)
            if t is str:
                kinds.add("string")
                text = _escape(value if value.isprintable() else _NOT_XML.sub("", value))
            elif t is float:
                kinds.add("double")
                text = repr(value)
                text = _FLOATS.get(text, text)
            elif t is bool:
                kinds.add("boolean")
                text = "true" if value else "false"
            elif t is int:
                kinds.add("long" if -_LONG <= value < _LONG else "string")
                text = str(value)
            else:
                kinds.add(_kind(value))
                text = _escape(_text(value))
            append(f'{start}{text}"/>')

    def declared(self) -> list[tuple[str, str, str]]:
        """``(id, title, GEXF type)`` per attribute, in id order; mixed numbers are ``double``, else ``string``."""

        def kind(ks: set[str]) -> str:
            return next(iter(ks)) if len(ks) == 1 else "double" if ks == {"long", "double"} else "string"

        return [(str(self.first + i), title, kind(ks)) for i, (title, (_, ks)) in enumerate(self.keys.items())]
