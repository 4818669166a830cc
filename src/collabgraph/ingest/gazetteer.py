"""Reconciliation to the graph: every organisation the graph names, found in a text and matched by name.

A :class:`Gazetteer` holds every preferred and alternative label of every organisation the
graph holds (all languages, the public reference lists included), one entry per institution
(:mod:`collabgraph.questions.reconcile` merges aliases). :meth:`Gazetteer.find` matches labels
on word boundaries, longest first; a short or all-capital label (``UM``, ``UKM``, ``YUFE``)
only in its own case, so the Dutch word "um" or a sentence-initial "Leuven" is not an
institution. Place names and labels made only of generic words ("University Council") are
never entries. :meth:`Gazetteer.match` reconciles a name to one institution: by any label, by
kind and city in any language (:func:`~collabgraph.ingest.places.cross_key`), else by a close
enough spelling (rapidfuzz); a name it cannot settle is new.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process
from rdflib import Dataset

from collabgraph.ingest.model import Party
from collabgraph.ingest.name_forms import Mention, _guess_type
from collabgraph.ingest.name_words import _GENERIC, _is_short, _tokens, fold
from collabgraph.ingest.places import _HEAD_NORMAL, cross_key, world_places
from collabgraph.namespaces import CG

__all__ = ["Gazetteer"]


class Gazetteer:
    """Every organisation the graph names, ready to be found in text and to reconcile a name.

    Examples
    --------
    >>> from collabgraph.loading.load import load
    >>> g = Gazetteer.from_dataset(load(sources="seeds", reason=False))
    >>> g.match("Universität Münster").label
    'University of Münster'
    >>> g.match("Universität Atlantis").new
    True
    """

    def __init__(self) -> None:
        self.labels: dict[str, str] = {}  # iri → display label
        self.alliances: set[str] = set()
        self.types: dict[str, str] = {}
        self.places: set[str] = set()  # folded place names
        self._by_first: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}  # first token → (tokens, iri, label)
        self._keys: dict[str, set[str]] = {}  # folded full name → iris
        self._cross: dict[tuple, set[str]] = {}  # cross_key → iris
        self._choices: list[str] | None = None

    @classmethod
    def from_dataset(cls, ds: Dataset) -> Gazetteer:
        """Index the organisations of ``ds`` (merged per institution) and its place names."""
        from collabgraph.questions.labels import organisation_classes
        from collabgraph.questions.lookup import names
        from collabgraph.sparql.query import run_named

        classes = organisation_classes(ds)
        idx = names(ds, classes)
        g = cls()
        unresolved = {iri for iri, c in classes.items() if CG.UnresolvedOrganization in c} | set(idx.candidates)
        for row in run_named(ds, "place_names"):
            g.places.add(fold(row["label"]))
        for iri in set(idx.preferred) | set(idx.alternative):
            if iri in unresolved or idx.aliases.get(iri, iri) != iri:
                continue
            label = idx.label(iri)
            g.labels[iri] = label
            kinds = classes.get(iri, frozenset())
            if iri in idx.alliances:
                g.alliances.add(iri)
            g.types[iri] = next((str(k).rsplit("#", 1)[-1] for k in _TYPE_ORDER if k in kinds), "Institution")
            for text in {label, *idx.alt_labels(iri)}:
                g.add(text, iri)
        return g

    def add(self, text: str, iri: str) -> None:
        """Add one name of ``iri`` (skipped when it is a place name or made only of generic words)."""
        toks = tuple(t for t, _, _ in _tokens(text))
        if not toks:
            return
        folded = tuple(fold(t) for t in toks)
        if (
            fold(text) in self.places
            or all(f in _GENERIC for f in folded)
            or len(toks) == 1
            and not _is_short(text)
            and fold(text) in world_places()
        ):
            return
        key = toks if _is_short(text) else folded
        entry = (key, iri, text)
        bucket = self._by_first.setdefault(key[0], [])
        if entry not in bucket:
            bucket.append(entry)
            bucket.sort(key=lambda e: -len(e[0]))
        self._keys.setdefault(" ".join(folded), set()).add(iri)
        self._keys.setdefault(" ".join(_HEAD_NORMAL.get(w, w) for w in folded), set()).add(iri)
        if (cross := cross_key(text)) is not None:
            self._cross.setdefault(cross, set()).add(iri)
        self._choices = None

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
        """Every known name in ``text[start:end]``, longest first, without overlaps.

        Examples
        --------
        >>> g = Gazetteer(); g.add("Universität Münster", "u:m"); g.add("UM", "u:um")
        >>> [(m.name, m.iri) for m in g.find("Die Universität Münster und UM, um 9 Uhr.")]
        [('Universität Münster', 'u:m'), ('UM', 'u:um')]
        """
        end = len(text) if end is None else end
        toks = _tokens(text[start:end], start)
        found, i = [], 0
        while i < len(toks):
            hit = None
            for key in (toks[i][0], fold(toks[i][0])):
                for label_toks, iri, label in self._by_first.get(key, ()):
                    n = len(label_toks)
                    window = toks[i : i + n]
                    if len(window) < n:
                        continue
                    exact = label_toks[0] == toks[i][0] and _is_short(label)
                    words = tuple(t for t, _, _ in window) if exact else tuple(fold(t) for t, _, _ in window)
                    if words == label_toks:
                        hit = (n, iri)
                        break
                if hit:
                    break
            if hit:
                n, iri = hit
                s, e = toks[i][1], toks[i + n - 1][2]
                found.append(Mention(s, e, text[s:e], iri, self.labels.get(iri), 100.0, iri in self.alliances))
                i += n
            else:
                i += 1
        return found

    def match(self, name: str, *, cutoff: float = 92.0) -> Party:
        """Reconcile a name to one institution: exact (any label, any case), else close enough, else new.

        A name that two institutions share is not resolved; its ``score`` says how close the best
        candidate came.

        Examples
        --------
        >>> g = Gazetteer(); g.add("University of Twente", "u:t"); g.labels["u:t"] = "University of Twente"
        >>> p = g.match("the University of Twente"); (p.iri, p.score)
        ('u:t', 100.0)
        >>> g.match("Universiteit Twente").new
        True
        """
        key = " ".join(fold(t) for t, _, _ in _tokens(name))
        key = re.sub(r"^(?:the|de|het|die|der|das|la|le|l) ", "", key)
        key = " ".join(_HEAD_NORMAL.get(w, w) for w in key.split())
        iris = self._keys.get(key, set())
        if len(iris) == 1:
            iri = next(iter(iris))
            return Party(name=name, iri=iri, label=self.labels.get(iri), score=100.0)
        cross = cross_key(name)
        if cross is not None and len(self._cross.get(cross, ())) == 1:
            iri = next(iter(self._cross[cross]))
            return Party(name=name, iri=iri, label=self.labels.get(iri), score=95.0)
        if self._choices is None:
            self._choices = list(self._keys)
        best = process.extract(key, self._choices, scorer=fuzz.token_sort_ratio, limit=2, score_cutoff=cutoff - 10)
        if (
            best
            and best[0][1] >= cutoff
            and len(self._keys[best[0][0]]) == 1
            and (len(best) == 1 or best[0][1] - best[1][1] >= 3)
        ):
            iri = next(iter(self._keys[best[0][0]]))
            return Party(name=name, iri=iri, label=self.labels.get(iri), score=round(best[0][1], 1))
        return Party(name=name, new=True, score=round(best[0][1], 1) if best else 0.0, type=_guess_type(name, False))

    def closest(self, name: str) -> str | None:
        """The label of the nearest known institution (for a curator's hint), or None."""
        if self._choices is None:
            self._choices = list(self._keys)
        best = process.extractOne(fold(name), self._choices, scorer=fuzz.token_sort_ratio, score_cutoff=75)
        if not best:
            return None
        iri = next(iter(self._keys[best[0]]))
        return f"{self.labels.get(iri, iri)} ({best[1]:.0f})"


_TYPE_ORDER = (
    CG.UniversityHospital,
    CG.UniversityOfAppliedSciences,
    CG.University,
    CG.Hospital,
    CG.ResearchInstitute,
    CG.HealthcareGroup,
    CG.Funder,
    CG.GovernmentBody,
    CG.Company,
    CG.EuropeanUniversityAlliance,
    CG.Alliance,
    CG.Association,
    CG.OrganizationalUnit,
    CG.Institution,
)
