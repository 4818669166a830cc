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
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from jinja2 import Environment, StrictUndefined
from rapidfuzz import fuzz, process
from rdflib import OWL, RDF, RDFS, Dataset, URIRef
from rdflib.namespace import SKOS
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from collabgraph.errors import CollabgraphError
from collabgraph.namespaces import CG, CGR, ORG, PREFIXES
from collabgraph.questions.labels import organisation_classes, superclasses
from collabgraph.questions.lookup import names
from collabgraph.questions.members import members
from collabgraph.questions.reconcile import canonical, name_key
from collabgraph.server.protocol import ProtocolError, media_type, parse_params

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

#: Most queries in one batch (the manifest's ``batchSize``); more is a 400.
MAX_QUERIES = 100
#: Most candidates a query may ask for (``limit``).
MAX_LIMIT = 100
#: Candidates returned when a query gives no ``limit``.
DEFAULT_LIMIT = 10
#: Longest ``query`` string, in characters.
MAX_QUERY_CHARS = 500
#: Most types, properties, and values of one property in one query.
MAX_ITEMS = 50
#: Lowest name score a candidate may have.
MIN_SCORE = 60
#: A near-exact name is a match from this score on, when this far above the next candidate.
MATCH_SCORE, MATCH_GAP = 95.0, 10.0
#: Score of a name a resolved place-name mention gives an institution ("Kaapstad").
LOOSE_SCORE = 90.0
#: Score of a candidate found by its properties alone (no ``query``, no identifier).
PROPERTY_ONLY_SCORE = 50.0

#: The properties a query may use, by short name, and the IRIs that mean the same.
PROPERTIES = {
    "country": (str(CG.country),),
    "ror": (str(CG.ror),),
    "wikidata": (str(CG.wikidata),),
    "alliance": (str(ORG.memberOf), "org:memberOf"),
}
_PROPERTY_NAMES = {alias: name for name, aliases in PROPERTIES.items() for alias in (name, *aliases)}
_CALLBACK = re.compile(r"^[A-Za-z_$][\w$.]*$", re.ASCII)
_TYPE_STRICT = ("any", "should", "all")


@dataclass(frozen=True)
class Entity:
    """One canonical institution as the service shows it."""

    iri: str
    name: str
    other_names: tuple[str, ...]
    types: tuple[str, ...]  # its most specific institution classes
    classes: frozenset[str]  # every class, superclasses included
    countries: tuple[str, ...]
    ror: tuple[str, ...]  # bare ids, lower case: 02jz4aj89
    wikidata: tuple[str, ...]  # Q-ids: Q1137652
    alliances: tuple[str, ...]  # canonical alliance IRIs it is or was a member of


@dataclass
class Index:
    """Everything a reconciliation query needs, built once by :func:`build_index` (picklable)."""

    entities: dict[str, Entity] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)  # merged IRI → canonical IRI
    keys: list[str] = field(default_factory=list)  # distinct name forms
    owners: list[tuple[tuple[str, bool], ...]] = field(default_factory=list)  # per key: (iri, loose)
    position: dict[str, int] = field(default_factory=dict)  # name form → its place in keys
    blocks: dict[str, list[int]] = field(default_factory=dict)  # word or "^" + 4 letters → keys
    by_ror: dict[str, tuple[str, ...]] = field(default_factory=dict)
    by_wikidata: dict[str, tuple[str, ...]] = field(default_factory=dict)
    by_country: dict[str, tuple[str, ...]] = field(default_factory=dict)
    by_alliance: dict[str, tuple[str, ...]] = field(default_factory=dict)
    countries: dict[str, tuple[str, str]] = field(default_factory=dict)  # IRI → (code, name)
    country_keys: dict[str, str] = field(default_factory=dict)  # code or name form → IRI
    alliances: dict[str, str] = field(default_factory=dict)  # canonical alliance IRI → name
    alliance_keys: dict[str, frozenset[str]] = field(default_factory=dict)  # name form → IRIs
    class_names: dict[str, str] = field(default_factory=dict)  # institution classes: IRI → name

    def canonical(self, iri: str) -> str:
        """The canonical IRI of ``iri`` (itself when nothing was merged into another IRI)."""
        return self.aliases.get(iri, iri)

    def type_refs(self, entity: Entity) -> list[dict[str, str]]:
        """The entity's types as the API writes them: ``{"id", "name"}``."""
        return [{"id": t, "name": self.class_names.get(t, _last_segment(t))} for t in entity.types]

    def description(self, entity: Entity) -> str:
        """A short line telling namesakes apart: its kind and country."""
        parts = [", ".join(self.class_names.get(t, _last_segment(t)) for t in entity.types)]
        parts += [self.countries[c][1] for c in entity.countries if c in self.countries]
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class ReconciliationQuery:
    """One query of a batch, checked (:func:`parse_batch`)."""

    query: str = ""
    types: tuple[str, ...] = ()
    type_strict: str = "should"
    limit: int = DEFAULT_LIMIT
    properties: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (short pid, values)


