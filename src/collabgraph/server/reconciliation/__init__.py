"""The W3C Reconciliation Service API, version 0.2, at ``/reconcile``: match a spreadsheet of names.

Implements the *Reconciliation Service API v0.2* (W3C Entity Reconciliation Community Group,
final report 2023-04-10, https://www.w3.org/community/reports/reconciliation/CG-FINAL-specs-0.2-20230410/),
the protocol OpenRefine speaks to a "standard reconciliation service"; the manifest also announces
version 0.1, which that version's clients read the same way:

- ``GET /reconcile`` without ``queries``: the service manifest (:func:`manifest`);
- ``GET /reconcile?queries=…``, ``POST`` ``application/x-www-form-urlencoded`` with a ``queries``
  field, or ``POST`` ``application/json`` with ``{"queries": {…}}``: a reconciliation query batch
  (:func:`parse_batch`) and its result batch (:func:`answer_batch`);
- ``GET /reconcile/preview?id=IRI``: a small HTML summary of one institution (:func:`preview_html`),
  for the client's ``<iframe>``;
- JSONP (``callback=name``) on the JSON answers, and CORS for every origin, without credentials (the
  specification makes CORS mandatory; the service only reads).

Not implemented: the suggest services, data extension and matching features (all optional).

**Who can be a candidate.** Canonical institutions only (:func:`collabgraph.questions.reconcile.canonical`):
an IRI merged into another one is never a candidate (its names find the canonical one, and asking
for it by IRI answers with the canonical IRI), and place names or partial names
(``cg:UnresolvedOrganization``), organisational units and alliances are never candidates. Names
come from :func:`collabgraph.questions.lookup.names` (every preferred and alternative label, an alias's
names, and the source's own form of a resolved place name), compared as
:func:`collabgraph.questions.reconcile.name_key` forms (no case, accents, punctuation or leading article).

**Scores and ``match``.** 100 is an exact name (or the institution's IRI, or its ROR or Wikidata
id given as a property); otherwise rapidfuzz ``WRatio`` of the two name forms, at most 99 and at
least 60 (50 for a candidate found by its country or alliance alone, without a name). A place
name that only a resolved mention ties to an institution ("Kaapstad") scores 90, never more.
``match`` is true for the top candidate only when it is unambiguous: the one candidate with an
exact name, unless the query is a single word that another candidate's name also contains
("Dublin": Trinity College Dublin is called so, but so is half of University College Dublin); the
one candidate with the ROR or Wikidata id given; or a near-exact name (95 or more) at least 10
points above the next candidate.

**Properties** (``pid``: ``country``, ``ror``, ``wikidata``, ``alliance``, or the full property IRI)
leave out the candidates they contradict: another country, another ROR or Wikidata id, not a
member (as :func:`collabgraph.questions.members.members` counts members, former ones included) of the
alliance named. A candidate the graph says nothing about (no country, no ROR id) stays. A
country or alliance the graph does not know constrains nothing. Types (``type``, one IRI or a
list, ``cg:`` CURIEs too) keep the candidates of that class or a subclass (a
``cg:UniversityHospital`` is a ``cg:Institution``); ``type_strict: "all"`` wants every type given.

**Speed.** The index (:func:`build_index`) is built once per application, in a worker, when the
manifest or a first query asks for it, and kept (0.5 s on the curated graph; about 20 s, and a
46 MiB pickle back to the server, at 100,000 institutions). A query looks up exact names in a dict
and scores with rapidfuzz only the names that share an uncommon word (or the first four letters
of one) with it, falling back to every name only when it has none: a batch of 10 names takes a few
milliseconds on the curated graph and at 100,000 institutions alike; a name made only of common
words ("University Hospital") costs about 0.1 s there.

**Where the code is.** :mod:`~collabgraph.server.reconciliation.index` (the name index),
:mod:`~collabgraph.server.reconciliation.batch` (the manifest, checking a query batch),
:mod:`~collabgraph.server.reconciliation.scoring` (candidates, scores, ``match``),
:mod:`~collabgraph.server.reconciliation.preview` (the preview page) and
:mod:`~collabgraph.server.reconciliation.routes` (HTTP).
"""

from collabgraph.server.reconciliation.batch import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    MAX_QUERIES,
    PROPERTIES,
    ReconciliationQuery,
    check_callback,
    manifest,
    parse_batch,
)
from collabgraph.server.reconciliation.index import Entity, Index, build_index, institution_types
from collabgraph.server.reconciliation.preview import preview_html
from collabgraph.server.reconciliation.routes import reconciliation_routes
from collabgraph.server.reconciliation.scoring import answer_batch, reconcile_one

__all__ = [
    "Index",
    "Entity",
    "ReconciliationQuery",
    "institution_types",
    "build_index",
    "manifest",
    "parse_batch",
    "answer_batch",
    "reconcile_one",
    "preview_html",
    "check_callback",
    "reconciliation_routes",
    "MAX_QUERIES",
    "MAX_LIMIT",
    "DEFAULT_LIMIT",
    "PROPERTIES",
]
