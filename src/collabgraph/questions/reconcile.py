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
from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from rdflib import OWL, Dataset, URIRef
from rdflib.namespace import SKOS

from collabgraph.namespaces import CG, ORG
from collabgraph.questions.labels import organisation_classes, values_of
from collabgraph.sparql.query import nameable, run_for, run_named

__all__ = ["Merge", "Undecided", "Mention", "Reconciliation", "reconcile", "canonical", "forget", "name_key"]


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
    #: The preferred labels asserted for each canonical IRI that has aliases (not the inferred
    #: graph's copies): what every view calls a merged institution.
    labels: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    _groups: dict[str, list[str]] | None = field(default=None, repr=False, compare=False)

    def __call__(self, iri: str) -> str:
        """The canonical IRI of ``iri`` (itself when nothing was merged)."""
        return self.canonical.get(iri, iri)

    def aliases(self, iri: str) -> list[str]:
        """Every IRI merged into ``iri``'s canonical one, itself included, sorted."""
        if self._groups is None:
            groups: dict[str, list[str]] = {}
            for alias, top in self.canonical.items():
                groups.setdefault(top, [top]).append(alias)
            self._groups = {top: sorted(set(group)) for top, group in groups.items()}
        top = self(iri)
        return self._groups.get(top, [top])


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
    def __init__(self, rank: Callable[[str], tuple[int, int, str]]) -> None:
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


def reconcile(ds: Dataset, *, fuzzy: float | None = 90.0, classes: dict[str, frozenset] | None = None) -> Reconciliation:
    """Decide which organisation IRIs in ``ds`` denote the same institution.

    Parameters
    ----------
    ds : Dataset
        A loaded dataset (every layer it holds takes part).
    fuzzy : float or None
        Names at least this similar (rapidfuzz ``token_sort_ratio``) in the same country are
        reported as undecided; None skips that report (what every read uses: it is only for
        ``collabgraph reconcile``). Candidates share an uncommon word or the start of their
        rarest word, so the report stays near-linear in the number of institutions.
    classes : dict, optional
        :func:`~collabgraph.questions.labels.organisation_classes` of ``ds``, when the caller has them.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> r = reconcile(load())
    >>> all(m.rule in {"sameAs", "ror", "wikidata", "name"} for m in r.merges)
    True
    >>> r("https://w3id.org/collabgraph/id/ukm")
    'https://w3id.org/collabgraph/id/ukm'
    """
    classes = classes if classes is not None else organisation_classes(ds)
    kind = {
        iri: ORG.OrganizationalCollaboration in cls for iri, cls in classes.items() if CG.UnresolvedOrganization not in cls
    }  # alliances merge only with alliances
    pending: list[tuple[str, str, str, str]] = []

    def propose(a: str, b: str, rule: str, evidence: str) -> None:
        if a != b and a in kind and b in kind and kind[a] == kind[b]:
            pending.append((a, b, rule, evidence))

    for s, o, _ in values_of(ds, OWL.sameAs):
        propose(s, o, "sameAs", f"owl:sameAs <{o}>")
    for prop, rule in ((CG.ror, "ror"), (CG.wikidata, "wikidata")):
        by_id: dict[str, set[str]] = {}
        for s, o, _ in values_of(ds, prop):
            by_id.setdefault(o, set()).add(s)
        for ident, iris in by_id.items():
            first, *rest = sorted(iris)
            for other in rest:
                propose(first, other, rule, f"same {rule} id {ident}")

    country: dict[str, set[str]] = {}
    for s, o, _ in values_of(ds, CG.country):
        country.setdefault(s, set()).add(o)
    labels: dict[str, set[str]] = {}
    for prop in (SKOS.prefLabel, SKOS.altLabel):
        for s, o, _ in values_of(ds, prop):
            if s in kind:
                labels.setdefault(s, set()).add(o)
    by_name: dict[str, set[str]] = {}
    for iri, texts in labels.items():
        for text in texts:
            key = name_key(text)
            if len(key.split()) >= 2:
                by_name.setdefault(key, set()).add(iri)
    for key, iris in by_name.items():
        by_country: dict[str, list[str]] = {}  # the same name in different countries: not one
        for iri in sorted(iris):
            for c in country.get(iri) or {""}:
                by_country.setdefault(c, []).append(iri)
        unplaced = by_country.pop("", [])
        for group in list(by_country.values()) + ([unplaced] if not by_country else []):
            for other in group[1:]:
                propose(group[0], other, "name", f"same name '{key}'")
        if by_country and len(by_country) == 1:  # no country given: joins the one country there is
            for other in unplaced:
                propose(next(iter(by_country.values()))[0], other, "name", f"same name '{key}'")

    involved = {iri for a, b, _, _ in pending for iri in (a, b)}
    layers: dict[str, int] = {}
    for row in run_for(ds, "defining_graphs", involved):
        layers[row["resource"]] = min(layers.get(row["resource"], 9), _layer(row["g"]))
    uf = _UnionFind(lambda iri: (layers.get(iri, 9), len(iri), iri))
    result = Reconciliation()
    found = []
    for a, b, rule, evidence in pending:
        if uf.union(a, b):
            found.append((a, b, rule, evidence))
    result.canonical = {iri: uf.find(iri) for iri in involved if uf.find(iri) != iri}
    for a, b, rule, evidence in found:
        top = uf.find(a)
        result.merges.append(Merge(top, b if b != top else a, rule, evidence))
    merged = set(result.canonical) | set(result.canonical.values())
    for row in run_for(ds, "asserted_labels", set(result.canonical.values())):
        if _layer(row["g"]) < 3:  # the curated layers and users' files, not the ontology
            result.labels.setdefault(row["resource"], []).append((row["label"], row.get("lang") or ""))
    if fuzzy is not None:
        result.undecided = _look_alikes(labels, country, result, fuzzy, merged)
    result.mentions = _mentions(ds, classes, labels, country, result)
    return result