# --- the index -------------------------------------------------------------------------------


def _last_segment(iri: str) -> str:
    return re.split(r"[/#]", iri.rstrip("/#"))[-1]


def _key(text: str) -> str:
    """The form names are compared in: :func:`~collabgraph.questions.reconcile.name_key`, else (a name in
    a script it drops, such as Chinese) the name without case and extra spaces."""
    return name_key(text) or " ".join(text.casefold().split())


def _ror(value: str) -> str:
    text = value.strip().lower()
    text = re.sub(r"^(https?://)?(www\.)?ror\.org/", "", text)
    return text.strip("/")


def _wikidata(value: str) -> str:
    text = value.strip().rstrip("/")
    return re.split(r"[/:]", text)[-1].upper()


def _expand(text: str) -> str:
    """A CURIE with a collabgraph prefix (``cg:University``) as a full IRI; anything else as given."""
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return str(PREFIXES[prefix]) + local
    return text


def institution_types(ds: Dataset, supers: dict | None = None) -> dict[str, str]:
    """The institution classes (``cg:Institution`` and its subclasses) and their English names.

    ``cg:Institution`` first, then by name: the manifest's default types. Reads only the class
    hierarchy and the classes' labels, so it is cheap enough for the server process.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> types = institution_types(load(sources="seeds"))
    >>> list(types.values())[:3]
    ['institution', 'association', 'company']
    >>> types["https://w3id.org/collabgraph/ontology#UniversityHospital"]
    'university hospital'
    """
    supers = supers if supers is not None else superclasses(ds)
    found = {str(c) for c, up in supers.items() if CG.Institution in up and isinstance(c, URIRef) and c != OWL.Nothing}
    found.add(str(CG.Institution))
    named = {}
    for cls in found:
        labels = sorted(((lab.language or "") != "en", str(lab)) for lab in ds.objects(URIRef(cls), RDFS.label))
        named[cls] = labels[0][1] if labels else _last_segment(cls)
    return {c: named[c] for c in sorted(found, key=lambda c: (c != str(CG.Institution), named[c], c))}


