"""Tables of agreements (CSV or XLSX) read as candidate facts, one per row, each row its own quote.

:func:`read_table` reads a table whose columns the caller names (parties, kind, date, status,
end date), and proposes one :class:`~collabgraph.ingest.model.Candidate` per row: its quote is
the row's line of :func:`table_text`, verbatim, with its offsets, so ``collabgraph accept``
verifies it against the same text as any page. :func:`table_text` is what ``read_document``
returns as the text of a ``.csv``/``.tsv``/``.xlsx`` file: a CSV's content decoded (UTF-8,
else Windows-1252), an XLSX's first worksheet as one line per row, cells joined by tabs.

What is hand-written, and why:

- **Row offsets**: the csv module does not say where a record is in the text, so the text is
  cut into physical lines here and fed to ``csv.reader`` one at a time; the lines a record
  consumed are its span (a quoted cell may hold line breaks).
- **The delimiter** is chosen by parsing the first rows with each of ``, ; TAB |`` and keeping
  the one whose header has the named columns and whose rows agree with the header in length:
  ``csv.Sniffer`` picks ``;`` for a comma table whose party cells are separated by ``;``.
- **Kind and status words** in German, Dutch, English and French: a small vocabulary of
  collabgraph's kinds and statuses (from the ontology's labels and the words institutions use
  in their lists: "Kooperationsvertrag", "samenwerkingsovereenkomst", "accord-cadre", "MoU");
  the longest word found in a cell decides (a compound such as "Forschungskooperationsvertrag"
  holds "kooperationsvertrag"), a negated status ("nicht unterzeichnet") decides nothing.
- **Dates** in the forms tables use (``2023``, ``07/2023``, ``01.07.2023``, ``Juli 2023``,
  ``1 juillet 2023``, an Excel date), kept as precise as the cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import functools
import io
import re
import unicodedata
from dataclasses import replace
from itertools import islice
from pathlib import Path

from collabgraph.dates import parse_partial_date
from collabgraph.errors import BadDate, TableError
from collabgraph.ingest.model import Candidate, Party, Reading, candidate_id, sha256_of

__all__ = ["read_table", "table_text", "kind_of", "status_of", "table_date", "TABLE_SUFFIXES"]

#: File suffixes read as tables.
TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm")
_XLSX = (".xlsx", ".xlsm")
_DELIMITERS = (",", ";", "\t", "|")

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


# ---------------------------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


_CELL_SPACE = re.compile(r"[\t\n\r\x0b\x0c\x1c-\x1f\x85\u2028\u2029]+")


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _CELL_SPACE.sub(" ", str(value)).strip()


def _xlsx_lines(path: Path) -> list[str]:
    try:
        import openpyxl

        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zip, XML and its own errors for a file that is not a workbook
        raise TableError(path, f"not an XLSX workbook ({type(exc).__name__}: {exc})") from None
    try:
        if not workbook.worksheets:
            raise TableError(path, "the workbook has no worksheet")
        lines = []
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            cells = [_cell_text(v) for v in row]
            while cells and not cells[-1]:
                cells.pop()
            lines.append("\t".join(cells))
    finally:
        workbook.close()
    while lines and not lines[-1]:
        lines.pop()
    return lines


def table_text(path: Path | str) -> str:
    """The text of a table, as ingest reads it and accept verifies quotes against.

    A CSV or TSV: the file decoded (UTF-8, a byte-order mark dropped; else Windows-1252). An
    XLSX: the first worksheet, one line per row (cells joined by tabs, trailing empty cells
    dropped; a cell's own tabs and line breaks as spaces; dates as ``YYYY-MM-DD``).
    ``read_document`` returns this as the text of such files.

    Raises
    ------
    TableError
        An XLSX file that is not a workbook.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> table = pathlib.Path(tempfile.mkdtemp()) / "partners.csv"
    >>> _ = table.write_bytes("Partner;Art\\r\\nUniversität Münster;MoU\\r\\n".encode("utf-8-sig"))
    >>> table_text(table)
    'Partner;Art\\r\\nUniversität Münster;MoU\\r\\n'
    """
    path = Path(path)
    if path.suffix.lower() in _XLSX:
        lines = _xlsx_lines(path)
        return "\n".join(lines) + ("\n" if lines else "")
    return _decode(path.read_bytes())


# ---------------------------------------------------------------------------------------------
# Rows
# ---------------------------------------------------------------------------------------------


def _line_spans(text: str) -> list[tuple[int, int, int]]:
    """Each physical line: (start, end without its line break, end with it)."""
    spans, pos = [], 0
    for m in re.finditer(r"\r\n|\r|\n", text):
        spans.append((pos, m.start(), m.end()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text), len(text)))
    return spans


def _csv_rows(text: str, delimiter: str) -> list[tuple[list[str], int, int, int]]:
    """Records of a CSV text with their spans: (cells, start, end, line number)."""
    spans = _line_spans(text)
    consumed = 0

    def lines():
        nonlocal consumed
        for start, _, stop in spans:
            consumed += 1
            yield text[start:stop]

    rows, done = [], 0
    for cells in csv.reader(lines(), delimiter=delimiter):  # csv.Error for a broken record
        first, last, done = done, consumed - 1, consumed
        if any(c.strip() for c in cells):
            rows.append((cells, spans[first][0], spans[last][1], first + 1))
    return rows


def _xlsx_rows(text: str) -> list[tuple[list[str], int, int, int]]:
    rows = []
    for number, (start, end, _) in enumerate(_line_spans(text), 1):
        line = text[start:end]
        if line.strip():
            rows.append((line.split("\t"), start, end, number))
    return rows


def _key(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().casefold()


def _columns(wanted: list[str], header: list[str]) -> list[str | None]:
    index = {_key(h): h for h in header}
    return [index.get(_key(w)) for w in wanted]


def _choose_delimiter(text: str, wanted: list[str]) -> str:
    best, best_score = ",", None
    for delimiter in _DELIMITERS:
        try:
            sample = [
                r for r in islice(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 50) if any(c.strip() for c in r)
            ]
        except csv.Error:
            continue
        if not sample:
            continue
        header = sample[0]
        found = sum(c is not None for c in _columns(wanted, header))
        agree = sum(len(r) == len(header) for r in sample[1:])
        score = (found, len(header) > 1, agree, len(header))
        if best_score is None or score > best_score:
            best, best_score = delimiter, score
    return best


def _cell(cells: list[str], columns: dict[str, str], position: dict[str, int], name: str | None) -> str:
    """The stripped cell of the column the caller named ``name`` ("" when none or missing)."""
    if not name:
        return ""
    i = position[columns[name]]
    return cells[i].strip() if i < len(cells) else ""


def read_table(
    path: Path | str,
    *,
    parties: str,
    kind: str | None = None,
    date: str | None = None,
    status: str | None = None,
    end_date: str | None = None,
    url: str | None = None,
    separator: str = ";",
    gazetteer=None,
    language: str | None = None,
    published: str | None = None,
) -> Reading:
    """Read a table of agreements (CSV, TSV or XLSX): one candidate per row, its line as the quote.

    Parameters
    ----------
    path : Path or str
        The table. A CSV's delimiter (``, ; TAB |``) is found from its header and rows.
    parties : str
        The column of the parties (several names in a cell separated by ``separator``); several
        columns separated by commas (``"Partner 1,Partner 2"``) when no column has that name.
    kind, date, status, end_date : str, optional
        The columns of the agreement's kind (words in German, Dutch, English or French, see
        :func:`kind_of`; without a column, or a word not understood, ``Agreement``), its date
        (:func:`table_date`), its status (:func:`status_of`; ``signed`` only where the cell says
        so, else ``reported``) and its end date.
    url : str, optional
        Where the table was published (the source's URL).
    separator : str
        What separates several parties in one cell.
    gazetteer : optional
        A :class:`collabgraph.ingest.gazetteer.Gazetteer`: each party name is matched with
        ``gazetteer.match(name)``. Without one, parties are left unreconciled (the review then
        proposes ``accept: no``).
    language : str, optional
        The table's language; default: the language of the kind and status words, where they
        agree on one.
    published : str, optional
        When the table was published (``YYYY[-MM[-DD]]``).

    Returns
    -------
    Reading
        ``text`` is :func:`table_text`; each candidate's ``quote`` is ``text[start:end]``.

    Raises
    ------
    TableError
        A column that is not in the header (with close matches, and the header's line), no
        header, or a file that is not a table.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> table = pathlib.Path(tempfile.mkdtemp()) / "partners.csv"
    >>> _ = table.write_text("Partner,Art,Datum,Status\\n"
    ...                      "Universität Münster; Universiteit Twente,Kooperationsvertrag,01.07.2023,unterzeichnet\\n",
    ...                      encoding="utf-8")
    >>> reading = read_table(table, parties="Partner", kind="Art", date="Datum", status="Status")
    >>> c = reading.candidates[0]
    >>> c.kind, c.status, c.date, [p.name for p in c.parties], reading.language
    ('CooperationAgreement', 'signed', '2023-07-01', ['Universität Münster', 'Universiteit Twente'], 'de')
    >>> reading.text[c.start:c.end] == c.quote
    True
    >>> read_table(table, parties="Partners")
    Traceback (most recent call last):
    ...
    collabgraph.errors.TableError: .../partners.csv:1: no column 'Partners'; did you mean: Partner? (columns: ...)
    """
    path = Path(path)
    if not path.is_file():
        raise TableError(path, "no such file")
    text = table_text(path)
    party_columns = [parties]
    named = {"kind": kind, "date": date, "status": status, "end_date": end_date}
    wanted = [parties] + [c for c in named.values() if c]
    if path.suffix.lower() in _XLSX:
        rows = _xlsx_rows(text)
    else:
        delimiter = "\t" if path.suffix.lower() == ".tsv" else _choose_delimiter(text, wanted + parties.split(","))
        try:
            rows = _csv_rows(text, delimiter)
        except csv.Error as exc:
            raise TableError(path, f"not a CSV table: {exc}") from None
    if not rows:
        raise TableError(path, "no header row: the table is empty")
    header, _, _, header_line = rows[0]
    header = [h.strip() for h in header]
    if _columns([parties], header)[0] is None and "," in parties:
        party_columns = [p.strip() for p in parties.split(",") if p.strip()]
    columns: dict[str, str] = {}
    for name in [*party_columns, *(v for v in named.values() if v)]:
        found = _columns([name], header)[0]
        if found is None:
            close = (
                difflib.get_close_matches(name, header, n=3, cutoff=0.5)
                or [h for h in header if _key(name) in _key(h) or _key(h) in _key(name)][:3]
            )
            hint = f"; did you mean: {', '.join(close)}?" if close else ""
            raise TableError(path, f"no column {name!r}{hint} (columns: {', '.join(header)})", line=header_line)
        columns[name] = found
    position = {h: i for i, h in reversed(list(enumerate(header)))}
    votes: dict[str, int] = {}
    candidates = []
    source = path.name
    for cells, start, end, line in rows[1:]:
        cell = functools.partial(_cell, cells, columns, position)
        quote = text[start:end]
        reasons = [f"table row on line {line}"]
        confidence = 0.9
        names = []
        for column in party_columns:
            names += [n.strip() for n in cell(column).split(separator) if n.strip()]
        if not names:
            continue
        party_list, cursor = [], 0
        for name in dict.fromkeys(names):
            at = quote.find(name, cursor)
            offsets = (start + at, start + at + len(name)) if at >= 0 else (None, None)
            if at >= 0:
                cursor = at + len(name)
            party = gazetteer.match(name) if gazetteer is not None else Party(name=name)
            party_list.append(replace(party, name=name, role="party", start=offsets[0], end=offsets[1]))
        if len(party_list) < 2:
            confidence -= 0.4
            reasons.append("one party only: add the other (often the institution publishing the table) in review")
        found_kind = kind_of(cell(kind)) if kind and cell(kind) else None
        if found_kind:
            the_kind = found_kind[0]
            reasons.append(f"kind {cell(kind)!r} → {the_kind}")
            if found_kind[1]:
                votes[found_kind[1]] = votes.get(found_kind[1], 0) + 1
        else:
            the_kind = "Agreement"
            if kind and cell(kind):
                confidence -= 0.4
                reasons.append(f"kind {cell(kind)!r} not understood: Agreement")
            else:
                reasons.append("no kind given: Agreement")
        the_status = "reported"
        if status and cell(status):
            found_status = status_of(cell(status))
            if found_status:
                the_status = found_status[0]
                reasons.append(f"status {cell(status)!r} → {the_status}")
                if found_status[1]:
                    votes[found_status[1]] = votes.get(found_status[1], 0) + 1
            else:
                reasons.append(f"status {cell(status)!r} not understood: reported")
        dates, date_text = {}, None
        for what, column in (("date", date), ("end_date", end_date)):
            raw = cell(column)
            if raw:
                dates[what] = table_date(raw)
                if dates[what] is None:
                    confidence -= 0.1
                    reasons.append(f"{what.replace('_', ' ')} {raw!r} not understood")
                    if what == "date":
                        date_text = raw
        candidates.append(
            Candidate(
                id=candidate_id(source, the_kind, start, end),
                kind=the_kind,
                status=the_status,
                quote=quote,
                start=start,
                end=end,
                date=dates.get("date"),
                end_date=dates.get("end_date"),
                date_text=date_text,
                parties=party_list,
                confidence=round(max(confidence, 0.0), 2),
                reasons=reasons,
            )
        )
    if language is None and len(votes) == 1:
        language = next(iter(votes))
    news: dict[str, Party] = {}
    for c in candidates:
        for p in c.parties:
            if p.new:
                news.setdefault(p.label or p.name, p)
    return Reading(
        source=source,
        text=text,
        language=language,
        published=published,
        path=str(path),
        sha256=sha256_of(path.read_bytes()),
        url=url,
        title=None,
        candidates=candidates,
        new_institutions=list(news.values()),
    )
