"""GEXF 1.3 for Gephi, with the start of every tie as a spell so the timeline plays the growth.

The file validates against the official GEXF 1.3 XML Schema (``gexf.xsd`` from
github.com/gephi/gexf; a copy is in ``tests/data/gexf-1.3/``).

Spell convention
----------------
The graph is written in ``mode="dynamic"`` with ``timeformat="date"`` and
``timerepresentation="interval"`` as soon as one edge is dated (``mode="static"`` otherwise). A
dated edge gets one spell from its earliest tie's start, widened to a full date (``2019`` →
``2019-01-01``, ``2019-05`` → ``2019-05-01``); the spell ends only when every tie on the edge has
ended, on the last day the last of them holds by :func:`collabgraph.questions.timeline.holds` (an end
date excludes a tie from its first day on: a tie ending ``2023`` holds to ``2022-12-31``; an
ended tie without an end date holds to the last day of ``confirmed``). A node's spell starts at
the earliest start among its edges and never ends. **Undated edges and nodes get no spell**, which
Gephi reads as present over the whole timeline; they carry ``undated=true`` so a filter can hide
them. An undated edge between dated nodes shows once both of its nodes have appeared. The date
as precise as the source is kept in a string attribute ``since`` (``start`` is GEXF's own time
attribute). A start that is not a date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) counts as undated.

Dynamic attribute
-----------------
``ties_in_force`` (edges, ``mode="dynamic"``) counts the edge's dated ties in force over time, as
``attvalue`` intervals (inclusive, one day apart; see :func:`ties_in_force`), by the same rules.
Gephi can size or filter edges by it on the timeline; ties with an unknown start and planned
ties are not counted.

Viz
---
Nodes get ``color``, ``size`` and ``position`` where the graph has them: a networkx-style ``viz``
dict on the node (``{"color": {"r", "g", "b", "a"}, "size": s, "position": {"x", "y", "z"}}``),
else ``position`` from numeric ``x``/``y`` attributes, colour by ``community`` (when every node has
one: the 18 largest communities get distinct colours, smaller ones grey) and size by
``pagerank`` (5 to 50, proportional, when every node has a non-negative one). Edges get
``color`` and ``thickness`` from an edge ``viz`` dict only; Gephi draws thickness from
``weight``. The official XSD declares the viz elements in the GEXF namespace itself (its RELAX
NG form and the primer use ``http://gexf.net/1.3/viz``); they are written as the XSD has them.
Gephi and graphology read them by local name; networkx's reader skips them.

Gephi conventions
-----------------
Nodes carry ``id`` and ``label``; edges ``id``, ``source``, ``target`` and ``weight`` as XML
attributes, everything else as typed ``attvalue``\\ s (attribute ids are numbers, titles the keys).
No edge has a ``kind``: the graph has no parallel edges. Keys GEXF reserves are renamed with an
``_attr`` suffix (``id`` → ``id_attr``).

Writing
-------
The document is written as text in one pass, one node or edge per line, byte for byte what lxml's
incremental ``xmlfile`` wrote before (plain text writes are about three times faster: 1.1-1.4 s
instead of 3.2-4.2 s on the 10,000-institution synthetic network; see :mod:`~collabgraph.export.gexf.document`).
An attribute that holds integers on some elements and fractions on others is declared
``double``; one that mixes numbers and text, ``string``. Text is cleaned of what XML 1.0 cannot
carry (control characters other than tab, line feed and carriage return; lone surrogates;
U+FFFE and U+FFFF); ``<``, ``>``, ``&`` and ``"`` are escaped, and tabs and line breaks in
attribute values kept as character references, as lxml does.

Where the code is
-----------------
:mod:`~collabgraph.export.gexf.document` writes the document (:func:`gexf_bytes`,
:func:`write_gexf`); :mod:`~collabgraph.export.gexf.spells` the time (:func:`ties_in_force`, each
node's and edge's spell, and :func:`gexf_graph`, the same as a flattened networkx copy);
:mod:`~collabgraph.export.gexf.attributes` the nodes' and edges' attributes (:func:`xml_text`);
:mod:`~collabgraph.export.gexf.viz` colours, sizes and positions.
"""

from collabgraph.export.gexf.attributes import xml_text
from collabgraph.export.gexf.document import gexf_bytes, write_gexf
from collabgraph.export.gexf.spells import gexf_graph, ties_in_force

__all__ = ["gexf_graph", "gexf_bytes", "write_gexf", "xml_text", "ties_in_force"]
