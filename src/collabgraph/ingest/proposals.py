"""Propose candidate facts from a page: agreements, alliance memberships and funding, each with its quote.

One sentence is one quote. A sentence proposes an agreement when it holds a cue for a kind of
agreement (:data:`KIND_CUES`, de/nl/en/fr) and names its parties; the status comes from tense
and modality (:func:`status_of`): a plan ("wird … abschließen", "will sign", "zijn van plan te
ondertekenen", "compte signer") is never a signed agreement, and a scheduled signing ("la
signature aura lieu le …") is announced. Dates are as precise as the text
(:mod:`collabgraph.ingest.when`); a relative date says what it was resolved against.

The cue lexicons are hand-written, small and visible on purpose: a curator can read why a
candidate was proposed (``reasons`` names every cue that fired), and no pip-installable model
we could find covers agreement kinds and modality in these four languages offline. Recall is
measured, not assumed: ``bench/ingest_eval.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from collabgraph.ingest.model import Candidate, Party, Reading, candidate_id
from collabgraph.ingest.organisations import Gazetteer, Mention, _guess_type, find_mentions, fold, world_places
from collabgraph.ingest.text import sentences
from collabgraph.ingest.when import add_years, find_dates, validity_years

__all__ = ["KIND_CUES", "propose", "status_of", "kind_of"]

_I = re.IGNORECASE

#: (kind, pattern, strength): the first matching pattern of the strongest kind wins.
KIND_CUES: list[tuple[str, re.Pattern, float]] = [
    (kind, re.compile(p, _I), strength)
    for kind, p, strength in [
        (
            "JointDegreeProgramme",
            r"\b(?:dual|double|joint|gemeinsame[nr]?|binational\w*)[- ](?:degree|PhD|master|bachelor|doctorate|"
            r"Studiengang|Promotion)\w*|Doppel(?:abschluss|-?master|-?diplom|promotion)\w*|"
            r"dubbele? (?:graad|diploma|PhD)|double[- ]diplôme|diplôme conjoint|cotutelle|"
            r"joint (?:programme|program)\b",
            1.0,
        ),
        (
            "StrategicPartnership",
            r"\bstrategische[nr]? Partnerschaft|strategic partnership|strategisch(?:e)? partnerschap|"
            r"partenariat stratégique|strategische (?:alliantie|samenwerking)",
            1.0,
        ),
        ("StrategicNetwork", r"\bstrategisch(?:e[ns]?)? (?:netwerk|Netzwerk)|strategic network", 1.0),
        (
            "MemorandumOfUnderstanding",
            r"\bMoUs?\b|Memorand(?:um|a) of Understanding|Absichtserklärung\w*|"
            r"intentieverklaring\w*|protocole d['’]accord|lettre d['’]intention|"
            r"letters? of intent|Letter of Intent|Memorandum|memorandum",
            1.0,
        ),
        (
            "CooperationAgreement",
            r"\b(?:\w*Kooperationsvereinbarung\w*|Kooperationsvertr[aä]g\w*|Kooperationsabkommen|"
            r"Rahmenvereinbarung\w*|Partnerschaftsvertr[aä]g\w*|Partnerschaftsabkommen|"
            r"Hochschulpartnerschaft\w*|samenwerkingsovereenkomst\w*|samenwerkingsakkoord\w*|"
            r"samenwerkingsverband|raamovereenkomst\w*|partnerschapsovereenkomst\w*|"
            r"convenant\w*|(?:cooperation|collaboration|partnership|framework|research|exchange|"
            r"student exchange|bilateral) agreements?|accords?[- ]cadres?|"
            r"conventions? (?:de (?:partenariat|coopération|collaboration))|"
            r"accords? de (?:coopération|partenariat|collaboration)|Vereinbarung\w*|"
            r"overeenkomst\w*|agreements?|convention\b|accord\b)",
            0.8,
        ),
        (
            "Collaboration",
            r"\b(?:Kooperation\w*|Zusammenarbeit|Partnerschaft\w*|samenwerking\w*|partnerschap\w*|"
            r"collaborat\w+|cooperat\w+|co-operat\w+|partnership\w*|coopération|partenariat\w*|"
            r"collaborent|coopèrent|kooperier\w+|werken samen|arbeiten zusammen|work together|"
            r"working together|join forces|bundeln)",
            0.5,
        ),
    ]
]

_STRONG_AGREEMENT = re.compile(
    r"Kooperationsvereinbarung|Kooperationsvertr|overeenkomst|akkoord|agreement|accord|"
    r"convention|convenant|Vereinbarung",
    _I,
)

_ENDED = re.compile(
    r"\b(?:ausgelaufen|lief \w+(?: \w+){0,5} aus|endete|beendet|gekündigt|expired|ended|terminated|"
    r"(?:was|were|has not been|have not been|wasn't) (?:not )?renewed|came to an end|beëindigd|"
    r"liep \w+(?: \w+){0,5} af|niet (?:meer )?verlengd|afgelopen in|a pris fin|pris fin|résilié\w*|"
    r"n['’]a pas été renouvel\w+|expiré\w*|nicht verlängert|no longer|nicht mehr|niet langer|"
    r"ne \w+ plus)\b",
    _I,
)
_SIGNED = re.compile(
    r"\b(?:unterzeichnet\w*|unterschrieben|abgeschlossen|geschlossen|schlossen|vereinbart\w*|"
    r"besiegelt\w*|signed|signing of|concluded|entered into|agreed|inked|ondertekend|"
    r"ondertekenden|getekend|tekenden|gesloten|sloten|afgesloten|signé\w*|signèrent|conclu\w*|"
    r"paraphé\w*|ratifi\w+|formalis\w+|formaliz\w+|officialis\w+|bekrachtigd|"
    r"unterzeichnen|ondertekenen|tekenen|ondertekende|tekende|sloot|signent|signs?|conclude[sn]?|schließen|"
    r"renouvel\w+|renewed|"
    r"verlängert|verlengd|erneuert|hernieuwd)\b",
    _I,
)
_EXISTS = re.compile(
    r"\b(?:besteh\w+|bestaat|bestaande|existing|exists?|maintain\w*|unterhält|unterhalten|"
    r"onderhoudt|onderhouden|entretien\w*|existe\w*|pflegt|pflegen|läuft|lopende?|in force|"
    r"in Kraft|seit|since|sinds|depuis|has a|have a|heeft een|hebben een|hat eine|haben eine|"
    r"a un|ont un|works? (?:closely )?with|arbeitet \w+ zusammen|werkt samen|bied\w+|bieten|bietet|"
    r"offer\w*|propose\w*|anbiet\w+|run\w*|collaborated|zusammengearbeitet|samengewerkt|"
    r"en vigueur|in place|gilt|geldt|loopt|werk\w* (?:\w+ )?samen)\b",
    _I,
)
_FUTURE = {
    "de": r"\b(?:wird|werden|soll|sollen|will|wollen|möchte\w*|plan\w*|beabsichtig\w*|geplant\w*|vorgesehen|"
    r"künftig|zukünftig|demnächst|angestrebt\w*)\b",
    "nl": r"\b(?:zal|zullen|gaat|gaan|van plan|voornemens|wil|willen|gepland\w*|beogen|beoogt|binnenkort|"
    r"streven|streeft|verwacht)\b",
    "en": r"\b(?:will|shall|plan(?:s|ned)? to|intend(?:s|ed)? to|(?:is|are) to|(?:is|are) expected to|would|"
    r"aim(?:s)? to|(?:is|are) set to|(?:is|are) going to|upcoming|forthcoming|planned|envisag\w+|"
    r"hope(?:s)? to|propos\w+)\b",
    "fr": r"\b(?:va|vont|sera|seront|compte\w*|envisag\w+|prévo\w+|souhait\w+|aura|auront|devrai\w*|"
    r"projet\w*|prochainement|futur\w*|entend\w*|à venir)\b",
}
_PAST_AUX = {
    "de": r"\b(?:wurde|wurden|hat|haben|hatte|hatten|bereits|schon|unterzeichneten|schlossen|vereinbarten)\b",
    "nl": r"\b(?:heeft|hebben|werd|werden|had|hadden|reeds|al|tekenden|ondertekenden|sloten)\b",
    "en": r"\b(?:has|have|had|was|were|already|signed(?! by)|concluded)\b",
    "fr": r"\b(?:a|ont|avait|avaient|été|déjà|signèrent)\b",
}
_SCHEDULED = re.compile(
    r"\b(?:aura lieu|auront lieu|(?:is|are) scheduled|scheduled for|will take place|"
    r"findet \w+(?: \w+){0,6} statt|stattfinden|zal plaatsvinden|vindt \w+(?: \w+){0,6} plaats|"
    r"staat gepland|ist geplant für|geplant für|gepland voor|prévue? (?:le|pour)|"
    r"ceremony (?:is|will)|Unterzeichnung (?:ist|soll|wird)|ondertekening (?:is|zal|vindt))\b",
    _I,
)
_HOPE = re.compile(
    r"\b(?:hoffen|hofft|hope(?:s)?|hopen|hoopt|espère\w*|one day|eines Tages|ooit|un jour|"
    r"könnte|could|zou kunnen|pourrait|vielleicht|perhaps|misschien|peut-être|explore\w*|"
    r"sondier\w+|verkennen|explorer|discuss\w*|besprachen|bespraken|discut\w+)\b",
    _I,
)
_WITNESS = re.compile(
    r"\b(?:in Anwesenheit|im Beisein|in Gegenwart|in the presence of|in presence of|witnessed by|"
    r"in aanwezigheid van|in het bijzijn van|in bijzijn van|en présence d\w*|sous le regard|"
    r"sous l['’]égide|under the auspices of|unter der Schirmherrschaft|onder auspiciën|"
    r"with the support of|mit Unterstützung|met steun van|avec le soutien)\b",
    _I,
)
_FIRST_PERSON = re.compile(r"\b(?:wir|unser\w*|we|our|us|wij|we|onze|ons|nous|notre|nos)\b", _I)
_WE = re.compile(r"\b(?:wir|we|wij|nous)\b", _I)
_THE_ALLIANCE = re.compile(
    r"\b(?:the (?:network|alliance|consortium)|(?:das|dem|des) Netzwerk\w*|(?:die|der) Allianz|"
    r"het netwerk|de alliantie|le réseau|l['’]alliance|du réseau|de l['’]alliance)\b",
    _I,
)
_BOTH = re.compile(
    r"\b(?:beide[n]?|both|the two|die beiden|de twee|les deux|the (?:three|four) (?:parties|partners|"
    r"institutions)|the parties|die Partner\w*|de partners|les partenaires|die drei|de drie|les trois|"
    r"die Vereinbarung|die Kooperation|the agreement|this agreement|de overeenkomst|deze overeenkomst|"
    r"l['’]accord|cet accord|la convention|cette convention|het MoU|das MoU|the MoU|le protocole)\b",
    _I,
)
_DEFINITE = [
    (
        re.compile(r"\b(?:die Universität|the university|de universiteit|l['’]université|die Hochschule)\b", _I),
        {"University", "UniversityOfAppliedSciences"},
    ),
    (
        re.compile(
            r"\b(?:das Klinikum|das Krankenhaus|the hospital|het ziekenhuis|l['’]hôpital|le CHU|"
            r"das Universitätsklinikum|het UMC|the medical cent(?:re|er))\b",
            _I,
        ),
        {"Hospital", "UniversityHospital"},
    ),
    (re.compile(r"\b(?:das Institut|the institute|het instituut|l['’]institut)\b", _I), {"ResearchInstitute"}),
]

_MEMBER = re.compile(
    r"\b(?:Mitglied\w*|member\w*|lid|leden|lidmaatschap|membre\w*|beigetreten|beitreten|"
    r"tritt \w+(?: \w+){0,6} bei|trat \w+(?: \w+){0,6} bei|joined|joins?|joining|toegetreden|"
    r"toetreden|treedt \w+(?: \w+){0,4} toe|sloot zich aan|aangesloten|rejoint|rejoindra|"
    r"adhér\w+|fait partie|part of|deel uit van|maakt deel uit|gehört \w+(?: \w+){0,4} an|"
    r"angehör\w+|consists of|besteht aus|bestaat uit|composée? de|partners? (?:in|of|van|von|de)|"
    r"Partnerhochschule\w*|partneruniversiteit\w*|participat\w+|teil(?:nehmen|nimmt)|"
    r"neemt deel|deelnemer\w*)\b",
    _I,
)
_LEFT = re.compile(
    r"\b(?:ausgetreten|verlassen|verließ|left|leaves|withdrew|verlaten|verliet|uitgetreden|"
    r"a quitté|quitte\w*|s['’]est retiré\w*)\b",
    _I,
)
_COORDINATOR = re.compile(
    r"\b(?:koordinier\w+|Koordinator\w*|coordinat\w+|coördin\w+|coordonn\w+|coordinat(?:or|rice)|"
    r"leads|leitet|leidt|pilote\w*|federführend|penvoerder)\b",
    _I,
)
_FOUNDER = re.compile(
    r"\b(?:Gründungsmitglied\w*|founding member\w*|founder\w*|co-?found\w+|mitbegründet|"
    r"gegründet|medeoprichter|oprichter|stichtend\w* lid|mede-?opgericht|membre fondateur|"
    r"fondateur\w*|cofondat\w+)\b",
    _I,
)
_FUNDED = re.compile(
    r"\b(?:gefördert|finanziert|unterstützt|funded|financed|sponsored|supported|gefinancierd|"
    r"gesubsidieerd|gesponsord|financée?s?|subventionnée?s?|cofinancée?s?|soutenue?s?)\s+"
    r"(?:\w+\s+){0,3}?(?:von|vom|durch|by|door|par)\b|\b(?:Förderung|funding|grant|financiering|"
    r"subsidie|financement|subvention)\s+(?:\w+\s+){0,2}?(?:von|vom|der|des|from|of|van|door|de|du)\b",
    _I,
)


@dataclass
class _Sentence:
    start: int
    end: int
    mentions: list[Mention]
    excluded: list[Mention]


def kind_of(sentence: str) -> tuple[str, str, float] | None:
    """The kind of agreement a sentence speaks of, the cue that says so, and how strong it is.

    Examples
    --------
    >>> kind_of("Beide Häuser unterzeichneten eine Kooperationsvereinbarung.")[:2]
    ('CooperationAgreement', 'Kooperationsvereinbarung')
    >>> kind_of("They launched a double degree in data science.")[:2]
    ('JointDegreeProgramme', 'double degree')
    >>> kind_of("Le maire a visité le campus.") is None
    True
    """
    best = None
    for kind, pattern, strength in KIND_CUES:
        m = pattern.search(sentence)
        if m and (best is None or strength > best[2]):
            best = (kind, m.group(), strength)
    return best


def status_of(sentence: str, language: str | None, dates=(), published: str | None = None) -> tuple[str, list[str]]:
    """The status a sentence gives a fact, from tense and modality, and the cues that fired.

    Examples
    --------
    >>> status_of("Die Universität wird im Dezember eine Vereinbarung abschließen.", "de")[0]
    'planned'
    >>> status_of("La signature aura lieu le 5 décembre 2025.", "fr")[0]
    'announced'
    >>> status_of("The two universities signed an MoU on 3 May 2024.", "en")[0]
    'signed'
    >>> status_of("Het akkoord liep in 2019 af.", "nl")[0]
    'ended'
    >>> status_of("Die seit Juli 2023 bestehende Absichtserklärung", "de")[0]
    'active'
    """
    lang = language if language in _FUTURE else "en"
    reasons: list[str] = []
    if m := _ENDED.search(sentence):
        return "ended", [f"ended: {m.group()}"]
    future = re.search(_FUTURE[lang], sentence, _I)
    past = re.search(_PAST_AUX[lang], sentence, _I)
    signed = _SIGNED.search(sentence)
    scheduled = _SCHEDULED.search(sentence)
    later = [d for d in dates if published and d.value and d.precision == "day" and d.value > published[:10]]
    if future and (not past or past.start() > future.start() and not signed) or scheduled and not past:
        if scheduled or (later and signed):
            cue = scheduled.group() if scheduled else f"{signed.group()} … {later[0].text}"
            return "announced", [f"announced: {cue}"] + ([f"future: {future.group()}"] if future else [])
        return "planned", [f"planned: {future.group() if future else scheduled.group()}"]
    if signed:
        reasons.append(f"signed: {signed.group()}")
        return "signed", reasons
    if m := _EXISTS.search(sentence):
        return "active", [f"active: {m.group()}"]
    return "reported", ["no tense cue: reported"]


def _identity(m: Mention) -> str:
    return m.iri or fold(m.label or m.name)


def _split(text: str, start: int, end: int, mentions: list[Mention]) -> _Sentence:
    inside = [m for m in mentions if start <= m.start < end]
    sentence = text[start:end]
    excluded: list[Mention] = []
    for w in _WITNESS.finditer(sentence):
        clause_end = len(sentence)
        for stop in re.finditer(r"[,;:.()–—]|\b(?:und|and|en|et)\s+(?:die|der|das|the|de|het|le|la)\b", sentence[w.end() :]):
            # the witness clause ends at punctuation after the first name it holds
            if any(start + w.end() < m.start and m.end <= start + w.end() + stop.start() for m in inside):
                clause_end = w.end() + stop.start()
                break
        lo, hi = start + w.start(), start + clause_end
        excluded += [m for m in inside if lo <= m.start < hi]
    kept = [m for m in inside if m not in excluded]
    return _Sentence(start, end, kept, excluded)


_PART_OF = re.compile(r"^\s*,?\s*(?:van de|van het|van|of the|of|der|des|de la|de l['’]|du|at the|an der|am)\s*$", _I)


def _parties(mentions: list[Mention], *, alliances: bool = False, text: str | None = None) -> list[Mention]:
    """The distinct organisations among ``mentions``; with ``text``, an institution named only as the one
    a unit belongs to ("het ITEM van de Universiteit Maastricht") is not a party of its own."""
    parents = set()
    if text is not None:
        for a, b in zip(mentions, mentions[1:], strict=False):
            if _PART_OF.match(text[a.end : b.start]):
                parents.add(id(b))
    seen, out = set(), []
    for m in mentions:
        if id(m) in parents:
            continue
        if m.alliance != alliances:
            continue
        key = _identity(m)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


def _host(sents: list[_Sentence], title: str | None) -> Mention | None:
    counts: dict[str, list[Mention]] = {}
    for s in sents:
        for m in s.mentions:
            if not m.alliance:
                counts.setdefault(_identity(m), []).append(m)
    if not counts:
        return None
    ranked = sorted(counts.values(), key=lambda ms: (-len(ms), ms[0].start))
    return ranked[0][0] if len(ranked[0]) >= 2 else None


def _date_fields(found, sentence: str, status: str | None = None, published: str | None = None):
    """The fact's date, end date and the words, from the dates found in its sentence.

    An ended fact's only date is when it ended ("lief 2019 aus"), unless the text says it is a start
    ("seit 2015").
    """
    point = [d for d in found if d.value]
    if status == "ended" and len(point) == 1 and point[0].role != "since" and not point[0].end_value:
        only = point[0]
        return (
            None,
            only.value,
            only.text if only.relative else None,
            "relative" if only.relative else None,
            [f"ended: {only.text}"],
        )
    date = end_date = date_text = basis = None
    reasons = []
    if point:
        first = point[0]
        date = first.value
        end_date = first.end_value
        if first.relative:
            date_text, basis = first.text, "relative"
        reasons.append(f"date: {first.text}")
        until = [d for d in point[1:] if d.role == "until"]
        if until and not end_date:
            end_date = until[0].value
            reasons.append(f"end: {until[0].text}")
    elif found:
        date_text = found[0].text
        reasons.append(f"date not resolved: {found[0].text}")
    validity = validity_years(sentence)
    if validity and date and not end_date:
        end_date = add_years(date, validity[0])
        reasons.append(f"end from validity: {validity[1]}")
    return date, end_date, date_text, basis, reasons


def propose(reading: Reading, gazetteer: Gazetteer) -> Reading:
    """Fill ``reading.candidates`` with the facts its text states: agreements, memberships, funding.

    Examples
    --------
    >>> from collabgraph.ingest.model import Reading
    >>> g = Gazetteer()
    >>> text = ("Die Universität Ulm und das Universitätsklinikum Freiburg haben am 12. März 2025 "
    ...         "eine Kooperationsvereinbarung unterzeichnet, in Anwesenheit der Universität Basel.")
    >>> r = propose(Reading(source="p.txt", text=text, language="de", published="2025-03-14"), g)
    >>> [(c.kind, c.status, c.date, [p.name for p in c.parties]) for c in r.candidates]
    [('CooperationAgreement', 'signed', '2025-03-12', ['Universität Ulm', 'Universitätsklinikum Freiburg'])]
    >>> r = propose(Reading(source="p.txt", text="Die Präsidentin der Universität Ulm, Prof. Dr. Ute Schwarz, sprach.",
    ...                     language="de"), g)
    >>> [(c.kind, c.role, c.role_text, [p.name for p in c.parties]) for c in r.candidates]
    [('Post', 'Head', 'Präsidentin', ['Ute Schwarz', 'Universität Ulm'])]
    """
    text, language = reading.text, reading.language
    mentions = find_mentions(text, gazetteer, language=language)
    sents = [_split(text, a, b, mentions) for a, b in sentences(text, language)]
    host = _host(sents, reading.title)
    candidates: list[Candidate] = []
    previous: Candidate | None = None
    for i, s in enumerate(sents):
        sentence = text[s.start : s.end]
        found = [
            d
            for d in find_dates(sentence, language, reading.published)
            if (s.start + d.start, s.start + d.end) != reading.dateline_span
        ]
        if (
            previous is not None
            and previous.end == sents[i - 1].end
            and not _parties(s.mentions)
            and kind_of(sentence)
            and _continue(reading, previous, s, sentence, found)
        ):
            continue
        agreements = _agreement(reading, s, sentence, found, sents[max(0, i - 3) : i], host)
        previous = agreements[-1] if agreements else None
        candidates += agreements
        candidates += _memberships(reading, s, sentence, found, host, sents[max(0, i - 5) : i])
        candidates += _funding(reading, s, sentence, host)
        candidates += _posts(reading, s, sentence)
    reading.candidates = _merge(candidates)
    for c in reading.candidates:
        for p in c.parties:
            if p.new and p.type is None:
                p.type = _guess_type(p.name, p.role == "alliance")
    return reading


def _continue(reading: Reading, previous: Candidate, s: _Sentence, sentence: str, found) -> bool:
    """A sentence that goes on about the agreement the sentence before proposed ("Die seit Juli 2023
    bestehende Absichtserklärung …") extends that candidate's quote and adds what it says."""
    kind = kind_of(sentence)
    if kind is None or not (
        kind[0] == previous.kind or _anaphoric(sentence, kind[1]) or kind[0] == "Collaboration" and not _SIGNED.search(sentence)
    ):
        return False
    previous.end = s.end
    previous.quote = reading.text[previous.start : s.end]
    previous.reasons.append(f"continued: {kind[1]}")
    if previous.date is None:
        date, end_date, date_text, basis, reasons = _date_fields(found, sentence)
        if date:
            previous.date, previous.end_date, previous.date_text = date, end_date, date_text
            previous.date_basis = f"relative to the published date {reading.published}" if basis else None
            previous.reasons += reasons
    validity = validity_years(sentence)
    if validity and previous.date and not previous.end_date:
        previous.end_date = add_years(previous.date, validity[0])
        previous.reasons.append(f"end from validity: {validity[1]}")
    if previous.status == "reported":
        status, reasons = status_of(sentence, reading.language, found, reading.published)
        previous.status = status
        previous.reasons += reasons
    return True


def _candidate(
    reading: Reading,
    s: _Sentence,
    kind: str,
    status: str,
    parties: list[Party],
    confidence: float,
    reasons: list[str],
    dates=None,
    role: str | None = None,
) -> Candidate:
    quote = reading.text[s.start : s.end]
    date, end_date, date_text, basis, date_reasons = dates or (None, None, None, None, [])
    if basis == "relative":
        basis = f"relative to the published date {reading.published} ({reading.published_basis or 'given'})"
    return Candidate(
        id=candidate_id(reading.source, kind + "|" + "|".join(p.name for p in parties), s.start, s.end),
        kind=kind,
        status=status,
        quote=quote,
        start=s.start,
        end=s.end,
        date=date,
        end_date=end_date,
        date_text=date_text,
        date_basis=basis,
        parties=parties,
        confidence=round(min(confidence, 0.95), 2),
        reasons=reasons + date_reasons,
        role=role,
    )


_ANAPHOR = re.compile(
    r"\b(?:the|this|that|these|die|der|das|dem|den|des|diese[rsnm]?|de|het|deze|dit|dat|"
    r"l['’]|le|la|les|cette|cet|ce|ces|du|under the|im Rahmen de[rs]|dans le cadre d[ue]|"
    r"in het kader van)\s*(?:\w+\s+){0,2}$",
    _I,
)
_INDEFINITE = re.compile(
    r"\b(?:a|an|ein\w*|een|un|une|neue[nrs]?|new|nieuwe?|nouvel\w*|weitere[nrs]?|"
    r"another|other)\s+(?:\w+\s+){0,2}$",
    _I,
)
_PARTNER_PREPOSITION = re.compile(r"\b(?:mit|with|met|avec|zwischen|between|tussen|entre)\b", _I)
_COUNT = {
    "beide": 2,
    "beiden": 2,
    "both": 2,
    "two": 2,
    "twee": 2,
    "deux": 2,
    "drei": 3,
    "three": 3,
    "drie": 3,
    "trois": 3,
    "vier": 4,
    "four": 4,
    "quatre": 4,
}
_GROUP = re.compile(
    r"\b(beide[n]?|both|(?:the|die|de|les) (?:two|beiden|twee|deux|three|drei|drie|trois|four|vier|"
    r"quatre))\b(?!\s+(?:of|van|von|de|d['’])\b)",
    _I,
)


def _anaphoric(sentence: str, cue_text: str) -> bool:
    """The kind cue refers back to a fact already stated ("the agreement", "dieses MoU", "l'accord")."""
    at = sentence.find(cue_text)
    before = sentence[max(0, at - 40) : at] if at >= 0 else ""
    return bool(_ANAPHOR.search(before)) and not _INDEFINITE.search(before)


def _earlier(before: list[_Sentence], exclude: set[str]) -> list[Mention]:
    """Institutions named before, most recent first, once each."""
    out, seen = [], set(exclude)
    for b in reversed(before):
        for m in reversed(b.mentions):
            if not m.alliance and _identity(m) not in seen:
                seen.add(_identity(m))
                out.append(m)
    return out


def _complete(sentence: str, parties: list[Mention], before: list[_Sentence], host: Mention | None, reasons: list[str]) -> float:
    """Add the parties a sentence names without a name: "beide Kliniken", "die Hochschule", "wir", an
    implicit subject ("Für 2024 plant die Hochschule ein MoU mit dem UKM"). Returns the confidence cost."""
    cost = 0.0
    have = {_identity(p) for p in parties}
    if m := _GROUP.search(sentence):
        count = _COUNT.get(fold(m.group(1).split()[-1]), 2)
        earlier = _earlier(before, set())
        group = earlier[:count] if len(earlier) >= count else []
        added = [g for g in group if _identity(g) not in have]
        if added:
            parties[:0] = added
            have |= {_identity(g) for g in added}
            reasons.append(f"'{m.group()}' → " + ", ".join(g.label or g.name for g in group))
            cost += 0.1
    for pattern, types in _DEFINITE:
        m = pattern.search(sentence)
        if not m:
            continue
        target = host if host is not None and (_type_in(host, types) or not host.iri) else None
        if target is None:
            target = next((x for x in _earlier(before, have) if _type_in(x, types)), None)
        if target is not None and _identity(target) not in have:
            parties.insert(0, target)
            have.add(_identity(target))
            reasons.append(f"'{m.group()}' → {target.label or target.name}")
            cost += 0.1
    if (
        host is not None
        and _identity(host) not in have
        and (_FIRST_PERSON.search(sentence) or len(parties) < 2 and _PARTNER_PREPOSITION.search(sentence))
    ):
        parties.insert(0, host)
        reasons.append(
            f"{'first person' if _FIRST_PERSON.search(sentence) else 'implicit subject'} → "
            f"{host.label or host.name} (the page's institution)"
        )
        cost += 0.15
    return cost


def _agreement(reading, s: _Sentence, sentence: str, found, before: list[_Sentence], host) -> list[Candidate]:
    cue = kind_of(sentence)
    if cue is None:
        return []
    kind, cue_text, strength = cue
    reasons = [f"kind: {cue_text}"]
    parties = _parties(s.mentions, text=reading.text)
    if verb := _FUNDING_VERB.search(sentence):
        funder, _ = _funder(sentence, s, verb)
        if funder is not None:
            parties = [p for p in parties if _identity(p) != _identity(funder)]
            reasons.append(f"{funder.name} funds it: not a party")
    if len(parties) < len(_parties(s.mentions)) and not verb:
        reasons.append("an institution named as the one a unit belongs to is not a party of its own")
    anaphoric = _anaphoric(sentence, cue_text)
    if anaphoric and len(parties) < 2:
        return []  # "Under the agreement, …": more about a fact stated before, not a new one
    if s.excluded:
        reasons.append("not parties (witness/support): " + ", ".join(m.name for m in s.excluded))
    confidence = 0.3 + 0.3 * strength
    if len(parties) < 2 or _GROUP.search(sentence) or _FIRST_PERSON.search(sentence):
        confidence -= _complete(sentence, parties, before, host, reasons)
    if not parties or (len(parties) < 2 and strength < 1.0):
        return []
    if len(parties) < 2:
        reasons.append("only one party found: add the other in review")
        confidence -= 0.3
    status, status_reasons = status_of(sentence, reading.language, found, reading.published)
    if kind == "Collaboration" and status == "reported":
        return []  # "collaboration" without a verb of agreeing or existing is talk, not a fact
    if (hedge := _HOPE.search(sentence)) and status in ("planned", "reported"):
        reasons.append(f"hedged: {hedge.group()}")
        confidence -= 0.3
        if kind == "Collaboration":
            return []
    if status != "reported":
        confidence += 0.15
    dates = _date_fields(found, sentence, status, reading.published)
    if dates[0] or dates[1]:
        confidence += 0.1
    if dates[1] and reading.published and dates[1] < reading.published[: len(dates[1])] and status in ("active", "reported"):
        status, status_reasons = "ended", status_reasons + [f"ended: the end date {dates[1]} is before the page's date"]
    if anaphoric:
        reasons.append(f"refers back: {cue_text}")
    groups = _one_per_partner(sentence, s, cue_text, parties)
    if len(groups) > 1:
        reasons.append(f"'{cue_text}' (plural) with several partners: one agreement with each")
    return [
        _candidate(reading, s, kind, status, [p.party("party") for p in group], confidence, list(reasons + status_reasons), dates)
        for group in groups
    ]


_PLURAL_CUE = re.compile(
    r"(?:vereinbarungen|verträge|abkommen|agreements|overeenkomsten|akkoorden|accords|conventions|"
    r"MoUs|memoranda|verklaringen|protocoles)$",
    _I,
)


def _one_per_partner(sentence: str, s: _Sentence, cue_text: str, parties: list[Mention]) -> list[list[Mention]]:
    """ "Eine Reihe neuer Kooperationsvereinbarungen mit der UCA und dem CHU": agreements in the plural between
    one institution and several partners are one agreement with each partner."""
    if not _PLURAL_CUE.search(cue_text) or len(parties) < 3:
        return [parties]
    prep = _PARTNER_PREPOSITION.search(sentence)
    if prep is None or prep.group().lower() in ("zwischen", "between", "tussen", "entre"):
        return [parties]
    at = s.start + prep.start()
    subject = [p for p in parties if p.start < at]
    partners = [p for p in parties if p.start >= at]
    if len(subject) != 1 or len(partners) < 2:
        return [parties]
    return [[subject[0], partner] for partner in partners]


def _type_in(m: Mention, types: set[str]) -> bool:
    return _guess_type(m.label or m.name, False) in types


def _memberships(reading, s: _Sentence, sentence: str, found, host, before: list[_Sentence]) -> list[Candidate]:
    alliances = _parties(s.mentions, alliances=True)
    cue = _MEMBER.search(sentence) or _COORDINATOR.search(sentence) or _FOUNDER.search(sentence)
    if not cue:
        return []
    reasons = [f"membership: {cue.group()}"]
    if not alliances and (ref := _THE_ALLIANCE.search(sentence)):
        earlier = [m for b in reversed(before) for m in reversed(b.mentions) if m.alliance]
        if earlier:
            alliances = [earlier[0]]
            reasons.append(f"'{ref.group()}' → {earlier[0].label or earlier[0].name}")
    if not alliances:
        # "X is a member of Universitas 21": what one is a member of is a group, whatever its name says
        after = sentence[cue.end() :]
        lead = re.match(r"\s*(?:of|der|des|van|de|du|in|im|bei|von)?\s*(?:the|het|de|la|l['’]|dem|den)?\s*", after)
        at = s.start + cue.end() + (lead.end() if lead else 0)
        group = next((m for m in s.mentions if m.start == at), None)
        if group is not None and _MEMBER.search(cue.group()):
            group.alliance = True
            alliances = [group]
            reasons.append(f"member of → {group.name} is a group")
    if not alliances:
        return []
    members = _parties(s.mentions)
    if not members and (group := _GROUP.search(sentence)):
        count = _COUNT.get(fold(group.group(1).split()[-1]), 2)
        earlier = _earlier(before, set())
        if len(earlier) >= count:
            members = earlier[:count]
            reasons.append(f"'{group.group()}' → " + ", ".join(m.label or m.name for m in members))
    if not members and host is not None and _WE.search(sentence):
        members = [host]
        reasons.append(f"first person → {host.label or host.name}")
    if not members:
        return []
    role = "Member"
    if _COORDINATOR.search(sentence):
        role, reasons = "Coordinator", reasons + [f"role: {_COORDINATOR.search(sentence).group()}"]
    elif _FOUNDER.search(sentence):
        role, reasons = "Founder", reasons + [f"role: {_FOUNDER.search(sentence).group()}"]
    lang = reading.language if reading.language in _FUTURE else "en"
    if m := _LEFT.search(sentence):
        status, reasons = "ended", reasons + [f"left: {m.group()}"]
    elif (f := re.search(_FUTURE[lang], sentence, _I)) and not re.search(_PAST_AUX[lang], sentence, _I):
        status, reasons = "planned", reasons + [f"planned: {f.group()}"]
    else:
        status = "active"
    dates = _date_fields(found, sentence)
    pairs = [(members[0], a) for a in alliances] if len(members) == 1 else [(m, alliances[0]) for m in members]
    out = []
    for member, alliance in pairs:
        confidence = 0.55 + (0.15 if member.iri else 0) + (0.1 if alliance.iri else 0)
        parties = [member.party("member"), alliance.party("alliance", "Alliance")]
        out.append(_candidate(reading, s, "Membership", status, parties, confidence, list(reasons), dates, role))
    return out


_FUNDING_VERB = re.compile(
    r"\b(?:gefördert|fördert|fördern|finanziert|finanzieren|unterstützt|funded|funds|fund|"
    r"financed|finances|sponsored|sponsors|supported|supports|gefinancierd|financiert|financieren|"
    r"gesubsidieerd|subsidieert|gesponsord|financée?s?|finance|financent|subventionnée?s?|"
    r"subventionne|cofinancée?s?|soutenue?s?|soutient)\b",
    _I,
)
_BY = re.compile(r"\b(?:von|vom|durch|by|door|par|with (?:a )?(?:grant|funding) from|mit Mitteln (?:der|des|von))\s*$", _I)
_GRANT_NOUN = re.compile(
    r"\b(?:Förderung|Fördermittel\w*|funding|grant|financiering|subsidie|financement|subvention)\s+"
    r"(?:\w+\s+){0,2}?(?:von|vom|der|des|from|of|van|door|de|du)\s*$",
    _I,
)


def _funder(sentence: str, s: _Sentence, verb) -> tuple[Mention | None, str]:
    """Who funds: the organisation after "by/von/door/par" (passive, or a grant noun), else the one
    right before an active verb ("ZonMw finances …")."""
    orgs = _parties(s.mentions) + _parties(s.mentions, alliances=True)
    for m in sorted(orgs, key=lambda m: m.start):
        before = sentence[: m.start - s.start]
        lead = re.sub(r"\s*(?:(?:der|die|das|dem|den|the|de|het|la|le|les|l['’]|du|des)\s+)+$", " ", before)
        if _BY.search(lead.rstrip() + " ") or _BY.search(lead) or _GRANT_NOUN.search(lead):
            return m, "by"
    active = [m for m in orgs if m.end - s.start <= verb.start() and not sentence[m.end - s.start : verb.start()].strip()]
    if active and verb.group().lower() not in (
        "gefördert",
        "funded",
        "financed",
        "sponsored",
        "supported",
        "gefinancierd",
        "gesubsidieerd",
        "gesponsord",
    ):
        return active[-1], "active"
    return None, ""


def _funding(reading, s: _Sentence, sentence: str, host) -> list[Candidate]:
    verb = _FUNDING_VERB.search(sentence) or _GRANT_NOUN.search(sentence)
    if not verb:
        return []
    funder, how = _funder(sentence, s, verb)
    if funder is None:
        return []
    orgs = [m for m in _parties(s.mentions) if _identity(m) != _identity(funder)]
    reasons = [f"funding: {verb.group().strip()} ({'funder after by/von/door/par' if how == 'by' else 'active verb'})"]
    recipients = orgs
    if not recipients and host is not None and _identity(host) != _identity(funder):
        recipients = [host]
        reasons.append(f"recipient not named: the page's institution, {host.label or host.name}")
    if not recipients:
        return []
    parties = [funder.party("funder", "Funder")] + [r.party("recipient") for r in recipients]
    return [
        _candidate(
            reading,
            s,
            "Grant",
            "reported",
            parties,
            0.6 if recipients is orgs else 0.45,
            reasons,
            _date_fields(find_dates(sentence, reading.language, reading.published), sentence),
        )
    ]


_ROLE_WORDS = (
    r"(?:Vize|Pro|Vice-?|vice-|Co-?)?(?:Rektor|Präsident|Dekan|Direktor|Vorstandsvorsitzende|Vorsitzende|"
    r"Geschäftsführer|Leiter|Koordinator|Kanzler|Sprecher)(?:in|r|s)?|Ärztliche[rn]? Direktor(?:in)?|"
    r"(?:Vice[- ])?(?:President|Chancellor|Rector|Dean|Provost)|(?:General |Executive |Managing )?Director"
    r"(?:[- ]General)?|Chair(?:man|woman|person)?|CEO|Head|Secretary[- ]General|Coordinator|"
    r"rector magnificus|rector|voorzitter(?: van de raad van bestuur)?|bestuursvoorzitter|decaan|directeur|"
    r"(?:vice-)?présidente?|doyen(?:ne)?|directrice|(?:vice-)?rect(?:eur|rice)|coordinat(?:eur|rice)|"
    r"Minister(?:in)?|ministre|minister"
)
_HONORIFIC = r"(?:(?:Prof|Dr|Assoc|Associate|Professor|Professorin|Mr|Mrs|Ms|M|Mme|Herr|Frau|dhr|mevr|ir|drs|prof|dr)\.?\s+)"
_PERSON = rf"{_HONORIFIC}*([A-ZÀ-Þ][a-zß-ÿ'’-]+(?:\s+(?:van der|van den|van|de|von|da|di|[A-ZÀ-Þ][a-zß-ÿ'’-]+)){{1,3}})"
_POST_AFTER = re.compile(rf"{_PERSON},\s+({_ROLE_WORDS})\b[^,.;:]{{0,80}}?$")
_POST_BEFORE = re.compile(rf"\b({_ROLE_WORDS})\s+(?:der|des|of the|of|van de|van het|van|de la|de l['’]|du|de)\s*$")
_POST_FOLLOWS = re.compile(rf"^\s*,?\s*{_PERSON}")
_POST_COMPOUND = re.compile(rf"^-({_ROLE_WORDS})\s+{_PERSON}")


def _posts(reading, s: _Sentence, sentence: str) -> list[Candidate]:
    """People in roles: "Prof. Dr. Ute Schwarzkopf, Präsidentin der FH Münster", "die Präsidentin der FH
    Münster, Prof. Dr. Ute Schwarzkopf", "TUM-Vizepräsidentin Prof. Dr. Claudia Roth-Lindner"."""
    out = []
    for m in _parties(s.mentions) + _parties(s.mentions, alliances=True):
        rel_start, rel_end = m.start - s.start, m.end - s.start
        person = role = None
        if hit := _POST_AFTER.search(sentence[:rel_start]):
            person, role = hit.group(1), hit.group(2)
        elif (hit := _POST_BEFORE.search(sentence[:rel_start])) and (who := _POST_FOLLOWS.match(sentence[rel_end:])):
            person, role = who.group(1), hit.group(1)
        elif hit := _POST_COMPOUND.match(sentence[rel_end:]):
            person, role = hit.group(2), hit.group(1)
        if not person or fold(person) in world_places():
            continue
        parties = [Party(name=person, new=True, role="person", type="Person"), m.party("organisation")]
        post = _candidate(reading, s, "Post", "active", parties, 0.6, [f"post: {role}"], role=org_role(role))
        post.role_text = role
        out.append(post)
    return out


_ORG_ROLES = [  # (pattern over the role as written, org:Role local name); first match wins
    (r"minist", "Minister"),
    (r"\brekt|\brector|\brecteur|\brectrice", "Rector"),
    (r"vorsitz|chair|voorzitter", "Chair"),
    (r"koordin|coordin|coördin", "Coordinator"),
    (r"direkt|direct|geschäftsführ|ceo|managing", "Director"),
    (r"^(?:vize|vice|pro|co-)", "StaffMember"),
    (
        r"präsident|president|présiden|dekan|dean|decaan|doyen|leiter|head|kanzler|chancellor|provost|sprecher|"
        r"secretary",
        "Head",
    ),
]


def org_role(written: str | None) -> str | None:
    """The ontology's ``org:Role`` for a role as a text words it; None when none fits.

    Examples
    --------
    >>> org_role("Präsidentin"), org_role("rector magnificus"), org_role("General Director"), org_role("Vizepräsidentin")
    ('Head', 'Rector', 'Director', 'StaffMember')
    """
    if not written:
        return None
    from collabgraph.ingest.review import post_roles

    known = post_roles().get(written.strip().casefold())
    if known:
        return known
    folded = written.casefold()
    return next((role for pattern, role in _ORG_ROLES if re.search(pattern, folded)), "StaffMember")


def _merge(candidates: list[Candidate]) -> list[Candidate]:
    """One candidate per fact: the same kind and parties stated twice (a heading, then the body)
    keep the statement that says most (a status verb, a date), and name the other in ``reasons``."""
    out: list[Candidate] = []
    for c in candidates:
        twin = next((o for o in out if _same_fact(o, c)), None)
        if twin is None:
            out.append(c)
            continue
        keep, drop = (c, twin) if _informative(c) > _informative(twin) else (twin, c)
        if keep is c:
            out[out.index(twin)] = c
        keep.reasons.append(f"also stated at {drop.start}–{drop.end}")
    return sorted(out, key=lambda c: (c.start, c.kind))


def _party_keys(c: Candidate) -> set[str]:
    return {p.iri or fold(p.label or p.name) for p in c.parties}


def _same_fact(a: Candidate, b: Candidate) -> bool:
    return (
        _party_keys(a) == _party_keys(b)
        and a.role == b.role
        and (a.kind == b.kind or "Collaboration" in (a.kind, b.kind) and "Membership" not in (a.kind, b.kind))
        and (a.status == b.status or "reported" in (a.status, b.status))
    )


def _informative(c: Candidate) -> tuple:
    return (c.kind != "Collaboration", c.status != "reported", c.date is not None, c.confidence, -c.start)
