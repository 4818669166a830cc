"""The words of a table's cells: kinds, statuses and dates, in German, Dutch, English and French.

Kind and status words are a small hand-written vocabulary of collabgraph's kinds and statuses
(from the ontology's labels and the words institutions use in their lists:
"Kooperationsvertrag", "samenwerkingsovereenkomst", "accord-cadre", "MoU"); the longest word
found in a cell decides (a compound such as "Forschungskooperationsvertrag" holds
"kooperationsvertrag"), a negated status ("nicht unterzeichnet") decides nothing. Dates are
read in the forms tables use (``2023``, ``07/2023``, ``01.07.2023``, ``Juli 2023``,
``1 juillet 2023``, an Excel date), kept as precise as the cell.
"""

from __future__ import annotations

import re
import unicodedata

from collabgraph.dates import parse_partial_date
from collabgraph.errors import BadDate

__all__ = ["kind_of", "status_of", "table_date"]

# Words (normalised: lower case, no accents, hyphens and apostrophes as spaces) → kind, language.
_KIND_WORDS: dict[str, tuple[str, str | None]] = {}
for _kind, _lang, _words in [
    ("MemorandumOfUnderstanding", None, ["mou", "memorandum of understanding", "memorandum"]),
    ("MemorandumOfUnderstanding", "de", ["absichtserklarung", "absichtserklaerung"]),
    ("MemorandumOfUnderstanding", "nl", ["memorandum van overeenstemming", "intentieverklaring"]),
    ("MemorandumOfUnderstanding", "en", ["declaration of intent"]),
    (
        "MemorandumOfUnderstanding",
        "fr",
        ["protocole d accord", "protocole d entente", "memorandum d entente", "memorandum d accord", "declaration d intention"],
    ),
    (
        "CooperationAgreement",
        "en",
        [
            "cooperation agreement",
            "co operation agreement",
            "collaboration agreement",
            "framework agreement",
            "partnership agreement",
        ],
    ),
    (
        "CooperationAgreement",
        "de",
        [
            "kooperationsvertrag",
            "kooperationsvereinbarung",
            "kooperationsabkommen",
            "rahmenvertrag",
            "rahmenvereinbarung",
            "rahmenabkommen",
            "partnerschaftsvertrag",
            "partnerschaftsvereinbarung",
            "zusammenarbeitsvertrag",
            "zusammenarbeitsvereinbarung",
        ],
    ),
    (
        "CooperationAgreement",
        "nl",
        [
            "samenwerkingsovereenkomst",
            "samenwerkingsakkoord",
            "raamovereenkomst",
            "kaderovereenkomst",
            "partnerschapsovereenkomst",
        ],
    ),
    (
        "CooperationAgreement",
        "fr",
        [
            "accord de cooperation",
            "convention de cooperation",
            "accord cadre",
            "convention cadre",
            "accord de partenariat",
            "convention de partenariat",
        ],
    ),
    ("StrategicPartnership", "en", ["strategic partnership"]),
    ("StrategicPartnership", "de", ["strategische partnerschaft"]),
    ("StrategicPartnership", "nl", ["strategisch partnerschap"]),
    ("StrategicPartnership", "fr", ["partenariat strategique"]),
    ("StrategicNetwork", "en", ["strategic network"]),
    ("StrategicNetwork", "de", ["strategisches netzwerk"]),
    ("StrategicNetwork", "nl", ["strategisch netwerk"]),
    ("StrategicNetwork", "fr", ["reseau strategique"]),
    ("JointDegreeProgramme", "en", ["joint degree", "double degree", "dual degree", "dual phd", "joint phd"]),
    ("JointDegreeProgramme", "de", ["doppelabschluss", "doppeldiplom", "gemeinsamer studiengang"]),
    ("JointDegreeProgramme", "nl", ["dubbel diploma", "dubbele graad", "gezamenlijke opleiding"]),
    ("JointDegreeProgramme", "fr", ["double diplome", "diplome conjoint", "double diplomation", "cotutelle"]),
    ("Agreement", "en", ["agreement", "contract"]),
    ("Agreement", "de", ["vertrag", "vereinbarung", "abkommen"]),
    ("Agreement", "nl", ["overeenkomst", "akkoord"]),
    ("Agreement", "fr", ["accord", "convention", "contrat"]),
    ("Collaboration", "en", ["collaboration", "partnership"]),
    ("Collaboration", None, ["cooperation"]),
    ("Collaboration", "de", ["kooperation", "zusammenarbeit", "partnerschaft"]),
    ("Collaboration", "nl", ["samenwerking", "samenwerkingsverband", "partnerschap"]),
    ("Collaboration", "fr", ["partenariat"]),
]:
    for _word in _words:
        _KIND_WORDS[_word] = (_kind, _lang)