def build_index(ds: Dataset) -> Index:
    """Index the canonical institutions of ``ds`` for reconciliation queries.

    Reads the names with :func:`collabgraph.questions.lookup.names` (aliases merged by
    :func:`collabgraph.questions.reconcile.canonical`), classes with
    :func:`collabgraph.questions.labels.organisation_classes`, countries, ROR and Wikidata ids, and alliance
    memberships with :func:`collabgraph.questions.members.members` (former members included, planned ones
    not). Runs a few SPARQL queries, so the server runs it in a worker.

    Parameters
    ----------
    ds : Dataset
        A loaded dataset.

    Returns
    -------
    Index
        Plain dicts and lists (it crosses from the worker to the server process pickled).

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> index = build_index(load(sources="seeds"))
    >>> entity = index.entities["https://w3id.org/collabgraph/id/ukm"]
    >>> entity.name, index.type_refs(entity)[0]["name"], index.description(entity)
    ('University Hospital Münster', 'university hospital', 'university hospital, Germany')
    >>> "https://w3id.org/collabgraph/id/yerun" in index.entities  # an alliance is no candidate
    False
    """
    supers = superclasses(ds)
    classes = organisation_classes(ds, supers)
    idx = names(ds, classes)
    canon = canonical(ds, classes)
    index = Index(aliases=dict(canon.canonical))

    index.class_names = institution_types(ds, supers)
    institution_classes = set(index.class_names)

    def values(prop: URIRef) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for s, o in ds.subject_objects(prop):
            found.setdefault(canon(str(s)), set()).add(str(o))
        return found

    country_of, ror_of, wikidata_of = values(CG.country), values(CG.ror), values(CG.wikidata)
    for country in {c for cs in country_of.values() for c in cs} | {str(s) for s in ds.subjects(RDF.type, CG.Country)}:
        node = URIRef(country)
        codes = sorted(str(n) for n in ds.objects(node, SKOS.notation))
        labels = sorted(((lab.language or "") != "en", str(lab)) for lab in ds.objects(node, SKOS.prefLabel))
        index.countries[country] = (codes[0] if codes else "", labels[0][1] if labels else _last_segment(country))
        for text in codes + [t for _, t in labels] + [str(a) for a in ds.objects(node, SKOS.altLabel)]:
            index.country_keys.setdefault(_key(text), country)
        index.country_keys.setdefault(country.casefold(), country)

    group_classes: dict[str, set[URIRef]] = {}
    for iri, cls in classes.items():
        group_classes.setdefault(canon(iri), set()).update(cls)

    member_of: dict[str, set[str]] = {}
    for alliance in sorted({canon(a) for a in idx.alliances}):
        index.alliances[alliance] = idx.label(alliance)
        for text in [idx.label(alliance), *idx.alt_labels(alliance)]:
            key = _key(text)
            index.alliance_keys[key] = index.alliance_keys.get(key, frozenset()) | {alliance}
        try:
            listed = members(ds, alliance, former=True, index=idx)
        except CollabgraphError:  # an alliance with no name to resolve it by
            continue
        for m in listed:
            member_of.setdefault(m.iri, set()).add(alliance)

    loose: dict[str, set[str]] = {}  # institution → name forms only a resolved mention gives it
    for mention in canon.mentions:
        if mention.resolved is not None:
            loose.setdefault(canon(mention.resolved), set()).update(_key(t) for t in mention.texts)
    for iri, forms in loose.items():
        for alias in canon.aliases(iri):
            for prop in (SKOS.prefLabel, SKOS.altLabel):
                forms.difference_update(_key(str(o)) for o in ds.objects(URIRef(alias), prop))

    kinds: dict[frozenset, tuple[frozenset[str], tuple[str, ...]]] = {}  # classes → (as text, most specific)
    owners: dict[str, dict[str, bool]] = {}
    for iri, cls in sorted(group_classes.items()):
        if iri in index.aliases or CG.Institution not in cls or CG.UnresolvedOrganization in cls:
            continue
        frozen = frozenset(cls)
        if frozen not in kinds:
            mine = frozenset(str(c) for c in cls)
            inside = mine & institution_classes
            specific = [
                c for c in inside if not any(c != other and URIRef(c) in supers.get(URIRef(other), ()) for other in inside)
            ]
            kinds[frozen] = (mine, tuple(sorted(specific, key=lambda c: (index.class_names[c], c))))
        mine, specific = kinds[frozen]
        entity = Entity(
            iri=iri,
            name=idx.label(iri),
            other_names=tuple(idx.alt_labels(iri)),
            types=specific,
            classes=mine,
            countries=tuple(sorted(country_of.get(iri, ()))),
            ror=tuple(sorted({_ror(v) for v in ror_of.get(iri, ())})),
            wikidata=tuple(sorted({_wikidata(v) for v in wikidata_of.get(iri, ())})),
            alliances=tuple(sorted(member_of.get(iri, ()))),
        )
        index.entities[iri] = entity
        for text in (entity.name, *entity.other_names):
            key = _key(text)
            if key:
                forms = owners.setdefault(key, {})
                forms[iri] = forms.get(iri, True) and key in loose.get(iri, ())

    for key, owned in owners.items():
        index.position[key] = len(index.keys)
        index.keys.append(key)
        index.owners.append(tuple(sorted(owned.items())))
        for block in _blocks(key):
            index.blocks.setdefault(block, []).append(index.position[key])

    for attribute, table in (
        ("ror", index.by_ror),
        ("wikidata", index.by_wikidata),
        ("countries", index.by_country),
        ("alliances", index.by_alliance),
    ):
        grouped: dict[str, list[str]] = {}
        for entity in index.entities.values():
            for value in getattr(entity, attribute):
                grouped.setdefault(value, []).append(entity.iri)
        table.update({value: tuple(iris) for value, iris in grouped.items()})
    return index


def _blocks(key: str) -> set[str]:
    """The blocks a name form is filed under: each word, and the first four letters of each."""
    found = set()
    for word in key.split():
        found.add(word)
        if len(word) > 4:
            found.add("^" + word[:4])
    return found


# --- the manifest ------------------------------------------------------------------------------