def _look_alikes(labels: dict, country: dict, result: Reconciliation, cutoff: float, merged: set[str]) -> list[Undecided]:
    """Pairs of names in one country that look alike (not merged).

    Candidates share a block: an uncommon word (in at most 1 % of names, or the rarest word of
    the name) or the first four letters of the rarest word, so a typo in one word still meets.
    """
    entries = [(name_key(t), iri, c) for iri, texts in labels.items() for t in texts for c in country.get(iri, ())]
    entries = [e for e in entries if len(e[0].split()) >= 2]
    frequency: dict[str, int] = {}
    for key, _, _ in entries:
        for word in set(key.split()):
            frequency[word] = frequency.get(word, 0) + 1
    common = max(50, len(entries) // 100)
    blocks: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for key, iri, c in entries:
        words = key.split()
        rarest = min(words, key=lambda w: (frequency[w], w))
        for word in {rarest, "^" + rarest[:4]} | {w for w in words if frequency[w] <= common}:
            blocks.setdefault((c, word), []).append((key, iri))
    found: dict[tuple[str, str], Undecided] = {}
    for block in blocks.values():
        if len(block) < 2:
            continue
        keys = [k for k, _ in block]
        for key, iri in block:
            for _, score, j in process.extract(key, keys, scorer=fuzz.token_sort_ratio, score_cutoff=cutoff, limit=None):
                a, b = sorted((result(iri), result(block[j][1])))
                if a != b and (a, b) not in found:
                    found[(a, b)] = Undecided(a, b, round(score, 1), (key, block[j][0]))
    return sorted(found.values(), key=lambda u: (-u.score, u.a, u.b))


def _mentions(ds: Dataset, classes: dict, labels: dict, country: dict, result: Reconciliation) -> list[Mention]:
    """Candidates for each unresolved mention among the members of the alliance it is about."""
    found: list[tuple] = []
    rows = run_named(ds, "mention_candidates")
    memberships = {str(row["membership"]) for row in rows}
    # The pages of just these memberships; if one cannot be named in a query (a blank node),
    # every membership's pages are read.
    named = all(nameable(m) for m in memberships)
    pages = run_for(ds, "membership_sources", memberships) if named else run_named(ds, "membership_sources")
    listed: dict[str, list[str]] = {}  # membership → the pages that list it
    for r in pages:
        listed.setdefault(str(r["membership"]), []).append(r["source"])
    for row in rows:
        mention = row["mention"]
        if CG.UnresolvedOrganization not in classes.get(mention, ()):
            continue
        texts = tuple(
            sorted(
                {str(o) for o in ds.objects(URIRef(mention), SKOS.prefLabel)}
                | {str(o) for o in ds.objects(URIRef(mention), SKOS.altLabel)}
            )
        )
        keys = {name_key(t) for t in texts} - {""}
        where = country.get(mention, set())
        member = result(row["member"])
        if where and country.get(member) and not where & country[member]:
            continue
        names_of = {name_key(t) for t in labels.get(row["member"], ())}
        if any(f" {k} " in f" {n} " for k in keys for n in names_of):
            found.extend((mention, texts, row["fact"], member, source) for source in listed.get(str(row["membership"]), [""]))
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


def canonical(ds: Dataset, classes: dict[str, frozenset] | None = None) -> Reconciliation:
    """The reconciliation of ``ds``, computed once per dataset object.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> ds = load(sources="seeds")
    >>> canonical(ds) is canonical(ds)
    True
    """
    key = id(ds)
    if key not in _CACHE:
        _CACHE[key] = reconcile(ds, fuzzy=None, classes=classes)
        weakref.finalize(ds, _CACHE.pop, key, None)
    return _CACHE[key]


def forget(ds: Dataset) -> None:
    """Drop the cached reconciliation of ``ds`` (after adding data to it in place).

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> ds = load(sources="seeds")
    >>> first = canonical(ds); forget(ds); canonical(ds) is first
    False
    """
    _CACHE.pop(id(ds), None)


def same_as_triples(result: Reconciliation) -> list[tuple[URIRef, URIRef, URIRef]]:
    """The merges as ``owl:sameAs`` triples (alias → canonical), for a curator to keep."""
    return [(URIRef(m.alias), OWL.sameAs, URIRef(m.canonical)) for m in result.merges]