_STATUS_WORDS: dict[str, tuple[str, str | None]] = {}
for _status, _lang, _words in [
    ("signed", "en", ["signed", "concluded"]),
    ("signed", "de", ["unterzeichnet", "unterschrieben", "abgeschlossen"]),
    ("signed", "nl", ["ondertekend", "getekend", "gesloten"]),
    ("signed", "fr", ["signe", "signee", "signes", "signees", "conclu", "conclue"]),
    ("active", "en", ["active", "current", "ongoing", "in force", "valid", "running"]),
    ("active", "de", ["aktiv", "laufend", "bestehend", "in kraft", "gultig"]),
    ("active", "nl", ["lopend", "actief", "geldig", "van kracht"]),
    ("active", "fr", ["en cours", "en vigueur", "actif", "active", "valide"]),
    ("planned", "en", ["planned", "in preparation", "envisaged"]),
    ("planned", "de", ["geplant", "in vorbereitung", "in planung"]),
    ("planned", "nl", ["gepland", "in voorbereiding"]),
    ("planned", "fr", ["prevu", "prevue", "envisage", "en preparation"]),
    ("announced", "en", ["announced"]),
    ("announced", "de", ["angekundigt"]),
    ("announced", "nl", ["aangekondigd"]),
    ("announced", "fr", ["annonce", "annoncee"]),
    ("ended", "en", ["ended", "expired", "terminated", "closed"]),
    ("ended", "de", ["beendet", "abgelaufen", "ausgelaufen", "gekundigt"]),
    ("ended", "nl", ["beeindigd", "verlopen", "afgelopen", "opgezegd"]),
    ("ended", "fr", ["termine", "terminee", "expire", "expiree", "resilie"]),
    ("reported", "en", ["reported"]),
    ("reported", "de", ["berichtet"]),
    ("reported", "nl", ["gemeld"]),
]:
    for _word in _words:
        _STATUS_WORDS.setdefault(_word, (_status, _lang))

_NEGATIONS = {"not", "nicht", "noch", "niet", "nog", "pas", "non", "no", "kein", "keine", "geen", "never", "nie"}

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "january jan januar janner januari janvier janv",
        "february feb februar februari fevrier fevr",
        "march mar marz maerz maart mars",
        "april apr avril avr",
        "may mai mei",
        "june jun juni juin",
        "july jul juli juillet juil",
        "august aug augustus aout",
        "september sep sept septembre",
        "october oct oktober okt octobre",
        "november nov novembre",
        "december dec dezember dez decembre",
    ],
    1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number
_MONTH = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[-_'’`/]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _find_word(cell: str, vocabulary: dict[str, tuple[str, str | None]]) -> tuple[str, tuple[str, str | None]] | None:
    """The longest vocabulary word in ``cell``: short words (≤ 6 letters) as whole words only,
    longer ones anywhere (German and Dutch compounds)."""
    norm = _normalise(cell)
    best = None
    for word, value in vocabulary.items():
        if len(word) <= 6:
            found = re.search(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])", norm) is not None
        else:
            found = word in norm
        if found and (best is None or len(word) > len(best[0])):
            best = (word, value)
    return best


def kind_of(cell: str) -> tuple[str, str | None] | None:
    """The kind a table cell names, in German, Dutch, English or French, and the word's language.

    Examples
    --------
    >>> kind_of("MoU"), kind_of("Kooperationsvertrag"), kind_of("samenwerkingsovereenkomst")
    (('MemorandumOfUnderstanding', None), ('CooperationAgreement', 'de'), ('CooperationAgreement', 'nl'))
    >>> kind_of("Accord-cadre"), kind_of("Forschungskooperationsvertrag"), kind_of("Erasmus+") is None
    (('CooperationAgreement', 'fr'), ('CooperationAgreement', 'de'), True)
    """
    found = _find_word(cell, _KIND_WORDS)
    return found[1] if found else None


def status_of(cell: str) -> tuple[str, str | None] | None:
    """The status a table cell names, and the word's language; None for a negated or unknown one.

    Examples
    --------
    >>> status_of("unterzeichnet"), status_of("Signé"), status_of("lopend")
    (('signed', 'de'), ('signed', 'fr'), ('active', 'nl'))
    >>> status_of("nicht unterzeichnet") is None, status_of("unsigned") is None
    (True, True)
    """
    norm = _normalise(cell)
    if set(norm.split()) & _NEGATIONS:
        return None
    found = _find_word(cell, _STATUS_WORDS)
    return found[1] if found else None


def table_date(cell: str) -> str | None:
    """A table cell's date as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, as precise as the cell; None
    when it is not one. Day and month written with dots or slashes are read day first.

    Examples
    --------
    >>> table_date("2023"), table_date("07/2023"), table_date("01.07.2023"), table_date("Juli 2023")
    ('2023', '2023-07', '2023-07-01', '2023-07')
    >>> table_date("1er juillet 2023"), table_date("July 1, 2023"), table_date("2023-07-01 00:00:00")
    ('2023-07-01', '2023-07-01', '2023-07-01')
    >>> table_date("soon") is None, table_date("31.02.2023") is None
    (True, True)
    """
    text = _normalise(cell).replace(",", " ")
    text = re.sub(r"\s+", " ", text).strip()
    # _normalise turned "/" into spaces: put the separators back as one form
    patterns = [
        (r"(\d{4})", lambda m: (m[1], None, None)),
        (r"(\d{4})[ .-](\d{1,2})", lambda m: (m[1], m[2], None)),
        (r"(\d{4})[ .-](\d{1,2})[ .-](\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?", lambda m: (m[1], m[2], m[3])),
        (r"(\d{1,2})[ .-](\d{1,2})[ .-](\d{4})", lambda m: (m[3], m[2], m[1])),
        (r"(\d{1,2})[ .-](\d{4})", lambda m: (m[2], m[1], None)),
        (rf"(\d{{1,2}})(?:er|st|nd|rd|th)?\.? {_MONTH} (\d{{4}})", lambda m: (m[3], _MONTHS[m[2]], m[1])),
        (rf"{_MONTH} (\d{{1,2}})(?:st|nd|rd|th)? (\d{{4}})", lambda m: (m[3], _MONTHS[m[1]], m[2])),
        (rf"{_MONTH} (\d{{4}})", lambda m: (m[2], _MONTHS[m[1]], None)),
    ]
    for pattern, parts in patterns:
        m = re.fullmatch(pattern, text)
        if m:
            year, month, day = parts(m)
            value = year + (f"-{int(month):02d}" if month else "") + (f"-{int(day):02d}" if day else "")
            try:
                return parse_partial_date(value)
            except BadDate:
                return None
    return None