def manifest(types: dict[str, str], base_url: str) -> dict[str, Any]:
    """The service manifest: name, spaces, default types, view and preview templates.

    Parameters
    ----------
    types : dict
        The default types, IRI → name: :func:`institution_types`.
    base_url : str
        The server's root URL as the client reached it (``http://127.0.0.1:8000/``): the view
        and preview templates are absolute, since the client opens them from its own pages.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> m = manifest(institution_types(load(sources="seeds")), "http://127.0.0.1:8000/")
    >>> m["versions"], m["identifierSpace"], m["defaultTypes"][0]["name"]
    (['0.1', '0.2'], 'https://w3id.org/collabgraph/id/', 'institution')
    >>> m["preview"]["url"]
    'http://127.0.0.1:8000/reconcile/preview?id={{id}}'
    """
    from collabgraph.version import __version__

    base = base_url if base_url.endswith("/") else base_url + "/"
    return {
        "versions": ["0.1", "0.2"],
        "name": "collabgraph institutions",
        "identifierSpace": str(CGR),
        "schemaSpace": str(CG),
        "serviceVersion": __version__,
        "defaultTypes": [{"id": iri, "name": name} for iri, name in types.items()],
        # The query page runs a DESCRIBE of the entity and shows its triples.
        "view": {"url": base + "?query=DESCRIBE%20%3C{{id}}%3E&run=1"},
        "preview": {"url": base + "reconcile/preview?id={{id}}", "width": 420, "height": 180},
        "batchSize": MAX_QUERIES,
    }


# --- parsing a batch ---------------------------------------------------------------------------


def _bad(message: str) -> ProtocolError:
    return ProtocolError(400, message)


