"""The review file: what ingest proposes, as YAML a curator edits in any editor, and read back.

:func:`write_review` writes one YAML document: a header comment that says how to review, then
per source its file name, path, SHA-256, URL, title, language and published date, and one block
per candidate fact (``accept``, ``kind``, ``status``, dates, ``parties``, ``gloss``, the quote as
a literal block scalar, its offsets, ``confidence`` and ``reasons``). :func:`read_review` reads it
back, checks every value and says where (file and line) anything is wrong.

What is hand-written, and why:

- **The layout** is a template: each ``key: value`` entry is emitted by PyYAML on its own (so
  every scalar is escaped by PyYAML's emitter, never by hand) and the entries are laid out and
  indented here, because the file carries comments a curator needs beside the fields (how to
  review, which quote still needs an English gloss), which ``yaml.safe_dump`` of plain data
  cannot write. Strings that hold a line break other than in a quote, or any character YAML
  would fold or normalise (CR, NEL, LS, PS), are written double-quoted with escapes; a quote is
  a literal block (``|-``) where YAML keeps it exactly, double-quoted otherwise. So
  write→read gives back every string exactly.
- **Reading** uses PyYAML's compose API (``yaml.compose``), not ``safe_load``: the nodes carry
  line numbers for every message, and each scalar is read by the type its field has. That
  keeps ``name: NO`` (Norway) a string and ``date: 2023-07-01`` the text ``2023-07-01``, where
  YAML 1.1 resolution would give ``False`` and a ``datetime.date``.
- **Curator edits** are detected with a ``proposed`` fingerprint written in each block: a short
  hash per editable field (kind, status, role, dates, parties) of the values ingest proposed.
  Read back, the fields whose hash differs are the curator's edits (``edited_fields``). Adding a
  gloss or setting ``accept`` is reviewing, not editing the fact.

The code lives in modules named after what they do: :mod:`~collabgraph.ingest.review_write`
(the layout), :mod:`~collabgraph.ingest.review_read` and :mod:`~collabgraph.ingest.review_nodes`
(reading and checking), :mod:`~collabgraph.ingest.fingerprints` (curator edits) and
:mod:`~collabgraph.ingest.vocabulary` (the ontology's classes and roles). This module gathers
their public names under the import path the rest of collabgraph uses.
"""

from __future__ import annotations

from collabgraph.ingest.fingerprints import EDITABLE_FIELDS, edited_fields, fingerprint
from collabgraph.ingest.review_read import ReviewedCandidate, read_review
from collabgraph.ingest.review_write import ACCEPT_CONFIDENCE, FORMAT_VERSION, propose_accept, review_text, write_review
from collabgraph.ingest.vocabulary import default_type, organisation_types, post_roles

__all__ = [
    "ReviewedCandidate",
    "write_review",
    "read_review",
    "review_text",
    "organisation_types",
    "post_roles",
    "default_type",
    "fingerprint",
    "edited_fields",
    "propose_accept",
    "FORMAT_VERSION",
    "EDITABLE_FIELDS",
    "ACCEPT_CONFIDENCE",
]
