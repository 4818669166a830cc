"""Cue words per language (de/nl/en/fr): the kind of agreement a sentence speaks of, and the status its tense and modality give.

:data:`KIND_CUES` and :func:`kind_of` find the kind of agreement; :func:`status_of` the
status, from tense and modality: a plan ("wird … abschließen", "will sign", "zijn van plan te
ondertekenen", "compte signer") is never a signed agreement, and a scheduled signing ("la
signature aura lieu le …") is announced. The other patterns are the cues the proposers share:
witnesses, first person, definite descriptions, memberships and their roles, funding. The
lexicons are hand-written, small and visible on purpose: a curator can read why a candidate
was proposed (``reasons`` names every cue that fired), and no pip-installable model we could
find covers agreement kinds and modality in these four languages offline.
"""

from __future__ import annotations

import re

__all__ = ["KIND_CUES", "kind_of", "status_of"]

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
        if scheduled:
            cue = scheduled.group()
        elif later and signed:
            cue = f"{signed.group()} … {later[0].text}"
        else:
            assert future is not None  # without a scheduled signing, only a future cue leads here
            return "planned", [f"planned: {future.group()}"]
        return "announced", [f"announced: {cue}"] + ([f"future: {future.group()}"] if future else [])
    if signed:
        reasons.append(f"signed: {signed.group()}")
        return "signed", reasons
    if m := _EXISTS.search(sentence):
        return "active", [f"active: {m.group()}"]
    return "reported", ["no tense cue: reported"]
