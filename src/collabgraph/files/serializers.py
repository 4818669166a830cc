"""Turtle and TriG that keep every literal's lexical form, so a round trip changes no triple.

rdflib's Turtle and TriG writers print numbers and booleans in their short form from the
literal's *value*: ``"12800000"^^xsd:decimal`` comes out as ``12800000.0``, which parses back as
another literal (same value, different term), so an exported dataset differed from the one loaded
in 8 triples. These writers use the short form only when it reads back as the same lexical form,
and the typed form otherwise. Hand-written as a two-line override of rdflib's own serializers:
rdflib has no option for it. Registered with rdflib as ``collabgraph-turtle`` and
``collabgraph-trig``.

Examples
--------
>>> from rdflib import Graph
>>> g = Graph().parse(data='<urn:a> <urn:b> "12800000"^^<http://www.w3.org/2001/XMLSchema#decimal>, 1.5 .',
...                   format="turtle")
>>> text = g.serialize(format=TURTLE)
>>> '"12800000"^^xsd:decimal' in text, set(Graph().parse(data=text, format="turtle")) == set(g)
(True, True)
"""

from __future__ import annotations

from rdflib import Literal
from rdflib.plugin import Serializer, register
from rdflib.plugins.serializers.trig import TrigSerializer
from rdflib.plugins.serializers.turtle import _GEN_QNAME_FOR_DT, TurtleSerializer

__all__ = ["TURTLE", "TRIG", "LexicalTurtleSerializer", "LexicalTrigSerializer"]

TURTLE = "collabgraph-turtle"
TRIG = "collabgraph-trig"


class _KeepLexicalForm:
    def label(self, node, position):  # noqa: D102 (rdflib's own hook)
        if isinstance(node, Literal) and node.datatype is not None:
            qname = lambda dt: self.get_pname(dt, _GEN_QNAME_FOR_DT)  # noqa: E731
            short = node._literal_n3(use_plain=True, qname_callback=qname)
            if short.startswith('"') or short == str(node):
                return short
            return node._literal_n3(use_plain=False, qname_callback=qname)
        return super().label(node, position)


class LexicalTurtleSerializer(_KeepLexicalForm, TurtleSerializer):
    """rdflib's Turtle writer, keeping each literal's lexical form."""


class LexicalTrigSerializer(_KeepLexicalForm, TrigSerializer):
    """rdflib's TriG writer, keeping each literal's lexical form."""


register(TURTLE, Serializer, __name__, "LexicalTurtleSerializer")
register(TRIG, Serializer, __name__, "LexicalTrigSerializer")
