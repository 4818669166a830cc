"""One institution, one node: decide which IRIs denote the same institution across layers.

The seed graphs, the public member lists and a user's own files each name institutions. Two IRIs
are merged when one of these says so, strongest first:

1. an ``owl:sameAs`` triple in the data (a curator's or user's decision);
2. the same ROR id or Wikidata entity (``cg:ror``, ``cg:wikidata``);
3. the same full name (any preferred or alternative label of at least two words, compared without
   case, accents or punctuation), where the two do not disagree on country.

Each merge keeps its evidence (:class:`Merge`). Pairs that look alike but are not decided by
these rules (a fuzzy name match, rapidfuzz ``token_sort_ratio`` ≥ 90, in the same country) are
reported as :class:`Undecided` and never merged. Place names and partial names
(``cg:UnresolvedOrganization``) are never merged: they stay mentions.

**Canonical IRI, not rewriting.** Nothing in the data is rewritten: every read (partners,
members, the network and so what is drawn and exported) maps each IRI to one canonical IRI with
:func:`canonical`, the IRI curated in a seed graph first, then the public lists', then a user's,
then the shortest. ``collabgraph reconcile`` prints the merges and the undecided pairs, and
``--format ttl`` writes the merges as ``owl:sameAs`` triples a curator can add to the data.

Hand-written union–find over three exact keys: the fuzzy part uses rapidfuzz.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from rdflib import OWL, Dataset, URIRef
from rdflib.namespace import SKOS

from .facts import organisation_classes
from .namespaces import CG, ORG
from .query import run_named

__all__ = ["Merge", "Undecided", "Mention", "Reconciliation", "reconcile", "canonical", "name_key"]


@dataclass(frozen=True)
class Merge:
    """Two IRIs found to denote one institution, and why."""

    canonical: str
    alias: str
    rule: str  # sameAs | ror | wikidata | name
    evidence: str


@dataclass(frozen=True)
class Undecided:
    """Two institutions whose names look alike, left apart for a curator."""

    a: str
    b: str
    score: float
    names: tuple[str, str]


@dataclass(frozen=True)
class Mention:
    """A place name or partial name a fact mentions (``cg:mentions``), and who it may denote.

    ``candidates`` are the members of the alliance the fact is about whose names contain the
    mention's text, in a compatible country, each with the page that lists it; ``resolved`` is
    the one candidate when there is exactly one, else None. A mention is never a party or a
    member: resolving it only lets a search for the text's own form find the institution.
    """

    mention: str
    texts: tuple[str, ...]
    fact: str
    candidates: tuple[tuple[str, str], ...]  # (institution, source page)
    resolved: str | None


@dataclass
class Reconciliation:
    """The merges, the undecided pairs, the mentions, and the canonical IRI of every organisation."""

    merges: list[Merge] = field(default_factory=list)
    undecided: list[Undecided] = field(default_factory=list)
    canonical: dict[str, str] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)

    def __call__(self, iri: str) -> str:
        """The canonical IRI of ``iri`` (itself when nothing was merged)."""
        return self.canonical.get(iri, iri)

    def aliases(self, iri: str) -> list[str]:
        """Every IRI merged into ``iri``'s canonical one, itself included, sorted."""
        top = self(iri)
        return sorted({top} | {a for a, c in self.canonical.items() if c == top})


