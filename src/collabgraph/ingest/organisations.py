"""Find the organisations a page names, and say which institution each one is.

Two finders, run in this order over each sentence:

1. :class:`Gazetteer`: every preferred and alternative label of every organisation the graph
   holds (all languages, the public reference lists included), one entry per institution
   (:mod:`collabgraph.questions.reconcile` merges aliases). Labels are matched on word boundaries, longest
   first; a short or all-capital label (``UM``, ``UKM``, ``YUFE``) only in its own case, so the
   Dutch word "um" or a sentence-initial "Leuven" is not an institution. Place names and
   labels made only of generic words ("University Council") are never entries.
2. :func:`institution_names`: institutions the graph does not know yet, recognised by the form
   of their name in German, Dutch, English and French (``Universität …``, ``University of …``,
   ``… University``, ``Hogeschool …``, ``Universitair Medisch Centrum …``,
   ``Universitätsklinikum …``, ``CHU de …``, ``… Institutet``, ministries, alliances …). The
   grammar is hand-written: no pip-installable model we measured knows these forms in four
   languages without downloading weights at run time.

A page's own short forms are bound to the long form they stand for: an acronym in brackets after
a name ("Technische Universität München (TUM)") and the name's later mentions. People, cities,
regions and programmes have no institution form and are not in the gazetteer, so they are never
found; witnesses are dropped by :mod:`collabgraph.ingest.proposals`.

The code lives in modules named after what they do: :mod:`~collabgraph.ingest.name_words` (the
words of names, and :func:`fold`), :mod:`~collabgraph.ingest.places` (place names, cities as
keys across languages), :mod:`~collabgraph.ingest.name_forms` (names by their form),
:mod:`~collabgraph.ingest.gazetteer` (the graph's organisations, reconciling a name) and
:mod:`~collabgraph.ingest.coreference` (one page's mentions, acronyms bound). This module
gathers their public names under the import path the rest of collabgraph uses.
"""

from __future__ import annotations

from collabgraph.ingest.coreference import find_mentions
from collabgraph.ingest.gazetteer import Gazetteer
from collabgraph.ingest.name_forms import Mention, institution_names
from collabgraph.ingest.name_words import ALLIANCE_HEADS, HEADS, fold
from collabgraph.ingest.places import city_ids, cross_key, world_places

__all__ = [
    "Gazetteer",
    "Mention",
    "institution_names",
    "find_mentions",
    "fold",
    "HEADS",
    "ALLIANCE_HEADS",
    "cross_key",
    "world_places",
    "city_ids",
]
