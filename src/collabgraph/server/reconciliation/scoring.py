"""Candidates and their scores: who may answer a query, how well, and whether the top one is a match.

:func:`reconcile_one` finds candidates by name (exact forms from a dict, rapidfuzz ``WRatio``
over the names that share an uncommon word with the query), by IRI, by ROR or Wikidata id, or by
properties alone; leaves out those a type or a property contradicts; ranks them and sets
``match`` on the top one only when it is unambiguous (see the package docstring,
:mod:`collabgraph.server.reconciliation`). :func:`answer_batch` answers a whole batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from collabgraph.server.reconciliation.batch import ReconciliationQuery
from collabgraph.server.reconciliation.index import Entity, Index, _blocks, _expand, _key, _ror, _wikidata

__all__ = ["reconcile_one", "answer_batch", "MIN_SCORE", "MATCH_SCORE", "MATCH_GAP", "LOOSE_SCORE", "PROPERTY_ONLY_SCORE"]


#: Lowest name score a candidate may have.
MIN_SCORE = 60
#: A near-exact name is a match from this score on, when this far above the next candidate.
MATCH_SCORE, MATCH_GAP = 95.0, 10.0
#: Score of a name a resolved place-name mention gives an institution ("Kaapstad").
LOOSE_SCORE = 90.0
#: Score of a candidate found by its properties alone (no ``query``, no identifier).
PROPERTY_ONLY_SCORE = 50.0


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
    found: set[str] = set()
    if prop == "country":
        for v in values:
            country = (
                index.country_keys.get(v.strip().casefold())
                or index.country_keys.get(_key(v))
                or index.country_keys.get(_expand(v.strip()).casefold())
            )
            if country is not None:
                found.add(country)
    else:
        for v in values:
            iri = index.canonical(_expand(v.strip()))
            found |= {iri} if iri in index.alliances else set(index.alliance_keys.get(_key(v), ()))
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
    >>> from collabgraph.server.reconciliation import build_index
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
    >>> from collabgraph.server.reconciliation import build_index, parse_batch
    >>> index = build_index(load(sources="seeds"))
    >>> result = answer_batch(index, parse_batch('{"q0": {"query": "UMC Utrecht", "limit": 1}}'))
    >>> result["q0"]["result"][0]["id"], result["q0"]["result"][0]["match"]
    ('https://w3id.org/collabgraph/id/umc-utrecht', True)
    """
    return {name: {"result": reconcile_one(index, query)} for name, query in batch.items()}