def name_key(text: str) -> str:
    """A name without case, accents, punctuation or a leading article.

    Examples
    --------
    >>> name_key("The Chinese University of Hong Kong"), name_key("Universität  Würzburg")
    ('chinese university of hong kong', 'universitat wurzburg')
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    words = re.sub(r"[^a-z0-9]+", " ", ascii_text).split()
    if words and words[0] in {"the", "de", "la", "le", "het", "die", "der"}:
        words = words[1:]
    return " ".join(words)


def _layer(graph: str) -> int:
    for rank, part in enumerate(("/graph/seed/", "/graph/public/", "/graph/user/")):
        if part in graph:
            return rank
    return 3


class _UnionFind:
    def __init__(self, rank):
        self.parent: dict[str, str] = {}
        self.rank = rank

    def find(self, x: str) -> str:
        while self.parent.get(x, x) != x:
            self.parent[x] = self.parent.get(self.parent[x], self.parent[x])
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        keep, drop = sorted((ra, rb), key=self.rank)
        self.parent[drop] = keep
        return True


def reconcile(ds: Dataset, *, fuzzy: float = 90.0) -> Reconciliation:
    """Decide which organisation IRIs in ``ds`` denote the same institution.

    Parameters
    ----------
    ds : Dataset
        A loaded dataset (every layer it holds takes part).
    fuzzy : float
        Names at least this similar (rapidfuzz ``token_sort_ratio``) in the same country are
        reported as undecided.

    Examples
    --------
    >>> from collabgraph.load import load
    >>> r = reconcile(load())
    >>> all(m.rule in {"sameAs", "ror", "wikidata", "name"} for m in r.merges)
    True
    >>> r("https://w3id.org/collabgraph/id/ukm")
    'https://w3id.org/collabgraph/id/ukm'
    """
    classes = organisation_classes(ds)
    orgs = {iri for iri, cls in classes.items()
            if ORG.OrganizationalCollaboration not in cls and CG.UnresolvedOrganization not in cls}
    layers: dict[str, int] = {}

    def layer(iri: str) -> int:  # read only for IRIs that take part in a merge
        if iri not in layers:
            rows = run_named(ds, "defining_graphs", resource=URIRef(iri))
            layers[iri] = min((_layer(r["g"]) for r in rows), default=9)
        return layers[iri]

    rank = lambda iri: (layer(iri), len(iri), iri)  # noqa: E731
    uf = _UnionFind(rank)
    pending: list[tuple[str, str, str, str]] = []

    for s, o in ds.subject_objects(OWL.sameAs):
        if str(s) in orgs and str(o) in orgs:
            pending.append((str(s), str(o), "sameAs", f"owl:sameAs <{o}>"))
    for prop, rule in ((CG.ror, "ror"), (CG.wikidata, "wikidata")):
        by_id: dict[str, list[str]] = {}
        for s, o in ds.subject_objects(prop):
            if str(s) in orgs:
                by_id.setdefault(str(o), []).append(str(s))
        for ident, iris in by_id.items():
            if len(set(iris)) < 2:
                continue
            first, *rest = sorted(set(iris), key=rank)
            pending.extend((first, other, rule, f"same {rule} id {ident}") for other in rest)

    country: dict[str, set[str]] = {}
    for s, o in ds.subject_objects(CG.country):
        country.setdefault(str(s), set()).add(str(o))
    labels: dict[str, set[str]] = {}
    for prop in (SKOS.prefLabel, SKOS.altLabel):
        for s, o in ds.subject_objects(prop):
            if str(s) in orgs:
                labels.setdefault(str(s), set()).add(str(o))
    by_name: dict[str, list[str]] = {}
    for iri, texts in labels.items():
        for text in texts:
            key = name_key(text)
            if len(key.split()) >= 2:
                by_name.setdefault(key, []).append(iri)
    for key, iris in by_name.items():
        if len(set(iris)) < 2:
            continue
        unique = sorted(set(iris), key=rank)
        for other in unique[1:]:
            a, b = country.get(unique[0], set()), country.get(other, set())
            if a and b and not (a & b):
                continue
            pending.append((unique[0], other, "name", f"same name '{key}'"))

    result = Reconciliation()
    for a, b, rule, evidence in pending:
        if uf.union(a, b):
            result.merges.append(Merge(uf.find(a), b if uf.find(a) != b else a, rule, evidence))
    members = {iri for pair in pending for iri in pair[:2]}
    result.canonical = {iri: uf.find(iri) for iri in members if uf.find(iri) != iri}
    result.merges = [Merge(uf.find(m.canonical), m.alias, m.rule, m.evidence) for m in result.merges]

    names_by_country: dict[str, list[tuple[str, str]]] = {}
    for iri, texts in labels.items():
        for c in country.get(iri, {""}):
            names_by_country.setdefault(c, []).extend((name_key(t), iri) for t in texts)
    seen: set[tuple[str, str]] = set()
    for c, entries in names_by_country.items():
        if not c:
            continue
        choices = [key for key, _ in entries]
        for key, iri in entries:
            if len(key.split()) < 2:
                continue
            for _, score, j in process.extract(key, choices, scorer=fuzz.token_sort_ratio,
                                               score_cutoff=fuzzy, limit=None):
                other = entries[j][1]
                a, b = sorted((result(iri), result(other)))
                if a == b or (a, b) in seen:
                    continue
                seen.add((a, b))
                result.undecided.append(Undecided(a, b, round(score, 1), (key, entries[j][0])))
    result.undecided.sort(key=lambda u: (-u.score, u.a, u.b))
    result.mentions = _mentions(ds, classes, labels, country, result)
    return result


def _mentions(ds: Dataset, classes: dict, labels: dict, country: dict,
              result: Reconciliation) -> list[Mention]:
    """Candidates for each unresolved mention among the members of the alliance it is about."""
    found = []
    for row in run_named(ds, "mention_candidates"):
        mention = row["mention"]
        if CG.UnresolvedOrganization not in classes.get(mention, ()):
            continue
        texts = sorted({str(o) for o in ds.objects(URIRef(mention), SKOS.prefLabel)}
                       | {str(o) for o in ds.objects(URIRef(mention), SKOS.altLabel)})
        keys = {name_key(t) for t in texts} - {""}
        where = country.get(mention, set())
        member = result(row["member"])
        if where and country.get(member) and not where & country[member]:
            continue
        names_of = {name_key(t) for t in labels.get(row["member"], ())}
        if any(f" {k} " in f" {n} " for k in keys for n in names_of):
            found.append((mention, tuple(texts), row["fact"], member, row["source"] or ""))
    by_mention: dict[tuple, dict[str, str]] = {}
    for mention, texts, fact, member, source in found:
        sources = by_mention.setdefault((mention, texts, fact), {})
        sources[member] = min(filter(None, (sources.get(member), source)), default="")
    mentions = []
    for (mention, texts, fact), candidates in sorted(by_mention.items()):
        pairs = tuple(sorted(candidates.items()))
        mentions.append(Mention(mention, texts, fact, pairs, pairs[0][0] if len(pairs) == 1 else None))
    return mentions


_CACHE: dict[int, Reconciliation] = {}


def canonical(ds: Dataset) -> Reconciliation:
    """The reconciliation of ``ds``, computed once per dataset object.

    Examples
    --------
    >>> from collabgraph.load import load
    >>> ds = load(sources="seeds")
    >>> canonical(ds) is canonical(ds)
    True
    """
    key = id(ds)
    if key not in _CACHE:
        _CACHE[key] = reconcile(ds)
        weakref.finalize(ds, _CACHE.pop, key, None)
    return _CACHE[key]


def same_as_triples(result: Reconciliation) -> list[tuple[URIRef, URIRef, URIRef]]:
    """The merges as ``owl:sameAs`` triples (alias → canonical), for a curator to keep."""
    return [(URIRef(m.alias), OWL.sameAs, URIRef(m.canonical)) for m in result.merges]