def _property_values(name: str, value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    if len(items) > MAX_ITEMS:
        raise _bad(f"{name}: at most {MAX_ITEMS} values")
    found = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("id", item.get("name"))
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            raise _bad(f"{name}: a value must be a string, a number or an object with an id")
        found.append(str(item))
    return tuple(found)


def _one_query(name: str, spec: Any) -> ReconciliationQuery:
    if not isinstance(spec, dict):
        raise _bad(f"{name}: a query must be a JSON object")
    text = spec.get("query", "")
    if not isinstance(text, str):
        raise _bad(f"{name}: query must be a string")
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_CHARS:
        raise _bad(f"{name}: query is longer than {MAX_QUERY_CHARS} characters")
    types = spec.get("type", [])
    types = [types] if isinstance(types, str) else types
    if not isinstance(types, list) or not all(isinstance(t, str) for t in types) or len(types) > MAX_ITEMS:
        raise _bad(f"{name}: type must be a type id or a list of at most {MAX_ITEMS} type ids")
    strict = spec.get("type_strict", "should")
    if strict not in _TYPE_STRICT:
        raise _bad(f"{name}: type_strict must be one of {', '.join(_TYPE_STRICT)}")
    limit = spec.get("limit", DEFAULT_LIMIT)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise _bad(f"{name}: limit must be a whole number from 1 to {MAX_LIMIT}")
    props = spec.get("properties", [])
    if not isinstance(props, list) or len(props) > MAX_ITEMS:
        raise _bad(f"{name}: properties must be a list of at most {MAX_ITEMS} objects")
    properties = []
    for prop in props:
        if not isinstance(prop, dict):
            raise _bad(f"{name}: each property must be an object with pid and v")
        pid = prop.get("pid", prop.get("p"))
        if not isinstance(pid, str) or "v" not in prop:
            raise _bad(f"{name}: each property must be an object with pid and v")
        short = _PROPERTY_NAMES.get(pid.strip()) or _PROPERTY_NAMES.get(_expand(pid.strip()))
        if short is None:
            raise _bad(f"{name}: unknown property {pid[:80]!r}; known: {', '.join(PROPERTIES)}")
        properties.append((short, _property_values(f"{name}: {short}", prop["v"])))
    if not text and not properties:
        raise _bad(f"{name}: give a query string, properties or both")
    return ReconciliationQuery(text, tuple(_expand(t.strip()) for t in types), strict, limit, tuple(properties))


def parse_batch(batch: str | Any) -> dict[str, ReconciliationQuery]:
    """Check a reconciliation query batch: JSON text, or the object it decodes to.

    Raises
    ------
    ProtocolError
        With status 400 and a one-line message naming the query: not JSON, not an object, more
        than :data:`MAX_QUERIES` queries, a ``query`` that is not a string, a ``limit`` that is
        not a whole number from 1 to :data:`MAX_LIMIT`, an unknown property...

    Examples
    --------
    >>> parse_batch('{"q0": {"query": "UMC Utrecht", "limit": 3, "properties": [{"pid": "country", "v": "NL"}]}}')
    {'q0': ReconciliationQuery(query='UMC Utrecht', types=(), type_strict='should', limit=3, properties=(('country', ('NL',)),))}
    >>> parse_batch('{"q0": {"query": 42}}')
    Traceback (most recent call last):
    ...
    collabgraph.server.protocol.ProtocolError: q0: query must be a string
    """
    if isinstance(batch, str | bytes):
        try:
            batch = json.loads(batch)
        except (ValueError, RecursionError):
            raise _bad("queries is not valid JSON") from None
    if not isinstance(batch, dict):
        raise _bad("queries must be a JSON object of named queries")
    if len(batch) > MAX_QUERIES:
        raise _bad(f"at most {MAX_QUERIES} queries in one batch, not {len(batch)}")
    return {name: _one_query(name[:40], spec) for name, spec in batch.items()}


# --- answering ------------------------------------------------------------------------------


@dataclass
class _Candidate:
    iri: str
    score: float
    exact: bool = False  # an exact name, or the entity's own IRI
    identified: bool = False  # the ROR or Wikidata id given
    form: str = ""  # the name form that scored best


def _name_candidates(index: Index, text: str, pool: int) -> dict[str, _Candidate]:
    found: dict[str, _Candidate] = {}

    def offer(iri: str, score: float, exact: bool, form: str) -> None:
        score = round(score, 1)
        old = found.get(iri)
        if old is None or (score, exact) > (old.score, old.exact):
            found[iri] = _Candidate(iri, score, exact, form=form)

    target = index.canonical(_expand(text))
    if target in index.entities:
        offer(target, 100.0, True, "")
    key = _key(text)
    if not key:
        return found
    cap = max(200, len(index.keys) // 100)
    chosen: set[int] = set()
    for block in _blocks(key):
        posting = index.blocks.get(block, ())
        if len(posting) <= cap:
            chosen.update(posting)
    if key in index.position:
        chosen.add(index.position[key])
    if chosen:
        choices: list[str] | dict[int, str] = {i: index.keys[i] for i in chosen}
    else:  # no word of the query is both known and uncommon: every name
        choices = index.keys
    for _, score, pos in process.extract(key, choices, scorer=fuzz.WRatio, processor=None, limit=pool, score_cutoff=MIN_SCORE):
        form = index.keys[pos]
        for iri, loose in index.owners[pos]:
            if loose:
                offer(iri, min(score, LOOSE_SCORE), False, form)
            elif form == key:
                offer(iri, 100.0, True, form)
            else:
                offer(iri, min(score, 99.0), False, form)
    return found


def _resolved(index: Index, prop: str, values: tuple[str, ...]) -> set[str] | None:
    """The property's values in the index's terms; None when none of them is known."""
    if prop == "ror":
        return {_ror(v) for v in values}
    if prop == "wikidata":
        return {_wikidata(v) for v in values}
    if prop == "country":
        found = {
            index.country_keys.get(v.strip().casefold())
            or index.country_keys.get(_key(v))
            or index.country_keys.get(_expand(v.strip()).casefold())
            for v in values
        }
    else:
        found = set()
        for v in values:
            iri = index.canonical(_expand(v.strip()))
            found |= {iri} if iri in index.alliances else set(index.alliance_keys.get(_key(v), ()))
    found.discard(None)
    return found or None


def _fits(index: Index, entity: Entity, query: ReconciliationQuery, wanted: dict[str, set[str]]) -> bool:
    if query.types:
        inside = [t in entity.classes for t in query.types]
        if not (all(inside) if query.type_strict == "all" else any(inside)):
            return False
    for prop, attribute in (("ror", "ror"), ("wikidata", "wikidata"), ("country", "countries")):
        known = getattr(entity, attribute)
        if prop in wanted and known and not wanted[prop] & set(known):
            return False
    return "alliance" not in wanted or bool(wanted["alliance"] & set(entity.alliances))


def reconcile_one(index: Index, query: ReconciliationQuery) -> list[dict[str, Any]]:
    """The candidates for one query, best first, ``match`` set on the top one when unambiguous.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> index = build_index(load(sources="seeds"))
    >>> [(c["name"], c["score"], c["match"]) for c in reconcile_one(index, ReconciliationQuery("Universität Münster", limit=1))]
    [('University of Münster', 100.0, True)]
    >>> top = reconcile_one(index, ReconciliationQuery("Provincie Limburg"))[:2]
    >>> sorted(c["name"] for c in top), [c["match"] for c in top]
    (['Province of Limburg (Belgium)', 'Province of Limburg (Netherlands)'], [False, False])
    >>> [c["name"] for c in reconcile_one(index, ReconciliationQuery("Provincie Limburg", properties=(("country", ("BE",)),)))]
    ['Province of Limburg (Belgium)']
    """
    wanted: dict[str, set[str]] = {}
    for prop, values in query.properties:
        resolved = _resolved(index, prop, values)
        if resolved is not None:
            wanted[prop] = wanted.get(prop, set()) | resolved
    found: dict[str, _Candidate] = {}
    if query.query:
        found = _name_candidates(index, query.query, query.limit * 5 + 50)
    identified = {
        iri
        for prop, table in (("ror", index.by_ror), ("wikidata", index.by_wikidata))
        for value in wanted.get(prop, ())
        for iri in table.get(value, ())
    }
    for iri in identified:
        old = found.get(iri)
        found[iri] = _Candidate(iri, 100.0, bool(old and old.exact), True, old.form if old else "")
    if not query.query and not identified:  # properties only: who has them all
        tables = [(index.by_country, "country"), (index.by_alliance, "alliance")]
        pools = [{i for v in wanted[p] for i in table.get(v, ())} for table, p in tables if p in wanted]
        for iri in set.intersection(*pools) if pools else ():
            found[iri] = _Candidate(iri, PROPERTY_ONLY_SCORE)
    ranked = sorted(
        (c for c in found.values() if _fits(index, index.entities[c.iri], query, wanted)),
        key=lambda c: (-c.score, not c.identified, not c.exact, index.entities[c.iri].name.casefold(), c.iri),
    )
    match = bool(ranked) and _unambiguous(ranked, _key(query.query))
    return [
        {
            "id": c.iri,
            "name": index.entities[c.iri].name,
            "type": index.type_refs(index.entities[c.iri]),
            "score": c.score,
            "match": match and i == 0,
            "description": index.description(index.entities[c.iri]),
        }
        for i, c in enumerate(ranked[: query.limit])
    ]


def _unambiguous(ranked: list[_Candidate], key: str) -> bool:
    top, rest = ranked[0], ranked[1:]
    if top.identified:
        return not any(c.identified for c in rest)
    if top.exact:
        if any(c.exact for c in rest):
            return False
        words = key.split()
        return not (len(words) == 1 and any(words[0] in c.form.split() for c in rest))
    return top.score >= MATCH_SCORE and (not rest or top.score - rest[0].score >= MATCH_GAP)


def answer_batch(index: Index, batch: dict[str, ReconciliationQuery]) -> dict[str, dict[str, list]]:
    """The reconciliation result batch for a checked query batch (:func:`parse_batch`).

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> index = build_index(load(sources="seeds"))
    >>> result = answer_batch(index, parse_batch('{"q0": {"query": "UMC Utrecht", "limit": 1}}'))
    >>> result["q0"]["result"][0]["id"], result["q0"]["result"][0]["match"]
    ('https://w3id.org/collabgraph/id/umc-utrecht', True)
    """
    return {name: {"result": reconcile_one(index, query)} for name, query in batch.items()}


# --- the preview ------------------------------------------------------------------------------

_PREVIEW = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ e.name }}</title>
<style nonce="{{ nonce }}">
body { font: 13px/1.4 system-ui, sans-serif; margin: 6px 8px; color: #222; }
h1 { font-size: 15px; margin: 0 0 2px; } p { margin: 2px 0; } .k { color: #666; }
code { font-size: 11px; color: #555; word-break: break-all; }
</style></head>
<body>
<h1>{{ e.name }}</h1>
<p>{{ kinds }}{% if countries %} · {{ countries }}{% endif %}</p>
{% if e.other_names %}<p><span class="k">Also:</span> {{ e.other_names | join(", ") }}</p>{% endif %}
{% if alliances %}<p><span class="k">Member of:</span> {{ alliances | join(", ") }}</p>{% endif %}
{% if e.ror or e.wikidata %}<p>{% if e.ror %}<span class="k">ROR:</span> {{ e.ror | join(", ") }} {% endif %}
{% if e.wikidata %}<span class="k">Wikidata:</span> {{ e.wikidata | join(", ") }}{% endif %}</p>{% endif %}
<p><code>{{ e.iri }}</code></p>
</body></html>
"""


_UNKNOWN = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Unknown institution</title></head>
<body><p>No institution has the IRI <code>{{ iri }}</code>.</p></body></html>
"""


@lru_cache(maxsize=1)
def _templates():
    env = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env.from_string(_PREVIEW), env.from_string(_UNKNOWN)


def preview_html(index: Index, iri: str, nonce: str = "") -> str | None:
    """A small HTML page about the institution ``iri`` (an alias gives its canonical one), or None.

    Every label is escaped; the page loads nothing and runs no script. ``nonce`` is the
    Content-Security-Policy nonce of its one ``<style>`` element.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> index = build_index(load(sources="seeds"))
    >>> page = preview_html(index, "https://w3id.org/collabgraph/id/ukm")
    >>> "<h1>University Hospital Münster</h1>" in page, "UKM" in page, "<script" in page
    (True, True, False)
    >>> preview_html(index, "https://example.org/nobody") is None
    True
    """
    entity = index.entities.get(index.canonical(_expand(iri)))
    if entity is None:
        return None
    return _templates()[0].render(
        e=entity,
        nonce=nonce,
        kinds=", ".join(t["name"] for t in index.type_refs(entity)) or "institution",
        countries=", ".join(index.countries[c][1] for c in entity.countries if c in index.countries),
        alliances=[index.alliances.get(a, a) for a in entity.alliances],
    )


# --- HTTP -----------------------------------------------------------------------------------


def check_callback(name: str) -> str:
    """A JSONP callback name, if it is a plain JavaScript identifier path (else a 400).

    Examples
    --------
    >>> check_callback("jQuery3600_17.done")
    'jQuery3600_17.done'
    >>> check_callback("alert(1)//")
    Traceback (most recent call last):
    ...
    collabgraph.server.protocol.ProtocolError: callback must be a JavaScript name (letters, digits, _, $ and .)
    """
    if len(name) > 128 or not _CALLBACK.fullmatch(name):
        raise _bad("callback must be a JavaScript name (letters, digits, _, $ and .)")
    return name


_HEADERS = {"X-Content-Type-Options": "nosniff", "Access-Control-Allow-Origin": "*"}


def _json(value: Any, *, status: int = 200, callback: str | None = None, **headers: str) -> Response:
    if callback:  # the leading comment keeps the body from being read as anything but script
        body = f"/**/{callback}({json.dumps(value, ensure_ascii=True)});"
        return Response(body, status, media_type="application/javascript; charset=utf-8", headers={**_HEADERS, **headers})
    return Response(
        json.dumps(value, ensure_ascii=False),
        status,
        media_type="application/json; charset=utf-8",
        headers={**_HEADERS, **headers},
    )


def _error(status: int, message: str, **headers: str) -> Response:
    return _json({"error": " ".join(str(message).split())}, status=status, **headers)


def _params(request: Request) -> list[tuple[str, str]]:
    try:
        text = request.scope.get("query_string", b"").decode("utf-8")
    except UnicodeDecodeError:
        raise _bad("the URL's query string is not UTF-8") from None
    return parse_params(text)


def _single(params: list[tuple[str, str]], name: str) -> str | None:
    found = [v for n, v in params if n == name]
    if len(found) > 1:
        raise _bad(f"give {name} once")
    return found[0] if found else None


class _Service:
    """The routes' handlers; the index, built on first use by ``load`` and kept."""

    def __init__(self, ds: Dataset, load: Callable[[], Awaitable[Index]], read_body: Callable[[Request], Awaitable[bytes]]):
        import asyncio

        self.ds, self.load, self.read_body = ds, load, read_body
        self.index: Index | None = None
        self.types: dict[str, str] | None = None
        self.lock = asyncio.Lock()
        self.warming: set[asyncio.Task] = set()

    async def ready(self) -> Index:
        async with self.lock:
            if self.index is None:
                self.index = await self.load()
        return self.index

    def warm(self) -> None:
        """Start building the index now (a client that asked for the manifest queries next)."""
        import asyncio

        async def build() -> None:
            try:
                await self.ready()
            except CollabgraphError:  # the next request tries again and reports it
                pass

        if self.index is None and not self.warming:
            task = asyncio.get_running_loop().create_task(build())
            self.warming.add(task)
            task.add_done_callback(self.warming.discard)

    async def _queries(self, request: Request, params: list[tuple[str, str]]) -> Any:
        """The ``queries`` of the request (JSON text or the decoded object), or None for none."""
        found = _single(params, "queries")
        if request.method != "POST":
            return found
        body = await self.read_body(request)
        kind, _ = media_type(request.headers.get("content-type"))
        if not body.strip():
            return found
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise _bad("the request body is not UTF-8") from None
        if kind == "application/json":
            try:
                decoded = json.loads(text)
            except (ValueError, RecursionError):
                raise _bad("the request body is not valid JSON") from None
            if not isinstance(decoded, dict) or "queries" not in decoded:
                raise _bad('a JSON body must be an object {"queries": {...}}')
            if found is not None:
                raise _bad("give queries once")
            return decoded["queries"]
        if kind in ("application/x-www-form-urlencoded", ""):
            form = _single(parse_params(text), "queries")
            if form is not None and found is not None:
                raise _bad("give queries once")
            return form if form is not None else found
        raise _bad("send queries as application/x-www-form-urlencoded (a queries field) or application/json")

    async def reconcile(self, request: Request) -> Response:
        if request.method == "OPTIONS":  # a CORS preflight (JSON bodies need one)
            return Response(
                status_code=204,
                headers={
                    **_HEADERS,
                    "Access-Control-Allow-Methods": "GET, POST",
                    "Access-Control-Allow-Headers": "Content-Type",
                    "Access-Control-Max-Age": "600",
                },
            )
        try:
            params = _params(request)
            callback = _single(params, "callback")
            callback = check_callback(callback) if callback is not None else None
            queries = await self._queries(request, params)
            if queries is None and request.method == "POST":
                raise _bad("no queries given")
            batch = parse_batch(queries) if queries is not None else None
        except ProtocolError as exc:
            return _error(exc.status, str(exc))
        if batch is None:  # the manifest needs only the class hierarchy: no wait for the index
            if self.types is None:
                self.types = institution_types(self.ds)
            self.warm()
            return _json(manifest(self.types, str(request.base_url)), callback=callback)
        try:
            index = await self.ready()
        except CollabgraphError as exc:
            return _error(503, f"the reconciliation index could not be built: {exc}", **{"Retry-After": "5"})
        from starlette.concurrency import run_in_threadpool

        return _json(await run_in_threadpool(answer_batch, index, batch), callback=callback)

    async def preview(self, request: Request) -> Response:
        try:
            iri = _single(_params(request), "id")
            if not iri or not iri.strip():
                raise _bad("give the institution's IRI as id")
        except ProtocolError as exc:
            return _error(exc.status, str(exc))
        try:
            index = await self.ready()
        except CollabgraphError as exc:
            return _error(503, f"the reconciliation index could not be built: {exc}", **{"Retry-After": "5"})
        nonce = secrets.token_urlsafe(16)
        page = preview_html(index, iri.strip(), nonce)
        status = 200
        if page is None:
            status = 404
            page = _templates()[1].render(iri=iri)
        # Shown in the client's <iframe>: no frame-ancestors limit, nothing to load, no script.
        return Response(
            page,
            status,
            media_type="text/html; charset=utf-8",
            headers={
                **_HEADERS,
                "Referrer-Policy": "no-referrer",
                "Content-Security-Policy": f"default-src 'none'; style-src 'nonce-{nonce}'; base-uri 'none'; form-action 'none'",
            },
        )


def reconciliation_routes(
    ds: Dataset, load: Callable[[], Awaitable[Index]], read_body: Callable[[Request], Awaitable[bytes]]
) -> list[Route]:
    """The routes ``/reconcile`` and ``/reconcile/preview`` for an application.

    Parameters
    ----------
    ds : Dataset
        The served dataset; the manifest reads its class hierarchy (:func:`institution_types`).
    load : async callable
        Returns the :class:`Index` of ``ds`` (the server builds it in a worker with
        :func:`build_index`); awaited once, on the first query or preview (or in the background
        once the manifest was asked for), and kept. A
        :class:`~collabgraph.errors.CollabgraphError` it raises is a 503, and the next request
        tries again.
    read_body : async callable
        Reads a request's body under the server's size limit, raising
        :class:`~collabgraph.server.protocol.ProtocolError` (413) beyond it.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> ds = load(sources="seeds")
    >>> async def ready(): return build_index(ds)
    >>> async def body(request): return await request.body()
    >>> [r.path for r in reconciliation_routes(ds, ready, body)]
    ['/reconcile', '/reconcile/preview']
    """
    service = _Service(ds, load, read_body)
    return [
        Route("/reconcile", service.reconcile, methods=["GET", "POST", "OPTIONS"]),
        Route("/reconcile/preview", service.preview, methods=["GET"]),
    ]
